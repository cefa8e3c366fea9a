"""The Cover sheet: who submits the plan, and the live count of required cells filled.

Column A (hidden) carries each field's key so the reader finds fields even if labels are
edited; labels are in B, values in C, guidance in D. The counter's two numbers sit in hidden
columns F and G of its row, and the text in C is built from them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell

from actionbook import schema
from actionbook.findings import Severity
from actionbook.schema import layout
from actionbook.schema.table import Key, Kind
from actionbook.schema.wording import example_date_text, help_text
from actionbook.template import counter
from actionbook.template.actions import Table
from actionbook.template.lists import MINISTRY_NAMES
from actionbook.template.style import (
    INPUT_MESSAGE_LIMIT,
    INPUT_TITLE_LIMIT,
    clip,
    legend,
    long_date,
    row_height,
)
from actionbook.template.values import cell_value, counter_text, required_cover_keys

KEY, LABEL, VALUE, NOTE = (xl_cell_to_rowcol(f"{c}1")[1] for c in (
    layout.COVER_KEY_COLUMN, layout.COVER_LABEL_COLUMN, layout.COVER_VALUE_COLUMN, "D"))
# Hidden columns of the counter row: required cells filled, required, rows started, problems,
# then each kind of problem (counter.problem_formulas) in its own column.
FILLED, REQUIRED, STARTED, PROBLEMS, FIRST_PROBLEM = 5, 6, 7, 8, 9
WIDTHS = {LABEL: 30, VALUE: 46, NOTE: 62}
MINISTRIES = "ministries"  # the list the ministry field picks from
MINISTRY = next(f for f in schema.COVER_FIELDS if f.choices == MINISTRIES)
MINISTRY_NAME = schema.cover_field(Key.MINISTRY_NAME)
OWNER = schema.cover_field(Key.PLAN_OWNER)
SUBMISSION_DATES = (dt.date(2000, 1, 1), dt.date(2099, 12, 31))

STEPS = (
    "Check the ministry, then name the plan owner, a contact and the reporting period above.",
    "Read the Instructions sheet: it explains what each column of the action plan asks.",
    "On the Action Plan sheet, write one action step per row, in the white rows under the "
    "grey example. Pick goals, resource types, cadences and statuses from the dropdowns.",
    "Cells turn amber when a row you have started still misses required information; the "
    "counter above shows how much is filled.",
    "When the counter reads 100% and no problem found, fill in the submission date, save the "
    "workbook as .xlsx (keep its name) and send it back to your coordinator.",
    "At every review, update the Status column: a good action plan is a living document.",
)


COUNTER_NOTE = (
    "Counts the required cells of this cover and of every row you have started on the Action "
    "Plan sheet, and the problems the workbook can see: a value not in its dropdown list, a "
    "date or cost that is not one, a due date before the start, a repeated ID or step, no step "
    "yet, or anything typed far below the table. Send it when it reads 100% and no problem.")


def owner_note() -> str:
    """The seed's 'Ownership' component: how the plan owner differs from the responsible."""
    return dict(schema.COMPONENTS)["Ownership"]


def cell(key: str, absolute: bool = False) -> str:
    """The A1 reference of a cover field's value ($C$7 when `absolute`)."""
    mark = "$" if absolute else ""
    return f"{mark}{layout.COVER_VALUE_COLUMN}{mark}{layout.cover_row(key)}"


def counter_formulas(table: Table) -> tuple[str, str, str]:
    """(filled, required, started) formulas: the table's started rows, plus the cover fields."""
    ranges, keys = counter.Ranges(table.last_row), required_cover_keys()
    started = xl_rowcol_to_cell(layout.counter_row() - 1, STARTED, True, True)
    fields = "".join(f"+(LEN({counter.visible(cell(k, True))})>0)" for k in keys)
    filled = f"{counter.filled_formula(ranges)}{fields}"
    required = f"={started}*{len(counter.required_keys())}+{len(keys)}"
    return filled, required, counter.started_formula(ranges)


def write_cover(workbook, formats, plan, ministry, cover: dict, counts: Counts, table: Table):
    sheet = workbook.add_worksheet(layout.COVER_SHEET)
    write_heading(sheet, formats, plan, ministry)
    for field in schema.COVER_FIELDS:
        write_field(sheet, formats, plan, ministry, field, cover)
    write_counter(sheet, formats, counts, table)
    write_guide(sheet, formats, plan, layout.counter_row() + 2)
    set_up_sheet(sheet)  # highlight_empty comes after any decoration (workbook.colour_rules)
    return sheet


def write_heading(sheet, formats, plan, ministry) -> None:
    sheet.set_row(0, 30)
    sheet.write_string(0, LABEL, plan.title, formats["title"])
    sheet.write_string(1, LABEL, f"Action plan workbook  ·  {plan.cycle}", formats["subtitle"])
    period = f"Plan period: {long_date(plan.start)} to {long_date(plan.end)}"
    name = plan.ministry(ministry).name if ministry else "every ministry of the plan"
    sheet.write_string(2, LABEL, f"{period}  ·  For {name}", formats["subtitle"])
    row = layout.COVER_FIRST_ROW - 2
    sheet.set_row(row, 20)
    for col, text in ((LABEL, "About your plan"), (VALUE, "Your answer"), (NOTE, "What to write")):
        sheet.write_string(row, col, text, formats["section"])


def write_field(sheet, formats, plan, ministry, field, cover: dict) -> None:
    """One field's row: hidden key, label, value (input, locked or formula) and guidance."""
    row = layout.cover_row(field.key) - 1
    sheet.write_string(row, KEY, field.key, formats["hidden_key"])
    sheet.write_string(row, LABEL, field.label, formats["label"])
    words = help_text(field, plan)
    note = f"Required. {words}" if field.required is Severity.ERROR else words
    sheet.write_string(row, NOTE, note, formats["note"])
    sheet.set_row(row, row_height([(note, WIDTHS[NOTE]), (field.label, WIDTHS[LABEL])],
                                  9, minimum=22))
    if field is MINISTRY:
        write_ministry(sheet, formats, plan, ministry, cover.get(field.key), row)
    elif field is MINISTRY_NAME:
        write_ministry_name(sheet, formats, plan, ministry, cover.get(MINISTRY.key), row)
    else:
        write_input(sheet, formats, plan, field, cover.get(field.key), row)
    if field is OWNER:
        sheet.write_comment(row, LABEL, owner_note(), {"x_scale": 2.2, "y_scale": 1.6,
                                                       "author": "actionbook"})


def write_ministry(sheet, formats, plan, ministry, value, row) -> None:
    if ministry:  # a ministry's own workbook: its code is fixed
        sheet.write_string(row, VALUE, ministry, formats["locked_value"])
        return
    write_input(sheet, formats, plan, MINISTRY, value, row)
    sheet.data_validation(row, VALUE, row, VALUE, {
        "validate": "list", "source": "=" + layout.defined_name(MINISTRIES),
        "input_title": clip(MINISTRY.label, INPUT_TITLE_LIMIT),
        "input_message": clip(MINISTRY.help + " Pick it from the list.", INPUT_MESSAGE_LIMIT),
        "error_title": "Pick a ministry from the list",
        "error_message": "Choose your ministry's code from the dropdown list: the plan "
                         "roster lists every ministry taking part.",
    })


def write_ministry_name(sheet, formats, plan, ministry, code, row) -> None:
    if ministry:
        sheet.write_string(row, VALUE, plan.ministry(ministry).name, formats["locked_value"])
        return
    # The generic workbook looks the name up from the code picked in the dropdown.
    found = plan.ministry(code.strip()) if isinstance(code, str) else None
    ministry_cell = f"${layout.COVER_VALUE_COLUMN}${layout.cover_row(MINISTRY.key)}"
    formula = (f'=IFERROR(INDEX({layout.defined_name(MINISTRY_NAMES)},MATCH({ministry_cell},'
               f'{layout.defined_name(MINISTRIES)},0)),"")')
    sheet.write_formula(row, VALUE, formula, formats["locked_value"], found.name if found else "")


def write_input(sheet, formats, plan, field, value, row) -> None:
    kind_format = formats["input_date"] if field.kind is Kind.DATE else formats["input"]
    value = cell_value(value, field.kind)
    if value is None:
        sheet.write_blank(row, VALUE, None, kind_format)
    else:
        sheet.write(row, VALUE, value, kind_format)
    if field is not MINISTRY:
        sheet.data_validation(row, VALUE, row, VALUE, field_validation(plan, field))


def field_validation(plan, field) -> dict:
    message = {"input_title": clip(field.label, INPUT_TITLE_LIMIT),
               "input_message": clip(help_text(field, plan), INPUT_MESSAGE_LIMIT)}
    if field.kind is not Kind.DATE:
        return {"validate": "any", **message}
    first, last = SUBMISSION_DATES
    return {"validate": "date", "criteria": "between", "minimum": first, "maximum": last,
            "error_title": "Not a date", **message,
            "error_message": f"Type a date, for example {example_date_text(plan)}."}


@dataclass(frozen=True)
class Counts:
    """What the counter's formulas compute for the values the template writes."""

    filled: int
    required: int
    started: int
    problems: dict[str, int]


def write_counter(sheet, formats, counts: Counts, table: Table) -> None:
    """The counter: filled and required cells, rows started and each kind of problem in
    hidden cells (array formulas, cached with the values they compute), and their text."""
    row = layout.counter_row() - 1
    sheet.set_row(row, row_height([(COUNTER_NOTE, WIDTHS[NOTE])], 9, minimum=34))
    sheet.write_string(row, LABEL, layout.COUNTER_LABEL, formats["label"])
    filled, required, started = counter_formulas(table)
    for col, formula, value in ((FILLED, filled, counts.filled),
                                (REQUIRED, required, counts.required),
                                (STARTED, started, counts.started)):
        write_array(sheet, row, col, formula, formats["helper"], value)
    parts = counter.problem_formulas(counter.Ranges(table.last_row))
    for offset, key in enumerate(parts):
        write_array(sheet, row, FIRST_PROBLEM + offset, parts[key], formats["helper"],
                    counts.problems[key])
    f, r, s, p, first, last = (xl_rowcol_to_cell(row, c) for c in (
        FILLED, REQUIRED, STARTED, PROBLEMS, FIRST_PROBLEM, FIRST_PROBLEM + len(parts) - 1))
    others = sum(counts.problems.values())
    sheet.write_formula(row, PROBLEMS, f"=SUM({first}:{last})", formats["helper"], others)
    none = f'IF({s}=0,"no action step yet"&IF({p}>0,"; ",""),"")'
    found = f'IF({p}=0,"",{p}&IF({p}=1," problem"," problems")&" to fix")'
    text = (f'={f}&" of "&{r}&" required cells filled ("&IF({r}=0,100,INT(100*{f}/{r}))'
            f'&"%)  ·  "&IF(AND({s}>0,{p}=0),"no problem found",{none}&{found})')
    sheet.write_formula(row, VALUE, text, formats["counter"],
                        counter_text(counts.filled, counts.required, others, counts.started))
    sheet.write_string(row, NOTE, COUNTER_NOTE, formats["note"])


def write_array(sheet, row: int, col: int, formula: str, style, value) -> None:
    """One cell's array formula: Excel and LibreOffice both evaluate its ranges row by row."""
    sheet.write_array_formula(row, col, row, col, "{" + formula + "}", style, value)


def write_guide(sheet, formats, plan, row: int) -> None:
    """Below the counter: the steps to complete the workbook, then what the colours mean."""
    write_section(sheet, formats, row, "How to complete this workbook")
    for number, step in enumerate(STEPS, 1):
        sheet.merge_range(row + number, LABEL, row + number, NOTE, f"{number}.  {step}",
                          formats["body"])
        sheet.set_row(row + number, row_height([(step, sum(WIDTHS.values()) - 4)]))
    row += len(STEPS) + 2
    write_section(sheet, formats, row, "What the colours mean")
    for offset, (style, sample, meaning) in enumerate(legend(plan.closed_statuses), 1):
        sheet.write_string(row + offset, LABEL, sample, formats[style])
        sheet.merge_range(row + offset, VALUE, row + offset, NOTE, meaning, formats["body"])
        sheet.set_row(row + offset, 18)


def write_section(sheet, formats, row: int, heading: str) -> None:
    sheet.write_string(row, LABEL, heading, formats["section"])
    for col in (VALUE, NOTE):
        sheet.write_blank(row, col, None, formats["section"])


def highlight_empty(sheet, formats) -> None:
    """Required cover fields still empty turn amber, recommended ones pale yellow."""
    for field in schema.COVER_FIELDS:
        style = {Severity.ERROR: "required_empty", Severity.WARNING: "recommended_empty"}
        if field.required in style:
            ref = cell(field.key)
            sheet.conditional_format(ref, {"type": "formula",
                                           "criteria": f"=LEN({counter.visible(ref)})=0",
                                           "format": formats[style[field.required]]})


def set_up_sheet(sheet) -> None:
    sheet.set_column(KEY, KEY, 14, None, {"hidden": True})
    for col, width in WIDTHS.items():
        sheet.set_column(col, col, width)
    sheet.set_column(FILLED, FIRST_PROBLEM + len(counter.problem_formulas(counter.Ranges(0))),
                     8, None, {"hidden": True})
    sheet.hide_gridlines(2)
    sheet.set_portrait()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.activate()
    sheet.set_first_sheet()
