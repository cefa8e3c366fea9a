"""actionbook diff: exit status, JSON against its schema, CSV, text, errors in one line."""

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from actionbook import schema
from actionbook.cli import cli
from actionbook.cycle.changes import Change, ChangeCode, Changes, Side
from actionbook.cycle.render import as_text
from actionbook.plan import default_plan
from tests.cycle.cycles import EDITED, EXPECTED, SAMPLES, review
from tests.support.plan_note import without_plan_note

DOCS = Path(__file__).resolve().parents[2] / "docs"
SCHEMA = json.loads((DOCS / "diff.schema.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """The samples' MOE workbook, and a copy an official edited for the next review."""
    folder = tmp_path_factory.mktemp("versions")
    old, new = folder / "old.xlsx", folder / "new.xlsx"
    shutil.copy(SAMPLES / EDITED, old)
    shutil.copy(SAMPLES / EDITED, new)
    review(new)
    return old, new


def run(*args):
    return CliRunner().invoke(cli, ["diff", *map(str, args)])


def test_changes_exit_1_and_json_follows_the_schema(versions):
    result = run(*versions, "--format", "json")
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    jsonschema.validate(document, SCHEMA)
    assert document["summary"]["slipped"] == 1 and len(document["changes"]) == len(EXPECTED)
    slipped = next(c for c in document["changes"] if c["code"] == "slipped")
    assert (slipped["old"], slipped["new"], slipped["days"]) == ("2027-11-19", "2028-01-31", 73)
    assert document["old"]["source"].endswith("old.xlsx")


def test_no_change_exits_0(versions):
    # A workbook stands on its cover's submission date.
    old, _ = versions
    result = run(old, old, "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    jsonschema.validate(document, SCHEMA)
    assert document["changes"] == [] and document["old"]["as_of"] == "2027-09-28"


def test_text_has_a_summary_line_then_the_ministry(versions):
    result = run(*versions)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("6 changes from ") and "1 slipped" in lines[0]
    assert lines[0].endswith("; 1 warning.")
    assert lines[2] == "MOE  Ministry of Education"
    assert "removed (warning)" in result.output


def test_csv_has_one_row_per_change(versions):
    result = run(*versions, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.exit_code == 1 and len(rows) == len(EXPECTED)
    assert {r["code"] for r in rows} == {e[2] for e in EXPECTED}


def test_as_of_dates_a_workbook_without_its_own(versions):
    result = run(*versions, "--format", "json", "--as-of", "2027-12-31")
    assert json.loads(result.stdout)["new"]["as_of"] == "2027-12-31"


@pytest.mark.parametrize("name, words", [
    ("covering-note.txt", "not a spreadsheet"),
    ("empty-folder", "no submission in it could be read"),
])
def test_an_input_that_cannot_be_used_is_one_line_and_exit_2(versions, tmp_path, name, words):
    source = tmp_path / name
    if name.endswith(".txt"):
        shutil.copy(SAMPLES / name, source)
    else:
        source.mkdir()
    result = run(versions[0], source)
    assert result.exit_code == 2
    assert without_plan_note(result.output).count("\n") == 1 and words in result.output
    assert "Traceback" not in result.output


def test_an_export_is_not_a_stand(tmp_path):
    result = run(SAMPLES.parent / "consolidated.xlsx", SAMPLES.parent / "export" / "actions.csv")
    assert result.exit_code == 2 and without_plan_note(result.stderr).startswith("Error: ")


def test_help_shows_examples_and_the_exit_statuses():
    result = CliRunner().invoke(cli, ["diff", "--help"])
    assert "actionbook diff last/consolidated.xlsx submissions/" in result.output
    assert "0 when nothing changed, 1 when something did" in result.output


def test_text_shows_control_characters_as_escapes():
    change = Change("MOH", "MOH-001", ChangeCode.FIELD_CHANGED, "responsible", "A",
                    "B\x1b[2J", message="MOH-001: 'By When' changed from 'A' to 'B\x1b[2J'.")
    side = Side("old\x07.xlsx", dt.date(2027, 9, 30))
    text = as_text(Changes(side, side, (change,)), default_plan())
    assert "\x1b" not in text and "\x07" not in text and "\\x1b[2J" in text


def test_the_schema_names_every_code_and_every_column():
    change = SCHEMA["$defs"]["change"]["properties"]
    assert change["code"]["enum"] == [str(code) for code in ChangeCode]
    assert change["field"]["anyOf"][0]["enum"] == list(schema.action_keys()), \
        "docs/diff.schema.json: a column was added to the schema; add its key to `field`"
