"""Table rows rendered to SpreadsheetML in the worker processes, written into an xlsxwriter sheet.

xlsxwriter costs the main process about 4 us a cell: a cell object when it is written, then
attribute lists and string formatting when the workbook closes. A plan of 50,000 steps has
1.5 million cells in its per-step tables, and that work, on one core, was most of a
consolidation. So each worker renders the rows of the submission it has just read (`render`),
the main process only numbers them (`numbered`) and a `RenderedSheet` writes them after its own
rows (the title and the table header) when xlsxwriter closes the workbook (through
xlsxwriter's internals, all of them in actionbook/xlsxwriter_private.py).

The XML is the XML xlsxwriter itself writes in constant_memory mode: strings inline (t="inlineStr")
with control characters and U+FFFE/U+FFFF as _xHHHH_ and leading or trailing spaces preserved,
numbers as %.16G with the index of their cell format (`Styles`).
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from xlsxwriter.utility import xl_col_to_name

from actionbook.schema.layout import MAX_TEXT
from actionbook.xlsxwriter_private import AppendedRowsSheet

ROW = "\0"  # where the row number goes: never in rendered text (its control characters are escaped)

# The characters after which a string may need more than its characters: XML escapes, control
# characters, an underscore (a literal _xHHHH_ would read as an escape). One character class is
# five times faster to search than the exact patterns; the few strings it finds take the slow way.
# Every character XML 1.0 forbids is escaped as Excel stores it (_xHHHH_), as xlsxwriter's
# writer does for its own cells: the C0 controls but tab, newline and return, and U+FFFE and
# U+FFFF. A lone surrogate cannot be written in UTF-8 at all: it becomes U+FFFD.
SPECIAL = re.compile("[&<>_\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
ESCAPE_LIKE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
SURROGATE = re.compile("[\ud800-\udfff]")


class Styles(NamedTuple):
    """The cell format indices (xf) the rendered cells use, taken from the workbook's formats
    before any worker starts: a worker has the numbers, not the workbook."""

    date: int
    datetime: int
    money: int


def text_body(text: str) -> str:
    """The XML of a text cell after its reference, e.g. ' t="inlineStr"><is><t>Go</t></is></c>'."""
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT]
    edge_space = text[:1].isspace() or text[-1:].isspace()
    if SPECIAL.search(text) is None and not edge_space:
        return f' t="inlineStr"><is><t>{text}</t></is></c>'
    space = ' xml:space="preserve"' if edge_space else ""
    text = ESCAPE_LIKE.sub(r"_x005F\1", text)
    text = CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    text = SURROGATE.sub("\ufffd", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f' t="inlineStr"><is><t{space}>{text}</t></is></c>'


def number_body(number: float, style: int | None) -> str:
    """The XML of a number cell after its reference; "" (no cell) for NaN or infinity."""
    if not math.isfinite(number):
        return ""
    styled = f' s="{style}"' if style else ""
    return f"{styled}><v>{number:.16G}</v></c>"


def rows(columns: list[list[str]], first_col: int = 0) -> list[str]:
    """Rows of XML from columns of cell bodies ("" for a blank), their row numbers left open."""
    cells = []
    for offset, bodies in enumerate(columns):
        start = f'<c r="{xl_col_to_name(first_col + offset)}{ROW}"'
        cells.append([start + body if body else "" for body in bodies])
    rendered = []
    for row in zip(*cells):
        body = "".join(row)
        start = ROW_START if "\n" not in body else tall_row_start(row)
        rendered.append(f"{start}{body}</row>")
    return rendered


ROW_START = f'<row r="{ROW}">'
LINE_POINTS = 15  # a line of the workbook's default font (Calibri 11): Excel's default row
MAX_ROW_POINTS = 408.75  # Excel's tallest row (409), in whole pixels as xlsxwriter writes it


def tall_row_start(cells: tuple[str, ...]) -> str:
    """The opening tag of a row whose text has line breaks: as tall as its cell of most lines,
    as xlsxwriter's set_row writes it. In a row of one line's height, LibreOffice draws such
    a text upwards from the bottom of its cell, over the row above."""
    lines = max(cell.count("\n") for cell in cells) + 1
    height = min(MAX_ROW_POINTS, LINE_POINTS * lines)
    return f'<row r="{ROW}" ht="{height}" customHeight="1">'


def numbered(rows: list[str], first_row: int) -> str:
    """The rows as they go in the sheet, the first on (0-based) `first_row`."""
    return "".join([row.replace(ROW, str(number)) for number, row in
                    enumerate(rows, first_row + 1)])


class RenderedSheet(AppendedRowsSheet):
    """A worksheet that takes rows rendered elsewhere (`add_rows`) below its own cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rendered_next = 0  # the row after the last rendered one (0-based)

    def add_rows(self, first_row: int, rows: list[str], last_col: int) -> None:
        """Rendered rows from (0-based) `first_row` down, right below the ones added before."""
        if not rows:
            return
        if self.appended_first is None:
            self.rendered_next = first_row
        if first_row != self.rendered_next:
            raise ValueError(f"rendered rows must follow each other: row {first_row + 1} "
                             f"after row {self.rendered_next}")
        self.rendered_next = first_row + len(rows)
        self.append_rows(numbered(rows, first_row), first_row, self.rendered_next - 1, last_col)

    def add_table(self, first_row: int, first_col: int, last_row: int, last_col: int,
                  options: dict | None = None) -> int:
        """The sheet's one table. xlsxwriter marks each cell of a new table to catch one
        overlapping another (1.25 million marks, most of a second, for 50,000 steps); a sheet
        with one table and no merged cells has nothing to catch. So the table is added over
        its header and first row, and then stretched down over the rendered rows."""
        if self.has_tables_or_merges() or (options or {}).get("total_row"):
            raise ValueError(f"{self.name}: a rendered sheet has one table, without totals")
        added = super().add_table(first_row, first_col, min(last_row, first_row + 1), last_col,
                                  options)
        if added:
            return added  # refused, with xlsxwriter's warning
        self.stretch_last_table(first_row, first_col, last_row, last_col)
        return 0
