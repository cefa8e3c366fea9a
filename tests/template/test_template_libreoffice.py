"""The template in a real LibreOffice: it survives a re-save, its dropdowns offer the plan's
values, it refuses dates outside the plan period, and its counter computes what the checks do."""

import datetime as dt

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils.datetime import to_excel

from actionbook import schema
from actionbook.plan import default_plan
from actionbook.schema import layout
from actionbook.template.workbook import completeness_counts, counter_text, write_template
from tests.support.libreoffice import convert

pytestmark = pytest.mark.libreoffice

PLAN = default_plan()
DAY = dt.date(2027, 1, 5)
DUE = f"{layout.template_column('due_date')}{layout.FIRST_DATA_ROW}"
COUNTER = f"{layout.COVER_VALUE_COLUMN}{layout.counter_row()}"


def cell(key, index=0):
    return f"{layout.template_column(key)}{layout.FIRST_DATA_ROW + index}"


@pytest.fixture(scope="module", params=["MOH", None], ids=["ministry", "generic"])
def resaved(request, tmp_path_factory):
    """(the template, the same workbook saved again by LibreOffice)."""
    folder = tmp_path_factory.mktemp("lo")
    original = write_template(PLAN, folder / "plan.xlsx", request.param, generated_on=DAY)
    return original, convert(original, "xlsx", folder / "saved")


def shape(path):
    workbook = openpyxl.load_workbook(path)
    return {
        "validations": sum(len(s.data_validations.dataValidation) for s in workbook),
        "names": sorted(n for n in workbook.defined_names if n.startswith("list_")),
        "hidden": sorted(s.title for s in workbook if s.sheet_state != "visible"),
        "protected": sorted(s.title for s in workbook if s.protection.sheet),
        "rules": sum(len(list(s.conditional_formatting)) for s in workbook),
    }


def test_libreoffice_keeps_validations_names_hidden_sheets_and_protection(resaved):
    original, saved = resaved
    assert shape(saved) == shape(original)
    assert shape(original)["hidden"] == [layout.LISTS_SHEET, layout.METADATA_SHEET]


def test_libreoffice_keeps_the_date_bounds_of_the_plan_period(resaved):
    _, saved = resaved
    sheet = openpyxl.load_workbook(saved)[layout.ACTIONS_SHEET]
    rule = next(r for r in sheet.data_validations.dataValidation if DUE in r.sqref)
    assert rule.type == "date" and rule.errorStyle in (None, "stop") and rule.showErrorMessage
    assert (float(rule.formula1), float(rule.formula2)) == (to_excel(PLAN.start),
                                                          to_excel(PLAN.end))


def test_a_due_date_outside_the_plan_period_is_refused(calc, resaved):
    _, saved = resaved
    rule = calc.validation_info(saved, layout.ACTIONS_SHEET, DUE)
    assert (rule["type"], rule["operator"]) == ("DATE", "BETWEEN")
    assert (float(rule["formula1"]), float(rule["formula2"])) == (to_excel(PLAN.start),
                                                                to_excel(PLAN.end))
    assert rule["show_error"] and rule["error_style"] == "STOP"
    assert "31 December 2029" in rule["error_message"]


@pytest.mark.parametrize("column", [c for c in schema.COLUMNS if c.choices], ids=lambda c: c.key)
def test_each_dropdown_offers_the_plans_values_in_libreoffice(calc, resaved, column):
    original, _ = resaved
    rule = calc.validation_info(original, layout.ACTIONS_SHEET, cell(column.key))
    assert rule["type"] == "LIST" and rule["error_style"] == "STOP"
    assert rule["items"] == list(PLAN.choices(column.choices))


def test_the_generic_cover_offers_the_roster_and_names_the_ministry_picked(calc, tmp_path):
    original = write_template(PLAN, tmp_path / "generic.xlsx", generated_on=DAY)
    ministry = f"{layout.COVER_VALUE_COLUMN}{layout.cover_row('ministry')}"
    name = f"{layout.COVER_VALUE_COLUMN}{layout.cover_row('ministry_name')}"
    assert calc.validation_info(original, layout.COVER_SHEET, ministry)["items"] == [
        m.code for m in PLAN.ministries]
    typed = calc.edit(original, tmp_path / "typed.xlsx", [(layout.COVER_SHEET, ministry, "MOE")])
    assert calc.read_values(typed, layout.COVER_SHEET, [name])[name] == "Ministry of Education"


PREFILL = pd.DataFrame([
    {"action_id": "MOH-001", "goal": "G1", "action_step": "Publish the service",
     "responsible": "Head of unit", "due_date": pd.Timestamp("2027-06-30"),
     "estimated_cost": 0.0, "status": "In progress", "kpi_target": "60%"},
    {"action_id": "MOH-002", "action_step": "Train staff", "barriers": "Workload",
     "comm_frequency": "Monthly"},
])


def test_libreoffice_shows_the_prefilled_counter_without_recalculating(calc, tmp_path):
    cover = {"plan_owner": "Dr A. Mensah"}
    path = write_template(PLAN, tmp_path / "p.xlsx", "MOH", generated_on=DAY, actions=PREFILL,
                          cover=cover)
    expected = counter_text(*completeness_counts(PREFILL, {**cover, "ministry": "MOH"}))
    saved = convert(path, "xlsx", tmp_path / "saved")  # a save, no recalculation
    cached = openpyxl.load_workbook(saved, data_only=True)[layout.COVER_SHEET][COUNTER].value
    assert cached == expected
    assert calc.read_values(path, layout.COVER_SHEET, [COUNTER])[COUNTER] == expected


def test_the_counter_follows_what_an_official_types(calc, tmp_path):
    path = write_template(PLAN, tmp_path / "p.xlsx", "MOH", generated_on=DAY, actions=PREFILL)
    typing = [(layout.ACTIONS_SHEET, cell("kpi", 0), "Share online"),
              (layout.ACTIONS_SHEET, cell("action_step", 2), "A third step"),
              (layout.ACTIONS_SHEET, cell("action_step", 1), ""),
              (layout.COVER_SHEET, f"C{layout.cover_row('plan_owner')}", "Dr A. Mensah")]
    typed = calc.edit(path, tmp_path / "typed.xlsx", typing)
    rows = [*PREFILL.to_dict("records"), {"action_step": "A third step"}]
    rows[0]["kpi"], rows[1]["action_step"] = "Share online", ""
    expected = completeness_counts(rows, {"ministry": "MOH", "plan_owner": "Dr A. Mensah"})
    assert calc.read_values(typed, layout.COVER_SHEET, [COUNTER])[COUNTER] == counter_text(
        *expected)
