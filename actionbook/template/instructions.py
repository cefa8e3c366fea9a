"""The Instructions sheet: the seed's guidance in plain words, and what each column asks.

Everything is generated from the schema (columns, components, what makes a good plan) and
from the plan (its lists and period), so the guide always describes the workbook it is in.
Prose spans merged cells C:E, whose heights Excel never fits by itself: each row's height
is estimated from its text.
"""

from __future__ import annotations

from actionbook import schema
from actionbook.findings import Severity
from actionbook.schema import layout
from actionbook.schema.examples import example_value
from actionbook.schema.table import Kind
from actionbook.schema.wording import help_text, question_text
from actionbook.template.style import legend, long_date, row_height

TERM, TEXT, NEED, VALUES = 1, 2, 3, 4  # columns B to E; A is a narrow margin
WIDTHS = {0: 2, TERM: 30, TEXT: 60, NEED: 14, VALUES: 44}
PROSE_WIDTH = WIDTHS[TEXT] + WIDTHS[NEED] + WIDTHS[VALUES]
NEEDS = {Severity.ERROR: "Required", Severity.WARNING: "Recommended", None: "Optional"}


def picking(plan) -> tuple[tuple[str, str], ...]:
    """How to pick values, with a date of the plan's period and names of its roster."""
    day = example_value(next(c for c in schema.COLUMNS if c.kind is Kind.DATE), plan)
    names = "; ".join(m.name for m in plan.ministries[:2]) or "Finance unit; Planning unit"
    return (
        ("Dropdowns", "Click the cell, then the arrow at its right, and pick a value. A value "
         "that is not in the list is refused."),
        ("Dates", f"Type a date as {day.isoformat()}, or as you usually type dates on your "
         f"computer; it shows as {day.day} {day:%b %Y}. Only dates inside the plan period are "
         "accepted."),
        ("Costs", "A plain number, without currency sign or words: 120000, not "
         "'120,000 USD'."),
        ("Several names", f"Separate people, teams or audiences with a semicolon: {names}."),
        *PICKING)


PICKING = (
    ("Help in the cell", "Click any white cell: a note tells you what to write there."),
    ("Sorting and filters", "Use the filter buttons on the grey example row to sort or filter "
     "your steps. Each step keeps its ID wherever it moves."),
    ("More rows", "Every white row is numbered and ready. If you need more rows than the sheet "
     "has, ask your coordinator for a larger workbook rather than inserting rows."),
)

SENDING = (
    ("Check", "The counter on the Cover sheet reads 100% when every required cell is filled, "
     "and 'no problem found' when no value needs correcting: then the workbook is complete."),
    ("Save", "Save the workbook as an Excel workbook (.xlsx) and keep its name. In "
     "LibreOffice, choose File > Save As, type 'Excel 2007-365', and keep that format when "
     "asked."),
    ("Keep the structure", "Do not rename, delete or move sheets or columns: the "
     "coordinator's tools read them."),
    ("Send", "Send the file to your coordinator. You receive a feedback copy that shows, cell "
     "by cell, anything still missing."),
    ("Review", "Update the plan and its Status column at every review: the plan is a "
     "living document."),
)


def write_instructions(workbook, formats, plan):
    sheet = workbook.add_worksheet(layout.INSTRUCTIONS_SHEET)
    writer = _Writer(sheet, formats)
    writer.title("How to fill in your action plan", f"{plan.title}  ·  {plan.cycle}")
    writer.section("What this workbook is for")
    writer.prose("", about(plan))
    writer.section("The components of an action plan")
    writer.pairs(schema.COMPONENTS)
    writer.section("What makes a good action plan")
    writer.pairs(("", text) for text in schema.GOOD_PLAN)
    writer.section("The columns of the Action Plan sheet")
    writer.columns(plan)
    writer.section("How to pick values")
    writer.pairs(picking(plan))
    writer.section("What the colours mean")
    writer.legend(plan)
    writer.section("When you have finished")
    writer.pairs(SENDING)
    set_up_sheet(sheet)
    return sheet


def about(plan) -> str:
    return (f"This workbook holds your ministry's action plan for {plan.title}, "
            f"{long_date(plan.start)} to {long_date(plan.end)}: the steps you will take to "
            "reach the plan's goals, who leads each one, when it is due, what it needs, who "
            "must be kept informed and how you will know it succeeded.")


def allowed_values(column, plan) -> str:
    if column.kind is Kind.ID or column.locked:
        return "Filled in for you: leave it as it is."
    if column.choices == "goals":
        return "One of the plan's goals: see the Goals sheet."
    if column.choices:
        return ", ".join(plan.choices(column.choices))
    if column.kind is Kind.DATE:
        return f"A date from {long_date(plan.start)} to {long_date(plan.end)}."
    if column.cost:
        return "A number, 0 or more."
    if column.kind is Kind.NUMBER:
        return "A number."
    if column.kind is Kind.MEASURE:
        return "A number, a percentage, a date or a short text."
    return "Free text."


class _Writer:
    """Writes the guide top to bottom, one row at a time."""

    def __init__(self, sheet, formats):
        self.sheet, self.formats, self.row = sheet, formats, 0

    def title(self, title: str, subtitle: str) -> None:
        self.sheet.write_string(0, TERM, title, self.formats["title"])
        self.sheet.set_row(0, 30)
        self.sheet.write_string(1, TERM, subtitle, self.formats["subtitle"])
        self.row = 2

    def section(self, heading: str) -> None:
        self.row += 1
        self.sheet.set_row(self.row, 20)
        self.sheet.write_string(self.row, TERM, heading, self.formats["section"])
        for col in (TEXT, NEED, VALUES):
            self.sheet.write_blank(self.row, col, None, self.formats["section"])
        self.row += 1

    def prose(self, term: str, text: str) -> None:
        self.sheet.write_string(self.row, TERM, term, self.formats["body_bold"])
        self.sheet.merge_range(self.row, TEXT, self.row, VALUES, text, self.formats["body"])
        self.sheet.set_row(self.row, row_height([(text, PROSE_WIDTH), (term, WIDTHS[TERM])]))
        self.row += 1

    def pairs(self, pairs) -> None:
        for term, text in pairs:
            self.prose(term, text)

    def columns(self, plan) -> None:
        heads = ("Column", "What it asks, and how to fill it", "Required?", "Allowed values")
        for col, head in enumerate(heads, TERM):
            self.sheet.write_string(self.row, col, head, self.formats["table_head"])
        self.row += 1
        for group, columns in schema.groups():
            self.group(group)
            for column in columns:
                self.column(column, plan)

    def group(self, group: str) -> None:
        self.sheet.merge_range(self.row, TERM, self.row, VALUES, group, self.formats["label"])
        self.row += 1

    def column(self, column, plan) -> None:
        question, words = question_text(column, plan), help_text(column, plan)
        asks = f"{question}\n{words}"
        values = allowed_values(column, plan)
        cells = ((TERM, column.header, "table_cell_bold"),
                 (NEED, NEEDS[column.required] if column.kind is not Kind.ID and not column.locked
                  else "Filled in",
                  "table_cell"), (VALUES, values, "table_cell"))
        for col, text, style in cells:
            self.sheet.write_string(self.row, col, text, self.formats[style])
        self.sheet.write_rich_string(self.row, TEXT, self.formats["emphasis"], question,
                                     "\n" + words, self.formats["table_cell"])
        self.sheet.set_row(self.row, row_height([(asks, WIDTHS[TEXT]), (values, WIDTHS[VALUES]),
                                                 (column.header, WIDTHS[TERM])]))
        self.row += 1

    def legend(self, plan) -> None:
        for style, sample, meaning in legend(plan.closed_statuses):
            self.sheet.write_string(self.row, TERM, sample, self.formats[style])
            self.sheet.merge_range(self.row, TEXT, self.row, VALUES, meaning,
                                   self.formats["body"])
            self.sheet.set_row(self.row, 18)
            self.row += 1


def set_up_sheet(sheet) -> None:
    for col, width in WIDTHS.items():
        sheet.set_column(col, col, width)
    sheet.hide_gridlines(2)
    sheet.set_portrait()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
