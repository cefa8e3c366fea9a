"""A column's question and help as a workbook of a given plan words them.

The schema's texts are written for any plan: a {list_name} stands for that list of the plan
("Money, Staff or Partners"), {example} for the column's example value, {quarter} for the
plan's first quarter. The template, the check's messages and the docs all word them here.
"""

from __future__ import annotations

import datetime as dt

from actionbook.lang import translator
from actionbook.schema import table as schema
from actionbook.schema import vocabulary
from actionbook.schema.examples import example_value


def either(values, word: str = "or", comma: str = ", ") -> str:
    """"A, B or C": a list as a sentence says it."""
    values = list(values)
    if len(values) < 2:
        return "".join(values)
    return f"{comma.join(values[:-1])} {word} {values[-1]}"


def list_words(plan, language: str = "en") -> dict[str, str]:
    """Each list of the plan as a sentence says it in `language` ("A, B or C")."""
    # Translators: joins the last two values of a list, as in "Money, Staff or Partners".
    t = translator(language)
    word = t.pgettext("list", "or")
    # Translators: separates the values of a list, as in "Money, Staff or Partners".
    comma = t.pgettext("list", ", ")
    return {name: either(plan.choices_in(name, language), word, comma) for name in plan.lists}


def question_text(column: schema.Column, plan, language: str = "en",
                  words: dict[str, str] | None = None) -> str:
    """The guiding question under the column's header in `language`: the catalogue's
    translation first (its msgid keeps the {list} placeholders), then the plan's words
    (`words`: list_words(plan, language), when the caller words many questions)."""
    text = vocabulary.question(column, language)
    if "{" not in text:
        return text
    words = list_words(plan, language) if words is None else words
    if not text.lstrip("¿¡").startswith("{"):  # mid-sentence: the list in lower case
        words = {name: value.lower() for name, value in words.items()}
    return text.format(**words)


def help_text(column, plan) -> str:
    """How to fill the cell (a Column's or a CoverField's help)."""
    if "{" not in column.help:
        return column.help
    example = example_value(column, plan) if isinstance(column, schema.Column) else ""
    if isinstance(example, dt.date):
        example = example.isoformat()
    quarter = f"{plan.start.year} Q{(plan.start.month - 1) // 3 + 1}"
    return column.help.format(example=example, quarter=quarter, **list_words(plan))


def example_date_text(plan) -> str:
    """A date for messages that show how to type one: the example row's first date."""
    first = next(c for c in schema.COLUMNS if c.kind is schema.Kind.DATE)
    return example_value(first, plan).isoformat()
