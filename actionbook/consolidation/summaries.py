"""The cross-ministry summary tables: pure pandas, from the consolidated actions and submissions.

Every function takes the consolidated `actions` frame (one row per accepted action, schema keys
plus `ministry` and provenance) and returns one table. Column names are snake_case keys (the
CSV/Parquet export uses them; report_tables.LABELS gives the words the workbook shows).
Columns named after data (a status, a quarter, a ministry code) are their own label.
registers.py holds the per-step registers and the cross-ministry views.

The funding gap is the estimated cost of every action whose funding is not secured: the first
value of the plan's funding list ("Available") means funded; every other value ("Partly
available", "Needed") counts in full, because the workbook does not say how much of a partly
funded step is covered. Actions with no funding status are not in the gap; their cost shows
as "funding not stated".
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from actionbook.check.verdict import COMPLETE, INCOMPLETE, REJECTED
from actionbook.schema import vocabulary
from actionbook.schema.rules import holding
from actionbook.schema.rules import overdue as is_overdue
from actionbook.schema.table import Key

if TYPE_CHECKING:
    from actionbook.plan import Plan

DUE_SOON_DAYS = 90
# Why a step's cost is left out of every total ("negative", "in USD"; blank: it counts): a
# column of the actions table, set by the check of its file (check.rules.costs_left_out).
LEFT_OUT = "cost_left_out"
TOTAL = "Total"
NOT_STATED = "(not stated)"
BEFORE_PLAN, AFTER_PLAN, NO_DATE = "before the plan", "after the plan", "no date"
SUPERSEDED, SKIPPED, MISSING = "superseded", "skipped", "missing"
SUBMISSION_STATUSES = (COMPLETE, INCOMPLETE, REJECTED, SUPERSEDED, SKIPPED, MISSING)

# Totals past the largest float ------------------------------------------------------------------

# Said wherever a total is past the largest float (two costs of 1e308 add up to infinity).
TOO_LARGE = "too large to add up"


def finite(total: float) -> float | None:
    """`total`, or None when it overflowed: no workbook, JSON or table cell holds infinity."""
    return total if math.isfinite(total) else None


def totals(make):
    """A summary table whose sums may overflow: added up without numpy's warning, and a
    total that overflowed left blank (NaN), never infinity, in the workbook or the exports."""
    @functools.wraps(make)
    def made(*args, **kwargs):
        with np.errstate(over="ignore", invalid="ignore"):
            table = make(*args, **kwargs)
        floats = table.select_dtypes("float").columns
        if len(floats) and not np.isfinite(table[floats].fillna(0.0).to_numpy()).all():
            table[floats] = table[floats].where(np.isfinite(table[floats]))
        return table
    return made


# Shared masks ----------------------------------------------------------------------------------

def is_open(actions: pd.DataFrame, plan: Plan) -> pd.Series:
    return ~actions["status"].isin(plan.closed_statuses)


def overdue(actions: pd.DataFrame, plan: Plan, as_of: dt.date) -> pd.Series:
    late = is_overdue(actions[Key.DUE_DATE], actions[Key.STATUS], plan.closed_statuses, as_of)
    return pd.Series(late, index=actions.index)


def due_soon(actions: pd.DataFrame, plan: Plan, as_of: dt.date) -> pd.Series:
    start = pd.Timestamp(as_of)
    end = start + pd.Timedelta(days=DUE_SOON_DAYS)
    return actions[Key.DUE_DATE].between(start, end) & is_open(actions, plan)


def unfunded(actions: pd.DataFrame, plan: Plan) -> pd.Series:
    """Actions whose funding is not secured: any funding value but the list's first."""
    return actions[Key.FUNDING_STATUS].isin(plan.choices("funding")[1:])


def cost(actions: pd.DataFrame) -> pd.Series:
    """Each step's cost as the totals count it: 0 for none, and for one left out (LEFT_OUT;
    a table made without that column, by hand, counts every cost)."""
    costs = actions[Key.ESTIMATED_COST]
    if LEFT_OUT in actions:
        costs = costs.where(actions[LEFT_OUT].isna(), 0.0)
    return costs.fillna(0.0)


def left_out(actions: pd.DataFrame) -> dict[str, int]:
    """How many costs are left out of the totals, by why, most first: {"negative": 2}."""
    if LEFT_OUT not in actions:
        return {}
    reasons = actions[LEFT_OUT].dropna().value_counts(sort=False)
    ordered = sorted(reasons.items(), key=lambda item: (-item[1], str(item[0])))
    return {str(why): int(count) for why, count in ordered}


def gap(actions: pd.DataFrame, plan: Plan) -> pd.Series:
    return cost(actions).where(unfunded(actions, plan), 0.0)


def roster_order(plan: Plan, codes) -> list[str]:
    """Roster ministries first in plan order, then any other code sorted."""
    roster = [m.code for m in plan.ministries]
    others = sorted({c for c in pd.unique(pd.Series(codes, dtype=object))
                     if isinstance(c, str)} - set(roster))
    return roster + others


def filled(values: pd.Series) -> pd.Series:
    """Whether each cell holds anything but blanks (spaces only is blank)."""
    return pd.Series(holding(values), index=values.index, dtype=bool)


def tally(actions: pd.DataFrame, by: pd.Series, plan: Plan, as_of: dt.date) -> pd.DataFrame:
    """Per value of `by`: actions, overdue, due soon, total cost and funding gap."""
    frame = pd.DataFrame({
        "by": by.to_numpy(), "actions": 1,
        "overdue": overdue(actions, plan, as_of).to_numpy(),
        "due_soon": due_soon(actions, plan, as_of).to_numpy(),
        "total_cost": cost(actions).to_numpy(), "funding_gap": gap(actions, plan).to_numpy(),
    })
    sums = frame.groupby("by", sort=False).sum()
    return sums.astype({"actions": "int64", "overdue": "int64", "due_soon": "int64"})


def counts(rows: pd.Series, columns: pd.Series, column_order) -> pd.DataFrame:
    """How many actions per (row value, column value), columns in `column_order`."""
    # As pd.crosstab, which counts group by group in Python: a hundred times slower here.
    pairs = pd.DataFrame({"row_0": rows.to_numpy(), "col_0": columns.to_numpy()})
    table = pairs.groupby(["row_0", "col_0"]).size().unstack("col_0", fill_value=0)
    return table.reindex(columns=list(column_order), fill_value=0)


def in_list(values: pd.Series, allowed, other: str) -> pd.Series:
    """The value where it is one of `allowed`, else `other` (blank or mistyped)."""
    return values.where(values.isin(allowed), other)


def with_total_row(table: pd.DataFrame) -> pd.DataFrame:
    """`table` (indexed by ministry) and a last row of its column sums, labelled TOTAL. Added,
    never assigned by label: a cover may name its ministry 'Total', and that row stays."""
    total = pd.DataFrame([table.sum(axis=0)], index=pd.Index([TOTAL], name=table.index.name))
    return pd.concat([table, total.astype(table.dtypes.to_dict())])


def join_codes(codes) -> str:
    return ", ".join(codes)


# By ministry ------------------------------------------------------------------------------------

def used_submissions(submissions: pd.DataFrame) -> pd.DataFrame:
    """Per ministry, the submission that counts: the accepted one, else a rejected one."""
    rank = {COMPLETE: 0, INCOMPLETE: 0, REJECTED: 1}
    ranked = submissions.assign(rank=submissions["status"].map(rank))
    ranked = ranked[ranked["rank"].notna() & ranked["ministry"].notna()]
    best = ranked.sort_values(["rank", "file"], kind="stable").drop_duplicates("ministry")
    return best.set_index("ministry").rename(columns={"status": "submission"})


@totals
def by_ministry(actions: pd.DataFrame, submissions: pd.DataFrame, dependencies: pd.DataFrame,
                plan: Plan, as_of: dt.date) -> pd.DataFrame:
    """One row per roster ministry (and any other that submitted): submission, status counts,
    dates, money, and how many other ministries it names or is named by."""
    codes = roster_order(plan, pd.concat([submissions["ministry"], actions["ministry"]]))
    used = used_submissions(submissions).reindex(codes)
    table = pd.DataFrame({"ministry": codes})
    table[Key.MINISTRY_NAME] = [plan.ministry_name(c) or name_in(submissions, c) for c in codes]
    table["submission"] = used["submission"].fillna(MISSING).to_numpy()
    for key in ("file", "completeness", "errors", "warnings"):
        table[key] = used[key].array
    statuses = plan.choices("statuses")
    status = in_list(actions["status"], statuses, OTHER)
    per_status = counts(actions["ministry"], status, (*statuses, OTHER))
    sums = tally(actions, actions["ministry"], plan, as_of)
    table = table.join(sums, on="ministry").join(per_status, on="ministry")
    table["depends_on"] = table["ministry"].map(
        dependencies.groupby("ministry")["other_ministry"].nunique())
    table["named_in_others"] = table["ministry"].map(
        dependencies.groupby("other_ministry")["ministry"].nunique())
    number_columns = ["actions", "overdue", "due_soon", *per_status.columns, "depends_on",
                      "named_in_others"]
    table[number_columns] = table[number_columns].fillna(0).astype("int64")
    table[["total_cost", "funding_gap"]] = table[["total_cost", "funding_gap"]].fillna(0.0)
    order = ["ministry", Key.MINISTRY_NAME, "submission", "file", "completeness", "errors",
             "warnings", "actions", *per_status.columns, "overdue", "due_soon", "total_cost",
             "funding_gap", "depends_on", "named_in_others"]
    return drop_empty(table[order], (OTHER,))


def name_in(submissions: pd.DataFrame, code: str) -> str:
    names = submissions.loc[submissions["ministry"] == code, Key.MINISTRY_NAME].dropna()
    return str(names.iloc[0]) if len(names) else ""


def drop_empty(table: pd.DataFrame, columns) -> pd.DataFrame:
    """Drops the catch-all columns that nothing fell into."""
    empty = [c for c in columns if c in table and not table[c].any()]
    return table.drop(columns=empty)


OTHER = "(blank or other)"


# By goal and by SDG -----------------------------------------------------------------------------

@totals
def by_goal(actions: pd.DataFrame, plan: Plan, as_of: dt.date) -> pd.DataFrame:
    """One row per plan goal, with its pillar and SDGs; steps citing no plan goal last."""
    ids = [g.id for g in plan.goals]
    goal = in_list(actions["goal"], ids, OTHER)
    rows = [{"goal": g.id, "goal_title": g.title, "pillar": g.pillar,
             "sdgs": "; ".join(f"{n} {sdg_name(n, plan)}" for n in g.sdgs)} for g in plan.goals]
    rows.append({"goal": OTHER, "goal_title": "", "pillar": "", "sdgs": ""})
    table = pd.DataFrame(rows)
    ministries = actions.groupby(goal.to_numpy())["ministry"].unique().to_dict()
    table["ministries"] = [len(ministries.get(g, ())) for g in table["goal"]]
    table["ministry_codes"] = [join_codes(ministries.get(g, ())) for g in table["goal"]]
    closed = actions["status"].isin(plan.closed_statuses).groupby(goal.to_numpy()).sum()
    table["closed"] = table["goal"].map(closed).fillna(0).astype("int64")
    table = table.join(tally(actions, goal, plan, as_of), on="goal")
    table = fill_tally(table)
    if not table["actions"].iloc[-1]:
        table = table.iloc[:-1]
    return table[["goal", "goal_title", "pillar", "sdgs", "ministries", "ministry_codes",
                  "actions", "closed", "overdue", "due_soon", "total_cost", "funding_gap"]]


def sdg_name(number: int, plan: Plan) -> str:
    """The SDG's UN short name in the plan's language: the consolidation speaks it."""
    return vocabulary.sdg_name(number, plan.language)


def fill_tally(table: pd.DataFrame) -> pd.DataFrame:
    ints = ["actions", "overdue", "due_soon"]
    table[ints] = table[ints].fillna(0).astype("int64")
    table[["total_cost", "funding_gap"]] = table[["total_cost", "funding_gap"]].fillna(0.0)
    return table


@totals
def by_sdg(goals: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """One row per SDG a plan goal cites: which goals, how many actions and ministries."""
    rows = []
    for number in sorted({n for g in plan.goals for n in g.sdgs}):
        cited = [g.id for g in plan.goals if number in g.sdgs]
        served = goals[goals["goal"].isin(cited)]
        codes = sorted({c for text in served["ministry_codes"] for c in text.split(", ") if c})
        rows.append({"sdg": number, "sdg_name": sdg_name(number, plan),
                     "goals": join_codes(cited),
                     "ministries": len(codes), "actions": int(served["actions"].sum()),
                     "total_cost": float(served["total_cost"].sum(skipna=False))})
    columns = ["sdg", "sdg_name", "goals", "ministries", "actions", "total_cost"]
    return pd.DataFrame(rows, columns=columns)


# Timeline ---------------------------------------------------------------------------------------

def quarter_name(period: pd.Period) -> str:
    return f"{period.year} Q{period.quarter}"


def plan_quarters(plan: Plan) -> list[str]:
    periods = pd.period_range(plan.start, plan.end, freq="Q")
    return [quarter_name(p) for p in periods]


def due_quarter(actions: pd.DataFrame, plan: Plan) -> pd.Series:
    """Each action's due quarter, or before/after the plan, or no date."""
    due = actions[Key.DUE_DATE]
    period = due.dt.year * 10 + due.dt.quarter  # 20273: 2027 Q3; NaN when there is no date
    names = {p: f"{int(p) // 10} Q{int(p) % 10}" for p in period.dropna().unique()}
    names = period.map(names).astype(object).where(due.notna(), NO_DATE)
    names = names.where(due.isna() | (due >= pd.Timestamp(plan.start)), BEFORE_PLAN)
    names = names.where(due.isna() | (due <= pd.Timestamp(plan.end)), AFTER_PLAN)
    return names.astype(object)


def timeline(actions: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Actions due per quarter (columns) per ministry (rows), with totals: a heat map."""
    quarters = [BEFORE_PLAN, *plan_quarters(plan), AFTER_PLAN, NO_DATE]
    codes = roster_order(plan, actions["ministry"])
    grid = counts(actions["ministry"], due_quarter(actions, plan), quarters)
    grid = grid.reindex([c for c in codes if c in grid.index], fill_value=0)
    grid = drop_empty(grid, (BEFORE_PLAN, AFTER_PLAN, NO_DATE))
    grid[TOTAL] = grid.sum(axis=1)
    grid = with_total_row(grid)
    grid = grid.rename_axis("ministry").reset_index()
    return grid.astype({c: "int64" for c in grid.columns if c != "ministry"})


# Resources and funding --------------------------------------------------------------------------

@totals
def resources(actions: pd.DataFrame, plan: Plan, as_of: dt.date) -> pd.DataFrame:
    """Per resource type: actions, ministries, total cost and funding gap."""
    types = plan.choices("resource_types")
    kind = in_list(actions[Key.RESOURCE_TYPE], types, OTHER)
    table = pd.DataFrame({Key.RESOURCE_TYPE: [*types, OTHER]})
    ministries = actions.groupby(kind.to_numpy())["ministry"].nunique()
    table["ministries"] = table[Key.RESOURCE_TYPE].map(ministries).fillna(0).astype("int64")
    sums = tally(actions, kind, plan, as_of)[["actions", "total_cost", "funding_gap"]]
    table = table.join(sums, on=Key.RESOURCE_TYPE)
    table["actions"] = table["actions"].fillna(0).astype("int64")
    table[["total_cost", "funding_gap"]] = table[["total_cost", "funding_gap"]].fillna(0.0)
    if not table["actions"].iloc[-1]:
        table = table.iloc[:-1]
    return table[[Key.RESOURCE_TYPE, "actions", "ministries", "total_cost", "funding_gap"]]


@totals
def funding(actions: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Per ministry: total cost, cost by funding status, and the funding gap; a total row."""
    values = plan.choices("funding")
    status = actions[Key.FUNDING_STATUS].where(actions[Key.FUNDING_STATUS].isin(values), NOT_STATED)
    by_status = pd.crosstab(actions["ministry"].to_numpy(), status.to_numpy(),
                            values=cost(actions).to_numpy(), aggfunc="sum")
    by_status = by_status.reindex(columns=[*values, NOT_STATED]).fillna(0.0)
    codes = [c for c in roster_order(plan, actions["ministry"]) if c in by_status.index]
    table = by_status.reindex(codes).rename(columns={NOT_STATED: "not_stated"})
    table.insert(0, "total_cost", table.sum(axis=1))
    table["funding_gap"] = table[list(values[1:])].sum(axis=1)
    table = with_total_row(table)
    table = table.rename_axis("ministry").reset_index()
    table.insert(1, Key.MINISTRY_NAME, [plan.ministry_name(c) or "" for c in table["ministry"]])
    table.columns.name = None
    return table


# Headline figures -------------------------------------------------------------------------------

def headline(actions: pd.DataFrame, submissions: pd.DataFrame, plan: Plan,
             as_of: dt.date) -> dict[str, object]:
    """The figures the Summary sheet and the command line lead with."""
    status = submissions["status"]
    roster = {m.code for m in plan.ministries}
    accepted = submissions.loc[status.isin((COMPLETE, INCOMPLETE)), "ministry"]
    counted = submissions[status.isin((COMPLETE, INCOMPLETE, REJECTED))]
    with np.errstate(over="ignore", invalid="ignore"):
        total, unfunded_total = float(cost(actions).sum()), float(gap(actions, plan).sum())
    return {
        "plan": plan.title, "cycle": plan.cycle,
        "period": f"{plan.start.isoformat()} to {plan.end.isoformat()}",
        "as_of": as_of.isoformat(),
        "expected": len(roster),
        "received": len(set(accepted) & roster),
        "missing": submissions.loc[status == MISSING, "ministry"].tolist(),
        "outside_roster": sorted({c for c in accepted if isinstance(c, str)} - roster),
        "files": {s: int((status == s).sum()) for s in SUBMISSION_STATUSES if s != MISSING},
        "actions": len(actions),
        "overdue": int(overdue(actions, plan, as_of).sum()),
        "due_soon": int(due_soon(actions, plan, as_of).sum()),
        "currency": plan.currency,
        "total_cost": finite(total),
        "funding_gap": finite(unfunded_total),
        "costs_left_out": left_out(actions),
        "errors": int(counted["errors"].fillna(0).sum()),
        "warnings": int(counted["warnings"].fillna(0).sum()),
    }



# Amounts in words ----------------------------------------------------------------------------

SCALES = ((1e9, "billion"), (1e6, "million"))


def amount_words(total: float | None, currency: str | None) -> str:
    """A total as a minister reads it: "USD 2.4 million", "USD 480,000" (no unit when the
    plan names no currency); TOO_LARGE for one that overflowed (finite gives None)."""
    if total is None:
        return TOO_LARGE
    unit = f"{currency} " if currency else ""
    for size, word in SCALES:
        if abs(total) >= size:
            scaled = total / size
            shown = f"{scaled:,.0f}" if abs(scaled) >= 100 else f"{scaled:,.1f}".removesuffix(".0")
            return f"{unit}{shown} {word}"
    return f"{unit}{total:,.0f}"


def left_out_words(counts: dict[str, int], where: str = "") -> str:
    """"3 costs left out: 2 negative, 1 in EUR" ("none left out" when every cost counts);
    `where` follows "left out" (" of the totals")."""
    total = sum(counts.values())
    if not total:
        return "none left out"
    noun = "cost" if total == 1 else "costs"
    reasons = ", ".join(f"{n} {why}" for why, n in counts.items())
    return f"{total} {noun} left out{where}: {reasons}"
