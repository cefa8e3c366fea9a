"""Which column of a sheet holds which field of the table: by the hidden key row, else by header.

Officials insert, delete, reorder and retype columns. The template's hidden row 1 carries each
column's schema key and moves with the column; a hand-made table is matched by its header text
(the schema's headers, labels, questions and aliases, compared loosely). Every mapping that is
not the template's own is reported as a finding.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from xlsxwriter.utility import xl_col_to_name

from actionbook import schema
from actionbook.findings import Code, Finding, Severity
from actionbook.lang import SHIPPED
from actionbook.read.memory_fast import NO_MEMORY, NoMemory
from actionbook.schema import layout, vocabulary

SCAN_ROWS = 30  # a header row further down than this is not a table header
MIN_MATCHES = 3  # distinct fields a header row must name to be taken for the table
KEY_ROW_TO_HEADER = layout.HEADER_ROW - layout.KEY_ROW
PUNCTUATION = re.compile(r"[\W_]+")
MISSING_SEVERITY = {Severity.ERROR: Severity.ERROR, Severity.WARNING: Severity.WARNING,
                    None: Severity.INFO}


def normalise(text: object) -> str:
    """Header text compared loosely: case, spacing and punctuation ('?', ':', '/') ignored."""
    if not isinstance(text, str):
        return ""
    return normalised(text)


@functools.lru_cache(maxsize=4096)  # the same headers and questions come back in every file
def normalised(text: str) -> str:
    return PUNCTUATION.sub(" ", text.casefold()).strip()


@functools.cache
def header_names() -> dict[str, tuple[str, ...]]:
    """Normalised header text -> the keys it may name, in table order ("by whom" names two).
    Headers, group and header, and questions count in every shipped language."""
    names: dict[str, list[str]] = defaultdict(list)
    for col in schema.COLUMNS:
        for text in (col.label, col.key, *col.aliases, *spelled(col)):
            keys = names[normalise(text)]
            if col.key not in keys:
                keys.append(col.key)
    return {text: tuple(keys) for text, keys in names.items()}


def spelled(col: schema.Column) -> list[str]:
    """A column's header, group and header, and question, in every shipped language."""
    texts = []
    for language in SHIPPED:
        header = vocabulary.header(col, language)
        texts += [header, f"{vocabulary.group(col.group, language)} {header}",
                  vocabulary.question(col, language)]
    return texts


@functools.cache
def group_names() -> dict[str, str]:
    """A group header in any shipped language -> the schema's group."""
    return {normalise(vocabulary.group(name, language)): name
            for name, _ in schema.groups() for language in SHIPPED}


@functools.cache
def language_headers() -> dict[str, frozenset[str]]:
    """Each shipped language's headers, normalised."""
    return {language: frozenset(normalise(vocabulary.header(c, language)) for c in schema.COLUMNS)
            for language in SHIPPED}


def header_language(headers: list[str], default: str) -> str:
    """The language a table's headers are written in (the most of them), else `default`
    (the plan's): it tells how the workbook's numbers are written."""
    texts = {normalise(text) for text in headers if text}
    counts = {language: len(texts & names) for language, names in language_headers().items()}
    best = max(counts, key=lambda language: (counts[language], language == default))
    return best if counts[best] > counts.get(default, 0) else default


@dataclass
class Mapping:
    """Where each field sits in one sheet, and what was repaired to find it."""

    header_row: int  # 1-based Excel row of the header cells
    keys: dict[str, int] = field(default_factory=dict)  # key -> 0-based column index
    by_key_row: bool = False
    renamed: list[tuple[int, str]] = field(default_factory=list)  # (column, key)
    unknown: list[int] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # the header text of each column

    @property
    def score(self) -> int:
        return len(self.keys)

    def letter(self, key: str) -> str:
        return column_name(self.keys[key])


# xlsxwriter's column letters, remembered (a pure function): a read asks for the same score
# of letters in every file, at a microsecond and a half each.
column_name = functools.lru_cache(maxsize=1024)(xl_col_to_name)


def cell_text(row: list, index: int) -> str:
    value = row[index] if index < len(row) else None
    return value.strip() if isinstance(value, str) else ""


def group_context(row: list | None) -> list[str]:
    """The group header over each column: merged group cells hold their text in the first cell."""
    groups, current = [], ""
    for value in row or ():
        text = normalise(value)
        if text:
            current = group_names().get(text, "")
        groups.append(current)
    return groups


def candidates(text: str, group: str) -> tuple[str, ...]:
    keys = header_names().get(normalise(text), ())
    if len(keys) > 1 and group:
        in_group = tuple(k for k in keys if schema.column(k).group == group)
        return in_group or keys
    return keys


def header_texts(grid: list[list], row: int, floor: int = -1) -> list[str]:
    """Each column's header on 0-based `row`; a blank cell under a two-row header takes the
    text above it (the seed's table puts most headers in a cell merged over both rows),
    unless the row above is `floor` (the key row, whose keys are not headers)."""
    above = grid[row - 1] if row - 1 > floor else []
    texts = []
    for index in range(len(grid[row])):
        text = cell_text(grid[row], index)
        if not text and normalise(cell_text(above, index)) in header_names():
            text = cell_text(above, index)
        texts.append(text)
    return texts


def match_headers(grid: list[list], row: int, mapping: Mapping | None = None,
                  floor: int = -1, texts: list[str] | None = None,
                  enough: int | None = None) -> Mapping:
    """Map the headers on 0-based `row` (`texts`: header_texts of it, when known); columns
    already in `mapping` (by key row) stay. `enough`: stop once that many fields are mapped,
    for a caller that asks only whether the row names so many (a column placed never
    changes where the ones before it went, so the answer is the whole row's)."""
    mapping = mapping or Mapping(header_row=row + 1)
    known = set(mapping.keys.values())
    groups = group_context(grid[row - 1] if row - 1 > floor else None)
    texts = header_texts(grid, row, floor) if texts is None else texts
    mapping.headers = texts
    for index, text in enumerate(texts):
        if index in known or not text:
            continue
        keys = candidates(text, groups[index] if index < len(groups) else "")
        place(mapping, index, text, keys)
        if enough is not None and mapping.score >= enough:
            break
    return mapping


def place(mapping: Mapping, index: int, text: str, keys: tuple[str, ...]) -> None:
    if not keys:
        mapping.unknown.append(index)
        return
    free = [k for k in keys if k not in mapping.keys]
    if not free:
        mapping.duplicates.append((index, keys[0]))
        return
    mapping.keys[free[0]] = index
    if renamed(text, free[0]):
        mapping.renamed.append((index, free[0]))


def renamed(text: str, key: str) -> bool:
    """A header that names its field in other words than the template's header or label
    (a hand-made table may well write "Responsibility: By Whom", the label itself)."""
    return text not in own_names()[key]


@functools.cache
def own_names() -> dict[str, tuple[str, ...]]:
    """The template's own header of each key, in every shipped language, and its label."""
    return {col.key: (col.label, *(vocabulary.header(col, code) for code in SHIPPED))
            for col in schema.COLUMNS}


def find_header_row(grid: list[list]) -> Mapping | None:
    """The row in the first SCAN_ROWS that names the most fields, if it names enough."""
    best = None
    for row in range(min(len(grid), SCAN_ROWS)):
        if not any(isinstance(v, str) and v.strip() for v in grid[row]):
            continue
        mapping = match_headers(grid, row)
        if mapping.score >= MIN_MATCHES and (best is None or mapping.score > best.score):
            best = mapping
    return best


def find_key_row(grid: list[list]) -> int | None:
    """The 0-based row holding the template's schema keys (hidden row 1, unless rows moved)."""
    keys = ACTION_KEY_SET
    for row in range(min(len(grid), SCAN_ROWS)):
        found = {v.strip() for v in grid[row] if isinstance(v, str)} & keys
        if len(found) >= MIN_MATCHES:
            return row
    return None


def map_by_key_row(grid: list[list], key_row: int, memory: NoMemory = NO_MEMORY) -> Mapping:
    """Columns named by the key row; inserted columns (blank key) are matched by header.

    Workbooks made from one template share these rows, and matching their headers costs
    more, after calamine's read, than any other step of the mapping: a mapping read from
    the key row down to a header row where the template puts it is kept in `memory` (a
    ReadMemory; memory_fast.py), by those rows."""
    expected = key_row + KEY_ROW_TO_HEADER
    rows = tuple(map(tuple, grid[key_row : expected + 1]))
    kept = memory.kept_mapping(rows)
    if kept is not None:
        return copy_of(kept)
    header, texts, found = header_row_below(grid, key_row)
    mapping = mapped_by_key_row(grid, key_row, header, texts)
    if found and header == expected:  # read from `rows` alone
        memory.keep_mapping(rows, copy_of(mapping))
    return mapping


def copy_of(mapping: Mapping) -> Mapping:
    return Mapping(mapping.header_row, dict(mapping.keys), mapping.by_key_row,
                   list(mapping.renamed), list(mapping.unknown), list(mapping.duplicates),
                   list(mapping.headers))


def mapped_by_key_row(grid: list[list], key_row: int, header: int, texts: list[str]) -> Mapping:
    mapping = Mapping(header_row=header + 1, by_key_row=True)
    for index, value in enumerate(grid[key_row]):
        key = value.strip() if isinstance(value, str) else ""
        if key not in own_names():
            continue
        if key in mapping.keys:
            mapping.duplicates.append((index, key))
            continue
        mapping.keys[key] = index
        if index < len(texts) and texts[index] and renamed(texts[index], key):
            mapping.renamed.append((index, key))
    if header >= len(grid):
        return mapping
    return match_headers(grid, header, mapping, key_row, texts)


def header_row_below(grid: list[list], key_row: int) -> tuple[int, list[str], bool]:
    """The header row under the key row, its header texts, and whether it names enough
    fields: where the template puts it, unless rows were inserted between them (then the
    first row below that names enough fields)."""
    expected = key_row + KEY_ROW_TO_HEADER
    rows = range(key_row + 1, min(len(grid), key_row + SCAN_ROWS))
    for row in sorted(rows, key=lambda row: row != expected):
        found = match_headers(grid, row, floor=key_row, enough=MIN_MATCHES)
        if found.score >= MIN_MATCHES:
            return row, found.headers, True
    texts = header_texts(grid, expected, key_row) if expected < len(grid) else []
    return expected, texts, False


ACTION_KEY_SET = frozenset(schema.action_keys())
ACTION_ORDER = {key: at for at, key in enumerate(schema.action_keys())}


def moved(mapping: Mapping) -> bool:
    """Columns were reordered, or columns inserted between the table's own columns."""
    placed = sorted(mapping.keys, key=lambda key: mapping.keys[key])
    if placed != sorted(placed, key=ACTION_ORDER.__getitem__):
        return True
    if not mapping.keys:
        return False
    first, last = min(mapping.keys.values()), max(mapping.keys.values())
    return len(mapping.keys) < last - first + 1


def column_findings(mapping: Mapping, file: str, sheet: str) -> list[Finding]:
    """One finding per repaired, unknown, repeated or missing column, and one if moved."""
    texts = mapping.headers

    def at(index: int, code: Code, **details) -> Finding:
        letter = column_name(index)
        text = texts[index] if index < len(texts) else ""
        return Finding.make(code, file=file, sheet=sheet, cell=f"{letter}{mapping.header_row}",
                            letter=letter, header=text, **details)

    findings = [at(i, Code.RENAMED_COLUMN, field=k, column=schema.column(k).label)
                for i, k in mapping.renamed]
    findings += [at(i, Code.UNKNOWN_COLUMN) for i in mapping.unknown]
    findings += [at(i, Code.DUPLICATE_COLUMN, field=k, column=schema.column(k).label,
                    first=mapping.letter(k)) for i, k in mapping.duplicates]
    if moved(mapping):
        findings.append(Finding.make(Code.MOVED_COLUMN, file=file, sheet=sheet))
    findings += missing_columns(mapping, file, sheet)
    return findings


def missing_columns(mapping: Mapping, file: str, sheet: str) -> list[Finding]:
    return [Finding.make(Code.MISSING_COLUMN, file=file, sheet=sheet, field=col.key,
                         severity=MISSING_SEVERITY[col.required], column=col.label)
            for col in schema.COLUMNS if col.key not in mapping.keys]
