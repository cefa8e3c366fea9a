"""The feedback copy sent back to an official: their values in a fresh template, annotated.

The submitted file is never opened for writing: openpyxl would drop Excel's validation
extensions if it re-saved it. Instead the official's values go into a fresh copy of the
template (write_template), so dropdowns, validation, protection and the live counter all
work, and every finding is marked on its cell: a fill by severity, a comment saying what is
wrong and how to fix it, and a Findings sheet listing each finding with a link to its cell.
Findings are placed by field key, not by the file's column letter: officials move columns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from actionbook import schema
from actionbook.check.render import reading_order, summary
from actionbook.check.verdict import Report
from actionbook.errors import ActionbookError
from actionbook.findings import Finding, Severity
from actionbook.plan import MAX_ROWS
from actionbook.safety.discovery import plain
from actionbook.schema import layout
from actionbook.schema.table import Kind

SUFFIX = "-feedback.xlsx"
MAX_STEM_BYTES = 255 - len("-feedback-9999.xlsx")  # a file name has at most 255 bytes
FINDINGS_SHEET = "Findings"
FILLS = {Severity.ERROR: "#FFC7CE", Severity.WARNING: "#FFEB9C", Severity.INFO: "#DDEBF7"}
LABELS = {Severity.ERROR: "Error", Severity.WARNING: "Warning", Severity.INFO: "Note"}
[ID] = schema.keys_of(Kind.ID)
MINISTRY = schema.cover_field("ministry").key
_, _, EXCEL_ROW = schema.PROVENANCE
UNPARSED_KEYS = schema.keys_of(Kind.DATE, Kind.NUMBER)
HEAD_ROW = 4  # 0-based row of the Findings sheet's column headers
COLUMNS = (("Severity", 10), ("Cell", 16), ("Column", 28), ("What is wrong", 60),
           ("How to fix it", 60), ("In the file you sent", 18))


@dataclass(frozen=True)
class Placed:
    """A finding and where it sits in the feedback copy (sheet None: nowhere in particular)."""

    finding: Finding
    sheet: str | None
    cell: str | None


def write_feedback(report: Report, plan, directory, *, taken: set[str] | None = None,
                   generated_on: dt.date | None = None) -> Path:
    """Write `<name>-feedback.xlsx` for a report that has a workbook; return its path."""
    from actionbook.template.workbook import write_template

    wb = report.workbook
    if wb is None:
        raise ValueError(f"{report.file} was not read: there is nothing to annotate")
    target = feedback_path(report, Path(directory), taken if taken is not None else set())
    positions, ministry = row_positions(wb), template_ministry(wb, plan)
    write_template(plan, target, ministry, generated_on=generated_on,
                   actions=shown_rows(wb, positions, plan, ministry), cover=dict(wb.cover),
                   decorate=lambda context: annotate(context, report, positions))
    return target


def feedback_path(report: Report, directory: Path, taken: set[str]) -> Path:
    """`<name>-feedback.xlsx` in `directory`, numbered when that name is `taken` (by an
    earlier copy of this run, or by a submitted file: those are never overwritten)."""
    stem, number = fitting(report.path.stem), 1
    target = directory / f"{stem}{SUFFIX}"
    while real(target) in taken:
        number += 1
        target = directory / f"{stem}-feedback-{number}.xlsx"
    taken.add(real(target))
    return target


def fitting(stem: str) -> str:
    """`stem`, cut short when `<stem>-feedback-NNNN.xlsx` would pass the 255 bytes a file
    name may have, with a digest of the whole stem so that two long names stay apart."""
    raw = os.fsencode(stem)
    if len(raw) <= MAX_STEM_BYTES:
        return stem
    digest = hashlib.sha256(raw).hexdigest()[:8]
    return f"{raw[:MAX_STEM_BYTES - 9].decode('utf-8', 'ignore')}~{digest}"


def real(path: Path) -> str:
    # realpath, not Path.resolve: a link loop must not raise
    return os.path.realpath(path)


def template_ministry(wb, plan) -> str | None:
    """The ministry the copy is made for: the template's own, else the cover's, if known."""
    for code in (wb.metadata.get(MINISTRY), wb.cover.get(MINISTRY)):
        if isinstance(code, str) and plan.ministry(code.strip()):
            return code.strip()
    return None


# The official's rows, where they were -------------------------------------------------------

def row_positions(wb) -> dict[int, int]:
    """Excel row in the submitted file -> 0-based data row of the copy.

    A file laid out like the template keeps its row numbers (blank rows stay blank), so a
    finding's cell is the same in both; any other table is packed from the first data row.
    """
    rows = [int(r) for r in wb.actions[EXCEL_ROW]]
    first = layout.FIRST_DATA_ROW
    if wb.header_row == layout.HEADER_ROW and rows and min(rows) >= first \
            and max(rows) - first < MAX_ROWS:
        return {row: row - first for row in rows}
    return {row: index for index, row in enumerate(rows)}


def shown_rows(wb, positions: dict[int, int], plan, ministry: str | None) -> list[dict]:
    """The rows to write, each at its position. A gap is a row the official did not start:
    it gets back the ID the template gave it, unless a started row now uses that ID."""
    records = shown_values(wb).to_dict("records")
    used = {record[ID] for record in records}
    count = max(positions.values(), default=-1) + 1
    ids = (plan.action_id(ministry, n) for n in range(1, count + 1))
    rows: list[dict] = [{} if given in used else {ID: given} for given in ids]
    for record in records:
        rows[positions[int(record[EXCEL_ROW])]] = record
    return rows


def shown_values(wb) -> pd.DataFrame:
    """The typed values, or the text as typed where no date or number could be read from it:
    the official should see what they wrote next to the comment that explains it."""
    values = wb.actions.copy()
    for key in UNPARSED_KEYS:
        raw = wb.raw[key].fillna("").astype(str).str.strip()
        unread = values[key].isna() & (raw != "")
        values[key] = values[key].astype(object).where(~unread, raw)
    return values


# Marking the findings -----------------------------------------------------------------------

def annotate(context, report: Report, positions: dict[int, int]) -> None:
    """The template's decorate hook: highlight and comment each cell, add the Findings sheet."""
    context.kind = layout.FEEDBACK  # never read back as a submission by consolidate
    findings = sorted(report.findings, key=reading_order)
    placed = [place(context, f, positions) for f in findings]
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for p in placed:
        if p.sheet and p.cell:  # placed findings have both
            by_cell[(p.sheet, p.cell)].append(p.finding)
    fills = {s: context.workbook.add_format({"bg_color": c}) for s, c in FILLS.items()}
    for (sheet, cell), findings in by_cell.items():
        mark(context.sheets[sheet], cell, findings, fills)
    write_findings_sheet(context, report, placed)


def place(context, finding: Finding, positions: dict[int, int]) -> Placed:
    """The cell of the copy a finding is about: a cover field, or a cell (else the ID) of a
    row the copy holds. Findings about the file's layout, a column or a goal stay unplaced:
    the copy has the template's own layout, and lists them on the Findings sheet."""
    field, row = finding.field, finding.row
    if field in schema.cover_keys():
        return Placed(finding, layout.COVER_SHEET, context.cell(field))
    if row not in positions:
        return Placed(finding, None, None)
    key = field if field in schema.action_keys() else ID
    return Placed(finding, layout.ACTIONS_SHEET, context.cell(key, positions[row]))


def worst(findings: list[Finding]) -> Severity:
    return min((f.severity for f in findings), key=lambda s: s.rank)


def mark(sheet, cell: str, findings: list[Finding], fills: dict) -> None:
    # A conditional format colours the cell without replacing its own format (date or cost
    # number format, unlocked for input); the template's own colour rules come first.
    sheet.conditional_format(cell, {"type": "formula", "criteria": "=TRUE",
                                    "format": fills[worst(findings)]})
    text = "\n\n".join(f"{LABELS[f.severity]}: {f.message}\nHow to fix it: {f.hint}"
                       for f in findings)
    sheet.write_comment(cell, text, {"author": "actionbook", "x_scale": 2.4,
                                     "y_scale": 1.2 + 0.8 * len(findings)})


def write_findings_sheet(context, report: Report, placed: list[Placed]) -> None:
    workbook = context.workbook
    sheet = workbook.add_worksheet(FINDINGS_SHEET)
    bold = workbook.add_format({"bold": True, "font_size": 14})
    head = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    link = workbook.add_format({"font_color": "#0563C1", "underline": 1, "valign": "top"})
    sheet.write_string(0, 0, f"Feedback on {report.file}", bold)
    sheet.write_string(1, 0, summary(report))
    sheet.write_string(2, 0, "Click a cell reference to go to the cell; the cell's comment "
                       "says the same. 'In the file you sent' gives the cell as it was there.")
    for col, (title, width) in enumerate(COLUMNS):
        sheet.write_string(HEAD_ROW, col, title, head)
        sheet.set_column(col, col, width)
    severity_formats = {s: workbook.add_format({"bg_color": c, "valign": "top", "border": 1})
                        for s, c in FILLS.items()}
    for row, item in enumerate(placed, HEAD_ROW + 1):
        write_finding_row(sheet, row, item, severity_formats, wrap, link)
    sheet.freeze_panes(HEAD_ROW + 1, 0)
    sheet.autofilter(HEAD_ROW, 0, HEAD_ROW + max(1, len(placed)), len(COLUMNS) - 1)
    sheet.activate()


def write_finding_row(sheet, row: int, item: Placed, severities: dict, wrap, link) -> None:
    finding = item.finding
    sheet.write_string(row, 0, LABELS[finding.severity], severities[finding.severity])
    if item.cell:
        sheet.write_url(row, 1, f"internal:'{item.sheet}'!{item.cell}", link,
                        string=f"{item.sheet}!{item.cell}")
    sheet.write_string(row, 2, field_label(finding.field), wrap)
    sheet.write_string(row, 3, finding.message, wrap)
    sheet.write_string(row, 4, finding.hint, wrap)
    sheet.write_string(row, 5, submitted_cell(finding), wrap)


def field_label(field: str | None) -> str:
    if field in schema.action_keys():
        return schema.column(field).label
    if field in schema.cover_keys():
        return schema.cover_field(field).label
    return ""


def submitted_cell(finding: Finding) -> str:
    if finding.cell and finding.sheet:
        return f"{finding.sheet}!{finding.cell}"
    return finding.cell or finding.sheet or ""


def write_feedback_copies(reports: list[Report], plan, directory,
                          generated_on: dt.date | None = None) -> dict[Path, Path | str]:
    """A feedback copy for every report that has a workbook: submitted path -> copy, or why
    that copy could not be written (the copies after it are written all the same)."""
    taken = {real(r.path) for r in reports}
    return {r.path: one_copy(r, plan, directory, taken, generated_on)
            for r in reports if r.workbook is not None}


def one_copy(report: Report, plan, directory, taken: set[str],
             generated_on: dt.date | None) -> Path | str:
    try:
        return write_feedback(report, plan, directory, taken=taken, generated_on=generated_on)
    except (OSError, ActionbookError) as error:
        return f"it could not be written ({plain(str(error))})"
