"""The consolidated workbook: sheets, tables, charts, formats, safety and the atomic write."""

import datetime as dt
import os
import zipfile

import openpyxl
import pandas as pd
import pytest

from actionbook.consolidation import workbook as report
from actionbook.consolidation.merge import consolidate
from actionbook.consolidation.sheets import SHEETS
from actionbook.errors import OutputError
from tests.consolidation.test_consolidate import AS_OF, PLAN, submit

INJECTIONS = ('=HYPERLINK("http://evil.example","click")', "+1", "-1", "@SUM(A1:A2)",
              "http://evil.example/x", "=1+1")


@pytest.fixture(scope="module")
def consolidation(tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    submit(folder, "MOH", AS_OF, count=4)
    submit(folder, "MOE", AS_OF, count=3)
    return consolidate(folder, PLAN, AS_OF, jobs=1)


@pytest.fixture(scope="module")
def workbook(consolidation, tmp_path_factory):
    path = report.write_report(consolidation, tmp_path_factory.mktemp("out") / "c.xlsx")
    return path, openpyxl.load_workbook(path)


def test_sheets_come_in_the_order_of_the_issue(workbook):
    _, book = workbook
    assert book.sheetnames == list(SHEETS)
    assert book.active.title == "Summary"


def test_actions_are_an_excel_table_with_typed_dates_and_numbers(workbook, consolidation):
    _, book = workbook
    sheet = book["Actions"]
    [table] = sheet.tables.values()
    first, last = table.ref.split(":")
    assert first == "A4"
    assert int("".join(filter(str.isdigit, last))) == 4 + len(consolidation.actions)
    headers = [cell.value for cell in sheet[4]]
    due = sheet.cell(5, headers.index("By When") + 1)
    cost = sheet.cell(5, headers.index("Estimated cost") + 1)
    assert due.is_date and due.value.date() == consolidation.actions["due_date"].iloc[0].date()
    assert cost.data_type == "n" and cost.number_format == '"USD "#,##0'  # the plan's currency
    assert sheet.freeze_panes == "D5"


def test_every_data_sheet_has_frozen_headers_print_setup_and_a_table(workbook):
    _, book = workbook
    for name in SHEETS[1:]:
        sheet = book[name]
        assert sheet.freeze_panes is not None, name
        assert sheet.tables, name
        assert sheet.print_title_rows == "$4:$4", name
        assert sheet.page_setup.orientation == "landscape", name


def test_summary_has_four_native_charts_and_the_headline_figures(workbook, consolidation):
    path, book = workbook
    with zipfile.ZipFile(path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 4
    values = {row[0].value: row[1].value for row in book["Summary"].iter_rows(min_row=4)
              if row[0].value}
    assert values["Ministries that submitted"] == 2
    assert values["Ministries missing"] == len(PLAN.ministries) - 2
    assert values["Steps in the plan"] == 7


def test_the_timeline_is_a_heat_map(workbook):
    _, book = workbook
    rules = [rule for cf in book["Timeline"].conditional_formatting for rule in cf.rules]
    assert [rule.type for rule in rules] == ["colorScale"]


def test_the_workbook_is_byte_identical_run_to_run(consolidation, tmp_path):
    first = report.write_report(consolidation, tmp_path / "a.xlsx").read_bytes()
    second = report.write_report(consolidation, tmp_path / "b.xlsx").read_bytes()
    assert first == second


def test_the_workbook_gets_ordinary_file_permissions(consolidation, tmp_path):
    path = report.write_report(consolidation, tmp_path / "c.xlsx")
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_crash_while_writing_leaves_the_previous_workbook_untouched(consolidation, tmp_path,
                                                                      monkeypatch):
    target = tmp_path / "consolidated.xlsx"
    target.write_bytes(b"last week's workbook")

    def crash(*args):
        raise RuntimeError("power cut")

    monkeypatch.setattr(report, "write_sheets", crash)
    with pytest.raises(RuntimeError):
        report.write_report(consolidation, target)
    assert target.read_bytes() == b"last week's workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["consolidated.xlsx"]


def test_a_crash_while_writing_leaves_no_workbook_at_all(consolidation, tmp_path, monkeypatch):
    def crash(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "write_sheets", crash)
    with pytest.raises(KeyboardInterrupt):
        report.write_report(consolidation, tmp_path / "consolidated.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_an_output_folder_that_does_not_exist_is_made(consolidation, tmp_path):
    assert report.write_report(consolidation, tmp_path / "new" / "c.xlsx").is_file()


def test_an_output_that_cannot_be_written_is_an_output_error(consolidation, tmp_path):
    (tmp_path / "a-file").write_bytes(b"")
    with pytest.raises(OutputError, match="cannot be written"):
        report.write_report(consolidation, tmp_path / "a-file" / "c.xlsx")


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    """A submission whose text cells hold formulas, links and signs, consolidated."""
    folder = tmp_path_factory.mktemp("injected")
    path = folder / "MOH-action-plan.xlsx"
    from actionbook.template.workbook import write_template

    rows = [{"goal": "G1", "action_step": text, "responsible": text, "due_date": AS_OF,
             "status": "In progress"} for text in INJECTIONS]
    write_template(PLAN, path, "MOH", generated_on=AS_OF, actions=rows,
                   cover={"plan_owner": "=cmd|' /C calc'!A0"})
    c = consolidate(folder, PLAN, AS_OF, jobs=1)
    out = tmp_path_factory.mktemp("out")
    return c, report.write_report(c, out / "c.xlsx"), report.write_exports(c, out / "export")


def test_submitted_formulas_and_links_arrive_as_text(injected):
    c, path, _ = injected
    assert c.actions["action_step"].tolist() == list(INJECTIONS)
    sheet = openpyxl.load_workbook(path)["Actions"]
    headers = [cell.value for cell in sheet[4]]
    column = headers.index("Action Step") + 1
    cells = [sheet.cell(row, column) for row in range(5, 5 + len(INJECTIONS))]
    assert [cell.value for cell in cells] == list(INJECTIONS)
    assert {cell.data_type for cell in cells} == {"s"}
    assert not sheet._hyperlinks
    submissions = openpyxl.load_workbook(path)["Submissions"]
    headers = [cell.value for cell in submissions[4]]
    row = next(r for r in range(5, submissions.max_row + 1)
               if submissions.cell(r, headers.index("File") + 1).value)
    owner = submissions.cell(row, headers.index("Plan owner") + 1)
    assert (owner.data_type, owner.value) == ("s", "=cmd|' /C calc'!A0")


def test_the_workbook_holds_no_formula_at_all(injected):
    _, path, _ = injected
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets)


def test_csv_exports_defuse_text_a_spreadsheet_would_run(injected):
    _, _, exports = injected
    actions = pd.read_csv(next(p for p in exports if p.name == "actions.csv"), dtype=str)
    steps = actions["action_step"].tolist()
    assert steps == ["'" + text if text[0] in "=+-@" else text for text in INJECTIONS]
    assert actions["plan_owner"].iloc[0] == "'=cmd|' /C calc'!A0"


def test_exports_have_every_table_with_schema_keys_as_columns(injected):
    c, _, exports = injected
    names = {p.name for p in exports}
    assert {f"{name}.csv" for name in c.tables()} <= names
    assert {f"{name}.parquet" for name in c.tables()} <= names  # pyarrow is installed here
    actions = pd.read_parquet(next(p for p in exports if p.name == "actions.parquet"))
    assert list(actions.columns) == [*c.actions.columns, "currency"]  # the plan's, for costs


def test_an_output_inside_the_folder_that_is_a_submission_is_refused(tmp_path):
    path = submit(tmp_path, "MOH", AS_OF)
    before = path.read_bytes()
    with pytest.raises(OutputError, match="not a consolidated workbook"):
        report.consolidate_folder(tmp_path, path, PLAN, AS_OF, jobs=1)
    assert path.read_bytes() == before


def test_an_earlier_consolidated_workbook_in_the_folder_is_replaced_not_read(tmp_path):
    submit(tmp_path, "MOH", AS_OF)
    output = tmp_path / "consolidated.xlsx"
    report.consolidate_folder(tmp_path, output, PLAN, AS_OF, jobs=1)
    written = report.consolidate_folder(tmp_path, output, PLAN, AS_OF, jobs=1)
    assert written.consolidation.submissions["file"].dropna().tolist() == [
        "MOH-action-plan.xlsx"]
    assert report.is_consolidated(output)


def test_writing_pauses_garbage_collection_and_restores_it(consolidation, tmp_path,
                                                           monkeypatch):
    import gc

    seen = []
    monkeypatch.setattr(report, "write_sheets", lambda *args: seen.append(gc.isenabled()))
    report.write_report(consolidation, tmp_path / "c.xlsx")
    assert seen == [False]
    assert gc.isenabled()


def test_a_date_typed_centuries_ahead_is_consolidated_as_typed(tmp_path):
    """A slip of the keyboard (2300 for 2030) is the check's to report, not a crash: dates
    are kept in microseconds, which hold Excel's whole range, as the reader keeps them."""
    path = submit(tmp_path / "in", "MOH", AS_OF, count=2)
    book = openpyxl.load_workbook(path)
    book["Action Plan"]["G7"] = dt.datetime(2300, 1, 1)
    book.save(path)
    written = report.consolidate_folder(tmp_path / "in", tmp_path / "c.xlsx", PLAN, AS_OF)
    assert written.consolidation.actions["due_date"].iloc[0] == pd.Timestamp(2300, 1, 1)
    assert "date-outside-plan" in set(written.consolidation.findings["code"])
    actions = openpyxl.load_workbook(written.workbook)["Actions"]
    due = [cell.value for cell in actions["H"][4:6]]
    assert due[0] == dt.datetime(2300, 1, 1) and due[1].year < 2100


def test_the_workbook_carries_the_plan_it_was_consolidated_with(workbook):
    from actionbook.read.xlsx_extras import custom_properties
    from actionbook.schema import layout

    properties = custom_properties(workbook[0])
    assert properties[layout.PLAN] == PLAN.title
    assert properties[layout.PLAN_ID] == PLAN.fingerprint
