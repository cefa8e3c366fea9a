"""The shipped catalogues are complete: every marked message translated in every shipped
language, no fuzzy entry, the same placeholders as the English, and .mo files compiled from
the .po files as they are."""

from __future__ import annotations

import shutil

import pytest
from babel.messages.catalog import Message

from actionbook import schema
from actionbook.lang import SHIPPED, upkeep


def test_every_shipped_language_is_complete():
    assert upkeep.problems() == []


def test_the_vocabulary_is_extracted_with_its_contexts():
    ids = {(message.context, message.id) for message in upkeep.extracted() if message.id}
    assert {(None, c.header) for c in schema.COLUMNS} <= ids
    assert {(None, c.question) for c in schema.COLUMNS} <= ids
    assert {(None, name) for name in schema.SDGS.values()} <= ids
    assert ("statuses", "Completed") in ids and ("resource_types", "Other") in ids


def test_every_shipped_language_but_english_has_a_catalogue():
    assert upkeep.translated_languages() == tuple(code for code in SHIPPED if code != "en")
    for language in upkeep.translated_languages():
        assert upkeep.po_path(language).with_suffix(".mo").exists()


@pytest.mark.parametrize(("english", "translated", "problem"), [
    (Message("Due {date}"), None, "missing"),
    (Message("Due {date}"), Message("Échéance {date}", flags=["fuzzy"]), "fuzzy"),
    (Message("Due {date}"), Message("Due {date}", string=""), "not translated"),
    (Message("Due {date}"), Message("Due {date}", string="Échéance {jour}"), "placeholders"),
    (Message(("{n} step", "{n} steps")),
     Message(("{n} step", "{n} steps"), string=("{n} étape", "étapes", "{n} étapes")),
     "placeholders"),
])
def test_a_catalogue_problem_is_named(english, translated, problem):
    found = upkeep.message_problems("fr", english, translated)
    assert len(found) == 1 and problem in found[0] and found[0].startswith("fr: ")


def test_a_good_translation_has_no_problem():
    english = Message("Due {date}")
    assert upkeep.message_problems("fr", english, Message("Due {date}", "Échéance {date}")) == []


def test_a_stale_mo_file_is_a_problem(tmp_path, monkeypatch):
    copy = tmp_path / "locale"
    shutil.copytree(upkeep.LOCALE, copy)
    monkeypatch.setattr(upkeep, "LOCALE", copy)
    po = upkeep.po_path("fr")
    po.write_text(po.read_text("utf-8").replace('msgstr "Terminé"', 'msgstr "Achevé"'), "utf-8")
    assert upkeep.problems() == ["fr: actionbook.mo is stale: run python tools/i18n.py update"]
