"""Two review cycles of the samples: the second edited with openpyxl as an official would.

`review_cycles(folder)` copies samples/submissions twice (cycle1/, cycle2/) and edits
cycle2's Ministry of Education workbook; EXPECTED is what `diff` must find, no more.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl

from actionbook.schema import layout
from actionbook.schema.table import Key

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "submissions"
AS_OF = dt.date(2027, 9, 30)
EDITED = "MOE-action-plan.xlsx"

# (ministry, action_id, code, field, old, new, days, severity)
EXPECTED = {
    ("MOE", "MOE-001", "completed", "status", "In progress", "Completed", None, "info"),
    ("MOE", "MOE-002", "slipped", "due_date", "2027-11-19", "2028-01-31", 73, "info"),
    ("MOE", "MOE-003", "pulled-in", "due_date", "2028-10-05", "2028-09-01", -34, "info"),
    ("MOE", "MOE-004", "field-changed", "responsible", "Head of Teacher Development",
     "Head of Digital Learning", None, "info"),
    ("MOE", "MOE-007", "removed", None, "Not started", None, None, "warning"),
    ("MOE", "MOE-009", "added", None, None, None, None, "info"),
}


def review_cycles(folder: Path) -> tuple[Path, Path]:
    first, second = folder / "cycle1", folder / "cycle2"
    shutil.copytree(SAMPLES, first)
    shutil.copytree(SAMPLES, second)
    review(second / EDITED)
    return first, second


def review(path: Path) -> None:
    """The official's edits between the two reviews."""
    book = openpyxl.load_workbook(path)
    sheet = book[layout.ACTIONS_SHEET]
    step = Steps(sheet)
    step.set("MOE-001", status="Completed")
    step.set("MOE-002", due_date=dt.datetime(2028, 1, 31))  # later: slipped
    step.set("MOE-003", due_date=dt.datetime(2028, 9, 1))  # earlier: pulled in
    step.set("MOE-004", responsible="Head of Digital Learning")
    step.set("MOE-005", action_step="  certify 9,000 TEACHERS   in digital pedagogy ")
    step.set("MOE-006", due_date="15 March 2028")  # the same date, typed as text
    step.clear("MOE-007")
    step.set("MOE-009", goal="G3: Digital skills in the public service",
             action_step="Train 300 head teachers in school data dashboards",
             responsible="EMIS Manager", due_date=dt.datetime(2028, 6, 30),
             resources_needed="Two trainers", resource_type="Human Resources",
             comm_by_whom="EMIS Manager", comm_audience="Head teachers",
             comm_frequency="Monthly", kpi="Head teachers trained", kpi_target="300",
             status="Not started")
    book.save(path)


class Steps:
    """The Action Plan sheet's cells by step ID and schema key (the template's hidden key
    row names each column)."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.columns = {c.value: c.column for c in sheet[layout.KEY_ROW] if c.value}
        id_column = self.columns[Key.ACTION_ID]
        self.rows = {sheet.cell(row, id_column).value: row
                     for row in range(layout.FIRST_DATA_ROW, sheet.max_row + 1)}

    def set(self, action_id: str, **values) -> None:
        for key, value in values.items():
            self.sheet.cell(self.rows[action_id], self.columns[key]).value = value

    def clear(self, action_id: str) -> None:
        """Every cell of the step but its pre-numbered ID."""
        self.set(action_id, **{key: None for key in self.columns if key != Key.ACTION_ID})


def found(changes) -> set[tuple]:
    return {(c.ministry, c.action_id, str(c.code), c.field, c.old, c.new, c.days, c.severity)
            for c in changes.changes}
