"""The sample submissions: a dozen fictional ministries' filled workbooks, made deterministically.

    python samples/generate.py          # rewrites samples/submissions, consolidated.xlsx, export/

Most workbooks are written with the template, filled; some have gaps; two are messy the way
officials make them (dates and numbers typed as text, a renamed sheet, moved columns, a note
column of their own), one is a hand-made table without the template, one ministry submitted
twice, one sent a budget annex that is no plan, one sent nothing. A lock file and a covering
note sit in the folder too. The same code always writes the same files.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from actionbook import schema
from actionbook.plan import Plan, default_plan
from actionbook.samples.data import (
    BARRIERS,
    COMMUNICATORS,
    MINISTRY_PLANS,
    RESOURCES,
    MinistryPlan,
)
from actionbook.schema.table import Key

SEED = 2027
AS_OF = dt.date(2027, 9, 30)  # the review date the samples are consolidated at
GENERATED_ON = dt.date(2027, 1, 4)  # when the coordinator sent out the templates
REPORTING_PERIOD = "2027 annual review"
RESOURCE_WEIGHTS = {"Financial": 4, "Human Resources": 3, "Technical": 4, "Political": 1,
                    "Other": 1}
CADENCE_WEIGHTS = {"Weekly": 1, "Fortnightly": 1, "Monthly": 5, "Quarterly": 4,
                   "Twice a year": 1, "At milestones": 3, "As needed": 1}
FUNDING_WEIGHTS = {"Available": 5, "Partly available": 3, "Needed": 2}
PRIORITY_WEIGHTS = {"High": 4, "Medium": 4, "Low": 1}
DELAY_REMARKS = (
    "Procurement took two months longer than planned; the contract is now signed.",
    "Waiting for the second-quarter budget release; work resumes when it comes.",
    "The supplier delivered late; the steering committee agreed the new date.",
    "Staff were moved to the census for three months; back on track next quarter.",
)
REQUIRED_KEYS = tuple(c.key for c in schema.required_columns() if c.key != "goal")


@dataclass(frozen=True)
class Submission:
    """How one sample file is made: whose, which file, how filled, when submitted."""

    ministry: str
    file: str
    style: str  # complete, gaps, no-owner, text-values, restructured, hand-made, draft
    submitted_on: dt.date


SUBMISSIONS = (
    Submission("MDG", "MDG-action-plan.xlsx", "complete", dt.date(2027, 9, 20)),
    Submission("MOH", "MOH-action-plan.xlsx", "draft", dt.date(2027, 8, 27)),
    Submission("MOH", "resubmitted/MOH-action-plan-v2.xlsx", "complete", dt.date(2027, 9, 24)),
    Submission("MOE", "MOE-action-plan.xlsx", "gaps", dt.date(2027, 9, 28)),
    Submission("MOF", "MOF-action-plan.xlsx", "complete", dt.date(2027, 9, 15)),
    Submission("MOI", "MOI-action-plan.xlsx", "complete", dt.date(2027, 9, 22)),
    Submission("MOJ", "MOJ-action-plan.xlsx", "no-owner", dt.date(2027, 9, 29)),
    Submission("MOA", "MOA-action-plan.xlsx", "restructured", dt.date(2027, 9, 26)),
    Submission("MOL", "MOL-action-plan.xlsx", "gaps", dt.date(2027, 9, 30)),
    Submission("MOT", "MOT-action-plan.xlsx", "text-values", dt.date(2027, 9, 25)),
    Submission("MEN", "MEN plan 2027.xlsx", "hand-made", dt.date(2027, 9, 18)),
    Submission("MTI", "MTI-action-plan.xlsx", "gaps", dt.date(2027, 9, 21)),
)


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


# The actions of one ministry --------------------------------------------------------------------

def ministry_actions(ministry: MinistryPlan, rng: random.Random, plan: Plan) -> list[dict]:
    """Every step of every project of `ministry`, filled in completely."""
    rows = []
    for number, project in enumerate(ministry.projects):
        start = plan.start + dt.timedelta(days=rng.randrange(0, 200) + 45 * number)
        for index, step in enumerate(project.steps):
            due = min(start + dt.timedelta(days=rng.randrange(75, 330)), plan.end)
            last = index == len(project.steps) - 1
            rows.append(with_remarks(action(ministry, project, step, start, due, last, rng)))
            start = due - dt.timedelta(days=rng.randrange(0, 40))
    return rows


def action(ministry, project, step, start, due, last, rng) -> dict:
    kind = weighted(rng, RESOURCE_WEIGHTS)
    needed, low, high = rng.choice(RESOURCES[kind])
    kpi, baseline, target = project.kpi if last else (
        f"{step.split(' ', 1)[0]} milestone delivered", "Not started",
        f"Done by {due.strftime('%d %b %Y')}")
    return {
        "goal": project.goal, Key.ACTION_STEP: step, "responsible": project.lead,
        "supporting": project.partners, Key.START_DATE: start, Key.DUE_DATE: due,
        Key.RESOURCES_NEEDED: needed, Key.RESOURCE_TYPE: kind,
        Key.ESTIMATED_COST: float(round(rng.randint(low, high), -4)) if high else 0.0,
        Key.FUNDING_STATUS: "Available" if kind == "Political" else weighted(rng, FUNDING_WEIGHTS),
        "barriers": rng.choice(BARRIERS), Key.COMM_BY_WHOM: rng.choice(COMMUNICATORS),
        Key.COMM_AUDIENCE: project.audience, Key.COMM_FREQUENCY: weighted(rng, CADENCE_WEIGHTS),
        "kpi": kpi, Key.KPI_BASELINE: baseline, Key.KPI_TARGET: target,
        "status": status_on(AS_OF, start, due, rng),
        "priority": weighted(rng, PRIORITY_WEIGHTS),
    }


def with_remarks(row: dict) -> dict:
    """Most late or held steps say why in Remarks; some late ones do not (the check's
    unexplained-delay). Chosen by the step's text, not the random generator, so every other
    value stays put."""
    late = (row[Key.DUE_DATE] < AS_OF and row["status"] != "Completed") or \
        row["status"] == "On hold"
    words = row[Key.ACTION_STEP]
    if not late or len(words) % 4 == 0:
        return row
    return {**row, Key.REMARKS: DELAY_REMARKS[len(words) % len(DELAY_REMARKS)]}


def status_on(as_of: dt.date, start: dt.date, due: dt.date, rng: random.Random) -> str:
    """A plausible status at the review date: most past steps done, some late."""
    if due < as_of:
        return rng.choices(("Completed", "Delayed", "In progress"), (7, 2, 1))[0]
    if start <= as_of:
        return rng.choices(("In progress", "Not started", "On hold"), (8, 1, 1))[0]
    return "Not started"


def with_gaps(rows: list[dict], rng: random.Random) -> list[dict]:
    """What a hurried ministry sends: blank required cells, an unmeasurable target, a step
    that ends before it starts."""
    rows = [dict(row) for row in rows]
    for row in rng.sample(rows, max(2, len(rows) // 3)):
        for key in rng.sample(REQUIRED_KEYS, rng.randint(1, 2)):
            row[key] = None
        row["barriers"] = None
    rows[-1][Key.KPI_TARGET] = "Improve the service"
    rows[1][Key.START_DATE], rows[1][Key.DUE_DATE] = rows[1][Key.DUE_DATE], rows[1][Key.START_DATE]
    return rows


def cover(ministry: MinistryPlan, submission: Submission) -> dict:
    owner = None if submission.style == "no-owner" else ministry.owner
    return {Key.PLAN_OWNER: owner, Key.OWNER_CONTACT: ministry.contact,
            Key.REPORTING_PERIOD: REPORTING_PERIOD, Key.SUBMITTED_ON: submission.submitted_on}


def rows_for(submission: Submission, plan: Plan) -> list[dict]:
    """The ministry's actions, shaped by how this submission was filled."""
    ministry = next(m for m in MINISTRY_PLANS if m.code == submission.ministry)
    rng = random.Random(f"{SEED}-{submission.ministry}")
    rows = ministry_actions(ministry, rng, plan)
    if submission.style in ("gaps", "no-owner"):
        rows = with_gaps(rows, rng)
    if submission.style == "draft":
        rows = with_gaps(rows[: len(rows) // 2], rng)
    return rows


def mtime(path: Path, day: dt.date) -> None:
    """The file's modification time: noon UTC of the day it was sent, so outputs are stable."""
    stamp = dt.datetime.combine(day, dt.time(12), dt.UTC).timestamp()
    os.utime(path, (stamp, stamp))


def clean(directory: Path) -> None:
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)


def ministry_plan(code: str) -> MinistryPlan:
    return next(m for m in MINISTRY_PLANS if m.code == code)


def default_sample_plan() -> Plan:
    return default_plan()
