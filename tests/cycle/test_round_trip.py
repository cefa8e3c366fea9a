"""The living plan's round trip, as people would run it: consolidate a review -> template --from
-> an official edits the prefilled workbook in a real LibreOffice (completes a step, moves a
date, clears a row, adds one, writes remarks) -> consolidate --previous and diff give exactly
those changes, and nothing for the ministries that sent their plan back untouched but the
IDs given to steps the last review read without one (a hand-made table): renumbered from
blank."""

import datetime as dt
import json
import shutil

import openpyxl
import pytest
from click.testing import CliRunner

from actionbook import schema
from actionbook.cli import cli
from actionbook.consolidation.workbook import consolidate_folder
from actionbook.cycle import sheets
from actionbook.cycle.stand import load_stand
from actionbook.plan import default_plan
from actionbook.schema import layout
from actionbook.schema.table import Key
from tests.cycle.cycles import AS_OF, SAMPLES
from tests.support.libreoffice import Calc, require_libreoffice

pytestmark = pytest.mark.libreoffice
PLAN = default_plan()
EDITED = "MOE-action-plan.xlsx"
LATER = dt.date(2028, 3, 31)
REMARK = "Tender re-run: the first bids were over budget"
NEW_STEP = "Train 300 head teachers in school data dashboards"

# (ministry, action_id, code, field, old, new, days, severity); the added step's ID is the
# first one the prefilled workbook numbers after MOE's steps ({added} below).
EXPECTED = {
    ("MOE", "MOE-001", "completed", "status", "In progress", "Completed", None, "info"),
    ("MOE", "MOE-002", "slipped", "due_date", "2027-11-19", "2028-01-31", 73, "info"),
    ("MOE", "MOE-002", "field-changed", "remarks", None, REMARK, None, "info"),
    ("MOE", "MOE-007", "removed", None, "Not started", None, None, "warning"),
    ("MOE", "{added}", "added", None, None, None, None, "info"),
}


class Sheet:
    """The prefilled Action Plan sheet: each step's row and each key's column letter."""

    def __init__(self, path):
        sheet = openpyxl.load_workbook(path)[layout.ACTIONS_SHEET]
        self.columns = {c.value: c.column_letter for c in sheet[layout.KEY_ROW] if c.value}
        ids = self.columns[Key.ACTION_ID]
        self.rows = {}
        for row in range(layout.FIRST_DATA_ROW, sheet.max_row + 1):
            value = sheet[f"{ids}{row}"].value
            filled = sheet[f"{self.columns[Key.ACTION_STEP]}{row}"].value
            self.rows[value] = (row, filled is not None)

    def cell(self, action_id, key) -> str:
        return f"{self.columns[key]}{self.rows[action_id][0]}"

    def first_blank(self) -> str:
        """The ID of the first numbered row with no step in it."""
        return next(i for i, (_, filled) in self.rows.items() if i and not filled)


def official_edits(sheet: Sheet) -> list[tuple[str, str, str]]:
    """What MOE's official types in LibreOffice, cell by cell."""
    name = layout.ACTIONS_SHEET
    added = sheet.first_blank()
    edits = [(name, sheet.cell("MOE-001", Key.STATUS), "Completed"),
             (name, sheet.cell("MOE-002", Key.DUE_DATE), "2028-01-31"),
             (name, sheet.cell("MOE-002", Key.REMARKS), REMARK)]
    edits += [(name, sheet.cell("MOE-007", key), "") for key in sheet.columns
              if key in schema.started_keys()]  # the row cleared, as far as an official can
    new_step = {Key.GOAL: "G3: Digital skills in the public service",
                Key.ACTION_STEP: NEW_STEP, Key.RESPONSIBLE: "EMIS Manager",
                Key.DUE_DATE: "2028-06-30", Key.RESOURCES_NEEDED: "Two trainers",
                Key.RESOURCE_TYPE: "Human Resources", Key.COMM_BY_WHOM: "EMIS Manager",
                Key.COMM_AUDIENCE: "Head teachers", Key.COMM_FREQUENCY: "Monthly",
                Key.KPI: "Head teachers trained", Key.KPI_TARGET: "300",
                Key.STATUS: "Not started"}
    edits += [(name, sheet.cell(added, key), text) for key, text in new_step.items()]
    return edits


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    require_libreoffice()
    folder = tmp_path_factory.mktemp("round-trip")
    first = folder / "cycle1"
    shutil.copytree(SAMPLES, first)
    old = consolidate_folder(first, folder / "old.xlsx", PLAN, AS_OF).workbook
    prefilled = folder / "next"
    result = CliRunner().invoke(cli, ["template", "--from", str(old), "--all", "-o",
                                      str(prefilled), "--date", LATER.isoformat()])
    assert result.exit_code == 0, result.output
    second = folder / "cycle2"
    shutil.copytree(prefilled, second)  # every ministry sends its plan back as it got it...
    sheet = Sheet(prefilled / EDITED)
    with Calc() as calc:  # ...but MOE, whose official updated it in LibreOffice
        calc.edit(prefilled / EDITED, second / EDITED, official_edits(sheet))
    expected = {tuple(sheet.first_blank() if v == "{added}" else v for v in change)
                for change in EXPECTED}
    # A step the last review read without an ID (a hand-made table) comes back numbered.
    unnumbered = int(load_stand(old, PLAN).steps[Key.ACTION_ID].isna().sum())
    return {"old": old, "second": second, "folder": folder, "expected": expected,
            "unnumbered": unnumbered}


def found(document) -> set[tuple]:
    return {(c["ministry"], c["action_id"], c["code"], c["field"], c["old"], c["new"],
             c["days"], c["severity"]) for c in document["changes"]}


def test_diff_gives_exactly_the_officials_edits(cycle):
    result = CliRunner().invoke(cli, ["diff", str(cycle["old"]), str(cycle["second"]),
                                      "--as-of", LATER.isoformat(), "--format", "json"])
    assert result.exit_code == 1, result.output
    changes = found(json.loads(result.stdout))
    numbered = {c for c in changes if c[2] == "renumbered" and c[4] is None}
    assert changes - numbered == cycle["expected"]
    assert len(numbered) == cycle["unnumbered"] > 0  # given an ID, nothing else changed


def test_consolidate_previous_lists_the_same_changes(cycle):
    new, tables = cycle["folder"] / "new.xlsx", cycle["folder"] / "tables"
    result = CliRunner().invoke(cli, [
        "consolidate", str(cycle["second"]), "-o", str(new), "--as-of", LATER.isoformat(),
        "--previous", str(cycle["old"]), "--export", str(tables), "--json", "-q"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)["since_last_review"]
    assert (figures["completed"], figures["slipped"], figures["days_slipped"],
            figures["added"], figures["removed"]) == (1, 1, 73, 1, 1)
    rows = openpyxl.load_workbook(new)[sheets.CHANGES_SHEET].iter_rows(
        min_row=sheets.HEADER_ROW + 2, values_only=True)
    listed = {(row[0], row[1], row[3]) for row in rows if row[0]}
    renumbered = sheets.LABELS[code_of("renumbered")]
    assert {r for r in listed if r[2] != renumbered} == \
        {(m, i, sheets.LABELS[code_of(code)]) for m, i, code, *_ in cycle["expected"]}
    assert len([r for r in listed if r[2] == renumbered]) == cycle["unnumbered"]


def code_of(text):
    from actionbook.cycle.changes import ChangeCode

    return ChangeCode(text)
