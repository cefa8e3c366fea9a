"""The sheet-size limits, for an .ods file's content.xml (safety.py judges .xlsx sheets).

An .ods row or cell says how many times it repeats (table:number-rows-repeated,
table:number-columns-repeated) and how far a merge reaches (number-rows-spanned,
number-columns-spanned): 68 KB can ask a parser for 150,000 filled rows, and one merge for
999,999,999,999 columns. `too_large` walks the rows by their start tags (no XML parse, no
Python per cell of an ordinary row) and says what lies beyond the limits, or None.
Tags cannot occur inside XML text ('<' is escaped there), and LibreOffice always writes the
"table:" prefix.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

_TABLE = re.compile(rb"<table:table(?=[\s>])([^>]*)>")
_NAME = re.compile(rb'table:name\s*=\s*"([^"]*)"')
_ROW = re.compile(rb"<table:table-row(?=[\s/>])([^>]*?)(/?)>")  # not table-row-group
_CELL = re.compile(rb"<table:(?:covered-)?table-cell(?=[\s/>])([^>]*?)(/?)>")
_CELL_TAGS = (b"<table:table-cell", b"<table:covered-table-cell")
_VALUE_MARKS = (b"value-type", b"<text:", b"formula")
_NUMBER = re.compile(rb'table:number-(rows|columns)-(repeated|spanned)\s*=\s*"(\d{1,20})"')


def too_large(content: bytes, rows: int, columns: int,
              cells: int) -> tuple[str, str] | None:
    """Which sheet holds what lies beyond `rows` x `columns`, or fills a used area of more
    than `cells` (("sheet 'Plan'", "has content in row 100,001")); None when all keep within."""
    for name, start, end in tables(content):
        found = table_too_large(content, start, end, rows, columns, cells)
        if found:
            return f"sheet '{name}'", found
    return None


def tables(content: bytes) -> Iterator[tuple[str, int, int]]:
    for table in _TABLE.finditer(content):
        end = content.find(b"</table:table>", table.end())
        named = _NAME.search(table[1])
        name = html.unescape(named[1].decode("utf-8", "replace")) if named else "?"
        yield name, table.end(), end if end != -1 else len(content)


def table_too_large(content: bytes, start: int, end: int, rows: int, columns: int,
                    cells: int) -> str | None:
    tags = list(_ROW.finditer(content, start, end))
    row, last_row, widest = 0, 0, 0
    for index, tag in enumerate(tags):
        repeated = number(tag[1], b"rows", b"repeated")
        body_end = tags[index + 1].start() if index + 1 < len(tags) else end
        body = b"" if tag[2] else content[tag.end():body_end]
        wide = row_too_wide(body, row, rows, columns)
        if isinstance(wide, str):
            return wide
        if wide:
            last_row, widest = row + repeated, max(widest, wide)
            if last_row > rows:
                return f"has content in row {max(row, rows) + 1:,}"
            if last_row * widest > cells:
                return f"fills {last_row:,} rows by {widest:,} columns"
        row += repeated
    return None


def row_too_wide(body: bytes, row: int, rows: int, columns: int) -> int | str:
    """The columns a row's content reaches (0: none), or what in it lies beyond the limits."""
    if not any(mark in body for mark in _VALUE_MARKS) and b"-spanned=" not in body:
        return 0
    tags = body.count(_CELL_TAGS[0]) + body.count(_CELL_TAGS[1])
    if tags <= columns and b"table:number-" not in body:
        return tags if any(mark in body for mark in _VALUE_MARKS) else 0
    return walk_cells(body, row, rows, columns)


def walk_cells(body: bytes, row: int, rows: int, columns: int) -> int | str:
    column, reach = 0, 0
    for cell in _CELL.finditer(body):
        across, down = number(cell[1], b"columns", b"spanned"), number(cell[1], b"rows", b"spanned")
        if across > columns or down > rows:
            return f"merges {down:,} rows by {across:,} columns from row {row + 1:,}"
        repeated = number(cell[1], b"columns", b"repeated")
        if not cell[2] or any(mark in cell[1] for mark in _VALUE_MARKS):
            reach = column + repeated
            if reach > columns:
                return f"has content in column {max(column, columns) + 1:,} of row {row + 1:,}"
        column += repeated
    return reach


def number(attributes: bytes, what: bytes, how: bytes) -> int:
    """table:number-<what>-<how> of a tag's attributes, 1 when absent (20 digits at most: a
    longer number is absurd, and is refused as that many)."""
    for found in _NUMBER.finditer(attributes):
        if found[1] == what and found[2] == how:
            return int(found[3])
    return 10**20 if b"number-" + what + b"-" + how + b'="' in attributes else 1
