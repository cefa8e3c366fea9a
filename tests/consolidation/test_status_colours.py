"""One palette: every status is drawn in the colour of its meaning, in the template's status
cells and the consolidated workbook's charts, and a plan sets the meanings of its statuses."""

import dataclasses
import re
import zipfile

import openpyxl
import pytest

from actionbook.consolidation import workbook as report
from actionbook.consolidation.merge import consolidate
from actionbook.errors import PlanError
from actionbook.plan import default_plan_text, parse_plan
from actionbook.schema.colours import MEANING_COLOURS
from actionbook.template.workbook import write_template
from tests.consolidation.test_consolidate import AS_OF, PLAN, submit

AMBER = MEANING_COLOURS["at risk"]


def with_lists(extra: str):
    """The default plan with `extra` at its end (after its [lists] section)."""
    return parse_plan(default_plan_text() + "\n" + extra, "plan.toml")


def test_the_default_statuses_mean_what_the_brief_says_and_draw_its_colours():
    meanings = {s: PLAN.status_meaning(s) for s in PLAN.choices("statuses")}
    assert meanings == {"Not started": "on track", "In progress": "on track",
                        "Completed": "done", "Delayed": "late", "On hold": "at risk",
                        "Cancelled": "inactive"}


def test_the_default_plan_shows_the_status_meanings_it_has():
    text = default_plan_text()
    commented = text[text.index("# [lists.status_meanings]"):].replace("# ", "")
    assert with_lists(commented).status_meanings == PLAN.status_meanings


def test_a_plan_gives_its_own_statuses_their_meanings():
    plan = with_lists('[lists.status_meanings]\n"On hold" = "late"\n"in progress" = "at risk"\n')
    assert plan.status_meaning("On hold") == "late"
    assert plan.status_meaning("In progress") == "at risk"
    assert plan.status_meaning("Completed") == "done"  # not named: keeps its default


@pytest.mark.parametrize("table,key,word", [
    ('"Done" = "done"', "lists.status_meanings.Done", "not in lists.statuses"),
    ('"Delayed" = "red"', "lists.status_meanings.Delayed", '"late"'),
])
def test_a_wrong_status_meaning_is_a_one_line_error_naming_its_key(table, key, word):
    with pytest.raises(PlanError) as caught:
        with_lists(f"[lists.status_meanings]\n{table}\n")
    assert key in str(caught.value) and word in str(caught.value)
    assert "\n" not in str(caught.value)


def test_the_template_colours_each_status_cell_by_its_meaning(tmp_path):
    path = write_template(PLAN, tmp_path / "MOH.xlsx", "MOH")
    sheet = openpyxl.load_workbook(path)["Action Plan"]
    fills = {}
    for cf in sheet.conditional_formatting:
        for rule in cf.rules:
            if rule.type == "cellIs" and rule.operator == "equal":
                fills[rule.formula[0].strip('"')] = rule.dxf.fill.bgColor.rgb[-6:]
    expected = {s: MEANING_COLOURS[PLAN.status_meaning(s)].fill.lstrip("#")
                for s in PLAN.choices("statuses")}
    assert fills == expected


def test_the_status_chart_draws_each_status_in_the_colour_of_its_meaning(tmp_path):
    folder = tmp_path / "in"
    submit(folder, "MOH", AS_OF, count=6)
    plan = dataclasses.replace(PLAN, status_meanings={**PLAN.status_meanings,
                                                      "Not started": "at risk"})
    path = report.write_report(consolidate(folder, plan, AS_OF, jobs=1), tmp_path / "c.xlsx")
    with zipfile.ZipFile(path) as archive:
        xml = next(archive.read(n).decode() for n in archive.namelist()
                   if n.startswith("xl/charts/") and b"and status" in archive.read(n))
    series = re.findall(r"<c:ser>.*?</c:ser>", xml, re.S)
    drawn = {re.search(r"<c:f>'By Ministry'!\$(\w+)\$4</c:f>", s)[1]:
             re.search(r'<a:srgbClr val="(\w+)"', s)[1] for s in series}
    headers = {c.column_letter: c.value for c in openpyxl.load_workbook(path)["By Ministry"][4]}
    colours = {headers[letter]: colour for letter, colour in drawn.items()}
    expected = {s: MEANING_COLOURS[plan.status_meaning(s)].strong.lstrip("#").upper()
                for s in colours}
    assert colours == expected and colours["Not started"] == AMBER.strong.lstrip("#").upper()
