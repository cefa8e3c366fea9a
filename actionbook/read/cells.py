"""One cell's value, as calamine gives it, turned into the field's canonical value.

Calamine gives str, float, int, bool, date, datetime, time or timedelta. The field's kind
says what the value must become; values.py and dates.py parse what officials type. A result
that was repaired or could not be read carries its finding code and the details of its
message.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass, field
from typing import cast

from actionbook.findings import Code
from actionbook.lang import DECIMAL_MARKS, SHIPPED
from actionbook.plan import Plan
from actionbook.read import dates, values
from actionbook.schema.table import Column, CoverField, Key, Kind
from actionbook.schema.wording import example_date_text

Field = Column | CoverField


@dataclass(frozen=True)
class Cell:
    value: object  # the canonical value; None when blank or unreadable
    text: str  # what was typed, as text ("" when blank)
    code: Code | None = None  # value-repaired, invalid-date/-number/-choice, unknown-goal
    details: dict = field(default_factory=dict)  # fills the code's message template


BLANK = Cell(None, "")


class Converter:
    """Turns cells into values for one plan: its date order, goals and lists, and for one
    workbook language (the plan's unless in_language says another): a list value or a goal
    in any shipped language is the plan's own, and numbers read as that language writes
    them."""

    def __init__(self, plan: Plan, language: str | None = None):
        self.plan = plan
        self.language = language or plan.language
        self.decimal = DECIMAL_MARKS[self.language]
        self.goals = goal_spellings(plan)
        self.lists: dict[str, frozenset[str]] = {}
        self.spelled: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
        self.languages: dict[str, Converter] = {self.language: self}

    def in_language(self, language: str) -> Converter:
        """The converter of this plan for a workbook in `language`, made once."""
        if language not in self.languages:
            self.languages[language] = Converter(self.plan, language)
        return self.languages[language]

    @functools.cached_property
    def loose_goals(self) -> dict[str, str]:
        """Each spelling of a goal, compared loosely -> its id: made when a goal is not
        spelled exactly, which most workbooks never ask for (a tenth of a file's typing)."""
        loose: dict[str, str] = {}
        for spelling, goal_id in self.goals.items():
            loose.setdefault(values.choice_key(spelling), goal_id)
        return loose

    def allowed(self, choices: str | None) -> frozenset[str] | dict[str, str]:
        """What a list allows, to look values up in (the goals: each spelling of a goal;
        a column without a list: nothing)."""
        if choices is None:
            return frozenset()
        if choices == "goals":
            return self.goals
        if choices not in self.lists:
            self.lists[choices] = frozenset(self.plan.choices(choices))
        return self.lists[choices]

    def convert(self, spec: Field, raw: object) -> Cell:
        if raw is None or raw == "":
            return BLANK
        text = values.clean_text(raw)
        if text is None:
            return BLANK
        if spec.kind is Kind.DATE:
            return self.date(spec, raw, text)
        if spec.kind is Kind.NUMBER:
            return outcome(spec, values.parse_number(raw, self.decimal), text,
                           Code.INVALID_NUMBER)
        if spec.kind is Kind.CHOICE and spec.choices == "goals":
            return self.goal(spec, text)
        if spec.kind is Kind.CHOICE:
            return self.choice(spec, text)
        return Cell(text, text)

    def date(self, spec: Field, raw: object, text: str) -> Cell:
        if type(raw) is dt.date:  # the common case, without a detour through the parser
            return Cell(raw, text)
        parsed = dates.parse_date(raw, day_first=self.plan.day_first,
                                  starts=spec.key == Key.START_DATE)
        example = example_date_text(self.plan)  # a date of this plan, as the template shows
        return outcome(spec, parsed, text, Code.INVALID_DATE, example=example)

    def choice(self, spec: Field, text: str) -> Cell:
        allowed = self.plan.choices(spec.choices) if spec.choices else []
        if text in allowed:
            return Cell(text, text)
        exact, loose = self.spellings(spec.choices or "")
        if text in exact:  # the list in another language: as the dropdown wrote it
            return Cell(exact[text], text)
        if values.choice_key(text) in loose:
            return repaired(spec, loose[values.choice_key(text)], text,
                            "case or spacing differs from the list")
        shown = self.plan.choices_in(spec.choices, self.language) if spec.choices else []
        return Cell(text, text, Code.INVALID_CHOICE,  # the typed text is kept for the check
                    {"column": spec.label, "value": text, "allowed": ", ".join(shown)})

    def spellings(self, list_name: str) -> tuple[dict[str, str], dict[str, str]]:
        """Each spelling of the list's values in a shipped language -> the plan's value;
        and the same, loosely (case, spacing, end punctuation)."""
        if list_name not in self.spelled:
            exact = self.plan.spellings(list_name) if list_name else {}
            loose: dict[str, str] = {}
            for spelling, value in exact.items():
                loose.setdefault(values.choice_key(spelling), value)
            self.spelled[list_name] = exact, loose
        return self.spelled[list_name]

    def goal(self, spec: Field, text: str) -> Cell:
        """The goal id, from the id, the dropdown label or the title, in any case."""
        if text in self.goals:
            return Cell(self.goals[text], text)
        loose = self.loose_goals.get(values.choice_key(text))
        if loose is None:
            return Cell(text, text, Code.UNKNOWN_GOAL, {"value": text})
        return repaired(spec, loose, text, "case or spacing differs from the list")


def goal_spellings(plan: Plan) -> dict[str, str]:
    """Exact spellings of each goal (id, label, title, in each language the plan gives
    its title in) -> its id."""
    exact: dict[str, str] = {}
    for goal in plan.goals:
        for spelling in (goal.id, goal.label, goal.title):
            exact.setdefault(spelling, goal.id)
    for goal in plan.goals:  # as a workbook in another language shows them
        if goal.titles:
            for language in SHIPPED:
                exact.setdefault(goal.label_in(language), goal.id)
                exact.setdefault(goal.title_in(language), goal.id)
    return exact


def outcome(spec: Field, parsed: values.Parsed, text: str, invalid: Code, **more) -> Cell:
    if not parsed.ok:
        return Cell(None, text, invalid,
                    {"column": spec.label, "value": text, "why": parsed.error, **more})
    if parsed.repair:
        return repaired(spec, parsed.value, text, parsed.repair)
    return Cell(parsed.value, text)


def repaired(spec: Field, value: object, text: str, why: str) -> Cell:
    return Cell(value, text, Code.VALUE_REPAIRED,
                {"column": spec.label, "value": text, "result": shown(value), "why": why})


def shown(value: object) -> str:
    """A canonical value as the official would type it, for messages."""
    return values.text_of(value) if value is not None else ""


@dataclass
class Converted:
    """One column's cells converted: values, typed texts, and the cells that need a finding
    (by position in the column)."""

    values: list = field(default_factory=list)
    texts: list | CellTexts = field(default_factory=list)
    notes: list[tuple[int, Cell]] = field(default_factory=list)


class CellTexts:
    """A date or number column's cells as text, made when first read: a read for the values
    alone (the actions) never formats them, and formatting a column of dates or numbers
    costs more, after calamine's read, than the rest of its conversion."""

    def __init__(self, raws: list, kind: Kind):
        self.raws, self.kind = raws, kind
        self.made: list[str] | None = None

    def texts(self) -> list[str]:
        if self.made is None:
            self.made = date_texts(self.raws) if self.kind is Kind.DATE else number_texts(
                self.raws)
        return self.made

    def __len__(self) -> int:
        return len(self.raws)

    def __iter__(self):
        return iter(self.texts())

    def __getitem__(self, at):
        return self.texts()[at]

    def __setitem__(self, at, text: str) -> None:
        self.texts()[at] = text


def convert_column(converter: Converter, spec: Field, raws: list, plain: bool = False) -> Converted:
    """Every cell of one column. Most cells are already canonical (a date in a date cell,
    a value picked from the dropdown): they are taken in bulk, in comprehensions without a
    call per cell, and only the others go through the parsers. This is what keeps reading
    near calamine's own speed. `plain`: the caller found every cell plain text already
    (plain_texts), so that a text column needs no other look."""
    if plain:  # text, all canonical as it is: one list serves as values and texts
        return Converted([raw if raw != "" else None for raw in raws] if "" in raws else raws,
                         raws)
    out = bulk(converter, spec, raws)
    for position in others(converter, spec, raws):
        cell = converter.convert(spec, raws[position])
        out.values[position], out.texts[position] = cell.value, cell.text
        if cell.code:
            out.notes.append((position, cell))
    return out


def bulk(converter: Converter, spec: Field, raws: list) -> Converted:
    """Values and texts of the cells as they are ("" blank); others() are fixed after."""
    values = [raw if raw != "" else None for raw in raws] if "" in raws else list(raws)
    if spec.kind in (Kind.DATE, Kind.NUMBER):
        return Converted(values, CellTexts(raws, spec.kind))
    if spec.choices == "goals":
        goals = converter.goals
        # A blank (None) is looked up too, and found nowhere.
        return Converted([goals.get(raw) for raw in cast(list[str], values)], list(raws))
    return Converted(values, list(raws))


def others(converter: Converter, spec: Field, raws: list) -> list[int]:
    """Positions of the cells that are not blank and not canonical as they are. The whole
    column is judged at once first (C-level counts and sets); cell by cell only if that
    finds something to repair."""
    if spec.kind is Kind.CHOICE:
        return choice_others(converter, spec, raws)
    kinds = list(map(type, raws))
    blanks = raws.count("")
    if spec.kind is Kind.DATE:
        if kinds.count(dt.date) + blanks == len(raws):
            return []
        return [i for i, raw in enumerate(raws) if raw != "" and type(raw) is not dt.date]
    if spec.kind is Kind.NUMBER:
        # An infinite cost (INF or 1e309 in the file) makes the sum infinite or NaN: only then
        # is each cell looked at (two huge but finite costs overflow the sum, and pass).
        if kinds.count(float) + blanks == len(raws) and math.isfinite(sum(filter(None, raws))):
            return []
        return [i for i, raw in enumerate(raws) if raw != "" and (
            type(raw) is not float or not math.isfinite(raw))]
    if kinds.count(str) == len(raws) and plain_texts(raws):
        return []
    return [i for i, raw in enumerate(raws) if raw != "" and (
        type(raw) is not str or not raw.isascii() or raw.strip() is not raw)]


def choice_others(converter: Converter, spec: Field, raws: list) -> list[int]:
    allowed = converter.allowed(spec.choices)
    # A list holds text only: a number or a date in the column is left over as well.
    if set(raws).difference(allowed) <= {""}:
        return []
    return [i for i, raw in enumerate(raws)
            if raw != "" and (type(raw) is not str or raw not in allowed)]


def plain_texts(texts: list) -> bool:
    """Plain ASCII without spaces at the ends is already clean: no odd or invisible
    spaces, nothing to strip (judged with C-level maps, not a loop per cell). False when
    a cell is not text."""
    try:
        joined = "".join(texts)
    except TypeError:
        return False
    return joined.isascii() and len(joined) == sum(map(len, map(str.strip, texts)))


TEXT_KINDS = frozenset({Kind.TEXT, Kind.ID, Kind.MEASURE})  # others() judges them alike


def date_texts(raws: list) -> list[str]:
    """Each cell as text. Formatting a date costs ten times looking it up, and a plan's
    dates repeat (quarter ends, one deadline for many steps): each is formatted once."""
    texts = {raw: raw.isoformat() for raw in set(raws) if raw.__class__ is dt.date}
    return [texts[raw] if raw.__class__ is dt.date else str(raw) for raw in raws]


def number_texts(raws: list) -> list[str]:
    return [str(int(raw)) if raw.__class__ is float and raw.is_integer() else number_text(raw)
            for raw in raws]


def number_text(raw: object) -> str:
    if type(raw) is float and raw.is_integer():
        return str(int(raw))
    return "" if raw == "" else str(raw)
