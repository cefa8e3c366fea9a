"""`actionbook check`: formats, exit statuses and feedback copies, through the command line."""

import csv
import io
import json
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from click.testing import CliRunner

from actionbook.check.annotation import FINDINGS_SHEET, head_row
from actionbook.cli import cli
from tests.support.checks_support import GOOD_COVER, PLAN, filled_workbook, step

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "check.schema.json")
                    .read_text("utf-8"))
AS_OF = ["--as-of", "2027-09-30"]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A complete workbook, an incomplete one and a file that is no workbook, in one folder."""
    folder = tmp_path_factory.mktemp("submissions")
    every_goal = [step(n, goal=g.label) for n, g in enumerate(PLAN.goals, 1)]
    complete = filled_workbook(folder / "MOE-action-plan.xlsx", every_goal,
                               cover={**GOOD_COVER, "ministry": "MOE"}, ministry="MOE")
    incomplete = filled_workbook(folder / "MOH-action-plan.xlsx",
                                 [{**every_goal[0], "due_date": ""}, *every_goal[1:]])
    junk = folder / "notes.xlsx"
    junk.write_text("not a workbook")
    return {"complete": complete, "incomplete": incomplete, "junk": junk, "folder": folder}


def check(*args):
    return CliRunner().invoke(cli, ["check", *map(str, args)])


# Exit statuses

def test_exit_0_when_no_file_has_an_error(files):
    result = check(files["complete"], *AS_OF)
    assert result.exit_code == 0, result.output
    assert "complete: MOE, 6 actions, 100% of required cells filled" in result.stdout


def test_exit_1_when_a_file_has_an_error(files):
    assert check(files["incomplete"], *AS_OF).exit_code == 1
    assert check(files["folder"], *AS_OF).exit_code == 1


def test_exit_2_when_nothing_could_be_read(files):
    result = check(files["junk"], *AS_OF)
    assert result.exit_code == 2
    assert "rejected: could not be read" in result.stdout


@pytest.mark.parametrize("args, says", [
    (["missing.xlsx"], "does not exist"),
    (["{complete}", "--as-of", "30/09/2027"], "--as-of"),
    (["{complete}", "--format", "xml"], "--format"),
    (["{complete}", "-c", "no-such-plan.toml"], "no such plan file"),
    ([], "Missing argument"),
])
def test_exit_2_on_bad_usage_with_one_clear_line(files, args, says):
    result = check(*(a.format(**files) for a in args))
    assert result.exit_code == 2
    assert says in result.stderr
    assert "Traceback" not in result.output


def test_exit_2_when_a_folder_holds_no_workbook(tmp_path):
    (tmp_path / "readme.txt").write_text("nothing here")
    result = check(tmp_path)
    assert result.exit_code == 2
    assert "no workbook" in result.stderr


# Formats

def test_text_is_grouped_by_file_with_a_summary_each_and_a_total(files):
    lines = check(files["folder"], *AS_OF).stdout.splitlines()
    heads = [line for line in lines if line and not line.startswith(" ")]
    assert heads[:3] == [str(files[k]) for k in ("complete", "incomplete", "junk")]
    assert heads[-1].startswith("Total as of 2027-09-30: 3 files (1 complete, 1 incomplete, "
                                "1 rejected)")
    assert any(line.startswith("  G7          error    By When is empty.") for line in lines)
    assert max(map(len, lines)) <= 100


def test_json_follows_the_documented_schema(files):
    result = check(files["folder"], *AS_OF, "--format", "json")
    document = json.loads(result.stdout)
    jsonschema.validate(document, SCHEMA)
    assert document["as_of"] == "2027-09-30"
    assert [(f["file"], f["status"]) for f in document["files"]] == [
        (str(files["complete"]), "complete"), (str(files["incomplete"]), "incomplete"),
        (str(files["junk"]), "rejected")]
    [missing] = document["files"][1]["findings"]
    assert (missing["code"], missing["cell"], missing["field"]) == ("missing-required", "G7",
                                                                    "due_date")


def test_csv_has_a_row_per_finding_with_its_files_columns(files):
    result = check(files["folder"], *AS_OF, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(Path(r["file"]).name, r["status"], r["code"]) for r in rows] == [
        ("MOE-action-plan.xlsx", "complete", ""),
        ("MOH-action-plan.xlsx", "incomplete", "missing-required"),
        ("notes.xlsx", "rejected", "unreadable-file")]


# Feedback copies

def test_annotate_writes_a_feedback_copy_per_readable_workbook(files, tmp_path):
    before = {p: p.read_bytes() for p in files["folder"].iterdir()}
    result = check(files["folder"], *AS_OF, "--annotate", tmp_path / "feedback",
                   "--format", "json")
    json.loads(result.stdout)  # the notes about copies go to stderr, not into the JSON
    assert sorted(p.name for p in (tmp_path / "feedback").iterdir()) == [
        "MOE-action-plan-feedback.xlsx", "MOH-action-plan-feedback.xlsx"]
    assert f"No feedback copy of {files['junk']}" in result.stderr
    assert ("MOH-action-plan-feedback.xlsx. Fix your own file, MOH-action-plan.xlsx, and send "
            "it again under the same name") in " ".join(result.stderr.split())
    assert "MOE-action-plan-feedback.xlsx. Nothing to fix" in result.stderr
    book = openpyxl.load_workbook(tmp_path / "feedback" / "MOH-action-plan-feedback.xlsx")
    assert "By When is empty" in book["Action Plan"]["G7"].comment.text
    findings = book[FINDINGS_SHEET]
    first = findings.cell(head_row(findings) + 2, 2)
    assert first.hyperlink.location == "'Action Plan'!G7"
    assert {p: p.read_bytes() for p in files["folder"].iterdir()} == before
