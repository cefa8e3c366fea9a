"""The action rows under the header: typed values, what was typed, and what was repaired.

Rows keep their Excel numbers: a blank row in the middle is skipped, never renumbered. The
guiding-question row under the header and the template's example row, left unchanged (or
pasted again further down), are not actions. Thousands of formatted empty rows cost
nothing: calamine does not return them. Values are converted column by column
(cells.convert_column), which is what keeps reading close to calamine's own speed.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import cast

import numpy as np
import pandas as pd

try:
    from pandas.api.internals import create_dataframe_from_blocks
except ImportError:  # pandas before 3.0
    create_dataframe_from_blocks = None

from xlsxwriter.utility import xl_rowcol_to_cell

from actionbook import schema
from actionbook.findings import Code, Finding
from actionbook.read.cells import TEXT_KINDS, Converter, convert_column, plain_texts
from actionbook.read.columns import Mapping, normalise
from actionbook.read.memory_fast import NO_MEMORY, NoMemory
from actionbook.schema import layout
from actionbook.schema.examples import example_texts, example_value
from actionbook.schema.layout import MAX_TEXT
from actionbook.schema.rules import is_blank
from actionbook.schema.table import Key, Kind

Place = Callable[..., Finding]  # place(code, cell, row, key, **details) -> Finding
UNIX_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
MICROSECONDS_PER_DAY = 86_400 * 1_000_000


@dataclass
class Rows:
    """The table's action rows, column by column."""

    excel_rows: list[int]
    values: dict[str, list] = field(default_factory=dict)  # key -> canonical values
    typed: dict[str, list] = field(default_factory=dict)  # key -> the cells as typed, as text
    findings: list[Finding] = field(default_factory=list)
    example_rows: list[int] = field(default_factory=list)  # copies of the example, dropped
    noted: set[tuple[int, str]] = field(default_factory=set)  # (excel row, key) with a finding


class RowReader:
    """Reads the data rows of one mapped sheet grid."""

    def __init__(self, grid: list[list], mapping: Mapping, converter: Converter, place: Place,
                 memory: NoMemory = NO_MEMORY):
        self.grid, self.mapping, self.converter, self.place = grid, mapping, converter, place
        self.memory = memory
        self.columns = [(COLUMNS[key], index) for key, index in mapping.keys.items()]
        # A row is read when a cell the official types into holds something: not the
        # pre-numbered ID, nor a baseline actionbook carried over (Column.locked).
        inputs = [index for key, index in mapping.keys.items() if key in STARTED_KEYS]
        self.inputs = itemgetter(*inputs) if len(inputs) > 1 else lambda cells: (
            tuple(cells[i] for i in inputs))
        self.width = len(inputs)
        self.first_input = inputs[0] if inputs else None
        self.id_index = mapping.keys.get(Key.ACTION_ID)
        self.questions: dict[str, frozenset[str]] | None = None  # worded once, when asked

    def questions_of(self, col: schema.Column) -> frozenset[str]:
        if self.questions is None:
            self.questions = questions(self.converter.plan)
        return self.questions[col.key]

    def read(self) -> Rows:
        rows = self.action_rows()
        # The action rows turned into columns at once (calamine's rows are all as wide).
        self.cells_by_column = list(zip(*(self.grid[number - 1] for number in rows.excel_rows)))
        plain = self.plain_text_columns()
        for spec in schema.COLUMNS:
            if spec.key in self.mapping.keys:
                self.read_column(rows, spec, spec.key in plain)
            else:
                rows.values[spec.key] = [None] * len(rows.excel_rows)
                rows.typed[spec.key] = [""] * len(rows.excel_rows)
        return rows

    def action_rows(self) -> Rows:
        """The Excel numbers of the rows that are actions (and of the example row, if left).
        Whole lists at a time, not a loop with calls per row: only the first filled rows may
        be question rows, and only rows with the example ID may be the example."""
        numbers = self.filled_rows()
        # The question row may sit between the header and the first action.
        leading = next((at for at, number in enumerate(numbers)
                        if not self.known_row(self.grid[number - 1], False)), len(numbers))
        numbers = numbers[leading:]
        examples = [number for number in self.may_be_examples(numbers)
                    if self.known_row(self.grid[number - 1], True, number == numbers[0])]
        if examples:
            numbers = [number for number in numbers if number not in examples]
        return Rows(excel_rows=numbers, example_rows=examples)

    def filled_rows(self) -> list[int]:
        """Excel numbers of the rows under the header with any input cell filled. Most rows
        have their first input filled with text, which settles it at once; the others are
        mostly the pre-numbered blank ones, whose inputs are all ""."""
        start, width, inputs, first = self.mapping.header_row, self.width, self.inputs, \
            self.first_input
        if first is None:
            return []
        return [number for number, cells in enumerate(self.grid[start:], start + 1)
                if ((text := cells[first]).__class__ is str and text and not text.isspace())
                or ((values := inputs(cells)).count("") != width
                    and not all(map(is_blank, values)))]

    def plain_text_columns(self) -> set[str]:
        """The text columns, when every cell of them all is plain text already: judged at
        once, in three C-level passes for the whole table instead of three per column."""
        keys = [col.key for col in schema.COLUMNS
                if col.kind in TEXT_KINDS and col.key in self.mapping.keys]
        if not self.cells_by_column:
            return set()
        columns = [self.cells_by_column[self.mapping.keys[key]] for key in keys]
        return set(keys) if plain_texts(list(itertools.chain.from_iterable(columns))) else set()

    def read_column(self, rows: Rows, spec: schema.Column, plain: bool) -> None:
        index = self.mapping.keys[spec.key]
        raws = list(self.cells_by_column[index]) if self.cells_by_column else []
        converted = convert_column(self.converter, spec, raws, plain)
        # A CellTexts stands for the list of texts it makes when first read.
        rows.values[spec.key], rows.typed[spec.key] = converted.values, cast(list, converted.texts)
        for position, cell in converted.notes:
            if cell.code is None:
                continue  # convert_column notes only the cells with a code
            number = rows.excel_rows[position]
            rows.findings.append(self.at(cell.code, spec.key, number, **cell.details))
            rows.noted.add((number, spec.key))
        if spec.kind in TEXT_KINDS:
            self.long_texts(rows, spec, converted.values)

    def long_texts(self, rows: Rows, spec: schema.Column, values: list) -> None:
        """A warning on each text longer than an Excel cell holds: the consolidated workbook
        cuts it, the exports keep it whole. Judged for the column at once (C-level len)."""
        if max(map(len, filter(None, values)), default=0) <= MAX_TEXT:
            return
        for position, text in enumerate(values):
            if text and len(text) > MAX_TEXT:
                rows.findings.append(self.at(Code.TEXT_TOO_LONG, spec.key,
                                             rows.excel_rows[position], column=spec.label,
                                             length=f"{len(text):,}", limit=f"{MAX_TEXT:,}"))

    def formula_findings(self, rows: Rows, formulas: dict[tuple[int, int], str]) -> list[Finding]:
        """A finding at each formula cell of the actions that holds something and has no
        other finding: its value is the formula's cached result (xlsx_extras.formula_cells)."""
        keys = {index: key for key, index in self.mapping.keys.items()}
        positions = {number: at for at, number in enumerate(rows.excel_rows)}
        found = []
        for number, column in formulas:
            key = keys.get(column)
            if key is None or number not in positions or (number, key) in rows.noted:
                continue
            text = rows.typed[key][positions[number]]
            if text:
                found.append(self.formula(COLUMNS[key], number, text, formulas))
        return found

    def at(self, code: Code, key: str, number: int, **details) -> Finding:
        return self.place(code, f"{self.mapping.letter(key)}{number}", number, key, **details)

    def formula(self, spec: schema.Column, number: int, text: str, formulas: dict) -> Finding:
        formula = formulas[(number, self.mapping.keys[spec.key])] or "a formula"
        return self.at(Code.VALUE_REPAIRED, spec.key, number, column=spec.label, value=formula,
                       result=text, why="the formula's last computed value")

    def known_row(self, cells: list, example: bool, first: bool = True) -> bool:
        """is_example (`example`) or is_question_row of a row, remembered by the row's cells:
        every workbook of a template holds the same question and example rows, and comparing
        each cell (normalised, or converted) costs more after calamine's read than keeping
        the answer (in a ReadMemory; memory_fast.py)."""
        def key() -> tuple:  # with the types: 1 == 1.0 == True
            return (tuple(cells), tuple(map(type, cells)), example, first, self.converter,
                    tuple(self.mapping.keys.items()))
        return self.memory.known_row(key, lambda: self.is_example(cells, first) if example
                                     else self.is_question_row(cells))

    def is_question_row(self, cells: list) -> bool:
        """The guiding questions under the headers (the template's row 5, the seed's table),
        in any shipped language, worded by the plan (a question may name a list)."""
        asked = [normalise(cells[i]) in self.questions_of(col)
                 for col, i in self.columns if not is_blank(cells[i])]
        return sum(asked) >= 2 and sum(asked) * 2 >= len(asked)

    def may_be_examples(self, numbers: list[int]) -> list[int]:
        """Cheaply: only a row with the example ID (or, without an ID column, the first row)
        can be the example row; every other row is an action without a closer look."""
        if self.id_index is None:
            return numbers[:1]
        ids = [self.grid[number - 1][self.id_index] for number in numbers]
        return [number for number, found in zip(numbers, ids)
                if found.__class__ is str and layout.EXAMPLE_ID in found]

    def is_example(self, cells: list, first: bool) -> bool:
        """The template's example row, left as it was: the example ID and example values
        (without an ID column, only the first row is compared)."""
        if Key.ACTION_ID in self.mapping.keys:
            found = cells[self.mapping.keys[Key.ACTION_ID]]
            if not isinstance(found, str) or found.strip() != layout.EXAMPLE_ID:
                return False
        elif not first:
            return False
        plan = self.converter.plan
        return all(self.same_as_example(col, cells[i], example_value(col, plan))
                   for col, i in self.columns if col.key != Key.ACTION_ID)

    def same_as_example(self, col: schema.Column, found: object, example: object) -> bool:
        # The template writes the example values as they are: compare those first, and
        # only then what they mean (an official may have retyped one the same way). Each
        # ministry's workbook names its own ministry in the example: any of them counts.
        if found == example:
            return True
        if col.kind is Kind.TEXT and found in example_texts(col, self.converter.plan):
            return True
        return self.converter.convert(col, found).value == \
            self.converter.convert(col, example).value


def questions(plan) -> dict[str, frozenset[str]]:
    """Each column's guiding question in every shipped language as the plan words it,
    normalised. Once per file (known_row remembers each row's answer)."""
    return {key: frozenset(map(normalise, texts)) for key, texts in plan.questions.items()}


def merged_findings(ranges, mapping: Mapping, place: Place) -> list[Finding]:
    """One finding per merged range that reaches into the table's rows and columns."""
    columns = {index: key for key, index in mapping.keys.items()}
    findings = []
    for (top, left), (bottom, right) in ranges or ():
        if bottom + 1 <= mapping.header_row:
            continue  # the template's group headers, merged above the table
        keys = [columns[i] for i in range(left, right + 1) if i in columns]
        if not keys:
            continue
        first = xl_rowcol_to_cell(top, left)
        last = xl_rowcol_to_cell(bottom, right)
        findings.append(place(Code.MERGED_CELLS, first, top + 1, keys[0], range=f"{first}:{last}"))
    return findings


def frames(rows: Rows, cover: dict[str, object], source_file: str, sheet: str) -> pd.DataFrame:
    """The typed DataFrame of the actions, with the cover and provenance."""
    count = len(rows.excel_rows)
    columns = dict(rows.values)
    columns.update({key: [cover.get(key)] * count for key in COVER_KEYS})
    columns.update(source_file=[source_file] * count, sheet=[sheet] * count)
    blocks = [
        (object_block(columns, TEXTS, count), TEXTS),
        (date_block(columns, DATES, count), DATES),
        (np.array([columns[key] for key in NUMBERS], dtype="float64").reshape(
            len(NUMBERS), count), NUMBERS),
        (np.array(rows.excel_rows, dtype="int64").reshape(1, count), ["excel_row"]),
    ]
    return from_blocks(blocks, ORDER, count)


def typed_block(typed: dict[str, list]) -> np.ndarray:
    """The cells as typed (Rows.typed) as one 2D object array, ACTION_KEYS x rows."""
    return object_block(typed, ACTION_KEYS, len(typed[ACTION_KEYS[0]]))


def raw_frame(typed: dict[str, list]) -> pd.DataFrame:
    """The cells as typed (Rows.typed) as a DataFrame, one column per action key."""
    block = typed_block(typed)
    return from_blocks([(block, ACTION_KEYS)], ACTION_KEYS, block.shape[1])


COVER_KEYS = schema.cover_keys()
ORDER = [*schema.action_keys(), *COVER_KEYS, *schema.PROVENANCE]
ACTION_KEYS = list(schema.action_keys())
KINDS = {**{col.key: col.kind for col in schema.COLUMNS},
         **{spec.key: spec.kind for spec in schema.COVER_FIELDS}}
COLUMNS = {col.key: col for col in schema.COLUMNS}
STARTED_KEYS = frozenset(schema.started_keys())
DATES = [key for key in ORDER if KINDS.get(key) is Kind.DATE]
NUMBERS = [key for key in ORDER if KINDS.get(key) is Kind.NUMBER]
TEXTS = [key for key in ORDER if key not in (*DATES, *NUMBERS, "excel_row")]


def object_block(columns: dict[str, list], keys: list[str], count: int) -> np.ndarray:
    """Text columns as one 2D object array, (columns, rows) as pandas keeps its blocks.
    Taken cell after cell (fromiter): given the lists, numpy looks into every cell for a
    nested sequence, at twice the cost."""
    cells = itertools.chain.from_iterable(columns[key] for key in keys)
    return np.fromiter(cells, dtype=object, count=len(keys) * count).reshape(len(keys), count)


def from_blocks(blocks: list[tuple[np.ndarray, list[str]]], order: list[str],
                count: int) -> pd.DataFrame:
    """One DataFrame from one 2D array per dtype, columns in `order`. Text stays object
    (pandas would infer its str dtype, where a blank is NaN, not None), and there is no
    per-column Series, concat or reorder: they cost a third of a whole read."""
    index, columns = pd.RangeIndex(count), column_index(tuple(order))
    if create_dataframe_from_blocks is None:  # pandas before 3.0
        frame = pd.concat([pd.DataFrame(block.T, columns=keys, index=index, dtype=block.dtype)
                           for block, keys in blocks], axis=1)
        frame = frame[order]
        frame.columns = columns
        return frame
    return create_dataframe_from_blocks(
        [(block, placement(tuple(order), tuple(keys))) for block, keys in blocks],
        index=index, columns=columns)


@functools.lru_cache(maxsize=16)  # a few fixed orders of the schema's keys
def placement(order: tuple[str, ...], keys: tuple[str, ...]) -> np.ndarray:
    """Where a block's columns sit among all the frame's columns (worked out once; pandas
    wraps the array in a BlockPlacement of its own and never writes to it)."""
    place = {key: position for position, key in enumerate(order)}
    placed = np.array([place[key] for key in keys], dtype=np.intp)
    placed.flags.writeable = False
    return placed


@functools.lru_cache(maxsize=4)
def column_index(order: tuple[str, ...]) -> pd.Index:
    # Built once: an Index of text costs as much as a column of the table, and is immutable.
    # Of object dtype: pandas 3 would keep the names in a pyarrow array, and every column
    # looked up by name (frame[key]) would then cost a third more.
    return pd.Index(order, dtype=object)


def date_block(columns: dict[str, list], keys: list[str], count: int) -> np.ndarray:
    """Date columns (datetime.date or None) as one datetime64[us] block, through their day
    numbers: numpy's own conversion of date objects costs as much as the rest of the frame.
    All the columns in one pass: after calamine's read each numpy call costs thrice what it
    does alone (the caches hold calamine's work, not numpy's)."""
    days = np.array([d.toordinal() if d is not None else 0
                     for key in keys for d in columns[key]], dtype="int64")
    micros = (days - UNIX_EPOCH_ORDINAL) * MICROSECONDS_PER_DAY
    micros[days == 0] = np.iinfo(np.int64).min  # NaT
    return micros.reshape(len(keys), count).view("datetime64[us]")


