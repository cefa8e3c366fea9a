"""actionbook diff -o changes.xlsx: one row per change, old and new side by side, the count per
ministry, what was compared; written whole, marked, never read as a submission."""

import datetime as dt
import shutil

import openpyxl
import pytest
from click.testing import CliRunner

from actionbook.cli import cli
from actionbook.consolidation.merge import consolidate
from actionbook.consolidation.tables import label
from actionbook.cycle import sheets
from actionbook.cycle.changes import Change, ChangeCode, Changes, Side
from actionbook.cycle.workbook import is_changes, write_changes
from actionbook.plan import default_plan
from actionbook.schema.layout import CHANGES, KIND
from actionbook.schema.table import Key
from tests.cycle.cycles import EDITED, EXPECTED, SAMPLES, review
from tests.support.plan_note import without_plan_note

PLAN = default_plan()
MINISTRY, NAME, STEP = (label(key) for key in ("ministry", Key.MINISTRY_NAME, Key.ACTION_STEP))


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The samples' MOE workbook and its edited next version, diffed into changes.xlsx."""
    folder = tmp_path_factory.mktemp("versions")
    old, new = folder / "old.xlsx", folder / "new.xlsx"
    shutil.copy(SAMPLES / EDITED, old)
    shutil.copy(SAMPLES / EDITED, new)
    review(new)
    target = folder / "changes.xlsx"
    result = CliRunner().invoke(cli, ["diff", str(old), str(new), "-o", str(target)])
    assert result.exit_code == 1, result.output
    return target


def table(sheet) -> list[dict]:
    """The rows under the header row, by header."""
    rows = list(sheet.iter_rows(min_row=sheets.HEADER_ROW + 1, values_only=True))
    header = rows[0]
    return [dict(zip(header, row)) for row in rows[1:] if any(v is not None for v in row)]


def test_one_row_per_change_with_old_and_new_side_by_side(written):
    rows = table(openpyxl.load_workbook(written)[sheets.CHANGES_SHEET])
    assert len(rows) == len(EXPECTED)
    assert {(r[MINISTRY], r["ID"]) for r in rows} == {(e[0], e[1]) for e in EXPECTED}
    slipped = next(r for r in rows if r["Change"] == "Slipped")
    assert (slipped["Was"], slipped["Now"], slipped["Days"]) == \
        (dt.datetime(2027, 11, 19), dt.datetime(2028, 1, 31), 73)
    assert slipped["Column"] == "By When"
    assert slipped[STEP].startswith("Tender broadband")
    removed = next(r for r in rows if r["Change"] == "Removed")
    assert "neither completed nor cancelled" in removed["What moved"]


def test_changed_cells_are_highlighted_and_the_rest_not(written):
    sheet = openpyxl.load_workbook(written)[sheets.CHANGES_SHEET]
    fills = {}
    for row in sheet.iter_rows(min_row=sheets.HEADER_ROW + 2):
        fills[row[3].value] = (row[5].fill.fgColor.rgb, row[6].fill.fgColor.rgb)
    assert fills["Field changed"] == ("FF" + sheets.WAS_FILL[1:], "FF" + sheets.NOW_FILL[1:])
    assert fills["Added"][0] != "FF" + sheets.WAS_FILL[1:]


def test_the_header_says_what_was_compared(written):
    sheet = openpyxl.load_workbook(written)[sheets.CHANGES_SHEET]
    old, new = (sheet.cell(row + 1, 3).value for row in (sheets.OLD_ROW, sheets.NEW_ROW))
    assert old.endswith("old.xlsx, as of 28 September 2027")
    assert new.startswith(str(written.parent)) and "new.xlsx" in new
    summary = sheet.cell(sheets.SUMMARY_ROW + 1, 1).value
    assert summary.startswith("6 changes: ") and "1 slipped (73 days in all)" in summary


def test_the_count_per_ministry_adds_up(written):
    rows = table(openpyxl.load_workbook(written)[sheets.COUNTS_SHEET])
    moe, total = rows
    assert moe[MINISTRY] == "MOE" and moe[NAME] == "Ministry of Education"
    assert (moe["Changes"], moe["Slipped"], moe["Days slipped"], moe["Warnings"]) == (6, 1, 73, 1)
    assert total[MINISTRY] == sheets.TOTAL and total["Changes"] == 6


def test_it_is_marked_and_never_read_as_a_submission(written, tmp_path):
    assert openpyxl.load_workbook(written).custom_doc_props[KIND].value == CHANGES
    assert is_changes(written)
    folder = tmp_path / "submissions"
    shutil.copytree(SAMPLES, folder)
    shutil.copy(written, folder / "MOE-changes.xlsx")
    c = consolidate(folder, PLAN, dt.date(2027, 9, 30))
    assert "MOE-changes.xlsx" not in set(c.actions["source_file"].map(str))
    note = c.submissions.loc[c.submissions["file"].astype(str).str.endswith("MOE-changes.xlsx"),
                             "note"].tolist()
    assert note and "list of changes written by actionbook diff" in note[0]


def test_a_list_of_changes_is_not_a_review_to_compare(written):
    result = CliRunner().invoke(cli, ["diff", str(written), str(written)])
    assert result.exit_code == 2 and without_plan_note(result.output).count("\n") == 1
    assert "a list of changes written by actionbook diff" in result.output


def test_the_same_reviews_give_the_same_bytes(tmp_path):
    change = Change("MOH", "MOH-001", ChangeCode.SLIPPED, "due_date", "2027-01-01",
                    "2027-02-01", 31, "MOH-001 slipped.", step="A step")
    side = Side("old.xlsx", dt.date(2027, 9, 30))
    changes = Changes(side, side, (change,))
    first = write_changes(changes, PLAN, tmp_path / "a.xlsx").read_bytes()
    assert first == write_changes(changes, PLAN, tmp_path / "b.xlsx").read_bytes()


def test_no_change_says_so(tmp_path):
    side = Side("old.xlsx", dt.date(2027, 9, 30))
    book = openpyxl.load_workbook(write_changes(Changes(side, side, ()), PLAN,
                                                tmp_path / "none.xlsx"))
    sheet = book[sheets.CHANGES_SHEET]
    assert sheet.cell(sheets.SUMMARY_ROW + 1, 1).value == "Nothing moved between the two reviews."
    assert sheet.cell(sheets.HEADER_ROW + 2, 1).value.startswith("No change")


def test_submitted_text_stays_text(tmp_path):
    change = Change("MOH", "MOH-001", ChangeCode.FIELD_CHANGED, "kpi", "=1+1", "=HYPERLINK(1)",
                    message="x", step="=SUM(A1)")
    side = Side("old.xlsx", dt.date(2027, 9, 30))
    sheet = openpyxl.load_workbook(write_changes(Changes(side, side, (change,)), PLAN,
                                                 tmp_path / "c.xlsx"))[sheets.CHANGES_SHEET]
    row = [cell for cell in sheet[sheets.HEADER_ROW + 2]]
    assert [row[2].data_type, row[5].data_type, row[6].data_type] == ["s", "s", "s"]


@pytest.mark.parametrize("name, words", [("changes.csv", "name it with .xlsx"),
                                         ("old.xlsx", "is the workbook being read")])
def test_a_bad_output_is_refused_before_reading(written, name, words):
    old = written.parent / "old.xlsx"
    before = old.read_bytes()
    result = CliRunner().invoke(cli, ["diff", str(old), str(old), "-o",
                                      str(written.parent / name)])
    assert result.exit_code == 2 and words in result.output
    assert old.read_bytes() == before


def test_the_count_per_ministry_is_charted_by_code(written):
    import zipfile

    with zipfile.ZipFile(written) as archive:
        charts = [archive.read(n) for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 1 and charts[0].count(b"<c:ser>") == 6  # the six codes that occur
    assert b"<c:f>'Changes by Ministry'!$A$7</c:f>" in charts[0]  # MOE, not the total row
