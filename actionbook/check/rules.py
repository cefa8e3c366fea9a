"""The rules of the check: each a small generator over one read workbook, yielding Findings.

Every rule has the same signature, `rule(table, plan, as_of)`, and looks only at what the
reader returned, seen through a Table: what was typed (to know a cell was filled) and the
typed values, of started rows only (any cell but the ID filled). The reader reports what it
met while parsing (invalid values, layout); `check_workbook` keeps the reader's finding when
a rule finds the same problem again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from actionbook import schema
from actionbook.check.verdict import Report, sorted_findings, status
from actionbook.findings import Code, Finding, Severity
from actionbook.read.values import typed_currency
from actionbook.schema.currencies import in_currency
from actionbook.schema.rules import holding, is_blank, slippage_days
from actionbook.schema.rules import overdue as is_overdue
from actionbook.schema.table import Key, Kind
from actionbook.schema.wording import example_date_text, question_text
from actionbook.template.values import counts_of

if TYPE_CHECKING:
    from actionbook.plan import Plan
    from actionbook.read.reader import Workbook

Rule = Callable[["Table", "Plan", dt.date], Iterable[Finding]]
Row = int | np.integer  # a started row's position, as np.flatnonzero gives it

ID, GOAL, STEP = (schema.column(k) for k in (Key.ACTION_ID, "goal", Key.ACTION_STEP))
START, DUE = schema.column(Key.START_DATE), schema.column(Key.DUE_DATE)
STATUS, TARGET = schema.column("status"), schema.column(Key.KPI_TARGET)
MINISTRY, OWNER = schema.cover_field("ministry"), schema.cover_field(Key.PLAN_OWNER)
_, _, EXCEL_ROW = schema.PROVENANCE
DATE_KEYS, NUMBER_KEYS = schema.keys_of(Kind.DATE), schema.keys_of(Kind.NUMBER)
COST_KEYS = schema.cost_keys()
STARTED_KEYS = frozenset(schema.started_keys())
# The official cannot change a locked column: a date there outside the plan is no finding.
PLAN_DATE_KEYS = tuple(k for k in DATE_KEYS if not schema.column(k).locked)
BASELINE, REMARKS = schema.column(Key.BASELINE_DUE), schema.column(Key.REMARKS)
# The goal is a choice too, but a goal the plan lacks has its own code (unknown-goal).
# each choice column but the goal (checked against the plan's goals) and the list it picks from
CHOICE_LISTS = {c.key: c.choices for c in schema.COLUMNS
                if c.kind is Kind.CHOICE and c is not GOAL and c.choices}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MEASURABLE = re.compile(r"\d|%|\b(?:" + "|".join(MONTHS) + r")[a-z]*\b", re.IGNORECASE)


# What the rules look at --------------------------------------------------------------------

class Table:
    """A read workbook as the rules see it, worked out once as plain arrays (a hundred rows
    cost pandas more per operation than the work itself): the started rows (any cell but
    the ID filled), what was typed in them and which of their cells hold something."""

    def __init__(self, wb: Workbook):
        self.wb = wb
        keys, texts = wb.typed_cells()
        holding = filled_cells(texts)
        self.positions = started_positions(holding, keys)
        self.count = len(self.positions)
        self.texts, self.holding = texts[self.positions], holding[self.positions]
        self.column = {key: i for i, key in enumerate(keys)}
        self.excel_rows = wb.actions[EXCEL_ROW].to_numpy()[self.positions].tolist()
        self.typed_values: dict[str, np.ndarray] = {}

    def filled(self, key: str) -> np.ndarray:
        """Which started rows hold something in `key` (none when the column is missing)."""
        if key not in self.column:
            return np.zeros(self.count, dtype=bool)
        return self.holding[:, self.column[key]]

    def values(self, key: str) -> np.ndarray:
        """The typed values of `key` in the started rows."""
        if key not in self.typed_values:
            self.typed_values[key] = self.wb.actions[key].to_numpy()[self.positions]
        return self.typed_values[key]

    def typed(self, key: str, at: Row) -> str:
        """What the official typed in the `key` cell of started row `at`."""
        return str(self.texts[at, self.column[key]] or "").strip()

    def excel_row(self, at: Row) -> int:
        return int(self.excel_rows[at])


def filled_cells(texts: np.ndarray) -> np.ndarray:
    """True where a cell of the 2D array holds something other than spaces."""
    return holding(texts.ravel()).reshape(texts.shape)


def started_positions(holding: np.ndarray, keys: list[str]) -> np.ndarray:
    """Positions of the started rows: any cell the official types into but the ID holds
    something (a carried baseline alone starts nothing)."""
    others = [i for i, key in enumerate(keys) if key in STARTED_KEYS]
    return np.flatnonzero(holding[:, others].any(axis=1))




def in_cell(t: Table, code: Code, key: str, at: Row, **details) -> Finding:
    """A finding about the `key` cell of started row `at`."""
    row = t.excel_row(at)
    return Finding.make(code, file=t.wb.file, sheet=t.wb.sheet, cell=t.wb.cell(key, row),
                        row=row, field=key, **details)


def on_cover(t: Table, code: Code, key: str, **details) -> Finding:
    cell = t.wb.cover_cells.get(key)
    row = int(re.sub(r"\D", "", cell)) if cell else None
    return Finding.make(code, file=t.wb.file, sheet=t.wb.cover_sheet, cell=cell, row=row,
                        field=key, **details)


def on_sheet(t: Table, code: Code, **details) -> Finding:
    return Finding.make(code, file=t.wb.file, sheet=t.wb.sheet, **details)


# Completeness of started rows and of the cover ------------------------------------------------

# A required column's empty cell is a gap in the form; a recommended one's is advice.
MISSING = {Severity.ERROR: Code.MISSING_REQUIRED, Severity.WARNING: Code.MISSING_RECOMMENDED}


def missing_required(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    for col in schema.required_columns():
        if col.key not in t.wb.columns:
            continue  # the reader already said the whole column is missing
        code = MISSING[col.required or Severity.WARNING]
        for at in np.flatnonzero(~t.filled(col.key)):
            yield in_cell(t, code, col.key, at, severity=code.severity, column=col.label,
                          question=question_text(col, plan))


def missing_owner(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    if is_blank(t.wb.cover.get(OWNER.key)):
        yield on_cover(t, Code.MISSING_OWNER, OWNER.key)


def missing_cover_field(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    for field in schema.COVER_FIELDS:
        if field.required and field.key != OWNER.key and is_blank(t.wb.cover.get(field.key)):
            yield on_cover(t, Code.MISSING_COVER_FIELD, field.key, severity=field.required,
                           label=field.label)


def no_actions(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    if t.count == 0:
        yield on_sheet(t, Code.NO_ACTIONS)


# Values the reader kept but the plan does not allow ---------------------------------------------

def invalid_choice(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    for key, list_name in CHOICE_LISTS.items():
        column = schema.column(key)
        allowed = plan.choices(list_name)
        values = t.values(key).tolist()
        if not set(values).difference(allowed):
            continue  # every value allowed: one set difference says so
        outside = np.array([value not in allowed for value in values], dtype=bool)
        for at in np.flatnonzero(outside & t.filled(key)):
            yield in_cell(t, Code.INVALID_CHOICE, key, at, column=column.label,
                          value=t.typed(key, at), allowed=", ".join(allowed))


def unknown_goal(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    goals = t.values(GOAL.key).tolist()
    unknown = {goal for goal in set(goals) if not is_blank(goal) and plan.goal(goal) is None}
    for at, goal in enumerate(goals):
        if goal in unknown:
            yield in_cell(t, Code.UNKNOWN_GOAL, GOAL.key, at, value=t.typed(GOAL.key, at))


def invalid_date(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    for key in DATE_KEYS:
        column = schema.column(key)
        for at in unparsed(t, key):
            yield in_cell(t, Code.INVALID_DATE, key, at, column=column.label,
                          value=t.typed(key, at), why="not a date that can be read",
                          example=example_date_text(plan))


def invalid_number(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    for key in NUMBER_KEYS:
        label = schema.column(key).label
        for at in unparsed(t, key):
            yield in_cell(t, Code.INVALID_NUMBER, key, at, column=label,
                          value=t.typed(key, at), why="not a number that can be read")
        if key not in COST_KEYS:
            continue
        for at in np.flatnonzero(numbers(t, key) < 0):
            yield in_cell(t, Code.INVALID_NUMBER, key, at, column=label,
                          value=t.typed(key, at), why="a cost cannot be negative")


def other_currency(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    for key in COST_KEYS:
        for at, mark in foreign_costs(t, key, plan):
            yield in_cell(t, Code.OTHER_CURRENCY, key, at, column=schema.column(key).label,
                          value=t.typed(key, at), mark=mark, **currency_words(plan.currency))


def foreign_costs(t: Table, key: str, plan: Plan) -> list[tuple[int, str]]:
    """(started row, currency mark) of each cost read as a number but typed with the mark of
    another currency than the plan's (any mark, when the plan names none)."""
    if key not in t.column:
        return []
    read = ~np.isnan(numbers(t, key))
    typed = t.texts[:, t.column[key]].tolist()
    marks = ((at, typed_currency(typed[at])) for at in np.flatnonzero(read).tolist())
    return [(at, mark) for at, mark in marks if mark and not in_currency(mark, plan.currency)]


def currency_words(currency: str | None) -> dict[str, str]:
    if currency is None:
        return {"why": ", and the plan names no currency to add it to",
                "fix": "Type the amount as a number alone; the coordinator names the plan's "
                       "currency in plan.toml ([plan] currency)."}
    return {"why": f", not in the plan's currency ({currency})",
            "fix": f"Convert it to {currency} and type the number alone, e.g. 120000."}


# Why a cost stays out of the totals: said by the Summary ("2 negative, 1 in USD").
NEGATIVE, NOT_A_NUMBER = "negative", "not a number"


def costs_left_out(t: Table, plan: Plan) -> list[str | None]:
    """Per started row, why its cost is left out of every total (None: it counts): a value
    the check calls an error (negative, or not a number) or one in another currency."""
    reasons: list[str | None] = [None] * t.count
    for key in COST_KEYS:
        found = [(unparsed(t, key).tolist(), NOT_A_NUMBER),
                 (np.flatnonzero(numbers(t, key) < 0).tolist(), NEGATIVE)]
        found += [([at], f"in {mark}") for at, mark in foreign_costs(t, key, plan)]
        for rows, why in found:
            for at in rows:
                reasons[at] = reasons[at] or why
    return reasons


def unparsed(t: Table, key: str) -> np.ndarray:
    """Started rows where something was typed in `key` but no value could be read from it."""
    return np.flatnonzero(t.filled(key) & pd.isna(t.values(key)))


def dates(t: Table, key: str) -> np.ndarray:
    return t.values(key).astype("datetime64[us]")


def numbers(t: Table, key: str) -> np.ndarray:
    return t.values(key).astype("float64")


def unknown_ministry(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    code = t.wb.cover.get(MINISTRY.key)
    if not is_blank(code) and (not isinstance(code, str) or plan.ministry(code) is None):
        yield on_cover(t, Code.UNKNOWN_MINISTRY, MINISTRY.key, value=code)


def wrong_ministry(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    expected, found = t.wb.metadata.get(MINISTRY.key), t.wb.cover.get(MINISTRY.key)
    if expected is not None and not is_blank(expected) and not is_blank(found) \
            and str(found).strip() != expected.strip():
        yield on_cover(t, Code.WRONG_MINISTRY, MINISTRY.key, found=found, expected=expected)


# Rules about the plan itself ------------------------------------------------------------------

def date_outside_plan(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    start, end = np.datetime64(plan.start, "us"), np.datetime64(plan.end, "us")
    for key in PLAN_DATE_KEYS:
        values = dates(t, key)
        for at in np.flatnonzero((values < start) | (values > end)):
            yield in_cell(t, Code.DATE_OUTSIDE_PLAN, key, at, column=schema.column(key).label,
                          value=day(values[at]), start=plan.start.isoformat(),
                          end=plan.end.isoformat())


def end_before_start(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    due, start = dates(t, DUE.key), dates(t, START.key)
    for at in np.flatnonzero(due < start):
        yield in_cell(t, Code.END_BEFORE_START, DUE.key, at, due=day(due[at]), start=day(start[at]))


def overdue(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    due, statuses = dates(t, DUE.key), t.values(STATUS.key).tolist()
    for at in np.flatnonzero(is_overdue(due, statuses, plan.closed_statuses, as_of)):
        status = statuses[at]
        yield in_cell(t, Code.OVERDUE, DUE.key, at, due=day(due[at]),
                      status="blank" if is_blank(status) else status)


def unexplained_delay(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    """A step overdue, or due later than originally due, whose Remarks say nothing."""
    due, baseline = dates(t, DUE.key), dates(t, BASELINE.key)
    late = is_overdue(due, t.values(STATUS.key).tolist(), plan.closed_statuses, as_of)
    slipped = slippage_days(due, baseline)
    for at in np.flatnonzero((late | (slipped > 0)) & ~t.filled(REMARKS.key)):
        days = int(slipped[at]) if slipped[at] > 0 else 0
        why = (f"due {days} day{'s' * (days != 1)} later than originally due "
               f"({day(baseline[at])})" if days else f"overdue since {day(due[at])}")
        yield in_cell(t, Code.UNEXPLAINED_DELAY, REMARKS.key, at, why=why,
                      column=REMARKS.label, question=REMARKS.question)


def duplicate_action(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    ids = list(map(str.casefold, map(str.strip, as_text(texts(t, ID.key)))))
    yield from repeats(t, ID.key, ids, "The ID {value}")
    steps = list(map(str.casefold, map(" ".join, map(str.split, as_text(texts(t, STEP.key))))))
    yield from repeats(t, STEP.key, steps, "This action step")


def as_text(values: list) -> list[str]:
    """Each value as text, a blank as "" (the reader's typed cells are text already)."""
    if set(map(type, values)) <= {str}:
        return values
    return [str(v or "") for v in values]


def texts(t: Table, key: str) -> list:
    """What was typed in `key` in the started rows ("" throughout when the column is missing)."""
    if key not in t.column:
        return [""] * t.count
    return t.texts[:, t.column[key]].tolist()


def repeats(t: Table, key: str, values: list[str], what: str) -> Iterator[Finding]:
    """A finding at each later row whose normalised value equals an earlier row's."""
    if len(set(values)) == len(values):
        return  # no value twice (one set says so, without a look at each row)
    first: dict[str, int] = {}
    for at, value in enumerate(values):
        if not value:
            continue
        if value in first:
            yield in_cell(t, Code.DUPLICATE_ACTION, key, at, other=t.excel_row(first[value]),
                          what=what.format(value=t.typed(key, at)))
        else:
            first[value] = at


def goal_without_actions(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    # A ministry need not serve every goal of the plan: for one workbook this is a note;
    # consolidation reports the goals no ministry serves as warnings.
    served = {goal for goal in t.values(GOAL.key).tolist() if goal is not None and goal == goal}
    if not served:
        return
    for goal in plan.goals:
        if goal.id not in served:
            yield on_sheet(t, Code.GOAL_WITHOUT_ACTIONS, field=GOAL.key, severity=Severity.INFO,
                           goal=goal.label)


def kpi_not_measurable(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    filled = t.filled(TARGET.key)
    for at, target in enumerate(texts(t, TARGET.key)):
        if filled[at] and not MEASURABLE.search(str(target)):
            yield in_cell(t, Code.KPI_NOT_MEASURABLE, TARGET.key, at,
                          value=t.typed(TARGET.key, at), by=plan.end.isoformat())


RULES: tuple[Rule, ...] = (
    no_actions, missing_owner, missing_cover_field, unknown_ministry,
    wrong_ministry, missing_required, invalid_choice, unknown_goal, invalid_date,
    invalid_number, other_currency, date_outside_plan, end_before_start, overdue,
    unexplained_delay, duplicate_action,
    goal_without_actions, kpi_not_measurable,
)


# One workbook -------------------------------------------------------------------------------

# The reader reports bad values while parsing; a rule finding the same cell again is dropped.
VALUE_CODES = frozenset({Code.INVALID_CHOICE, Code.INVALID_DATE, Code.INVALID_NUMBER,
                         Code.UNKNOWN_GOAL, Code.UNKNOWN_MINISTRY})


def check_workbook(wb: Workbook, plan: Plan, as_of: dt.date) -> Report:
    """The reader's findings and every rule's, with the workbook's status and completeness."""
    return check_table(Table(wb), plan, as_of)


def check_table(t: Table, plan: Plan, as_of: dt.date) -> Report:
    """check_workbook of a workbook already seen as a Table (which names its started rows)."""
    findings = [*t.wb.findings, *rule_findings(t, plan, as_of)]
    return Report(t.wb.file, t.wb.path, ministry_of(t.wb), status(findings), completeness(t),
                  t.count, sorted_findings(findings), t.wb)


def rule_findings(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    reported = {problem(f) for f in t.wb.findings}
    for rule in RULES:
        yield from (f for f in rule(t, plan, as_of) if problem(f) not in reported)


def problem(finding: Finding) -> tuple:
    """What a finding is about: two findings with the same problem say the same thing."""
    if finding.code in VALUE_CODES:
        return ("bad value", finding.row, finding.field)
    return (finding.code, finding.row)


def ministry_of(wb: Workbook) -> str | None:
    for code in (wb.cover.get(MINISTRY.key), wb.metadata.get(MINISTRY.key)):
        if not is_blank(code):
            return str(code).strip()
    return None


def completeness(t: Table) -> float:
    """Filled required cells / required cells, by the rule of the workbook's live counter
    (template_values.completeness_counts) over what was typed, so the two always agree."""
    filled_cells, required = counts_of(t.holding, list(t.column), t.wb.cover)
    return filled_cells / required if required else 1.0


def day(value: np.datetime64) -> str:
    return str(value.astype("datetime64[D]"))
