"""Which ministry a submitted file belongs to, and which of a ministry's files counts.

A file belongs to the ministry on its cover; when the cover names none, to the one roster code
its name spells as a word ('MEN plan 2027.xlsx' -> MEN); else it is of unknown ministry. When
a ministry sent several readable files, the newest wins: submitted_on on the cover, then the
file's modification time, then its name.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from actionbook.plan import Plan
    from actionbook.submission import Examined

UNKNOWN = "(unknown)"  # the ministry of a file that names none


class Ranking:
    """Roster ministries in plan order, then other codes by name, then files naming none."""

    def __init__(self, plan: Plan):
        self.roster = {m.code: n for n, m in enumerate(plan.ministries)}

    def of(self, code: str | None) -> tuple:
        if code in self.roster:
            return (0, self.roster[code], "")
        return (1, 0, code) if code and code != UNKNOWN else (2, 0, "")


def attribute(e: Examined, plan: Plan) -> bool:
    """Sets the file's ministry when its cover names none (resolved_ministry). Returns whether
    the ministry was taken from the file name."""
    if e.ministry:
        return False
    e.ministry = resolved_ministry(e, plan)
    return e.ministry not in (None, UNKNOWN)


def resolved_ministry(e: Examined, plan: Plan) -> str | None:
    """The cover's ministry, else the one the file name spells, else unknown (None for a
    rejected file)."""
    if e.ministry:
        return e.ministry
    return ministry_in_name(e.file, plan) or (UNKNOWN if e.accepted else None)


def ministry_in_name(file: str, plan: Plan) -> str | None:
    """The one roster code the file name spells as a word ('moh_plan_v2.xlsx' -> MOH)."""
    words = {w.upper() for w in re.split(r"[^A-Za-z0-9]+", Path(file).stem)}
    codes = [m.code for m in plan.ministries if m.code in words]
    return codes[0] if len(codes) == 1 else None


def recency(e: Examined) -> tuple:
    return (e.submitted_on or dt.date.min, e.modified, e.file)


def supersede(examined: list[Examined]) -> dict[str, Examined]:
    """Older file -> the newer submission of the same ministry that replaces it."""
    groups: dict[str, list[Examined]] = {}
    for e in examined:
        if e.accepted and e.ministry != UNKNOWN:
            groups.setdefault(e.ministry, []).append(e)
    replaced = {}
    for group in groups.values():
        newest = max(group, key=recency)
        replaced |= {e.file: newest for e in group if e is not newest}
    return replaced
