"""The shipped languages and how a BCP 47 tag names one of them."""

from __future__ import annotations

import re

DEFAULT = "en"  # the language of the source text: the catalogues translate from it
# Each shipped language, by its own name (what a language menu shows).
NAMES: dict[str, str] = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"}
SHIPPED: tuple[str, ...] = tuple(NAMES)
RIGHT_TO_LEFT = frozenset({"ar"})
# How each language marks decimals when its users type digits (CLDR's, as Babel gives them:
# tests/lang/test_languages.py compares): it settles 1,200 (1.2 in French, 1200 in English).
DECIMAL_MARKS: dict[str, str] = {"en": ".", "fr": ",", "es": ",", "ar": "."}
TAG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$")


class UnknownLanguage(ValueError):
    """A language tag that names none of the shipped languages; the message lists them."""


def resolve(tag: object) -> str:
    """The shipped language a BCP 47 tag names: its primary subtag, so "fr-FR", "fr_CA" and
    "FR" are "fr" and "es-419" is "es" (a region or script changes no word we ship)."""
    if isinstance(tag, str) and TAG.match(tag.strip()):
        primary = re.split(r"[-_]", tag.strip())[0].lower()
        if primary in NAMES:
            return primary
    if not isinstance(tag, str):
        raise UnknownLanguage(f"is not a language code (write one in quotes: {shipped_list()})")
    quoted = '"' + tag.replace("\\", "\\\\").replace('"', '\\"') + '"'  # as TOML writes it
    raise UnknownLanguage(f"{quoted} is not a shipped language (shipped: {shipped_list()})")


def shipped_list() -> str:
    return ", ".join(f"{code} ({name})" for code, name in NAMES.items())


def is_right_to_left(language: str) -> bool:
    return language in RIGHT_TO_LEFT
