"""Values the workbook shows: prefilled cells, ids and the completeness rule.

The live counter on the cover is an Excel formula; `completeness_counts` is the same rule in
Python. The template writes its result as the formulas' cached values (LibreOffice shows
cached values of xlsxwriter files without recalculating) and the checks reuse it, so the
workbook and the check report always agree.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from actionbook import schema
from actionbook.findings import Severity
from actionbook.schema.rules import holding, is_blank
from actionbook.schema.table import Kind

[ID_KEY] = schema.keys_of(Kind.ID)


STARTED_KEYS = schema.started_keys()


def row_started(row: dict) -> bool:
    """A row is started when any cell the official types into, other than its action id,
    holds a value (a baseline actionbook carried over starts nothing)."""
    return any(not is_blank(row.get(key)) for key in STARTED_KEYS)


def required_action_keys() -> tuple[str, ...]:
    return tuple(c.key for c in schema.required_columns(Severity.ERROR))


def required_cover_keys() -> tuple[str, ...]:
    return tuple(f.key for f in schema.COVER_FIELDS if f.required is Severity.ERROR)


def row_counts(row: dict) -> tuple[int, int]:
    """(filled, required) of one action row: nothing is required until the row is started."""
    if not row_started(row):
        return 0, 0
    keys = required_action_keys()
    return sum(not is_blank(row.get(key)) for key in keys), len(keys)


def completeness_counts(actions=None, cover: dict | None = None) -> tuple[int, int]:
    """(filled, required) cells of a workbook, by the rule of the cover's live counter.

    Required cells: the cells of columns whose `required` is Severity.ERROR in started rows,
    plus the cover fields whose `required` is Severity.ERROR. `actions` is a DataFrame (or
    an iterable of dicts) with schema keys as columns; a missing column counts as blank.
    """
    if hasattr(actions, "columns"):  # a DataFrame: judged column by column, not row by row
        import numpy as np  # here: writing a template needs neither numpy nor pandas

        keys = [key for key in schema.action_keys() if key in actions.columns]
        cells = np.column_stack([holding(actions[key]) for key in keys]) if keys else \
            np.zeros((len(actions), 0), dtype=bool)
        return counts_of(cells, keys, cover)
    filled = required = 0
    for row in action_rows(actions):
        row_filled, row_required = row_counts(row)
        filled, required = filled + row_filled, required + row_required
    cover_filled, cover_required = cover_counts(cover)
    return filled + cover_filled, required + cover_required


def counts_of(cells, keys: list[str], cover: dict | None) -> tuple[int, int]:
    """completeness_counts of the action cells that hold something (one column per key;
    a required key not among them counts as blank) and of the cover."""
    started = cells[:, [i for i, key in enumerate(keys) if key in STARTED_KEYS]].any(axis=1)
    required = required_action_keys()
    present = [i for i, key in enumerate(keys) if key in required]
    filled = int(cells[started][:, present].sum())
    cover_filled, cover_required = cover_counts(cover)
    return filled + cover_filled, int(started.sum()) * len(required) + cover_required


def cover_counts(cover: dict | None) -> tuple[int, int]:
    cover = cover or {}
    keys = required_cover_keys()
    return sum(not is_blank(cover.get(key)) for key in keys), len(keys)


def percentage(filled: int, required: int) -> int:
    """Whole percent, rounded down so that 100% means nothing is missing."""
    return 100 if required == 0 else math.floor(100 * filled / required)


def counter_text(filled: int, required: int, problems: int = 0, started: int = 1) -> str:
    """The cover's counter as its formula shows it: the required cells filled, then what
    else stops the workbook being complete (no step at all, problems its formulas see)."""
    said = ["no action step yet"] if started == 0 else []
    if problems:
        said.append(f"{problems} problem{'s' if problems > 1 else ''} to fix")
    return (f"{filled} of {required} required cells filled ({percentage(filled, required)}%)"
            f"  ·  {'; '.join(said) or 'no problem found'}")


def action_rows(actions) -> list[dict]:
    """The rows of a reader-shaped DataFrame (or an iterable of dicts) as dicts."""
    if actions is None:
        return []
    if hasattr(actions, "to_dict"):
        return actions.to_dict("records")
    return [dict(row) for row in actions]


def cell_value(value: object, kind: Kind | None = None):
    """A Python value as the cell should hold it: None, a date, a number or text."""
    if is_blank(value):
        return None
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.time() == dt.time() and kind is Kind.DATE:
        return value.date()
    if isinstance(value, (dt.date, str, bool)):
        return value
    if isinstance(value, (int, float)) or hasattr(value, "item"):
        number: Any = value.item() if hasattr(value, "item") else value  # numpy's: Any
        return int(number) if float(number).is_integer() and kind is not Kind.MEASURE else number
    return str(value)


def goal_cell(plan, value: object, language: str = "en"):
    """The goal as the dropdown shows it ("G1: title", the title in `language`); unknown
    goals are kept as typed; a label of the plan's (the example row's) is a goal too."""
    goal = plan.goal(value) if isinstance(value, str) else None
    goal = goal or next((g for g in plan.goals if g.label == value), None)
    return goal.label_in(language) if goal else cell_value(value)


def next_number(ids: list[object], prefix: str) -> int:
    """One more than the highest number among ids like PREFIX-007 (1 when there is none)."""
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)$")
    numbers = [int(m.group(1)) for i in ids if isinstance(i, str) and (m := pattern.match(i))]
    return max(numbers, default=0) + 1


def highest_id(plan, ministry: str | None, ids: list[object]) -> str | None:
    """The highest of `ids` numbered like the ministry's (MOH-012), None when none is."""
    prefix = plan.action_id(ministry, 0).rsplit("-", 1)[0]
    number = next_number(ids, prefix) - 1
    return plan.action_id(ministry, number) if number else None


def fresh_ids(plan, ministry: str | None, taken: list[object], count: int) -> list[str]:
    """`count` new action ids that continue after the ones already `taken`."""
    first = next_number(taken, plan.action_id(ministry, 0).rsplit("-", 1)[0])
    return [plan.action_id(ministry, n) for n in range(first, first + count)]
