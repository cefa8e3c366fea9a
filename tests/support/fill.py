"""Fill a generated template the way an official would, for the reader's tests.

openpyxl edits a COPY of the template (it drops Excel's x14 validation extension, which the
reader never looks at); `hand_made` writes a table someone built without the template.
Nothing here spells a header: every text comes from the schema.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import xlsxwriter

from actionbook import schema
from actionbook.plan import default_plan
from actionbook.schema import layout
from actionbook.template.workbook import write_template

GENERATED_ON = dt.date(2027, 1, 4)
ACTIONS = layout.ACTIONS_SHEET


def template(folder: Path, name: str = "MOH-action-plan.xlsx", plan=None, ministry="MOH",
             **options) -> Path:
    """A fresh template, unprotected so tests can change its structure like an official."""
    options.setdefault("protect", False)
    return write_template(plan or default_plan(), Path(folder) / name, ministry,
                          generated_on=GENERATED_ON, **options)


def cell(key: str, row: int) -> str:
    """The template's A1 reference of field `key` in Excel row `row`."""
    return f"{layout.template_column(key)}{row}"


def good_row(n: int = 1, **changes) -> dict:
    """A complete, valid action row as the reader returns it (goal id, dates as dates)."""
    row = {
        "goal": "G1", "action_step": f"Publish e-service number {n}",
        "responsible": "Head of e-Services", "supporting": "Civil Registry",
        "start_date": dt.date(2027, 2, 1), "due_date": dt.date(2027, 6, 30),
        "baseline_due": dt.date(2027, 5, 31),
        "resources_needed": "Two developers", "resource_type": "Human Resources",
        "estimated_cost": 120000.0, "funding_status": "Available",
        "barriers": "Clerks' workload", "comm_by_whom": "Communications Officer",
        "comm_audience": "Parents", "comm_frequency": "Monthly",
        "kpi": "Share of births registered online", "kpi_baseline": "0%",
        "kpi_target": "60%", "status": "In progress", "priority": "High",
        "remarks": "A month later: the hosting contract was signed late",
    }
    row.update(changes)
    return row


def typed(value, key: str):
    """A reader-shaped value as an official types it into the cell (a goal by its label)."""
    if key == "goal" and isinstance(value, str):
        goal = default_plan().goal(value)
        return goal.label if goal else value
    return value


def edit(src: Path, out: Path, cells: dict[tuple[str, str], object]) -> Path:
    """Copy `src` to `out` and set each (sheet, "A1") cell to its value, with openpyxl.
    Text is stored as text even when it starts with '=' (openpyxl would store a formula
    without a result; Excel users get text by typing a leading apostrophe)."""
    book = openpyxl.load_workbook(src)
    for (sheet, ref), value in cells.items():
        cell = book[sheet][ref]
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
    book.save(out)
    return out


def fill(src: Path, out: Path, rows: list[dict], first: int = layout.FIRST_DATA_ROW,
         cover: dict | None = None, raw: bool = False) -> Path:
    """Type `rows` (schema key -> value) from Excel row `first`, and the cover fields.
    Values are typed as given when `raw`, else goals become their dropdown labels."""
    cells = {}
    for offset, row in enumerate(rows):
        for key, value in row.items():
            cells[(ACTIONS, cell(key, first + offset))] = value if raw else typed(value, key)
    for key, value in (cover or {}).items():
        cells[(layout.COVER_SHEET, f"{layout.COVER_VALUE_COLUMN}{layout.cover_row(key)}")] = value
    return edit(src, out, cells)


def change(src: Path, out: Path, action) -> Path:
    """Copy `src` to `out` after action(workbook) changed it (openpyxl)."""
    book = openpyxl.load_workbook(src)
    action(book)
    book.save(out)
    return out


def move_column(sheet, source: int, target: int) -> None:
    """Move 1-based column `source` to position `target`, shifting the others (cut, insert)."""
    columns = [[c.value for c in col] for col in sheet.iter_cols(max_row=sheet.max_row)]
    for merged in list(sheet.merged_cells.ranges):
        sheet.unmerge_cells(str(merged))
    columns.insert(target - 1, columns.pop(source - 1))
    for index, values in enumerate(columns, 1):
        for row, value in enumerate(values, 1):
            sheet.cell(row, index).value = value


@dataclass(frozen=True)
class Formula:
    """A formula cell with the result Excel cached when it last calculated."""

    text: str
    cached: object


def hand_made(path: Path, header_rows: list[list], rows: list[list], sheet: str = "Sheet1",
              above: list[list] = (), merges: list[str] = ()) -> Path:
    """A workbook someone made without the template: `above` rows, headers, then data."""
    book = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False})
    page = book.add_worksheet(sheet)
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    for r, values in enumerate([*above, *header_rows, *rows]):
        for c, value in enumerate(values):
            if isinstance(value, Formula):
                page.write_formula(r, c, value.text, None, value.cached)
            elif isinstance(value, dt.date):
                page.write_datetime(r, c, value, dates)
            elif value is not None:
                page.write(r, c, value)
    for ref in merges:
        page.merge_range(ref, None)
    book.close()
    return path


def copy(src: Path, out: Path) -> Path:
    shutil.copyfile(src, out)
    return out


def headers(*keys: str) -> list[str]:
    return [schema.column(key).header for key in keys]


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MACRO_ENABLED = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
PLAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def as_xlsm(src: Path, out: Path) -> Path:
    """`src` as a macro-enabled workbook (.xlsm): the workbook part declared macro-enabled
    and a VBA project part beside it (an empty compound file: the reader never runs or
    parses macros)."""
    with zipfile.ZipFile(src) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(PLAIN.encode(), MACRO_ENABLED.encode())
            target.writestr(item, data)
        target.writestr("xl/vbaProject.bin", OLE2_MAGIC + bytes(504))
    return out
