"""actionbook consolidate FOLDER --previous OLD: a Changes sheet right after the Summary, what
moved on the Summary (figures, a sentence, a chart), changes.csv among the exports."""

import csv
import json
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from actionbook.cli import cli
from actionbook.consolidation.workbook import consolidate_folder
from actionbook.cycle import sheets
from actionbook.cycle.changes import FIELDS
from actionbook.cycle.diff import diff
from actionbook.plan import default_plan
from tests.cycle.cycles import AS_OF, EXPECTED, found, review_cycles
from tests.support.plan_note import without_plan_note

PLAN = default_plan()


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review")
    first, second = review_cycles(folder)
    old = consolidate_folder(first, folder / "old.xlsx", PLAN, AS_OF).workbook
    new, tables = folder / "new.xlsx", folder / "tables"
    result = CliRunner().invoke(cli, [
        "consolidate", str(second), "-o", str(new), "--as-of", AS_OF.isoformat(),
        "--previous", str(old), "--export", str(tables), "--json", "-q"])
    assert result.exit_code == 0, result.output
    return {"old": old, "new": new, "tables": tables, "json": json.loads(result.stdout),
            "second": second}


def test_the_changes_sheets_come_right_after_the_summary(run):
    names = openpyxl.load_workbook(run["new"], read_only=True).sheetnames
    assert names[:4] == ["Summary", sheets.CHANGES_SHEET, sheets.COUNTS_SHEET, "Submissions"]


def test_the_changes_sheet_lists_exactly_the_officials_edits(run):
    sheet = openpyxl.load_workbook(run["new"])[sheets.CHANGES_SHEET]
    rows = list(sheet.iter_rows(min_row=sheets.HEADER_ROW + 2, values_only=True))
    assert sorted((r[0], r[1]) for r in rows if r[0]) == sorted((e[0], e[1]) for e in EXPECTED)
    assert str(run["old"]).endswith(sheet.cell(sheets.OLD_ROW + 1, 3).value.split(",")[0])


def test_the_summary_says_what_moved(run):
    summary = openpyxl.load_workbook(run["new"])["Summary"]
    cells = {row[0]: row[1] for row in summary.iter_rows(min_col=1, max_col=2, values_only=True)
             if row[0]}
    assert cells["Steps completed"] == 1 and cells["Steps slipped (due later)"] == 1
    assert cells["Days slipped, in all"] == 73
    assert (cells["Steps added"], cells["Steps removed"], cells["Removed unfinished"]) == (1, 1, 1)
    sentence = next(text for text in cells if text.startswith("Since the last review ("))
    assert "1 step completed" in sentence and "slipped by 73 days in all" in sentence


def test_the_summary_charts_the_slippage_by_ministry(run):
    with zipfile.ZipFile(run["new"]) as archive:
        charts = [archive.read(n) for n in archive.namelist() if n.startswith("xl/charts/chart")]
    slippage = [c for c in charts if b"Days behind the original dates" in c]
    assert len(slippage) == 1 and b"'Changes by Ministry'!" in slippage[0]


def test_json_and_the_command_line_carry_the_figures(run):
    figures = run["json"]["since_last_review"]
    assert (figures["completed"], figures["slipped"], figures["days_slipped"]) == (1, 1, 73)
    assert figures["removed_unfinished"] == 1


def test_export_writes_changes_csv(run):
    with open(run["tables"] / "changes.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(FIELDS) and len(rows) == len(EXPECTED)
    assert {row["code"] for row in rows} == {e[2] for e in EXPECTED}


def test_the_workbook_is_still_a_review_diff_can_read(run):
    assert found(diff(run["old"], run["new"], PLAN)) == EXPECTED


def test_a_previous_that_cannot_be_used_stops_before_reading(run, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("not a workbook")
    target = tmp_path / "out.xlsx"
    result = CliRunner().invoke(cli, ["consolidate", str(run["second"]), "-o", str(target),
                                      "--previous", str(note), "-q"])
    assert result.exit_code == 2 and without_plan_note(result.output).count("\n") == 1
    assert "note.txt" in result.output and not target.exists()


def test_without_previous_the_workbook_is_as_before(run, tmp_path):
    plain = consolidate_folder(run["second"], tmp_path / "plain.xlsx", PLAN, AS_OF).workbook
    names = openpyxl.load_workbook(plain, read_only=True).sheetnames
    assert sheets.CHANGES_SHEET not in names and names[1] == "Submissions"
