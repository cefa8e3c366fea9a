"""Reading a filled template back: the table, its types, provenance, cover and metadata."""

import datetime as dt

import pandas as pd
import pytest
import xlsxwriter

from actionbook import schema
from actionbook.plan import default_plan
from actionbook.read.reader import read_workbook
from actionbook.schema import layout
from actionbook.schema.examples import example_value
from tests.support import fill

OWNER = {"plan_owner": "A. Mensah", "owner_contact": "a.mensah@health.example"}


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    return fill.template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="module")
def filled(blank, tmp_path_factory):
    out = tmp_path_factory.mktemp("filled") / "MOH.xlsx"
    return fill.fill(blank, out, [fill.good_row(1), fill.good_row(2)], cover=OWNER)


def codes(wb) -> list[str]:
    return [f.code for f in wb.findings]


def test_a_filled_template_reads_as_its_rows(filled):
    wb = read_workbook(filled)
    assert len(wb.actions) == 2
    first = wb.actions.iloc[0]
    for key, value in fill.good_row(1).items():
        expected = pd.Timestamp(value) if isinstance(value, dt.date) else value
        assert first[key] == expected, key
    assert first["action_id"] == "MOH-001"


def test_columns_are_the_schema_keys_then_cover_then_provenance(filled):
    wb = read_workbook(filled)
    expected = [*schema.action_keys(), *schema.cover_keys(), *schema.PROVENANCE]
    assert list(wb.actions.columns) == expected
    assert list(wb.raw.columns) == list(schema.action_keys())
    assert wb.raw.index.equals(wb.actions.index)


def test_dtypes_are_explicit(filled):
    dtypes = read_workbook(filled).actions.dtypes
    assert dtypes["due_date"] == "datetime64[us]"
    assert dtypes["start_date"] == "datetime64[us]"
    assert dtypes["submitted_on"] == "datetime64[us]"
    assert dtypes["estimated_cost"] == "float64"
    assert dtypes["excel_row"] == "int64"
    for key in ("action_id", "goal", "action_step", "status", "kpi_baseline", "ministry",
                "source_file", "sheet"):
        assert dtypes[key] == object, key  # noqa: E721 - a dtype equals object, is not it


def test_blank_cells_are_none_nat_and_nan(blank, tmp_path):
    out = fill.fill(blank, tmp_path / "sparse.xlsx", [{"action_step": "Only this"}])
    row = read_workbook(out).actions.iloc[0]
    assert row["responsible"] is None
    assert pd.isna(row["due_date"]) and pd.isna(row["estimated_cost"])


def test_raw_holds_what_was_typed_as_text(filled):
    raw = read_workbook(filled).raw.iloc[0]
    assert raw["goal"] == default_plan().goal("G1").label
    assert raw["due_date"] == "2027-06-30"
    assert raw["estimated_cost"] == "120000"
    assert raw["barriers"] == "Clerks' workload"
    assert raw["supporting"] == "Civil Registry"


def test_provenance_names_the_file_sheet_and_excel_row(filled):
    wb = read_workbook(filled)
    assert wb.actions["source_file"].tolist() == ["MOH.xlsx", "MOH.xlsx"]
    assert wb.actions["sheet"].tolist() == [layout.ACTIONS_SHEET] * 2
    assert wb.actions["excel_row"].tolist() == [layout.FIRST_DATA_ROW, layout.FIRST_DATA_ROW + 1]
    assert wb.file == "MOH.xlsx" and wb.path == filled


def test_where_things_were_found(filled):
    wb = read_workbook(filled)
    assert wb.sheet == layout.ACTIONS_SHEET and wb.header_row == layout.HEADER_ROW
    assert wb.columns == {key: layout.template_column(key) for key in schema.action_keys()}
    assert wb.cell("due_date", 12) == f"{layout.template_column('due_date')}12"
    assert wb.cover_sheet == layout.COVER_SHEET


def test_the_cover_is_read_by_its_key_column(filled):
    wb = read_workbook(filled)
    assert wb.cover["plan_owner"] == "A. Mensah"
    assert wb.cover["ministry"] == "MOH"
    assert wb.cover["ministry_name"] == default_plan().ministry("MOH").name
    assert wb.cover["submitted_on"] is None
    ref = f"{layout.COVER_VALUE_COLUMN}{layout.cover_row('plan_owner')}"
    assert wb.cover_cells["plan_owner"] == ref
    assert (wb.actions["plan_owner"] == "A. Mensah").all()


def test_the_cover_date_is_a_date(blank, tmp_path):
    out = fill.fill(blank, tmp_path / "dated.xlsx", [fill.good_row()],
                    cover={"submitted_on": "15/03/2027"})
    wb = read_workbook(out)
    assert wb.cover["submitted_on"] == dt.date(2027, 3, 15)
    assert wb.actions["submitted_on"].iloc[0] == pd.Timestamp("2027-03-15")
    assert [f.field for f in wb.findings if f.code == "value-repaired"] == ["submitted_on"]


def test_metadata_is_read(filled):
    metadata = read_workbook(filled).metadata
    assert metadata["template_id"] == schema.TEMPLATE_ID
    assert metadata["ministry"] == "MOH"
    assert metadata["schema_version"] == str(schema.SCHEMA_VERSION)


def test_a_clean_filled_template_has_no_findings(blank, tmp_path):
    out = fill.fill(blank, tmp_path / "clean.xlsx", [fill.good_row()], cover=OWNER)
    fill.change(out, out, lambda book: book[layout.ACTIONS_SHEET].delete_rows(
        layout.EXAMPLE_ROW))
    assert read_workbook(out).findings == []


# --- rows --------------------------------------------------------------------------------


def test_blank_rows_in_the_middle_keep_excel_numbering(blank, tmp_path):
    first = layout.FIRST_DATA_ROW
    out = fill.fill(blank, tmp_path / "gaps.xlsx", [fill.good_row(1)])
    out = fill.fill(out, out, [fill.good_row(2)], first=first + 5)
    wb = read_workbook(out)
    assert wb.actions["excel_row"].tolist() == [first, first + 5]


def test_a_row_with_only_its_id_is_not_an_action(blank, tmp_path):
    out = fill.fill(blank, tmp_path / "ids.xlsx", [fill.good_row()])
    wb = read_workbook(out)
    assert len(wb.actions) == 1  # the template's 150 numbered rows are not actions


def test_whitespace_only_cells_are_blank(blank, tmp_path):
    out = fill.fill(blank, tmp_path / "spaces.xlsx", [{"action_step": " \u00a0 ", "kpi": "  "}])
    assert read_workbook(out).actions.empty


def test_the_templates_own_example_row_is_dropped_without_a_finding(blank, tmp_path):
    # The template locks it: an official can neither change nor delete it.
    out = fill.fill(blank, tmp_path / "example.xlsx", [fill.good_row()])
    wb = read_workbook(out)
    assert layout.EXAMPLE_ID not in wb.actions["action_id"].tolist()
    assert wb.example_row == layout.EXAMPLE_ROW
    assert "example-row-left" not in codes(wb)


def example_cells(plan=None) -> dict:
    plan = plan or default_plan()
    return {col.key: fill.typed(example_value(col, plan), col.key) for col in schema.COLUMNS
            if col.key != "action_id"}


def test_a_copy_of_the_example_pasted_into_the_data_rows_is_dropped_and_reported(blank, tmp_path):
    rows = [fill.good_row(1), {"action_id": layout.EXAMPLE_ID, **example_cells()}, fill.good_row(3)]
    wb = read_workbook(fill.fill(blank, tmp_path / "pasted.xlsx", rows, raw=True))
    pasted = layout.FIRST_DATA_ROW + 1
    assert wb.actions["excel_row"].tolist() == [layout.FIRST_DATA_ROW, layout.FIRST_DATA_ROW + 2]
    [finding] = [f for f in wb.findings if f.code == "example-row-left"]
    assert (finding.cell, finding.row) == (f"A{pasted}", pasted)


def test_the_example_row_of_a_hand_made_table_is_reported(tmp_path):
    keys = schema.action_keys()[1:]
    example = example_cells()
    path = fill.hand_made(tmp_path / "own.xlsx", [fill.headers(*keys)],
                          [[example[key] for key in keys], [fill.good_row()[key] for key in keys]])
    wb = read_workbook(path)
    [finding] = [f for f in wb.findings if f.code == "example-row-left"]
    assert finding.row == 2 and len(wb.actions) == 1


def test_an_example_row_typed_over_is_a_real_action(blank, tmp_path):
    out = fill.fill(blank, tmp_path / "over.xlsx", [{"action_step": "Our own first step"}],
                    first=layout.EXAMPLE_ROW)
    wb = read_workbook(out)
    assert wb.example_row is None and "example-row-left" not in codes(wb)
    assert wb.actions["action_step"].tolist() == ["Our own first step"]
    assert wb.actions["excel_row"].tolist() == [layout.EXAMPLE_ROW]


def test_thousands_of_formatted_empty_rows_cost_nothing(tmp_path):
    path = tmp_path / "formatted.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Plan")
    for col, key in enumerate(("action_step", "responsible", "due_date")):
        sheet.write(0, col, schema.column(key).header)
        sheet.write(1, col, "x" if key != "due_date" else "2027-03-31")
    yellow = book.add_format({"bg_color": "yellow", "border": 1})
    for row in range(2, 20_000):
        sheet.set_row(row, 15, yellow)
        sheet.write_blank(row, 0, None, yellow)
    book.close()
    wb = read_workbook(path)
    assert wb.actions["excel_row"].tolist() == [2]


def test_excel_rows_stay_true_when_the_sheet_starts_below_row_1(tmp_path):
    path = fill.hand_made(tmp_path / "low.xlsx", [fill.headers("action_step", "responsible",
                                                               "due_date")],
                          [["Step", "Me", dt.date(2027, 3, 31)]], above=[[], [], []])
    wb = read_workbook(path)
    assert wb.header_row == 4
    assert wb.actions["excel_row"].tolist() == [5]
    assert wb.cell("action_step", 5) == "A5"


def test_columns_starting_right_of_a_keep_their_letters(tmp_path):
    path = fill.hand_made(tmp_path / "right.xlsx",
                          [[None, None, *fill.headers("action_step", "responsible", "due_date")]],
                          [[None, None, "Step", "Me", dt.date(2027, 3, 31)]])
    wb = read_workbook(path)
    assert wb.columns["action_step"] == "C"
    [finding] = [f for f in wb.findings if f.code == "missing-column" and f.field == "goal"]
    assert finding.severity.value == "error"


# --- metadata findings ---------------------------------------------------------------------


def with_metadata(src, out, **values):
    def change(book):
        sheet = book[layout.METADATA_SHEET]
        for row in sheet.iter_rows():
            if row[0].value in values:
                row[1].value = values[row[0].value]
    return fill.change(src, out, change)


def test_an_older_template_is_read_and_reported(filled, tmp_path):
    out = with_metadata(filled, tmp_path / "old.xlsx", schema_version="0")
    wb = read_workbook(out)
    assert len(wb.actions) == 2
    [finding] = [f for f in wb.findings if f.code == "outdated-template"]
    assert "version 0" in finding.message


def test_a_workbook_of_another_cycle_is_reported(filled, tmp_path):
    out = with_metadata(filled, tmp_path / "cycle.xlsx", plan_cycle="2026 annual review")
    assert "other-cycle" in codes(read_workbook(out))


def test_metadata_from_custom_properties_when_the_sheet_is_gone(filled, tmp_path):
    out = fill.change(filled, tmp_path / "nometa.xlsx",
                      lambda book: book.remove(book[layout.METADATA_SHEET]))
    wb = read_workbook(out)
    assert wb.metadata.get("template_id") == schema.TEMPLATE_ID
    assert "unknown-layout" not in codes(wb)


def test_a_renamed_action_sheet_is_found_by_its_key_row(filled, tmp_path):
    def rename(book):
        book[layout.ACTIONS_SHEET].title = "Plan de acción"
    wb = read_workbook(fill.change(filled, tmp_path / "renamed.xlsx", rename))
    assert wb.sheet == "Plan de acción" and len(wb.actions) == 2
    [finding] = [f for f in wb.findings if f.code == "sheet-renamed"]
    assert finding.sheet == "Plan de acción"


def test_a_renamed_sheet_without_key_row_is_found_by_its_headers(filled, tmp_path):
    def rename_and_drop_keys(book):
        sheet = book[layout.ACTIONS_SHEET]
        sheet.title = "Our plan"
        sheet.delete_rows(layout.KEY_ROW)
    wb = read_workbook(fill.change(filled, tmp_path / "nokeys.xlsx", rename_and_drop_keys))
    assert wb.sheet == "Our plan" and len(wb.actions) == 2
    assert wb.actions["excel_row"].tolist() == [layout.FIRST_DATA_ROW - 1, layout.FIRST_DATA_ROW]
    assert "sheet-renamed" in codes(wb) and "unknown-layout" not in codes(wb)


def test_a_macro_enabled_workbook_is_read(filled, tmp_path):
    from actionbook.safety.preflight import detect_format

    xlsm = fill.as_xlsm(filled, tmp_path / "MOH.xlsm")
    assert detect_format(xlsm) == "xlsm"
    wb = read_workbook(xlsm)
    assert len(wb.actions) == 2 and wb.file == "MOH.xlsm"
    assert wb.actions["source_file"].tolist() == ["MOH.xlsm"] * 2


def test_frames_are_the_same_without_pandas_block_api(filled, monkeypatch):
    from actionbook.read import rows

    fast = read_workbook(filled)
    monkeypatch.setattr(rows, "create_dataframe_from_blocks", None)  # pandas before 3.0
    slow = read_workbook(filled)
    pd.testing.assert_frame_equal(fast.actions, slow.actions)
    pd.testing.assert_frame_equal(fast.raw, slow.raw)


def test_an_empty_table_gives_empty_frames_with_every_column(blank):
    wb = read_workbook(blank)
    assert wb.actions.empty and wb.raw.empty
    assert list(wb.actions.columns) == [*schema.action_keys(), *schema.cover_keys(),
                                        *schema.PROVENANCE]
    assert wb.actions.dtypes["due_date"] == "datetime64[us]"


def test_raw_made_when_first_asked_for_matches_the_typed_cells_and_survives_pickling(filled):
    import pickle

    wb = read_workbook(filled)
    keys, cells = wb.typed_cells()
    copy = pickle.loads(pickle.dumps(wb))
    pd.testing.assert_frame_equal(copy.raw, wb.raw)
    assert keys == list(wb.raw.columns)
    assert (cells == wb.raw.to_numpy(dtype=object)).all()


def test_an_example_row_remembered_from_one_workbook_decides_only_the_same_cells(blank, tmp_path):
    # Rows are remembered by their cells (and the cells' types: True == 1, yet they differ).
    example = fill.fill(blank, tmp_path / "example.xlsx", [fill.good_row()])
    over = fill.fill(blank, tmp_path / "over.xlsx", [{"action_step": "Our own first step"}],
                     first=layout.EXAMPLE_ROW)
    assert [read_workbook(path).example_row for path in (example, over, example)] == \
        [layout.EXAMPLE_ROW, None, layout.EXAMPLE_ROW]
