"""The feedback copy explains itself: its colours, what to do next, its printing, its name,
and checking it again finds what checking the file that was sent found."""

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from actionbook import schema
from actionbook.check.annotation import FILLS, FINDINGS_SHEET, LABELS, MEANINGS, head_row
from actionbook.check.feedback import feedback_path, write_feedback, write_feedback_copies
from actionbook.check.rules import check_workbook
from actionbook.check.verdict import Report
from actionbook.findings import Code, Severity
from actionbook.read.reader import read_workbook
from actionbook.schema import layout
from actionbook.schema.colours import MEANING_COLOURS
from actionbook.template import style
from tests.support.checks_support import (
    AS_OF,
    GOOD_COVER,
    PLAN,
    filled_workbook,
    step,
)

CHOICE_KEYS = {c.key for c in schema.COLUMNS if c.choices}
SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "submissions"
TEMPLATE_COLOURS = {style.REQUIRED_FILL, style.RECOMMENDED_FILL, style.OVERDUE_FILL,
                    style.GREY_FILL, style.HEADER_FILL, style.QUESTION_FILL,
                    *(colour.fill for colour in MEANING_COLOURS.values())}


@pytest.fixture(scope="module")
def sent(tmp_path_factory):
    """A submission with an error, a warning and a note on the Action Plan, an unreadable
    date on the cover, and its feedback copy."""
    folder = tmp_path_factory.mktemp("sent")
    rows = [step(1, due_date=""), step(2, kpi_target="Better"), step(3, estimated_cost="1,200")]
    path = filled_workbook(folder / "MOH-action-plan.xlsx", rows,
                           cover={**GOOD_COVER, "submitted_on": "32/13/2027"})
    report = check_workbook(read_workbook(path, PLAN), PLAN, AS_OF)
    copy = write_feedback(report, PLAN, folder / "feedback", generated_on=AS_OF)
    return report, copy, openpyxl.load_workbook(copy)


def rgb(colour) -> str:
    return "#" + colour.rgb[-6:].upper()


def rules(sheet) -> list[tuple[int, str, str]]:
    """(priority, range, fill colour) of a sheet's conditional formats."""
    return sorted((rule.priority, str(cf.sqref), rgb(rule.dxf.fill.bgColor))
                  for cf in sheet.conditional_formatting for rule in cf.rules
                  if rule.dxf is not None and rule.dxf.fill is not None)


def test_the_sent_file_has_one_finding_of_each_severity_at_least(sent):
    report, _, _ = sent
    assert {f.severity for f in report.findings} == set(Severity)
    assert Code.INVALID_DATE in {f.code for f in report.findings if f.field == "submitted_on"}


def test_each_severity_has_its_own_colour_used_for_nothing_else():
    colours = [c.upper() for c in FILLS.values()]
    assert len(set(colours)) == len(colours) == len(Severity)
    assert not set(colours) & {c.upper() for c in TEMPLATE_COLOURS}


def test_a_marked_cell_shows_its_severity_whatever_the_templates_rules_say(sent):
    _, _, book = sent
    for name in (layout.COVER_SHEET, layout.ACTIONS_SHEET):
        ordered = rules(book[name])
        marks = [r for r in ordered if r[2] in {c.upper() for c in FILLS.values()}]
        template = [r for r in ordered if r not in marks]
        assert marks and template, name
        # Excel and LibreOffice apply the rule of lowest priority number first
        assert max(p for p, _, _ in marks) < min(p for p, _, _ in template), name
    empty_due = next(r for r in rules(book[layout.ACTIONS_SHEET]) if r[1] == "G7")
    assert empty_due[2] == FILLS[Severity.ERROR].upper()


def legend_fills(sheet) -> dict[str, str]:
    """Sample fill colour -> the meaning written beside it, in the Findings sheet's legend."""
    found = {}
    for row in range(1, head_row(sheet) + 1):
        sample, meaning = sheet.cell(row, 1), sheet.cell(row, 3).value
        if meaning and sample.fill.fgColor.type == "rgb" and sample.fill.fill_type:
            found[rgb(sample.fill.fgColor)] = meaning
    return found


def test_the_findings_sheet_explains_every_colour_the_copy_uses(sent):
    _, _, book = sent
    legend = legend_fills(book[FINDINGS_SHEET])
    used = {colour for name in book.sheetnames for _, _, colour in rules(book[name])}
    assert used and used <= set(legend), used - set(legend)
    for colour in FILLS.values():
        assert legend[colour.upper()].startswith(("Pink", "Violet", "Turquoise"))
    meanings = list(legend.values())
    assert len(set(meanings)) == len(meanings)  # one meaning per colour
    severities = [book[FINDINGS_SHEET].cell(row, 1).value
                  for row in range(head_row(book[FINDINGS_SHEET]) + 2,
                                   book[FINDINGS_SHEET].max_row + 1)]
    assert set(severities) == set(LABELS.values())


def test_the_copy_says_to_fix_the_file_that_was_sent_under_its_name(sent):
    _, _, book = sent
    told = "Fix your own file, MOH-action-plan.xlsx, and send it again under the same name"
    findings = book[FINDINGS_SHEET]
    assert told in " ".join(str(findings.cell(r, 1).value) for r in range(1, 6))
    assert told in book[layout.COVER_SHEET]["D1"].value
    assert "D1:D3" in {str(r) for r in book[layout.COVER_SHEET].merged_cells.ranges}
    assert "MOH-action-plan.xlsx itself" in findings.oddHeader.right.text


def test_a_copy_with_nothing_to_fix_says_so(tmp_path):
    path = filled_workbook(tmp_path / "MOH-action-plan.xlsx", [step(1)])
    report = check_workbook(read_workbook(path, PLAN), PLAN, AS_OF)
    assert not report.count(Severity.ERROR) and not report.count(Severity.WARNING)
    book = openpyxl.load_workbook(write_feedback(report, PLAN, tmp_path / "feedback"))
    assert book[FINDINGS_SHEET]["A3"].value.startswith("Nothing to fix: MOH-action-plan.xlsx")


def test_every_sheet_of_the_copy_prints_with_whose_feedback_it_is(sent):
    _, _, book = sent
    visible = [s for s in book.worksheets if s.sheet_state == "visible"]
    assert [s.title for s in visible] == [layout.COVER_SHEET, layout.INSTRUCTIONS_SHEET,
                                          layout.GOALS_SHEET, layout.ACTIONS_SHEET,
                                          FINDINGS_SHEET]
    for sheet in visible:
        assert "Feedback on MOH-action-plan.xlsx" in sheet.oddHeader.left.text, sheet.title
        assert "&P" in sheet.oddFooter.center.text, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    findings = book[FINDINGS_SHEET]
    assert findings.page_setup.orientation == "landscape"
    head = head_row(findings) + 1
    assert findings.print_title_rows == f"${head}:${head}"
    assert book[layout.GOALS_SHEET].print_title_rows


def test_the_action_plan_prints_the_officials_rows_not_the_blank_ones(sent):
    _, _, book = sent
    sheet = book[layout.ACTIONS_SHEET]
    last = int(sheet.print_area.rsplit("$", 1)[1])
    assert layout.FIRST_DATA_ROW + 2 <= last <= layout.FIRST_DATA_ROW + 6
    assert sheet.max_row > last + 100  # the template's blank rows are there, unprinted


def test_files_of_one_name_and_two_kinds_get_two_copies(tmp_path):
    report = check_workbook(read_workbook(filled_workbook(
        tmp_path / "MOH-action-plan.xlsx", [step(1)]), PLAN), PLAN, AS_OF)
    kinds = [Report(**{**report.__dict__, "path": tmp_path / name})
             for name in ("X.xlsx", "X.ods", "X.xlsm", "X.XLSX.ods", "X")]
    copies = write_feedback_copies(kinds, PLAN, tmp_path / "feedback")
    assert [p.name for p in copies.values()] == [
        "X-feedback.xlsx", "X-ods-feedback.xlsx", "X-xlsm-feedback.xlsx",
        "X.XLSX-ods-feedback.xlsx", "X-feedback-2.xlsx"]


def test_the_name_of_a_copy_does_not_depend_on_the_other_files_checked(tmp_path):
    report = Report("X.ods", tmp_path / "X.ods", None, "complete", 1.0, 0, [])
    assert feedback_path(report, tmp_path, set()).name == "X-ods-feedback.xlsx"


def same_findings(report: Report) -> set[tuple]:
    return {(f.code, f.severity, f.field, f.sheet, f.cell) for f in report.findings}


def test_checking_the_copy_finds_what_checking_the_sent_file_found(sent):
    report, copy, book = sent
    again = check_workbook(read_workbook(copy, PLAN), PLAN, AS_OF)
    assert (again.status, again.completeness) == (report.status, report.completeness)
    assert same_findings(again) == same_findings(report)
    date_cell = f"C{layout.cover_row('submitted_on')}"
    assert book[layout.COVER_SHEET][date_cell].value == "32/13/2027"  # kept as typed


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("M*.xlsx")
                                           if "annex" not in p.name))
def test_checking_a_samples_copy_judges_it_as_the_sample(sample, tmp_path):
    """Every sample: the same status and completeness, and (the files whose rows keep their
    numbers in the copy) the same findings on each row. Findings about a file's own layout
    (a renamed sheet, a moved column) do not carry to the copy, which has the template's."""
    report = check_workbook(read_workbook(SAMPLES / sample, PLAN), PLAN, AS_OF)
    copy = write_feedback(report, PLAN, tmp_path, generated_on=dt.date(2027, 9, 30))
    again = check_workbook(read_workbook(copy, PLAN), PLAN, AS_OF)
    assert (again.status, again.completeness) == (report.status, report.completeness)
    if report.workbook.header_row == layout.HEADER_ROW:
        assert on_rows(again) == on_rows(report)


def on_rows(report: Report) -> set[tuple]:
    """Findings on rows, but the notes of a dropdown value typed in another case: the copy
    writes each list value in the list's own spelling (in the workbook's language)."""
    return {(f.code, f.severity, f.field, f.row) for f in report.findings if f.row
            and not (f.code is Code.VALUE_REPAIRED and f.field in CHOICE_KEYS)}


def test_the_docs_name_each_severitys_colour_and_the_naming_scheme():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "feedback.md").read_text("utf-8")
    for severity, meaning in MEANINGS.items():
        colour = meaning.split(":")[0].lower()
        assert f"| {colour} | {LABELS[severity].lower()} |" in doc
    assert "`X-ods-feedback.xlsx`" in doc and "send it again under the same name" in doc
