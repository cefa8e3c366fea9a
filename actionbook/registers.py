"""The per-step registers and the cross-ministry views: barriers, KPIs, audiences, dependencies.

Pure functions of the consolidated actions, like summaries.py: what a coordinator cannot see
in any single workbook (the audiences several ministries address, the steps that depend on
another ministry) and the registers leadership asks for.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from actionbook import schema
from actionbook.summaries import NOT_STATED, filled, ministry_name, roster_order

if TYPE_CHECKING:
    from actionbook.plan import Plan

# Audiences are free text: "Parents; hospital registrars, the public" names three.
AUDIENCE_SEPARATORS = re.compile(r"[;,\n\u2022]+")


# Registers --------------------------------------------------------------------------------------

# A register is one row per barrier or indicator: the ministry, the step's ID and the text.
# The Actions table gives the rest of the step by its ID; every column repeated here would be
# another cell to write for every step of the plan.
BARRIER_COLUMNS = ("ministry", "action_id", "barriers")
KPI_COLUMNS = ("ministry", "action_id", "kpi", "kpi_baseline", "kpi_target")


def barriers(actions: pd.DataFrame) -> pd.DataFrame:
    """Every action that names a barrier or who may resist, by ministry."""
    return actions.loc[filled(actions["barriers"]), list(BARRIER_COLUMNS)].reset_index(drop=True)


def kpis(actions: pd.DataFrame) -> pd.DataFrame:
    """Every action with an indicator or a target: the KPI register."""
    has_kpi = filled(actions["kpi"]) | filled(actions["kpi_target"])
    return actions.loc[has_kpi, list(KPI_COLUMNS)].reset_index(drop=True)


# Communication ----------------------------------------------------------------------------------

def audience_key(name: str) -> str:
    """Audiences compared loosely: case, spacing, a leading 'the' and end punctuation."""
    key = " ".join(name.casefold().split()).strip(" .:-")
    return key[4:] if key.startswith("the ") else key


def audience_cells(actions: pd.DataFrame):
    """(ministry, target-audience text, cadence) of every step that names an audience."""
    named = actions.loc[filled(actions["comm_audience"])]
    return zip(named["ministry"].tolist(), named["comm_audience"].tolist(),
               named["comm_frequency"].tolist())


@dataclass
class Audience:
    """One audience across the plan: how it is written, who addresses it, how often."""

    names: Counter = field(default_factory=Counter)
    cadences: dict[str, set[str]] = field(default_factory=dict)  # ministry -> cadences
    actions: int = 0

    def row(self, codes: list[str]) -> dict[str, object]:
        every = set().union(*self.cadences.values())
        return {"audience": self.names.most_common(1)[0][0], "named_by": len(self.cadences),
                "actions": self.actions, "cadences": "; ".join(sorted(every)),
                **{c: "; ".join(sorted(self.cadences.get(c, ()))) for c in codes}}


def communication(actions: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Target audience x ministry, each cell the cadences used; audiences that several
    ministries address first ('named_by')."""
    found: dict[str, Audience] = {}
    split = functools.lru_cache(maxsize=None)(split_audiences)  # the same text recurs a lot
    for ministry, text, cadence in audience_cells(actions):
        cadence = cadence if filled_text(cadence) else NOT_STATED
        for key, name in split(text):
            entry = found.get(key) or found.setdefault(key, Audience())
            entry.names[name] += 1
            entry.actions += 1
            entry.cadences.setdefault(ministry, set()).add(cadence)
    codes = [c for c in roster_order(plan, actions["ministry"])
             if any(c in entry.cadences for entry in found.values())]
    columns = ["audience", "named_by", "actions", "cadences", *codes]
    table = pd.DataFrame([entry.row(codes) for entry in found.values()], columns=columns)
    table = table.sort_values(["named_by", "actions", "audience"],
                              ascending=[False, False, True], kind="stable")
    return table.reset_index(drop=True).astype({"named_by": "int64", "actions": "int64"})


def filled_text(value: object) -> bool:
    return isinstance(value, str) and not value.isspace() and value != ""


def split_audiences(text: str) -> tuple[tuple[str, str], ...]:
    """(key, name) of each audience a target-audience cell names."""
    names = (name.strip() for name in AUDIENCE_SEPARATORS.split(str(text)))
    return tuple((audience_key(name), name) for name in names if audience_key(name))


# Dependencies -----------------------------------------------------------------------------------

DEPENDENCY_FIELDS = ("responsible", "supporting")


def roster_pattern(plan: Plan) -> re.Pattern:
    """Any roster ministry, named by its code (a word in capitals) or its full name (any case)."""
    codes = "|".join(re.escape(m.code) for m in plan.ministries)
    names = "|".join(re.escape(m.name) for m in sorted(plan.ministries, key=lambda m: -len(m.name)))
    return re.compile(rf"\b(?:{codes})\b|(?i:{names})")


def named_ministries(text: pd.Series, plan: Plan) -> pd.Series:
    """Per row of `text`, the roster codes it names (a row per name found, index repeated)."""
    code_of = {m.code: m.code for m in plan.ministries}
    code_of |= {m.name.casefold(): m.code for m in plan.ministries}
    found = text.astype("string").fillna("").str.findall(roster_pattern(plan)).explode()
    return found.dropna().map(lambda name: code_of.get(name, code_of.get(name.casefold())))


def dependencies(actions: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Actions whose responsible or supporting party names another ministry of the roster."""
    columns = ["ministry", "action_id", "action_step", "other_ministry", "other_ministry_name",
               "named_as", "text", "due_date", "status"]
    found = []
    for rank, key in enumerate(DEPENDENCY_FIELDS):
        named = named_ministries(actions[key], plan)
        named = named[named.to_numpy() != actions.loc[named.index, "ministry"].to_numpy()]
        rows = actions.loc[named.index, ["ministry", "action_id", "action_step", "due_date",
                                         "status", key]].rename(columns={key: "text"})
        found.append(rows.assign(other_ministry=named.to_numpy(), named_as=schema.column(key).label,
                                 rank=rank, order=named.index))
    table = pd.concat(found, ignore_index=True)
    table = table.drop_duplicates(["order", "rank", "other_ministry"])
    table = table.sort_values(["order", "rank", "other_ministry"], kind="stable")
    table["other_ministry_name"] = table["other_ministry"].map(lambda c: ministry_name(plan, c))
    return table[columns].reset_index(drop=True)
