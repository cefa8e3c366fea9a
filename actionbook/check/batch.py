"""Check many files: find the workbooks under the paths given, read each in isolation, check it.

Submissions are untrusted: every file is opened, judged by the pre-flight check and parsed in
a worker process (isolation.map_isolated), from one read of its bytes, so a file that crashes
or exhausts the parser costs only its own report, and a file swapped on disk in between cannot
be parsed unjudged. Workers are reused, so a folder pays the start-up once per worker; a
single file pays it once too (about 0.4 s), which keeps even an official's own check safe.
Entries the file system will not let be read (a pipe, a device, a dangling link, a folder
without permission) are reported as rejected with discovery's reason, never opened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from actionbook.check.rules import check_workbook
from actionbook.check.verdict import Report
from actionbook.errors import ReadError
from actionbook.findings import Code, Finding
from actionbook.read import reader
from actionbook.safety import discovery, isolation

if TYPE_CHECKING:
    from actionbook.plan import Plan


def check_files(paths: Iterable[str | Path], plan, as_of: dt.date,
                jobs: int | None = 1) -> list[Report]:
    """A report for every workbook under `paths` (files, or folders searched recursively)."""
    found = gathered(paths)
    return [report_of(path, outcome, plan, as_of)
            for path, outcome in read_all(list(found), found, plan, jobs)]


def check_paths(paths, plan, as_of: dt.date, jobs: int | None = 1) -> list[Report]:
    """A report for every workbook under `paths`, each file read in isolation by `jobs`
    worker processes (None: one per core)."""
    return check_files(paths, plan, as_of, jobs)


def report_of(path: Path, outcome, plan, as_of: dt.date) -> Report:
    if isinstance(outcome, Finding):
        return Report.rejected(path, outcome)
    return check_workbook(outcome, plan, as_of)


def workbook_paths(paths: Iterable[str | Path]) -> list[Path]:
    """The files named, and the workbooks inside the folders named (discovery's rule, legacy
    Excel files included so that they are refused with how to save them); each file once."""
    return list(gathered(paths))


def gathered(paths: Iterable[str | Path]) -> dict[Path, str | None]:
    """Each file to check, with discovery's reason when the file system will not let it be
    read (None: read it); a real file once, however many paths lead to it."""
    found: dict[Path, str | None] = {}
    seen: set = set()
    for path in map(Path, paths):
        for file, reason in entries(path):
            key = discovery.identity(file)
            if key is None or key not in seen:
                seen.add(key)
                found.setdefault(file, reason)
    return found


def entries(path: Path) -> list[tuple[Path, str | None]]:
    if not path.is_dir():
        return [(path, None)]  # a file named is read whatever its name; the worker judges it
    found = discovery.discover(path)
    reasons = dict(found.files)
    return [(file, reasons[file] if file in found.problems else None)
            for file in found.spreadsheets()]


def read_all(paths: list[Path], problems: dict[Path, str | None], plan,
             jobs: int | None) -> Iterator[tuple[Path, object]]:
    """(path, Workbook or the Finding that rejects it) for each path, in order."""
    refused = {path: problem(path, problems.get(path)) for path in paths}
    readable = [(path, plan) for path in paths if refused[path] is None]
    outcomes = (outcome for _, outcome in isolated_reads(readable, jobs))
    for path in paths:
        yield path, refused[path] or outcome_of(path, next(outcomes))


def isolated_reads(items: list[tuple[Path, object]], jobs: int | None):
    if not items:
        return iter(())
    return isolation.map_isolated(read_pair, items, jobs=jobs, timeout=reader.ISOLATED_SECONDS,
                                  memory_mb=reader.ISOLATED_MEMORY_MB)


def problem(path: Path, reason: str | None) -> Finding | None:
    """The finding of an entry discovery found unreadable, or None to read it."""
    if reason is None:
        return None
    return Finding.make(Code.UNREADABLE_FILE, file=discovery.shown(Path(path.name)), reason=reason,
                        fix="Put the workbook itself in the folder (not a link to it) and make "
                            "sure it can be opened, then run again.")


def read_pair(item: tuple[Path, Plan]):
    """Runs in a worker: open, judge and read the file; the Workbook, or the ReadError
    carrying the finding."""
    path, plan = item
    return reader.read_in_child(path, plan)


def outcome_of(path: Path, outcome):
    if isinstance(outcome, isolation.IsolatedFailure):
        reason = f"reading it {reader.failure_words(outcome)}"
        return Finding.make(Code.UNSAFE_FILE, file=discovery.shown(Path(path.name)), reason=reason)
    if isinstance(outcome, ReadError):
        return outcome.finding
    return outcome
