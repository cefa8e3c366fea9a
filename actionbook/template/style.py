"""The look of the generated workbook: one palette, the shared cell formats, text sizing.

Every sheet writer takes its formats from `Formats`, so the cover, the guide and the
action sheet look like one form, and the legend on the cover shows the very formats used.
"""

from __future__ import annotations

import functools
import math
import textwrap
from collections.abc import Sequence

from actionbook.schema.colours import MEANING_COLOURS

NAVY = "#1F3864"
BLUE = "#2F5597"
HEADER_FILL = "#D9E1F2"
QUESTION_FILL = "#EEF3FA"
GREY_FILL = "#F2F2F2"
GRID = "#BFBFBF"
GREY_TEXT = "#595959"
EXAMPLE_TEXT = "#7F7F7F"
REQUIRED_FILL = "#FFD966"  # amber: a required cell still empty
RECOMMENDED_FILL = "#FFF2CC"  # pale yellow: a recommended cell still empty
OVERDUE_FILL = "#F8CBAD"
OVERDUE_TEXT = "#9C0006"
ACCENT = "#C55A11"  # marks the headers of required columns

FONT = "Calibri"
DATE_FORMAT = "d mmm yyyy"  # unambiguous in every locale, unlike 03/04/2027
COST_FORMAT = "#,##0"
INPUT_TITLE_LIMIT = 32  # Excel refuses longer titles of input messages and error alerts
INPUT_MESSAGE_LIMIT = 255

BASE = {"font_name": FONT, "font_size": 10, "valign": "top", "text_wrap": True}
BORDERED = {"border": 1, "border_color": GRID}

def status_style(meaning: str) -> str:
    """The style name of a status cell whose status means `meaning`."""
    return "status_" + meaning.replace(" ", "_")


STYLES: dict[str, dict] = {
    "title": {"bold": True, "font_size": 16, "font_color": NAVY, "text_wrap": False,
              "valign": "vcenter"},
    "subtitle": {"font_size": 11, "font_color": GREY_TEXT, "text_wrap": False},
    "title_wrapped": {"bold": True, "font_size": 16, "font_color": NAVY, "text_wrap": True,
                      "valign": "vcenter"},
    "subtitle_centred": {"font_size": 11, "font_color": GREY_TEXT, "text_wrap": False,
                         "valign": "vcenter"},
    "section": {"bold": True, "font_size": 12, "font_color": "#FFFFFF", "bg_color": NAVY,
                "valign": "vcenter", "text_wrap": False},
    "group": {"bold": True, "font_size": 11, "font_color": "#FFFFFF", "bg_color": NAVY,
              "align": "center", "valign": "vcenter", "border": 1, "border_color": "#FFFFFF"},
    "group_alt": {"bold": True, "font_size": 11, "font_color": "#FFFFFF", "bg_color": BLUE,
                  "align": "center", "valign": "vcenter", "border": 1,
                  "border_color": "#FFFFFF"},
    "header": {"bold": True, "bg_color": HEADER_FILL, "valign": "vcenter", **BORDERED},
    "header_required": {"bold": True, "bg_color": HEADER_FILL, "valign": "vcenter",
                        **BORDERED, "top": 5, "top_color": ACCENT},
    "question": {"italic": True, "font_size": 9, "font_color": GREY_TEXT,
                 "bg_color": QUESTION_FILL, **BORDERED},
    "example": {"italic": True, "font_color": EXAMPLE_TEXT, "bg_color": GREY_FILL, **BORDERED},
    "example_date": {"italic": True, "font_color": EXAMPLE_TEXT, "bg_color": GREY_FILL,
                     "num_format": DATE_FORMAT, "align": "left", **BORDERED},
    "example_cost": {"italic": True, "font_color": EXAMPLE_TEXT, "bg_color": GREY_FILL,
                     "num_format": COST_FORMAT, **BORDERED},
    "input": {"locked": False, **BORDERED},
    "input_date": {"locked": False, "num_format": DATE_FORMAT, "align": "left", **BORDERED},
    "input_cost": {"locked": False, "num_format": COST_FORMAT, **BORDERED},
    "input_id": {"locked": False, "bg_color": GREY_FILL, "font_color": GREY_TEXT, **BORDERED},
    # Filled in by actionbook (Column.locked): grey like the ID, and locked, so that the
    # sheet's protection keeps the official from typing over it.
    "carried": {"bg_color": GREY_FILL, "font_color": GREY_TEXT, **BORDERED},
    "carried_date": {"bg_color": GREY_FILL, "font_color": GREY_TEXT, "num_format": DATE_FORMAT,
                     "align": "left", **BORDERED},
    "locked_value": {"bg_color": GREY_FILL, "bold": True, **BORDERED},
    "label": {"bold": True, **BORDERED, "bg_color": HEADER_FILL},
    "note": {"italic": True, "font_size": 9, "font_color": GREY_TEXT},
    "counter": {"bold": True, "font_size": 12, "font_color": NAVY, "bg_color": GREY_FILL,
                **BORDERED, "valign": "vcenter"},
    "body": {},
    "body_bold": {"bold": True},
    "emphasis": {"italic": True, "font_color": NAVY},
    "table_head": {"bold": True, "bg_color": HEADER_FILL, **BORDERED},
    "table_cell": {**BORDERED},
    "table_cell_bold": {"bold": True, **BORDERED},
    "hidden_key": {"font_color": EXAMPLE_TEXT, "font_size": 8},
    "helper": {"font_color": EXAMPLE_TEXT, "font_size": 8, "text_wrap": False},
    "required_empty": {"bg_color": REQUIRED_FILL},
    "recommended_empty": {"bg_color": RECOMMENDED_FILL},
    "overdue": {"bg_color": OVERDUE_FILL, "font_color": OVERDUE_TEXT, "bold": True},
    "legend_input": {"locked": True, **BORDERED},
    "legend_locked": {"bg_color": GREY_FILL, **BORDERED},
    "legend_required": {"bg_color": REQUIRED_FILL, **BORDERED},
    "legend_recommended": {"bg_color": RECOMMENDED_FILL, **BORDERED},
    "legend_overdue": {"bg_color": OVERDUE_FILL, "font_color": OVERDUE_TEXT, "bold": True,
                       **BORDERED},
}
# A status cell in the colour of what its status means (schema.colours: one palette).
STYLES |= {status_style(meaning): {"bg_color": colour.fill, "font_color": colour.text}
           for meaning, colour in MEANING_COLOURS.items()}
# Conditional formats carry only what they change: a full format would reset the font.
CONDITIONAL = {"required_empty", "recommended_empty", "overdue",
               *(status_style(meaning) for meaning in MEANING_COLOURS)}


class Formats(dict):
    """The workbook's shared formats by style name: formats["input_date"]. A cost shows the
    plan's currency (USD 120,000) when the plan names one."""

    def __init__(self, workbook, currency: str | None = None):
        super().__init__()
        for name, style in STYLES.items():
            props = dict(style) if name in CONDITIONAL else {**BASE, **style}
            if currency and props.get("num_format") == COST_FORMAT:
                props["num_format"] = f'"{currency} "{COST_FORMAT}'
            self[name] = workbook.add_format(props)


def text_lines(text: str, width: float, font_size: float = 10) -> int:
    """How many lines `text` wraps to in a column `width` characters wide (an estimate)."""
    if len(text) > REMEMBERED_TEXT:
        return wrapped_lines(text, width, font_size)
    return remembered_lines(text, width, font_size)


REMEMBERED_TEXT = 500  # a plan repeats its short texts row after row, workbook after workbook


@functools.lru_cache(maxsize=4096)
def remembered_lines(text: str, width: float, font_size: float) -> int:
    return wrapped_lines(text, width, font_size)


def wrapped_lines(text: str, width: float, font_size: float) -> int:
    """How many lines `text` wraps to in a column `width` characters wide (an estimate)."""
    per_line = max(4, int(width * 1.15 * 11 / font_size) - 1)
    return sum(max(1, len(textwrap.wrap(part, per_line)) or 1) for part in str(text).split("\n"))


def row_height(cells: Sequence[tuple[str, float]], font_size: float = 10,
               minimum: float = 15) -> float:
    """A row height (points) showing every (text, column width) cell without cutting it."""
    lines = max((text_lines(text, width, font_size) for text, width in cells), default=1)
    return max(minimum, math.ceil(lines * font_size * 1.3 + 5))


def clip(text: str, limit: int) -> str:
    """`text` cut at a word boundary to fit Excel's `limit` (input messages, alert titles)."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def header_footer_text(text: str) -> str:
    """Text safe inside an Excel header or footer, where & starts a code."""
    return clip(text, 100).replace("&", "&&")


def legend(closed_statuses: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """(style, sample text, meaning) of each colour the workbook uses, for its legends."""
    closed = " or ".join(closed_statuses)
    return (
        ("legend_input", "Type here", "White cells are yours to fill in."),
        ("legend_locked", "Filled in for you", "Grey cells are filled in for you, or show "
         "an example: leave them as they are."),
        ("header_required", "Required column", "An orange bar above a column header marks "
         "a column every action step must fill in."),
        ("legend_required", "Required, empty", "Amber: required and still empty, in a row "
         "you have started."),
        ("legend_recommended", "Recommended, empty", "Pale yellow: recommended and still "
         "empty."),
        ("legend_overdue", "Overdue", "Red: the due date has passed and the step's status "
         f"is not {closed}."),
    )


def long_date(day) -> str:
    """1 January 2027: a date no reader can misread, whatever their locale."""
    return f"{day.day} {day:%B %Y}"
