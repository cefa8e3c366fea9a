"""The languages of a plan config: its own, each ministry's, and text given in several
(`title = { en = "...", fr = "..." }`). A mixin of plan.py's parser, kept apart so that the
parser reads as the plan's shape."""

from __future__ import annotations

from actionbook.errors import PlanError
from actionbook.lang import DEFAULT, Translations, UnknownLanguage, resolve
from actionbook.lang.texts import NONE, parse_translations
from actionbook.schema import vocabulary


class LanguageParsing:
    """What plan.py's _Parser needs to read languages; `fail` and `text` are the parser's."""

    language = DEFAULT  # the plan's, once read: translated text falls back to it
    words: dict[str, dict[str, Translations]]

    def fail(self, key: str, problem: str) -> PlanError:
        raise NotImplementedError

    def text(self, table: dict, dotted: str) -> str:
        raise NotImplementedError

    def language_tag(self, tag: object, dotted: str) -> str:
        try:
            return resolve(tag)
        except UnknownLanguage as exc:
            raise self.fail(dotted, str(exc)) from None

    def translated(self, table: dict, dotted: str) -> tuple[str, Translations]:
        """A text, or the same in several languages ({ en = "...", fr = "..." }): then the
        plan's own language's, else the first given, with the translations."""
        name = dotted.rsplit(".", 1)[-1]
        if not isinstance(table.get(name), dict):
            return self.text(table, dotted), NONE
        words = self.translations(table[name], dotted)
        return words.in_language(self.language, words.pairs[0][1]), words

    def translations(self, value: dict, dotted: str) -> Translations:
        try:
            return parse_translations(value, lambda tag: self.language_tag(tag, dotted))
        except ValueError as exc:
            raise self.fail(dotted, str(exc)) from None

    def choice_value(self, value: str | dict, name: str, key: str) -> str:
        """A list value in the plan's language: a default value spelled as some shipped
        language spells it is the catalogue's in the plan's language (the commented
        plan.toml lists the English ones); { en = "...", fr = "..." } keeps its translations."""
        kind = "statuses" if name == "closed_statuses" else name
        if isinstance(value, dict):
            words = self.translations(value, key)
            text = words.in_language(self.language, words.pairs[0][1])
            self.words.setdefault(kind, {})[text] = words
            return text
        english = vocabulary.default_spelled(kind, value.strip())
        return vocabulary.default_value(kind, english, self.language) if english else value.strip()
