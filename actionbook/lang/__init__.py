"""Languages: which ones ship, the message catalogues, and text a plan gives in several.

In: a language code (BCP 47: "fr", "fr-FR", "es-419"). Out: `translator(language)`, whose
`gettext`, `ngettext` and `pgettext` give the catalogue's text in that language; `N_` and
`NP_` mark text for extraction without translating it (the schema's vocabulary is data,
translated where it is shown); `Translations`, a plan's text in several languages.

No state is shared between callers: every function takes the language or the translator it
works in, so one process may write a French and an English workbook at once. The
catalogues are gettext's (`locale/<lang>/LC_MESSAGES/actionbook.po`, compiled to `.mo`),
kept by `python tools/i18n.py update` (docs/languages.md).
"""

from actionbook.lang.catalogue import N_, NP_, Translator, translator
from actionbook.lang.languages import (
    DECIMAL_MARKS,
    DEFAULT,
    NAMES,
    RIGHT_TO_LEFT,
    SHIPPED,
    UnknownLanguage,
    is_right_to_left,
    resolve,
)
from actionbook.lang.texts import Translations

__all__ = [
    "SHIPPED", "DEFAULT", "NAMES", "RIGHT_TO_LEFT", "DECIMAL_MARKS", "UnknownLanguage", "resolve",
    "is_right_to_left", "translator", "Translator", "N_", "NP_", "Translations",
]
