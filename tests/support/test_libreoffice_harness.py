"""The LibreOffice harness does what other tests rely on, and records how LibreOffice behaves."""

import datetime
import os
import re
import signal
import zipfile

import openpyxl
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from tests.support import libreoffice
from tests.support.libreoffice import Calc, LibreOfficeError, convert

STATUSES = ["Not started", "In progress", "Done"]
SERIAL_2027_03_31 = 46477  # what Calc stores for 31 March 2027 (1900 date system)


def write_sample(path):
    """Plan: A dates (formatted), B general, C a status dropdown, D a live count."""
    workbook = xlsxwriter.Workbook(path)
    plan = workbook.add_worksheet("Plan")
    lists = workbook.add_worksheet("Lists")
    lists.write_column("A1", STATUSES)
    lists.hide()
    workbook.define_name("StatusList", "=Lists!$A$1:$A$3")
    plan.write_row("A1", ["Due", "Note", "Status"])
    iso_date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    plan.set_column("A:A", 12, iso_date)
    plan.write_datetime("A2", datetime.datetime(2026, 1, 15), iso_date)
    plan.data_validation("C2:C20", {"validate": "list", "source": "=StatusList"})
    plan.write_formula("D1", "=COUNTA(A2:A20)")  # cached result 0, as xlsxwriter writes it
    workbook.close()
    return path


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return write_sample(tmp_path_factory.mktemp("sample") / "sample.xlsx")


def calamine_rows(path, sheet):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def ods_content(path):
    with zipfile.ZipFile(path) as ods:
        return ods.read("content.xml").decode()


def test_require_libreoffice_skips_locally_when_missing(monkeypatch):
    monkeypatch.setattr(libreoffice, "missing_reason", lambda: "soffice is not on PATH")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="soffice is not on PATH"):
        libreoffice.require_libreoffice()


def test_require_libreoffice_fails_in_ci_when_missing(monkeypatch):
    monkeypatch.setattr(libreoffice, "missing_reason", lambda: "soffice is not on PATH")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must drive a real LibreOffice"):
        libreoffice.require_libreoffice()


def test_convert_refuses_to_overwrite_its_source(sample):
    with pytest.raises(ValueError, match="overwrite"):
        convert(sample, "xlsx", sample.parent)


@pytest.mark.libreoffice
def test_convert_to_xlsx_keeps_validation_defined_names_and_hidden_sheet(sample, tmp_path):
    converted = convert(sample, "xlsx", tmp_path)
    workbook = openpyxl.load_workbook(converted)
    assert len(workbook["Plan"].data_validations.dataValidation) == 1
    assert "StatusList" in workbook.defined_names
    assert workbook["Lists"].sheet_state == "hidden"


@pytest.mark.libreoffice
def test_convert_to_ods_keeps_validation_and_defined_names(sample, tmp_path):
    content = ods_content(convert(sample, "ods", tmp_path))
    assert content.count("<table:content-validation ") == 1
    assert re.search(r'<table:named-range table:name="StatusList"', content)


@pytest.mark.libreoffice
def test_convert_does_not_recalculate(sample, tmp_path):
    stale = convert(sample, "xlsx", tmp_path)
    assert calamine_rows(stale, "Plan")[0][3] == 0  # xlsxwriter's cached 0, though A2 is filled


@pytest.mark.libreoffice
def test_typed_iso_date_in_date_column_comes_back_as_a_date(calc, sample, tmp_path):
    out = calc.edit(sample, tmp_path / "out.xlsx", [("Plan", "A3", "2027-03-31")])
    assert calamine_rows(out, "Plan")[2][0] == datetime.date(2027, 3, 31)
    assert openpyxl.load_workbook(out)["Plan"]["A3"].value == datetime.datetime(2027, 3, 31)


@pytest.mark.libreoffice
def test_typed_date_in_general_cell_comes_back_as_a_serial_number(calc, sample, tmp_path):
    out = calc.edit(sample, tmp_path / "out.xlsx", [("Plan", "B2", "2027-03-31")])
    assert calamine_rows(out, "Plan")[1][1] == SERIAL_2027_03_31


@pytest.mark.libreoffice
def test_day_first_date_typed_through_set_formula_stays_text(calc, sample, tmp_path):
    out = calc.edit(sample, tmp_path / "out.xlsx", [("Plan", "A3", "31/03/2027")])
    assert calamine_rows(out, "Plan")[2][0] == "31/03/2027"


@pytest.mark.libreoffice
def test_ambiguous_date_typed_through_set_formula_is_read_month_first(calc, sample, tmp_path):
    out = calc.edit(sample, tmp_path / "out.xlsx", [("Plan", "A3", "03/04/2027")])
    assert calamine_rows(out, "Plan")[2][0] == datetime.date(2027, 3, 4)


@pytest.mark.libreoffice
def test_day_first_date_entered_in_a_british_calc_becomes_a_date(sample, tmp_path):
    with Calc(locale="en-GB") as british:
        typed = [("Plan", "A3", "31/03/2027"), ("Plan", "A4", "03/04/2027")]
        out = british.enter(sample, tmp_path / "out.xlsx", typed)
    assert calamine_rows(out, "Plan")[2][0] == datetime.date(2027, 3, 31)
    assert calamine_rows(out, "Plan")[3][0] == datetime.date(2027, 4, 3)


@pytest.mark.libreoffice
def test_number_typed_with_thousands_commas_comes_back_as_a_number(calc, sample, tmp_path):
    out = calc.edit(sample, tmp_path / "out.xlsx", [("Plan", "B3", "1,200,000")])
    assert calamine_rows(out, "Plan")[2][1] == 1_200_000


@pytest.mark.libreoffice
def test_plain_text_typed_stays_text(calc, sample, tmp_path):
    out = calc.edit(sample, tmp_path / "out.xlsx", [("Plan", "C2", "in progress")])
    assert calamine_rows(out, "Plan")[1][2] == "in progress"


@pytest.mark.libreoffice
def test_edit_to_ods_keeps_a_typed_date(calc, sample, tmp_path):
    out = calc.edit(sample, tmp_path / "out.ods", [("Plan", "A3", "2027-03-31")])
    assert calamine_rows(out, "Plan")[2][0] == datetime.date(2027, 3, 31)


@pytest.mark.libreoffice
def test_edit_stores_recalculated_formula_results(calc, sample, tmp_path):
    typed = [("Plan", "A3", "2027-03-31"), ("Plan", "A4", "x")]
    out = calc.edit(sample, tmp_path / "out.xlsx", typed)
    assert calamine_rows(out, "Plan")[0][3] == 3


@pytest.mark.libreoffice
def test_edit_never_writes_the_source(calc, sample, tmp_path):
    before = sample.read_bytes()
    calc.edit(sample, tmp_path / "out.xlsx", [("Plan", "A3", "2027-03-31")])
    assert sample.read_bytes() == before


@pytest.mark.libreoffice
def test_read_values_recalculates_a_stale_formula(calc, sample, tmp_path):
    stale = convert(sample, "xlsx", tmp_path)
    values = calc.read_values(stale, "Plan", ["A1", "A2", "D1", "E1"])
    assert values == {"A1": "Due", "A2": 46037.0, "D1": 1.0, "E1": None}


@pytest.mark.libreoffice
def test_validation_info_reads_the_dropdown_and_its_items(calc, sample):
    info = calc.validation_info(sample, "Plan", "C5")
    assert (info["type"], info["formula1"], info["items"]) == ("LIST", "StatusList", STATUSES)
    assert info["show_list"] != 0


@pytest.mark.libreoffice
def test_cell_without_validation_reads_as_any(calc, sample):
    assert calc.validation_info(sample, "Plan", "B5")["type"] == "ANY"


@pytest.mark.libreoffice
def test_insert_columns_shifts_cells_right(calc, sample, tmp_path):
    out = calc.insert_columns(sample, tmp_path / "out.xlsx", "Plan", 1, 2)
    assert calamine_rows(out, "Plan")[0][:5] == ["Due", "", "", "Note", "Status"]


@pytest.mark.libreoffice
def test_delete_rows_shifts_cells_up(calc, sample, tmp_path):
    out = calc.delete_rows(sample, tmp_path / "out.xlsx", "Plan", 0, 1)
    assert calamine_rows(out, "Plan")[0][0] == datetime.date(2026, 1, 15)


@pytest.mark.libreoffice
def test_rename_sheet(calc, sample, tmp_path):
    out = calc.rename_sheet(sample, tmp_path / "out.ods", "Plan", "My plan")
    assert CalamineWorkbook.from_path(str(out)).sheet_names == ["My plan", "Lists"]


@pytest.mark.libreoffice
def test_unknown_sheet_is_reported_by_name(calc, sample, tmp_path):
    with pytest.raises(LibreOfficeError, match="no sheet 'Nope'"):
        calc.edit(sample, tmp_path / "out.xlsx", [("Nope", "A1", "x")])


@pytest.mark.libreoffice
def test_calc_starts_a_new_soffice_when_its_soffice_died(sample, tmp_path):
    with Calc() as own:
        os.killpg(own._office.pid, signal.SIGKILL)
        own._office.wait()
        out = own.edit(sample, tmp_path / "out.xlsx", [("Plan", "B2", "after")])
    assert calamine_rows(out, "Plan")[1][1] == "after"
