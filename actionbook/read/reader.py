"""Filled workbooks -> typed DataFrames with provenance, and the findings of reading them.

    wb = read_workbook("MOH-action-plan.xlsx", plan)
    wb.actions        # one row per action, columns named by schema keys
    wb.findings       # every repair made while reading, as data

Values come from calamine (fast, no cell objects); the zip's XML is read only for what
calamine cannot give (xlsx_extras.py). Nothing is guessed silently: each repair is a finding.
Every file passes the pre-flight check (safety.inspect) before any parser opens it, and the
parsers then read the very bytes it judged, with the XML it already inflated.
"""

from __future__ import annotations

import functools
import io
from dataclasses import KW_ONLY, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import python_calamine
from xlsxwriter.utility import xl_col_to_name

from actionbook import schema
from actionbook.errors import ReadError
from actionbook.findings import Code, Finding, sort_key
from actionbook.plan import Plan, default_plan
from actionbook.read import outputs, values, xlsx_extras
from actionbook.read.columns import (
    Mapping,
    column_findings,
    find_header_row,
    find_key_row,
    header_language,
    map_by_key_row,
    normalise,
)
from actionbook.read.cover import SCAN_ROWS as COVER_ROWS
from actionbook.read.cover import Cover, by_key_column, by_labels, read_cover
from actionbook.read.memory_fast import NO_MEMORY, NoMemory
from actionbook.read.rows import (
    ACTION_KEYS,
    RowReader,
    frames,
    merged_findings,
    raw_frame,
    typed_block,
)
from actionbook.safety import discovery, isolation, opening
from actionbook.safety import preflight as safety
from actionbook.schema import layout
from actionbook.schema.table import Key

ISOLATED_SECONDS = 120
ISOLATED_MEMORY_MB = 2048


class LazyRaw:
    """Workbook.raw, made from the workbook's typed cells when first asked for: a caller that
    wants only the actions (read, consolidate) or the cells (the check) skips a DataFrame
    that costs a tenth of a read. A descriptor-typed dataclass field, so that
    Workbook(..., raw=frame) sets it and Workbook(...) leaves it to be made."""

    def __get__(self, wb: Workbook | None, owner: type | None = None) -> pd.DataFrame | None:
        if wb is None:
            return None  # the field's default, as dataclass asks for it
        if wb.__dict__.get("_raw") is None and wb.typed is not None:
            wb.__dict__["_raw"] = raw_frame(wb.typed)
        return wb.__dict__.get("_raw")

    def __set__(self, wb: Workbook, raw: pd.DataFrame | None) -> None:
        wb.__dict__["_raw"] = raw


@dataclass
class Workbook:
    """One workbook as read: its actions, its cover, where things were, what was repaired."""

    path: Path
    file: str  # the name shown in findings: the file's basename
    actions: pd.DataFrame
    cover: dict[str, object]
    cover_cells: dict[str, str]
    sheet: str | None
    cover_sheet: str | None
    header_row: int | None
    columns: dict[str, str]  # schema key -> column letter in this file
    metadata: dict[str, str]
    findings: list[Finding] = field(default_factory=list)
    example_row: int | None = None
    # The cells of raw, by action key, when the reader made them (Rows.typed).
    typed: dict[str, list] | None = field(default=None, repr=False, compare=False)
    # The cover's values as typed where reading repaired them or could not read them.
    cover_typed: dict[str, str] = field(default_factory=dict)
    _: KW_ONLY
    # The action cells as typed, as text ("" when blank); made from typed when None (LazyRaw).
    raw: LazyRaw = LazyRaw()
    # The language the table's headers are written in (columns.header_language): how its
    # numbers were read, and the language to speak to its official in.
    language: str = "en"

    def typed_cells(self) -> tuple[list[str], np.ndarray]:
        """raw's columns and its cells as a 2D object array (rows x columns), without making
        the DataFrame when the reader kept them as an array."""
        if self.__dict__.get("_raw") is None and self.typed is not None:
            return list(ACTION_KEYS), typed_block(self.typed).T
        raw = self.raw
        if raw is None:
            return list(ACTION_KEYS), np.empty((0, len(ACTION_KEYS)), dtype=object)
        return list(raw.columns), raw.to_numpy(dtype=object)

    def cell(self, key: str, excel_row: int) -> str:
        """The A1 reference of field `key` in `excel_row`, e.g. "G12" (the template's column
        when this file lacks the field)."""
        letter = self.columns.get(key) or layout.template_column(key)
        return f"{letter}{excel_row}"


def read_workbook(path: str | Path, plan: Plan | None = None,
                  memory: NoMemory = NO_MEMORY) -> Workbook:
    """Read a filled workbook; ReadError (with .finding) when it cannot be read as a plan.
    The file is read once: the pre-flight check judges those bytes and the parsers read them.
    `memory`: a ReadMemory that a caller reading many files of one template keeps for them
    (memory_fast.py; only for speed)."""
    path = Path(path)
    return guarded(path, lambda: read_checked(path, plan or default_plan(),
                                              refuse_unplanned(path), memory))


def refuse_unplanned(path: Path) -> xlsx_extras.Package:
    """The parts of a file the pre-flight check passed; ReadError for actionbook's own
    consolidated workbook or export, which would read as one more plan with every ministry's
    steps in it."""
    package = refuse_unsafe(path)
    if reason := outputs.not_a_plan(package):
        finding = Finding.make("skipped-file", file=discovery.shown(Path(path.name)),
                               reason=reason)
        raise ReadError(f"{finding.message} Read the ministries' own workbooks instead.",
                        finding)
    return package


def read_isolated(path: str | Path, plan: Plan | None = None) -> Workbook:
    """read_workbook in a child process, so that a parser crash or runaway loses one file:
    the child opens, judges and parses the file."""
    path, plan = Path(path), plan or default_plan()
    try:
        outcome = isolation.run_isolated(read_in_child, path, plan,
                                         timeout=ISOLATED_SECONDS, memory_mb=ISOLATED_MEMORY_MB)
    except isolation.IsolatedFailure as failure:
        reason = f"reading it {failure_words(failure)}"
        raise failed(path, Code.UNSAFE_FILE, reason=reason) from None
    if isinstance(outcome, ReadError):
        raise outcome
    return outcome


def read_in_child(path: Path, plan: Plan) -> Workbook | ReadError:
    """Runs in a worker: read_workbook, or the ReadError it raised, sent back as a value (the
    worker returns a raised exception as its repr only) and pickled with its finding."""
    try:
        return read_workbook(path, plan)
    except ReadError as error:
        return error


def guarded(path: Path, read):
    """read(), any failure of it on a bad file a ReadError naming the file."""
    try:
        return read()
    except (ReadError, KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except Exception as error:  # a value or structure no rule foresaw: this file's failure
        raise failed(path, Code.UNREADABLE_FILE, reason=f"reading it failed ({type(error).__name__}"
                     f": {str(error)[:200]})") from error


def failure_words(failure: isolation.IsolatedFailure) -> str:
    return {"crashed": "crashed the reader", "timeout": "took too long",
            "out-of-memory": "needed too much memory"}.get(failure.kind, "failed")


def refuse_unsafe(path: Path, opened: opening.Opened | None = None,
                  limits: safety.Limits = safety.DEFAULT_LIMITS) -> xlsx_extras.Package:
    """Raise ReadError for a file the pre-flight check refuses; else the parts it inflated.
    `opened`: the file's bytes, read once (opening.read_bytes) when not given; `limits`: what
    the file may hold (a submission's, unless the caller reads a larger file of its own)."""
    opened = opened or opening.read_bytes(path)
    inspection = safety.inspect(path, limits, data=opened.data)
    refusal = inspection.refusal
    if refusal is None:
        return xlsx_extras.Package(path, inspection.parts, inspection.names, inspection.data,
                                   inspection.crcs)
    # A refusal as hostile is unsafe-file; the others say it is simply not a workbook.
    code = Code.UNSAFE_FILE if refusal.unsafe else Code.UNREADABLE_FILE
    finding = Finding.make(code, file=discovery.shown(Path(path.name)), reason=refusal.message,
                           fix=refusal.hint)
    finding = finding.at(message=refusal.message, hint=refusal.hint)
    raise ReadError(f"{refusal.message} {refusal.hint}", finding)


def failed(path: Path, code: Code, **details) -> ReadError:
    details.setdefault("fix",
                       "Open it in Excel or LibreOffice, save it as .xlsx and send it again.")
    finding = Finding.make(code, file=discovery.shown(Path(path.name)), **details)
    return ReadError(f"{finding.message} {finding.hint}", finding)


def own_example(templated: bool, mapping: Mapping, row: int) -> bool:
    """The example row the template put there: locked, so an official can neither change
    nor delete it, and it is no finding. A copy of it anywhere else is one."""
    return templated and mapping.header_row == layout.HEADER_ROW and row == layout.EXAMPLE_ROW


def whole_number(text: str | None) -> int | None:
    """A metadata number ("1", or "1.0" from a float custom property); None if it is not."""
    try:
        number = float(text or "")
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


class Sheets:
    """The workbook's sheets, each read once, as grids whose [0][0] is cell A1."""

    def __init__(self, path: Path, package: xlsx_extras.Package | None = None):
        self.path = path
        self.package = package or xlsx_extras.Package(path)
        self.book = calamine(path, lambda: open_book(path, self.package.book_data()))
        self.names = [m.name for m in self.book.sheets_metadata
                      if m.typ == python_calamine.SheetTypeEnum.WorkSheet]
        self.grids: dict[str, list[list]] = {}
        self.sheets: dict[str, python_calamine.CalamineSheet] = {}

    def grid(self, name: str) -> list[list]:
        if name not in self.grids:
            sheet = calamine(self.path, lambda: self.book.get_sheet_by_name(name))
            self.sheets[name] = sheet
            self.grids[name] = calamine(self.path, lambda: sheet.to_python(skip_empty_area=False))
        return self.grids[name]

    def merged(self, name: str):
        if xlsx_extras.is_ods(self.path):
            return xlsx_extras.ods_merged_ranges(self.package, name)
        self.grid(name)
        return self.sheets[name].merged_cell_ranges

    def ordered(self, first: str) -> list[str]:
        """Sheet names with `first` (when present) ahead of the rest."""
        return sorted(self.names, key=lambda name: name != first)

    def close(self) -> None:
        self.book.close()


def open_book(path: Path, data: bytes | None) -> python_calamine.CalamineWorkbook:
    """Calamine on the very bytes the pre-flight check judged when it kept them (a file
    changed on disk since cannot slip past it; Package.book_data), else on the file."""
    if data is not None:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return python_calamine.CalamineWorkbook.from_path(path)


def calamine(path: Path, call):
    try:
        return call()
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # noqa: BLE001 - calamine raises its own errors, and Rust panics
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise failed(path, Code.UNREADABLE_FILE, reason=f"it is damaged ({reason[:200]})") from None


def read_checked(path: Path, plan: Plan, package: xlsx_extras.Package | None = None,
                 memory: NoMemory = NO_MEMORY) -> Workbook:
    """Read a file that passed the pre-flight check (package: the parts it inflated)."""
    sheets = Sheets(path, package)
    try:
        return Reading(path, plan, sheets, memory).workbook()
    finally:
        sheets.close()


class Reading:
    """One read of one workbook: finds the table and the cover, then reads the rows."""

    def __init__(self, path: Path, plan: Plan, sheets: Sheets, memory: NoMemory = NO_MEMORY):
        self.path, self.plan, self.sheets, self.memory = path, plan, sheets, memory
        self.file = discovery.shown(Path(path.name))
        self.converter = memory.converter(plan)
        self.findings: list[Finding] = []

    def workbook(self) -> Workbook:
        metadata = self.metadata()
        templated = metadata.get("template_id") == schema.TEMPLATE_ID
        sheet, grid, mapping = self.table()
        # The rows first, while calamine's cells are fresh in the processor's caches (the
        # cover's read and the formula scan push them out): a tenth of a millisecond less.
        # Numbers are read as the language of the table's headers writes them.
        language = header_language(mapping.headers, self.plan.language)
        converter = self.converter.in_language(language)
        reader = RowReader(grid, mapping, converter, self.placer(sheet), self.memory)
        rows = reader.read()
        self.layout_findings(metadata, templated or mapping.by_key_row, sheet, mapping)
        self.findings += column_findings(mapping, self.file, sheet)
        self.findings += merged_findings(self.sheets.merged(sheet), mapping, self.placer(sheet))
        cover = self.cover(sheet, mapping, templated or mapping.by_key_row)
        actions = frames(rows, cover.values, self.file, sheet)
        rows.findings += reader.formula_findings(rows, xlsx_extras.formula_cells(
            self.sheets.package, sheet, set(mapping.keys.values())))
        self.findings += cover.findings + rows.findings
        self.findings += [self.example_left(sheet, mapping, row) for row in rows.example_rows
                          if not own_example(templated, mapping, row)]
        return Workbook(
            path=self.path, file=self.file, actions=actions, raw=None, cover=cover.values,
            cover_cells=cover.cells, sheet=sheet, cover_sheet=cover.sheet,
            header_row=mapping.header_row, columns={k: mapping.letter(k) for k in mapping.keys},
            metadata=metadata, findings=sorted(self.findings, key=sort_key),
            example_row=rows.example_rows[0] if rows.example_rows else None, typed=rows.typed,
            language=language, cover_typed=cover.typed)

    # --- where things are ---------------------------------------------------------------

    def metadata(self) -> dict[str, str]:
        found = {}
        if layout.METADATA_SHEET in self.sheets.names:
            for cells in self.sheets.grid(layout.METADATA_SHEET):
                key, value = [*cells, None, None][:2]
                if isinstance(key, str) and key.strip() in layout.METADATA_KEYS:
                    found[key.strip()] = values.clean_text(value) or ""
        if "template_id" not in found:
            properties = xlsx_extras.custom_properties(self.sheets.package)
            found.update({k: v for k, v in properties.items() if k in layout.METADATA_KEYS})
        return found

    def table(self) -> tuple[str, list[list], Mapping]:
        """The action sheet: by the template's key row, else by the best header row."""
        names = self.sheets.ordered(layout.ACTIONS_SHEET)
        for name in names:
            grid = self.sheets.grid(name)
            key_row = find_key_row(grid)
            if key_row is not None:
                return name, grid, map_by_key_row(grid, key_row, self.memory)
        best = None
        for name in names:
            mapping = find_header_row(self.sheets.grid(name))
            if mapping and (best is None or mapping.score > best[2].score):
                best = (name, self.sheets.grid(name), mapping)
        if best is None:
            raise failed(self.path, Code.NO_ACTION_TABLE)
        return best

    def layout_findings(self, metadata: dict, templated: bool, sheet: str,
                        mapping: Mapping) -> None:
        place = functools.partial(Finding.make, file=self.file, sheet=sheet)
        if not templated:
            self.findings.append(place(Code.UNKNOWN_LAYOUT, row=mapping.header_row))
        elif sheet != layout.ACTIONS_SHEET:
            self.findings.append(place(Code.SHEET_RENAMED))
        version = whole_number(metadata.get("schema_version"))
        if version is not None and version < schema.SCHEMA_VERSION:
            self.findings.append(place(Code.OUTDATED_TEMPLATE, found=version,
                                       current=schema.SCHEMA_VERSION))
        plans = self.other_plan(metadata)
        if plans is not None:  # says more than another cycle would
            self.findings.append(place(Code.OTHER_PLAN, found=plans[0], current=plans[1]))
            return
        cycle = metadata.get("plan_cycle")
        if cycle and cycle != self.plan.cycle:
            self.findings.append(place(Code.OTHER_CYCLE, found=cycle, current=self.plan.cycle))

    def other_plan(self, metadata: dict[str, str]) -> tuple[str, str] | None:
        """The two plans, named (the workbook's, the reader's), when the workbook says it was
        made from another plan than the one it is read with; None when it is the same or it
        does not say (a workbook older than the mark, a hand-made table)."""
        properties = outputs.safe_properties(self.sheets.package)
        made_from = properties.get(layout.PLAN_ID)
        if not made_from or made_from == self.plan.fingerprint:
            return None
        found = properties.get(layout.PLAN) or metadata.get("plan_title") or "(untitled)"
        current = self.plan.title
        if " ".join(found.split()).casefold() != " ".join(current.split()).casefold():
            return f"'{found}'", f"'{current}'"
        period = f"{metadata.get('plan_start', '?')} to {metadata.get('plan_end', '?')}"
        return f"'{found}' ({period})", f"'{current}' ({self.plan.start} to {self.plan.end})"

    def cover(self, table_sheet: str, mapping: Mapping, templated: bool) -> Cover:
        """The cover by its key column, else by labels: on a cover sheet, above the table,
        and (for a hand-made workbook) on any other sheet."""
        others = [n for n in self.sheets.ordered(layout.COVER_SHEET) if n != table_sheet]
        for name in others:
            found = by_key_column(self.sheets.grid(name))
            if found:
                return read_cover(found, name, self.converter, self.cover_placer(name))
        covers = [n for n in others if "cover" in normalise(n)]
        searches = [(n, COVER_ROWS) for n in covers] + [(table_sheet, mapping.header_row - 1)]
        if not templated:
            searches += [(n, COVER_ROWS) for n in others if n not in covers]
        for name, rows in searches:
            found = by_labels(self.sheets.grid(name), rows)
            if found:
                return read_cover(found, name, self.converter, self.cover_placer(name))
        return Cover()

    # --- findings -----------------------------------------------------------------------

    def placer(self, sheet: str):
        def place(code: Code, cell: str, row: int, key: str, **details) -> Finding:
            return Finding.make(code, file=self.file, sheet=sheet, cell=cell, row=row,
                                field=key, **details)
        return place

    def cover_placer(self, sheet: str):
        place = self.placer(sheet)
        return lambda value, cell, row, key: place(value.code, cell, row, key, **value.details)

    def example_left(self, sheet: str, mapping: Mapping, row: int) -> Finding:
        letter = mapping.letter(Key.ACTION_ID) if Key.ACTION_ID in mapping.keys else \
            xl_col_to_name(min(mapping.keys.values()))
        return Finding.make(Code.EXAMPLE_ROW_LEFT, file=self.file, sheet=sheet,
                            cell=f"{letter}{row}", row=row)
