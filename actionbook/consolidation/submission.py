"""One submitted file -> what the consolidation needs of it (runs in a worker process).

`examine` opens the file (regular files only, read once), pre-flights those bytes, reads and checks
it, and keeps only the started action rows, the findings and a few facts about the file. intake.py
runs it over many files in isolated worker processes; a file that crashes or hangs its worker
becomes a rejected row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from actionbook import schema
from actionbook.check.verdict import COMPLETE, INCOMPLETE, Report
from actionbook.consolidation.summaries import LEFT_OUT, SKIPPED
from actionbook.errors import ReadError
from actionbook.findings import Code, Finding
from actionbook.read import outputs
from actionbook.safety import discovery, opening
from actionbook.safety.opening import Opened
from actionbook.schema import layout
from actionbook.schema.rules import is_blank
from actionbook.schema.table import Key

OTHER_COVER_KEYS = tuple(k for k in schema.cover_keys() if k not in ("ministry", Key.MINISTRY_NAME))
ACTION_COLUMNS = ("ministry", Key.MINISTRY_NAME, *schema.action_keys(), *OTHER_COVER_KEYS,
                  *schema.PROVENANCE, LEFT_OUT)
ACTION_INDEX = pd.Index(ACTION_COLUMNS, dtype=object)


@dataclass
class Examined:
    """What a worker sends back about one file: small, and cheap to pickle."""

    file: str  # the path relative to the folder: every table names the file so
    status: str
    ministry: str | None
    ministry_name: str | None
    completeness: float
    actions: pd.DataFrame  # the started rows, ACTION_COLUMNS
    findings: list[Finding]
    submitted_on: dt.date | None
    modified: dt.datetime | None  # of the bytes read (None: the file could not be read)
    sha256: str | None
    owner: tuple[str | None, str | None] = (None, None)  # plan owner and contact, from the cover
    prepared: object = None  # what the intake's `prepare` made of an accepted file, in the worker
    template_ministry: str | None = None  # the ministry whose template the file was made from
    last_id: str | None = None  # the highest ID its ministry had used (metadata last_id)

    @property
    def accepted(self) -> bool:
        return self.status in (COMPLETE, INCOMPLETE)

    def count(self, severity) -> int:
        return sum(f.severity is severity for f in self.findings)


def examine(path: Path, folder: Path, plan, as_of: dt.date, memory=None) -> Examined:
    """Open, pre-flight, read and check one file; never raises for a bad file. The file is
    read once, here in the worker: its facts (time, SHA-256) are those of the bytes judged.
    `memory`: the run's ReadMemory (read/memory_fast.py), when it keeps one."""
    from actionbook.check.rules import Table, check_table, costs_left_out
    from actionbook.read.memory_fast import NO_MEMORY
    from actionbook.read.reader import guarded, read_checked, refuse_unsafe

    name = discovery.shown(path, folder)
    opened = None
    try:
        opened = opening.read_bytes(path)
        package = refuse_unsafe(path, opened)
        if own := outputs.recognised(package):  # actionbook's own workbook: no submission
            return skipped(path, name, own, opened)
        table = guarded(path, lambda: Table(read_checked(path, plan, package,
                                                         memory or NO_MEMORY)))
    except ReadError as exc:
        return rejected(path, name, exc.finding or unreadable(name, str(exc)), opened)
    report = check_table(table, plan, as_of)
    return accepted(report, table.positions, name, opened, costs_left_out(table, plan))


def accepted(report: Report, started: np.ndarray, name: str, opened: Opened,
             left_out: list[str | None]) -> Examined:
    """The report of a file that was read, with its started rows (positions in its actions)
    and why each row's cost is left out of the totals (None: it counts)."""
    wb = report.workbook
    assert wb is not None, "a report of a file read keeps its workbook"
    rows = wb.actions if len(started) == len(wb.actions) else wb.actions.take(started)
    rows = in_columns(rows, name, wb.file)
    if any(left_out):  # else the column stays blank, as reindexed: setting it costs a split
        rows.isetitem(ACTION_COLUMNS.index(LEFT_OUT), np.array(left_out, dtype=object))
    return Examined(name, report.status, report.ministry, text(wb.cover.get(Key.MINISTRY_NAME)),
                    report.completeness, rows.reset_index(drop=True), renamed(report, name),
                    date(wb.cover.get(Key.SUBMITTED_ON)), opened.modified, opened.sha256,
                    owner=(text(wb.cover.get(Key.PLAN_OWNER)),
                           text(wb.cover.get(Key.OWNER_CONTACT))),
                    template_ministry=text(wb.metadata.get("ministry")),
                    last_id=text(wb.metadata.get(layout.LAST_ID)))


def in_columns(rows: pd.DataFrame, name: str, read_as: str) -> pd.DataFrame:
    """The rows in ACTION_COLUMNS order, naming the file by its path in the folder; the
    reader named it `read_as` (its basename), so only a file in a subfolder is named again:
    setting a column splits pandas' block of text columns, which cost a file a tenth of its
    examine, for nothing when the names are the same. (An object Index and an object
    array: from a list and a scalar, pandas 3 builds pyarrow strings for both, at twice
    the cost.)"""
    rows = rows.reindex(columns=ACTION_INDEX)
    if name != read_as:
        rows.isetitem(ACTION_COLUMNS.index("source_file"), np.full(len(rows), name, dtype=object))
    return rows


def renamed(report: Report, name: str) -> list[Finding]:
    """The report's findings, naming the file by its path in the folder."""
    return [f if f.file == name else f.at(file=name) for f in report.findings]


def rejected(path: Path, name: str, finding: Finding, opened: Opened | None = None) -> Examined:
    """The row of a file refused; its facts when it could be read at all."""
    report = Report.rejected(path, finding.at(file=name))
    return Examined(name, report.status, None, None, 0.0, pd.DataFrame(columns=ACTION_COLUMNS),
                    report.findings, None, opened.modified if opened else None,
                    opened.sha256 if opened else None)


def skipped(path: Path, name: str, reason: str, opened: Opened) -> Examined:
    finding = Finding.make(Code.SKIPPED_FILE, file=name, reason=reason)
    return Examined(name, SKIPPED, None, None, 0.0, pd.DataFrame(columns=ACTION_COLUMNS),
                    [finding], None, opened.modified, opened.sha256)


def unreadable(name: str, reason: str) -> Finding:
    return Finding.make(Code.UNREADABLE_FILE, file=name, reason=reason,
                        fix="Open it in Excel or LibreOffice and save it again as .xlsx.")


def crashed(path: Path, folder: Path, failure) -> Examined:
    """The row of a file whose worker crashed, ran out of time or memory (the main process
    does not open the file to learn its facts)."""
    from actionbook.read.reader import failure_words

    name = discovery.shown(path, folder)
    finding = Finding.make(Code.UNSAFE_FILE, file=name,
                           reason=f"reading it {failure_words(failure)}")
    return rejected(path, name, finding)


def text(value: object) -> str | None:
    return None if is_blank(value) else str(value).strip()


def date(value: object) -> dt.date | None:
    """The cover's date (the reader's converter gives a date or a datetime), None else."""
    if isinstance(value, (dt.date, np.datetime64)) and not is_blank(value):
        return pd.Timestamp(value).date()
    return None
