"""Writes the sample submissions folder, then consolidates it (see samples.py for the content).

The messy workbooks are made as an official makes them: the template filled in, then edited
with openpyxl. openpyxl stamps the save time into the file, so each edited file is
re-packed with fixed timestamps to keep the samples byte-stable.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import xlsxwriter

from actionbook import schema
from actionbook.plan import Plan, default_plan
from actionbook.samples.content import (
    AS_OF,
    GENERATED_ON,
    SUBMISSIONS,
    Submission,
    clean,
    cover,
    ministry_plan,
    mtime,
    rows_for,
)
from actionbook.schema import layout
from actionbook.schema.table import Key

ZIP_TIME = (2027, 9, 30, 12, 0, 0)
STAMP = "2027-09-30T12:00:00Z"
RENAMED_SHEET = "MOA plan 2027"
NOTE_HEADER = "Our notes"
TEXT_DATES = ("%d/%m/%Y", "%B %Y", "quarter", "%d %B %Y")
HAND_MADE_SKIPS = (Key.ACTION_ID, "supporting", Key.FUNDING_STATUS, Key.KPI_BASELINE, "priority")


def write_samples(root: Path, plan: Plan | None = None) -> dict[str, Path]:
    """Rewrites root/submissions, root/consolidated.xlsx and root/export (CSV)."""
    from actionbook.consolidation.merge import consolidate
    from actionbook.consolidation.workbook import write_exports, write_report

    plan = plan or default_plan()
    folder = root / "submissions"
    clean(folder)
    for submission in SUBMISSIONS:
        write_submission(folder, submission, plan)
    write_extras(folder)
    consolidation = consolidate(folder, plan, AS_OF, jobs=1)
    workbook = write_report(consolidation, root / "consolidated.xlsx")
    clean(root / "export")
    write_exports(consolidation, root / "export", parquet=False)
    return {"submissions": folder, "workbook": workbook, "export": root / "export"}


def write_submission(folder: Path, submission: Submission, plan: Plan) -> Path:
    from actionbook.template.workbook import write_template

    path = folder / submission.file
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = rows_for(submission, plan)
    if submission.style == "hand-made":
        write_hand_made(path, rows, plan, submission)
    else:
        write_template(plan, path, submission.ministry, generated_on=GENERATED_ON, actions=rows,
                       cover=cover(ministry_plan(submission.ministry), submission))
        if submission.style in EDITS:
            edit(path, EDITS[submission.style])
    mtime(path, submission.submitted_on)
    return path


# Edits an official makes ------------------------------------------------------------------------

def edit(path: Path, change) -> None:
    """Opens the workbook with openpyxl, applies `change`, saves it byte-stable."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    change(book)
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(stable_zip(buffer.getvalue()))


def stable_zip(data: bytes) -> bytes:
    """The same package with fixed member timestamps and a fixed modification date."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + STAMP.encode(),
                                 content)
            target.writestr(zipfile.ZipInfo(info.filename, ZIP_TIME), content,
                            zipfile.ZIP_DEFLATED)
    return out.getvalue()


def key_columns(sheet) -> dict[str, int]:
    """Schema key -> column number, from the template's hidden key row."""
    return {cell.value: cell.column for cell in sheet[layout.KEY_ROW] if cell.value}


def data_rows(sheet, keys: dict[str, int]) -> list[int]:
    step = keys[Key.ACTION_STEP]
    return [row for row in range(layout.FIRST_DATA_ROW, sheet.max_row + 1)
            if sheet.cell(row, step).value]


def typed_as_text(book) -> None:
    """Dates typed as text in several ways, costs with thousands separators and a currency,
    dropdown values in lower case: what pasting from an e-mail gives."""
    sheet = book[layout.ACTIONS_SHEET]
    keys = key_columns(sheet)
    for n, row in enumerate(data_rows(sheet, keys)):
        due = sheet.cell(row, keys[Key.DUE_DATE])
        if due.value is not None:
            due.value = date_text(due.value, TEXT_DATES[n % len(TEXT_DATES)])
        cost = sheet.cell(row, keys[Key.ESTIMATED_COST])
        if cost.value:
            cost.value = f"{'USD ' if n % 3 == 0 else ''}{int(cost.value):,}"
            if n == 4:  # a cost in another currency than the plan's: left out of the totals
                cost.value = f"EUR {int(cost.value.removeprefix('USD ').replace(',', '')):,}"
        status = sheet.cell(row, keys["status"])
        if status.value and n % 2:
            status.value = status.value.lower()


def date_text(value: dt.date | dt.datetime, form: str) -> str:
    if form == "quarter":
        return f"Q{(value.month - 1) // 3 + 1} {value.year}"
    return value.strftime(form)


def restructured(book) -> None:
    """The sheet renamed, two columns swapped, a notes column of the ministry's own."""
    sheet = book[layout.ACTIONS_SHEET]
    keys = key_columns(sheet)
    swap_columns(sheet, keys["status"], keys["priority"])
    notes = sheet.max_column + 1
    sheet.cell(layout.HEADER_ROW, notes, NOTE_HEADER)
    for n, row in enumerate(data_rows(sheet, keys)):
        if n % 4 == 0:
            sheet.cell(row, notes, "Discussed with the minister's office")
    rename_sheet(book, sheet, RENAMED_SHEET)


def swap_columns(sheet, first: int, second: int) -> None:
    from openpyxl.cell.cell import MergedCell

    for row in range(1, sheet.max_row + 1):
        a, b = sheet.cell(row, first), sheet.cell(row, second)
        if not isinstance(a, MergedCell) and not isinstance(b, MergedCell):
            a.value, b.value = b.value, a.value


def rename_sheet(book, sheet, name: str) -> None:
    """Renames a sheet and, as Excel does, every formula and defined name pointing at it."""
    old = sheet.title
    sheet.title = name
    quoted_old, quoted_new = f"'{old}'!", f"'{name}'!"
    for other in book.worksheets:
        for row in other.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.value = cell.value.replace(quoted_old, quoted_new)
    for defined in book.defined_names.values():
        defined.attr_text = defined.attr_text.replace(quoted_old, quoted_new)


EDITS = {"text-values": typed_as_text, "restructured": restructured}


# A table made by hand, and the files that are no submission -------------------------------------

def write_hand_made(path: Path, rows: list[dict], plan: Plan, submission: Submission) -> None:
    """The seed's table typed into a blank workbook: no cover, no IDs, some columns left out,
    the template's example row copied in first."""
    from actionbook.schema.examples import example_value

    columns = [c for c in schema.COLUMNS if c.key not in HAND_MADE_SKIPS]
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                           "strings_to_urls": False})
    book.set_properties({"created": dt.datetime.combine(submission.submitted_on, dt.time())})
    sheet = book.add_worksheet("Plan")
    bold, day = book.add_format({"bold": True}), book.add_format({"num_format": "dd/mm/yyyy"})
    ministry = plan.ministry(submission.ministry)
    sheet.write_string(0, 0, f"{ministry.name if ministry else submission.ministry}: digital plan",
                       bold)
    sheet.write_row(2, 0, [c.label for c in columns], bold)
    # The official started from the template's example row and left it in.
    example = {c.key: example_value(c, plan) for c in columns}
    for r, row in enumerate([example, *rows], 3):
        for c, column in enumerate(columns):
            value = row.get(column.key)
            if isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, day)
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), day)
            elif column.key == "goal" and (goal := plan.goal(value)):
                sheet.write_string(r, c, goal.label)
            elif value is not None:
                sheet.write(r, c, value)
    book.close()


def write_extras(folder: Path) -> None:
    """A budget annex that is no plan, a covering note, and Excel's lock file of an open
    workbook."""
    annex = folder / "MTI-budget-annex.xlsx"
    book = xlsxwriter.Workbook(str(annex))
    book.set_properties({"created": dt.datetime(2027, 9, 21)})
    sheet = book.add_worksheet("Budget")
    sheet.write_row(0, 0, ["Budget line", "Amount", "Year"])
    for r, line in enumerate((("Trade single window licences", 450_000, 2028),
                              ("Registry hosting", 120_000, 2028)), 1):
        sheet.write_row(r, 0, line)
    book.close()
    mtime(annex, dt.date(2027, 9, 21))
    note = folder / "covering-note.txt"
    note.write_text("Dear coordinator,\nplease find our action plans attached.\n", "utf-8")
    mtime(note, dt.date(2027, 9, 15))
    lock = folder / "~$MOF-action-plan.xlsx"
    lock.write_bytes(b"\x0bS. Marin".ljust(165, b"\x00"))
    mtime(lock, dt.date(2027, 9, 15))
