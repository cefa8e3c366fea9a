"""A folder of submissions in English, French, Spanish and Arabic consolidates into one
plan: exact counts, list values in the plan's language, free text as submitted."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from actionbook.consolidation import workbook as report
from actionbook.consolidation.merge import consolidate
from actionbook.lang import translator
from actionbook.schema import layout
from actionbook.template.workbook import write_template
from tests.support.languages import LANGUAGE_OF, mixed_plan

AS_OF = dt.date(2027, 10, 1)
STATUSES = ("Completed", "In progress", "Completed")


def steps(code: str) -> list[dict]:
    return [{"goal": "G1", "action_step": f"{code} étape {n} / paso / خطوة",
             "responsible": "Unit", "start_date": dt.date(2027, 2, 1),
             "due_date": dt.date(2027, 6, 30), "resources_needed": "Staff",
             "resource_type": "Human Resources", "estimated_cost": 1000.0,
             "comm_by_whom": "Office", "comm_audience": "Public", "comm_frequency": "Monthly",
             "kpi": "Share", "kpi_target": "60%", "status": status, "priority": "High"}
            for n, status in enumerate(STATUSES, 1)]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Each of MDG (English), MOH (French), MOE (Spanish), MOF (Arabic) submits three steps,
    in a workbook that shows every list value in its own language."""
    folder = tmp_path_factory.mktemp("mixed")
    plan = mixed_plan()
    for code in LANGUAGE_OF:
        write_template(plan, folder / f"{code}-action-plan.xlsx", code,
                       generated_on=dt.date(2027, 1, 4), actions=steps(code),
                       cover={"plan_owner": "A. Owner", "owner_contact": "a@b.example",
                              "submitted_on": dt.date(2027, 9, 1)})
    return folder


def test_the_submissions_hold_their_own_language(folder):
    book = openpyxl.load_workbook(folder / "MOH-action-plan.xlsx")
    cells = [c.value for row in book[layout.ACTIONS_SHEET].iter_rows(layout.FIRST_DATA_ROW,
                                                                      layout.FIRST_DATA_ROW)
             for c in row]
    assert "Terminé" in cells and "Completed" not in cells


def test_a_mixed_folder_is_one_english_plan(folder):
    c = consolidate(folder, mixed_plan(), AS_OF, jobs=1)
    actions = c.actions
    assert len(actions) == 12 and sorted(set(actions["ministry"])) == sorted(LANGUAGE_OF)
    assert actions["status"].value_counts().to_dict() == {"Completed": 8, "In progress": 4}
    assert set(actions["resource_type"]) == {"Human Resources"}
    assert set(actions["comm_frequency"]) == {"Monthly"} and set(actions["goal"]) == {"G1"}
    assert "MOF étape 1 / paso / خطوة" in set(actions["action_step"])  # free text as typed
    ministries = c.by_ministry.set_index("ministry")
    assert [ministries.at[code, "Completed"] for code in LANGUAGE_OF] == [2, 2, 2, 2]
    assert c.findings.empty or "invalid-choice" not in set(c.findings["code"])


def test_a_french_plan_consolidates_the_same_folder_in_french(folder, tmp_path):
    plan = mixed_plan("fr")
    c = consolidate(folder, plan, AS_OF, jobs=1)
    t = translator("fr")
    done, going = t.pgettext("statuses", "Completed"), t.pgettext("statuses", "In progress")
    assert c.actions["status"].value_counts().to_dict() == {done: 8, going: 4}
    path = report.write_report(c, tmp_path / "consolidated.xlsx")
    sheet = openpyxl.load_workbook(path)["Actions"]
    values = {cell for row in sheet.iter_rows(values_only=True) for cell in row}
    assert {done, going, "Ressources humaines", "Mensuelle", "Haute"} <= values
    assert not {"Completed", "In progress", "Human Resources", "Monthly"} & values


def test_the_consolidation_names_the_sdgs_in_the_plan_language(folder):
    c = consolidate(folder, mixed_plan("es"), AS_OF, jobs=1)
    assert "Paz, justicia e instituciones sólidas" in set(c.by_sdg["sdg_name"])
    assert "16 Paz, justicia e instituciones sólidas" in c.by_goal["sdgs"].iloc[0]
