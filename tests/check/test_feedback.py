"""The feedback copy: the official's values in a fresh template, each finding on its cell."""

import datetime as dt

import openpyxl
import pytest

from actionbook.check.annotation import FILLS, FINDINGS_SHEET, head_row
from actionbook.check.feedback import write_feedback, write_feedback_copies
from actionbook.check.rules import check_workbook
from actionbook.check.verdict import Report
from actionbook.findings import Severity
from actionbook.schema import layout
from actionbook.template.cover import FILLED, REQUIRED
from actionbook.template.workbook import write_template
from tests.support.checks_support import AS_OF, GOOD_COVER, PLAN, step, workbook

GENERATED = dt.date(2027, 9, 30)
TARGET, STATUS, REMARKS = (layout.template_column(k) for k in ("kpi_target", "status", "remarks"))


def messy_report(**options):
    rows = [step(1), step(2, due_date="sometime", kpi_target="Better", status="Done"),
            step(3, action_id="MOH-001", due_date="2027-05-01")]
    options.setdefault("rows_at", [7, 9, 10])
    wb = workbook(*rows, cover={**GOOD_COVER, "plan_owner": None}, **options)
    return check_workbook(wb, PLAN, AS_OF)


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    report = messy_report()
    path = write_feedback(report, PLAN, tmp_path_factory.mktemp("feedback"),
                          generated_on=GENERATED)
    return report, path, openpyxl.load_workbook(path)


def highlights(sheet) -> dict[str, str]:
    """Cell -> fill colour of the feedback's own conditional formats (criteria TRUE)."""
    return {str(cf.sqref): rule.dxf.fill.bgColor.rgb[-6:]
            for cf in sheet.conditional_formatting for rule in cf.rules
            if rule.formula == ["TRUE"]}


def test_the_copy_is_named_after_the_submitted_file(copy):
    _, path, _ = copy
    assert path.name == "MOH-action-plan-feedback.xlsx"


def test_the_copy_holds_the_officials_values_in_the_same_rows(copy):
    _, _, book = copy
    sheet = book[layout.ACTIONS_SHEET]
    assert [sheet[f"C{r}"].value for r in (7, 9, 10)] == [
        step(n)["action_step"] for n in (1, 2, 3)]
    assert sheet["C8"].value is None  # the blank row stays blank
    assert sheet["G7"].value == dt.datetime(2027, 12, 31)
    assert sheet["G9"].value == "sometime"  # an unreadable date is shown as typed
    assert sheet[f"{STATUS}9"].value == "Done"


def test_a_row_the_official_left_blank_keeps_its_id(tmp_path):
    report = check_workbook(workbook(step(1), step(3), rows_at=[7, 9]), PLAN, AS_OF)
    sheet = openpyxl.load_workbook(write_feedback(report, PLAN, tmp_path))[layout.ACTIONS_SHEET]
    assert [sheet[f"A{r}"].value for r in (7, 8, 9, 10)] == ["MOH-001", "MOH-002", "MOH-003",
                                                            "MOH-004"]


def test_an_id_taken_by_a_started_row_is_not_given_twice(copy):
    _, _, book = copy
    ids = [c.value for c in book[layout.ACTIONS_SHEET]["A"][layout.FIRST_DATA_ROW - 1:]]
    assert ids[:4] == ["MOH-001", ids[1], "MOH-002", "MOH-001"]
    assert ids[1] not in ("MOH-001", "MOH-002") and ids.count(ids[1]) == 1


def test_every_placed_finding_is_highlighted_by_severity_and_commented(copy):
    report, _, book = copy
    sheet = book[layout.ACTIONS_SHEET]
    assert highlights(sheet) == {
        "G9": FILLS[Severity.ERROR][1:], f"{TARGET}9": FILLS[Severity.WARNING][1:],
        f"{STATUS}9": FILLS[Severity.ERROR][1:], "A10": FILLS[Severity.ERROR][1:],
        "G10": FILLS[Severity.WARNING][1:], f"{REMARKS}10": FILLS[Severity.WARNING][1:]}
    by_cell = {f.cell: f for f in report.findings if f.sheet == layout.ACTIONS_SHEET}
    for cell in highlights(sheet):
        comment = sheet[cell].comment.text
        assert by_cell[cell].message in comment and by_cell[cell].hint in comment
    cover = book[layout.COVER_SHEET]
    assert "plan owner is not named" in cover["C7"].comment.text
    assert highlights(cover) == {"C7": FILLS[Severity.ERROR][1:]}


def test_the_findings_sheet_lists_every_finding_with_a_link_to_its_cell(copy):
    report, _, book = copy
    sheet = book[FINDINGS_SHEET]
    rows = list(sheet.iter_rows(min_row=head_row(sheet) + 2, values_only=True))
    assert len(rows) == len(report.findings)
    assert sorted(r[3] for r in rows) == sorted(f.message for f in report.findings)
    links = {c.hyperlink.location for c in sheet["B"] if c.hyperlink}
    assert links == {"'Action Plan'!G9", f"'Action Plan'!{TARGET}9",
                     f"'Action Plan'!{STATUS}9", "'Action Plan'!A10", "'Action Plan'!G10",
                     f"'Action Plan'!{REMARKS}10", "'Cover'!C7"}
    assert book.active.title == FINDINGS_SHEET


def test_validation_protection_and_names_are_those_of_a_fresh_template(copy, tmp_path):
    _, _, book = copy
    fresh = openpyxl.load_workbook(write_template(PLAN, tmp_path / "t.xlsx", "MOH",
                                                  generated_on=GENERATED))
    for name in fresh.sheetnames:
        ours, theirs = book[name], fresh[name]
        assert len(ours.data_validations.dataValidation) == \
            len(theirs.data_validations.dataValidation), name
        assert ours.protection.sheet == theirs.protection.sheet, name
        assert ours.sheet_state == theirs.sheet_state, name
    assert set(book.defined_names) == set(fresh.defined_names)
    assert book.security.lockStructure


def test_the_cover_counter_shows_the_checks_completeness(copy):
    report, path, _ = copy
    cover = openpyxl.load_workbook(path, data_only=True)[layout.COVER_SHEET]
    row = layout.counter_row()
    filled, required = (cover.cell(row, c + 1).value for c in (FILLED, REQUIRED))
    assert filled / required == pytest.approx(report.completeness)
    assert (filled, required) == (37, 38)


def test_moved_columns_are_annotated_at_the_templates_column(tmp_path):
    columns = {**workbook().columns, "due_date": "X", "status": "Y"}
    report = messy_report(columns=columns)
    assert {f.cell for f in report.findings if f.field == "status"} == {"Y9"}
    book = openpyxl.load_workbook(write_feedback(report, PLAN, tmp_path))
    assert {"G9", f"{STATUS}9", "G10"} <= set(highlights(book[layout.ACTIONS_SHEET]))


def test_a_table_found_elsewhere_is_packed_from_the_first_data_row(tmp_path):
    report = messy_report(rows_at=[12, 15, 16])
    report.workbook.header_row = 11
    book = openpyxl.load_workbook(write_feedback(report, PLAN, tmp_path))
    sheet = book[layout.ACTIONS_SHEET]
    assert [sheet[f"C{r}"].value for r in (7, 8, 9)] == [step(n)["action_step"]
                                                         for n in (1, 2, 3)]
    assert set(highlights(sheet)) == {"G8", f"{TARGET}8", f"{STATUS}8", "A9", "G9",
                                      f"{REMARKS}9"}
    findings_sheet = book[FINDINGS_SHEET]
    findings = list(findings_sheet.iter_rows(min_row=head_row(findings_sheet) + 2,
                                             values_only=True))
    assert (f"Action Plan!{STATUS}8", f"Action Plan!{STATUS}15") in {(r[1], r[5]) for r in findings}


def test_a_copy_never_takes_the_name_of_a_submitted_file(tmp_path):
    report = messy_report()
    first = Report(**{**report.__dict__, "path": tmp_path / "x.xlsx"})
    second = Report(**{**report.__dict__, "path": tmp_path / "x-feedback.xlsx"})
    second.path.write_bytes(b"submitted")
    copies = write_feedback_copies([first, second], PLAN, tmp_path)
    assert second.path.read_bytes() == b"submitted"
    assert [p.name for p in copies.values()] == ["x-feedback-2.xlsx",
                                                 "x-feedback-feedback.xlsx"]


def test_a_rejected_file_gets_no_copy(tmp_path):
    report = messy_report()
    rejected = Report(**{**report.__dict__, "workbook": None, "status": "rejected"})
    assert write_feedback_copies([rejected], PLAN, tmp_path) == {}
    assert list(tmp_path.iterdir()) == []
