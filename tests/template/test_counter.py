"""The cover's counter without a spreadsheet: its blank rule, its problems counted in Python
for the cached values, and the formulas' shape (tests/template/test_counter_libreoffice.py
runs them in LibreOffice)."""

import datetime as dt

import pandas as pd
import pytest

from actionbook.plan import default_plan
from actionbook.schema.rules import INVISIBLE, holding, is_blank
from actionbook.template import counter

PLAN = default_plan()


@pytest.mark.parametrize("text", ["\u00a0", "\u200b", " \u3000\t\n", "\ufeff\u2060", "\u202f"])
def test_invisible_characters_alone_are_blank_for_check_and_counter(text):
    assert is_blank(text) and not holding([text])[0]
    assert not is_blank(f"{text}x{text}") and holding([f"{text}x"])[0]


def test_the_counters_blank_formula_takes_out_every_invisible_character():
    formula = counter.visible("A1")
    for char in INVISIBLE:
        assert (f"CHAR({ord(char)})" if ord(char) < 32 else f'"{char}"') in formula
    assert formula.count("SUBSTITUTE(") == len(INVISIBLE)


def row(**values):
    good = {"goal": "G1", "action_step": "Train staff", "status": "In progress",
            "start_date": dt.date(2027, 2, 1), "due_date": dt.date(2027, 6, 30),
            "estimated_cost": 100}
    return {**good, **values}


def problems(rows, cover=None):
    return {k: v for k, v in counter.visible_problems(PLAN, rows, cover or {}).items() if v}


def test_a_good_row_has_no_problem_the_workbook_can_see():
    assert problems([row(), row(action_step="Other", goal=PLAN.goals[1].label)]) == {}


@pytest.mark.parametrize("values, kind", [
    ({"status": "Almost"}, "status"), ({"goal": "G9"}, "goal"),
    ({"due_date": "soon"}, "due_date"), ({"estimated_cost": -1}, "estimated_cost"),
    ({"estimated_cost": "lots"}, "estimated_cost"),
    ({"start_date": dt.date(2027, 7, 1)}, "end_before_start"),
])
def test_each_problem_the_formulas_count_is_counted_in_python(values, kind):
    assert problems([row(**values)]) == {kind: 1}


def test_a_repeated_step_counts_once_however_it_is_spaced_or_cased():
    rows = [row(), row(action_step=" TRAIN\u00a0 staff "), row(action_step="Train more")]
    assert problems(rows) == {"repeated_action_step": 1}


def test_blanks_of_every_kind_are_no_problem():
    assert problems([row(status=None, estimated_cost=float("nan"), due_date=pd.NaT,
                         priority="\u200b")]) == {}


def test_a_cover_date_that_is_not_one_is_a_problem():
    assert problems([row()], {"submitted_on": "last week"}) == {"submitted_on": 1}
