"""Diffing two consolidated workbooks of N submissions x 100 actions, beside consolidating them.

    python benchmarks/diff.py [--n 500] [--actions 100] [--jobs 2] [--changed 0.03]

Uses benchmarks/consolidate.py's N filled templates (cached under the temp folder), then
measures in one run, side by side, each in a fresh process so that its peak memory is its own:

- consolidate: `consolidate_folder` of the N submissions into the old consolidated workbook,
  what `actionbook consolidate` runs;
- diff: `load_stands` of two consolidated workbooks (read side by side in two workers, as
  `actionbook diff` does) and `diff` of the two, what `actionbook diff OLD NEW` runs.

The new workbook is the old consolidation with --changed of its steps changed (a quarter
completed, a quarter slipped by 30 days, a quarter given another responsible person, an eighth
removed) and 1% more steps added, written by the same writer. Peak memory is
resource.getrusage's maximum resident set: of the process itself, and of its largest worker.
Target: seconds, not minutes; memory no larger than the consolidation's.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import consolidate as bench  # noqa: E402  (benchmarks/consolidate.py: the submissions)


def peaks() -> dict[str, float]:
    """Peak resident memory in MB so far: this process's, and its largest finished child's."""
    return {"self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def measure_consolidation(folder: Path, out: Path, n: int, jobs: int) -> dict:
    from actionbook.consolidation.workbook import consolidate_folder

    start = time.perf_counter()
    written = consolidate_folder(folder, out, bench.bench_plan(n), bench.AS_OF, jobs=jobs)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, **peaks(), "steps": len(written.consolidation.actions),
            "consolidation": written.consolidation}


def measure_diff(old: Path, new: Path, n: int) -> dict:
    from actionbook.cycle.diff import diff
    from actionbook.cycle.stand import load_stands

    plan = bench.bench_plan(n)
    start = time.perf_counter()
    stands = load_stands([old, new], plan)  # as diff(old, new) loads them: side by side
    loaded = time.perf_counter()
    changes = diff(*stands, plan)
    done = time.perf_counter()
    return {"seconds": done - start, "load_seconds": loaded - start, "diff_seconds": done - loaded,
            **peaks(), "steps": len(stands[0].steps), "summary": changes.summary}


def changed(consolidation, share: float, seed: int = 12):
    """The consolidation with `share` of its steps changed and 1% more added; the counts."""
    import pandas as pd

    rng = random.Random(seed)
    actions = consolidation.actions.copy()
    picked = rng.sample(range(len(actions)), int(len(actions) * share))
    quarter = len(picked) // 4
    completed, slipped, moved = picked[:quarter], picked[quarter:2 * quarter], \
        picked[2 * quarter:3 * quarter]
    removed = picked[3 * quarter:3 * quarter + quarter // 2]
    actions.loc[completed, "status"] = "Completed"
    actions.loc[slipped, "due_date"] = actions.loc[slipped, "due_date"] + pd.Timedelta(days=30)
    actions.loc[moved, "responsible"] = "Another lead"
    added = actions.sample(len(actions) // 100, random_state=seed).copy()
    added["action_id"] = [f"{m}-{900 + i % 99:03d}" for i, m in enumerate(added["ministry"])]
    added["action_step"] = [f"A new step number {i}" for i in range(len(added))]
    # What the diff must find: a step already completed, or without a due date, shows no move.
    was_open = consolidation.actions.loc[completed, "status"] != "Completed"
    counts = {"completed": int(was_open.sum()),
              "slipped": int(actions.loc[slipped, "due_date"].notna().sum()),
              "responsible": len(moved), "removed": len(removed), "added": len(added)}
    actions = pd.concat([actions.drop(index=removed), added], ignore_index=True)
    return dataclasses.replace(consolidation, actions=actions), counts


def child(argv: list[str]) -> None:
    """One measurement in this fresh process; its figures as JSON on the last line."""
    what, options = argv[0], json.loads(argv[1])
    if what == "consolidate":
        from actionbook.consolidation.workbook import write_report

        figures = measure_consolidation(Path(options["folder"]), Path(options["old"]),
                                        options["n"], options["jobs"])
        new, counts = changed(figures.pop("consolidation"), options["changed"])
        write_report(new, Path(options["new"]))  # after the peaks were taken
        figures["planted"] = counts
    else:
        figures = measure_diff(Path(options["old"]), Path(options["new"]), options["n"])
    print(json.dumps(figures))


def run(what: str, options: dict, script: str = __file__) -> dict:
    """`script --child what options` in a fresh process, so that its peak memory is its own."""
    done = subprocess.run([sys.executable, script, "--child", what, json.dumps(options)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"the {what} run failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    options = arguments()
    folder = bench.submissions(options.n, options.actions, options.jobs)
    bench.warm(folder)
    with tempfile.TemporaryDirectory(prefix="actionbook-bench-diff-") as out:
        paths = {"folder": str(folder), "old": f"{out}/old.xlsx", "new": f"{out}/new.xlsx",
                 "n": options.n, "jobs": options.jobs, "changed": options.changed}
        print(f"{options.n} submissions x {options.actions} actions, --jobs {options.jobs}, "
              f"{os.cpu_count()} cores; load average before: {os.getloadavg()[0]:.2f}")
        consolidation = run("consolidate", paths)
        compared = run("diff", paths)
    report(consolidation, compared)
    print(f"load average after: {os.getloadavg()[0]:.2f} (other work on the machine skews "
          "these figures)")


def report(consolidation: dict, compared: dict) -> None:
    print(f"{'':12} {'seconds':>8} {'peak MB':>8} {'worker MB':>9}")
    for name, r in (("consolidate", consolidation), ("diff", compared)):
        print(f"{name:12} {r['seconds']:8.2f} {r['self_mb']:8.0f} {r['worker_mb']:9.0f}")
    print(f"diff: {compared['load_seconds']:.2f} s reading both workbooks, "
          f"{compared['diff_seconds']:.2f} s comparing {compared['steps']:,} steps")
    found = {code: count for code, count in compared["summary"].items() if count}
    print(f"planted: {consolidation['planted']}")
    print(f"found:   {found}")
    print(f"diff / consolidate: {compared['seconds'] / consolidation['seconds']:.2f}x the time, "
          f"{compared['self_mb'] / consolidation['self_mb']:.2f}x the peak memory "
          f"(workers: {compared['worker_mb'] / consolidation['worker_mb']:.2f}x)")


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=500, help="submissions (default 500)")
    parser.add_argument("--actions", type=int, default=100, help="actions per submission")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--changed", type=float, default=0.03,
                        help="share of the steps changed in the new workbook (default 0.03)")
    return parser.parse_args()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2:])
    else:
        main()
