"""The action-planning table, the cover fields and the built-in lists: data only.

This module is the single source of truth. The template, the reader, the checks, the docs
and the summaries all derive from it; no header text, alias or key is spelled anywhere else.
Keys are the public DataFrame column names: a stable API.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import Enum

from actionbook.findings import Severity
from actionbook.lang import N_, NP_

SCHEMA_VERSION = 1
TEMPLATE_ID = "actionbook-action-plan"


class Kind(str, Enum):
    ID = "id"
    TEXT = "text"
    DATE = "date"
    NUMBER = "number"
    CHOICE = "choice"
    MEASURE = "text or number"


class Key:
    """The column keys: spelled here once, referred to as Key.DUE_DATE everywhere else."""

    ACTION_ID = "action_id"
    GOAL = "goal"
    ACTION_STEP = "action_step"
    RESPONSIBLE = "responsible"
    SUPPORTING = "supporting"
    START_DATE = "start_date"
    DUE_DATE = "due_date"
    BASELINE_DUE = "baseline_due"
    RESOURCES_NEEDED = "resources_needed"
    RESOURCE_TYPE = "resource_type"
    ESTIMATED_COST = "estimated_cost"
    FUNDING_STATUS = "funding_status"
    BARRIERS = "barriers"
    COMM_BY_WHOM = "comm_by_whom"
    COMM_AUDIENCE = "comm_audience"
    COMM_FREQUENCY = "comm_frequency"
    KPI = "kpi"
    KPI_BASELINE = "kpi_baseline"
    KPI_TARGET = "kpi_target"
    STATUS = "status"
    PRIORITY = "priority"
    REMARKS = "remarks"
    MINISTRY = "ministry"
    MINISTRY_NAME = "ministry_name"
    PLAN_OWNER = "plan_owner"
    OWNER_CONTACT = "owner_contact"
    REPORTING_PERIOD = "reporting_period"
    SUBMITTED_ON = "submitted_on"


@dataclass(frozen=True)
class Column:
    key: str  # DataFrame column, stable API
    header: str  # what the official sees on the header row
    question: str  # the seed's guiding question; {list_name}: that list of the plan, "A, B or C"
    kind: Kind
    group: str  # group header over the column, as in the seed's table
    required: Severity | None = None
    choices: str | None = None  # name of a list in the plan
    width: int = 18
    help: str = ""  # input message: how to fill the cell; {example}, {list_name}: see question
    # What the example row shows, worded for any plan (schema/examples.py fills it in): a
    # date is "+N", N days after the plan starts; {goal_id}, {goal_title}: the plan's first
    # goal; {ministry}: the ministry's name; {due_month}: the example due date, as "Jun 2027".
    example: str = ""
    aliases: tuple[str, ...] = ()  # other headers officials use for this column
    cost: bool = False  # a NUMBER that is money: 0 or more, in the plan's currency
    # Filled in by actionbook, not by the official (the baseline of a next-cycle workbook):
    # locked and grey in the workbook, and a row holding nothing else is not started.
    locked: bool = False

    @property
    def label(self) -> str:
        """The column's name in messages: its header, with the group where headers repeat."""
        if sum(c.header == self.header for c in COLUMNS) > 1:
            return f"{self.group}: {self.header}"
        return self.header


@dataclass(frozen=True)
class CoverField:
    key: str
    label: str
    help: str
    kind: Kind = Kind.TEXT
    required: Severity | None = None
    choices: str | None = None
    aliases: tuple[str, ...] = ()


ACTION_GROUP = N_("Action Step")
RESPONSIBILITY_GROUP = N_("Responsibility")
TIMEFRAME_GROUP = N_("Timeframe")
RESOURCES_GROUP = N_("Resources and Support")
BARRIERS_GROUP = N_("Potential Barriers or Resistance")
COMMUNICATION_GROUP = N_("Communication Plan")
KPI_GROUP = N_("Key Performance Indicators (KPIs)")
PROGRESS_GROUP = N_("Progress")

COLUMNS: tuple[Column, ...] = (
    Column(
        Key.ACTION_ID, N_("ID"), N_("Leave as it is: the step's reference number."), Kind.ID,
        ACTION_GROUP, width=10,
        help="Pre-numbered. Keep the number when you edit, reorder or move a step.",
        example="EX-001",
        aliases=("action id", "id", "ref", "reference", "no.", "step id"),
    ),
    Column(
        Key.GOAL, N_("Goal / Objective"), N_("Which goal or objective does this step serve?"),
        Kind.CHOICE, ACTION_GROUP, Severity.ERROR, choices="goals", width=30,
        help="Pick the plan goal from the list. The Goals sheet explains each goal.",
        example="{goal_id}: {goal_title}",
        aliases=("goal", "objective", "goal or objective", "goal/objective", "plan goal"),
    ),
    Column(
        Key.ACTION_STEP, N_("Action Step"), N_("What needs to be done?"), Kind.TEXT,
        ACTION_GROUP, Severity.ERROR, width=44,
        help="One concrete step, starting with a verb: what will happen, and what it delivers.",
        example="Agree the first deliverable towards {goal_id}, {goal_title}, and start it",
        aliases=("action step", "action steps", "action", "step", "activity",
                 "what needs to be done"),
    ),
    Column(
        Key.RESPONSIBLE, N_("By Whom"), N_("Who will be responsible for this step?"), Kind.TEXT,
        RESPONSIBILITY_GROUP, Severity.ERROR, width=24,
        help="The person or unit leading this step, who reports to the plan owner.",
        example="Head of the lead department",
        aliases=("responsible", "responsibility", "responsible person", "lead",
                 "who will be responsible for this step", "owner of the step"),
    ),
    Column(
        Key.SUPPORTING, N_("Supporting people / teams"),
        N_("Who else is needed to help support this person or team?"), Kind.TEXT,
        RESPONSIBILITY_GROUP, width=24,
        help="Other units, ministries or partners this step depends on.",
        example="Planning and budget units of {ministry}",
        aliases=("supporting", "support", "supporting teams", "supporting people",
                 "supported by"),
    ),
    Column(
        Key.START_DATE, N_("Start"), N_("When will the work start?"), Kind.DATE,
        TIMEFRAME_GROUP, width=13,
        help="A date inside the plan period, e.g. {example}.",
        example="+14",
        aliases=("start", "start date", "starts", "from", "begin"),
    ),
    Column(
        Key.DUE_DATE, N_("By When"), N_("What date will the action be completed?"), Kind.DATE,
        TIMEFRAME_GROUP, Severity.ERROR, width=13,
        help="The target end date, inside the plan period, e.g. {example}.",
        example="+180",
        aliases=("by when", "due date", "due", "deadline", "end date", "completion date",
                 "target date", "what date will the action be completed"),
    ),
    Column(
        Key.BASELINE_DUE, N_("Originally due"), N_("When was this step first due?"),
        Kind.DATE, TIMEFRAME_GROUP, width=13,
        help="Filled in for you: the By When date first committed for this step. Blank in "
             "a plan's first review, where By When is its own baseline.",
        example="+150",
        aliases=("originally due", "baseline due", "baseline due date", "original due date",
                 "baseline finish", "original deadline", "first due"),
        locked=True,
    ),
    Column(
        Key.RESOURCES_NEEDED, N_("Resources Available / Needed"),
        N_("What resources do you need to complete this task, financial and non-financial?"),
        Kind.TEXT, RESOURCES_GROUP, Severity.ERROR, width=34,
        help="Money, staff, political backing, systems: what you have and what you still need.",
        example="Two staff for six months; a budget for meetings and travel",
        aliases=("resources and support available needed",
                 "resources and support available / needed", "resources needed",
                 "resources", "resources and support", "resources available needed"),
    ),
    Column(
        Key.RESOURCE_TYPE, N_("Resource type"),
        N_("{resource_types}?"), Kind.CHOICE,
        RESOURCES_GROUP, Severity.ERROR, choices="resource_types", width=17,
        help="The main kind of resource this step needs.",
        example="Human Resources",
        aliases=("resource type", "type of resource", "resource category"),
    ),
    Column(
        Key.ESTIMATED_COST, N_("Estimated cost"), N_("Roughly how much will this step cost?"),
        Kind.NUMBER, RESOURCES_GROUP, width=15,
        help="A number, without currency sign: 0 if it costs nothing extra.",
        example="120000",
        aliases=("estimated cost", "cost", "budget", "estimated budget", "cost estimate"),
        cost=True,
    ),
    Column(
        Key.FUNDING_STATUS, N_("Funding"), N_("Is the money {funding}?"),
        Kind.CHOICE, RESOURCES_GROUP, choices="funding", width=16,
        help="Whether the funding for this step is secured.",
        example="Partly available",
        aliases=("funding", "funding status", "funded"),
    ),
    Column(
        Key.BARRIERS, N_("Potential Barriers or Resistance"),
        N_("What individuals and organizations might resist? How?"), Kind.TEXT,
        BARRIERS_GROUP, Severity.WARNING, width=34,
        help="Who might resist or what might block this step, and how you will respond.",
        example="Staff worried about the extra workload; address it with training",
        aliases=("potential barriers or resistance", "barriers", "resistance", "risks",
                 "barriers or resistance", "potential barriers"),
    ),
    Column(
        Key.COMM_BY_WHOM, N_("By Whom"), N_("Who is responsible for informing them?"), Kind.TEXT,
        COMMUNICATION_GROUP, Severity.ERROR, width=22,
        help="The person or unit that keeps the audience informed.",
        example="Communications Officer",
        aliases=("communication plan by whom", "communication by whom", "communicated by",
                 "communication lead", "informed by"),
    ),
    Column(
        Key.COMM_AUDIENCE, N_("Target Audience"),
        N_("What individuals and organizations should be informed?"), Kind.TEXT,
        COMMUNICATION_GROUP, Severity.ERROR, width=26,
        help="Who needs to be kept informed: units, ministries, the public, partners.",
        example="Staff; partner organisations; the people served",
        aliases=("target audience", "communication plan target audience", "audience",
                 "informed", "who should be informed", "stakeholders to inform"),
    ),
    Column(
        Key.COMM_FREQUENCY, N_("How often"), N_("What is the cadence of the communication?"),
        Kind.CHOICE, COMMUNICATION_GROUP, Severity.ERROR, choices="cadences", width=15,
        help="How frequently the audience hears about progress.",
        example="Monthly",
        aliases=("how often", "frequency", "cadence", "communication frequency",
                 "communication cadence"),
    ),
    Column(
        Key.KPI, N_("Key Performance Indicator"), N_("How will you measure your success?"),
        Kind.TEXT, KPI_GROUP, Severity.ERROR, width=30,
        help="A measurable value that shows how effectively the goal is achieved.",
        example="Share of the first deliverable in place",
        aliases=("key performance indicators (kpis)", "key performance indicators",
                 "key performance indicator (kpi)", "kpi", "kpis", "indicator",
                 "performance indicator"),
    ),
    Column(
        Key.KPI_BASELINE, N_("Baseline"), N_("Where does the measure stand today?"), Kind.MEASURE,
        KPI_GROUP, width=13,
        help="Today's value of the indicator, with its unit.",
        example="0%",
        aliases=("baseline", "kpi baseline", "current value"),
    ),
    Column(
        Key.KPI_TARGET, N_("Target"), N_("What value shows you are done?"), Kind.MEASURE,
        KPI_GROUP, Severity.ERROR, width=13,
        help="A number, percentage or date: how you will know you are done.",
        example="100% by {due_month}",
        aliases=("target", "kpi target", "target value"),
    ),
    Column(
        Key.STATUS, N_("Status"), N_("Where does this step stand today?"), Kind.CHOICE,
        PROGRESS_GROUP, Severity.ERROR, choices="statuses", width=14,
        help="Update it at every review: the plan is a living document.",
        example="Not started",
        aliases=("status", "progress", "state", "current status"),
    ),
    Column(
        Key.PRIORITY, N_("Priority"), N_("How important is this step?"), Kind.CHOICE,
        PROGRESS_GROUP, choices="priorities", width=11,
        help="{priorities}.",
        example="High",
        aliases=("priority", "importance"),
    ),
    Column(
        Key.REMARKS, N_("Remarks"), N_("What changed since the last review, and why?"),
        Kind.TEXT,
        PROGRESS_GROUP, width=34,
        help="What moved since the last review and why. Say it whenever a step is overdue "
             "or due later than originally due.",
        example="Moved a month: a contract was signed late",
        # Not "notes" or "comments": officials add columns of their own by those names.
        aliases=("remarks", "remark", "what changed", "changes since the last review",
                 "reason for delay", "reasons for delay"),
    ),
)

COVER_FIELDS: tuple[CoverField, ...] = (
    CoverField(Key.MINISTRY, "Ministry code", "The code of your ministry in the plan roster.",
               Kind.CHOICE, Severity.ERROR, choices="ministries",
               aliases=("ministry", "code", "ministry code", "agency code")),
    CoverField(Key.MINISTRY_NAME, "Ministry", "The full name of your ministry.",
               aliases=("ministry name", "ministry", "agency", "institution")),
    CoverField(Key.PLAN_OWNER, "Plan owner",
               "The person accountable for the whole plan: ensures timely completion and "
               "takes corrective action if it goes off track. Different from the person "
               "responsible for each step.",
               required=Severity.ERROR,
               aliases=("plan owner", "owner", "accountable", "owner of the plan")),
    CoverField(Key.OWNER_CONTACT, "Plan owner's contact", "E-mail or phone of the plan owner.",
               required=Severity.WARNING,
               aliases=("contact", "owner contact", "e-mail", "email")),
    CoverField(Key.REPORTING_PERIOD, "Reporting period", "The period this plan covers or "
               "reports on, e.g. {quarter}.",
               aliases=("reporting period", "period")),
    CoverField(Key.SUBMITTED_ON, "Submitted on", "The date you send the plan back.",
               Kind.DATE, aliases=("submitted on", "submission date", "date submitted",
                                   "date")),
)

PROVENANCE = ("source_file", "sheet", "excel_row")

# Lists a plan may override in its config; each list name is what Column.choices refers to.
DEFAULT_LISTS: dict[str, tuple[str, ...]] = {  # NP_: each list name is its context
    "statuses": (
        NP_("statuses", "Not started"), NP_("statuses", "In progress"),
        NP_("statuses", "Completed"), NP_("statuses", "Delayed"), NP_("statuses", "On hold"),
        NP_("statuses", "Cancelled"),
    ),
    "resource_types": (
        NP_("resource_types", "Financial"), NP_("resource_types", "Human Resources"),
        NP_("resource_types", "Political"), NP_("resource_types", "Technical"),
        NP_("resource_types", "Other"),
    ),
    "cadences": (
        NP_("cadences", "Weekly"), NP_("cadences", "Fortnightly"), NP_("cadences", "Monthly"),
        NP_("cadences", "Quarterly"), NP_("cadences", "Twice a year"), NP_("cadences", "Annually"),
        NP_("cadences", "At milestones"), NP_("cadences", "As needed"),
    ),
    "priorities": (
        NP_("priorities", "High"), NP_("priorities", "Medium"), NP_("priorities", "Low"),
    ),
    "funding": (
        NP_("funding", "Available"), NP_("funding", "Partly available"), NP_("funding", "Needed"),
    ),
}
# Statuses after which a step is no longer expected to meet its due date.
DEFAULT_CLOSED_STATUSES: tuple[str, ...] = ("Completed", "Cancelled")

# What each default status means (BRIEF section 2): the meaning fixes its colour everywhere, and
# tells a review what moved (a step whose status comes to mean "done" was completed).
DONE, ON_TRACK, AT_RISK, LATE, INACTIVE = "done", "on track", "at risk", "late", "inactive"
STATUS_MEANINGS = (DONE, ON_TRACK, AT_RISK, LATE, INACTIVE)
DEFAULT_STATUS_MEANINGS: dict[str, str] = {
    "Not started": ON_TRACK,
    "In progress": ON_TRACK,
    "Completed": DONE,
    "Delayed": LATE,
    "On hold": AT_RISK,
    "Cancelled": INACTIVE,
}

# The 17 Sustainable Development Goals, which a plan goal can cite.
SDGS: dict[int, str] = {
    1: N_("No poverty"),
    2: N_("Zero hunger"),
    3: N_("Good health and well-being"),
    4: N_("Quality education"),
    5: N_("Gender equality"),
    6: N_("Clean water and sanitation"),
    7: N_("Affordable and clean energy"),
    8: N_("Decent work and economic growth"),
    9: N_("Industry, innovation and infrastructure"),
    10: N_("Reduced inequalities"),
    11: N_("Sustainable cities and communities"),
    12: N_("Responsible consumption and production"),
    13: N_("Climate action"),
    14: N_("Life below water"),
    15: N_("Life on land"),
    16: N_("Peace, justice and strong institutions"),
    17: N_("Partnerships for the goals"),
}

# The seed's "components of an action plan", in its own words: shown on the Instructions
# sheet and in the docs.
COMPONENTS: tuple[tuple[str, str], ...] = (
    ("Action Step", "Each goal or objective needs a series of action steps that provide a "
     "clear detail of what needs to happen in order to achieve this goal."),
    ("Responsibility", "Whose job is it to perform this task? Who is responsible for leading "
     "this action step. This person would report up to the 'owner' of the plan. Also it is "
     "important to identify who will also be needed to help support this person or team."),
    ("Resources", "What resources do you need in order to complete this task? Both financial "
     "as well as non-financial resources."),
    ("Informed", "This is part of the communication plan for this initiative. Who needs to be "
     "kept informed and how frequently? What is the cadence of the communication?"),
    ("Key Performance Indicators (KPIs)", "How will you measure your success? How will you "
     "know you are done? A KPI is a measurable value that demonstrates how effectively you "
     "have achieved your goal."),
    ("Timeframe", "What are the key milestones and what is the target end date?"),
    ("Ownership", "This is different than 'Responsible' for the task. The owner of the action "
     "plan or task is the person who will be responsible and accountable for ensuring timely "
     "completion of the action. They are also the person responsible for corrective action "
     "if the project or task goes off track."),
)

GOOD_PLAN = (
    "A good action plan is a living document that gets reviewed and updated on an ongoing "
    "basis to reflect the environment.",
    "A good action plan has a Communication Plan that is reviewed and updated on an ongoing "
    "basis to ensure that all stakeholders are informed.",
)


def column(key: str) -> Column:
    """The column with this key; KeyError names the key when there is none."""
    for col in COLUMNS:
        if col.key == key:
            return col
    raise KeyError(key)


def cover_field(key: str) -> CoverField:
    for field in COVER_FIELDS:
        if field.key == key:
            return field
    raise KeyError(key)


def required_columns(severity: Severity | None = None) -> tuple[Column, ...]:
    """Columns whose blank cell is a finding; only those of `severity` when given."""
    return tuple(c for c in COLUMNS if c.required and severity in (None, c.required))


def groups() -> tuple[tuple[str, tuple[Column, ...]], ...]:
    """The group headers in table order, each with its consecutive columns."""
    spans: list[tuple[str, list[Column]]] = []
    for col in COLUMNS:
        if not spans or spans[-1][0] != col.group:
            spans.append((col.group, []))
        spans[-1][1].append(col)
    return tuple((name, tuple(cols)) for name, cols in spans)


@functools.cache  # asked for per cell by the template writer: worked out once
def action_keys() -> tuple[str, ...]:
    return tuple(c.key for c in COLUMNS)


def cover_keys() -> tuple[str, ...]:
    return tuple(f.key for f in COVER_FIELDS)


def started_keys() -> tuple[str, ...]:
    """The keys whose cells make a row started: every column the official types into but
    the ID (pre-numbered) - not the locked ones, which actionbook fills in."""
    return tuple(c.key for c in COLUMNS if c.kind is not Kind.ID and not c.locked)


def keys_of(*kinds: Kind) -> tuple[str, ...]:
    """The keys of the table's columns of these kinds, in table order."""
    return tuple(c.key for c in COLUMNS if c.kind in kinds)


def cost_keys() -> tuple[str, ...]:
    """The keys of the columns that are money (Column.cost)."""
    return tuple(c.key for c in COLUMNS if c.cost)
