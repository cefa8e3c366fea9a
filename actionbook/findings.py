"""Findings as data: what is wrong, where, and how to fix it.

Every finding has a code from the closed catalogue below. Each code carries a plain-language
message template (it names the column as the official sees it) and a hint. Library functions
return findings; only the CLI prints them. docs/findings.md is generated from this catalogue.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from enum import Enum, StrEnum
from typing import Any, Self


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return ("error", "warning", "info").index(self.value)


def entry(code: str, severity: Severity, message: str, hint: str, *, rejects: bool = False,
          about: str = "") -> Any:
    """A catalogue entry: the positional tuple Code.__new__ takes."""
    return (code, severity, message, hint, rejects, about)


# One letter each keeps the catalogue below a table.
E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741


class Code(StrEnum):
    """The closed catalogue. Each member is a finding code - its value is the code as printed,
    so a typo fails at import - with its severity, its message and hint templates (str.format
    over the finding's details) and a line for docs/findings.md."""

    severity: Severity
    message: str
    hint: str
    rejects: bool  # the workbook cannot be read as a plan at all
    about: str

    def __new__(cls, code: str, severity: Severity, message: str, hint: str, rejects: bool,
                about: str) -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.severity, member.message, member.hint = severity, message, hint
        member.rejects, member.about = rejects, about
        return member

    # The file itself
    UNREADABLE_FILE = entry(
        "unreadable-file", E, "{file} cannot be read: {reason}.", "{fix}", rejects=True,
        about="Not a workbook we can open: legacy .xls, .xlsb, password-protected, "
               "empty, corrupt or not a spreadsheet.")
    # The pre-flight check words its own refusal; this message is a reader's crash, timeout
    # or exhausted memory in its child process ("reading it crashed the reader").
    UNSAFE_FILE = entry(
        "unsafe-file", E, "{file} was set aside: {reason}.",
        "Open the file in Excel or LibreOffice, check its content, save it again as .xlsx "
        "and send that copy.", rejects=True,
        about="Refused by the pre-flight safety check (zip bomb, XML entities, absurd sheet "
               "size) or crashed the reader.")
    NO_ACTION_TABLE = entry(
        "no-action-table", E, "No sheet of {file} has an action-planning table.",
        "Fill in the 'Action Plan' sheet of the template, or use the column headers of the "
        "action-planning table (Action Step, By Whom, By When, ...).", rejects=True,
        about="No sheet has enough of the table's headers to be read.")
    # The layout
    UNKNOWN_LAYOUT = entry(
        "unknown-layout", W, "This workbook was not made from the actionbook template; the "
        "table was found by its headers on sheet '{sheet}', row {row}.",
        "Columns were matched by their header text. Use the template for the next update.",
        about="A hand-made table read by its headers.")
    OUTDATED_TEMPLATE = entry(
        "outdated-template", W, "This workbook was made from template version {found}; "
        "the current version is {current}.",
        "It was read anyway. Ask the coordinator for the current template for the next "
        "update.", about="Made from an older version of the template.")
    OTHER_PLAN = entry(
        "other-plan", W, "This workbook was made from the plan {found}, not from {current}, "
        "the plan it was read with.",
        "Its values were judged against {current}. If that is the right plan, fill in the "
        "workbook made from it; if not, read this one with the plan it was made from "
        "(-c plan.toml).",
        about="Made from another plan (another title or period): its goals, ministries and "
               "lists may not be this plan's.")
    OTHER_CYCLE = entry(
        "other-cycle", W, "This workbook belongs to plan cycle '{found}', not '{current}'.",
        "Check that you sent this cycle's workbook.",
        about="Template metadata names another planning cycle.")
    SHEET_RENAMED = entry(
        "sheet-renamed", I, "The action plan sheet was renamed to '{sheet}'.",
        "Nothing to do; it was found by its metadata.",
        about="The Action Plan sheet has another name.")
    MISSING_COLUMN = entry(
        "missing-column", E, "The column '{column}' is missing.",
        "Add the column back (copy it from the template) and fill it in.",
        about="A column of the table is not in the workbook; severity follows the "
               "column's (error for required, warning or info otherwise).")
    UNKNOWN_COLUMN = entry(
        "unknown-column", I, "Column {letter} '{header}' is not part of the action plan; "
        "its values were not read.",
        "Move what it says into the matching column, or leave it for your own use.",
        about="A column the schema does not know.")
    DUPLICATE_COLUMN = entry(
        "duplicate-column", W, "Column {letter} '{header}' repeats the column '{column}' "
        "already read from column {first}.", "Delete one of the two columns.",
        about="Two columns map to the same field; the first is read.")
    RENAMED_COLUMN = entry(
        "renamed-column", I, "Column {letter} '{header}' was read as '{column}'.",
        "Nothing to do, unless that is the wrong column.",
        about="A header matched through other wording (case, spacing or an alias).")
    MOVED_COLUMN = entry(
        "moved-column", I, "Columns were inserted or reordered; they were matched by their "
        "headers.", "Nothing to do.", about="The column order differs from the template.")
    MERGED_CELLS = entry(
        "merged-cells", W, "Cells {range} are merged; the value was read from {cell} only.",
        "Unmerge the cells and give each row its own value.",
        about="Merged cells inside the table.")
    # Values
    VALUE_REPAIRED = entry(
        "value-repaired", I, "{column}: '{value}' was read as '{result}' ({why}).",
        "Check that this is what you meant; type it as '{result}' to silence this note.",
        about="A value was normalised: a date typed as text, a number with separators, a "
               "choice in other case, a formula's cached value.")
    INVALID_DATE = entry(
        "invalid-date", E, "{column}: '{value}' is not a date ({why}).",
        "Type a date such as {example}, or pick it from the date picker.",
        about="A date cell that cannot be read as a date.")
    INVALID_NUMBER = entry(
        "invalid-number", E, "{column}: '{value}' is not a number ({why}).",
        "Type a plain number without currency, e.g. 120000.",
        about="A number cell that cannot be read as a number, or a negative cost.")
    OTHER_CURRENCY = entry(
        "other-currency", W, "{column}: '{value}' is in {mark}{why}; it is left out of the "
        "totals.", "{fix}",
        about="A cost typed with the mark of another currency than the plan's (or with a "
               "currency mark when the plan names none): it cannot be added to the others, "
               "so it stays out of every total and chart.")
    INVALID_CHOICE = entry(
        "invalid-choice", E, "{column}: '{value}' is not one of the allowed values.",
        "Pick a value from the dropdown: {allowed}.",
        about="A dropdown cell holding a value outside its list.")
    TEXT_TOO_LONG = entry(
        "text-too-long", W, "{column}: the text has {length} characters, more than the "
        "{limit} an Excel cell holds; the consolidated workbook holds the first {limit} "
        "and the exports (CSV) the whole text.",
        "Shorten the text, or put the detail in a document of its own and name it here.",
        about="A text longer than an Excel cell holds (32,767 characters).")
    UNKNOWN_GOAL = entry(
        "unknown-goal", E, "Goal: '{value}' is not a goal of this plan.",
        "Pick a goal from the dropdown; the Goals sheet lists them.",
        about="A step cites a goal the plan does not have.")
    # Completeness
    MISSING_REQUIRED = entry(
        "missing-required", E, "{column} is empty. {question}",
        "Fill in this cell: the step has been started and this column is required.",
        about="A required cell is empty in a started row.")
    MISSING_RECOMMENDED = entry(
        "missing-recommended", W, "{column} is empty. {question}",
        "Recommended, not required: fill it in if you can; the workbook is complete without it.",
        about="A recommended cell is empty in a started row: advice, never a gap in the form.")
    MISSING_OWNER = entry(
        "missing-owner", E, "The plan owner is not named on the cover.",
        "Name the person accountable for the whole plan on the Cover sheet.",
        about="The cover has no plan owner.")
    MISSING_COVER_FIELD = entry(
        "missing-cover-field", W, "{label} is empty on the cover.",
        "Fill it in on the Cover sheet.",
        about="Another cover field is empty: an error when the field is required (the "
              "ministry code), a warning when it is recommended (the owner's contact).")
    NO_ACTIONS = entry(
        "no-actions", E, "The action plan has no action steps.",
        "Fill in at least one row of the Action Plan sheet.",
        about="The table was found but holds no action rows.", rejects=False)
    EXAMPLE_ROW_LEFT = entry(
        "example-row-left", W, "Row {row} is still the template's example row.",
        "Delete the example row or replace it with a real step.",
        about="The example row is still in the table.")
    # Rules
    DATE_OUTSIDE_PLAN = entry(
        "date-outside-plan", W, "{column}: {value} is outside the plan period "
        "({start} to {end}).", "Check the date; the plan runs from {start} to {end}.",
        about="A date before the plan starts or after it ends.")
    END_BEFORE_START = entry(
        "end-before-start", E, "By When ({due}) is before Start ({start}).",
        "Swap or correct the dates.", about="The due date precedes the start date.")
    OVERDUE = entry(
        "overdue", W, "This step was due on {due} and its status is '{status}'.",
        "Update the status, or set a new By When date and explain the delay.",
        about="Due before the as-of date and not completed.")
    UNEXPLAINED_DELAY = entry(
        "unexplained-delay", W, "This step is {why}, and {column} says nothing about it.",
        "Say in {column} what changed and why: {question}",
        about="A step overdue, or due later than originally due (its baseline), whose "
               "Remarks are empty.")
    DUPLICATE_ACTION = entry(
        "duplicate-action", E, "{what} repeats row {other}.",
        "Give each step its own ID and wording, or delete the repeated row.",
        about="The same ID, or the same action step, appears twice.")
    GOAL_WITHOUT_ACTIONS = entry(
        "goal-without-actions", W, "Goal '{goal}' has no action steps.",
        "Add the steps that serve this goal, or confirm it is not yours to deliver.",
        about="A plan goal no step serves: a note (info) for one ministry's workbook, a "
               "warning across the whole plan.")
    KPI_NOT_MEASURABLE = entry(
        "kpi-not-measurable", W, "Target: '{value}' has no number, percentage or date.",
        "State a measurable value, e.g. '60%', '1,000 users' or 'by {by}'.",
        about="A KPI target that cannot be measured.")
    WRONG_MINISTRY = entry(
        "wrong-ministry", W, "The cover names ministry '{found}' but this workbook was made "
        "for '{expected}'.", "Check that the workbook is yours; correct the cover.",
        about="The cover's ministry differs from the template's.")
    # Consolidation
    MISSING_SUBMISSION = entry(
        "missing-submission", W, "{ministry} has not submitted a plan.",
        "Send a reminder to the plan owner.", about="A roster ministry sent nothing.")
    SUPERSEDED = entry(
        "superseded", I, "{file} was replaced by a newer submission from {ministry} "
        "({newer}: {why}).", "Nothing to do; the newest submission is used.",
        about="An older submission of a ministry that submitted again, with why the other "
               "counts as newer (submission date, then time saved, then name: v10 after v2).")
    SHEET_ROW_LIMIT = entry(
        "sheet-row-limit", W, "The {table} table has {rows:,} rows, more than the {limit:,} "
        "an Excel sheet holds below its header.", "The consolidated workbook shows the first "
        "{limit:,}; the exports (consolidate --export) hold every row.",
        about="Consolidation: a table too long for one sheet of the consolidated workbook.")
    MINISTRY_MISMATCH = entry(
        "ministry-mismatch", E, "{file} was made from {expected}'s template but its cover "
        "names {found}; it is held and its steps are not counted.",
        "Ask both ministries which plan this is; correct the cover (or use the right "
        "template) and send it again.",
        about="Consolidation: the cover names another roster ministry than the template's. "
               "The file replaces nothing and its steps stay out until that is resolved.")
    DOUBTFUL_SUBMISSION_DATE = entry(
        "doubtful-submission-date", W, "The submission date {value} {why}; it was not used "
        "to tell which file is newer.", "Correct the submission date on the Cover sheet.",
        about="Consolidation: a submission date after the as-of date or before 2000 is not "
               "trusted to decide which of a ministry's files counts.")
    SKIPPED_FILE = entry(
        "skipped-file", I, "{file} was skipped: {reason}.", "Nothing to do.",
        about="A file in the folder that is not a submission.")
    MINISTRY_FROM_FILE_NAME = entry(
        "ministry-from-file-name", W, "The cover names no ministry; the file name says "
        "{ministry}, so its steps are counted for {ministry}.",
        "Fill in the ministry code on the Cover sheet.",
        about="A submission whose cover names no ministry, attributed by its file name.")
    UNKNOWN_MINISTRY = entry(
        "unknown-ministry", W, "Ministry '{value}' is not in the plan roster.",
        "Check the ministry code on the cover; the roster is in plan.toml.",
        about="A submission from a ministry the roster does not list.")


@dataclass(frozen=True)
class Finding:
    code: Code
    severity: Severity
    file: str
    sheet: str | None
    cell: str | None
    row: int | None
    field: str | None
    message: str
    hint: str

    @classmethod
    def make(cls, code: Code | str, *, file: str, sheet: str | None = None,
             cell: str | None = None, row: int | None = None, field: str | None = None,
             severity: Severity | None = None, **details: object) -> Finding:
        """A finding of `code`; `details` fill the catalogue's message and hint templates.
        A code given as text (a library caller's) must be one of the catalogue's."""
        if not isinstance(code, Code):
            code = Code(code)  # type: ignore[call-arg]  # a lookup by value, not Code.__new__
        values = {"file": file, "sheet": sheet, "cell": cell, "row": row, **details}
        return cls(code, severity or code.severity, file, sheet, cell, row, field,
                   code.message.format(**values), code.hint.format(**values))

    @property
    def rejects(self) -> bool:
        return self.code.rejects

    def at(self, **where: Any) -> Finding:  # replace() checks the names at run time
        return replace(self, **where)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["code"], data["severity"] = self.code.value, self.severity.value
        return data


FIELDS = tuple(Finding.__dataclass_fields__)


def sort_key(finding: Finding) -> tuple:
    return (finding.file, finding.row or 0, finding.cell or "", finding.severity.rank,
            finding.code)
