"""Check reports as text, JSON (against the documented schema) and CSV; the generated docs."""

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from actionbook.check.findings_doc import findings_markdown
from actionbook.check.render import WIDTH, as_csv, as_json, as_text
from actionbook.check.rules import check_workbook
from actionbook.check.verdict import Report
from actionbook.findings import Code, Finding
from actionbook.schema import layout
from tests.support.checks_support import AS_OF, GOOD_COVER, PLAN, step, workbook

DOCS = Path(__file__).resolve().parents[2] / "docs"


def reports():
    """An incomplete workbook, a complete one, and a rejected file."""
    rows = [step(1), step(2, due_date="", kpi_target="Better", status="Done"),
            step(3, action_id="MOH-001", due_date="2027-05-01")]
    messy = workbook(*rows, cover={**GOOD_COVER, "plan_owner": None}, example_row=6)
    messy.findings.append(Finding.make("example-row-left", file=messy.file, sheet=messy.sheet,
                                       cell="A6", row=6))  # as the reader reports a copy
    clean = workbook(*[step(n, goal=g.id) for n, g in enumerate(PLAN.goals, 1)],
                     name="MOE-action-plan.xlsx", cover={**GOOD_COVER, "ministry": "MOE"},
                     metadata={"ministry": "MOE"})
    refusal = Finding.make("unreadable-file", file="old.xls", reason="it is a legacy .xls",
                           fix="Save it as .xlsx")
    return [check_workbook(messy, PLAN, AS_OF), check_workbook(clean, PLAN, AS_OF),
            Report.rejected(Path("/submissions/old.xls"), refusal)]


# JSON

def schema():
    return json.loads((DOCS / "check.schema.json").read_text("utf-8"))


def test_json_output_validates_against_the_documented_schema():
    document = json.loads(as_json(reports(), AS_OF))
    jsonschema.validate(document, schema())
    assert [f["status"] for f in document["files"]] == ["incomplete", "complete", "rejected"]


def test_json_has_exactly_the_documented_keys():
    document = json.loads(as_json(reports(), AS_OF))
    assert list(document) == ["as_of", "currency", "files"]
    messy = document["files"][0]
    assert list(messy) == ["file", "ministry", "status", "completeness", "actions", "findings"]
    assert list(messy["findings"][0]) == ["code", "severity", "sheet", "cell", "row", "field",
                                          "message", "hint"]
    assert document["as_of"] == "2027-09-30"
    assert (messy["ministry"], messy["actions"], messy["completeness"]) == ("MOH", 3, 0.9474)


def test_the_schema_rejects_a_report_that_breaks_the_contract():
    document = json.loads(as_json(reports(), AS_OF))
    document["files"][0]["status"] = "done"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema())


def test_the_json_example_in_the_docs_follows_the_schema():
    text = (DOCS / "check-json.md").read_text("utf-8")
    example = text.split("```json\n", 1)[1].split("```", 1)[0]
    jsonschema.validate(json.loads(example), schema())


# CSV

def test_csv_has_one_row_per_finding_and_one_for_a_file_without_any():
    rows = list(csv.DictReader(io.StringIO(as_csv(reports(), AS_OF))))
    by_file = [r["file"] for r in rows]
    first, second, third = reports()
    assert by_file.count(str(first.path)) == len(first.findings)
    assert by_file.count(str(second.path)) == 1 and rows[len(first.findings)]["code"] == ""
    assert by_file.count(str(third.path)) == 1
    assert list(rows[0])[:7] == ["file", "ministry", "status", "completeness", "actions",
                                 "code", "severity"]


def test_csv_cells_never_start_a_formula():
    refusal = Finding.make("unreadable-file", file="=cmd.xlsx", reason="it is empty",
                           fix="Send the filled workbook")
    text = as_csv([Report.rejected(Path("=cmd.xlsx"), refusal)], AS_OF)
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["file"] == "'=cmd.xlsx"
    assert row["message"] == "=cmd.xlsx cannot be read: it is empty.".replace("=", "'=", 1)


# Text

def test_text_fits_in_100_columns():
    assert max(len(line) for line in as_text(reports(), AS_OF).splitlines()) <= WIDTH


def test_text_groups_findings_by_file_in_row_order_with_a_summary_each_and_a_total():
    lines = as_text(reports(), AS_OF).splitlines()
    assert lines[0] == "/submissions/MOH-action-plan.xlsx"
    cells = [line.split()[0] for line in lines if line.startswith("  ") and
             not line.startswith("   ") and ":" not in line.split()[0]]
    letter = layout.template_column
    assert cells == ["Cover!C7", "A6", "G8", f"{letter('kpi_target')}8",
                     f"{letter('status')}8", "A9", "G9", f"{letter('remarks')}9"]
    summaries = [line.strip() for line in lines if line.startswith("  ") and
                 line.strip().split(":")[0] in ("complete", "incomplete", "rejected")]
    assert summaries == [
        "incomplete: MOH, 3 actions, 94% of required cells filled; 4 errors, 4 warnings, 5 info",
        "complete: MOE, 6 actions, 100% of required cells filled; 0 errors, 0 warnings, 0 info",
        "rejected: could not be read as a plan; 1 error, 0 warnings, 0 info",
    ]
    assert lines[-1] == ("Total as of 2027-09-30: 3 files (1 complete, 1 incomplete, "
                         "1 rejected); 5 errors, 4 warnings, 5 info")


def test_text_shows_each_message_with_its_code_and_the_hint_of_problems_only():
    text = as_text(reports(), AS_OF)
    assert "  G8          error    By When is empty. What date will the action be completed?" \
        in text
    assert "[missing-required]" in text
    assert "Fix: Pick a value from the dropdown: Not started, In progress" in text
    assert "[goal-without-actions]" in text
    assert "confirm it is not yours" not in text  # a note: nothing to fix


# The generated catalogue

def test_docs_findings_md_is_generated_from_the_catalogue():
    assert (DOCS / "findings.md").read_text("utf-8") == findings_markdown(), \
        "docs/findings.md is stale: run python -m actionbook.check.findings_doc"


def test_every_code_is_documented():
    text = findings_markdown()
    for code in Code:
        assert code.about.strip(), f"{code} has no 'about' line"
        assert f"\n## {code}\n" in text
