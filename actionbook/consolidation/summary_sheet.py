"""The Summary sheet: what a minister reads first, one section a function.

Down the left: the plan in figures (submissions, steps done, overdue, money in the plan's
currency and what was left out of the totals), a red/amber/green line per ministry
(briefing.py says what makes each) and the overdue and at-risk steps by ministry; down the
right, four native charts. Each section writes from a row and returns the row after it
(SECTIONS): a new section is one more function in that list.

Colours: only a status's meaning or a ministry's rating is drawn in green, blue, amber, red
or grey (schema.colours); every other chart is slate, so a colour always means the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from actionbook import schema
from actionbook.consolidation import briefing, summaries
from actionbook.consolidation.tables import (
    CAPTION_ROW,
    HEADER_ROW,
    Placed,
    SheetWriter,
    excel_serial,
    titled,
)
from actionbook.schema.colours import AMBER, RAG_COLOURS, meaning_colour
from actionbook.schema.table import Key

if TYPE_CHECKING:
    from actionbook.consolidation.merge import Consolidation
    from actionbook.consolidation.supplement import Supplement

WIDTHS = (40, 50, 12, 26)  # columns A-D: label or ministry, value or step, date, why
AXIS_MONEY = '[>=1000000]#,##0,,"m";[>=1000]#,##0,"k";0'  # 25m, 480k: an axis is short
NEUTRAL = ("#44546A", "#ADB9CA")  # slate: a chart whose colours mean nothing
STEP_CHARACTERS = 90  # an action step cut to two lines of its column


def summary_sheet(writer: SheetWriter, ws: Worksheet, c: Consolidation, placed: dict,
                  supplement: Supplement | None = None) -> None:
    """The Summary's sections down the left, a supplement's last (consolidate --previous:
    what moved since the last review), and the charts to their right."""
    figures = c.headline()
    titled(writer, ws, c.plan.title, f"Consolidated plan, {c.plan.cycle}: as of "
           f"{figures['as_of']}")
    looks = Looks(writer)
    row = CAPTION_ROW
    for section in SECTIONS:
        row = section(looks, ws, c, figures, row) + 1
    if supplement is not None:
        supplement.write_summary(writer, ws, c, row)
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    summary_charts(writer, ws, placed, c.plan)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.activate()


class Looks:
    """The Summary's own formats, beside the workbook's shared ones (`writer`)."""

    def __init__(self, writer: SheetWriter):
        add = writer.workbook.add_format
        self.writer = writer
        self.rating = {name: add({"bold": True, "bg_color": colour.strong,
                                  "font_color": "#000000" if name == AMBER else "#FFFFFF"})
                       for name, colour in RAG_COLOURS.items()}
        self.amount = writer.amount
        self.step = add({"text_wrap": True, "valign": "top"})
        self.top = add({"valign": "top"})
        self.date = add({"num_format": "yyyy-mm-dd", "align": "left", "valign": "top"})
        self.more = add({"italic": True, "font_color": "#595959"})
        self.share = add({"num_format": "0%", "align": "left"})


# The plan in figures -----------------------------------------------------------------------

def headline_section(looks: Looks, ws: Worksheet, c: Consolidation, figures: dict,
                     row: int) -> int:
    writer = looks.writer
    ws.write_string(row, 0, "The plan in figures", writer.heading)
    row = HEADER_ROW
    for text, value, fmt in headline_rows(figures, c):
        ws.write_string(row, 0, text, writer.bold)
        if value is None:  # a total that overflowed (summaries.finite)
            ws.write_string(row, 1, f"{summaries.TOO_LARGE}: its cells are left blank")
        elif isinstance(value, str):
            ws.write_string(row, 1, value)
        else:
            ws.write_number(row, 1, value, getattr(looks, fmt) if fmt else writer.left)
        row += 1
    return row


def headline_rows(figures: dict, c: Consolidation) -> list[tuple[str, object, str]]:
    """(label, value, format name) of each headline figure, in reading order."""
    files = figures["files"]
    missing = [f"{code} {c.plan.ministry_name(code) or ''}".strip()
               for code in figures["missing"]]
    rows = [
        ("Plan period", figures["period"], ""),
        ("Ministries expected (roster)", figures["expected"], ""),
        ("Ministries that submitted", figures["received"], ""),
        ("Ministries missing", len(missing), ""),
        ("Missing", "; ".join(missing) or "none", ""),
    ]
    if figures["files_without_ministry"]:
        rows.append(("Files naming no ministry", "; ".join(figures["files_without_ministry"])
                     + f": their steps are counted under {briefing.UNKNOWN}", ""))
    if figures["outside_roster"]:
        rows.append(("Ministries outside the roster", "; ".join(figures["outside_roster"]), ""))
    rows += [
        ("Files complete", files[summaries.COMPLETE], ""),
        ("Files incomplete", files[summaries.INCOMPLETE], ""),
        ("Files rejected", files[summaries.REJECTED], ""),
        ("Files superseded by a newer one", files[summaries.SUPERSEDED], ""),
        ("Files skipped", files[summaries.SKIPPED], ""),
        ("Steps in the plan", figures["actions"], ""),
        ("Steps done", figures["done"], ""),
        ("Share of steps done", figures["done_share"] or 0.0, "share"),
        ("Overdue", figures["overdue"], ""),
        ("Late or at risk (by their status)", figures["late"] + figures["at_risk"], ""),
        (f"Due in the next {summaries.DUE_SOON_DAYS} days", figures["due_soon"], ""),
        ("Total estimated cost", figures["total_cost"], "amount"),
        ("Funding gap (cost not secured)", figures["funding_gap"], "amount"),
        ("Not in the totals",
         summaries.left_out_words(figures["costs_left_out"]), ""),
        ("Errors in submissions", figures["errors"], ""),
        ("Warnings in submissions", figures["warnings"], ""),
    ]
    return rows


# Red, amber, green -------------------------------------------------------------------------

def ministries_section(looks: Looks, ws: Worksheet, c: Consolidation, figures: dict,
                       row: int) -> int:
    writer = looks.writer
    ws.write_string(row, 0, "Ministries: red, amber, green", writer.heading)
    ws.write_row(row + 1, 0, ("Ministry", "Rating", "Steps", "Done"), writer.header)
    row += 2
    for m in c.by_ministry.to_dict("records"):
        ws.write_string(row, 0, ministry_words(m["ministry"], m[Key.MINISTRY_NAME]))
        ws.write_string(row, 1, f"{str(m['rating']).capitalize()}: {m['rating_why']}",
                        looks.rating[m["rating"]])
        ws.write_number(row, 2, m["actions"], writer.left)
        if pd.notna(m["done_share"]):
            ws.write_number(row, 3, m["done_share"], looks.share)
        row += 1
    return row


def ministry_words(code: object, name: object) -> str:
    return " ".join(str(v) for v in (code, name) if isinstance(v, str) and v)


# Overdue and at risk -----------------------------------------------------------------------

def attention_section(looks: Looks, ws: Worksheet, c: Consolidation, figures: dict,
                      row: int) -> int:
    writer = looks.writer
    ws.write_string(row, 0, "Overdue, late and at-risk steps, by ministry", writer.heading)
    steps = briefing.attention(c.actions, c.plan, c.as_of)
    if steps.empty:
        ws.write_string(row + 1, 0, "No step is overdue, late or at risk.")
        return row + 2
    ws.write_row(row + 1, 0, ATTENTION_HEADERS, writer.header)
    row += 2
    for ministry, shown, more in briefing.shortlist(steps):
        for step in shown.itertuples(index=False):
            attention_row(looks, ws, row, step)
            row += 1
        if more:
            ws.write_string(row, 1, f"and {more} more of {ministry}: the Actions sheet lists "
                            "every step", looks.more)
            row += 1
    return row


ATTENTION_HEADERS = ("Ministry · step ID", schema.column(Key.ACTION_STEP).label,
                     schema.column(Key.DUE_DATE).label, "Why")


def attention_row(looks: Looks, ws: Worksheet, row: int, step) -> None:
    """One step, named by its ministry and its ID together (two ministries may both have
    an ACT-001)."""
    ws.write_string(row, 0, f"{step.ministry} · {step.action_id or '(no ID)'}", looks.top)
    text = str(step.action_step or "")
    cut = text if len(text) <= STEP_CHARACTERS else text[: STEP_CHARACTERS - 1] + "…"
    ws.write_string(row, 1, cut, looks.step)
    if pd.notna(step.due_date):
        ws.write_number(row, 2, excel_serial(step.due_date), looks.date)
    ws.write_string(row, 3, step.why, looks.top)
    ws.set_row(row, 27 if len(cut) > WIDTHS[1] + 10 else None)  # two lines


SECTIONS = (headline_section, ministries_section, attention_section)


# Charts ------------------------------------------------------------------------------------

CHART_SIZE = {"x_scale": 1.25, "y_scale": 1.15}
CHART_ANCHORS = ("F4", "F22", "F40", "F58")  # one above the other, right of the sections


def summary_charts(writer: SheetWriter, ws: Worksheet, placed: dict, plan) -> None:
    charts = [status_chart(writer, placed["by_ministry"], plan),
              completeness_chart(writer, placed["by_ministry"]),
              quarter_chart(writer, placed["timeline"]),
              resource_chart(writer, placed["resources"], plan.currency)]
    for anchor, chart in zip(CHART_ANCHORS, [c for c in charts if c is not None]):
        ws.insert_chart(anchor, chart, CHART_SIZE)


def status_chart(writer: SheetWriter, table: Placed, plan):
    """Each status a bar segment in the colour of its meaning (schema.colours)."""
    chart = writer.workbook.add_chart({"type": "column", "subtype": "stacked"})
    statuses = plan.choices("statuses")
    for status in [s for s in (*statuses, summaries.OTHER) if s in table.frame.columns]:
        colour = meaning_colour(plan.status_meaning(status) if status in statuses else None)
        chart.add_series({"name": table.header(status), "categories": table.cells("ministry"),
                          "values": table.cells(status), "gap": 60,
                          "fill": {"color": colour.strong},
                          "border": {"color": "#FFFFFF"}})
    return titled_chart(chart, "Actions by ministry and status", "Actions")


def completeness_chart(writer: SheetWriter, table: Placed):
    chart = writer.workbook.add_chart({"type": "bar"})
    chart.add_series({"name": table.header("completeness"),
                      "categories": table.cells("ministry"),
                      "values": table.cells("completeness"), "gap": 50,
                      "fill": {"color": NEUTRAL[0]},
                      "data_labels": {"value": True, "num_format": "0%"}})
    chart.set_x_axis({"min": 0, "max": 1, "num_format": "0%"})
    chart.set_y_axis({"reverse": True})
    chart = titled_chart(chart, "Completeness of required cells, by ministry", None)
    chart.set_legend({"none": True})
    return chart


def quarter_chart(writer: SheetWriter, table: Placed):
    frame = table.frame
    quarters = [k for k in frame.columns if k not in ("ministry", summaries.TOTAL)]
    if not quarters or len(frame) < 1:
        return None
    chart = writer.workbook.add_chart({"type": "column"})
    total_row = table.row + len(frame)
    first, last = table.column(quarters[0]), table.column(quarters[-1])
    chart.add_series({"name": "Actions due",
                      "categories": [table.sheet, table.row, first, table.row, last],
                      "values": [table.sheet, total_row, first, total_row, last], "gap": 40,
                      "fill": {"color": NEUTRAL[0]}})
    chart = titled_chart(chart, "Actions due by quarter", "Actions")
    chart.set_legend({"none": True})
    return chart


def resource_chart(writer: SheetWriter, table: Placed, currency: str | None):
    chart = writer.workbook.add_chart({"type": "bar"})
    for key, colour in zip(("total_cost", "funding_gap"), NEUTRAL):
        chart.add_series({"name": table.header(key), "categories": table.cells(Key.RESOURCE_TYPE),
                          "values": table.cells(key), "gap": 60, "fill": {"color": colour}})
    # Costs left out (negative ones among them) are not in these totals: the axis starts at 0.
    chart.set_x_axis({"num_format": AXIS_MONEY, "min": 0, "name": currency})
    chart.set_y_axis({"reverse": True})
    return titled_chart(chart, "Estimated cost and funding gap by resource type", None)


def titled_chart(chart, title: str, axis: str | None):
    chart.set_title({"name": title, "name_font": {"size": 12}})
    chart.set_legend({"position": "bottom"})
    if axis:
        chart.set_y_axis({"name": axis})
    return chart
