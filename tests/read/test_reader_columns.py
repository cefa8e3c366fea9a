"""Columns inserted, deleted, reordered, retyped; tables made without the template."""

import datetime as dt

import openpyxl
import pytest

from actionbook import schema
from actionbook.errors import ReadError
from actionbook.findings import Severity
from actionbook.read.reader import read_workbook
from actionbook.schema import layout
from tests.support import fill

ROWS = [fill.good_row(1), fill.good_row(2)]


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("columns")
    return fill.fill(fill.template(folder), folder / "MOH.xlsx", ROWS)


def index(key: str) -> int:
    return schema.action_keys().index(key) + 1


def found(wb, code: str) -> list:
    return [f for f in wb.findings if f.code == code]


def assert_rows_read(wb, keys=schema.action_keys()):  # noqa: B008 - the schema's, fixed
    for key in keys:
        if key != "action_id":
            expected = [fill.good_row(n)[key] for n in (1, 2)]
            got = [v.date() if hasattr(v, "date") else v for v in wb.actions[key]]
            assert got == expected, key


def test_an_inserted_column_is_reported_and_the_rest_read(filled, tmp_path):
    def insert(book):
        sheet = book[layout.ACTIONS_SHEET]
        sheet.insert_cols(index("due_date"))
        sheet.cell(layout.HEADER_ROW, index("due_date")).value = "Our notes"
        sheet.cell(layout.FIRST_DATA_ROW, index("due_date")).value = "call the registry"
    wb = read_workbook(fill.change(filled, tmp_path / "inserted.xlsx", insert))
    assert_rows_read(wb)
    [unknown] = found(wb, "unknown-column")
    assert unknown.cell == f"{layout.template_column('due_date')}{layout.HEADER_ROW}"
    assert "Our notes" in unknown.message
    assert len(found(wb, "moved-column")) == 1
    assert wb.columns["due_date"] == layout.column_letter(index("due_date") + 1)


@pytest.mark.parametrize("key, severity", [("priority", Severity.INFO),
                                           ("barriers", Severity.WARNING),
                                           ("kpi", Severity.ERROR)])
def test_a_deleted_column_is_missing_with_the_columns_severity(filled, tmp_path, key, severity):
    out = fill.change(filled, tmp_path / "deleted.xlsx",
                      lambda book: book[layout.ACTIONS_SHEET].delete_cols(index(key)))
    wb = read_workbook(out)
    [missing] = found(wb, "missing-column")
    assert (missing.field, missing.severity) == (key, severity)
    assert schema.column(key).label in missing.message
    assert wb.actions[key].isna().all()
    assert_rows_read(wb, [k for k in schema.action_keys() if k != key])
    assert found(wb, "moved-column") == []


def test_reordered_columns_are_matched_by_their_keys(filled, tmp_path):
    out = fill.change(filled, tmp_path / "moved.xlsx", lambda book: fill.move_column(
        book[layout.ACTIONS_SHEET], index("status"), index("goal")))
    wb = read_workbook(out)
    assert_rows_read(wb)
    assert wb.columns["status"] == "B" and wb.columns["goal"] == "C"
    assert len(found(wb, "moved-column")) == 1


def test_retyped_headers_are_read_and_reported(filled, tmp_path):
    def retype(book):
        sheet = book[layout.ACTIONS_SHEET]
        sheet.cell(layout.HEADER_ROW, index("due_date")).value = "  by   WHEN? "
        sheet.cell(layout.HEADER_ROW, index("kpi")).value = "KPI"
    wb = read_workbook(fill.change(filled, tmp_path / "retyped.xlsx", retype))
    assert_rows_read(wb)
    assert sorted(f.field for f in found(wb, "renamed-column")) == ["due_date", "kpi"]


def test_without_the_key_row_headers_in_other_wording_are_matched(filled, tmp_path):
    aliases = {"due_date": "Deadline", "responsible": "Responsible person",
               "comm_frequency": "Frequency", "action_step": "ACTION STEP"}

    def retype(book):
        sheet = book[layout.ACTIONS_SHEET]
        for key, text in aliases.items():
            sheet.cell(layout.HEADER_ROW, index(key)).value = text
        sheet.delete_rows(layout.KEY_ROW)
    wb = read_workbook(fill.change(filled, tmp_path / "aliases.xlsx", retype))
    assert_rows_read(wb)
    assert sorted(f.field for f in found(wb, "renamed-column")) == sorted(aliases)


def test_a_repeated_column_is_reported_and_the_first_read(tmp_path):
    header = [*fill.headers("action_step", "responsible", "due_date"), "Action step"]
    path = fill.hand_made(tmp_path / "twice.xlsx", [header],
                          [["First", "Me", dt.date(2027, 3, 31), "Second"]])
    wb = read_workbook(path)
    assert wb.actions["action_step"].tolist() == ["First"]
    [duplicate] = found(wb, "duplicate-column")
    assert duplicate.cell == "D1" and duplicate.field == "action_step"


def test_no_recognisable_table_is_refused(tmp_path):
    path = fill.hand_made(tmp_path / "budget.xlsx", [["Item", "Amount"]], [["Laptops", 1200]])
    with pytest.raises(ReadError) as raised:
        read_workbook(path)
    assert raised.value.finding.code == "no-action-table"
    assert "budget.xlsx" in str(raised.value) and "\n" not in str(raised.value)


# --- a table made without the template, with the seed's headers ----------------------------

SEED_HEADER = ["Action Step", "By Whom", "By When", "Resources and Support Available Needed",
               "Potential Barriers or Resistance", "Communication Plan", None,
               "Key Performance Indicators (KPIs)"]
SEED_SUBHEADER = [None, None, None, None, None, "By Whom", "Target Audience", None]
SEED_ROW = ["Open a citizen portal", "Director of IT", "31/03/2027", "Budget line 4",
            "Legacy vendors", "Press office", "Citizens", "Visits per month"]


def seed_keys() -> list[str]:
    return ["action_step", "responsible", "due_date", "resources_needed", "barriers",
            "comm_by_whom", "comm_audience", "kpi"]


def test_the_seeds_two_row_header_is_read(tmp_path):
    path = fill.hand_made(tmp_path / "seed.xlsx", [SEED_HEADER, SEED_SUBHEADER], [SEED_ROW],
                          merges=["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:E2", "F1:G1", "H1:H2"])
    wb = read_workbook(path)
    assert wb.header_row == 2
    row = wb.actions.iloc[0]
    assert [row[k] for k in seed_keys() if k != "due_date"] == [
        v for k, v in zip(seed_keys(), SEED_ROW) if k != "due_date"]
    assert row["due_date"].date() == dt.date(2027, 3, 31)
    assert row["excel_row"] == 3
    [layout_finding] = found(wb, "unknown-layout")
    assert layout_finding.severity is Severity.WARNING
    assert {f.field for f in found(wb, "missing-column")} >= {"goal", "status", "action_id"}


def test_by_whom_twice_is_told_apart_by_order(tmp_path):
    header = fill.headers("action_step", "responsible", "due_date", "comm_by_whom")
    assert header[1] == header[3]  # the seed repeats "By Whom"
    path = fill.hand_made(tmp_path / "order.xlsx", [header],
                          [["Step", "Lead unit", dt.date(2027, 3, 31), "Press office"]])
    row = read_workbook(path).actions.iloc[0]
    assert (row["responsible"], row["comm_by_whom"]) == ("Lead unit", "Press office")


def test_by_whom_under_the_communication_group_is_the_communicator(tmp_path):
    # Only one "By Whom", under the Communication Plan group header: not the responsible.
    groups = [schema.ACTION_GROUP, schema.TIMEFRAME_GROUP, schema.COMMUNICATION_GROUP, None]
    header = fill.headers("action_step", "due_date", "comm_by_whom", "comm_audience")
    path = fill.hand_made(tmp_path / "group.xlsx", [groups, header],
                          [["Step", dt.date(2027, 3, 31), "Press office", "Citizens"]])
    row = read_workbook(path).actions.iloc[0]
    assert row["comm_by_whom"] == "Press office" and row["responsible"] is None


def test_a_combined_header_names_the_communicator(tmp_path):
    header = [*fill.headers("action_step", "due_date"), "Communication Plan - By Whom",
              schema.column("responsible").header]
    path = fill.hand_made(tmp_path / "combined.xlsx", [header],
                          [["Step", dt.date(2027, 3, 31), "Press office", "Lead unit"]])
    row = read_workbook(path).actions.iloc[0]
    assert (row["responsible"], row["comm_by_whom"]) == ("Lead unit", "Press office")


def test_a_header_written_as_the_columns_label_is_no_rename(tmp_path):
    # "Responsibility: By Whom" is how the reader's own messages name the column.
    header = [schema.column("action_step").header, schema.column("responsible").label,
              schema.column("due_date").header, schema.column("comm_by_whom").label,
              "responsibility: by whom"]
    path = fill.hand_made(tmp_path / "labels.xlsx", [header[:4]],
                          [["Step", "Lead unit", dt.date(2027, 3, 31), "Press office"]])
    wb = read_workbook(path)
    assert (wb.columns["responsible"], wb.columns["comm_by_whom"]) == ("B", "D")
    assert found(wb, "renamed-column") == []
    other_case = fill.hand_made(tmp_path / "case.xlsx", [[header[0], header[4], header[2]]],
                                [["Step", "Lead unit", dt.date(2027, 3, 31)]])
    [renamed] = found(read_workbook(other_case), "renamed-column")
    assert renamed.field == "responsible"


def test_the_question_row_under_the_headers_is_not_an_action(tmp_path):
    keys = ["action_step", "responsible", "due_date", "kpi"]
    questions = [schema.column(k).question for k in keys]
    path = fill.hand_made(tmp_path / "questions.xlsx", [fill.headers(*keys), questions],
                          [["Step", "Me", dt.date(2027, 3, 31), "Visits"]])
    wb = read_workbook(path)
    assert wb.actions["excel_row"].tolist() == [3]


def test_a_hand_made_cover_above_the_table_is_read_by_its_labels(tmp_path):
    owner, name = schema.cover_field("plan_owner"), schema.cover_field("ministry_name")
    above = [[f"{owner.label}:", "A. Mensah"], [name.label, "Ministry of Health"], []]
    path = fill.hand_made(tmp_path / "labels.xlsx",
                          [fill.headers("action_step", "responsible", "due_date")],
                          [["Step", "Me", dt.date(2027, 3, 31)]], above=above)
    wb = read_workbook(path)
    assert wb.cover["plan_owner"] == "A. Mensah"
    assert wb.cover["ministry_name"] == "Ministry of Health"
    assert wb.cover["ministry"] == "MOH"  # the roster's code for that name, and said so
    assert [f.field for f in found(wb, "value-repaired")] == ["ministry"]
    assert wb.cover_cells["plan_owner"] == "B1"
    assert wb.actions["excel_row"].tolist() == [5]


def test_a_label_and_value_in_one_cell_on_a_cover_sheet(tmp_path):
    path = fill.hand_made(tmp_path / "onecell.xlsx",
                          [fill.headers("action_step", "responsible", "due_date")],
                          [["Step", "Me", dt.date(2027, 3, 31)]])
    book = openpyxl.load_workbook(path)
    cover = book.create_sheet("Cover page", 0)
    cover["A2"] = f"{schema.cover_field('plan_owner').label}: A. Mensah"
    cover["A3"] = schema.cover_field("ministry").label
    cover["C3"] = "moh"
    book.save(path)
    wb = read_workbook(path)
    assert wb.cover["plan_owner"] == "A. Mensah" and wb.cover_sheet == "Cover page"
    assert wb.cover["ministry"] == "MOH" and wb.cover_cells["ministry"] == "C3"


def test_a_hand_made_table_without_cover_has_no_cover_values(tmp_path):
    path = fill.hand_made(tmp_path / "bare.xlsx",
                          [fill.headers("action_step", "responsible", "due_date")],
                          [["Step", "Me", dt.date(2027, 3, 31)]])
    wb = read_workbook(path)
    assert all(value is None for value in wb.cover.values())
    assert wb.cover_sheet is None and wb.cover_cells == {}


def test_a_blank_cover_value_does_not_take_the_next_label(tmp_path):
    owner, contact = schema.cover_field("plan_owner"), schema.cover_field("owner_contact")
    above = [[owner.label, None, contact.label, "a.mensah@health.example"], []]
    path = fill.hand_made(tmp_path / "blank-owner.xlsx",
                          [fill.headers("action_step", "responsible", "due_date")],
                          [["Step", "Me", dt.date(2027, 3, 31)]], above=above)
    wb = read_workbook(path)
    assert wb.cover["plan_owner"] is None
    assert wb.cover["owner_contact"] == "a.mensah@health.example"


def test_a_mapping_kept_for_the_next_workbook_of_the_template_is_read_anew_when_rows_differ(
        filled, tmp_path):
    from actionbook.read.columns import find_key_row, map_by_key_row

    def grid(book_path):
        sheet = openpyxl.load_workbook(book_path)[layout.ACTIONS_SHEET]
        return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]

    first = grid(filled)
    kept, again = (map_by_key_row(first, find_key_row(first)) for _ in range(2))
    assert again == kept and again is not kept and again.keys is not kept.keys
    again.keys.clear()
    assert map_by_key_row(first, find_key_row(first)) == kept
    # A renamed header under the same key row is matched again, not taken from the kept one.
    first[layout.HEADER_ROW - 1][index("kpi") - 1] = "Indicator we track"
    renamed = map_by_key_row(first, find_key_row(first))
    assert (index("kpi") - 1, "kpi") in renamed.renamed and renamed.renamed != kept.renamed
