"""The Action Plan sheet: the seed's table with headers, questions, an example and id rows.

Rows follow layout.py: 1 keys (hidden), 2 title, 3 group headers, 4 headers, 5 questions,
6 the example, data from 7. Three hidden helper columns right of the table count, per row,
whether it is started and how many of its required cells are filled, for the colour rules
(the cover's counter counts the table's ranges itself: template/counter.py). Dropdowns,
validation and colour rules are added by template_rules.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name

from actionbook import schema
from actionbook.findings import Severity
from actionbook.schema import layout, vocabulary
from actionbook.schema.examples import example_value
from actionbook.schema.table import Kind
from actionbook.schema.wording import question_text
from actionbook.template.style import FONT, header_footer_text, row_height, text_lines
from actionbook.template.values import ID_KEY, cell_value, goal_cell, row_counts, row_started

HELPERS = ("started", "filled", "required")
FROZEN_COLUMNS = len(schema.groups()[0][1])  # the Action Step group stays in view
INPUT_STYLES = {Kind.ID: "input_id", Kind.DATE: "input_date"}
EXAMPLE_STYLES = {Kind.DATE: "example_date"}
A3 = 8
TITLE_WIDTH_POINTS = 18  # the title's 16-point bold runs as wide as 18-point plain


@dataclass(frozen=True)
class Table:
    """Where the action table sits: `rows` data rows from layout.FIRST_DATA_ROW."""

    rows: int

    @property
    def first_row(self) -> int:
        return layout.FIRST_DATA_ROW

    @property
    def last_row(self) -> int:
        return layout.FIRST_DATA_ROW + self.rows - 1

    def cell(self, key: str, index: int) -> str:
        """The A1 reference of field `key` in data row `index` (0-based)."""
        return f"{layout.template_column(key)}{self.first_row + index}"

    def column_range(self, key: str) -> str:
        letter = layout.template_column(key)
        return f"{letter}{self.first_row}:{letter}{self.last_row}"

    def helper_letter(self, name: str) -> str:
        return xl_col_to_name(len(schema.COLUMNS) + HELPERS.index(name))

    def helper_range(self, name: str) -> str:
        """The absolute, sheet-qualified range of a helper column, for the cover's formulas."""
        letter = self.helper_letter(name)
        return f"'{layout.ACTIONS_SHEET}'!${letter}${self.first_row}:${letter}${self.last_row}"


def write_actions(workbook, formats, plan, ministry, rows: list[dict], table: Table,
                  language: str = "en"):
    """The sheet in `language`: headers, questions, group headers and the values of
    dropdown lists (prefilled ones included) as vocabulary.py and the plan translate them."""
    sheet = workbook.add_worksheet(layout.ACTIONS_SHEET)
    write_heading(sheet, formats, plan, ministry, language)
    write_example(sheet, formats, plan, ministry, language)
    for index, row in enumerate(rows):
        write_row(sheet, formats, plan, table, index, row, language)
    set_up_sheet(sheet, plan, ministry, table, language)
    id_col = schema.action_keys().index(ID_KEY)
    id_width = max(len(str(row.get(ID_KEY) or "")) for row in rows) + 2  # e.g. HEALTH-001
    sheet.set_column(id_col, id_col, max(schema.COLUMNS[id_col].width, id_width))
    return sheet


def write_heading(sheet, formats, plan, ministry, language: str) -> None:
    for col, column in enumerate(schema.COLUMNS):
        sheet.write_string(layout.KEY_ROW - 1, col, column.key, formats["hidden_key"])
    sheet.set_row(layout.KEY_ROW - 1, None, None, {"hidden": True})
    write_title(sheet, formats, plan, ministry, language)
    write_groups(sheet, formats, language)
    headers = [vocabulary.header(c, language) for c in schema.COLUMNS]
    questions = [question(c, plan, language) for c in schema.COLUMNS]
    for col, column in enumerate(schema.COLUMNS):
        style = "header_required" if column.required is Severity.ERROR else "header"
        sheet.write_string(layout.HEADER_ROW - 1, col, headers[col], formats[style])
        sheet.write_string(layout.QUESTION_ROW - 1, col, questions[col], formats["question"])
    widths = [c.width for c in schema.COLUMNS]
    sheet.set_row(layout.HEADER_ROW - 1, row_height(list(zip(headers, widths)), 10, minimum=30))
    sheet.set_row(layout.QUESTION_ROW - 1, row_height(list(zip(questions, widths)), 9))


def question(column, plan, language: str = "en") -> str:
    """The guiding question under a header, in `language` and worded by the plan; a cost's
    says the plan's currency."""
    text = question_text(column, plan, language)
    if column.cost and plan.currency:
        return f"{text} In {plan.currency}."
    return text


def write_title(sheet, formats, plan, ministry, language: str) -> None:
    """The title over the frozen columns, wrapped in a row as tall as it needs: text that
    overflows is cut where the next cell holds something (the subtitle) and, in Excel, at
    the frozen pane's edge, so a long ministry name lost its end."""
    name = plan.ministry(ministry).name_in(language) if ministry else \
        "Ministry: see the Cover sheet"
    title = f"Action Plan  ·  {name}"
    row = layout.TITLE_ROW - 1
    sheet.merge_range(row, 0, row, FROZEN_COLUMNS - 1, title, formats["title_wrapped"])
    sheet.write_string(row, FROZEN_COLUMNS, f"{plan.title_in(language)}  ·  {plan.cycle}",
                       formats["subtitle_centred"])
    sheet.set_row(row, title_height(title))


def title_height(title: str) -> float:
    """Points for the title's lines across the frozen columns, at 16 points in bold."""
    width = sum(column.width for column in schema.COLUMNS[:FROZEN_COLUMNS])
    lines = text_lines(title, width, TITLE_WIDTH_POINTS)
    return max(28, math.ceil(lines * 16 * 1.3 + 6))


def write_groups(sheet, formats, language: str) -> None:
    col = 0
    row = layout.GROUP_ROW - 1
    for number, (name, columns) in enumerate(schema.groups()):
        style = formats["group" if number % 2 == 0 else "group_alt"]
        group = vocabulary.group(name, language)
        last = col + len(columns) - 1
        if last > col:
            sheet.merge_range(row, col, row, last, group, style)
        else:
            sheet.write_string(row, col, group, style)
        col = last + 1
    sheet.set_row(row, 22)


def input_style(column) -> str:
    if column.locked:
        return "carried_date" if column.kind is Kind.DATE else "carried"
    return "input_cost" if column.cost else INPUT_STYLES.get(column.kind, "input")


def example_style(column) -> str:
    return "example_cost" if column.cost else EXAMPLE_STYLES.get(column.kind, "example")


def write_example(sheet, formats, plan, ministry, language: str) -> None:
    row = layout.EXAMPLE_ROW - 1
    cells = []
    for col, column in enumerate(schema.COLUMNS):
        value = layout.EXAMPLE_ID if column.kind is Kind.ID else shown_value(
            plan, column, example_value(column, plan, ministry), language)
        sheet.write(row, col, value, formats[example_style(column)])
        cells.append((str(value), column.width))
    sheet.set_row(row, row_height(cells))


def write_row(sheet, formats, plan, table: Table, index: int, row: dict,
              language: str = "en") -> None:
    """One data row: its values (blank cells keep their input format) and helper formulas."""
    excel_row = table.first_row + index
    texts = []
    for col, column in enumerate(schema.COLUMNS):
        value = shown_value(plan, column, row.get(column.key), language)
        style = formats[input_style(column)]
        if value is None:
            sheet.write_blank(excel_row - 1, col, None, style)
        else:
            sheet.write(excel_row - 1, col, value, style)
            texts.append((str(value), column.width))
    if row_started(row):  # a blank row keeps its default height, which grows as one types
        sheet.set_row(excel_row - 1, row_height(texts))
    write_helpers(sheet, formats, table, excel_row, row)


def shown_value(plan, column, value, language: str = "en"):
    """A value as the workbook in `language` shows it: a goal as its dropdown label, a list
    value in that language, anything else as it is."""
    if column.choices == "goals":
        return goal_cell(plan, value, language)
    if column.choices and isinstance(value, str):
        return plan.choice_in(column.choices, value, language)
    return cell_value(value, column.kind)


def helper_formulas(table: Table, r: int) -> tuple[str, str, str]:
    """Row r's started flag (any cell the official types into but the ID holds something),
    required cells filled, and required cells (all of them once started) - the rule of
    completeness_counts."""
    return tuple(pattern.replace(ROW, str(r)) for pattern in helper_patterns())  # type: ignore[return-value]


ROW = "{row}"  # where a helper formula's pattern names its row


@functools.cache  # the same for every row but its number: worked out once
def helper_patterns() -> tuple[str, str, str]:
    required = [layout.template_column(c.key) for c in schema.required_columns(Severity.ERROR)]
    started = f"{xl_col_to_name(len(schema.COLUMNS) + HELPERS.index('started'))}{ROW}"
    filled = "+".join(f"(LEN(TRIM({letter}{ROW}))>0)" for letter in required)
    typed = "+".join(f"SUMPRODUCT(--(LEN(TRIM({span}))>0))"
                     for span in row_spans(schema.started_keys(), ROW))
    return (f"=IF({typed}>0,1,0)", f"=IF({started}=1,{filled},0)",
            f"={started}*{len(required)}")


def column_spans(keys) -> list[tuple[int, int]]:
    """The table's columns of `keys` as (first, last) indexes, neighbouring columns joined."""
    spans: list[list[int]] = []
    for index in sorted(schema.action_keys().index(key) for key in keys):
        if spans and spans[-1][1] == index - 1:
            spans[-1][1] = index
        else:
            spans.append([index, index])
    return [(a, b) for a, b in spans]


def row_spans(keys, r: int | str) -> list[str]:
    """The cells of `keys` in row r as ranges, neighbouring columns joined: ['B7:G7', 'I7:X7']."""
    return [f"{xl_col_to_name(a)}{r}:{xl_col_to_name(b)}{r}" for a, b in column_spans(keys)]


def write_helpers(sheet, formats, table: Table, r: int, row: dict) -> None:
    """The helper formulas of row `r`, each with the value it computes as its cached result."""
    filled, required = row_counts(row)
    values = (int(row_started(row)), filled, required)
    for offset, (formula, value) in enumerate(zip(helper_formulas(table, r), values)):
        sheet.write_formula(r - 1, len(schema.COLUMNS) + offset, formula, formats["helper"], value)


def set_up_sheet(sheet, plan, ministry, table: Table, language: str) -> None:
    for col, column in enumerate(schema.COLUMNS):
        sheet.set_column(col, col, column.width)
    helpers = len(schema.COLUMNS)
    sheet.set_column(helpers, helpers + len(HELPERS) - 1, 8, None, {"hidden": True})
    # Rows 1-6 stay in view, with the filter buttons on the example row: the filtered and
    # sorted range must start below it, or sorting would move the locked question row and
    # the example into the data, which a protected sheet refuses.
    sheet.freeze_panes(layout.EXAMPLE_ROW, FROZEN_COLUMNS)
    sheet.autofilter(layout.EXAMPLE_ROW - 1, 0, table.last_row - 1, len(schema.COLUMNS) - 1)
    set_up_printing(sheet, plan, ministry, table, language)


def set_up_printing(sheet, plan, ministry, table: Table, language: str) -> None:
    sheet.set_landscape()
    sheet.set_paper(A3)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(layout.GROUP_ROW - 1, layout.QUESTION_ROW - 1)
    sheet.print_area(layout.TITLE_ROW - 1, 0, table.last_row - 1, len(schema.COLUMNS) - 1)
    sheet.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
    who = plan.ministry(ministry).name_in(language) if ministry else "Action Plan"
    sheet.set_header(f"&L&\"{FONT},Bold\"{header_footer_text(plan.title_in(language))}"
                     f"&R{header_footer_text(who)}")
    sheet.set_footer(f"&L{header_footer_text(plan.cycle)}&CPage &P of &N&R&A")
