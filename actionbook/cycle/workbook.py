"""Changes -> changes.xlsx: `actionbook diff OLD NEW -o changes.xlsx`.

Two sheets (sheets.py): Changes, one row per change with the value before and after side by
side, and Changes by Ministry, the count of each code per ministry. Built in memory and moved
into place whole (atomic.py); marked `actionbook_kind = changes`, so that a copy left in a
submissions folder is never read as a submission. The creation date is the newer review's,
so the same two reviews give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import xlsxwriter

from actionbook.atomic import write_atomically
from actionbook.consolidation.tables import SheetWriter
from actionbook.consolidation.workbook import WORKBOOK_OPTIONS, close
from actionbook.cycle import sheets
from actionbook.cycle.changes import Changes
from actionbook.plan import Plan
from actionbook.schema.layout import CHANGES, KIND, WRITTEN


def write_changes(changes: Changes, plan: Plan, target: str | Path) -> Path:
    """Writes `changes` to the workbook `target`, whole or not at all; returns its path."""
    target = Path(target)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    writer = SheetWriter(book)
    title = f"{plan.title}: what moved between two reviews"
    sheets.changes_sheet(writer, writer.sheet(sheets.CHANGES_SHEET), changes, title)
    frame = sheets.counts(changes, plan)
    sheets.counts_sheet(writer, writer.sheet(sheets.COUNTS_SHEET), changes, frame,
                        "What moved, by ministry")
    day = changes.new.as_of or dt.date.today()
    book.set_properties({"title": title, "subject": plan.cycle, "author": "actionbook",
                         "comments": f"{changes.old.source} -> {changes.new.source}",
                         "created": dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)})
    book.set_custom_property(KIND, CHANGES, "text")
    book.set_custom_property(WRITTEN, day.isoformat(), "text")
    close(book, target)
    return write_atomically(target, buffer.getvalue())


def is_changes(path: str | Path) -> bool:
    """Whether `path` is a workbook write_changes wrote (its custom property says so)."""
    import zipfile

    if not Path(path).is_file():  # never open a pipe or a device
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            custom = archive.read("docProps/custom.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return f'name="{KIND}"'.encode() in custom and f">{CHANGES}<".encode() in custom
