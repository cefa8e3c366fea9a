"""Changes as data: what moved in a plan between two reviews, with a code from a closed
catalogue.

Each code carries a line for the documented catalogue (docs/changes.md is generated from it)
and the template of its message, which names the column as the official sees it. The diff
returns changes; only the CLI prints them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Self

from actionbook.schema.table import Key

WARNING, INFO = "warning", "info"


class ChangeCode(StrEnum):
    """The closed catalogue: each member's value is the code as printed (a typo fails at
    import), with its message template (str.format over a change's details) and a line
    for docs/changes.md."""

    about: str
    message: str

    def __new__(cls, code: str, about: str, message: str) -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.about, member.message = about, message
        return member

    ADDED = ("added", "A step that was not in the old plan.", "{id} was added: {text}.")
    REMOVED = ("removed",
               ("A step of the old plan that is no longer there. A warning when it was "
                "neither completed nor cancelled: the step was dropped, not finished. "
                "`old` is its last status."),
               "{id} was removed: {text} (its status was {old}).")
    RENUMBERED = ("renumbered",
                  ("A removed and an added step of one ministry with the same action text: "
                   "the same step under a new ID, reported once instead of removed and added. "
                   "`field` is `action_id`, `old` and `new` the two IDs."),
                  "{old} is now {new}: the same action step under another ID.")
    COMPLETED = ("completed",
                 "The step's status now means done (e.g. Completed) and did not before.",
                 "{id} was completed: '{column}' went from {old} to {new}.")
    REOPENED = ("reopened",
                ("The step's status meant done and now means work again (not a "
                 "cancellation: Completed to Cancelled is a status change)."),
                "{id} was reopened: '{column}' went from {old} to {new}.")
    STATUS_CHANGED = ("status-changed",
                      "Any other change of status (e.g. In progress to Delayed).",
                      "{id}: '{column}' went from {old} to {new}.")
    SLIPPED = ("slipped",
               "The due date moved later; `days` is by how many days (positive).",
               "{id}: '{column}' moved {span} later, from {old} to {new}.")
    PULLED_IN = ("pulled-in",
                 "The due date moved earlier; `days` is by how many days (negative).",
                 "{id}: '{column}' moved {span} earlier, from {old} to {new}.")
    FIELD_CHANGED = ("field-changed",
                     ("Any other field changed, was filled in or was cleared; `field` is its "
                      "key, `old` and `new` its values."),
                     "{id}: '{column}' changed from {old} to {new}.")


UNFINISHED = " It was neither completed nor cancelled."
ORDER = {code: index for index, code in enumerate(ChangeCode)}
FIELDS = ("ministry", Key.ACTION_ID, "code", "severity", "field", "old", "new", "days", "message")


@dataclass(frozen=True)
class Change:
    """One thing that moved. old and new are values as read, ready for JSON: text, a
    number, a date as YYYY-MM-DD, or None for a blank."""

    ministry: str | None  # None: a row of a consolidated workbook without its ministry
    action_id: str | None  # the step's ID in the new plan (in the old one when removed)
    code: ChangeCode
    field: str | None = None  # the schema key of the column that changed
    old: Any = None
    new: Any = None
    days: int | None = None  # slipped and pulled-in: new due date minus old, in days
    message: str = ""
    severity: str = INFO  # "warning" for a step removed unfinished
    step: str | None = None  # the step's action text (the old one when removed): for the
    # workbook's rows, not part of the JSON (FIELDS)

    def to_dict(self) -> dict[str, Any]:
        return {name: str(getattr(self, name)) if name == "code" else getattr(self, name)
                for name in FIELDS}


@dataclass(frozen=True)
class Side:
    """One of the two stands compared: where it came from and the date it stood on."""

    source: str
    as_of: dt.date | None

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "as_of": self.as_of.isoformat() if self.as_of else None}


@dataclass(frozen=True)
class Changes:
    """Everything that moved from `old` to `new`, sorted by ministry (in roster order), ID,
    code (in catalogue order) and field (in table order)."""

    old: Side
    new: Side
    changes: tuple[Change, ...]

    @property
    def summary(self) -> dict[str, int]:
        """How many changes of each code, every code of the catalogue included."""
        counts = Counter(change.code for change in self.changes)
        return {str(code): counts[code] for code in ChangeCode}

    @property
    def warnings(self) -> int:
        return sum(change.severity == WARNING for change in self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def to_dict(self) -> dict[str, Any]:
        return {"old": self.old.to_dict(), "new": self.new.to_dict(), "summary": self.summary,
                "changes": [change.to_dict() for change in self.changes]}
