"""The table's words in every shipped language: headers, guiding questions, group headers,
the default lists and the SDGs, as the catalogues translate schema/table.py's text.

Pure lookups; the language is always an argument. The reader asks what a text may be in any
language (`every_language`, `default_of`), the template what to show in one (`header`,
`question`, `group`, `default_value`, `sdg_name`).
"""

from __future__ import annotations

import functools

from actionbook.lang import SHIPPED, translator
from actionbook.schema.table import DEFAULT_LISTS, SDGS, Column


def header(column: Column, language: str) -> str:
    return translator(language).gettext(column.header)


def question(column: Column, language: str) -> str:
    return translator(language).gettext(column.question)


def group(name: str, language: str) -> str:
    return translator(language).gettext(name)


def sdg_name(number: int, language: str) -> str:
    """The SDG's official UN short name in `language`."""
    return translator(language).gettext(SDGS[number])


def default_value(list_name: str, english: str, language: str) -> str:
    """A default list value (its English text) in `language`."""
    return translator(language).pgettext(list_name, english)


def every_language(text: str) -> tuple[str, ...]:
    """`text` (an English message of the catalogues) in every shipped language, English
    first, each once."""
    return tuple(dict.fromkeys(translator(code).gettext(text) for code in SHIPPED))


def default_of(list_name: str, text: str) -> str | None:
    """The English text of the default value of `list_name` that `text` is in some shipped
    language (compared case-blind), or None when it is none of them."""
    return default_spellings().get(list_name, {}).get(text.strip().casefold())


def default_spelled(list_name: str, text: str) -> str | None:
    """default_of, only when `text` is spelled exactly as a shipped language spells it."""
    english = default_of(list_name, text)
    if english and text in (default_value(list_name, english, code) for code in SHIPPED):
        return english
    return None


@functools.cache
def default_spellings() -> dict[str, dict[str, str]]:
    """list name -> each default value in each shipped language (casefolded) -> English."""
    return {name: {default_value(name, english, code).casefold(): english
                   for english in values for code in SHIPPED}
            for name, values in DEFAULT_LISTS.items()}
