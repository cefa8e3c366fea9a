"""The next review's workbooks, prefilled from the last one: `actionbook template --from`.

    made = prefill("last/consolidated.xlsx", plan, every=True, output="next/")
    made.paths      # next/MOH-action-plan.xlsx, ...
    made.blank      # roster ministries with nothing in PREVIOUS: each got a blank workbook

PREVIOUS is what load_stand reads (a consolidated workbook, a folder of submissions or one
filled workbook, each file judged and parsed in a worker). Each ministry's workbook holds
every step it last submitted, in the order it was read: the same IDs, every value as read,
completed and cancelled steps kept so that the record stays whole, and each step's baseline
(`baseline_due`: its previous baseline, else its previous due date, which was its own). The
cover carries the plan owner and contact over, not the reporting period nor the submission
date, which belong to the new review. Blank numbered rows follow, their IDs after the highest
the ministry ever used (Stand.last_ids, removed steps included): an ID is never given twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from actionbook import schema
from actionbook.cycle.diff import identifier
from actionbook.cycle.stand import Stand, load_stand
from actionbook.errors import OutputError
from actionbook.plan import Plan, default_plan
from actionbook.schema.rules import is_blank
from actionbook.schema.table import Key
from actionbook.template.files import template_targets
from actionbook.template.workbook import write_template

# The cover fields a next review starts from: not the ministry (the template's own), nor the
# reporting period and submission date (the new review's).
CARRIED_COVER = tuple(key for key in schema.cover_keys() if key not in (
    Key.MINISTRY, Key.MINISTRY_NAME, Key.REPORTING_PERIOD, Key.SUBMITTED_ON))
WRITE_SECONDS = 300
WRITE_MEMORY_MB = 2048
WORKERS_FROM = 8  # fewer workbooks than this are written here: a worker's start costs more


@dataclass(frozen=True)
class Prefilled:
    """What prefill wrote."""

    source: str  # PREVIOUS, as the user named it
    paths: tuple[Path, ...]  # one workbook per ministry, in roster order
    blank: tuple[str, ...]  # the ministries PREVIOUS has nothing of: their workbook is blank


@dataclass(frozen=True)
class Task:
    """One workbook to write: what a worker needs, and nothing else."""

    plan: Plan
    path: Path
    ministry: str
    rows: list[dict]
    cover: dict
    last_id: str | None
    generated_on: dt.date | None
    password: str | None


def prefill(previous: Stand | str | Path, plan: Plan | None = None,
            ministries: Iterable[str] = (), every: bool = False,
            output: str | Path | None = None, generated_on: dt.date | None = None,
            password: str | None = None, jobs: int | None = None) -> Prefilled:
    """Write each ministry's next-review workbook from `previous` (a Stand, or a source for
    load_stand). Which ministries: the given codes, every one of the roster (`every`), or by
    default those `previous` holds steps of. output: a folder (default: here), or a .xlsx
    name for one workbook. jobs: worker processes writing side by side (default: cores)."""
    plan = plan or default_plan()
    stand = previous if isinstance(previous, Stand) else load_stand(previous, plan)
    codes = list(ministries) or ([] if every else submitted(stand, plan))
    if not codes and not every:
        raise OutputError(f"{stand.source}: holds no step of a roster ministry; name the "
                          "ministries with --ministry, or use --all")
    targets = template_targets(plan, codes, every, output)
    steps = by_ministry(stand.steps)
    tasks = [Task(plan, path, code, steps.get(code, []), carried_cover(stand, code),
                  stand.last_ids.get(code), generated_on, password)
             for code, path in targets if code is not None]
    paths = write_all(tasks, jobs)
    return Prefilled(stand.source, tuple(paths),
                     tuple(task.ministry for task in tasks if not task.rows))


def submitted(stand: Stand, plan: Plan) -> list[str]:
    """The roster ministries `stand` holds steps of, in roster order."""
    present = set(stand.steps["ministry"].dropna())
    return [m.code for m in plan.ministries if m.code in present]


def by_ministry(steps: pd.DataFrame) -> dict[str, list[dict]]:
    """Each ministry's steps as the template takes them, in the order they were read."""
    rows: dict[str, list[dict]] = {}
    for record in steps.to_dict("records"):
        rows.setdefault(record["ministry"], []).append(carried_row(record))
    return rows


def carried_row(record: dict) -> dict:
    """One step for the next review: its values as read, its ID as text, its baseline."""
    row = {key: None if is_blank(record.get(key)) else record.get(key)
           for key in schema.action_keys()}
    row[Key.ACTION_ID] = identifier(row[Key.ACTION_ID])
    if row[Key.BASELINE_DUE] is None:
        row[Key.BASELINE_DUE] = row[Key.DUE_DATE]  # the first review's due date: its own
    return row


def carried_cover(stand: Stand, ministry: str) -> dict:
    cover = stand.covers.get(ministry, {})
    return {key: cover[key] for key in CARRIED_COVER if not is_blank(cover.get(key))}


def write_all(tasks: list[Task], jobs: int | None) -> list[Path]:
    """Each task's workbook: here when there are few, else in workers side by side."""
    if len(tasks) < WORKERS_FROM or jobs == 1:
        return [write(task) for task in tasks]
    from actionbook.safety import isolation

    paths = []
    for task, outcome in isolation.map_isolated(write, tasks, jobs=jobs,
                                                timeout=WRITE_SECONDS,
                                                memory_mb=WRITE_MEMORY_MB):
        if isinstance(outcome, isolation.IsolatedFailure):
            raise OutputError(f"{task.path}: could not be written ({outcome})")
        paths.append(outcome)
    return paths


def write(task: Task) -> Path:
    """One ministry's workbook (runs in a worker when there are many)."""
    return write_template(task.plan, task.path, task.ministry, generated_on=task.generated_on,
                          actions=task.rows, cover=task.cover, password=task.password,
                          last_id=task.last_id)
