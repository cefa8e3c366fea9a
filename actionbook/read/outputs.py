"""actionbook's own workbooks, told apart from submissions by the marks they carry.

Every workbook actionbook writes says what it is in the custom document property
`actionbook_kind` (template, feedback, consolidated, export, changes), which Excel and
LibreOffice keep when they save the file again (.xlsx custom.xml, .ods meta.xml); the marks are
layout facts (schema/layout.py), where the writers take them from. A consolidated workbook, a
feedback copy, an export or a list of changes left in a submissions folder would otherwise be
read as one more submission: counted twice, or superseding the ministry's real plan.
Consolidated workbooks written before the mark existed are known by their own property
(`actionbook-consolidated`) or their sheets; old exports by the provenance columns no
submission has.

`recognised` judges the parts the pre-flight check already inflated: no parser, no file opened.
"""

from __future__ import annotations

import re

from actionbook.read import xlsx_extras
from actionbook.schema.layout import (
    CHANGES,
    CONSOLIDATED,
    CONSOLIDATED_MARK,
    EXPORT,
    FEEDBACK,
    KIND,
    TEMPLATE,
    WRITTEN,
)

__all__ = ["KIND", "WRITTEN", "TEMPLATE", "FEEDBACK", "CONSOLIDATED", "EXPORT", "CHANGES",
           "recognised"]

CONSOLIDATED_SHEETS = frozenset({"Summary", "Submissions", "Actions", "Findings"})
EXPORT_COLUMNS = (b">source_file<", b">excel_row<", b">action_id<")
WHAT = {
    CONSOLIDATED: "a consolidated workbook written by actionbook",
    FEEDBACK: "a feedback copy written by actionbook check",
    EXPORT: "a table exported by actionbook",
    CHANGES: "a list of changes written by actionbook diff",
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ODS_TABLE = re.compile(rb"<table:table\s[^>]*?table:name\s*=\s*\"([^\"]*)\"")


def recognised(package: xlsx_extras.Package) -> str | None:
    """Why the file is not a submission ("it is a consolidated workbook written by actionbook
    on 2027-09-30"), or None when it may be one (a template, filled or not, is one)."""
    properties = safe_properties(package)
    kind = properties.get(KIND) or legacy_kind(package, properties)
    if kind not in WHAT:
        return None
    written = properties.get(WRITTEN) or legacy_date(package)
    return f"it is {WHAT[kind]}" + (f" on {written}" if written else "")


def not_a_plan(package: xlsx_extras.Package) -> str | None:
    """Why the file is no ministry's plan at all (a consolidated workbook, an export), or
    None. A feedback copy is a plan: an official may check theirs again."""
    own = recognised(package)
    return own if own is not None and WHAT[FEEDBACK] not in own else None


def safe_properties(package: xlsx_extras.Package) -> dict[str, str]:
    try:
        return xlsx_extras.custom_properties(package)
    except Exception:  # noqa: BLE001 -- a malformed property part is the reader's to report
        return {}


def legacy_kind(package: xlsx_extras.Package, properties: dict[str, str]) -> str | None:
    """What a workbook written before `actionbook_kind` existed is, by its other marks."""
    if CONSOLIDATED_MARK in properties or set(sheet_names(package)) >= CONSOLIDATED_SHEETS:
        return CONSOLIDATED
    strings = package.read("xl/sharedStrings.xml") or b""
    if sheet_names(package) == ["Actions"] and all(c in strings for c in EXPORT_COLUMNS):
        return EXPORT
    return None


def sheet_names(package: xlsx_extras.Package) -> list[str]:
    if xlsx_extras.is_ods(package.path):
        content = package.read("content.xml") or b""
        return [n.decode("utf-8", "replace") for n in _ODS_TABLE.findall(content)]
    from actionbook.safety.sheet_parts import sheet_parts

    workbook = package.read("xl/workbook.xml") or b""
    return list(sheet_parts(workbook, package.read("xl/_rels/workbook.xml.rels") or b""))


def legacy_date(package: xlsx_extras.Package) -> str | None:
    """The date in the core properties ('Consolidated as of 2027-09-30', or the creation)."""
    core = package.read("docProps/core.xml") or package.read("meta.xml") or b""
    found = _DATE.search(core[:64 * 1024].decode("utf-8", "replace"))
    return found[0] if found else None
