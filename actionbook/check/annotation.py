"""Marking a feedback copy: each finding on its cell, and a copy that explains itself.

The template's decorate hook (feedback.write_feedback) lands here. Every finding placed on a
cell gets the one colour of its severity and a comment saying what is wrong and how to fix
it; the template's own colour rules (empty and overdue cells) are added after these marks, so
a marked cell always shows its severity. The Findings sheet lists every finding with a link
to its cell, says what to do next (fix the file that was sent, not this copy, and send it
again under its name) and what every colour of the copy means; the cover says the same at
its top, and every printed page says whose feedback it is.
Findings are placed by field key, not by the file's column letter: officials move columns.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from actionbook import schema
from actionbook.check.render import reading_order, summary
from actionbook.check.verdict import Report
from actionbook.findings import Finding, Severity
from actionbook.schema import layout
from actionbook.schema.table import Kind
from actionbook.template import goals
from actionbook.template.style import (
    FONT,
    HEADER_FILL,
    NAVY,
    header_footer_text,
    legend,
    row_height,
    status_style,
)

FINDINGS_SHEET = "Findings"
[ID] = schema.keys_of(Kind.ID)
# One colour per severity, none of them a colour the template uses for something else
# (amber and pale yellow: empty cells; salmon: overdue; grey: filled in for you; green, blue,
# amber, red and grey: what a status means, schema/colours.py).
FILLS = {Severity.ERROR: "#F5A3DC", Severity.WARNING: "#D9C3EC", Severity.INFO: "#A6E3DE"}
LABELS = {Severity.ERROR: "Error", Severity.WARNING: "Warning", Severity.INFO: "Note"}
MEANINGS = {
    Severity.ERROR: "Pink: an error. The plan is not complete until it is fixed.",
    Severity.WARNING: "Violet: a warning. Worth a second look; it does not make the plan "
                      "incomplete.",
    Severity.INFO: "Turquoise: a note, such as how a value typed another way was read. "
                   "Nothing to fix unless it was read wrongly.",
}
COLUMNS = (("Severity", 9), ("Cell", 15), ("Column", 22), ("What is wrong", 48),
           ("How to fix it", 46), ("In the file you sent", 17))
LEGEND_ROW = 5  # 0-based row of the Findings sheet's "What the colours mean" heading
BANNER_ROWS, NOTE_COLUMN = (0, 1, 2), 3  # the cover's guidance column (D), beside its title
SHOWN_SPARE_ROWS = 3  # blank rows printed under the official's last row of the Action Plan
A4 = 9  # xlsxwriter's paper code
PRINTED = (layout.COVER_SHEET, layout.INSTRUCTIONS_SHEET, layout.GOALS_SHEET,
           layout.ACTIONS_SHEET, FINDINGS_SHEET)  # the copy's visible sheets


@dataclass(frozen=True)
class Placed:
    """A finding and where it sits in the feedback copy (sheet None: nowhere in particular)."""

    finding: Finding
    sheet: str | None
    cell: str | None


def next_step(report: Report) -> str:
    """What the official does with the copy: the same words on the copy, its Findings sheet
    and the command's line. The file to fix is the one they sent, never the copy."""
    if report.count(Severity.ERROR) or report.count(Severity.WARNING):
        return (f"Fix your own file, {report.file}, and send it again under the same name: "
                "this copy only shows what the check found, and what is typed into it is "
                "not seen.")
    return (f"Nothing to fix: {report.file} can be sent as it is. This copy only shows what "
            "the check found.")


def annotate(context, report: Report, positions: dict[int, int]) -> None:
    """The template's decorate hook: mark each cell, add the Findings sheet, set up printing."""
    context.kind = layout.FEEDBACK  # never read back as a submission by consolidate
    placed = [place(context, f, positions) for f in sorted(report.findings, key=reading_order)]
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for p in placed:
        if p.sheet and p.cell:  # placed findings have both
            by_cell[(p.sheet, p.cell)].append(p.finding)
    fills = {s: context.workbook.add_format({"bg_color": c}) for s, c in FILLS.items()}
    for (sheet, cell), findings in by_cell.items():
        mark(context.sheets[sheet], cell, findings, fills)
    write_banner(context, report)
    context.sheets[FINDINGS_SHEET] = write_findings_sheet(context, report, placed)
    set_up_printing(context, report, max(positions.values(), default=-1) + 1)


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
    # number format, unlocked for input); added before the template's colour rules, it wins.
    sheet.conditional_format(cell, {"type": "formula", "criteria": "=TRUE",
                                    "format": fills[worst(findings)]})
    text = "\n\n".join(f"{LABELS[f.severity]}: {f.message}\nHow to fix it: {f.hint}"
                       for f in findings)
    sheet.write_comment(cell, text, {"author": "actionbook", "x_scale": 2.4,
                                     "y_scale": 1.2 + 0.8 * len(findings)})


def write_banner(context, report: Report) -> None:
    """The cover's top right: this is a feedback copy, what its colours mean, what to do."""
    colours = "; ".join(f"{MEANINGS[s].split(':')[0].lower()}, {LABELS[s].lower()}"
                        for s in FILLS)
    text = (f"Feedback copy of {report.file}. Coloured cells: {colours} (each cell's "
            f"comment says more; the Findings sheet lists everything). {next_step(report)}")
    banner = context.workbook.add_format({"font_name": FONT, "font_size": 9, "bold": True,
                                          "text_wrap": True, "valign": "vcenter",
                                          "font_color": "#FFFFFF", "bg_color": NAVY})
    cover = context.sheets[layout.COVER_SHEET]
    for row in BANNER_ROWS[1:]:  # the title row is tall enough; the two under it are not
        cover.set_row(row, 22)
    cover.merge_range(BANNER_ROWS[0], NOTE_COLUMN, BANNER_ROWS[-1], NOTE_COLUMN, text, banner)


# The Findings sheet -------------------------------------------------------------------------

def write_findings_sheet(context, report: Report, placed: list[Placed]):
    workbook = context.workbook
    sheet = workbook.add_worksheet(FINDINGS_SHEET)
    styles = sheet_formats(workbook)
    sheet.write_string(0, 0, f"Feedback on {report.file}", styles["title"])
    sheet.write_string(1, 0, summary(report), styles["plain"])
    sheet.write_string(2, 0, next_step(report), styles["next"])
    sheet.write_string(3, 0, "Click a cell reference to go to the cell; the cell's comment "
                       "says the same. 'In the file you sent' gives the cell as it was there.",
                       styles["plain"])
    head = write_legend(sheet, context, styles, LEGEND_ROW) + 1
    for col, (title, width) in enumerate(COLUMNS):
        sheet.write_string(head, col, title, styles["head"])
        sheet.set_column(col, col, width)
    for row, item in enumerate(placed, head + 1):
        write_finding_row(sheet, row, item, styles)
    sheet.freeze_panes(head + 1, 0)
    sheet.autofilter(head, 0, head + max(1, len(placed)), len(COLUMNS) - 1)
    sheet.repeat_rows(head)
    sheet.set_landscape()
    sheet.activate()
    return sheet


def head_row(sheet) -> int:
    """The 0-based row of the findings table's headers on a Findings sheet read back
    (openpyxl): the row whose first cell reads 'Severity'."""
    return next(row for row in range(sheet.max_row)
                if sheet.cell(row + 1, 1).value == COLUMNS[0][0])


def sheet_formats(workbook) -> dict:
    base = {"font_name": FONT, "font_size": 10, "valign": "top"}
    made: dict[str, dict] = {
        "title": {"bold": True, "font_size": 14},
        "plain": {},
        "next": {"bold": True, "font_color": NAVY},
        "section": {"bold": True, "font_color": "#FFFFFF", "bg_color": NAVY},
        "head": {"bold": True, "bg_color": HEADER_FILL, "border": 1},
        "wrap": {"text_wrap": True},
        "link": {"font_color": "#0563C1", "underline": 1},
    }
    styles: dict = {name: workbook.add_format({**base, **props}) for name, props in made.items()}
    for severity, colour in FILLS.items():
        styles[severity] = workbook.add_format({**base, "bg_color": colour, "border": 1})
    return styles


def write_legend(sheet, context, styles: dict, top: int) -> int:
    """Every colour of the copy and what it means: the severities, then the template's own
    (shown in the template's very formats). Returns the row after the last entry."""
    sheet.write_string(top, 0, "What the colours mean", styles["section"])
    for col in range(1, len(COLUMNS)):
        sheet.write_blank(top, col, None, styles["section"])
    entries = [(styles[s], LABELS[s], MEANINGS[s]) for s in FILLS]
    entries += [(context.formats[style], sample, meaning)
                for style, sample, meaning in legend(context.plan.closed_statuses)]
    entries += status_entries(context)
    for row, (style, sample, meaning) in enumerate(entries, top + 1):
        sheet.merge_range(row, 0, row, 1, sample, style)
        sheet.merge_range(row, 2, row, 4, meaning, styles["plain"])
    return top + len(entries) + 1


def status_entries(context) -> list[tuple]:
    """A legend entry per status meaning the plan's statuses have: the statuses, in the
    colour the Status column shows them in."""
    by_meaning: dict[str, list[str]] = {}
    for status in context.plan.choices("statuses"):
        meaning = context.plan.status_meaning(status)
        if meaning is not None:
            by_meaning.setdefault(meaning, []).append(status)
    return [(context.formats[status_style(meaning)], ", ".join(names),
             f"The Status column in the colour of a status that means '{meaning}', as in the "
             "consolidated workbook's charts.") for meaning, names in by_meaning.items()]


def write_finding_row(sheet, row: int, item: Placed, styles: dict) -> None:
    finding = item.finding
    sheet.write_string(row, 0, LABELS[finding.severity], styles[finding.severity])
    if item.cell:
        sheet.write_url(row, 1, f"internal:'{item.sheet}'!{item.cell}", styles["link"],
                        string=f"{item.sheet}!{item.cell}")
    cells = [(field_label(finding.field), 2), (finding.message, 3), (finding.hint, 4),
             (submitted_cell(finding), 5)]
    for text, col in cells:
        sheet.write_string(row, col, text, styles["wrap"])
    sheet.set_row(row, row_height([(text, COLUMNS[col][1]) for text, col in cells]))


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


# Print set-up -------------------------------------------------------------------------------

def set_up_printing(context, report: Report, rows_held: int) -> None:
    """Every printed page says whose feedback it is; the Action Plan prints the official's
    rows (not the template's blank ones); the Findings sheet fits the width of A4."""
    header = (f"&L&\"{FONT},Bold\"{header_footer_text('Feedback on ' + report.file)}"
              f"&R{header_footer_text('A copy for reading: fix ' + report.file + ' itself')}")
    footer = f"&L{header_footer_text(context.plan.cycle)}&CPage &P of &N&R&A"
    for name in PRINTED:
        context.sheets[name].set_header(header)
        context.sheets[name].set_footer(footer)
    findings = context.sheets[FINDINGS_SHEET]
    findings.set_paper(A4)
    findings.fit_to_pages(1, 0)
    findings.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
    context.sheets[layout.GOALS_SHEET].repeat_rows(goals.HEAD_ROW)
    table = context.table
    last = min(table.last_row, table.first_row + max(rows_held, 1) + SHOWN_SPARE_ROWS - 1)
    context.sheets[layout.ACTIONS_SHEET].print_area(layout.TITLE_ROW - 1, 0, last - 1,
                                                    len(schema.COLUMNS) - 1)
