"""Consolidating N submissions of 100 actions: ours against the pandas loop and the floor.

    python benchmarks/consolidate.py [--n 500] [--actions 100] [--jobs 2] [--small 50]
                                     [--repeat 1] [--no-pandas] [--profile out.prof]

Writes N filled templates (one per ministry of an N-ministry roster; cached under the temp
folder, so a second run starts at once), then measures in one run, side by side:

- ours: `consolidate_folder`, what `actionbook consolidate` runs: pre-flight, read, check and
  render the per-step rows in --jobs worker processes (the main process adding the rows as
  they come back), superseding, summaries, and the whole consolidated workbook with its
  charts; "read" is until the last file is read, "write" the rest;
- the pandas loop a user would write: read_excel(engine="openpyxl") per file, concat,
  to_excel;
- the floor: a bare python-calamine read of each file's action sheet, plus a plain
  xlsxwriter write of the same Actions table as ours (ministry, the table's columns, file,
  sheet, Excel row; write_row per row), in one process.

Targets (BRIEF section 7) at N=500 on 2 cores: ours at least 5x faster than the pandas loop,
and within 1.3x of the floor. --small also times ours on the first SMALL files, to compare
the time per action. Timings are the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime as dt
import os
import random
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from actionbook import schema
from actionbook.plan import Ministry, Plan, default_plan
from actionbook.samples.content import action
from actionbook.samples.data import MINISTRY_PLANS
from actionbook.schema import layout

AS_OF = dt.date(2027, 9, 30)
CACHE = Path(tempfile.gettempdir()) / "actionbook-bench"


def bench_plan(n: int) -> Plan:
    ministries = tuple(Ministry(f"M{i:04d}", f"Ministry number {i}") for i in range(1, n + 1))
    return dataclasses.replace(default_plan(), ministries=ministries)


def actions_for(index: int, count: int, plan: Plan) -> list[dict]:
    """`count` plausible actions, drawn from the sample ministries' projects."""
    rng = random.Random(index)
    rows = []
    while len(rows) < count:
        ministry = rng.choice(MINISTRY_PLANS)
        project = rng.choice(ministry.projects)
        step = rng.choice(project.steps)
        start = plan.start + dt.timedelta(days=rng.randrange(0, 700))
        due = start + dt.timedelta(days=rng.randrange(60, 300))
        rows.append(action(ministry, project, f"{step} ({len(rows) + 1})", start, due,
                           rng.random() < 0.3, rng))
    return rows


def write_one(args) -> Path:
    from actionbook.template.workbook import write_template

    index, count, folder, n = args
    plan = bench_plan(n)
    code = plan.ministries[index].code
    path = folder / f"{code}-action-plan.xlsx"
    if not path.exists():
        write_template(plan, path, code, generated_on=dt.date(2027, 1, 4),
                       actions=actions_for(index, count, plan),
                       cover={"plan_owner": "A. Mensah", "owner_contact": "a@gov.example",
                              "submitted_on": AS_OF})
    return path


def submissions(n: int, count: int, jobs: int) -> Path:
    folder = CACHE / f"{n}x{count}"
    folder.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(write_one, [(i, count, folder, n) for i in range(n)], chunksize=8))
    return folder


def subset(folder: Path, small: int) -> Path:
    """A folder with the first `small` submissions, hard-linked."""
    target = CACHE / f"{folder.name}-first{small}"
    target.mkdir(exist_ok=True)
    for path in sorted(folder.glob("*.xlsx"))[:small]:
        link = target / path.name
        if not link.exists():
            os.link(path, link)
    return target


def warm(folder: Path) -> None:
    for path in folder.glob("*.xlsx"):
        path.read_bytes()


# The three contenders ---------------------------------------------------------------------------

def ours(folder: Path, plan: Plan, out: Path, jobs: int) -> dict[str, float]:
    from actionbook.consolidation.workbook import consolidate_folder

    read = []
    start = time.perf_counter()
    written = consolidate_folder(folder, out, plan, AS_OF, jobs=jobs,
                                 progress=lambda done, total: read.append(time.perf_counter()))
    done = time.perf_counter()
    return {"total": done - start, "read": read[-1] - start, "write": done - read[-1],
            "actions": len(written.consolidation.actions)}


def pandas_loop(folder: Path, out: Path) -> dict[str, float]:
    import pandas as pd

    start = time.perf_counter()
    frames = [pd.read_excel(path, sheet_name=layout.ACTIONS_SHEET, header=layout.HEADER_ROW - 1,
                            engine="openpyxl") for path in sorted(folder.glob("*.xlsx"))]
    table = pd.concat(frames, ignore_index=True)
    read = time.perf_counter()
    table.to_excel(out, index=False)
    done = time.perf_counter()
    return {"total": done - start, "read": read - start, "write": done - read}


def floor(folder: Path, out: Path) -> dict[str, float]:
    import python_calamine
    import xlsxwriter

    start = time.perf_counter()
    rows = []
    width = len(schema.COLUMNS)
    for path in sorted(folder.glob("*.xlsx")):
        book = python_calamine.CalamineWorkbook.from_path(path)
        grid = book.get_sheet_by_name(layout.ACTIONS_SHEET).to_python()
        code = path.name.split("-", 1)[0]
        # The same Actions table as ours: ministry, the table's columns, file, sheet, row.
        rows += [[code, *row[:width], path.name, layout.ACTIONS_SHEET, number]
                 for number, row in enumerate(grid[layout.FIRST_DATA_ROW - 1:],
                                              layout.FIRST_DATA_ROW) if any(row[1:width])]
        book.close()
    read = time.perf_counter()
    workbook = xlsxwriter.Workbook(str(out))
    sheet = workbook.add_worksheet("Actions")
    for number, row in enumerate(rows):
        sheet.write_row(number, 0, row)
    workbook.close()
    done = time.perf_counter()
    return {"total": done - start, "read": read - start, "write": done - read}


def best(runs: list[dict[str, float]]) -> dict[str, float]:
    return min(runs, key=lambda r: r["total"])


def timed(repeat: int, call, *args) -> dict[str, float]:
    return best([call(*args) for _ in range(repeat)])


def main() -> None:
    options = arguments()
    folder = submissions(options.n, options.actions, options.jobs)
    plan = bench_plan(options.n)
    with tempfile.TemporaryDirectory(prefix="actionbook-bench-out-") as out:
        measure(options, folder, plan, Path(out))


def measure(options, folder: Path, plan: Plan, out: Path) -> None:
    warm(folder)
    print(f"{options.n} submissions x {options.actions} actions, --jobs {options.jobs}, "
          f"{os.cpu_count()} cores; best of {options.repeat}; "
          f"load average before: {os.getloadavg()[0]:.2f}")
    if options.profile:
        cProfile.runctx("ours(folder, plan, out / 'profiled.xlsx', options.jobs)", globals(),
                        locals(), options.profile)
    results = {"floor": timed(options.repeat, floor, folder, out / "floor.xlsx"),
               "ours": timed(options.repeat, ours, folder, plan, out / "ours.xlsx", options.jobs)}
    if options.pandas:
        results["pandas"] = timed(1, pandas_loop, folder, out / "pandas.xlsx")
    report(results, options)
    print(f"load average after: {os.getloadavg()[0]:.2f} (other work on the machine skews "
          "these figures)")
    if options.small:
        small = subset(folder, options.small)
        warm(small)
        plan_small = dataclasses.replace(plan, ministries=plan.ministries[:options.small])
        few = timed(options.repeat, ours, small, plan_small, out / "small.xlsx", options.jobs)
        per_small = few["total"] / few["actions"] * 1e6
        per_large = results["ours"]["total"] / results["ours"]["actions"] * 1e6
        print(f"time per action: {per_small:.0f} us at N={options.small}, "
              f"{per_large:.0f} us at N={options.n}")


def report(results: dict[str, dict[str, float]], options) -> None:
    print(f"{'':8} {'total s':>8} {'read s':>8} {'write s':>8}")
    for name, r in results.items():
        print(f"{name:8} {r['total']:8.2f} {r['read']:8.2f} {r['write']:8.2f}")
    ours_total, floor_total = results["ours"]["total"], results["floor"]["total"]
    print(f"ours / floor = {ours_total / floor_total:.2f}  (target <= 1.3)")
    if "pandas" in results:
        print(f"pandas loop / ours = {results['pandas']['total'] / ours_total:.1f}x  "
              "(target >= 5)")


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=500, help="submissions (default 500)")
    parser.add_argument("--actions", type=int, default=100, help="actions per submission")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--small", type=int, default=50,
                        help="also time ours on the first SMALL files (0: don't)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-pandas", dest="pandas", action="store_false",
                        help="skip the (slow) pandas loop")
    parser.add_argument("--profile", help="write a cProfile of one run of ours here")
    return parser.parse_args()


if __name__ == "__main__":
    main()
