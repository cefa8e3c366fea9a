"""Plan + schema -> the action-plan workbook an official fills in (xlsxwriter).

    write_template(plan, "MOH-action-plan.xlsx", "MOH")

The sheets are written by one module each (cover, instructions, goals, actions + rules,
lists); this module puts them together, protects them, and writes the file atomically
(folder.py writes one per ministry). The same plan, ministry, values and
`generated_on` always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

from actionbook import schema
from actionbook.atomic import write_atomically
from actionbook.lang import is_right_to_left
from actionbook.schema import layout
from actionbook.schema.rules import is_blank
from actionbook.schema.table import Key
from actionbook.template.actions import Table, write_actions
from actionbook.template.counter import visible_problems
from actionbook.template.cover import Counts, highlight_empty, write_cover
from actionbook.template.files import check_ministry, template_filename, template_targets
from actionbook.template.goals import write_goals
from actionbook.template.instructions import write_instructions
from actionbook.template.lists import metadata_values, write_lists, write_metadata
from actionbook.template.rules import highlight_rules, status_colours, validate_columns
from actionbook.template.style import Formats
from actionbook.template.values import (
    ID_KEY,
    action_rows,
    completeness_counts,
    counter_text,
    fresh_ids,
    highest_id,
    row_started,
)
from actionbook.xlsxwriter_private import Attributes, ProtectableWorkbook

__all__ = ["write_template", "template_targets", "template_filename", "completeness_counts",
           "counter_text", "TemplateContext"]

OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
           "in_memory": True}
# Officials may sort, filter and resize rows and columns, never insert or delete them.
SHEET_PERMISSIONS = {"sort": True, "autofilter": True, "format_columns": True,
                     "format_rows": True, "select_locked_cells": True,
                     "select_unlocked_cells": True}
SPARE_ROWS = 20  # blank rows after prefilled actions, for new steps
MINISTRY_NAME = schema.cover_field(Key.MINISTRY_NAME)
MINISTRY = next(f for f in schema.COVER_FIELDS if f.choices == "ministries")


@dataclass
class TemplateContext:
    """What `decorate` receives, just before the workbook is closed.

    workbook: the xlsxwriter Workbook (add_worksheet, add_format, ...).
    sheets:   the worksheets by layout sheet name, e.g. sheets[layout.ACTIONS_SHEET].
    formats:  the shared formats by style name (template_style.STYLES), e.g. "input".
    plan, ministry, table: the plan, the ministry code (None: generic), the table geometry.
    language: the workbook's language (the ministry's, else the plan's): translate with
        actionbook.lang.translator(context.language).
    cell(key, index): the A1 reference of action field `key` in data row `index` (0-based,
        the position in `actions`), or of cover field `key` (index ignored); sheet_of(key)
        names the sheet it is on. Sheets are protected: unlock a format you add to a cell
        officials should edit ({"locked": False}).
    """

    workbook: xlsxwriter.Workbook
    sheets: dict
    formats: Formats
    plan: object
    ministry: str | None
    table: Table
    cover: dict = field(default_factory=dict)
    kind: str = layout.TEMPLATE  # what the workbook is (layout.KIND): feedback sets its own
    language: str = "en"

    def cell(self, key: str, index: int | None = None) -> str:
        if key in schema.cover_keys():
            return f"{layout.COVER_VALUE_COLUMN}{layout.cover_row(key)}"
        return self.table.cell(key, index or 0)

    def sheet_of(self, key: str) -> str:
        return layout.COVER_SHEET if key in schema.cover_keys() else layout.ACTIONS_SHEET


def structure_protection(password: str | None, protect: bool) -> Attributes | None:
    """The workbook's <workbookProtection> (None: none): it stops officials deleting, renaming
    or unhiding sheets, the Lists sheet behind every dropdown among them."""
    if not protect:
        return None
    attributes: Attributes = [("lockStructure", 1)]
    if password:
        attributes.insert(0, ("workbookPassword", legacy_hash(password)))
    return attributes


def legacy_hash(password: str) -> str:
    """The 16-bit password verifier of ECMA-376 Part 4 §15.2.29 (what Excel writes)."""
    digest = 0
    for char in reversed(password):
        digest = ((digest >> 14) & 1) | ((digest << 1) & 0x7FFF)
        digest ^= ord(char)
    digest = ((digest >> 14) & 1) | ((digest << 1) & 0x7FFF)
    return f"{digest ^ len(password) ^ 0xCE4B:X}"


def write_template(plan, path, ministry: str | None = None, *,
                   generated_on: dt.date | None = None, actions=None, cover: dict | None = None,
                   password: str | None = None, decorate: Callable | None = None,
                   protect: bool = True, last_id: str | None = None) -> Path:
    """Write the action-plan workbook of `ministry` (None: a generic one) to `path`.

    actions / cover prefill it with values shaped like the reader's output (schema keys;
    goal as a goal id; dates as dates; action_id kept, a blank one gets a fresh id); the
    workbook then has max(plan.rows, len(actions) + 20) rows. Every formula carries its
    computed value, so LibreOffice, which shows cached values, is right from the start.
    password protects sheets and structure with a password (default: none); protect=False
    leaves everything unprotected (for tests that edit the structure). decorate(context) is
    called before the file is closed: see TemplateContext. last_id: the highest ID the
    ministry used before (a next review's, removed steps included): new rows' IDs follow it
    and the prefilled ones, and the workbook records the highest of them (metadata last_id).
    """
    ministry = check_ministry(plan, ministry)
    generated_on = generated_on or dt.date.today()
    prefilled = action_rows(actions)
    used = highest_id(plan, ministry, [last_id, *(row.get(ID_KEY) for row in prefilled)])
    rows = table_rows(plan, ministry, prefilled, used)
    language = plan.language_of(ministry)
    cover = cover_values(plan, ministry, cover or {}, language)
    table = Table(len(rows))
    workbook = new_workbook(plan, ministry, generated_on)
    workbook.structure_protection = structure_protection(password, protect)
    formats = Formats(workbook, plan.currency)
    sheets = write_sheets(workbook, formats, plan, ministry, rows, cover, table,
                          metadata_values(plan, ministry, generated_on, used), language)
    for sheet in sheets.values():
        if protect:
            sheet.protect(password or "", SHEET_PERMISSIONS)
        if is_right_to_left(language):
            sheet.right_to_left()
    context = TemplateContext(workbook, sheets, formats, plan, ministry, table, cover,
                              language=language)
    if decorate is not None:
        decorate(context)
    colour_rules(sheets, formats, plan, table, language)
    mark(workbook, context.kind, generated_on, plan)
    return save(workbook, Path(path))


def mark(workbook, kind: str, written: dt.date, plan) -> None:
    """What the workbook is, so that actionbook can tell it from a submission (read/outputs.py),
    and the plan it was made from, so that reading it with another plan says so."""
    workbook.set_custom_property(layout.KIND, kind, "text")
    workbook.set_custom_property(layout.WRITTEN, written.isoformat(), "text")
    workbook.set_custom_property(layout.PLAN, plan.title, "text")
    workbook.set_custom_property(layout.PLAN_ID, plan.fingerprint, "text")


def table_rows(plan, ministry, prefilled: list[dict], used: str | None = None) -> list[dict]:
    """The data rows: prefilled ones (blank ids get fresh ones), then blank numbered rows,
    their IDs after the prefilled ones and `used` (the highest ever given)."""
    count = max(plan.rows, len(prefilled) + SPARE_ROWS) if prefilled else plan.rows
    blanks = [row for row in prefilled if is_blank(row.get(ID_KEY))]
    rows = prefilled + [{} for _ in range(count - len(prefilled))]
    ids = iter(fresh_ids(plan, ministry, [used, *(row.get(ID_KEY) for row in prefilled)],
                         len(blanks) + count - len(prefilled)))
    return [row if not is_blank(row.get(ID_KEY)) else {**row, ID_KEY: next(ids)}
            for row in rows]


def cover_values(plan, ministry, cover: dict, language: str = "en") -> dict:
    """The cover as the workbook shows it: a ministry's own code and name (in the
    workbook's language) always win."""
    values = dict(cover)
    if ministry:
        values[MINISTRY.key] = ministry
        values[MINISTRY_NAME.key] = plan.ministry(ministry).name_in(language)
    return values


def new_workbook(plan, ministry, generated_on: dt.date) -> ProtectableWorkbook:
    workbook = ProtectableWorkbook(io.BytesIO(), OPTIONS)
    workbook.set_properties({
        "title": f"{plan.title}: action plan" + (f" of {ministry}" if ministry else ""),
        "subject": plan.cycle, "author": "actionbook", "keywords": schema.TEMPLATE_ID,
        "comments": "Made by actionbook from the plan config.",
        "created": dt.datetime.combine(generated_on, dt.time()),
    })
    return workbook


def write_sheets(workbook, formats, plan, ministry, rows, cover, table, metadata,
                 language: str) -> dict:
    filled, required = completeness_counts(rows, cover)
    counts = Counts(filled, required, sum(map(row_started, rows)),
                    visible_problems(plan, rows, cover))
    sheets = {
        layout.COVER_SHEET: write_cover(workbook, formats, plan, ministry, cover, counts, table),
        layout.INSTRUCTIONS_SHEET: write_instructions(workbook, formats, plan),
        layout.GOALS_SHEET: write_goals(workbook, formats, plan, language),
        layout.ACTIONS_SHEET: write_actions(workbook, formats, plan, ministry, rows, table,
                                            language),
        layout.LISTS_SHEET: write_lists(workbook, formats, plan, language),
        layout.METADATA_SHEET: write_metadata(workbook, formats, metadata),
    }
    validate_columns(sheets[layout.ACTIONS_SHEET], plan, table)
    return sheets


def colour_rules(sheets: dict, formats, plan, table, language: str) -> None:
    """The colours of empty, overdue and status cells, added after any decoration:
    conditional formats take precedence in the order they are added, so a decoration's own
    colours (a feedback copy's, by severity) win over the template's on the cells it marks."""
    highlight_empty(sheets[layout.COVER_SHEET], formats)
    highlight_rules(sheets[layout.ACTIONS_SHEET], formats, table)
    status_colours(sheets[layout.ACTIONS_SHEET], formats, plan, table, language)


def save(workbook: ProtectableWorkbook, path: Path) -> Path:
    """Close the workbook and put its bytes at `path` in one step (no half-written file)."""
    workbook.close()
    return write_atomically(path, workbook.filename.getvalue())
