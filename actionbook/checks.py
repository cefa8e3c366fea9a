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

from actionbook import layout, schema
from actionbook.findings import Finding, Severity
from actionbook.schema import Kind
from actionbook.status import Report, sorted_findings, status
from actionbook.template_values import completeness_counts

if TYPE_CHECKING:
    from actionbook.plan import Plan
    from actionbook.reader import Workbook

Rule = Callable[["Table", "Plan", dt.date], Iterable[Finding]]

ID, GOAL, STEP = (schema.column(k) for k in ("action_id", "goal", "action_step"))
START, DUE = schema.column("start_date"), schema.column("due_date")
STATUS, TARGET = schema.column("status"), schema.column("kpi_target")
MINISTRY, OWNER = schema.cover_field("ministry"), schema.cover_field("plan_owner")
_, _, EXCEL_ROW = schema.PROVENANCE
DATE_KEYS = tuple(c.key for c in schema.COLUMNS if c.kind is Kind.DATE)
NUMBER_KEYS = tuple(c.key for c in schema.COLUMNS if c.kind is Kind.NUMBER)
# The goal is a choice too, but a goal the plan lacks has its own code (unknown-goal).
CHOICE_KEYS = tuple(c.key for c in schema.COLUMNS if c.kind is Kind.CHOICE and c is not GOAL)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MEASURABLE = re.compile(r"\d|%|\b(?:" + "|".join(MONTHS) + r")[a-z]*\b", re.IGNORECASE)


# What the rules look at --------------------------------------------------------------------

class Table:
    """A read workbook as the rules see it, worked out once: the started rows' typed values
    (`rows`), what was typed in them (`raw`), and which of their cells hold something."""

    def __init__(self, wb: Workbook):
        self.wb = wb
        holding = filled(wb.raw)
        started = holding.drop(columns=ID.key).any(axis=1)
        self.rows = wb.actions[started]
        self.raw = wb.raw[started]
        self.filled = holding[started]
        self.excel_rows = dict(zip(self.rows.index, self.rows[EXCEL_ROW].tolist()))

    def typed(self, key: str, index) -> str:
        """What the official typed in the `key` cell of the row at `index`."""
        return str(self.raw.at[index, key] or "").strip()

    def excel_row(self, index) -> int:
        return int(self.excel_rows[index])


def filled(raw: pd.DataFrame) -> pd.DataFrame:
    """True where a cell holds something other than spaces."""
    holds = np.frompyfunc(lambda v: isinstance(v, str) and not v.isspace() and v != "", 1, 1)
    mask = holds(raw.to_numpy(dtype=object)).astype(bool) if raw.size else \
        np.zeros(raw.shape, dtype=bool)
    return pd.DataFrame(mask, index=raw.index, columns=raw.columns)


def in_cell(t: Table, code: str, key: str, index, **details) -> Finding:
    """A finding about the `key` cell of the action row at `index`."""
    row = t.excel_row(index)
    return Finding.make(code, file=t.wb.file, sheet=t.wb.sheet, cell=t.wb.cell(key, row),
                        row=row, field=key, **details)


def on_cover(t: Table, code: str, key: str, **details) -> Finding:
    cell = t.wb.cover_cells.get(key)
    row = int(re.sub(r"\D", "", cell)) if cell else None
    return Finding.make(code, file=t.wb.file, sheet=t.wb.cover_sheet, cell=cell, row=row,
                        field=key, **details)


def on_sheet(t: Table, code: str, **details) -> Finding:
    return Finding.make(code, file=t.wb.file, sheet=t.wb.sheet, **details)


# Completeness of started rows and of the cover ------------------------------------------------

def missing_required(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    for col in schema.required_columns():
        if col.key not in t.wb.columns:
            continue  # the reader already said the whole column is missing
        for index in t.rows.index[~t.filled[col.key]]:
            yield in_cell(t, "missing-required", col.key, index, severity=col.required,
                          column=col.label, question=col.question)


def missing_owner(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    if blank(t.wb.cover.get(OWNER.key)):
        yield on_cover(t, "missing-owner", OWNER.key)


def missing_cover_field(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    for field in schema.COVER_FIELDS:
        if field.required and field.key != OWNER.key and blank(t.wb.cover.get(field.key)):
            yield on_cover(t, "missing-cover-field", field.key, severity=field.required,
                           label=field.label)


def no_actions(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    if t.rows.empty:
        yield on_sheet(t, "no-actions")


def example_row_left(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    row = t.wb.example_row
    if row is not None and not templates_own_example(t.wb):
        yield Finding.make("example-row-left", file=t.wb.file, sheet=t.wb.sheet,
                           cell=t.wb.cell(ID.key, row), row=row)


# Values the reader kept but the plan does not allow ---------------------------------------------

def invalid_choice(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    for key in CHOICE_KEYS:
        column = schema.column(key)
        allowed = plan.choices(column.choices)
        values = t.rows[key]
        for index in values.index[~values.isin(allowed) & t.filled[key]]:
            yield in_cell(t, "invalid-choice", key, index, column=column.label,
                          value=t.typed(key, index), allowed=", ".join(allowed))


def unknown_goal(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    for index, goal in t.rows[GOAL.key].items():
        if not blank(goal) and plan.goal(goal) is None:
            yield in_cell(t, "unknown-goal", GOAL.key, index, value=t.typed(GOAL.key, index))


def invalid_date(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    for key in DATE_KEYS:
        column = schema.column(key)
        for index in unparsed(t, key):
            yield in_cell(t, "invalid-date", key, index, column=column.label,
                          value=t.typed(key, index), why="not a date that can be read",
                          example=column.example)


def invalid_number(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    for key in NUMBER_KEYS:
        label = schema.column(key).label
        for index in unparsed(t, key):
            yield in_cell(t, "invalid-number", key, index, column=label,
                          value=t.typed(key, index), why="not a number that can be read")
        for index in t.rows.index[t.rows[key] < 0]:
            yield in_cell(t, "invalid-number", key, index, column=label,
                          value=t.typed(key, index), why="a cost cannot be negative")


def unparsed(t: Table, key: str) -> pd.Index:
    """Started rows where something was typed in `key` but no value could be read from it."""
    return t.rows.index[t.filled[key] & t.rows[key].isna()]


def unknown_ministry(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    code = t.wb.cover.get(MINISTRY.key)
    if not blank(code) and plan.ministry(code) is None:
        yield on_cover(t, "unknown-ministry", MINISTRY.key, value=code)


def wrong_ministry(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    expected, found = t.wb.metadata.get(MINISTRY.key), t.wb.cover.get(MINISTRY.key)
    if not blank(expected) and not blank(found) and str(found).strip() != expected.strip():
        yield on_cover(t, "wrong-ministry", MINISTRY.key, found=found, expected=expected)


# Rules about the plan itself ------------------------------------------------------------------

def date_outside_plan(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    start, end = pd.Timestamp(plan.start), pd.Timestamp(plan.end)
    for key in DATE_KEYS:
        dates = t.rows[key]
        for index, value in dates[(dates < start) | (dates > end)].items():
            yield in_cell(t, "date-outside-plan", key, index, column=schema.column(key).label,
                          value=day(value), start=plan.start.isoformat(),
                          end=plan.end.isoformat())


def end_before_start(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    rows = t.rows[t.rows[DUE.key] < t.rows[START.key]]
    for index, due, start in zip(rows.index, rows[DUE.key], rows[START.key]):
        yield in_cell(t, "end-before-start", DUE.key, index, due=day(due), start=day(start))


def overdue(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    rows = t.rows
    late = rows[(rows[DUE.key] < pd.Timestamp(as_of))
                & ~rows[STATUS.key].isin(plan.closed_statuses)]
    for index, due, status in zip(late.index, late[DUE.key], late[STATUS.key]):
        shown = "blank" if blank(status) else status
        yield in_cell(t, "overdue", DUE.key, index, due=day(due), status=shown)


def duplicate_action(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    ids = {i: str(v or "").strip().casefold() for i, v in t.raw[ID.key].items()}
    yield from repeats(t, ID.key, ids, "The ID {value}")
    steps = {i: " ".join(str(v or "").split()).casefold()
             for i, v in t.raw[STEP.key].items()}
    yield from repeats(t, STEP.key, steps, "This action step")


def repeats(t: Table, key: str, values: dict, what: str) -> Iterator[Finding]:
    """A finding at each later row whose normalised value equals an earlier row's."""
    first_rows: dict[str, int] = {}
    for index, value in values.items():
        if not value:
            continue
        if value in first_rows:
            yield in_cell(t, "duplicate-action", key, index, other=first_rows[value],
                          what=what.format(value=t.typed(key, index)))
        else:
            first_rows[value] = t.excel_row(index)


def goal_without_actions(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    # A ministry need not serve every goal of the plan: for one workbook this is a note;
    # consolidation reports the goals no ministry serves as warnings.
    served = set(t.rows[GOAL.key].dropna())
    if not served:
        return
    for goal in plan.goals:
        if goal.id not in served:
            yield on_sheet(t, "goal-without-actions", field=GOAL.key, severity=Severity.INFO,
                           goal=goal.label)


def kpi_not_measurable(t: Table, plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    targets = t.raw[TARGET.key][t.filled[TARGET.key]].astype(str)
    for index in targets.index[~targets.str.contains(MEASURABLE)]:
        yield in_cell(t, "kpi-not-measurable", TARGET.key, index,
                      value=t.typed(TARGET.key, index))


RULES: tuple[Rule, ...] = (
    no_actions, example_row_left, missing_owner, missing_cover_field, unknown_ministry,
    wrong_ministry, missing_required, invalid_choice, unknown_goal, invalid_date,
    invalid_number, date_outside_plan, end_before_start, overdue, duplicate_action,
    goal_without_actions, kpi_not_measurable,
)


# One workbook -------------------------------------------------------------------------------

# The reader reports bad values while parsing; a rule finding the same cell again is dropped.
VALUE_CODES = frozenset({"invalid-choice", "invalid-date", "invalid-number", "unknown-goal",
                         "unknown-ministry"})


def check_workbook(wb: Workbook, plan: Plan, as_of: dt.date) -> Report:
    """The reader's findings and every rule's, with the workbook's status and completeness."""
    t = Table(wb)
    findings = [*reader_findings(wb), *rule_findings(t, plan, as_of)]
    return Report(wb.file, wb.path, ministry_of(wb), status(findings), completeness(t),
                  len(t.rows), sorted_findings(findings), wb)


def reader_findings(wb: Workbook) -> list[Finding]:
    # The template's own example row is locked: an official can neither change nor delete
    # it, so it is no finding there (the reader reports every example row it meets).
    if templates_own_example(wb):
        return [f for f in wb.findings if f.code != "example-row-left"]
    return list(wb.findings)


def templates_own_example(wb: Workbook) -> bool:
    """The example row is where the template put it, in a workbook made from the template."""
    return (wb.metadata.get("template_id") == schema.TEMPLATE_ID
            and wb.header_row == layout.HEADER_ROW and wb.example_row == layout.EXAMPLE_ROW)


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
        if not blank(code):
            return str(code).strip()
    return None


def completeness(t: Table) -> float:
    """Filled required cells / required cells, by the rule of the workbook's live counter
    (template_values.completeness_counts) over what was typed, so the two always agree."""
    filled_cells, required = completeness_counts(t.wb.raw, t.wb.cover)
    return filled_cells / required if required else 1.0


def blank(value: object) -> bool:
    """No value: None, NaN, NaT or only spaces."""
    return value is None or bool(pd.isna(value)) or not str(value).strip()


def day(value) -> str:
    return pd.Timestamp(value).date().isoformat()


def check_paths(paths, plan: Plan, as_of: dt.date, jobs: int | None = 1) -> list[Report]:
    """A report for every workbook under `paths`, each file read in isolation (batch.py) by
    `jobs` worker processes (None: one per core)."""
    from actionbook.batch import check_files

    return check_files(paths, plan, as_of, jobs)
