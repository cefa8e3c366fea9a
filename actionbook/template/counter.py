"""The cover's live counter: what `actionbook check` judges, counted by spreadsheet formulas.

Two things decide whether check calls a workbook complete: every required cell filled, and
no error. The counter shows both - "12 of 40 required cells filled (30%)" and the problems
the workbook itself can see (a value outside its list, a date or cost that is not one, a due
date before the start, a repeated ID or step, no step at all) - so that "100% and no problem"
on the cover is `complete` in check.

The formulas are array formulas over whole column ranges of the Action Plan sheet, not sums
of per-row helpers: a row inserted inside the table lies inside every range and is counted,
and the ranges run MARGIN rows past the prepared ones, so a step typed just below them counts
too (anything further down is a problem of its own). They start at the example row, which
they leave out by its ID, so that a row inserted above the first step is inside them as
well. A cell is blank when nothing is left once the characters of schema.rules.INVISIBLE
are taken out: the very rule of check. `visible_problems` is the same count in Python, for
the values the formulas carry when the template is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name

from actionbook import schema
from actionbook.findings import Severity
from actionbook.schema import layout
from actionbook.schema.rules import INVISIBLE, SPACES, is_blank
from actionbook.schema.table import Key, Kind
from actionbook.template.values import cell_value

MARGIN = 100  # rows past the prepared ones that the formulas still look at
# The two marks that wrap each required cell in a row's joined text: an empty required cell
# leaves the pair side by side. Private-use characters: nobody types them.
OPEN, CLOSE = "\ue000", "\ue001"
ID, GOAL = schema.column(Key.ACTION_ID), schema.column(Key.GOAL)
STEP, START, DUE = (schema.column(k) for k in (Key.ACTION_STEP, Key.START_DATE, Key.DUE_DATE))
DATE_COLUMNS = tuple(c for c in schema.COLUMNS if c.kind is Kind.DATE)
NUMBER_COLUMNS = tuple(c for c in schema.COLUMNS if c.kind is Kind.NUMBER)
CHOICE_COLUMNS = tuple(c for c in schema.COLUMNS if c.choices)
COVER_DATES = tuple(f for f in schema.COVER_FIELDS if f.kind is Kind.DATE)


def character(char: str) -> str:
    """A character as a formula writes it: CHAR() for the controls XML cannot carry."""
    code = ord(char)
    return f"CHAR({code})" if code < 32 else f'"{char}"'


def without(text: str, chars: str, by: str = "") -> str:
    """The formula of `text` with each of `chars` replaced by `by`."""
    for char in chars:
        if char != " " or by != " ":
            text = f'SUBSTITUTE({text},{character(char)},"{by}")'
    return text


def visible(text: str) -> str:
    """The formula of `text` without its invisible characters (empty when the cell is blank)."""
    return without(text, INVISIBLE)


def required_keys() -> tuple[str, ...]:
    return tuple(c.key for c in schema.required_columns(Severity.ERROR))


@dataclass(frozen=True)
class Ranges:
    """The Action Plan's column ranges the counter reads: the example row to MARGIN rows past
    the table's `last_row`."""

    last_row: int

    @property
    def end(self) -> int:
        return self.last_row + MARGIN

    def of(self, key: str) -> str:
        letter = layout.template_column(key)
        return f"'{layout.ACTIONS_SHEET}'!${letter}${layout.EXAMPLE_ROW}:${letter}${self.end}"

    def rows(self) -> str:
        """Which rows count: all but the template's example (its ID)."""
        return f'({self.of(ID.key)}<>"{layout.EXAMPLE_ID}")'

    def joined(self) -> str:
        """Each row's cells but the ID joined, required ones wrapped, invisible marks out."""
        parts = [f'"{OPEN}"&{self.of(key)}&"{CLOSE}"' if key in required_keys()
                 else self.of(key) for key in schema.started_keys()]
        return visible("&".join(parts))

    def started(self) -> str:
        """1 for each started row: its joined text holds more than the wrapping marks."""
        return f"{self.rows()}*(LEN({self.joined()})>{2 * len(required_keys())})"

    def below(self) -> str:
        """Cells filled under the rows the formulas look at: all of the table's columns less
        the rows down to the end. Whole columns, not a range to the sheet's last row: a
        reference that far is what the pre-flight check looks twice at (safety/far_refs)."""
        first, last = (xl_col_to_name(i) for i in (1, len(schema.COLUMNS) - 1))
        sheet = f"'{layout.ACTIONS_SHEET}'!"
        return (f"COUNTA({sheet}${first}:${last})"
                f"-COUNTA({sheet}${first}$1:${last}${self.end})")


def started_formula(ranges: Ranges) -> str:
    return f"=SUMPRODUCT({ranges.started()})"


def filled_formula(ranges: Ranges) -> str:
    """Required cells filled in started rows: the required count less the empty pairs."""
    joined, pair = ranges.joined(), f'"{OPEN}{CLOSE}"'
    empty = f"(LEN({joined})-LEN(SUBSTITUTE({joined},{pair},\"\")))/2"
    return f"=SUMPRODUCT({ranges.started()}*({len(required_keys())}-{empty}))"


def problem_formulas(ranges: Ranges) -> dict[str, str]:
    """Each kind of problem the workbook can see, as an array formula counting it."""
    formulas = {}
    for column in CHOICE_COLUMNS:
        cells, names = ranges.of(column.key), layout.defined_name(column.choices or "")
        formulas[column.key] = (f"=SUM({ranges.rows()}*(LEN({visible(cells)})>0)"
                                f"*(1-ISNUMBER(MATCH(TRIM({cells}),{names},0))))")
    for column in (*DATE_COLUMNS, *NUMBER_COLUMNS):
        cells = ranges.of(column.key)
        negative = f"+ISNUMBER({cells})*({cells}<0)" if column.cost else ""
        formulas[column.key] = (f"=SUM({ranges.rows()}*((LEN({visible(cells)})>0)"
                                f"*(1-ISNUMBER({cells})){negative}))")
    start, due = ranges.of(START.key), ranges.of(DUE.key)
    formulas["end_before_start"] = (f"=SUM({ranges.rows()}*ISNUMBER({start})*ISNUMBER({due})"
                                    f"*({due}<{start}))")
    for column in (ID, STEP):
        formulas[f"repeated_{column.key}"] = repeated(ranges, column.key)
    for field in COVER_DATES:
        cell = f"${layout.COVER_VALUE_COLUMN}${layout.cover_row(field.key)}"
        formulas[field.key] = f"=(LEN({visible(cell)})>0)*(1-ISNUMBER({cell}))"
    formulas["below"] = f"={ranges.below()}"
    return formulas


def repeated(ranges: Ranges, key: str) -> str:
    """Rows whose text repeats an earlier row's, compared as check compares them: spaces of
    any kind squeezed to one, case ignored."""
    cells = ranges.of(key)
    text = f"LOWER(TRIM({without(cells, SPACES, ' ')}))"
    earlier = f"(ROW({cells})>TRANSPOSE(ROW({cells})))"
    same = f"MMULT(({text}=TRANSPOSE({text}))*{earlier}*(LEN({text})>0),ROW({cells})^0)"
    return f"=SUM({ranges.rows()}*(LEN({visible(cells)})>0)*({same}>0))"


# The same counts in Python, for the formulas' cached values ------------------------------------

def visible_problems(plan, rows: list[dict], cover: dict) -> dict[str, int]:
    """problem_formulas' counts over the template's own `rows` (reader-shaped values, goals as
    ids or labels) and `cover`."""
    found = dict.fromkeys(problem_formulas(Ranges(0)), 0)
    for column in CHOICE_COLUMNS:
        allowed = {value.casefold() for value in plan.choices(column.choices)}
        found[column.key] = sum(not is_blank(v) and shown(plan, column, v) not in allowed
                                for v in values(rows, column.key))
    for column in (*DATE_COLUMNS, *NUMBER_COLUMNS):
        found[column.key] = sum(not_a_value(column, v) for v in values(rows, column.key))
    found["end_before_start"] = sum(
        isinstance(start, dt.date) and isinstance(due, dt.date) and due < start
        for start, due in zip(values(rows, START.key), values(rows, DUE.key)))
    for column in (ID, STEP):
        found[f"repeated_{column.key}"] = repeats(values(rows, column.key))
    for field in COVER_DATES:
        value = cover.get(field.key)
        found[field.key] = int(not is_blank(value) and not isinstance(value, dt.date))
    return found


def not_a_value(column: schema.Column, value) -> bool:
    """A date or number cell holding something the formulas do not see as one (or a cost
    below 0)."""
    if is_blank(value):
        return False
    if column.kind is Kind.DATE:
        return not isinstance(value, dt.date)
    if not isinstance(value, (int, float)):
        return True
    return bool(column.cost and value < 0)


def values(rows: list[dict], key: str) -> list:
    """The column's values as the template writes them into the cells (a Timestamp as a
    date, a blank as None)."""
    kind = schema.column(key).kind
    return [cell_value(row.get(key), kind) for row in rows]


def shown(plan, column, value) -> str:
    """A choice as its cell shows it, case folded: a goal's id shows as its label."""
    goal = plan.goal(value) if column is GOAL and isinstance(value, str) else None
    return (goal.label if goal else str(value).strip(" ")).casefold()


def repeats(texts: list) -> int:
    seen, count = set(), 0
    for text in texts:
        if is_blank(text):
            continue
        squeezed = " ".join(str(text).split()).casefold()
        count += squeezed in seen
        seen.add(squeezed)
    return count
