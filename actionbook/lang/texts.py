"""Text a plan gives in several languages: `title = { en = "...", fr = "..." }`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Translations:
    """A text by language, in the order the plan gives them (hashable, so a Goal holding
    one stays a frozen, hashable dataclass)."""

    pairs: tuple[tuple[str, str], ...] = ()

    def get(self, language: str) -> str | None:
        return next((text for code, text in self.pairs if code == language), None)

    def in_language(self, language: str, fallback: str) -> str:
        """The text in `language`, else `fallback` (the plan's own text)."""
        return self.get(language) or fallback

    def texts(self) -> tuple[str, ...]:
        return tuple(text for _, text in self.pairs)

    def __bool__(self) -> bool:
        return bool(self.pairs)


NONE = Translations()


def parse_translations(value: dict, resolve_tag) -> Translations:
    """`{ en = "...", fr = "..." }` from a plan, each tag resolved to a shipped language by
    `resolve_tag` (which raises for an unknown one); ValueError says what else is wrong."""
    pairs: list[tuple[str, str]] = []
    for tag, text in value.items():
        language = resolve_tag(tag)
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{tag}: is not a text")
        if any(code == language for code, _ in pairs):
            raise ValueError(f"{tag}: {language} is given twice")
        pairs.append((language, text.strip()))
    if not pairs:
        raise ValueError("gives no text (write { en = \"...\", fr = \"...\" })")
    return Translations(tuple(pairs))
