"""A DataFrame -> a formatted Excel table on a worksheet: typed cells, widths, filters, print.

Cells are written column by column with the typed xlsxwriter calls (write_string,
write_number), which skip the type sniffing of write(); dates become Excel serial numbers
with a date format, computed for the whole column at once (`Cells`). Blank cells are not
written.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from actionbook import schema
from actionbook.consolidation.registers import MINISTRY_COLUMN
from actionbook.consolidation.rendered_rows import Styles, number_body, text_body
from actionbook.consolidation.summaries import DUE_SOON_DAYS
from actionbook.read.values import fits
from actionbook.schema.rules import is_blank
from actionbook.schema.table import Key
from actionbook.xlsxwriter_private import xf_index

TITLE_ROW, NOTE_ROW, CAPTION_ROW, HEADER_ROW = 0, 1, 2, 3  # of every sheet
EXCEL_EPOCH = np.datetime64("1899-12-30")
DAY = np.timedelta64(1, "D")
MAX_WIDTH = 60
MIN_WIDTH = 8
NUMBER_WIDTH = 10  # room for 12,345,678
WIDTH_SAMPLE = 200  # rows looked at to size a column
MONEY_KEYS = {*schema.cost_keys(), "total_cost", "funding_gap", "not_stated"}
SHARE_KEYS = {"completeness", "done_share"}
TIME_KEYS = {"modified"}  # the other dates are days
WIDTHS = {c.key: c.width for c in schema.COLUMNS}
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


# The words the workbook shows over each table column (the exports keep the keys).
LABELS = {
    "ministry": schema.cover_field("ministry").label,
    Key.MINISTRY_NAME: schema.cover_field(Key.MINISTRY_NAME).label,
    "file": "File",
    "submission": "Submission",
    "status": schema.column("status").label,
    "note": "Note",
    "actions": "Actions",
    "completeness": "Completeness",
    "errors": "Errors",
    "warnings": "Warnings",
    "notes": "Notes",
    "modified": "File modified (UTC)",
    "sha256": "SHA-256",
    "overdue": "Overdue",
    "due_soon": f"Due in {DUE_SOON_DAYS} days",
    "total_cost": "Total cost",
    "funding_gap": "Funding gap",
    "not_stated": "Funding not stated",
    "ministries": "Ministries",
    "ministry_codes": "Which ministries",
    "named_by": "Named by",
    "cadences": "Cadences",
    "depends_on": "Names other ministries",
    "named_in_others": "Named by other ministries",
    "goal_title": "Goal title",
    "pillar": "Pillar",
    "sdgs": "SDGs",
    "sdg": "SDG",
    "sdg_name": "Sustainable Development Goal",
    "goals": "Goals",
    "completed": "Completed steps",
    "audience": "Audience",
    "other_ministry": "Names ministry",
    "other_ministry_name": "Named ministry",
    "named_as": "Named as",
    "text": "Text naming it",
    Key.PLAN_OWNER: schema.cover_field(Key.PLAN_OWNER).label,
    "source_file": "Source file",
    "sheet": "Sheet",
    "excel_row": "Excel row",
    "code": "Code",
    "severity": "Severity",
    "cell": "Cell",
    "row": "Row",
    "field": "Field",
    "message": "Message",
    "hint": "How to fix",
    "done": "Done",
    "done_share": "Share done",
    "at_risk": "At risk",
    "late": "Late",
    "rating": "Rating",
    "rating_why": "Why this rating",
    "why": "Why",
    "days_overdue": "Days overdue",
    "cost_left_out": "Cost left out of totals",
}


def label(key: str) -> str:
    """The workbook's header for a table column: a schema label, a LABELS entry, or the key."""
    if key in LABELS:
        return LABELS[key]
    if key.startswith(MINISTRY_COLUMN):
        return key.removeprefix(MINISTRY_COLUMN)  # the code itself (registers.communication)
    if key in schema.action_keys():
        return schema.column(key).label
    if key in schema.cover_keys():
        return schema.cover_field(key).label
    return key


@dataclass
class Placed:
    """Where a table was written: its sheet, header row, first column and keys."""

    sheet: str
    row: int
    col: int
    frame: pd.DataFrame

    def column(self, key: str) -> int:
        return self.col + list(self.frame.columns).index(key)

    def cells(self, key: str, rows: int | None = None) -> list:
        """A chart range over the `key` column's first `rows` data cells."""
        last = self.row + (len(self.frame) if rows is None else rows)
        col = self.column(key)
        return [self.sheet, self.row + 1, col, last, col]

    def header(self, key: str) -> list:
        col = self.column(key)
        return [self.sheet, self.row, col, self.row, col]


TITLE_HEIGHT = 21  # points: a 16 pt font's line


def titled(writer: SheetWriter, ws: Worksheet, title: str, note: str) -> None:
    # LibreOffice keeps a row's default height whatever its font: a 16 pt title in a 15 pt
    # row is cut at the top when printed.
    ws.set_row(TITLE_ROW, TITLE_HEIGHT)
    ws.write_string(TITLE_ROW, 0, title, writer.title)
    ws.write_string(NOTE_ROW, 0, note, writer.subtitle)


class SheetWriter:
    """The workbook's shared formats, and tables written with them."""

    def __init__(self, workbook: xlsxwriter.Workbook, currency: str | None = None):
        self.workbook = workbook
        add = workbook.add_format
        self.title = add({"bold": True, "font_size": 16, "font_color": "#1F3864"})
        self.subtitle = add({"italic": True, "font_color": "#595959"})
        self.heading = add({"bold": True, "font_size": 12, "font_color": "#1F3864"})
        self.bold = add({"bold": True})
        self.left = add({"align": "left"})
        # LibreOffice does not draw Excel's table styles: the header carries its own format.
        self.header = add({"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E79",
                           "text_wrap": True, "valign": "top", "border": 1,
                           "border_color": "#FFFFFF"})
        self.date = add({"num_format": "yyyy-mm-dd", "align": "left"})
        self.datetime = add({"num_format": "yyyy-mm-dd hh:mm", "align": "left"})
        self.money = add({"num_format": money_format(currency)})
        # a headline total, scaled as its size asks: USD 2.4 million
        self.amount = add({"num_format": amount_format(currency), "align": "left"})
        self.share = add({"num_format": "0%"})
        self.centred = add({"align": "center"})
        self.tables = 0

    def sheet(self, name: str, worksheet_class: type[Worksheet] | None = None) -> Worksheet:
        return self.workbook.add_worksheet(name, worksheet_class)

    def styles(self) -> Styles:
        """The format indices of the cells that workers render (sheet_rows). Asking gives
        each format its index now, before any cell of the workbook is written."""
        return Styles(xf_index(self.date), xf_index(self.datetime), xf_index(self.money))

    def number_format(self, key: str, values: pd.Series):
        if key in MONEY_KEYS or (values.dtype.kind == "f" and key not in SHARE_KEYS
                                 and values.dropna().abs().max() >= 1000):
            return self.money
        if key in SHARE_KEYS:
            return self.share
        return None

    def table(self, ws: Worksheet, frame: pd.DataFrame, row: int = 0, col: int = 0,
              name: str = "", widths: dict[str, float] | None = None,
              cells: bool = True) -> tuple[int, int]:
        """Writes `frame` as an Excel table with its header at (row, col); returns the last
        (row, col) it covers. cells=False: the cells are there already, only the table,
        header and widths are written."""
        last_row = row + max(len(frame), 1)
        last_col = col + len(frame.columns) - 1
        headers = [{"header": text, "header_format": self.header}
                   for text in header_texts(frame.columns)]
        self.tables += 1
        ws.add_table(row, col, last_row, last_col, {
            "columns": headers, "name": table_name(name, self.tables),
            "style": "Table Style Light 9"})
        for offset, key in enumerate(frame.columns):
            if cells:
                self.column(ws, row + 1, col + offset, str(key), frame[key])
            width = (widths or {}).get(str(key)) or fitted_width(str(key), frame[key])
            ws.set_column(col + offset, col + offset, width)
        return last_row, last_col

    def column(self, ws: Worksheet, first_row: int, col: int, key: str,
               values: pd.Series) -> None:
        write_cells(ws, first_row, col, self.cells(key, values))

    def cells(self, key: str, values: pd.Series) -> Cells:
        """The column `key` as cells take it, with its format."""
        kind = values.dtype.kind
        if kind == "M":
            fmt = self.datetime if key in TIME_KEYS else self.date
            return Cells([None if math.isnan(day) else day for day in serials(values)], fmt,
                         numbers=True)
        if kind in "iufb":
            numbers = values.to_numpy(dtype=float, na_value=np.nan).tolist()
            return Cells([n if math.isfinite(n) else None for n in numbers],
                         self.number_format(key, values), numbers=True)
        return Cells(values.tolist(), self.date)

    def finish(self, ws: Worksheet, header_row: int, freeze_col: int = 0,
               landscape: bool = True) -> None:
        """Frozen header, print set-up: fit to the page width, header row on every page."""
        ws.freeze_panes(header_row + 1, freeze_col)
        if landscape:
            ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(header_row)
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.set_footer("&L&A&RPage &P of &N")


def money_format(currency: str | None) -> str:
    """Every amount of the workbook in the plan's currency: "USD "#,##0 shows USD 1,200,000."""
    return f'"{currency} "#,##0' if currency else "#,##0"


def amount_format(currency: str | None) -> str:
    """A total in millions or billions past a million (each trailing comma divides by 1,000),
    whole otherwise: USD 2.4 million, USD 480,000."""
    unit = f"{currency} " if currency else ""
    return (f'[>=1000000000]"{unit}"#,##0.0,,," billion";'
            f'[>=1000000]"{unit}"#,##0.0,," million";"{unit}"#,##0')


def header_texts(keys) -> list[str]:
    """The table's headers: each unique ignoring case (Excel repairs a table whose headers
    repeat, and a ministry code may read like another header) and free of the characters
    XML forbids (a header is also an attribute of the table's XML, which xlsxwriter does
    not escape as it escapes cells)."""
    seen: set[str] = set()
    texts = []
    for key in keys:
        text = XML_FORBIDDEN.sub("\ufffd", label(str(key))) or "Column"
        unique, number = text, 2
        while unique.casefold() in seen:
            unique, number = f"{text} ({number})", number + 1
        seen.add(unique.casefold())
        texts.append(unique)
    return texts


def table_name(name: str, number: int) -> str:
    cleaned = re.sub(r"\W", "", name)
    return f"{cleaned or 'Table'}{number}"


def fitted_width(key: str, values: pd.Series) -> float:
    if key in WIDTHS:
        return WIDTHS[key]
    longest = len(label(key))
    if values.dtype.kind == "M":
        longest = max(longest, 16 if key in TIME_KEYS else 10)
    elif values.dtype.kind in "iuf":
        longest = max(longest, NUMBER_WIDTH + (4 if key in MONEY_KEYS else 0))  # "USD "
    else:
        sample = values.iloc[:WIDTH_SAMPLE].tolist()
        longest = max([longest, *(len(str(v)) for v in sample if not is_blank(v))])
    return float(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH))


@dataclass
class Cells:
    """A column ready to write. Numbers: floats (dates as Excel serial numbers), None for a
    blank, all in `fmt`. Text: the values as read, strings written as text (never a formula
    or a link), the odd number or date as one (a date in `fmt`)."""

    values: list
    fmt: Format | None
    numbers: bool = False


def write_cells(ws: Worksheet, first_row: int, col: int, cells: Cells) -> None:
    """Writes the cells down from `first_row`, skipping the blank ones."""
    if cells.numbers:
        write_number, fmt = ws.write_number, cells.fmt
        for row, number in enumerate(cells.values, first_row):
            if number is not None:
                write_number(row, col, number, fmt)
        return
    write_string = ws.write_string
    for row, value in enumerate(cells.values, first_row):
        if value.__class__ is str:
            if value:
                write_string(row, col, value)
        elif value is not None:
            write_odd(ws, row, col, value, cells.fmt)


def write_odd(ws: Worksheet, row: int, col: int, value: object, date_format: Format) -> None:
    """An odd value in a text column: a number, a date (in `date_format`), anything else as
    text; nothing for a blank."""
    typed = cell_value(value)
    if typed is None:
        return
    kind, value = typed
    if kind == "text":
        ws.write_string(row, col, value)
    else:
        ws.write_number(row, col, value, date_format if kind == "date" else None)


def bodies(key: str, values: pd.Series, styles: Styles) -> list[str]:
    """The column `key` as rendered cells (sheet_rows), "" for a blank: the cells `cells`
    would write, as text. Numbers are money by key, not by size, since a worker sees only
    one submission's values."""
    kind = values.dtype.kind
    if kind == "M":
        day_style = styles.datetime if key in TIME_KEYS else styles.date
        return [number_body(day, day_style) for day in serials(values)]
    if kind in "iufb":
        style = styles.money if key in MONEY_KEYS else None
        return [number_body(n, style)
                for n in values.to_numpy(dtype=float, na_value=np.nan).tolist()]
    return [(text_body(v) if v else "") if v.__class__ is str else
            "" if v is None else body(v, styles) for v in values.tolist()]


def body(value: object, styles: Styles) -> str:
    """An odd value in a text column, rendered as `write_odd` writes it."""
    typed = cell_value(value)
    if typed is None:
        return ""
    kind, value = typed
    if kind == "text":
        return text_body(str(value))
    return number_body(float(value), styles.date if kind == "date" else None)


def cell_value(value: object) -> tuple[str, str | float] | None:
    """An odd value in a text column as its cell takes it: ("text", str), ("number", float)
    or ("date", Excel serial); None for a blank."""
    if isinstance(value, bool):
        return "text", str(value)
    if not isinstance(value, str) and is_blank(value):  # text, even of spaces, is text
        return None
    if isinstance(value, (int, float, np.number)):
        number = float(value) if fits(value) else math.inf
        # A number past what a cell holds stays as it was: text, never infinity.
        return ("number", number) if math.isfinite(number) else ("text", str(value))
    if isinstance(value, (pd.Timestamp, np.datetime64)) or hasattr(value, "isoformat"):
        return "date", excel_serial(value)
    return "text", str(value)


def serials(values: pd.Series) -> list[float]:
    """A datetime column as Excel serial numbers (NaN for NaT). In microseconds, which hold
    Excel's whole range: in nanoseconds the days since 1899 overflow after 2192."""
    return ((values.to_numpy("datetime64[us]") - EXCEL_EPOCH) / DAY).tolist()


def excel_serial(value) -> float:
    return float((pd.Timestamp(value).to_datetime64().astype("datetime64[us]") - EXCEL_EPOCH) / DAY)
