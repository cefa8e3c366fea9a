"""The sheets of the consolidated workbook, in order (the Summary: summary_sheet.py).

Each sheet has a title, one line saying what it shows, and its table(s) with the header on
HEADER_ROW. The Summary's charts point at the tables where they were written (`Placed`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from actionbook.consolidation import actions_sheet as report_actions
from actionbook.consolidation import summaries
from actionbook.consolidation.summary_sheet import summary_sheet
from actionbook.consolidation.tables import (
    CAPTION_ROW,
    HEADER_ROW,
    NOTE_ROW,
    TITLE_ROW,
    Placed,
    SheetWriter,
    titled,
)

if TYPE_CHECKING:
    from actionbook.consolidation.merge import Consolidation
    from actionbook.consolidation.supplement import Supplement

SHEETS = ("Summary", "Submissions", "Actions", "Findings", "By Ministry", "By Goal",
          "Timeline", "Resources", "Barriers", "Communication", "KPIs", "Dependencies")
TABLE_GAP = 2  # empty columns between two tables on one sheet
QUARTER_WIDTH = 9
HEAT_COLOURS = {"min_color": "#FFFFFF", "mid_color": "#FFE699", "max_color": "#F4B183"}


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

__all__ = ["CAPTION_ROW", "HEADER_ROW", "NOTE_ROW", "SHEETS", "TITLE_ROW", "write_sheets"]
