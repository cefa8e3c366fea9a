"""The sheets of the consolidated workbook, in order, and the Summary's native charts.

Each sheet has a title, one line saying what it shows, and its table(s) with the header on
HEADER_ROW. Charts point at the tables where they were written (`Placed`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from actionbook.consolidation import actions_sheet as report_actions
from actionbook.consolidation import summaries
from actionbook.consolidation.tables import SheetWriter
from actionbook.schema.colours import meaning_colour
from actionbook.schema.table import Key

if TYPE_CHECKING:
    from actionbook.consolidation.merge import Consolidation
    from actionbook.consolidation.supplement import Supplement

SHEETS = ("Summary", "Submissions", "Actions", "Findings", "By Ministry", "By Goal",
          "Timeline", "Resources", "Barriers", "Communication", "KPIs", "Dependencies")
TITLE_ROW, NOTE_ROW, CAPTION_ROW, HEADER_ROW = 0, 1, 2, 3
TABLE_GAP = 2  # empty columns between two tables on one sheet
QUARTER_WIDTH = 9
HEAT_COLOURS = {"min_color": "#FFFFFF", "mid_color": "#FFE699", "max_color": "#F4B183"}


@dataclass
class Placed:
    """Where a table was written: its sheet, header row, first column and keys."""

    sheet: str
    row: int
    col: int
    frame: pd.DataFrame

    def column(self, key: str) -> int:
        return self.col + list(self.frame.columns).index(key)

    def cells(self, key: str, rows: int | None = None) -> list:
        """A chart range over the `key` column's first `rows` data cells."""
        last = self.row + (len(self.frame) if rows is None else rows)
        col = self.column(key)
        return [self.sheet, self.row + 1, col, last, col]

    def header(self, key: str) -> list:
        col = self.column(key)
        return [self.sheet, self.row, col, self.row, col]


def write_sheets(writer: SheetWriter, c: Consolidation, sheets: dict[str, Worksheet],
                 supplement: Supplement | None = None) -> None:
    """Every sheet but the rows of the per-step tables (Actions, Barriers, KPIs), which are
    on their sheets already (report_actions); a supplement's sheets and Summary section."""
    placed: dict = {}  # what a sheet tells the Summary about where it put things
    for name, write in SHEET_WRITERS.items():
        placed |= write(writer, sheets[name], c) or {}
    if supplement is not None:
        supplement.write_sheets(writer, sheets, c)
    summary_sheet(writer, sheets["Summary"], c, placed, supplement)


def titled(writer: SheetWriter, ws: Worksheet, title: str, note: str) -> None:
    ws.write_string(TITLE_ROW, 0, title, writer.title)
    ws.write_string(NOTE_ROW, 0, note, writer.subtitle)


def one_table(writer: SheetWriter, ws: Worksheet, frame: pd.DataFrame, title: str, note: str,
              freeze_col: int = 0, cells: bool = True) -> Placed:
    titled(writer, ws, title, note)
    writer.table(ws, frame, HEADER_ROW, 0, name=ws.name, cells=cells)
    writer.finish(ws, HEADER_ROW, freeze_col)
    return Placed(ws.name, HEADER_ROW, 0, frame)


def submissions_sheet(writer, ws, c):
    one_table(writer, ws, c.submissions, "Submissions",
              "One row per file found, and one per roster ministry that sent nothing.", 3)


def actions_sheet(writer, ws, c):
    one_table(writer, ws, c.actions[list(report_actions.COLUMNS)], "Actions",
              "Every action step of the submissions used, with its ministry and where it was "
              "read (file, sheet, Excel row).", 3, cells=False)


def findings_sheet(writer, ws, c):
    one_table(writer, ws, c.findings, "Findings",
              "What the check found in each file, with the sheet and cell to look at.", 2)


def ministry_sheet(writer, ws, c):
    placed = one_table(writer, ws, c.by_ministry, "By Ministry",
                       "Each ministry's submission, its actions by status, dates and money.", 2)
    return {"by_ministry": placed}


def goal_sheet(writer, ws, c):
    titled(writer, ws, "By Goal", "Actions per plan goal, with its pillar and the Sustainable "
           "Development Goals it serves; then per SDG.")
    _, last_col = writer.table(ws, c.by_goal, HEADER_ROW, 0, name="ByGoal")
    sdg_col = last_col + TABLE_GAP
    ws.write_string(CAPTION_ROW, sdg_col, "By Sustainable Development Goal", writer.heading)
    writer.table(ws, c.by_sdg, HEADER_ROW, sdg_col, name="BySDG")
    writer.finish(ws, HEADER_ROW, 2)


def timeline_sheet(writer, ws, c):
    frame = c.timeline
    placed = one_table(writer, ws, frame, "Timeline",
                       "Actions due per quarter (By When), per ministry: darker is busier.", 1)
    quarters = [k for k in frame.columns if k not in ("ministry", summaries.TOTAL)]
    if quarters and len(frame) > 1:
        first, last = placed.column(quarters[0]), placed.column(quarters[-1])
        ws.set_column(first, last, QUARTER_WIDTH, writer.centred)
        ws.conditional_format(HEADER_ROW + 1, first, HEADER_ROW + len(frame) - 1, last,
                              {"type": "3_color_scale", **HEAT_COLOURS})
    return {"timeline": placed}


def resources_sheet(writer, ws, c):
    titled(writer, ws, "Resources", "Funding gap: the estimated cost of every step whose "
           "funding is not secured (any funding value but the first), counted in full.")
    ws.write_string(CAPTION_ROW, 0, "By resource type", writer.heading)
    _, last_col = writer.table(ws, c.resources, HEADER_ROW, 0, name="ByResourceType")
    funding_col = last_col + TABLE_GAP
    ws.write_string(CAPTION_ROW, funding_col, "Cost and funding gap by ministry", writer.heading)
    writer.table(ws, c.funding, HEADER_ROW, funding_col, name="FundingByMinistry")
    writer.finish(ws, HEADER_ROW, 1)
    return {"resources": Placed(ws.name, HEADER_ROW, 0, c.resources)}


def barriers_sheet(writer, ws, c):
    one_table(writer, ws, c.barriers, "Barriers",
              "Register of potential barriers and who may resist, by ministry; the Actions "
              "sheet has the rest of each step, by its ID.", 2, cells=False)


def communication_sheet(writer, ws, c):
    one_table(writer, ws, c.communication, "Communication",
              "Target audiences x ministries, each cell the cadence used; audiences that "
              "several ministries address come first (Named by).", 1)


def kpis_sheet(writer, ws, c):
    one_table(writer, ws, c.kpis, "KPIs",
              "Register of key performance indicators, with baseline and target; the Actions "
              "sheet has the rest of each step, by its ID.", 2, cells=False)


def dependencies_sheet(writer, ws, c):
    one_table(writer, ws, c.dependencies, "Dependencies",
              "Actions whose responsible or supporting party names another ministry of the "
              "roster: who depends on whom.", 2)


SHEET_WRITERS = {
    "Submissions": submissions_sheet, "Actions": actions_sheet, "Findings": findings_sheet,
    "By Ministry": ministry_sheet, "By Goal": goal_sheet, "Timeline": timeline_sheet,
    "Resources": resources_sheet, "Barriers": barriers_sheet,
    "Communication": communication_sheet, "KPIs": kpis_sheet,
    "Dependencies": dependencies_sheet,
}


# Summary ----------------------------------------------------------------------------------------

def summary_sheet(writer: SheetWriter, ws: Worksheet, c: Consolidation, placed: dict,
                  supplement: Supplement | None = None) -> None:
    figures = c.headline()
    titled(writer, ws, c.plan.title, f"Consolidated plan, {c.plan.cycle}: as of "
           f"{figures['as_of']}")
    row = HEADER_ROW
    for text, value, fmt in headline_rows(figures, c):
        ws.write_string(row, 0, text, writer.bold)
        if value is None:  # a total that overflowed (summaries.finite)
            ws.write_string(row, 1, f"{summaries.TOO_LARGE}: its cells are left blank")
        elif isinstance(value, str):
            ws.write_string(row, 1, value)
        else:
            ws.write_number(row, 1, value, writer.money if fmt == "money" else None)
        row += 1
    if supplement is not None:
        supplement.write_summary(writer, ws, c, row + 1)
    ws.set_column(0, 0, 38)
    ws.set_column(1, 1, 30)
    summary_charts(writer, ws, placed, c.plan)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)
    ws.activate()


def headline_rows(figures: dict, c: Consolidation) -> list[tuple[str, object, str]]:
    files = figures["files"]
    missing = [f"{code} {c.plan.ministry_name(code) or ''}".strip()
               for code in figures["missing"]]
    rows = [
        ("Plan period", figures["period"], ""),
        ("Ministries expected (roster)", figures["expected"], ""),
        ("Ministries that submitted", figures["received"], ""),
        ("Ministries missing", len(missing), ""),
        ("Missing", "; ".join(missing) or "none", ""),
        ("Files complete", files[summaries.COMPLETE], ""),
        ("Files incomplete", files[summaries.INCOMPLETE], ""),
        ("Files rejected", files[summaries.REJECTED], ""),
        ("Files superseded by a newer one", files[summaries.SUPERSEDED], ""),
        ("Files skipped", files[summaries.SKIPPED], ""),
        ("Steps in the plan", figures["actions"], ""),
        ("Overdue", figures["overdue"], ""),
        (f"Due in the next {summaries.DUE_SOON_DAYS} days", figures["due_soon"], ""),
        ("Total estimated cost", figures["total_cost"], "money"),
        ("Funding gap (cost not secured)", figures["funding_gap"], "money"),
        ("Errors in submissions", figures["errors"], ""),
        ("Warnings in submissions", figures["warnings"], ""),
    ]
    if figures["outside_roster"]:
        rows.append(("Ministries outside the roster", "; ".join(figures["outside_roster"]), ""))
    return rows


CHART_SIZE = {"x_scale": 1.25, "y_scale": 1.15}
CHART_ANCHORS = ("D4", "M4", "D23", "M23")


def summary_charts(writer: SheetWriter, ws: Worksheet, placed: dict, plan) -> None:
    charts = [status_chart(writer, placed["by_ministry"], plan),
              completeness_chart(writer, placed["by_ministry"]),
              quarter_chart(writer, placed["timeline"]),
              resource_chart(writer, placed["resources"])]
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
                      "values": [table.sheet, total_row, first, total_row, last], "gap": 40})
    chart = titled_chart(chart, "Actions due by quarter", "Actions")
    chart.set_legend({"none": True})
    return chart


def resource_chart(writer: SheetWriter, table: Placed):
    chart = writer.workbook.add_chart({"type": "bar"})
    for key in ("total_cost", "funding_gap"):
        chart.add_series({"name": table.header(key), "categories": table.cells(Key.RESOURCE_TYPE),
                          "values": table.cells(key), "gap": 60})
    chart.set_x_axis({"num_format": "#,##0"})
    chart.set_y_axis({"reverse": True})
    return titled_chart(chart, "Estimated cost and funding gap by resource type", None)


def titled_chart(chart, title: str, axis: str | None):
    chart.set_title({"name": title, "name_font": {"size": 12}})
    chart.set_legend({"position": "bottom"})
    if axis:
        chart.set_y_axis({"name": axis})
    return chart
