"""The per-step registers and the cross-ministry views: barriers, KPIs, audiences, dependencies.

Pure functions of the consolidated actions, like summaries.py: what a coordinator cannot see
in any single workbook (the audiences several ministries address, the steps that depend on
another ministry) and the registers leadership asks for.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from actionbook import schema
from actionbook.consolidation.summaries import NOT_STATED, roster_order
from actionbook.schema.rules import is_blank
from actionbook.schema.table import Key

if TYPE_CHECKING:
    from actionbook.plan import Plan

# Audiences are free text: "Parents; hospital registrars, the public" names three.
AUDIENCE_SEPARATORS = re.compile(r"[;,\n\u2022]+")


# Registers --------------------------------------------------------------------------------------

# A register is one row per barrier or indicator: the ministry, the step's ID and the text.
# The Actions table gives the rest of the step by its ID; every column repeated here would be
# another cell to write for every step of the plan.
BARRIER_COLUMNS = ("ministry", Key.ACTION_ID, "barriers")
KPI_COLUMNS = ("ministry", Key.ACTION_ID, "kpi", Key.KPI_BASELINE, Key.KPI_TARGET)


def barriers(actions: pd.DataFrame) -> pd.DataFrame:
    """Every action that names a barrier or who may resist, by ministry."""
    return register(actions, names_barrier(actions), BARRIER_COLUMNS)


def kpis(actions: pd.DataFrame) -> pd.DataFrame:
    """Every action with an indicator or a target: the KPI register."""
    return register(actions, has_kpi(actions), KPI_COLUMNS)


def register(actions: pd.DataFrame, rows: list[bool], columns: tuple[str, ...]) -> pd.DataFrame:
    return actions.loc[np.array(rows, dtype=bool), list(columns)].reset_index(drop=True)


# the table's columns by key: the consolidated DataFrame, or one submission's in its worker
Columns = Mapping[str, Iterable] | pd.DataFrame


def names_barrier(columns: Columns) -> list[bool]:
    """Per step, whether it is in the barriers register (`columns`: key -> the values)."""
    return [not is_blank(value) for value in columns["barriers"]]


def has_kpi(columns: Columns) -> list[bool]:
    """Per step, whether it is in the KPI register (`columns`: key -> the values)."""
    return [not is_blank(kpi) or not is_blank(target)
            for kpi, target in zip(columns["kpi"], columns[Key.KPI_TARGET])]


# Communication ----------------------------------------------------------------------------------

def audience_key(name: str) -> str:
    """Audiences compared loosely: case, spacing, a leading 'the' and end punctuation."""
    key = " ".join(name.casefold().split()).strip(" .:-")
    return key[4:] if key.startswith("the ") else key


def audience_cells(actions: pd.DataFrame):
    """(ministry, target-audience text, cadence) of every step that names an audience."""
    cells = zip(actions["ministry"].tolist(), actions[Key.COMM_AUDIENCE].tolist(),
                actions[Key.COMM_FREQUENCY].tolist())
    return [cell for cell in cells if not is_blank(cell[1])]


@dataclass
class Audience:
    """One audience across the plan: how it is written, who addresses it, how often."""

    names: Counter = field(default_factory=Counter)
    cadences: dict[str, set[str]] = field(default_factory=dict)  # ministry -> cadences
    actions: int = 0

    @property
    def name(self) -> str:
        return self.names.most_common(1)[0][0]

    def cadence(self, code: str | None = None) -> str:
        """The cadences `code` uses for this audience ("" for none); every one's by default."""
        used = set().union(*self.cadences.values()) if code is None else self.cadences.get(code)
        return "; ".join(sorted(used)) if used else ""


# A ministry code comes from the submissions (a cover may name one outside the roster): as
# a column name it could be, and overwrite, one of the table's own. Its column is named with
# a prefix no other column has; the workbook shows the code (report_tables.label).
MINISTRY_COLUMN = "ministry:"


def ministry_column(code: str) -> str:
    return f"{MINISTRY_COLUMN}{code}"


def communication(actions: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Target audience x ministry, each cell the cadences used (in column 'ministry:<code>');
    audiences that several ministries address first ('named_by')."""
    found = audiences(actions)
    addressing = set().union(*(entry.cadences for entry in found))
    codes = [c for c in roster_order(plan, actions["ministry"]) if c in addressing]
    table = pd.DataFrame({
        "audience": [entry.name for entry in found],
        "named_by": np.array([len(entry.cadences) for entry in found], dtype="int64"),
        "actions": np.array([entry.actions for entry in found], dtype="int64"),
        "cadences": [entry.cadence() for entry in found],
        **{ministry_column(code): [entry.cadence(code) for entry in found] for code in codes}})
    table = table.sort_values(["named_by", "actions", "audience"],
                              ascending=[False, False, True], kind="stable")
    return table.reset_index(drop=True)


def audiences(actions: pd.DataFrame) -> list[Audience]:
    """Every audience the steps name, in the order first named."""
    found: dict[str, Audience] = {}
    # A ministry names the same audience with the same cadence in many steps: each distinct
    # (ministry, text, cadence) is split and counted once, with its number of steps.
    split = functools.lru_cache(maxsize=None)(split_audiences)  # the same text recurs a lot
    for (ministry, text, cadence), steps in Counter(audience_cells(actions)).items():
        cadence = NOT_STATED if is_blank(cadence) else cadence
        for key, name in split(text):
            entry = found.get(key) or found.setdefault(key, Audience())
            entry.names[name] += steps
            entry.actions += steps
            entry.cadences.setdefault(ministry, set()).add(cadence)
    return list(found.values())


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


def roster_finder(plan: Plan) -> Callable[[str], list[str]]:
    """text -> the roster codes it names, in order. Parties recur, and a long roster makes a
    slow pattern: each distinct text is searched once."""
    pattern = roster_pattern(plan)
    code_of = {m.code: m.code for m in plan.ministries}
    code_of |= {m.name.casefold(): m.code for m in plan.ministries}

    @functools.cache
    def codes_in(value: str) -> list[str]:
        found = (code_of.get(name) or code_of.get(name.casefold())
                 for name in pattern.findall(value))
        return [code for code in found if code]  # a case-insensitive match always maps
    return codes_in


def named_ministries(text: pd.Series, plan: Plan,
                     codes_in: Callable[[str], list[str]] | None = None) -> pd.Series:
    """Per row of `text`, the roster codes it names (a row per name found, index repeated)."""
    codes_in = codes_in or roster_finder(plan)
    rows, codes = [], []
    for row, value in zip(text.index, text.tolist()):
        if not is_blank(value):
            for code in codes_in(str(value)):
                rows.append(row)
                codes.append(code)
    return pd.Series(codes, index=pd.Index(rows, dtype=text.index.dtype), dtype=object)


def dependencies(actions: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Actions whose responsible or supporting party names another ministry of the roster."""
    columns = ["ministry", Key.ACTION_ID, Key.ACTION_STEP, "other_ministry", "other_ministry_name",
               "named_as", "text", Key.DUE_DATE, "status"]
    found, codes_in = [], roster_finder(plan)
    for rank, key in enumerate(DEPENDENCY_FIELDS):
        named = named_ministries(actions[key], plan, codes_in)
        named = named[named.to_numpy() != actions.loc[named.index, "ministry"].to_numpy()]
        rows = actions.loc[named.index, ["ministry", Key.ACTION_ID, Key.ACTION_STEP, Key.DUE_DATE,
                                         "status", key]].rename(columns={key: "text"})
        found.append(rows.assign(other_ministry=named.to_numpy(), named_as=schema.column(key).label,
                                 rank=rank, order=named.index))
    table = pd.concat(found, ignore_index=True)
    table = table.drop_duplicates(["order", "rank", "other_ministry"])
    table = table.sort_values(["order", "rank", "other_ministry"], kind="stable")
    table["other_ministry_name"] = table["other_ministry"].map(
        lambda c: plan.ministry_name(c) or "")
    return table[columns].reset_index(drop=True)
