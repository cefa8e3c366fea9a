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
