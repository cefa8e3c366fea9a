"""The plan config (TOML) -> a validated Plan: period, roster, goals and dropdown lists."""

from __future__ import annotations

import datetime as dt
import errno
import functools
import hashlib
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from actionbook.errors import OutputError, PlanError
from actionbook.lang import DEFAULT, SHIPPED, Translations
from actionbook.lang.texts import NONE
from actionbook.plan_languages import LanguageParsing
from actionbook.schema import vocabulary
from actionbook.schema.currencies import is_currency
from actionbook.schema.table import (
    COLUMNS,
    DEFAULT_CLOSED_STATUSES,
    DEFAULT_LISTS,
    DEFAULT_STATUS_MEANINGS,
    DONE,
    SDGS,
    STATUS_MEANINGS,
)
from actionbook.schema.wording import list_words, question_text

DATE_ORDERS = ("day-first", "month-first")
CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
GOAL_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,11}$")
MAX_ROWS = 5000


@dataclass(frozen=True)
class Ministry:
    code: str
    name: str
    language: str | None = None  # its workbook's language; None: the plan's
    names: Translations = NONE  # the name in other languages, as plan.toml gives them

    def name_in(self, language: str) -> str:
        return self.names.in_language(language, self.name)


@dataclass(frozen=True)
class Goal:
    id: str
    title: str
    pillar: str = ""
    sdgs: tuple[int, ...] = ()
    titles: Translations = NONE  # the title in other languages, as plan.toml gives them

    @property
    def label(self) -> str:
        """What the goal dropdown shows; the reader accepts it, the id or the title."""
        return f"{self.id}: {self.title}"

    def title_in(self, language: str) -> str:
        return self.titles.in_language(language, self.title)

    def label_in(self, language: str) -> str:
        return f"{self.id}: {self.title_in(language)}"


@dataclass(frozen=True)
class Plan:
    title: str
    cycle: str
    start: dt.date
    end: dt.date
    day_first: bool
    ministries: tuple[Ministry, ...]
    goals: tuple[Goal, ...]
    lists: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_LISTS))
    closed_statuses: tuple[str, ...] = DEFAULT_CLOSED_STATUSES
    rows: int = 150
    source: str = "built-in default plan"
    # status -> what it means (lists.status_meanings, else the default statuses' meanings)
    status_meanings: dict[str, str] = field(
        default_factory=lambda: dict(DEFAULT_STATUS_MEANINGS))
    currency: str | None = None  # ISO 4217; None: the plan names none ([plan] currency)
    language: str = DEFAULT  # the plan's own: its list values and the consolidation's words
    titles: Translations = NONE
    # list name -> value -> the value in other languages, as plan.toml gives them (the
    # default values are translated by the catalogues: vocabulary.default_value)
    words: dict[str, dict[str, Translations]] = field(default_factory=dict)

    @functools.cached_property
    def questions(self) -> dict[str, tuple[str, ...]]:
        """Each column's guiding question as this plan words it, in every shipped language
        (a question may name one of the plan's lists). Worked out once per plan: the
        reader looks for them in every workbook it reads."""
        words = {code: list_words(self, code) for code in SHIPPED}
        return {col.key: tuple(question_text(col, self, code, words[code]) for code in SHIPPED)
                for col in COLUMNS}

    def choices(self, list_name: str) -> tuple[str, ...]:
        """The allowed values of a dropdown, by the list name a schema column refers to."""
        if list_name == "goals":
            return tuple(g.label for g in self.goals)
        if list_name == "ministries":
            return tuple(m.code for m in self.ministries)
        return self.lists[list_name]

    def choices_in(self, list_name: str, language: str) -> tuple[str, ...]:
        """The dropdown's values as a workbook in `language` shows them."""
        if list_name == "goals":
            return tuple(g.label_in(language) for g in self.goals)
        return tuple(self.choice_in(list_name, value, language)
                     for value in self.choices(list_name))

    def choice_in(self, list_name: str, value: str, language: str) -> str:
        """One of the plan's list values in `language`: the plan's translation, else the
        catalogue's for a default value, else the value as the plan writes it."""
        given = self.words.get(list_name, {}).get(value)
        if given and given.get(language):
            return given.in_language(language, value)
        english = vocabulary.default_of(list_name, value) if list_name in DEFAULT_LISTS else None
        return vocabulary.default_value(list_name, english, language) if english else value

    def spellings(self, list_name: str) -> dict[str, str]:
        """Each way a value of the list is written in a shipped language -> the value."""
        found: dict[str, str] = {}
        for value in self.choices(list_name):
            for language in SHIPPED:
                found.setdefault(self.choice_in(list_name, value, language), value)
            for text in self.words.get(list_name, {}).get(value, NONE).texts():
                found.setdefault(text, value)
        return found

    def language_of(self, code: str | None) -> str:
        """The language of a ministry's workbook: its own, else the plan's."""
        ministry = self.ministry(code)
        return (ministry.language if ministry else None) or self.language

    def title_in(self, language: str) -> str:
        return self.titles.in_language(language, self.title)

    def ministry(self, code: str | None) -> Ministry | None:
        return next((m for m in self.ministries if m.code == code), None)

    def ministry_name(self, code: str | None) -> str | None:
        """The roster's name of a ministry code; None for a code the roster does not list."""
        ministry = self.ministry(code)
        return ministry.name if ministry else None

    def goal(self, goal_id: str | None) -> Goal | None:
        return next((g for g in self.goals if g.id == goal_id), None)

    @property
    def fingerprint(self) -> str:
        """Eight hex digits that name this plan: its title (case and spacing aside) and its
        period. Not its cycle, roster, goals or lists: a new review round of the same plan,
        or a ministry added mid-cycle, still recognises last month's workbooks (docs/reading.md,
        "Which plan a workbook was made from")."""
        title = " ".join(self.title.split()).casefold()
        identity = f"{title}\n{self.start.isoformat()}\n{self.end.isoformat()}"
        return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:8]

    def action_id(self, ministry_code: str | None, number: int) -> str:
        return f"{ministry_code or 'ACT'}-{number:03d}"

    def status_meaning(self, status: str | None) -> str | None:
        """What a status means: done, on track, at risk, late or inactive. The plan's own
        (lists.status_meanings) first, then a default status's default meaning (schema.table
        DEFAULT_STATUS_MEANINGS); another status of the plan's own list means "done" when the
        plan lists it as closed (lists.closed_statuses), and is unknown (None) otherwise, as
        is a blank. The meaning fixes the status's colour (schema.colours)."""
        if not isinstance(status, str) or not status.strip():
            return None
        wanted = status.strip().casefold()
        for meanings in (self.status_meanings, DEFAULT_STATUS_MEANINGS):
            for name, meaning in meanings.items():
                if name.casefold() == wanted:
                    return meaning
        english = vocabulary.default_of("statuses", status)  # in any shipped language
        if english:
            return self.status_meanings.get(english, DEFAULT_STATUS_MEANINGS[english])
        closed = any(name.casefold() == wanted for name in self.closed_statuses)
        return DONE if closed else None


PLAN_KEYS = {"title", "cycle", "start", "end", "date_order", "rows", "currency",
             "language"}
LIST_KEYS = set(DEFAULT_LISTS) | {"closed_statuses", "status_meanings"}
TOP_KEYS = {"plan", "ministries", "goals", "lists"}


def default_plan_text() -> str:
    """The commented plan.toml that `actionbook init` writes and the default plan is."""
    return resources.files("actionbook").joinpath("data/plan.toml").read_text("utf-8")


def write_default_plan(directory: Path, force: bool = False) -> Path:
    """Writes the commented default plan as DIRECTORY/plan.toml (made whole or not at all);
    OutputError, naming the path, when it cannot be written there."""
    from actionbook.atomic import write_atomically

    target = Path(directory) / "plan.toml"
    if directory.exists() and not directory.is_dir():
        raise OutputError(f"{directory}: is a file, not a folder (name a folder for plan.toml)")
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; rename it or choose another folder")
    if target.exists() and not force:
        raise OutputError(f"{target} already exists (use --force to overwrite it)")
    return write_atomically(target, default_plan_text().encode("utf-8"))


def default_plan() -> Plan:
    return parse_plan(default_plan_text(), "built-in default plan")


def load_plan(path: str | Path | None) -> Plan:
    """The plan in the TOML file at `path`, or the built-in default when `path` is None."""
    if path is None:
        return default_plan()
    path = Path(path)
    try:
        data = plan_bytes(path)
    except FileNotFoundError:
        raise PlanError(f"{path}: no such plan file (create one with 'actionbook init')") from None
    except IsADirectoryError:
        raise PlanError(f"{path}: is a folder, not a plan file") from None
    except OSError as exc:
        raise PlanError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return parse_plan(plan_text(data, path), str(path))


MAX_PLAN_BYTES = 1024 * 1024  # a plan of hundreds of ministries and goals is a few dozen KB


def plan_bytes(path: Path) -> bytes:
    """The plan file's bytes. Opened without waiting (a named pipe would block for ever) and
    read only when it is a regular file of a plan's size (a link to /dev/zero never ends)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise PlanError(f"{path}: is not a file (a pipe, a device or a socket)")
        if info.st_size > MAX_PLAN_BYTES:
            raise PlanError(f"{path}: {info.st_size:,} bytes is too large for a plan file")
        return handle.read(MAX_PLAN_BYTES + 1)


def plan_text(data: bytes, path: Path) -> str:
    """The text of a plan file. Notepad's "UTF-8 with BOM" is UTF-8 all the same; any other
    encoding (Latin-1, Windows-1252) is refused with where and what to do, never guessed."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PlanError(f"{path}: line {line} is not UTF-8 text (byte 0x{data[exc.start]:02X}); "
                        "save the file as UTF-8 in your editor") from None


def parse_plan(text: str, source: str) -> Plan:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlanError(f"{source}: not valid TOML: {exc}") from None
    return _Parser(source).plan(data)


class _Parser(LanguageParsing):
    """Turns parsed TOML into a Plan; every problem is one PlanError naming its key."""

    def __init__(self, source: str):
        self.source = source
        self.language = DEFAULT  # the plan's, once read: translated text falls back to it
        self.words: dict[str, dict[str, Translations]] = {}

    def fail(self, key: str, problem: str) -> PlanError:
        return PlanError(f"{self.source}: {key}: {problem}")

    def plan(self, data: dict) -> Plan:
        self.known(data, TOP_KEYS, "")
        head = self.table(data, "plan")
        self.known(head, PLAN_KEYS, "plan.")
        self.language = self.language_tag(head.get("language", DEFAULT), "plan.language")
        title, titles = self.translated(head, "plan.title")
        start, end = self.date(head, "plan.start"), self.date(head, "plan.end")
        if end <= start:
            raise self.fail("plan.end", f"{end} is not after plan.start ({start})")
        statuses, closed, lists = self.lists(data.get("lists", {}))
        return Plan(
            title=title, titles=titles, language=self.language, words=self.words,
            cycle=self.text(head, "plan.cycle"),
            start=start, end=end,
            day_first=self.date_order(head) == "day-first",
            ministries=self.ministries(data),
            goals=self.goals(data),
            lists=lists, closed_statuses=closed,
            rows=self.rows(head), source=self.source,
            status_meanings=self.status_meanings(data.get("lists", {}), statuses),
            currency=self.currency(head),
        )

    def known(self, table: dict, allowed: set[str], prefix: str) -> None:
        for key in table:
            if key not in allowed:
                expected = ", ".join(sorted(allowed))
                raise self.fail(f"{prefix}{key}", f"unknown key (expected one of: {expected})")

    def table(self, data: dict, key: str) -> dict:
        value = data.get(key)
        if not isinstance(value, dict):
            raise self.fail(key, f"missing [{key}] section")
        return value

    def value(self, table: dict, dotted: str, kind: type, what: str):
        name = dotted.rsplit(".", 1)[-1]
        if name not in table:
            raise self.fail(dotted, "missing")
        value = table[name]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise self.fail(dotted, f"{shown(value)} is not {what}")
        return value

    def text(self, table: dict, dotted: str) -> str:
        value = self.value(table, dotted, str, "text").strip()
        if not value:
            raise self.fail(dotted, "is empty")
        return value

    def date(self, table: dict, dotted: str) -> dt.date:
        value = table.get(dotted.rsplit(".", 1)[-1])
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                problem = f"{shown(value)} is not a date (write it as YYYY-MM-DD)"
                raise self.fail(dotted, problem) from None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            problem = "missing" if value is None else f"{shown(value)} is not a date"
            raise self.fail(dotted, f"{problem} (write it as YYYY-MM-DD)")
        return value

    def date_order(self, head: dict) -> str:
        order = head.get("date_order", "day-first")
        if order not in DATE_ORDERS:
            raise self.fail("plan.date_order",
                            f"{shown(order)} is not \"day-first\" or \"month-first\"")
        return order

    def currency(self, head: dict) -> str | None:
        """plan.currency: an ISO 4217 code in capitals, or None when the plan names none."""
        if "currency" not in head:
            return None
        code = head["currency"]
        if not is_currency(code):
            raise self.fail("plan.currency", f"{shown(code)} is not an ISO 4217 currency code "
                            "(three capitals, e.g. EUR, USD or KES)")
        return code

    def rows(self, head: dict) -> int:
        rows = head.get("rows", 150)
        if not isinstance(rows, int) or isinstance(rows, bool) or not 1 <= rows <= MAX_ROWS:
            raise self.fail("plan.rows",
                            f"{shown(rows)} is not a whole number from 1 to {MAX_ROWS}")
        return rows

    def entries(self, data: dict, key: str) -> list[dict]:
        entries = data.get(key)
        if not isinstance(entries, list) or not entries:
            raise self.fail(key, f"at least one [[{key}]] entry is needed")
        for n, entry in enumerate(entries, 1):
            if not isinstance(entry, dict):
                raise self.fail(f"{key}[{n}]", f"{shown(entry)} is not a [[{key}]] table")
        return entries

    def ministries(self, data: dict) -> tuple[Ministry, ...]:
        seen: set[str] = set()
        result = []
        for n, entry in enumerate(self.entries(data, "ministries"), 1):
            where = f"ministries[{n}]"
            self.known(entry, {"code", "name", "language"}, where + ".")
            code = self.text(entry, f"{where}.code")
            if not CODE_PATTERN.match(code):
                raise self.fail(f"{where}.code", f"{shown(code)} must be 2-10 capital letters or "
                                "digits, starting with a letter (e.g. MOH)")
            if code in seen:
                raise self.fail(f"{where}.code", f"duplicate ministry code {shown(code)}")
            seen.add(code)
            name, names = self.translated(entry, f"{where}.name")
            language = entry.get("language")
            if language is not None:
                language = self.language_tag(language, f"{where}.language")
            result.append(Ministry(code, name, language, names))
        return tuple(result)

    def goals(self, data: dict) -> tuple[Goal, ...]:
        seen: set[str] = set()
        result = []
        for n, entry in enumerate(self.entries(data, "goals"), 1):
            where = f"goals[{n}]"
            self.known(entry, {"id", "title", "pillar", "sdgs"}, where + ".")
            goal_id = self.text(entry, f"{where}.id")
            if not GOAL_ID_PATTERN.match(goal_id) or goal_id in seen:
                problem = "duplicate goal id" if goal_id in seen else "not a short id like G1"
                raise self.fail(f"{where}.id", f"{shown(goal_id)}: {problem}")
            seen.add(goal_id)
            pillar = entry.get("pillar", "")
            if not isinstance(pillar, str):
                raise self.fail(f"{where}.pillar", f"{shown(pillar)} is not text")
            title, titles = self.translated(entry, f"{where}.title")
            result.append(Goal(goal_id, title, pillar.strip(), self.sdgs(entry, f"{where}.sdgs"),
                               titles))
        return tuple(result)

    def sdgs(self, entry: dict, where: str) -> tuple[int, ...]:
        sdgs = entry.get("sdgs", [])
        if not isinstance(sdgs, list):
            raise self.fail(where, f"{shown(sdgs)} is not a list of SDG numbers like [4, 16]")
        for sdg in sdgs:
            if isinstance(sdg, bool) or not isinstance(sdg, int) or sdg not in SDGS:
                raise self.fail(where,
                                f"{shown(sdg)} is not an SDG (the SDGs are numbered 1 to 17)")
        return tuple(sdgs)

    def lists(self, table: object):
        if not isinstance(table, dict):
            raise self.fail("lists", "must be a [lists] section")
        self.known(table, LIST_KEYS, "lists.")
        lists = {name: self.choice_list(table, name, default)
                 for name, default in DEFAULT_LISTS.items()}
        closed = self.choice_list(table, "closed_statuses", DEFAULT_CLOSED_STATUSES)
        for status in closed:
            if status not in lists["statuses"]:
                raise self.fail("lists.closed_statuses",
                                f"{shown(status)} is not in lists.statuses")
        return lists["statuses"], closed, lists

    def status_meanings(self, table: dict, statuses: tuple[str, ...]) -> dict[str, str]:
        """lists.status_meanings: a status of the plan's list -> one of the five meanings;
        the default statuses keep their meanings unless the plan gives them others."""
        given = table.get("status_meanings", {})
        key = "lists.status_meanings"
        if not isinstance(given, dict):
            raise self.fail(key, f"{shown(given)} is not a table of status = meaning")
        meanings = dict(DEFAULT_STATUS_MEANINGS)
        spelled = {s.casefold(): s for s in statuses}
        for typed, meaning in given.items():
            status = self.choice_value(typed, "statuses", key)  # "Completed" in a French plan
            if status.strip().casefold() not in spelled:
                raise self.fail(f"{key}.{typed}", "is not in lists.statuses")
            if meaning not in STATUS_MEANINGS:
                allowed = ", ".join(f'"{m}"' for m in STATUS_MEANINGS)
                raise self.fail(f"{key}.{typed}", f"{shown(meaning)} is not one of {allowed}")
            meanings[spelled[status.strip().casefold()]] = meaning
        return meanings

    def choice_list(self, table: dict, name: str, default: tuple[str, ...]) -> tuple[str, ...]:
        values = table.get(name, list(default))
        key = f"lists.{name}"
        if not isinstance(values, list) or not values:
            raise self.fail(key, "must be a non-empty list of text values")
        cleaned: list[str] = []
        for value in values:
            if not isinstance(value, (str, dict)) or not (
                    value.strip() if isinstance(value, str) else value):
                raise self.fail(key, f"{shown(value)} is not a text value")
            text = self.choice_value(value, name, key)
            if text.casefold() in (v.casefold() for v in cleaned):
                raise self.fail(key, f"{shown(value)} appears twice")
            cleaned.append(text)
        return tuple(cleaned)

def shown(value: object) -> str:
    """A TOML value as the coordinator wrote it in plan.toml, not as Python prints it:
    true, 2026-07-01T10:00:00, "MOH", [4, 16]."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    if isinstance(value, dict):
        return "a table {" + ", ".join(f"{k} = {shown(v)}" for k, v in value.items()) + "}"
    return str(value)
