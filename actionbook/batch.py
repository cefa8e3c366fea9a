"""Check many files: find the workbooks under the paths given, read each in isolation, check it.

Submissions are untrusted: every file passes the pre-flight check, then is read in a worker
process (isolation.map_isolated), so a file that crashes or exhausts the parser costs only its
own report. Workers are reused, so a folder pays the start-up once per worker; a single file
pays it once too (about 0.4 s), which keeps even an official's own check safe.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

from actionbook import discovery, isolation, reader
from actionbook.checks import check_workbook
from actionbook.errors import ReadError
from actionbook.findings import Finding
from actionbook.status import Report


def check_files(paths: Iterable[str | Path], plan, as_of: dt.date,
                jobs: int | None = 1) -> list[Report]:
    """A report for every workbook under `paths` (files, or folders searched recursively)."""
    return [report_of(path, outcome, plan, as_of)
            for path, outcome in read_all(workbook_paths(paths), plan, jobs)]


def report_of(path: Path, outcome, plan, as_of: dt.date) -> Report:
    if isinstance(outcome, Finding):
        return Report.rejected(path, outcome)
    return check_workbook(outcome, plan, as_of)


def workbook_paths(paths: Iterable[str | Path]) -> list[Path]:
    """The files named, and the workbooks inside the folders named (discovery's rule, legacy
    Excel files included so that they are refused with how to save them); each file once."""
    found: dict[Path, Path] = {}
    for path in map(Path, paths):
        files = discovery.discover(path).spreadsheets() if path.is_dir() else [path]
        for file in files:
            found.setdefault(file.resolve(), file)
    return list(found.values())


def read_all(paths: list[Path], plan, jobs: int | None) -> Iterator[tuple[Path, object]]:
    """(path, Workbook or the Finding that rejects it) for each path, in order."""
    refused = {path: refusal(path) for path in paths}
    readable = [(path, plan) for path in paths if refused[path] is None]
    outcomes = (outcome for _, outcome in isolated_reads(readable, jobs))
    for path in paths:
        yield path, refused[path] or outcome_of(path, next(outcomes))


def isolated_reads(items: list[tuple[Path, object]], jobs: int | None):
    if not items:
        return iter(())
    return isolation.map_isolated(read_pair, items, jobs=jobs, timeout=reader.ISOLATED_SECONDS,
                                  memory_mb=reader.ISOLATED_MEMORY_MB)


def refusal(path: Path) -> Finding | None:
    """The pre-flight check's finding, or None when the file may be opened."""
    if not path.is_file():
        return Finding.make("unreadable-file", file=path.name, reason="it is not a file",
                            fix="Give the path of a workbook or of a folder of workbooks.")
    try:
        reader.refuse_unsafe(path)
    except ReadError as error:
        return error.finding
    return None


def read_pair(item: tuple[Path, object]):
    """Runs in a worker: the Workbook, or reader.Failed carrying the finding."""
    path, plan = item
    return reader.read_in_child(path, plan)


def outcome_of(path: Path, outcome):
    if isinstance(outcome, isolation.IsolatedFailure):
        reason = f"reading it {reader.failure_words(outcome)}"
        return Finding.make("unsafe-file", file=path.name, reason=reason)
    if isinstance(outcome, reader.Failed):
        return outcome.finding
    return outcome
