"""The action rows under the header: typed values, what was typed, and what was repaired.

Rows keep their Excel numbers: a blank row in the middle is skipped, never renumbered. The
guiding-question row under the header and the template's example row, left unchanged, are
not actions. Thousands of formatted empty rows cost nothing: calamine does not return them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from actionbook import layout, schema
from actionbook.cells import Cell, Converter
from actionbook.columns import Mapping, normalise
from actionbook.findings import Finding
from actionbook.schema import Kind
from actionbook.template_values import example_value

Place = Callable[..., Finding]  # place(code, cell, row, key, **details) -> Finding
DTYPES = {Kind.DATE: "datetime64[us]", Kind.NUMBER: "float64"}
DATE_DTYPE = DTYPES[Kind.DATE]


@dataclass
class Rows:
    """The table's rows as columns of values, ready to become DataFrames."""

    values: dict[str, list] = field(default_factory=lambda: {k: [] for k in schema.action_keys()})
    typed: dict[str, list] = field(default_factory=lambda: {k: [] for k in schema.action_keys()})
    excel_rows: list[int] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    example_row: int | None = None


class RowReader:
    """Reads the data rows of one mapped sheet grid."""

    def __init__(self, grid: list[list], mapping: Mapping, converter: Converter, place: Place):
        self.grid, self.mapping, self.converter, self.place = grid, mapping, converter, place
        self.columns = [(schema.column(key), index) for key, index in mapping.keys.items()]
        self.inputs = [index for key, index in mapping.keys.items() if key != "action_id"]
        self.letters = {key: layout.column_letter(index + 1)
                        for key, index in mapping.keys.items()}

    def read(self, formulas: dict[tuple[int, int], str]) -> Rows:
        rows = Rows()
        leading = True  # the question row may sit between the header and the first action
        for number in range(self.mapping.header_row + 1, len(self.grid) + 1):
            cells = self.grid[number - 1]
            if all(blank(cells[i]) for i in self.inputs):
                continue
            if leading and self.is_question_row(cells):
                continue
            leading = False
            self.add(rows, number, cells, formulas)
        return rows

    def add(self, rows: Rows, number: int, cells: list, formulas: dict) -> None:
        converted = {col.key: self.converter.convert(col, cells[i]) for col, i in self.columns}
        if rows.example_row is None and self.is_example(converted):
            rows.example_row = number
            return
        rows.excel_rows.append(number)
        for key in schema.action_keys():
            cell = converted.get(key)
            rows.values[key].append(cell.value if cell else None)
            rows.typed[key].append(cell.text if cell else "")
            if cell and cell.code:
                rows.findings.append(self.at(cell.code, key, number, **cell.details))
            elif cell and cell.text and (number, self.mapping.keys[key]) in formulas:
                rows.findings.append(self.formula(key, number, cell, formulas))

    def at(self, code: str, key: str, number: int, **details) -> Finding:
        return self.place(code, f"{self.letters[key]}{number}", number, key, **details)

    def formula(self, key: str, number: int, cell: Cell, formulas: dict) -> Finding:
        text = formulas[(number, self.mapping.keys[key])] or "a formula"
        return self.at("value-repaired", key, number, column=schema.column(key).label,
                       value=text, result=cell.text, why="the formula's last computed value")

    def is_question_row(self, cells: list) -> bool:
        """The guiding questions under the headers (the template's row 5, the seed's table)."""
        asked = [normalise(cells[i]) == normalise(col.question)
                 for col, i in self.columns if not blank(cells[i])]
        return sum(asked) >= 2 and sum(asked) * 2 >= len(asked)

    def is_example(self, converted: dict[str, Cell]) -> bool:
        """The template's example row, left as it was: the example ID and example values."""
        if "action_id" in converted and converted["action_id"].value != layout.EXAMPLE_ID:
            return False
        examples = self.examples()
        return all(cell.value == examples[key] for key, cell in converted.items()
                   if key != "action_id")

    def examples(self) -> dict[str, object]:
        if not hasattr(self, "_examples"):
            self._examples = {
                col.key: self.converter.convert(col, example_value(col, self.converter.plan)).value
                for col, _ in self.columns}
        return self._examples


def blank(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def merged_findings(ranges, mapping: Mapping, place: Place) -> list[Finding]:
    """One finding per merged range that reaches into the table's rows and columns."""
    columns = {index: key for key, index in mapping.keys.items()}
    findings = []
    for (top, left), (bottom, right) in ranges or ():
        keys = [columns[i] for i in range(left, right + 1) if i in columns]
        if bottom + 1 <= mapping.header_row or not keys:
            continue
        first = f"{layout.column_letter(left + 1)}{top + 1}"
        last = f"{layout.column_letter(right + 1)}{bottom + 1}"
        findings.append(place("merged-cells", first, top + 1, keys[0], range=f"{first}:{last}"))
    return findings


def frames(rows: Rows, cover: dict[str, object], source_file: str, sheet: str):
    """(actions, raw): the typed DataFrame with cover and provenance, and the typed text."""
    count = len(rows.excel_rows)
    actions = {col.key: series(rows.values[col.key], col.kind) for col in schema.COLUMNS}
    for cover_field in schema.COVER_FIELDS:
        actions[cover_field.key] = series([cover.get(cover_field.key)] * count, cover_field.kind)
    actions["source_file"] = series([source_file] * count, Kind.TEXT)
    actions["sheet"] = series([sheet] * count, Kind.TEXT)
    actions["excel_row"] = pd.Series(rows.excel_rows, dtype="int64")
    raw = pd.DataFrame({key: pd.Series(rows.typed[key], dtype=object)
                        for key in schema.action_keys()})
    return pd.DataFrame(actions), raw


def series(values: list, kind: Kind) -> pd.Series:
    return pd.Series(values, dtype=DTYPES.get(kind, object))
