"""Check reports as text, JSON or CSV: pure functions returning strings; the CLI prints them.

The JSON shape is a documented contract (docs/check-json.md, docs/check.schema.json).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import textwrap

from xlsxwriter.utility import xl_cell_to_rowcol

from actionbook import schema
from actionbook.check.verdict import Report
from actionbook.findings import FIELDS, Finding, Severity
from actionbook.safety.discovery import shown

WIDTH = 100
WHERE_WIDTH = 12
SEVERITY_WIDTH = 9
INDENT = " " * (2 + WHERE_WIDTH + SEVERITY_WIDTH)
FORMATS = ("text", "json", "csv")
FILE_COLUMNS = ("file", "ministry", "status", "completeness", "actions")
NOUNS = {Severity.ERROR: ("error", "errors"), Severity.WARNING: ("warning", "warnings"),
         Severity.INFO: ("info", "info")}


def render(reports: list[Report], as_of: dt.date, fmt: str, currency: str | None = None) -> str:
    """The reports as `fmt`; `currency`, the plan's (its costs' unit), is part of the JSON."""
    if fmt == "json":
        return as_json(reports, as_of, currency)
    return {"text": as_text, "csv": as_csv}[fmt](reports, as_of)


# JSON -------------------------------------------------------------------------------------------

def as_json(reports: list[Report], as_of: dt.date, currency: str | None = None) -> str:
    document = {"as_of": as_of.isoformat(), "currency": currency,
                "files": [r.to_dict() for r in reports]}
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    # json escapes the C0 controls but not DEL and the C1 ones; they can only stand in a
    # string, where \\u escapes are the same data.
    return C1_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


C1_CONTROL = re.compile("[\x7f-\x9f]")


# CSV --------------------------------------------------------------------------------------------

def as_csv(reports: list[Report], as_of: dt.date) -> str:
    """One row per finding with its file's columns; a file without findings gets one row."""
    out = io.StringIO()
    finding_columns = [f for f in FIELDS if f != "file"]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*FILE_COLUMNS, *finding_columns])
    for report in reports:
        data = report.to_dict()
        head = [data[c] for c in FILE_COLUMNS]
        for finding in [f.to_dict() for f in report.findings] or [{}]:
            writer.writerow(inert([*head, *(finding.get(c) for c in finding_columns)]))
    return out.getvalue()


def inert(values: list) -> list:
    # A spreadsheet opening the CSV would run a cell starting with = + - @ as a formula.
    return [f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r")
            else "" if v is None else v for v in values]


# Text -------------------------------------------------------------------------------------------

def as_text(reports: list[Report], as_of: dt.date) -> str:
    blocks = [file_block(report) for report in reports]
    return terminal_safe("\n".join([*blocks, total_line(reports, as_of)]) + "\n")


# C0 controls but tab and newline, DEL and the C1 controls: ESC, BEL, CSI and the like would
# move the cursor, recolour or clear the screen, or rename the window when printed.
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """`text` with every terminal control shown as its escape (ESC as \\x1b): text meant for
    a terminal never carries control sequences from submitted values or file names."""
    return TERMINAL_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def file_block(report: Report) -> str:
    lines = [shown(report.path)]  # a name that is not UTF-8 or holds control characters
    for finding in sorted(report.findings, key=reading_order):
        lines += finding_lines(finding)
    lines.append("  " + summary(report))
    return "\n".join(lines) + "\n"


def reading_order(finding: Finding) -> tuple:
    """File-wide problems, the cover, the table by row and column, then file-wide notes."""
    cell = finding.cell or ""
    column = xl_cell_to_rowcol(cell)[1]
    if not cell:
        part = 3 if finding.severity is Severity.INFO else 0
    else:
        part = 1 if finding.field in schema.cover_keys() else 2
    return (part, finding.row or 0, column, finding.severity.rank)


def finding_lines(finding: Finding) -> list[str]:
    """The message with its code, then how to fix it (notes have nothing to fix: no hint)."""
    head = f"  {where(finding):<{WHERE_WIDTH - 1}} {finding.severity.value:<{SEVERITY_WIDTH}}"
    message = wrap(f"{finding.message} [{finding.code}]", head)
    if finding.severity is Severity.INFO or not finding.hint:
        return message
    return [*message, *wrap(f"Fix: {finding.hint}", INDENT)]


def where(finding: Finding) -> str:
    if finding.cell and finding.field in schema.cover_keys() and finding.sheet:
        return f"{finding.sheet}!{finding.cell}"
    return finding.cell or ""


def wrap(text: str, first: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first.ljust(len(INDENT)),
                         subsequent_indent=INDENT, break_on_hyphens=False) or [first]


def summary(report: Report) -> str:
    counts = severity_counts([report])
    if report.status == "rejected":
        return f"rejected: could not be read as a plan; {counts}"
    filled = math.floor(report.completeness * 100)  # never 100% while a cell is missing
    owner = f"{report.ministry}, " if report.ministry else ""
    return (f"{report.status}: {owner}{plural(report.actions, 'action')}, {filled}% of "
            f"required cells filled; {counts}")


def total_line(reports: list[Report], as_of: dt.date) -> str:
    statuses = ", ".join(f"{sum(r.status == s for r in reports)} {s}"
                         for s in ("complete", "incomplete", "rejected"))
    return (f"Total as of {as_of.isoformat()}: {plural(len(reports), 'file')} ({statuses}); "
            f"{severity_counts(reports)}")


def severity_counts(reports: list[Report]) -> str:
    return ", ".join(plural(sum(r.count(s) for r in reports), *NOUNS[s]) for s in Severity)


def plural(count: int, one: str, many: str = "") -> str:
    return f"{count} {one}" if count == 1 else f"{count} {many or one + 's'}"
