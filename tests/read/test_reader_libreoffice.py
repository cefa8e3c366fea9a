"""Workbooks filled and saved by a real LibreOffice, .xlsx and .ods, read back right."""


import pandas as pd
import pytest
import xlsxwriter

from actionbook import schema
from actionbook.findings import Severity
from actionbook.read.reader import read_workbook
from actionbook.schema import layout
from tests.support import fill
from tests.support.libreoffice import Calc, convert

pytestmark = pytest.mark.libreoffice

SHEET = layout.ACTIONS_SHEET
FIRST = layout.FIRST_DATA_ROW
FORMATS = ["xlsx", "ods"]


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    return fill.template(tmp_path_factory.mktemp("lo-template"))


def typing(rows: list[dict], first: int = FIRST) -> list[tuple[str, str, str]]:
    """(sheet, cell, text) for each value, as an official types it."""
    return [(SHEET, fill.cell(key, first + n), text)
            for n, row in enumerate(rows) for key, text in row.items()]


def cover_typing(**values) -> list[tuple[str, str, str]]:
    return [(layout.COVER_SHEET, f"{layout.COVER_VALUE_COLUMN}{layout.cover_row(key)}", text)
            for key, text in values.items()]


def notes(wb, key: str, row: int) -> list[str]:
    return [f.code for f in wb.findings if f.field == key and f.row == row]


OFFICIAL = [
    {"goal": "G2", "action_step": "Connect 200 rural schools", "responsible": "ICT Agency",
     "start_date": "2027-02-01", "due_date": "31/03/2027", "estimated_cost": "1,200,000",
     "resource_type": "Financial", "status": "in progress", "kpi_baseline": "25"},
    {"goal": "G3: Digital skills in the public service", "action_step": "Train clerks",
     "responsible": "HR", "due_date": "Q3 2027", "estimated_cost": "USD 5,000",
     "status": "Not started", "comm_frequency": "monthly"},
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_template_filled_in_libreoffice(calc, blank, tmp_path, fmt):
    out = calc.edit(blank, tmp_path / f"filled.{fmt}",
                    typing(OFFICIAL) + cover_typing(plan_owner="A. Mensah"))
    wb = read_workbook(out)
    first, second = wb.actions.iloc[0], wb.actions.iloc[1]
    assert wb.actions["excel_row"].tolist() == [FIRST, FIRST + 1]
    assert (first["goal"], second["goal"]) == ("G2", "G3")
    assert first["start_date"] == pd.Timestamp("2027-02-01")  # Calc made it a date
    assert notes(wb, "start_date", FIRST) == []
    assert first["due_date"] == pd.Timestamp("2027-03-31")  # en-US Calc kept it as text
    assert notes(wb, "due_date", FIRST) == ["value-repaired"]
    assert second["due_date"] == pd.Timestamp("2027-09-30")
    assert first["estimated_cost"] == 1_200_000.0  # Calc read the separators itself
    assert second["estimated_cost"] == 5000.0 and notes(wb, "estimated_cost", FIRST + 1) == [
        "value-repaired"]
    assert first["status"] == "In progress" and second["comm_frequency"] == "Monthly"
    assert first["kpi_baseline"] == "25"
    assert wb.cover["plan_owner"] == "A. Mensah" and wb.cover["ministry"] == "MOH"
    assert wb.metadata["template_id"] == schema.TEMPLATE_ID
    assert wb.example_row == layout.EXAMPLE_ROW


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_template_reshaped_in_libreoffice(calc, blank, tmp_path, fmt):
    due = schema.action_keys().index("due_date")
    priority = schema.action_keys().index("priority")
    steps = [("type", *step) for step in typing([{"action_step": "Step", "due_date": "2027-05-31",
                                                  "responsible": "Me"}])]
    steps += [("delete_columns", SHEET, priority, 1),
              ("insert_columns", SHEET, due, 1),
              ("type", SHEET, f"{layout.column_letter(due + 1)}{layout.HEADER_ROW}", "Notes"),
              ("type", SHEET, f"{layout.column_letter(due + 1)}{FIRST}", "ask the registry"),
              ("rename_sheet", SHEET, "Plan 2027")]
    wb = read_workbook(calc.apply(blank, tmp_path / f"reshaped.{fmt}", steps))
    assert wb.sheet == "Plan 2027"
    assert wb.actions.at[0, "due_date"] == pd.Timestamp("2027-05-31")
    assert wb.actions.at[0, "responsible"] == "Me"
    codes = {f.code: f for f in wb.findings}
    assert {"sheet-renamed", "unknown-column", "moved-column", "missing-column"} <= set(codes)
    assert codes["missing-column"].field == "priority"
    assert codes["missing-column"].severity is Severity.INFO
    assert "Notes" in codes["unknown-column"].message


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_formula_typed_in_libreoffice_gives_its_value(calc, blank, tmp_path, fmt):
    row = {"action_step": "Step", "estimated_cost": "=1000*12"}
    wb = read_workbook(calc.edit(blank, tmp_path / f"formula.{fmt}", typing([row])))
    assert wb.actions.at[0, "estimated_cost"] == 12000.0
    found = [f for f in wb.findings if f.field == "estimated_cost"]
    if fmt == "xlsx":  # .ods formulas are not looked for: the value is read all the same
        [note] = found
        assert note.code == "value-repaired" and "=1000*12" in note.message


def test_a_british_official_types_day_first_dates(blank, tmp_path):
    with Calc(locale="en-GB") as british:
        out = british.enter(blank, tmp_path / "british.xlsx",
                            typing([{"action_step": "Step", "due_date": "31/03/2027"}]))
    wb = read_workbook(out)
    assert wb.actions.at[0, "due_date"] == pd.Timestamp("2027-03-31")
    assert notes(wb, "due_date", FIRST) == []  # Calc stored a date: nothing to repair


def test_a_date_typed_in_a_general_column(calc, tmp_path):
    keys = ("action_step", "responsible", "due_date")
    path = fill.hand_made(tmp_path / "general.xlsx", [fill.headers(*keys)], [["Step", "Me"]])
    out = calc.edit(path, tmp_path / "typed.xlsx", [("Sheet1", "C2", "2027-03-31")])
    wb = read_workbook(out)
    assert wb.actions.at[0, "due_date"] == pd.Timestamp("2027-03-31")


@pytest.mark.parametrize("fmt", FORMATS)
def test_merged_cells_saved_by_libreoffice_are_reported(blank, tmp_path, fmt):
    rows = [fill.good_row(1), fill.good_row(2, responsible=None)]
    filled = fill.fill(blank, tmp_path / "merged.xlsx", rows)
    ref = f"{fill.cell('responsible', FIRST)}:{fill.cell('responsible', FIRST + 1)}"
    fill.change(filled, filled, lambda book: book[SHEET].merge_cells(ref))
    wb = read_workbook(convert(filled, fmt, tmp_path / "out"))
    [merged] = [f for f in wb.findings if f.code == "merged-cells"]
    assert ref in merged.message and merged.cell == fill.cell("responsible", FIRST)


@pytest.mark.parametrize("fmt", FORMATS)
def test_formatted_empty_rows_saved_by_libreoffice_cost_nothing(tmp_path, fmt):
    path = tmp_path / "formatted.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Plan")
    yellow = book.add_format({"bg_color": "yellow"})
    sheet.write_row(0, 0, fill.headers("action_step", "responsible", "due_date"))
    sheet.write_row(1, 0, ["Step", "Me", "2027-03-31"])
    for row in range(2, 10_000):
        sheet.write_blank(row, 0, None, yellow)
    book.close()
    wb = read_workbook(convert(path, fmt, tmp_path / "out"))
    assert wb.actions["excel_row"].tolist() == [2]
    assert wb.actions.at[0, "due_date"] == pd.Timestamp("2027-03-31")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_table_below_and_right_of_a1_keeps_its_cells(tmp_path, fmt):
    headers = [None, None, *fill.headers("action_step", "responsible", "due_date")]
    path = fill.hand_made(tmp_path / "low.xlsx", [headers],
                          [[None, None, "Step", "Me", "2027-03-31"]], above=[[], [], []])
    wb = read_workbook(convert(path, fmt, tmp_path / "out"))
    assert wb.header_row == 4 and wb.columns["action_step"] == "C"
    assert wb.actions["excel_row"].tolist() == [5]
    assert wb.cell("due_date", 5) == "E5"
