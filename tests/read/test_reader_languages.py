"""Reading in any language: headers, questions and list values of every shipped language,
read into the plan's own values; dates and numbers as each language types them."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from babel.dates import get_month_names
from babel.numbers import get_decimal_symbol

from actionbook import schema
from actionbook.lang import DECIMAL_MARKS, SHIPPED, translator
from actionbook.read.dates import parse_date
from actionbook.read.reader import read_workbook
from actionbook.read.values import parse_number
from actionbook.schema import vocabulary
from actionbook.schema.wording import question_text
from tests.support import fill
from tests.support.languages import mixed_plan

PLAN = mixed_plan()
FIRST = 7  # the template's first data row


def typed_row(language: str, **more) -> dict:
    t = translator(language)
    row = {"goal": PLAN.goals[0].label_in(language), "action_step": "Étape",
           "responsible": "Unité", "resource_type": t.pgettext("resource_types", "Other"),
           "status": t.pgettext("statuses", "Completed"),
           "comm_frequency": t.pgettext("cadences", "Monthly"),
           "priority": t.pgettext("priorities", "High"), "due_date": dt.date(2028, 3, 31)}
    return {**row, **more}


def read_typed(tmp_path, code: str, row: dict, plan=PLAN):
    blank = fill.template(tmp_path, f"{code}.xlsx", plan, code)
    return read_workbook(fill.fill(blank, tmp_path / f"{code}-filled.xlsx", [row], raw=True),
                         plan)


def codes(wb, field: str) -> list[str]:
    return [f.code for f in wb.findings if f.field == field]


@pytest.mark.parametrize(("code", "language"), [("MOH", "fr"), ("MOE", "es"), ("MOF", "ar")])
def test_list_values_and_goals_are_read_into_the_plan_values(tmp_path, code, language):
    wb = read_typed(tmp_path, code, typed_row(language))
    action = wb.actions.iloc[0]
    assert (action["goal"], action["status"], action["resource_type"]) == ("G1", "Completed",
                                                                          "Other")
    assert (action["comm_frequency"], action["priority"]) == ("Monthly", "High")
    assert [f for f in wb.findings if f.field in ("goal", "status", "priority")] == []
    assert wb.language == language


@pytest.mark.parametrize(("code", "typed", "due"), [
    ("MOH", "31 mars 2028", dt.date(2028, 3, 31)),
    ("MOH", "1er avril 2028", dt.date(2028, 4, 1)),
    ("MOE", "marzo de 2028", dt.date(2028, 3, 31)),
    ("MOE", "15 de marzo de 2028", dt.date(2028, 3, 15)),
    ("MOF", "١٥ مارس ٢٠٢٨", dt.date(2028, 3, 15)),  # noqa: RUF001 (Arabic-Indic digits on purpose)
    ("MOF", "15 آذار 2028", dt.date(2028, 3, 15)),
    ("MOF", "١٥/٠٣/٢٠٢٨", dt.date(2028, 3, 15)),  # noqa: RUF001 (Arabic-Indic digits on purpose)
])
def test_text_dates_are_read_as_each_language_types_them(tmp_path, code, typed, due):
    wb = read_typed(tmp_path, code, typed_row("en", due_date=typed))
    assert wb.actions.iloc[0]["due_date"] == pd.Timestamp(due)
    assert codes(wb, "due_date") == ["value-repaired"]


@pytest.mark.parametrize(("code", "typed", "cost"), [
    ("MOH", "1 200 000,50", 1_200_000.5),
    ("MOH", "1\u202f200\u202f000", 1_200_000),
    ("MOH", "1,200", 1.2),  # a French decimal comma
    ("MOH", "1.200", 1200),  # a French thousands point
    ("MOE", "1.200.000,50", 1_200_000.5),
    ("MOE", "1,200", 1.2),
    ("MDG", "1,200", 1200),  # English: thousands
    ("MOF", "١٬٢٠٠٬٠٠٠", 1_200_000),  # noqa: RUF001 (Arabic-Indic digits on purpose)
    ("MOF", "١٢٠٠٫٥", 1200.5),  # noqa: RUF001 (Arabic-Indic digits on purpose)
])
def test_numbers_are_read_as_the_workbook_language_writes_them(tmp_path, code, typed, cost):
    wb = read_typed(tmp_path, code, typed_row("en", estimated_cost=typed))
    assert wb.actions.iloc[0]["estimated_cost"] == cost
    assert codes(wb, "estimated_cost") == ["value-repaired"]


def test_the_ambiguous_mark_is_said_in_the_finding(tmp_path):
    wb = read_typed(tmp_path, "MOH", typed_row("fr", estimated_cost="1,200"))
    [note] = [f for f in wb.findings if f.field == "estimated_cost"]
    assert "decimal mark" in note.message and "language" in note.message


def test_a_french_plan_reads_an_english_workbook_into_french(tmp_path):
    plan = mixed_plan("fr")
    wb = read_typed(tmp_path, "MDG", typed_row("en"), plan)
    action = wb.actions.iloc[0]
    assert (action["status"], action["priority"]) == ("Terminé", "Haute")
    assert codes(wb, "status") == []


def test_a_custom_value_is_read_through_its_translations(tmp_path):
    wb = read_typed(tmp_path, "MOH", typed_row("fr", priority="Urgente"))
    assert wb.actions.iloc[0]["priority"] == "Urgent" and codes(wb, "priority") == []


def test_a_wrong_value_lists_the_values_in_the_workbook_language(tmp_path):
    wb = read_typed(tmp_path, "MOH", typed_row("fr", status="Fini"))
    [finding] = [f for f in wb.findings if f.field == "status"]
    assert finding.code == "invalid-choice" and "Terminé" in finding.hint


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_a_hand_made_table_in_any_language_is_recognised(tmp_path, language):
    keys = ("action_step", "responsible", "due_date", "status", "estimated_cost")
    groups = [vocabulary.group(schema.column(k).group, language) for k in keys]
    headers = [vocabulary.header(schema.column(k), language) for k in keys]
    questions = [vocabulary.question(schema.column(k), language) for k in keys]
    status = translator(language).pgettext("statuses", "Delayed")
    path = fill.hand_made(tmp_path / "own.xlsx", [groups, headers, questions],
                          [["Step", "Unit", dt.date(2028, 1, 31), status, "1.500"]])
    wb = read_workbook(path, PLAN)
    assert list(wb.actions["status"]) == ["Delayed"]
    assert wb.actions.iloc[0]["estimated_cost"] == (1.5 if language == "ar" else 1500)
    assert [f.code for f in wb.findings if f.code in ("renamed-column", "unknown-column")] == []


@pytest.mark.parametrize("language", SHIPPED)
def test_questions_worded_by_the_plan_are_known_in_any_language(tmp_path, language):
    # Two of the three questions name a plan's list: the row is a question row only if the
    # reader words them as the template does (translated, then filled with the plan's lists).
    keys = ("resource_type", "funding_status", "action_step")
    headers = [vocabulary.header(schema.column(k), language) for k in keys]
    questions = [question_text(schema.column(k), PLAN, language) for k in keys]
    t = translator(language)
    row = [t.pgettext("resource_types", "Other"), t.pgettext("funding", "Needed"), "Step"]
    wb = read_workbook(fill.hand_made(tmp_path / "own.xlsx", [headers, questions], [row]), PLAN)
    assert list(wb.actions["action_step"]) == ["Step"]
    assert list(wb.actions["resource_type"]) == ["Other"]


@pytest.mark.parametrize("language", SHIPPED)
def test_every_month_name_of_cldr_is_read(language):
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale=language).items():
            parsed = parse_date(f"3 {name} 2028", day_first=True)
            assert parsed.value == dt.date(2028, number, 3), (language, name)


@pytest.mark.parametrize("language", SHIPPED)
def test_the_decimal_marks_are_cldr_s(language):
    assert DECIMAL_MARKS[language] == get_decimal_symbol(language)


def test_without_a_language_a_lone_comma_groups_thousands():
    assert parse_number("1,200").value == 1200 and parse_number("1.200").value == 1.2
