"""Language tags, translators and a plan's text in several languages."""

from __future__ import annotations

import pytest

from actionbook.lang import (
    SHIPPED,
    Translations,
    UnknownLanguage,
    is_right_to_left,
    resolve,
    translator,
)


@pytest.mark.parametrize(("tag", "language"), [
    ("fr", "fr"), ("fr-FR", "fr"), ("fr_CA", "fr"), ("FR", "fr"), ("es-419", "es"),
    ("ar-EG", "ar"), ("en-GB", "en"), (" es ", "es"),
])
def test_a_bcp47_tag_names_a_shipped_language(tag, language):
    assert resolve(tag) == language


@pytest.mark.parametrize("tag", ["de", "pt-BR", "", "french", "f", 3, None, "fr--FR"])
def test_an_unknown_tag_lists_the_shipped_languages(tag):
    with pytest.raises(UnknownLanguage) as raised:
        resolve(tag)
    message = str(raised.value)
    assert "\n" not in message and all(code in message for code in SHIPPED)


def test_each_translator_speaks_its_language():
    assert translator("fr-FR").gettext("Status") == "Statut"
    assert translator("es").pgettext("statuses", "Completed") == "Completado"
    assert translator("ar").gettext("Baseline") == "خط الأساس"
    assert translator("en").pgettext("statuses", "Completed") == "Completed"
    assert translator("fr")("Funding") == "Financement"


def test_translators_are_independent():
    french, english = translator("fr"), translator("en")
    assert (french.gettext("Priority"), english.gettext("Priority")) == ("Priorité", "Priority")
    assert french.language == "fr" and translator("fr") is french


def test_a_context_tells_two_meanings_apart():
    assert translator("fr").pgettext("statuses", "Completed") == "Terminé"
    assert translator("fr").pgettext("elsewhere", "Completed") == "Completed"


def test_arabic_runs_right_to_left():
    assert is_right_to_left("ar") and not is_right_to_left("fr")


def test_translations_fall_back_to_the_plan_text():
    title = Translations((("en", "Health"), ("fr", "Santé")))
    assert title.in_language("fr", "Health") == "Santé"
    assert title.in_language("es", "Health") == "Health"
    assert title.texts() == ("Health", "Santé") and bool(title) and not Translations()
    assert hash(title) == hash(Translations((("en", "Health"), ("fr", "Santé"))))
