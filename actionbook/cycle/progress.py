"""Two stands and the changes between them -> what a coordinator says of the review period.

    figures = since(changes, old, new, plan)
    figures.completed, figures.newly_overdue, figures.slipped, figures.days_slipped, ...
    slippage(old, new, plan)     # per ministry: steps behind their baseline, and by how much

A step's baseline is the due date first committed for it: its `baseline_due` where that cell
is filled (`template --from` fills it), else the previous review's baseline of the same step,
else the previous review's due date; a step new in this review is its own baseline. Its
slippage is its due date minus its baseline, in days; it is behind when that is positive.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from actionbook.cycle.changes import WARNING, ChangeCode, Changes
from actionbook.cycle.diff import identifier
from actionbook.cycle.stand import Stand
from actionbook.plan import Plan
from actionbook.schema.rules import overdue
from actionbook.schema.table import Key

BASELINE = Key.BASELINE_DUE  # "Originally due": the due date first committed
DAY = np.timedelta64(1, "D")


@dataclass(frozen=True)
class Since:
    """What moved since the last review, in figures."""

    completed: int
    newly_overdue: int  # overdue now, and not overdue (or not there) at the last review
    slipped: int
    days_slipped: int  # the slipped steps' days, added up
    added: int
    removed: int
    removed_unfinished: int  # removed without being completed or cancelled
    behind: int  # steps whose due date is later than their baseline
    days_behind: int  # their slippage, added up

    def to_dict(self) -> dict[str, int]:
        return {name: int(value) for name, value in self.__dict__.items()}


def since(changes: Changes, old: Stand, new: Stand, plan: Plan) -> Since:
    counts = changes.summary
    removed = [c for c in changes.changes if c.code is ChangeCode.REMOVED]
    behind = step_slippage(old, new)
    behind = behind[behind > 0]
    return Since(
        completed=counts[ChangeCode.COMPLETED], newly_overdue=newly_overdue(old, new, plan),
        slipped=counts[ChangeCode.SLIPPED],
        days_slipped=sum(c.days or 0 for c in changes.changes if c.code is ChangeCode.SLIPPED),
        added=counts[ChangeCode.ADDED], removed=len(removed),
        removed_unfinished=sum(c.severity == WARNING for c in removed),
        behind=int(behind.size), days_behind=int(behind.sum()))


def keys(steps: pd.DataFrame) -> list[tuple]:
    """Each step's (ministry, ID), as diff matches them."""
    return list(zip(steps["ministry"].tolist(), map(identifier, steps[Key.ACTION_ID].tolist())))


def late(stand: Stand, plan: Plan) -> np.ndarray:
    if stand.as_of is None:
        return np.zeros(len(stand.steps), dtype=bool)
    return overdue(stand.steps[Key.DUE_DATE], stand.steps[Key.STATUS], plan.closed_statuses,
                   stand.as_of)


def newly_overdue(old: Stand, new: Stand, plan: Plan) -> int:
    was = {key for key, flag in zip(keys(old.steps), late(old, plan)) if flag}
    return sum(bool(flag) and key not in was
               for key, flag in zip(keys(new.steps), late(new, plan)))


def step_slippage(old: Stand, new: Stand) -> np.ndarray:
    """Per step of `new`: its due date minus its baseline, in days (NaN without a due date)."""
    due = new.steps[Key.DUE_DATE].to_numpy("datetime64[us]")
    baseline = baselines(old, new)
    return (due - baseline) / DAY


def baselines(old: Stand, new: Stand) -> np.ndarray:
    """Per step of `new`, its baseline (see the module's docstring)."""
    before = dict(zip(keys(old.steps), own_baseline(old.steps, old.steps[Key.DUE_DATE])))
    carried = np.array([before.get(key, np.datetime64("NaT", "us")) for key in keys(new.steps)],
                       dtype="datetime64[us]")
    due = new.steps[Key.DUE_DATE].to_numpy("datetime64[us]")
    carried = np.where(np.isnat(carried), due, carried)  # a new step is its own baseline
    return own_baseline(new.steps, carried)


def own_baseline(steps: pd.DataFrame, otherwise) -> np.ndarray:
    """The steps' baseline_due where the column is there and filled, else `otherwise`."""
    fallback = np.asarray(otherwise, dtype="datetime64[us]")
    if BASELINE not in steps.columns:
        return fallback
    own = steps[BASELINE].to_numpy("datetime64[us]")
    return np.where(np.isnat(own), fallback, own)


SLIPPAGE_KEYS = ("ministry", Key.MINISTRY_NAME, "steps", "behind", "days_behind", "most_days")


def slippage(old: Stand, new: Stand, plan: Plan) -> pd.DataFrame:
    """Per ministry of `new` (roster order): its steps, how many are behind their baseline,
    their days behind added up and the most of one step."""
    days = pd.Series(step_slippage(old, new), dtype="float64")
    frame = pd.DataFrame({"ministry": new.steps["ministry"].fillna(""),
                          "days": days.where(days > 0)})
    rank = {m.code: i for i, m in enumerate(plan.ministries)}
    rows = []
    groups = {str(ministry): group for ministry, group in frame.groupby("ministry", sort=False)}
    for ministry in sorted(groups, key=lambda code: (rank.get(code, len(rank)), code)):
        late_days = groups[ministry]["days"].dropna()
        rows.append([ministry, plan.ministry_name(ministry) or "", len(groups[ministry]),
                     len(late_days), int(late_days.sum()),
                     int(late_days.max()) if len(late_days) else 0])
    return pd.DataFrame(rows, columns=list(SLIPPAGE_KEYS))
