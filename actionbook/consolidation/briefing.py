"""What the Summary leads with: each ministry's red/amber/green rating, the share of steps done,
and the overdue and at-risk steps by ministry. Pure pandas, like summaries.py.

A ministry is rated by what its steps' statuses mean (Plan.status_meaning) and their dates:

- **red**: no usable plan (missing, or its file rejected), or a step overdue (By When passed,
  status not closed) or whose status means late;
- **amber**: a step whose status means at risk, or a form still incomplete (a required cell
  empty, or an error: warnings are advice and do not count);
- **green**: a complete form, nothing overdue, late or at risk.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from actionbook.check.verdict import COMPLETE, INCOMPLETE, REJECTED
from actionbook.consolidation.attribution import UNKNOWN
from actionbook.consolidation.summaries import MISSING, overdue, roster_order
from actionbook.schema.colours import AMBER, GREEN, RED
from actionbook.schema.table import AT_RISK, DONE, LATE, Key

if TYPE_CHECKING:
    from actionbook.plan import Plan

MEANING_COUNTS = {"done": DONE, "at_risk": AT_RISK, "late": LATE}
RATED_COLUMNS = ("done", "done_share", "at_risk", "late", "rating", "rating_why")
PER_MINISTRY = 5  # steps listed per ministry on the Summary; the Actions sheet has them all


def meanings(actions: pd.DataFrame, plan: Plan) -> pd.Series:
    """What each step's status means (done, on track, at risk, late, inactive; None)."""
    statuses = actions[Key.STATUS]
    known = {s: plan.status_meaning(s) for s in pd.unique(statuses.dropna())}
    return statuses.map(known).astype(object)


def figures(actions: pd.DataFrame, submissions: pd.DataFrame, plan: Plan) -> dict[str, object]:
    """The headline's figures of what the statuses mean, and the files naming no ministry
    (their steps are counted under "(unknown)", said in the headline, never silently)."""
    meaning = meanings(actions, plan)
    done = int((meaning == DONE).sum())
    used = submissions["status"].isin((COMPLETE, INCOMPLETE))
    nameless = submissions.loc[used & (submissions["ministry"] == UNKNOWN), "file"]
    return {"done": done, "done_share": done / len(actions) if len(actions) else None,
            "at_risk": int((meaning == AT_RISK).sum()), "late": int((meaning == LATE).sum()),
            "files_without_ministry": [str(f) for f in nameless]}


def rated(by_ministry: pd.DataFrame, actions: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """The By Ministry table with its steps done, at risk and late (by what their statuses
    mean), the share done, and each ministry's rating with why."""
    meaning = meanings(actions, plan).to_numpy()
    table = by_ministry.copy()
    for column, wanted in MEANING_COUNTS.items():
        counted = pd.Series(meaning == wanted, index=actions.index).groupby(
            actions["ministry"].to_numpy()).sum()
        table[column] = table["ministry"].map(counted).fillna(0).astype("int64")
    steps = table["actions"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        table["done_share"] = np.where(steps > 0, table["done"] / steps, np.nan)
    verdicts = [rating(row) for row in table.itertuples(index=False)]
    table["rating"] = [v[0] for v in verdicts]
    table["rating_why"] = [v[1] for v in verdicts]
    return table


def rating(row) -> tuple[str, str]:
    """(red | amber | green, why) of one By Ministry row."""
    if row.submission in (MISSING, REJECTED):
        return RED, "no plan received" if row.submission == MISSING else "its file was rejected"
    red = [f"{n} {what}" for n, what in ((row.overdue, "overdue"), (row.late, "late")) if n]
    amber = [f"{row.at_risk} at risk"] if row.at_risk else []
    amber += ["form incomplete"] if incomplete(row) else []
    if red:
        return RED, "; ".join(red + amber)
    if amber:
        return AMBER, "; ".join(amber)
    return GREEN, "on track"


def incomplete(row) -> bool:
    """A required cell still empty, or an error (the brief's "incomplete": warnings are
    advice, never a gap)."""
    return bool(row.errors) or (pd.notna(row.completeness) and row.completeness < 1)


ATTENTION_COLUMNS = ("ministry", Key.ACTION_ID, Key.ACTION_STEP, Key.DUE_DATE, Key.STATUS,
                     "why", "days_overdue")


def attention(actions: pd.DataFrame, plan: Plan, as_of: dt.date) -> pd.DataFrame:
    """The steps a minister asks about: overdue, or whose status means late or at risk, by
    ministry in roster order, the most overdue first."""
    meaning = meanings(actions, plan)
    late = overdue(actions, plan, as_of)
    wanted = late | meaning.isin((LATE, AT_RISK))
    steps = actions.loc[wanted.to_numpy(), list(ATTENTION_COLUMNS[:5])].copy()
    days = (pd.Timestamp(as_of) - steps[Key.DUE_DATE]).dt.days
    steps["days_overdue"] = days.where(late[wanted].to_numpy(), 0).fillna(0).astype("int64")
    steps["why"] = [why(d, m, s) for d, m, s in
                    zip(steps["days_overdue"], meaning[wanted], steps[Key.STATUS])]
    order = {code: n for n, code in enumerate(roster_order(plan, steps["ministry"]))}
    steps["rank"] = steps["ministry"].map(order).fillna(len(order))
    steps = steps.sort_values(["rank", "days_overdue"], ascending=[True, False], kind="stable")
    return steps[list(ATTENTION_COLUMNS)].reset_index(drop=True)


def why(days: int, meaning: str | None, status: object) -> str:
    if days:
        return f"overdue by {days} day{'s' if days != 1 else ''}"
    return f"{meaning}: {status}"


def shortlist(steps: pd.DataFrame, per_ministry: int = PER_MINISTRY):
    """Per ministry, its first `per_ministry` steps and how many more it has."""
    for ministry, group in steps.groupby("ministry", sort=False):
        yield ministry, group.iloc[:per_ministry], max(len(group) - per_ministry, 0)
