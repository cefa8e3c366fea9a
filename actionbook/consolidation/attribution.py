"""Which ministry a submitted file belongs to, and which of a ministry's files counts.

A file belongs to the ministry on its cover; when the cover names none, to the one roster code
its name spells as a word ('MEN plan 2027.xlsx' -> MEN); else it is of unknown ministry. When
a ministry sent several readable files, the newest wins: submitted_on on the cover, then the
file's modification time, then its name in natural order (v10 after v2); each supersession
says why. One file cannot take a ministry's place silently: a workbook made from one
ministry's template whose cover names another ministry of the roster is held for the
coordinator (its rows unused), and a submission date after the as-of date, or before 2000,
decides nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from actionbook.consolidation.submission import Examined
    from actionbook.plan import Plan

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


EARLIEST = dt.date(2000, 1, 1)  # a submission date before this is a typing slip


def held(e: Examined, plan: Plan) -> str | None:
    """Why a readable file is held for the coordinator: made from one ministry's template, its
    cover names another of the roster (one file could otherwise stand in for that ministry's
    plan). A code the roster lacks takes no one's place: it is an unknown-ministry warning."""
    made_for, cover = (e.template_ministry or "").strip(), (e.ministry or "").strip()
    if not e.accepted or not made_for or plan.ministry(cover) is None or made_for == cover:
        return None
    return f"made from {made_for}'s template, its cover names {cover}"


def doubtful_date(e: Examined, as_of: dt.date) -> str | None:
    """Why the cover's submission date cannot be trusted to say which file is newer."""
    day = e.submitted_on
    if day is not None and day > as_of:
        return f"is after the as-of date {as_of.isoformat()}"
    if day is not None and day < EARLIEST:
        return f"is before {EARLIEST.year}"
    return None


def trusted_date(e: Examined, as_of: dt.date) -> dt.date | None:
    return None if doubtful_date(e, as_of) else e.submitted_on


def natural(name: str) -> tuple:
    """A name's sort key with its numbers as numbers: 'plan v10' after 'plan v2'."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
                 for part in re.split(r"(\d+)", name) if part)


def recency(e: Examined, as_of: dt.date | None = None) -> tuple:
    """The key that orders a ministry's files, oldest first (as_of: default today; the
    report's early guess at the newest uses that, and is checked against the table)."""
    day = trusted_date(e, as_of or dt.date.today())
    return (day or dt.date.min, e.modified, natural(e.file))


@dataclass(frozen=True)
class Replaced:
    """The newer submission that replaces a file, and why it counts as newer."""

    newer: Examined
    why: str


def supersede(examined: list[Examined], plan: Plan, as_of: dt.date) -> dict[str, Replaced]:
    """Older file -> the newer submission of the same ministry that replaces it (files held
    for the coordinator take part in nothing)."""
    groups: dict[str, list[Examined]] = {}
    for e in examined:
        if e.accepted and e.ministry != UNKNOWN and not held(e, plan):
            groups.setdefault(str(e.ministry), []).append(e)
    replaced: dict[str, Replaced] = {}
    for group in groups.values():
        newest = max(group, key=lambda e: recency(e, as_of))
        replaced |= {e.file: Replaced(newest, why_newer(newest, e, as_of))
                     for e in group if e is not newest}
    return replaced


def why_newer(newer: Examined, older: Examined, as_of: dt.date) -> str:
    if newer.sha256 is not None and newer.sha256 == older.sha256:
        return "an identical copy: the same bytes, counted once"
    new_day, old_day = trusted_date(newer, as_of), trusted_date(older, as_of)
    if new_day != old_day:
        return f"dated {new_day}, " + (f"after {old_day}" if old_day else
                                        "where this file gives no date to trust")
    if newer.modified != older.modified:
        return f"same submission date, saved later ({newer.modified:%Y-%m-%d %H:%M:%S})"
    return "same submission date and time, its name comes later"
