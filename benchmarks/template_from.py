"""`template --from` of a consolidated workbook of N submissions x 100 actions, beside
consolidating them.

    python benchmarks/template_from.py [--n 500] [--actions 100] [--jobs 2]

Uses benchmarks/consolidate.py's N filled templates (cached under the temp folder), then
measures in one run, side by side, each in a fresh process so that its peak memory is its own:

- consolidate: `consolidate_folder` of the N submissions into the consolidated workbook, what
  `actionbook consolidate` runs;
- template --from: `prefill` of that workbook for every ministry of the roster, what
  `actionbook template --from consolidated.xlsx --all -o next/` runs: the workbook read in a
  worker, then N prefilled workbooks written by --jobs workers side by side.

Peak memory is resource.getrusage's maximum resident set: of the process itself, and of its
largest worker. Target: seconds, not minutes; memory no larger than the consolidation's.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import consolidate as bench  # noqa: E402  (benchmarks/consolidate.py: the submissions)
from diff import measure_consolidation, peaks  # noqa: E402  (the same consolidation run)
from diff import run as diff_run  # noqa: E402  (the same child process)


def measure_prefill(source: Path, out: Path, n: int, jobs: int) -> dict:
    from actionbook.cycle.prefill import prefill
    from actionbook.cycle.stand import load_stand

    plan = bench.bench_plan(n)
    start = time.perf_counter()
    stand = load_stand(source, plan)
    loaded = time.perf_counter()
    made = prefill(stand, plan, every=True, output=out, jobs=jobs)
    done = time.perf_counter()
    return {"seconds": done - start, "load_seconds": loaded - start,
            "write_seconds": done - loaded, **peaks(), "workbooks": len(made.paths),
            "steps": len(stand.steps)}


def child(argv: list[str]) -> None:
    """One measurement in this fresh process; its figures as JSON on the last line."""
    what, options = argv[0], json.loads(argv[1])
    if what == "consolidate":
        figures = measure_consolidation(Path(options["folder"]), Path(options["old"]),
                                        options["n"], options["jobs"])
        del figures["consolidation"]
    else:
        figures = measure_prefill(Path(options["old"]), Path(options["next"]), options["n"],
                                  options["jobs"])
    print(json.dumps(figures))


def run(what: str, options: dict) -> dict:
    return diff_run(what, options, __file__)


def main() -> None:
    options = arguments()
    folder = bench.submissions(options.n, options.actions, options.jobs)
    bench.warm(folder)
    with tempfile.TemporaryDirectory(prefix="actionbook-bench-template-from-") as out:
        paths = {"folder": str(folder), "old": f"{out}/consolidated.xlsx",
                 "next": f"{out}/next", "n": options.n, "jobs": options.jobs}
        print(f"{options.n} submissions x {options.actions} actions, --jobs {options.jobs}, "
              f"{os.cpu_count()} cores; load average before: {os.getloadavg()[0]:.2f}")
        consolidation = run("consolidate", paths)
        prefilled = run("template --from", paths)
    report(consolidation, prefilled)
    print(f"load average after: {os.getloadavg()[0]:.2f} (other work on the machine skews "
          "these figures)")


def report(consolidation: dict, prefilled: dict) -> None:
    print(f"{'':16} {'seconds':>8} {'peak MB':>8} {'worker MB':>9}")
    for name, r in (("consolidate", consolidation), ("template --from", prefilled)):
        print(f"{name:16} {r['seconds']:8.2f} {r['self_mb']:8.0f} {r['worker_mb']:9.0f}")
    print(f"template --from: {prefilled['load_seconds']:.2f} s reading the consolidated "
          f"workbook ({prefilled['steps']:,} steps), {prefilled['write_seconds']:.2f} s writing "
          f"{prefilled['workbooks']} workbooks")
    print(f"template --from / consolidate: "
          f"{prefilled['seconds'] / consolidation['seconds']:.2f}x the time, "
          f"{prefilled['self_mb'] / consolidation['self_mb']:.2f}x the peak memory "
          f"(workers: {prefilled['worker_mb'] / consolidation['worker_mb']:.2f}x)")


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=500, help="submissions (default 500)")
    parser.add_argument("--actions", type=int, default=100, help="actions per submission")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    return parser.parse_args()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2:])
    else:
        main()
