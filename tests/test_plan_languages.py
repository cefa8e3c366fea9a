"""The plan's language, each ministry's, and plan text given in several languages."""

from __future__ import annotations

import pytest

from actionbook.errors import PlanError
from actionbook.lang import SHIPPED
from actionbook.plan import default_plan, default_plan_text, parse_plan


def plan_with(*edits: tuple[str, str]):
    text = default_plan_text()
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    return parse_plan(text, "plan.toml")


LANGUAGE = ('language = "en"', 'language = "fr-FR"')
HEALTH = 'name = "Ministry of Health"'


def test_the_default_plan_is_english():
    plan = default_plan()
    assert plan.language == "en" and plan.language_of("MOH") == "en"
    assert plan.lists["statuses"][2] == "Completed"


def test_a_french_plan_keeps_its_lists_in_french():
    plan = plan_with(LANGUAGE)
    assert plan.language == "fr"
    assert plan.lists["statuses"] == ("Non commencé", "En cours", "Terminé", "En retard",
                                      "Suspendu", "Annulé")
    assert plan.closed_statuses == ("Terminé", "Annulé")
    assert plan.status_meaning("Terminé") == "done" and plan.status_meaning("En retard") == "late"


def test_a_ministry_works_in_its_own_language():
    plan = plan_with(LANGUAGE, (HEALTH, HEALTH + '\nlanguage = "es-419"'))
    assert plan.language_of("MOH") == "es" and plan.language_of("MOE") == "fr"
    assert plan.language_of("NOPE") == "fr"


@pytest.mark.parametrize("edit", [(LANGUAGE[0], 'language = "de"'),
                                  (HEALTH, HEALTH + '\nlanguage = "de"')])
def test_an_unknown_language_is_one_line_listing_the_shipped(edit):
    with pytest.raises(PlanError) as raised:
        plan_with(edit)
    message = str(raised.value)
    assert "\n" not in message and "language" in message and '"de"' in message
    assert all(code in message for code in SHIPPED)


def test_plan_text_may_carry_translations():
    plan = plan_with(LANGUAGE,
                     (HEALTH, 'name = { en = "Ministry of Health", fr = "Ministère de la Santé" }'),
                     ('title = "Digital public services for all"',
                      'title = { en = "Services for all", ar = "خدمات للجميع" }'))
    health, goal = plan.ministry("MOH"), plan.goal("G1")
    assert health.name == "Ministère de la Santé"  # the plan's own language
    assert health.name_in("en") == "Ministry of Health" and health.name_in("es") == health.name
    assert goal.title == "Services for all"  # no French: the first given
    assert goal.label_in("ar") == "G1: خدمات للجميع"


def test_custom_list_values_carry_their_translations():
    plan = plan_with(('"Medium", "Low"]', '"Medium", "Low", { en = "Urgent", fr = "Urgente" }]'))
    assert plan.lists["priorities"] == ("High", "Medium", "Low", "Urgent")
    assert plan.choices_in("priorities", "fr") == ("Haute", "Moyenne", "Basse", "Urgente")
    assert plan.choices_in("priorities", "es") == ("Alta", "Media", "Baja", "Urgent")
    assert plan.spellings("priorities")["Urgente"] == "Urgent"
    assert plan.spellings("priorities")["منخفضة"] == "Low"


def test_a_custom_value_without_translations_is_the_same_everywhere():
    plan = plan_with(('"Medium", "Low"]', '"Medium", "Low", "Critique"]'))
    assert plan.choices_in("priorities", "ar")[-1] == "Critique"


@pytest.mark.parametrize(("value", "problem"), [
    ('{ de = "Hoch" }', "not a shipped language"),
    ('{ en = "" }', "is not a text"),
    ("{}", "is not a text value"),
    ('{ fr = "A", fr-FR = "B" }', "given twice"),
])
def test_a_bad_translation_is_named(value, problem):
    with pytest.raises(PlanError, match=problem) as raised:
        plan_with(('"Medium", "Low"]', f'"Medium", "Low", {value}]'))
    assert "lists.priorities" in str(raised.value)


def test_a_french_plan_gives_a_default_status_a_meaning_by_its_english_name():
    plan = plan_with(LANGUAGE, ("# [lists.status_meanings]\n# \"Not started\" = \"on track\"",
                                "[lists.status_meanings]\n\"Not started\" = \"at risk\""))
    assert plan.status_meaning("Non commencé") == "at risk"
    assert plan.status_meaning("Terminé") == "done"


@pytest.mark.parametrize("value", ["3", "true", "[\"fr\"]"])
def test_a_language_that_is_not_text_says_so_without_python_words(value):
    with pytest.raises(PlanError) as raised:
        plan_with((LANGUAGE[0], f"language = {value}"))
    message = str(raised.value)
    assert message.startswith("plan.toml: plan.language: is not a language code")
    assert "'" not in message and "True" not in message
