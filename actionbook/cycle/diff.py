"""Two stands of a plan -> the Changes between them: diff(old, new, plan).

    changes = diff("last/consolidated.xlsx", "submissions/", plan)
    changes.summary     # {"added": 1, "removed": 0, "completed": 3, ...}
    changes.changes     # Change(ministry, action_id, code, field, old, new, days, message)

Steps are matched by ministry and ID (a repeated ID by its order of appearance). A removed
and an added step of one ministry with the same action text are one renumbered step. Each
matched step is compared column by column over every action column of the schema, so a
column added to the schema is compared too. What does not matter is no change: case and
spacing of text, a date typed another way (dates compare as dates), 1200000 against
1200000.0 (numbers compare as numbers).

A baseline (`baseline_due`) is compared as what it stands for: the due date first committed.
An old step without one (its first review) has its due date as its baseline, so the baseline
`template --from` fills in from the old due date is no change; a new step without one
records none (a workbook not made by `template --from`), which is no change either. A
baseline that does change - the coordinator re-baselined a step, or a locked cell was
forced - is a field-changed of baseline_due from the old baseline to the new.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from actionbook import schema
from actionbook.cycle.changes import (
    INFO,
    ORDER,
    UNFINISHED,
    WARNING,
    Change,
    ChangeCode,
    Changes,
    Side,
)
from actionbook.cycle.stand import Stand, load_stands
from actionbook.plan import Plan, default_plan
from actionbook.schema.table import DONE, INACTIVE, Key

COMPARED = tuple(key for key in schema.action_keys() if key != Key.ACTION_ID)
FIELD_ORDER = {key: index for index, key in enumerate(schema.action_keys())}
TEXT_SHOWN = 80  # characters of an action step quoted in a message


def diff(old: Stand | str | Path, new: Stand | str | Path, plan: Plan | None = None,
         as_of: dt.date | None = None) -> Changes:
    """What moved from `old` to `new`: each a Stand, or a source for load_stand (a
    consolidated workbook, a folder of submissions or one filled workbook; as_of as there).
    When one side is a single ministry's workbook, only that ministry is compared."""
    plan = plan or default_plan()
    sources = [side for side in (old, new) if not isinstance(side, Stand)]
    loaded = iter(load_stands(sources, plan, as_of))
    old, new = (side if isinstance(side, Stand) else next(loaded) for side in (old, new))
    before, after = (scoped(side.steps, old, new) for side in (old, new))
    changes = Comparison(before, after, plan).changes()
    return Changes(Side(old.source, old.as_of), Side(new.source, new.as_of),
                   tuple(sorted(changes, key=order(plan))))


def scoped(steps: pd.DataFrame, old: Stand, new: Stand) -> pd.DataFrame:
    """The steps of the ministries both stands speak for."""
    scopes = [set(s.scope) for s in (old, new) if s.scope is not None]
    if not scopes:
        return steps
    return steps[steps["ministry"].isin(set.intersection(*scopes))].reset_index(drop=True)


class Comparison:
    """The steps of both stands as plain values, matched and compared once."""

    def __init__(self, before: pd.DataFrame, after: pd.DataFrame, plan: Plan):
        self.before, self.after, self.plan = Values(baselined(before)), Values(after), plan

    def changes(self) -> list[Change]:
        matched, removed, added = match(self.before.keys, self.after.keys)
        renumbered = pair_renumbered(removed, added, self.before, self.after)
        pairs = matched + renumbered
        found = [renumbering(self.before, self.after, a, b) for a, b in renumbered]
        paired_a, paired_b = {a for a, _ in renumbered}, {b for _, b in renumbered}
        found += [self.removal(a) for a in removed if a not in paired_a]
        found += [addition(self.after, b) for b in added if b not in paired_b]
        for key, a, b in differing(self.before, self.after, pairs):
            if key != Key.BASELINE_DUE or self.after.shown(key, b) is not None:
                found.append(self.field_change(key, a, b))  # a blank new baseline: none kept
        return found

    def removal(self, a: int) -> Change:
        status = self.before.shown(Key.STATUS, a)
        finished = self.plan.status_meaning(status) in (DONE, INACTIVE) or \
            status in self.plan.closed_statuses
        change = make(ChangeCode.REMOVED, self.before, a, old=status)
        if finished:
            return change
        return replace(change, severity=WARNING, message=change.message + UNFINISHED)

    def field_change(self, key: str, a: int, b: int) -> Change:
        old, new = self.before.shown(key, a), self.after.shown(key, b)
        code, days = ChangeCode.FIELD_CHANGED, None
        if key == Key.STATUS:
            code = self.status_code(old, new)
        elif key == Key.DUE_DATE and old is not None and new is not None:
            days = (dt.date.fromisoformat(new) - dt.date.fromisoformat(old)).days
            code = ChangeCode.SLIPPED if days > 0 else ChangeCode.PULLED_IN
        return make(code, self.after, b, field=key, old=old, new=new, days=days)

    def status_code(self, old: str | None, new: str | None) -> ChangeCode:
        """completed: the status comes to mean done; reopened: it meant done and now means
        work again (a completed step cancelled is a status change, not a reopening)."""
        was, now = (self.plan.status_meaning(s) for s in (old, new))
        if now == DONE and was != DONE:
            return ChangeCode.COMPLETED
        if was == DONE and now not in (DONE, INACTIVE):
            return ChangeCode.REOPENED
        return ChangeCode.STATUS_CHANGED


def baselined(steps: pd.DataFrame) -> pd.DataFrame:
    """The old steps with each blank baseline standing for what it means: the due date."""
    blank = steps[Key.BASELINE_DUE].isna()
    if not blank.any():
        return steps
    steps = steps.copy()
    steps[Key.BASELINE_DUE] = steps[Key.BASELINE_DUE].where(~blank, steps[Key.DUE_DATE])
    return steps


class Values:
    """One stand's steps: each column's values as shown (for messages and output) and as
    compared (what matters of them), and each step's matching key."""

    def __init__(self, steps: pd.DataFrame):
        self.steps = steps
        self.ministries = steps["ministry"].tolist()
        self.ids = [identifier(v) for v in steps[Key.ACTION_ID].tolist()]
        self.keys = occurrences([(m, comparable(i)) for m, i in zip(self.ministries, self.ids)])
        self.values = {key: steps[key].to_numpy() for key in COMPARED}

    def compared(self, key: str, row: int) -> Any:
        return comparable(self.steps[key].iat[row])

    def shown(self, key: str, row: int) -> Any:
        if key == Key.ACTION_ID:
            return self.ids[row]
        return shown(self.steps[key].iat[row])


def occurrences(keys: list[tuple]) -> list[tuple]:
    """Each key with its count so far: a repeated ID matches its namesake in order."""
    seen: dict[tuple, int] = defaultdict(int)
    numbered = []
    for key in keys:
        numbered.append((*key, seen[key]))
        seen[key] += 1
    return numbered


def match(before: list[tuple], after: list[tuple]) -> tuple[list, list, list]:
    """(old row, new row) pairs of the same key, the old rows unmatched, the new unmatched."""
    where = {key: row for row, key in enumerate(before)}
    matched = [(where[key], row) for row, key in enumerate(after) if key in where]
    taken = {a for a, _ in matched}
    added = [row for row, key in enumerate(after) if key not in where]
    return matched, [row for row in range(len(before)) if row not in taken], added


def pair_renumbered(removed: list[int], added: list[int], before: Values,
                    after: Values) -> list[tuple[int, int]]:
    """Removed and added steps of one ministry with the same action text, paired in order."""
    waiting: dict[tuple, list[int]] = defaultdict(list)
    for b in added:
        text = after.compared(Key.ACTION_STEP, b)
        if text is not None:
            waiting[(after.ministries[b], text)].append(b)
    pairs = []
    for a in removed:
        candidates = waiting.get((before.ministries[a], before.compared(Key.ACTION_STEP, a)))
        if candidates:
            pairs.append((a, candidates.pop(0)))
    return pairs


def differing(before: Values, after: Values, pairs: list[tuple[int, int]]):
    """(key, old row, new row) for every compared column that differs in a matched pair.
    Values equal as they are, or both blank, are the same at once, column by column; only
    the few others are compared for what matters of them."""
    if not pairs:
        return
    rows_a = np.array([a for a, _ in pairs])
    rows_b = np.array([b for _, b in pairs])
    for key in COMPARED:
        old, new = before.values[key][rows_a], after.values[key][rows_b]
        same = (old == new) | (pd.isna(old) & pd.isna(new))
        for index in np.flatnonzero(~same.astype(bool)):
            a, b = int(rows_a[index]), int(rows_b[index])
            if before.compared(key, a) != after.compared(key, b):
                yield key, a, b


def renumbering(before: Values, after: Values, a: int, b: int) -> Change:
    return make(ChangeCode.RENUMBERED, after, b, field=Key.ACTION_ID, old=before.ids[a],
                new=after.ids[b])


def addition(after: Values, b: int) -> Change:
    return make(ChangeCode.ADDED, after, b)


def make(code: ChangeCode, side: Values, row: int, field: str | None = None, old: Any = None,
         new: Any = None, days: int | None = None) -> Change:
    """A change of `side`'s step at `row`, with its message."""
    action_id = side.ids[row]
    words = {"id": action_id or "A step without an ID",
             "text": quoted(clipped(side.shown(Key.ACTION_STEP, row))),
             "column": schema.column(field).label if field else "",
             "old": quoted(old), "new": quoted(new),
             "span": span(abs(days)) if days is not None else ""}
    message = code.message.format(**words)
    step = side.shown(Key.ACTION_STEP, row)
    return Change(side.ministries[row], action_id, code, field, old, new, days,
                  message[0].upper() + message[1:], INFO,
                  step=step if isinstance(step, str) else identifier(step))


def order(plan: Plan):
    """Sort key: ministry in roster order (others after, by code), ID, code, field."""
    rank = {m.code: i for i, m in enumerate(plan.ministries)}

    def key(change: Change) -> tuple:
        return (rank.get(change.ministry or "", len(rank)), change.ministry or "",
                change.action_id or "", ORDER[change.code], FIELD_ORDER.get(change.field or "", -1))
    return key


# Values -----------------------------------------------------------------------------------------

def shown(value: object) -> Any:
    """A value as output shows it: None for a blank, a date as YYYY-MM-DD, a whole number as
    an int, text stripped."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, (dt.date, np.datetime64)):
        return pd.Timestamp(value).date().isoformat()
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        if math.isnan(number):
            return None
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    text = str(value).strip()
    return text or None


def identifier(value: object) -> str | None:
    """An ID as text, also when it was typed as a number (7, not 7.0)."""
    value = shown(value)
    return None if value is None else str(value)


def comparable(value: object) -> Any:
    """What matters of a value: text with its spacing collapsed and case folded, a number
    as a float (also when typed as text), a date as a date (also when typed YYYY-MM-DD)."""
    value = shown(value)
    if not isinstance(value, str):
        return float(value) if isinstance(value, int) and not isinstance(value, bool) else value
    text = " ".join(value.split()).casefold()
    number = as_number(text)
    if number is not None:
        return number
    return as_date(text) or text


def as_number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def as_date(text: str) -> str | None:
    try:
        return dt.date.fromisoformat(text[:10]).isoformat() if len(text) in (10, 19) else None
    except ValueError:
        return None


def quoted(value: Any) -> str:
    if value is None:
        return "(blank)"
    return f"'{value}'" if isinstance(value, str) else str(value)


def clipped(text: Any) -> Any:
    if isinstance(text, str) and len(text) > TEXT_SHOWN:
        return text[:TEXT_SHOWN - 1].rstrip() + "…"
    return text


def span(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"
