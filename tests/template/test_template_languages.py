"""A ministry's workbook speaks its language: headers, questions, group headers, dropdown
lists and their validation, prefilled values, goals and SDGs; Arabic runs right to left."""

from __future__ import annotations

import openpyxl
import pytest

from actionbook import schema
from actionbook.lang import translator
from actionbook.schema import layout, vocabulary
from actionbook.template.actions import question
from actionbook.template.lists import list_values
from tests.support.fill import template
from tests.support.languages import LANGUAGE_OF, mixed_plan

PLAN = mixed_plan()


def sheet_rows(path, sheet, first, last):
    book = openpyxl.load_workbook(path)
    return [[c.value for c in row] for row in book[sheet].iter_rows(first, last)]


@pytest.fixture(scope="module", params=["MOH", "MOE", "MOF"])
def written(request, tmp_path_factory):
    code = request.param
    actions = [{"goal": "G1", "action_step": "Étape", "status": "Completed",
                "priority": "Urgent", "resource_type": "Other"}]
    path = template(tmp_path_factory.mktemp(code), f"{code}.xlsx", PLAN, code, actions=actions)
    return code, LANGUAGE_OF[code], path


def test_headers_questions_and_groups_are_in_the_ministry_language(written):
    _, language, path = written
    groups, headers, questions = sheet_rows(path, layout.ACTIONS_SHEET, layout.GROUP_ROW,
                                            layout.QUESTION_ROW)
    count = len(schema.COLUMNS)
    assert headers[:count] == [vocabulary.header(c, language) for c in schema.COLUMNS]
    assert questions[:count] == [question(c, PLAN, language) for c in schema.COLUMNS]
    assert questions[:count][1] == vocabulary.question(schema.COLUMNS[1], language)
    assert [g for g in groups if g] == [vocabulary.group(n, language) for n, _ in schema.groups()]
    english = {c.header for c in schema.COLUMNS} | {c.question for c in schema.COLUMNS}
    assert not english & set(headers + questions)  # the currency's "In USD." aside


def test_the_lists_and_prefilled_values_are_in_the_ministry_language(written):
    _, language, path = written
    t = translator(language)
    lists = list_values(PLAN, language)
    assert lists["statuses"][2] == t.pgettext("statuses", "Completed") != "Completed"
    assert lists["closed_statuses"] == (t.pgettext("statuses", "Completed"),
                                        t.pgettext("statuses", "Cancelled"))
    book = openpyxl.load_workbook(path)
    column = book[layout.LISTS_SHEET]["A"]  # the Lists sheet holds what the dropdowns offer
    assert column[1].value == PLAN.goals[0].label_in(language)
    row = {c.key: v.value for c, v in zip(schema.COLUMNS,
                                          book[layout.ACTIONS_SHEET][layout.FIRST_DATA_ROW])}
    assert row["status"] == t.pgettext("statuses", "Completed")
    assert row["resource_type"] == t.pgettext("resource_types", "Other")
    assert row["priority"] == ("Urgent" if language == "ar" else "Urgente")
    assert row["goal"] == PLAN.goals[0].label_in(language) != PLAN.goals[0].label


def test_the_example_row_shows_list_values_in_the_ministry_language(written):
    _, language, path = written
    [example] = sheet_rows(path, layout.ACTIONS_SHEET, layout.EXAMPLE_ROW, layout.EXAMPLE_ROW)
    status = schema.action_keys().index("status")
    assert example[status] == translator(language).pgettext("statuses", "Not started")


def test_the_goals_sheet_names_the_sdgs_in_the_ministry_language(written):
    _, language, path = written
    cells = [v for row in sheet_rows(path, layout.GOALS_SHEET, 1, 12) for v in row if v]
    assert any(vocabulary.sdg_name(16, language) in str(v) for v in cells)
    assert PLAN.goals[0].title_in(language) in cells


def test_arabic_sheets_run_right_to_left(written):
    _, language, path = written
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        assert bool(sheet.sheet_view.rightToLeft) is (language == "ar")


def test_an_english_ministry_of_the_same_plan_gets_english(tmp_path):
    path = template(tmp_path, "MDG.xlsx", PLAN, "MDG")
    _, headers = sheet_rows(path, layout.ACTIONS_SHEET, layout.GROUP_ROW, layout.HEADER_ROW)
    assert headers[: len(schema.COLUMNS)] == [c.header for c in schema.COLUMNS]
    assert list_values(PLAN, "en")["statuses"] == schema.DEFAULT_LISTS["statuses"]


def test_status_colours_match_the_statuses_as_the_workbook_writes_them(written):
    _, language, path = written
    book = openpyxl.load_workbook(path)
    rules = book[layout.ACTIONS_SHEET].conditional_formatting
    formulas = {f for rule in rules for r in rule.rules for f in (r.formula or [])}
    done = translator(language).pgettext("statuses", "Completed")
    assert f'"{done}"' in formulas
