"""The plan-level fields of a workbook: ministry, plan owner, contact, period, date sent.

The template's Cover sheet carries each field's key in hidden column A, so the fields are
found even when rows were inserted. A workbook without it (a hand-made table, a deleted
cover) is searched for the fields' labels, each followed by its value in the same row.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell

from actionbook import schema
from actionbook.findings import Code, Finding
from actionbook.read.cells import Cell, Converter, repaired
from actionbook.read.columns import normalise
from actionbook.read.values import choice_key
from actionbook.schema import layout
from actionbook.schema.table import Key

SCAN_ROWS = 40
KEY_TO_VALUE = (xl_cell_to_rowcol(f"{layout.COVER_VALUE_COLUMN}1")[1]
                - xl_cell_to_rowcol(f"{layout.COVER_KEY_COLUMN}1")[1])
MIN_KEYS = 2  # a column naming this many cover keys is the template's key column
COVER_KEYS = schema.cover_keys()
COVER_KEY_SET = frozenset(COVER_KEYS)
COVER_FIELDS = {cover_field.key: cover_field for cover_field in schema.COVER_FIELDS}


@dataclass
class Cover:
    values: dict[str, object] = field(default_factory=lambda: dict.fromkeys(COVER_KEYS))
    cells: dict[str, str] = field(default_factory=dict)
    typed: dict[str, str] = field(default_factory=dict)  # key -> text, where changed
    sheet: str | None = None
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Found:
    """Where one field's value sits: 0-based row and column, and the cell's raw value."""

    key: str
    row: int
    column: int
    raw: object
    derived: bool = False  # read from another field's cell (the ministry from its name)


def by_key_column(grid: list[list]) -> list[Found]:
    """Fields named by the hidden key column, each with the value cell to its right."""
    keys = COVER_KEY_SET
    found = {}
    for row, cells in enumerate(grid[:SCAN_ROWS]):
        for column, value in enumerate(cells[:KEY_TO_VALUE + 2]):
            if not value or value.__class__ is not str:
                continue  # most cells: blank, or not text
            key = value.strip()
            if key in keys and key not in found:
                at = column + KEY_TO_VALUE
                found[key] = Found(key, row, at, cells[at] if at < len(cells) else None)
    return list(found.values()) if len(found) >= MIN_KEYS else []


@functools.cache
def label_names() -> dict[str, tuple[str, ...]]:
    """Normalised label -> the fields it names: labels first, then keys and aliases (so
    "Ministry" is the name, which is that field's label, before the code's alias)."""
    names: dict[str, list[str]] = {}
    for pick in (lambda f: (f.label,), lambda f: (f.key,), lambda f: f.aliases):
        for cover_field in schema.COVER_FIELDS:
            for text in pick(cover_field):
                keys = names.setdefault(normalise(text), [])
                if cover_field.key not in keys:
                    keys.append(cover_field.key)
    return {text: tuple(keys) for text, keys in names.items()}


def by_labels(grid: list[list], rows: int = SCAN_ROWS) -> list[Found]:
    """Fields found by their labels: the value is the next non-blank cell to the right, or
    the text after a colon in the label cell itself ("Plan owner: A. Mensah")."""
    found: dict[str, Found] = {}
    for row, cells in enumerate(grid[:rows]):
        for column, value in enumerate(cells):
            if not isinstance(value, str) or not value.strip():
                continue
            label, _, after = value.partition(":")
            keys = label_names().get(normalise(value)) or label_names().get(normalise(label))
            free = [k for k in keys or () if k not in found]
            if not free:
                continue
            if after.strip() and normalise(label) in label_names():
                found[free[0]] = Found(free[0], row, column, after)
            else:
                found[free[0]] = value_right_of(free[0], cells, row, column)
    return list(found.values())


def value_right_of(key: str, cells: list, row: int, column: int) -> Found:
    """The first non-blank cell right of the label; blank if the next thing is a label."""
    for at in range(column + 1, len(cells)):
        value = cells[at]
        if isinstance(value, str) and is_label(value):
            break
        if value is not None and value != "" and not (isinstance(value, str)
                                                      and not value.strip()):
            return Found(key, row, at, value)
    return Found(key, row, column + 1, None)


def is_label(text: str) -> bool:
    return normalise(text.partition(":")[0]) in label_names() and (
        ":" in text or normalise(text) in label_names())


def read_cover(found: list[Found], sheet: str | None, converter: Converter,
               place: Callable[[Cell, str, int, str], Finding]) -> Cover:
    """Typed values of the fields found; `place` turns a repaired or invalid value into a
    finding at (cell, excel row, key) of `sheet`."""
    cover = Cover(sheet=sheet if found else None)
    for item in with_ministry_code(found):
        cell = xl_rowcol_to_cell(item.row, item.column)
        value = read_field(converter, item)
        if item.derived and value.code != Code.VALUE_REPAIRED:
            continue
        cover.cells[item.key] = cell
        cover.values[item.key] = value.value
        if value.code == Code.VALUE_REPAIRED or (value.value is None and value.text):
            cover.typed[item.key] = value.text  # what was typed, for a feedback copy
        # An unknown ministry is kept as typed; the check reports it against the roster.
        if value.code and value.code != Code.INVALID_CHOICE:
            cover.findings.append(place(value, cell, item.row + 1, item.key))
    return cover


def read_field(converter: Converter, item: Found) -> Cell:
    value = converter.convert(COVER_FIELDS[item.key], item.raw)
    if item.key == "ministry" and value.code == Code.INVALID_CHOICE:
        return ministry_by_name(converter, value)
    return value


def ministry_by_name(converter: Converter, typed: Cell) -> Cell:
    """The roster code of a ministry typed by its full name ("Ministry of Health" -> MOH)."""
    for ministry in converter.plan.ministries:
        if choice_key(typed.text) == choice_key(ministry.name):
            return repaired(schema.cover_field("ministry"), ministry.code, typed.text,
                            "the ministry's name, read as its code")
    return typed


def with_ministry_code(found: list[Found]) -> list[Found]:
    """A hand-made cover may name the ministry without its code: the name's cell is then
    read for the code too, kept only when it is a roster name (and reported)."""
    keys = {item.key for item in found}
    if "ministry" in keys or Key.MINISTRY_NAME not in keys:
        return found
    name = next(item for item in found if item.key == Key.MINISTRY_NAME)
    return [*found, Found("ministry", name.row, name.column, name.raw, derived=True)]
