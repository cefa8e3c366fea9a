"""What the Action Plan sheet enforces and flags: validation, input messages, colour rules.

Each column gets one data validation over its data range: a dropdown from a defined name
for choice columns, a date inside the plan period, a number of 0 or more, or (for text) just
the input message that tells the official what to write. Error alerts use the stop style:
Excel and LibreOffice then refuse the value instead of merely warning.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_range

from actionbook import schema
from actionbook.findings import Severity
from actionbook.schema import layout
from actionbook.schema.table import Key, Kind
from actionbook.schema.wording import example_date_text, help_text
from actionbook.template.actions import HELPERS, Table, column_spans
from actionbook.template.counter import visible
from actionbook.template.lists import CLOSED_STATUSES
from actionbook.template.style import (
    INPUT_MESSAGE_LIMIT,
    INPUT_TITLE_LIMIT,
    clip,
    long_date,
    status_style,
)

DUE_DATE, BASELINE = schema.column(Key.DUE_DATE), schema.column(Key.BASELINE_DUE)
REMARKS = schema.column(Key.REMARKS)
STATUS = next(c for c in schema.COLUMNS if c.choices == "statuses")
NOTES = {Severity.ERROR: "Required. ", Severity.WARNING: "Recommended. "}


def validate_columns(sheet, plan, table: Table) -> None:
    for column in schema.COLUMNS:
        rule = {**column_rule(column, plan), **input_message(column, plan)}
        sheet.data_validation(table.column_range(column.key), rule)


def column_rule(column, plan) -> dict:
    if column.locked:
        return {"validate": "any"}  # the sheet's protection keeps the official out of it
    if column.choices:
        return choice_rule(column)
    if column.kind is Kind.DATE:
        return date_rule(plan)
    if column.cost:
        return cost_rule(plan.currency)
    if column.kind is Kind.NUMBER:
        return number_rule(column)
    return {"validate": "any"}


def choice_rule(column) -> dict:
    where = " The Goals sheet explains each goal." if column.choices == "goals" else ""
    return {
        "validate": "list", "source": "=" + layout.defined_name(column.choices),
        "error_type": "stop", "error_title": "Pick a value from the list",
        "error_message": clip(f"{column.label} takes one of the values of its dropdown list: "
                              f"click the arrow beside the cell and pick one.{where}",
                              INPUT_MESSAGE_LIMIT),
    }


def date_rule(plan) -> dict:
    period = f"from {long_date(plan.start)} to {long_date(plan.end)}"
    return {
        "validate": "date", "criteria": "between", "minimum": plan.start, "maximum": plan.end,
        "error_type": "stop", "error_title": "Date outside the plan period",
        "error_message": clip(f"Type a date {period}, the period of this plan, for "
                              f"example {example_date_text(plan)}. Text and dates outside the plan "
                              "period are not accepted; ask your coordinator if a step falls "
                              "outside it.", INPUT_MESSAGE_LIMIT),
    }


def number_rule(column) -> dict:
    return {
        "validate": "decimal", "criteria": "between", "minimum": -1e300, "maximum": 1e300,
        "error_type": "stop", "error_title": "Not a number",
        "error_message": clip(f"Type {column.label} as a number, without spaces or words.",
                              INPUT_MESSAGE_LIMIT),
    }


def cost_rule(currency: str | None) -> dict:
    unit = f" in {currency}" if currency else ""
    return {
        "validate": "decimal", "criteria": ">=", "value": 0,
        "error_type": "stop", "error_title": "Not a cost",
        "error_message": f"Type the estimated cost{unit} as a number of 0 or more, without "
                         "currency sign, spaces or words, for example 120000.",
    }


def input_message(column, plan) -> dict:
    text = NOTES.get(column.required, "") + help_text(column, plan)
    if column.kind is Kind.DATE:
        text += f" The plan period runs from {long_date(plan.start)} to {long_date(plan.end)}."
    elif column.cost and plan.currency:
        text += f" Every cost of the plan is in {plan.currency}."
    elif column.choices and "list" not in column.help:
        text += " Pick a value from the dropdown list."
    return {"input_title": clip(column.label, INPUT_TITLE_LIMIT),
            "input_message": clip(text, INPUT_MESSAGE_LIMIT)}


def highlight_rules(sheet, formats, table: Table) -> None:
    """Empty required (amber) and recommended (pale yellow) cells of started rows, overdue
    due dates (red), and empty remarks of late steps (pale yellow)."""
    started = f"${table.helper_letter(HELPERS[0])}{table.first_row}"
    for severity, style in ((Severity.ERROR, "required_empty"),
                            (Severity.WARNING, "recommended_empty")):
        ranges = column_ranges(table, schema.required_columns(severity))
        top_left = ranges[0].split(":")[0]
        sheet.conditional_format(ranges[0], {
            "type": "formula", "multi_range": " ".join(ranges),
            "criteria": f"=AND({started}=1,LEN({visible(top_left)})=0)",
            "format": formats[style]})
    sheet.conditional_format(table.column_range(DUE_DATE.key), {
        "type": "formula", "format": formats["overdue"],
        "criteria": "=" + late_formula(table, "")})
    highlight_unexplained(sheet, formats, table, started)


def late_formula(table: Table, anchor: str) -> str:
    """Row one's due date has passed and its status is not closed (`anchor` "$": the due
    date column fixed, for a rule over another column)."""
    due = f"{anchor}{layout.template_column(DUE_DATE.key)}{table.first_row}"
    status = f"${layout.template_column(STATUS.key)}{table.first_row}"
    return (f"AND(ISNUMBER({due}),{due}<TODAY(),"
            f"COUNTIF({layout.defined_name(CLOSED_STATUSES)},{status})=0)")


def highlight_unexplained(sheet, formats, table: Table, started: str) -> None:
    """An empty Remarks cell of a step that is overdue or due later than originally due:
    the check's unexplained-delay, shown while the official types."""
    due = f"${layout.template_column(DUE_DATE.key)}{table.first_row}"
    baseline = f"${layout.template_column(BASELINE.key)}{table.first_row}"
    remarks = f"{layout.template_column(REMARKS.key)}{table.first_row}"
    moved = f"AND(ISNUMBER({due}),ISNUMBER({baseline}),{due}>{baseline})"
    sheet.conditional_format(table.column_range(REMARKS.key), {
        "type": "formula", "format": formats["recommended_empty"],
        "criteria": f"=AND({started}=1,LEN(TRIM({remarks}))=0,"
                    f"OR({late_formula(table, '$')},{moved}))"})


def status_colours(sheet, formats, plan, table: Table, language: str = "en") -> None:
    """Each status cell in the colour of what its status means (done green, on track blue,
    at risk amber, late red, inactive grey), as in the consolidated workbook's charts; the
    status as the workbook's language writes it."""
    for status in plan.choices("statuses"):
        meaning = plan.status_meaning(status)
        if meaning is None:
            continue
        shown = plan.choice_in("statuses", status, language)
        quoted = '"' + shown.replace('"', '""') + '"'  # Excel compares text without case
        sheet.conditional_format(table.column_range(STATUS.key), {
            "type": "cell", "criteria": "equal to", "value": quoted,
            "format": formats[status_style(meaning)]})


def column_ranges(table: Table, columns) -> list[str]:
    """The data ranges of `columns`, neighbouring columns joined: ['B7:D156', 'G7:I156']."""
    return [xl_range(table.first_row - 1, a, table.last_row - 1, b)
            for a, b in column_spans(c.key for c in columns)]
