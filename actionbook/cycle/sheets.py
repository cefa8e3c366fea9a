"""Changes -> the sheets that show them: one row per change, and the count per ministry.

The same two sheets make `actionbook diff -o changes.xlsx` (workbook.py) and the Changes
sheets of `actionbook consolidate --previous` (review.py). A row puts the value before and
after side by side, the two cells highlighted; the change's code is coloured by what it means
(done green, later red, added blue). Submitted text is only ever written with write_string on
a workbook that turns no string into a formula or a link.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from actionbook import schema
from actionbook.consolidation.tables import SheetWriter, label, table_name
from actionbook.cycle.changes import WARNING, Change, ChangeCode, Changes, Side
from actionbook.plan import Plan
from actionbook.schema.colours import Colour, meaning_colour
from actionbook.schema.table import AT_RISK, DONE, INACTIVE, LATE, ON_TRACK, Key, Kind

CHANGES_SHEET, COUNTS_SHEET = "Changes", "Changes by Ministry"
TITLE_ROW, OLD_ROW, NEW_ROW, SUMMARY_ROW, HEADER_ROW = 0, 1, 2, 3, 5
SHEET_ROWS = 1_048_576 - HEADER_ROW - 1  # the changes a sheet holds below its header
LINE_HEIGHT, MAX_LINES = 15, 12  # points a line of text takes; a row grows to 12 at most
DATE_KEYS, COST_KEYS = set(schema.keys_of(Kind.DATE)), set(schema.cost_keys())

# (header, width): the Changes table, left to right
COLUMNS = ((label("ministry"), 10), (label(Key.ACTION_ID), 11), (label(Key.ACTION_STEP), 42),
           ("Change", 15), ("Column", 20), ("Was", 24), ("Now", 24), ("Days", 7),
           ("What moved", 60))
LABELS = {
    ChangeCode.ADDED: "Added", ChangeCode.REMOVED: "Removed",
    ChangeCode.RENUMBERED: "Renumbered", ChangeCode.COMPLETED: "Completed",
    ChangeCode.REOPENED: "Reopened", ChangeCode.STATUS_CHANGED: "Status changed",
    ChangeCode.SLIPPED: "Slipped", ChangeCode.PULLED_IN: "Pulled in",
    ChangeCode.FIELD_CHANGED: "Field changed",
}
# A change's code is drawn in the colour of the status meaning it stands nearest (the one
# palette, schema/colours.py): done green, added blue, reopened or re-statused amber, slipped
# red, removed grey; a step removed unfinished is red.
CODE_MEANINGS = {
    ChangeCode.ADDED: ON_TRACK, ChangeCode.REMOVED: INACTIVE, ChangeCode.RENUMBERED: INACTIVE,
    ChangeCode.COMPLETED: DONE, ChangeCode.REOPENED: AT_RISK,
    ChangeCode.STATUS_CHANGED: AT_RISK, ChangeCode.SLIPPED: LATE, ChangeCode.PULLED_IN: DONE,
}


def code_colour(code: ChangeCode) -> Colour:
    return meaning_colour(CODE_MEANINGS.get(code))


WAS_FILL, NOW_FILL = "#FBE5D6", "#E2F0D9"  # the two sides of a changed cell


class Formats:
    """The formats of the change rows, made once per workbook."""

    def __init__(self, writer: SheetWriter):
        add = writer.workbook.add_format
        base = {"valign": "top", "text_wrap": True, "border": 1, "border_color": "#D9D9D9"}
        self.text = add(base)
        self.centred = add(base | {"align": "center"})
        self.codes = {code: add(base | {"bold": True, "bg_color": code_colour(code).fill,
                                        "font_color": code_colour(code).text})
                      for code in ChangeCode}
        late = meaning_colour(LATE)
        self.warning = add(base | {"bold": True, "bg_color": late.fill, "font_color": late.text})
        self.sides = {}
        for side, fill, font in (("was", WAS_FILL, "#843C0C"), ("now", NOW_FILL, "#375623")):
            for kind, number in (("text", None), ("date", "yyyy-mm-dd"), ("money", "#,##0")):
                extra = {"num_format": number, "align": "left"} if number else {}
                self.sides[side, kind] = add(base | {"bg_color": fill, "font_color": font}
                                             | extra)
        self.plain_sides = {kind: add(base | ({"num_format": number, "align": "left"}
                                              if number else {}))
                            for kind, number in (("text", None), ("date", "yyyy-mm-dd"),
                                                 ("money", "#,##0"))}
        self.label = add({"bold": True, "font_color": "#1F3864"})


# The Changes sheet ------------------------------------------------------------------------------

def changes_sheet(writer: SheetWriter, ws: Worksheet, changes: Changes, title: str) -> None:
    """One row per change under a header saying what was compared and what moved."""
    formats = Formats(writer)
    compared_header(writer, ws, changes, title, formats)
    rows = changes.changes[:SHEET_ROWS]
    last = HEADER_ROW + max(len(rows), 1)
    writer.tables += 1
    ws.add_table(HEADER_ROW, 0, last, len(COLUMNS) - 1, {
        "columns": [{"header": header, "header_format": writer.header}
                    for header, _ in COLUMNS],
        "name": table_name(ws.name, writer.tables), "style": "Table Style Light 9"})
    for number, change in enumerate(rows, HEADER_ROW + 1):
        change_row(ws, number, change, formats)
    if not rows:
        ws.write_string(HEADER_ROW + 1, 0, "No change: every step stands as it did.",
                        writer.subtitle)
    for col, (_, width) in enumerate(COLUMNS):
        ws.set_column(col, col, width)
    ws.set_row(HEADER_ROW, 30)  # "Ministry code" on two lines
    writer.finish(ws, HEADER_ROW, 2)


def compared_header(writer: SheetWriter, ws: Worksheet, changes: Changes, title: str,
                    formats: Formats) -> None:
    ws.write_string(TITLE_ROW, 0, title, writer.title)
    for row, words, side in ((OLD_ROW, "Previous review", changes.old),
                             (NEW_ROW, "This review", changes.new)):
        ws.write_string(row, 0, words, formats.label)
        ws.write_string(row, 2, side_words(side))
    ws.write_string(SUMMARY_ROW, 0, summary_sentence(changes), writer.subtitle)
    ws.set_row(TITLE_ROW, 24)


def side_words(side: Side) -> str:
    day = f", as of {long_date(side.as_of)}" if side.as_of else ""
    return f"{side.source}{day}"


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def summary_sentence(changes: Changes) -> str:
    """'12 changes: 3 completed, 2 slipped (107 days in all), 1 added. 1 warning: a step
    removed unfinished.'"""
    if not changes.changes:
        return "Nothing moved between the two reviews."
    counts = Counter(change.code for change in changes.changes)
    parts = [f"{counts[code]} {LABELS[code].lower()}"
             + (f" ({days_words(slipped_days(changes))} in all)"
                if code is ChangeCode.SLIPPED else "")
             for code in ChangeCode if counts[code]]
    total = len(changes)
    sentence = f"{total} change{'s' if total != 1 else ''}: {', '.join(parts)}."
    if changes.warnings:
        sentence += (f" {changes.warnings} warning{'s' if changes.warnings != 1 else ''}: "
                     "removed without being completed or cancelled.")
    return sentence


def slipped_days(changes: Changes) -> int:
    return sum(c.days or 0 for c in changes.changes if c.code is ChangeCode.SLIPPED)


def days_words(days: int) -> str:
    return "1 day" if days == 1 else f"{days:,} days"


def change_row(ws: Worksheet, row: int, change: Change, formats: Formats) -> None:
    text = formats.text
    ws.write_string(row, 0, change.ministry or "", text)
    ws.write_string(row, 1, change.action_id or "", text)
    ws.write_string(row, 2, change.step or "", text)
    code = formats.warning if change.severity == WARNING else formats.codes[change.code]
    ws.write_string(row, 3, LABELS[change.code], code)
    column = schema.column(change.field).label if change.field else ""
    ws.write_string(row, 4, column, text)
    highlighted = change.field is not None and change.code is not ChangeCode.RENUMBERED
    for col, side, value in ((5, "was", change.old), (6, "now", change.new)):
        kind = value_kind(change.field)
        fmt = formats.sides[side, kind] if highlighted else formats.plain_sides[kind]
        write_value(ws, row, col, value, kind, fmt)
    if change.days is not None:
        ws.write_number(row, 7, change.days, formats.centred)
    else:
        ws.write_blank(row, 7, None, formats.centred)
    ws.write_string(row, 8, change.message, text)
    ws.set_row(row, LINE_HEIGHT * lines(change))


def lines(change: Change) -> int:
    """The lines the row's longest wrapped cell takes. Set, not left to the reader: Excel
    fits a row to wrapped text when it opens a file, LibreOffice keeps the default height
    and the lines overlap."""
    texts = {2: change.step, 5: change.old, 6: change.new, 8: change.message}
    return min(MAX_LINES, max(wrapped_lines(str(value), COLUMNS[col][1])
                              for col, value in texts.items() if value is not None))


def wrapped_lines(text: str, width: int) -> int:
    per_line = max(width - 2, 1)  # characters of a column `width` wide, its margins apart
    return sum(max(1, -(-len(part) // per_line)) for part in text.splitlines() or [""])


def value_kind(field: str | None) -> str:
    if field in DATE_KEYS:
        return "date"
    return "money" if field in COST_KEYS else "text"


def write_value(ws: Worksheet, row: int, col: int, value: object, kind: str,
                fmt: Format) -> None:
    """A value of a change as its column holds it: a date as a date, a number as a number,
    text as text (never a formula); a blank cell still carries the highlight."""
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif kind == "date" and isinstance(value, str):
        ws.write_datetime(row, col, dt.datetime.fromisoformat(value), fmt)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


# The count per ministry -------------------------------------------------------------------------

COUNT_KEYS = ("ministry", Key.MINISTRY_NAME, "changes", *(str(code) for code in ChangeCode),
              "days_slipped", "warnings")
COUNT_LABELS = {"ministry": label("ministry"), Key.MINISTRY_NAME: label(Key.MINISTRY_NAME),
                "changes": "Changes", "days_slipped": "Days slipped",
                "warnings": "Warnings", "behind": "Steps behind baseline",
                "days_behind": "Days behind baseline"} | \
    {str(code): LABELS[code] for code in ChangeCode}
TOTAL = "All ministries"


def counts(changes: Changes, plan: Plan, ministries: list[str] | None = None) -> pd.DataFrame:
    """Per ministry (roster order; `ministries` listed even without a change), how many
    changes of each code, the days slipped and the warnings; a total row last."""
    named = list(dict.fromkeys([*(ministries or []), *(c.ministry or "" for c in changes.changes)]))
    rank = {m.code: i for i, m in enumerate(plan.ministries)}
    named.sort(key=lambda code: (rank.get(code, len(rank)), code))
    rows = [count_row(code, plan.ministry_name(code) or "",
                      [c for c in changes.changes if (c.ministry or "") == code])
            for code in named]
    rows.append(count_row(TOTAL, "", list(changes.changes)))
    return pd.DataFrame(rows, columns=list(COUNT_KEYS))


def count_row(ministry: str, name: str, changes: list[Change]) -> list:
    by_code = Counter(str(c.code) for c in changes)
    slipped = sum(c.days or 0 for c in changes if c.code is ChangeCode.SLIPPED)
    warnings = sum(c.severity == WARNING for c in changes)
    return [ministry, name, len(changes), *(by_code[str(code)] for code in ChangeCode),
            slipped, warnings]


def counts_sheet(writer: SheetWriter, ws: Worksheet, changes: Changes, frame: pd.DataFrame,
                 title: str) -> int:
    """The per-ministry table under the same header as the Changes sheet; returns the
    table's header row."""
    formats = Formats(writer)
    compared_header(writer, ws, changes, title, formats)
    last_row = HEADER_ROW + len(frame)
    writer.tables += 1
    ws.add_table(HEADER_ROW, 0, last_row, len(frame.columns) - 1, {
        "columns": [{"header": COUNT_LABELS.get(str(key), str(key)),
                     "header_format": writer.header} for key in frame.columns],
        "name": table_name(ws.name, writer.tables), "style": "Table Style Light 9"})
    total = writer.workbook.add_format({"bold": True, "top": 1})
    for number, values in enumerate(frame.itertuples(index=False), HEADER_ROW + 1):
        fmt = total if number == last_row else None
        for col, value in enumerate(values):
            if isinstance(value, str):
                ws.write_string(number, col, value, fmt)
            else:
                ws.write_number(number, col, float(value), fmt)
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 34)
    ws.set_column(2, len(frame.columns) - 1, 11)
    ws.set_row(HEADER_ROW, 30)
    writer.finish(ws, HEADER_ROW, 2)
    chart = counts_chart(writer, ws.name, frame)
    if chart is not None:
        ws.insert_chart(last_row + 2, 1, chart, {"x_scale": 1.6, "y_scale": 1.1})
    return HEADER_ROW


def counts_chart(writer: SheetWriter, sheet: str, frame: pd.DataFrame):
    """Changes by ministry and code, stacked: one series per code that occurs (the total row
    left out); None when nothing changed."""
    first, last = HEADER_ROW + 1, HEADER_ROW + len(frame) - 1
    codes = [code for code in ChangeCode if frame[str(code)].iloc[-1] > 0]
    if not codes or last < first:
        return None
    chart = writer.workbook.add_chart({"type": "bar", "subtype": "stacked"})
    for code in codes:
        col = list(frame.columns).index(str(code))
        chart.add_series({"name": [sheet, HEADER_ROW, col],
                          "categories": [sheet, first, 0, last, 0],
                          "values": [sheet, first, col, last, col],
                          "fill": {"color": code_colour(code).strong}, "gap": 50})
    chart.set_title({"name": "Changes by ministry", "name_font": {"size": 12}})
    chart.set_y_axis({"reverse": True})
    chart.set_x_axis({"num_format": "0", "min": 0})
    chart.set_legend({"position": "bottom"})
    return chart
