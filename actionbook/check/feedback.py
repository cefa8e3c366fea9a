"""The feedback copy sent back to an official: their values in a fresh template, annotated.

The submitted file is never opened for writing: openpyxl would drop Excel's validation
extensions if it re-saved it. Instead the official's values go into a fresh copy of the
template (write_template), so dropdowns, validation and the live counter all work, and
annotation.py marks every finding on its cell and explains the copy. A value that could not
be read (a date typed as "sometime"), or that reading repaired (a date typed as "Q3 2027"),
on the cover or in a row, is written as it was typed, so that checking the copy finds what
checking the file that was sent found.

The copy of `X.xlsx` is `X-feedback.xlsx`; of any other kind of file, the kind is part of the
name (`X.ods` -> `X-ods-feedback.xlsx`, `X.xlsm` -> `X-xlsm-feedback.xlsx`), so that two files
of one name never share a copy. A name already taken in this run, or by a file that was sent,
is numbered (`X-feedback-2.xlsx`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from pathlib import Path

import pandas as pd

from actionbook import schema
from actionbook.check.annotation import FILLS, FINDINGS_SHEET, LABELS, annotate, next_step
from actionbook.check.verdict import Report
from actionbook.errors import ActionbookError
from actionbook.findings import Code
from actionbook.plan import MAX_ROWS
from actionbook.safety.discovery import plain
from actionbook.schema import layout
from actionbook.schema.table import Kind

__all__ = ["write_feedback", "write_feedback_copies", "feedback_path", "next_step", "FILLS",
           "FINDINGS_SHEET", "LABELS"]

SUFFIX = "-feedback.xlsx"
OWN_KIND = ".xlsx"  # the copy's own kind: its name needs no tag
KIND_TAG = re.compile(r"\.([A-Za-z0-9]{1,5})")  # a file's kind as a name can carry it
MAX_STEM_BYTES = 255 - len("-feedback-9999.xlsx")  # a file name has at most 255 bytes
[ID] = schema.keys_of(Kind.ID)
MINISTRY = schema.cover_field("ministry").key
_, _, EXCEL_ROW = schema.PROVENANCE
UNPARSED_KEYS = schema.keys_of(Kind.DATE, Kind.NUMBER)
ACTION_KEYS = frozenset(schema.action_keys())


def write_feedback(report: Report, plan, directory, *, taken: set[str] | None = None,
                   generated_on: dt.date | None = None) -> Path:
    """Write the feedback copy of a report that has a workbook (`<name>-feedback.xlsx`, see
    the module's docstring); return its path."""
    from actionbook.template.workbook import write_template

    wb = report.workbook
    if wb is None:
        raise ValueError(f"{report.file} was not read: there is nothing to annotate")
    target = feedback_path(report, Path(directory), taken if taken is not None else set())
    positions, ministry = row_positions(wb), template_ministry(wb, plan)
    write_template(plan, target, ministry, generated_on=generated_on,
                   actions=shown_rows(wb, positions, plan, ministry), cover=shown_cover(wb),
                   decorate=lambda context: annotate(context, report, positions))
    return target


def feedback_path(report: Report, directory: Path, taken: set[str]) -> Path:
    """The copy's path in `directory`, numbered when its name is `taken` (by an earlier copy
    of this run, or by a submitted file: those are never overwritten)."""
    stem, number = fitting(copy_stem(report.path)), 1
    target = directory / f"{stem}{SUFFIX}"
    while real(target) in taken:
        number += 1
        target = directory / f"{stem}-feedback-{number}.xlsx"
    taken.add(real(target))
    return target


def copy_stem(path: Path) -> str:
    """`X` for X.xlsx, `X-ods` for X.ods: the name the copy is made from."""
    tag = KIND_TAG.fullmatch(path.suffix)
    if tag is None:  # no kind, or a suffix no kind looks like: the whole name
        return path.name
    return path.stem if path.suffix.lower() == OWN_KIND else f"{path.stem}-{tag[1].lower()}"


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


def shown_cover(wb) -> dict:
    """The cover's values, as typed where reading repaired a value or could not read it (an
    invalid date): a blank would make the copy read as complete while its Findings sheet
    lists the error."""
    return {**wb.cover, **wb.cover_typed}


def shown_values(wb) -> pd.DataFrame:
    """The values as read, but the text as typed where no date or number could be read from
    it, or where reading repaired it: the official sees what they wrote next to the comment
    that explains it, and checking the copy finds what checking their file found."""
    values = wb.actions.copy()
    repaired = repaired_rows(wb)
    for key in set(UNPARSED_KEYS) | set(repaired):
        raw = wb.raw[key].fillna("").astype(str).str.strip()
        shown = values[EXCEL_ROW].isin(repaired.get(key, ()))
        if key in UNPARSED_KEYS:
            shown |= values[key].isna() & (raw != "")
        values[key] = values[key].astype(object).where(~shown, raw)
    return values


def repaired_rows(wb) -> dict[str, set[int]]:
    """Action key -> the Excel rows where reading repaired its value."""
    rows: dict[str, set[int]] = {}
    for finding in wb.findings:
        if finding.code is Code.VALUE_REPAIRED and finding.field in ACTION_KEYS \
                and finding.row is not None:
            rows.setdefault(finding.field, set()).add(finding.row)
    return rows


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
