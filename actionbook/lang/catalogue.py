"""The compiled gettext catalogues, one `Translator` per language.

The English text is the message id, so English needs no catalogue and a message missing
from another language's catalogue would show in English: tests/lang/test_catalogues.py
fails before that can ship.
"""

from __future__ import annotations

import functools
import gettext
from importlib import resources

from actionbook.lang.languages import DEFAULT, NAMES, resolve

DOMAIN = "actionbook"


def N_(message: str) -> str:
    """Marks `message` for the catalogues and returns it untranslated: for text kept as data
    (a column's header) and translated where it is shown."""
    return message


def NP_(context: str, message: str) -> str:
    """N_ with a context: the same English word in two places may need two translations
    (a status "Completed", a list value "Other")."""
    return message


class Translator:
    """The catalogue of one language; read only once loaded, so it is safe to share."""

    def __init__(self, language: str, catalogue: gettext.NullTranslations):
        self.language = language
        self._catalogue = catalogue

    def gettext(self, message: str) -> str:
        return self._catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self._catalogue.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        return self._catalogue.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, count: int) -> str:
        return self._catalogue.npgettext(context, singular, plural, count)

    __call__ = gettext  # t("Status") reads as t.gettext("Status")

    def __repr__(self) -> str:
        return f"Translator({self.language!r})"


def translator(language: str = DEFAULT) -> Translator:
    """The translator of `language` (a BCP 47 tag; UnknownLanguage if none is shipped)."""
    # A code the plan has resolved already needs no parsing: the reader asks for a
    # translator for every list value it words.
    return _loaded(language if language in NAMES else resolve(language))


@functools.cache  # one per shipped language: a catalogue never changes once loaded
def _loaded(language: str) -> Translator:
    if language == DEFAULT:
        return Translator(language, gettext.NullTranslations())
    path = resources.files("actionbook").joinpath(
        f"locale/{language}/LC_MESSAGES/{DOMAIN}.mo")
    with path.open("rb") as handle:
        return Translator(language, gettext.GNUTranslations(handle))
