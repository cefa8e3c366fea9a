"""Adding a column is a change to the schema alone.

The test copies the package, adds one column to the copy's schema/table.py (what a developer
would type) and runs the copy in a fresh interpreter, workers included: the template writes
the column, the reader reads it, the check judges it, consolidation carries it into the
Actions table, the consolidated workbook and the exports, diff compares it, and the docs
list it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "actionbook"

NEW_COLUMN = '''    Column(
        "partners", "Partner organisations",
        "Which organisations outside government take part?", Kind.TEXT,
        RESPONSIBILITY_GROUP, Severity.ERROR, width=24,
        help="Name each organisation outside government that takes part in this step.",
        example="Red Cross; University of the Capital",
    ),
    Column(
        "people_reached", "People reached", "How many people will this step reach?",
        Kind.NUMBER, RESPONSIBILITY_GROUP, width=14,
        help="A number of people, e.g. 1200.", example="1200",
    ),
'''

# Runs in the copy: every stage, each reporting what it did with the new column.
PIPELINE = r'''
import csv, datetime as dt, json, sys, zipfile
from pathlib import Path

import openpyxl

from actionbook.schema import layout, table as schema
from actionbook.plan import default_plan
from actionbook.template.workbook import write_template
from actionbook.read.reader import read_workbook
from actionbook.check.rules import check_workbook
from actionbook.consolidation.workbook import consolidate_folder

folder, out = Path(sys.argv[1]), Path(sys.argv[2])
plan, as_of = default_plan(), dt.date(2027, 3, 1)
row = {"goal": "G1", "action_step": "Publish the online birth-registration service",
       "responsible": "Head of e-Services", "start_date": dt.date(2027, 1, 15),
       "due_date": dt.date(2027, 12, 31), "resources_needed": "Two developers",
       "resource_type": "Technical", "comm_by_whom": "Communications Officer",
       "comm_audience": "Parents", "comm_frequency": "Monthly", "kpi": "Births online",
       "kpi_target": "60%", "status": "In progress", "barriers": "Workload"}
cover = {"plan_owner": "Dr A. Mensah", "owner_contact": "a@health.example"}
actions = [{**row, "partners": "Red Cross", "people_reached": -5},
           {**row, "action_step": "Train the clerks"}]
path = write_template(plan, folder / "MOH.xlsx", "MOH", generated_on=dt.date(2027, 1, 4),
                      actions=actions, cover=cover)

book = openpyxl.load_workbook(path)
sheet = book[layout.ACTIONS_SHEET]
instructions = [c for r in book[layout.INSTRUCTIONS_SHEET].iter_rows(values_only=True)
                for c in r if c and "Partner organisations" in str(c)]
letter = layout.template_column("partners")
validated = [str(v.sqref) for v in sheet.data_validations.dataValidation
             if v.prompt and "outside government" in v.prompt]
wb = read_workbook(path, plan)
report = check_workbook(wb, plan, as_of)
written = consolidate_folder(folder, out / "plan.xlsx", plan, as_of, jobs=1,
                             export_dir=out / "tables")
consolidated = openpyxl.load_workbook(out / "plan.xlsx", read_only=True)["Actions"]
[actions_csv] = [p for p in written.exports if p.name.lower() == "actions.csv"]
with open(actions_csv, newline="", encoding="utf-8-sig") as f:
    exported = list(csv.DictReader(f))
from actionbook.cycle.diff import diff
again = folder.parent / "next-review"
again.mkdir()
moved = write_template(plan, again / "MOH.xlsx", "MOH", generated_on=dt.date(2027, 1, 4),
                       actions=[{**actions[0], "partners": "UNICEF"}, actions[1]], cover=cover)
changes = diff(out / "plan.xlsx", moved, plan)
print(json.dumps({
    "diff": [[str(c.code), c.field, c.old, c.new] for c in changes.changes],
    "template": [sheet[f"{letter}{r}"].value
                 for r in (layout.KEY_ROW, layout.HEADER_ROW, layout.QUESTION_ROW)],
    "validated": validated,
    "letter": letter,
    "read": wb.actions["partners"].tolist(),
    "findings": [[f.code, f.field, f.cell] for f in report.findings if f.field == "partners"],
    "actions": written.consolidation.actions["partners"].tolist(),
    "number": wb.actions["people_reached"].tolist()[:1],
    "number_findings": [f.code for f in report.findings if f.field == "people_reached"],
    "number_exported": [r.get("people_reached") for r in exported],
    "sheet_header": [str(c) for r in consolidated.iter_rows(max_row=6, values_only=True)
                     for c in r],
    "exported": [r.get("partners") for r in exported],
    "instructions": instructions,
}))
'''


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("copy")
    shutil.copytree(PACKAGE, root / "actionbook",
                    ignore=shutil.ignore_patterns("__pycache__"))
    table = root / "actionbook" / "schema" / "table.py"
    source = table.read_text("utf-8")
    anchor = "    Column(\n        Key.START_DATE,"
    assert source.count(anchor) == 1
    table.write_text(source.replace(anchor, NEW_COLUMN + anchor), "utf-8")
    folder, out = root / "submissions", root / "out"
    folder.mkdir()
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", PIPELINE, str(folder), str(out)], env=env,
                          cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_the_template_writes_the_new_column(pipeline):
    assert pipeline["template"] == ["partners", "Partner organisations",
                                    "Which organisations outside government take part?"]
    assert any(pipeline["letter"] in sqref for sqref in pipeline["validated"])


def test_the_reader_reads_the_new_column_under_its_key(pipeline):
    assert pipeline["read"] == ["Red Cross", None]


def test_the_check_judges_the_new_column(pipeline):
    assert pipeline["findings"] == [["missing-required", "partners",
                                     f"{pipeline['letter']}8"]]


def test_consolidation_carries_the_new_column(pipeline):
    assert pipeline["actions"] == ["Red Cross", None]
    assert "Partner organisations" in pipeline["sheet_header"]
    assert pipeline["exported"] == ["Red Cross", ""]


def test_diff_compares_the_new_column(pipeline):
    assert pipeline["diff"] == [["field-changed", "partners", "Red Cross", "UNICEF"]]


def test_the_instructions_sheet_lists_the_new_column(pipeline):
    assert pipeline["instructions"]


def test_a_number_column_that_is_no_cost_may_be_negative(pipeline):
    assert pipeline["number"] == [-5.0]
    assert pipeline["number_findings"] == []
    assert pipeline["number_exported"] == ["-5.0", ""]
