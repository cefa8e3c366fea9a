"""The check on real files: a template filled in like an official would, read back, checked."""

import openpyxl
import pytest

from actionbook import schema
from actionbook.check.batch import check_paths
from actionbook.check.feedback import FINDINGS_SHEET, write_feedback
from actionbook.check.rules import check_workbook
from actionbook.read.reader import read_workbook
from actionbook.schema import layout
from actionbook.template.cover import FILLED, REQUIRED
from actionbook.template.workbook import write_template
from tests.support.checks_support import (
    AS_OF,
    GOOD_COVER,
    GOOD_ROW,
    PLAN,
    cell_input,
    filled_workbook,
    step,
)
from tests.support.libreoffice import convert

GOALS = [g.label for g in PLAN.goals]


def planted_rows():
    """Rows 7 to 22: six good steps serving every goal, then one planted problem per row."""
    good = [step(n, goal=GOALS[n - 1]) for n in range(1, 7)]
    planted = [
        step(7, due_date=""),                                   # G13 missing-required
        step(8, barriers=""),                                   # M14 missing-recommended
        step(9, resource_type="Money"),                         # J15 invalid-choice
        step(10, due_date="sometime soon"),                     # G16 invalid-date
        step(11, estimated_cost="lots"),                        # K17 invalid-number
        step(12, due_date="2031-01-01"),                        # G18 date-outside-plan
        step(13, start_date="2027-12-01", due_date="2027-11-01"),  # G19 end-before-start
        step(14, due_date="2027-03-31"),                        # G20 overdue, V20 remarks
        step(15, action_id="MOH-001"),                          # A21 duplicate-action (id)
        step(16, action_step=GOOD_ROW["action_step"].upper() + " in region 1"),  # C22 duplicate
        step(17, goal="G9: Space programme"),                   # B23 unknown-goal
        step(18, kpi_target="Better services"),                 # S24 kpi-not-measurable
    ]
    return good + planted


def at(key: str, row: int) -> str:
    return f"{layout.template_column(key)}{row}"


PLANTED = {
    ("missing-owner", "C7"), ("missing-required", at("due_date", 13)),
    ("missing-recommended", at("barriers", 14)), ("invalid-choice", at("resource_type", 15)),
    ("invalid-date", at("due_date", 16)), ("invalid-number", at("estimated_cost", 17)),
    ("date-outside-plan", at("due_date", 18)), ("end-before-start", at("due_date", 19)),
    ("overdue", at("due_date", 20)), ("unexplained-delay", at("remarks", 20)),
    ("duplicate-action", "A21"), ("duplicate-action", "C22"), ("unknown-goal", "B23"),
    ("kpi-not-measurable", at("kpi_target", 24)),
}


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("planted")
    path = filled_workbook(folder / "MOH-action-plan.xlsx", planted_rows(),
                           cover={**GOOD_COVER, "plan_owner": None})
    return path, check_workbook(read_workbook(path, PLAN), PLAN, AS_OF)


def test_a_dozen_planted_problems_give_exactly_those_findings_at_their_cells(planted):
    _, report = planted
    assert {(f.code, f.cell) for f in report.findings} == PLANTED
    assert len(report.findings) == len(PLANTED)
    assert (report.status, report.actions) == ("incomplete", 18)


def test_each_planted_finding_names_its_row_field_and_sheet(planted):
    _, report = planted
    by_code = {f.code: f for f in report.findings}
    assert by_code["missing-owner"].sheet == layout.COVER_SHEET
    overdue = by_code["overdue"]
    assert (overdue.sheet, overdue.row, overdue.field) == (layout.ACTIONS_SHEET, 20, "due_date")
    assert by_code["duplicate-action"].message in ("The ID MOH-001 repeats row 7.",
                                                   "This action step repeats row 7.")


def test_the_checked_file_is_never_modified(planted, tmp_path):
    path, _ = planted
    before = path.read_bytes()
    [report] = check_paths([path], PLAN, AS_OF, jobs=1)
    write_feedback(report, PLAN, tmp_path)
    assert path.read_bytes() == before


def test_checking_a_folder_reads_each_file_in_isolation_and_agrees_with_one_file(planted):
    path, report = planted
    (path.parent / "~$MOH-action-plan.xlsx").write_bytes(b"lock")
    (path.parent / ".hidden.xlsx").write_bytes(b"hidden")
    [found] = check_paths([path.parent], PLAN, AS_OF, jobs=1)
    assert found.path == path
    assert found.findings == report.findings and found.completeness == report.completeness


def test_a_crashing_or_refused_file_is_rejected_without_stopping_the_others(planted, tmp_path):
    path, _ = planted
    (tmp_path / "a.xlsx").write_bytes(path.read_bytes())
    (tmp_path / "b.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "c.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    reports = check_paths([tmp_path], PLAN, AS_OF, jobs=2)
    assert [(r.path.name, r.status) for r in reports] == [
        ("a.xlsx", "incomplete"), ("b.xlsx", "rejected"), ("c.xls", "rejected")]
    assert reports[1].findings[0].code == "unreadable-file"


# Through LibreOffice ------------------------------------------------------------------------

def typed_cells(rows):
    """(sheet, cell, text) edits that type `rows` into the Action Plan from row 7."""
    for index, row in enumerate(rows):
        for key, text in row.items():
            if key != "action_id" and text != "":
                cell = f"{layout.template_column(key)}{layout.FIRST_DATA_ROW + index}"
                yield layout.ACTIONS_SHEET, cell, text


@pytest.mark.libreoffice
def test_completeness_equals_the_live_counter_libreoffice_computes(calc, tmp_path):
    blank = write_template(PLAN, tmp_path / "blank.xlsx", "MOH", generated_on=AS_OF)
    rows = [step(1, goal=GOALS[0]), step(2, goal=GOALS[1], kpi="", status=""),
            {"supporting": "Civil Registry"}, step(4, due_date="sometime", comm_audience="")]
    edits = [*typed_cells(rows), (layout.COVER_SHEET, f"C{layout.cover_row('plan_owner')}",
                                  "Dr A. Mensah")]
    filled = calc.edit(blank, tmp_path / "filled.xlsx", edits)
    row = layout.counter_row()
    counter = [f"{layout.column_letter(c + 1)}{row}" for c in (FILLED, REQUIRED)]
    shown = calc.read_values(filled, layout.COVER_SHEET, counter)
    filled_cells, required = (shown[c] for c in counter)
    report = check_workbook(read_workbook(filled, PLAN), PLAN, AS_OF)
    assert required == 4 * 12 + 2  # four started rows and the two required cover fields
    assert report.completeness == pytest.approx(filled_cells / required)
    assert report.completeness < 1


@pytest.mark.libreoffice
def test_the_feedback_copy_keeps_comments_highlights_and_dropdowns_in_libreoffice(
        calc, planted, tmp_path):
    _, report = planted
    copy = write_feedback(report, PLAN, tmp_path / "feedback", generated_on=AS_OF)
    saved = convert(copy, "xlsx", tmp_path / "libreoffice")
    book = openpyxl.load_workbook(saved)
    sheet = book[layout.ACTIONS_SHEET]
    for _, cell in PLANTED - {("missing-owner", "C7")}:
        assert sheet[cell].comment is not None, cell
    assert book[layout.COVER_SHEET]["C7"].comment is not None
    assert sum(len(cf.rules) for cf in sheet.conditional_formatting) >= len(PLANTED) - 1
    links = [c.hyperlink for c in book[FINDINGS_SHEET]["B"] if c.hyperlink]
    assert len(links) == len(PLANTED)
    status = calc.validation_info(copy, layout.ACTIONS_SHEET,
                                  f"{layout.template_column('status')}15")
    assert list(PLAN.choices("statuses")) == status["items"]
    assert sheet.protection.sheet and len(sheet.data_validations.dataValidation) > 0


@pytest.mark.libreoffice
def test_columns_inserted_in_libreoffice_and_saved_as_ods_are_checked_and_annotated(
        calc, tmp_path):
    rows = [step(n, goal=GOALS[n - 1]) for n in range(1, 7)]
    rows[1] = {**rows[1], "status": "Done", "due_date": ""}
    submitted = filled_workbook(tmp_path / "MOH-action-plan.xlsx", rows, protect=False)
    # Two columns of the official's own, inserted before Action Step (column C).
    moved = calc.insert_columns(submitted, tmp_path / "moved.ods", layout.ACTIONS_SHEET, 2, 2)
    [report] = check_paths([moved], PLAN, AS_OF, jobs=1)
    problems = {(f.code, f.cell) for f in report.findings if f.severity.value != "info"}
    # Two columns inserted before Action Step move every column after B two to the right.
    shifted = {key: layout.column_letter(schema.action_keys().index(key) + 3)
               for key in ("status", "due_date")}
    assert problems == {("invalid-choice", f"{shifted['status']}8"),
                        ("missing-required", f"{shifted['due_date']}8")}
    copy = write_feedback(report, PLAN, tmp_path / "feedback")
    assert copy.name == "moved-ods-feedback.xlsx"  # the kind of the file sent is in the name
    sheet = openpyxl.load_workbook(copy)[layout.ACTIONS_SHEET]
    assert "not one of the allowed values" in sheet[at("status", 8)].comment.text
    assert "By When is empty" in sheet["G8"].comment.text
    assert sheet["C8"].value == rows[1]["action_step"]


def test_a_hand_made_table_missing_a_column_is_read_checked_and_annotated(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    keys = [k for k in schema.action_keys() if k != "kpi"]
    sheet.append([seed_header(k) for k in keys])
    for n, goal in enumerate(GOALS, 1):
        row = step(n, goal=goal)
        sheet.append([cell_input(k, row.get(k, "")) for k in keys])
    book.save(tmp_path / "own-table.xlsx")
    [report] = check_paths([tmp_path / "own-table.xlsx"], PLAN, AS_OF, jobs=1)
    codes = {f.code for f in report.findings}
    assert {"unknown-layout", "missing-column", "missing-owner"} <= codes
    assert not [f for f in report.findings if f.code == "missing-required" and f.field == "kpi"]
    assert report.status == "incomplete"
    book = openpyxl.load_workbook(write_feedback(report, PLAN, tmp_path))
    copy = book[layout.ACTIONS_SHEET]
    assert copy["C7"].value == step(1)["action_step"]  # rows 2.. of the file, from row 7
    # The copy has the template's layout: the layout findings are listed, on no cell.
    assert not [c for row in copy.iter_rows() for c in row if c.comment]
    listed = {r[3]: r[1] for r in book[FINDINGS_SHEET].iter_rows(values_only=True)}
    missing = next(f.message for f in report.findings if f.code == "missing-column")
    assert missing in listed and listed[missing] is None


def seed_header(key: str) -> str:
    """The header an official would type: the seed's, or an alias where the seed repeats one."""
    column = schema.column(key)
    repeated = sum(c.header == column.header for c in schema.COLUMNS) > 1
    return column.aliases[0] if repeated else column.header
