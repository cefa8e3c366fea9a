"""How much reading a workbook costs over a bare calamine read of the same file.

    python benchmarks/read.py [--files 200] [--rows 100] [--repeat 3]

Writes FILES filled templates of ROWS actions each (write_template with actions), then times, per
file, `read_workbook` (pre-flight check, metadata, cover, column mapping, typed values, DataFrames,
findings) against the floor: python-calamine opening the same file and reading the action sheet
with to_python(). Prints the median per file of each and its ratio to the floor, with and without
the pre-flight check (which reads every byte of the zip before any parser may), and of what a
consolidation worker does per file (submission.examine: read, check, started rows, SHA-256); the
target is read_workbook within 2x. Times are CPU time (process_time), each file's best of REPEAT
passes, the contenders interleaved file by file, so that a machine shared with other work disturbs
them less.

The reader remembers what workbooks of one template share (the column mapping, the parts
the pre-flight check judged sound or inflated, compared byte for byte), as it does in a
consolidation of many submissions. The pre-flight check keeps the last file's parts, so a
contender that checks a file right after another contender read it would find that file's
own parts remembered, which no consolidation does: the pre-flight check alone and examine
are timed after an untimed check of another file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

import python_calamine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from actionbook.consolidation import submission
from actionbook.plan import default_plan
from actionbook.read.reader import read_checked, read_workbook, refuse_unsafe
from actionbook.safety.preflight import preflight
from actionbook.schema import layout
from actionbook.template.workbook import write_template

AS_OF = dt.date(2027, 9, 30)
GOALS = ("G1", "G2", "G3", "G4", "G5", "G6")
STATUSES = ("Not started", "In progress", "Completed", "Delayed")


def action(n: int) -> dict:
    """A realistic filled row: long-ish text, dates, a cost, choices."""
    return {
        "goal": GOALS[n % len(GOALS)],
        "action_step": f"Deliver step {n}: publish the online service and train the staff "
                       "of every regional office to use it",
        "responsible": "Head of e-Services Unit", "supporting": "Civil Registry; ICT Agency",
        "start_date": dt.date(2027, 1 + n % 12, 1),
        "due_date": dt.date(2028, 1 + n % 12, 28),
        "resources_needed": "Two developers for six months; hosting on the government cloud",
        "resource_type": "Human Resources", "estimated_cost": 1000.0 * (n + 1),
        "funding_status": "Partly available",
        "barriers": "Registry clerks worried about workload; address with training",
        "comm_by_whom": "Communications Officer", "comm_audience": "Parents; the public",
        "comm_frequency": "Monthly", "kpi": "Share of births registered online",
        "kpi_baseline": "0%", "kpi_target": "60% by Dec 2028",
        "status": STATUSES[n % len(STATUSES)], "priority": "High",
    }


def write_files(folder: Path, files: int, rows: int) -> list[Path]:
    plan = default_plan()
    ministries = [m.code for m in plan.ministries]
    cover = {"plan_owner": "A. Mensah", "owner_contact": "a.mensah@gov.example"}
    paths = []
    for index in range(files):
        actions = [action(index * rows + n) for n in range(rows)]
        path = folder / f"plan-{index:03d}.xlsx"
        write_template(plan, path, ministries[index % len(ministries)], actions=actions,
                       cover=cover, generated_on=dt.date(2027, 1, 4))
        paths.append(path)
    return paths


def bare_calamine(path: Path) -> int:
    with python_calamine.CalamineWorkbook.from_path(path) as book:
        return len(book.get_sheet_by_name(layout.ACTIONS_SHEET).to_python(skip_empty_area=False))


def read(path: Path, plan) -> int:
    return len(read_workbook(path, plan).actions)


def examine(path: Path, plan) -> int:
    """What a consolidation worker does per file: pre-flight, read, check, keep the started
    rows and hash the file (submission.examine)."""
    return len(submission.examine(path, path.parent, plan, AS_OF).actions)


def read_only(path: Path, plan, packages: dict) -> int:
    """read_workbook without its pre-flight safety check, given what that check inflated."""
    return len(read_checked(path, plan, packages[path]).actions)


def best_per_file(contenders: dict, paths: list[Path], repeat: int,
                  settle: frozenset[str] = frozenset()) -> dict[str, list[float]]:
    """Each contender's best CPU time per file over `repeat` passes, the contenders taking
    turns on each file so that they meet the same machine. Those named in `settle` come
    after an untimed pre-flight check of the file before (see the module's docstring)."""
    best = {name: [float("inf")] * len(paths) for name in contenders}
    for _ in range(repeat):
        for index, path in enumerate(paths):
            for name, func in contenders.items():
                if name in settle:
                    preflight(paths[index - 1])
                start = time.process_time()
                func(path)
                best[name][index] = min(best[name][index], time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    plan = default_plan()
    with tempfile.TemporaryDirectory(prefix="actionbook-bench-") as folder:
        print(f"writing {args.files} workbooks of {args.rows} actions ...", flush=True)
        paths = write_files(Path(folder), args.files, args.rows)
        assert read(paths[0], plan) == args.rows
        read_workbook(paths[0], plan)  # warm imports and caches
        packages = {path: refuse_unsafe(path) for path in paths}
        timings = best_per_file({
            "bare calamine read": bare_calamine,
            "read_workbook": lambda path: read(path, plan),
            "  without preflight": lambda path: read_only(path, plan, packages),
            "  preflight alone": preflight,
            "examine (read+check)": lambda path: examine(path, plan),
        }, paths, args.repeat, settle=frozenset({"  preflight alone", "examine (read+check)"}))
    report(timings, args)


def report(timings: dict[str, list[float]], args) -> None:
    floor = statistics.median(timings["bare calamine read"])
    print(f"{args.files} files x {args.rows} actions, CPU time, best of {args.repeat} passes "
          "per file")
    for name, times in timings.items():
        median = statistics.median(times)
        print(f"{name:22s} median {median * 1e3:6.2f} ms/file   {median / floor:5.2f}x the "
              f"bare read   total {sum(times):6.2f} s")
    print("target: read_workbook within 2x the bare calamine read; examine, the consolidation "
          "worker's whole work on a file, within 9 ms")


if __name__ == "__main__":
    main()
