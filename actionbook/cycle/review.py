"""`actionbook consolidate FOLDER --previous OLD`: the consolidated workbook, and what moved
since the last review in it.

    written, review = consolidate_since("submissions/", "consolidated.xlsx", "last.xlsx", plan)
    review.changes, review.figures        # Changes, Since (progress.py)

OLD (a consolidated workbook, a folder or one workbook, as for diff) is loaded first, so a
source that cannot be used stops the run before the long reading. The consolidation then
writes its workbook with a SinceLastReview supplement (consolidation/supplement.py): the
Changes and Changes by Ministry sheets right after the Summary (the layout of diff -o,
sheets.py), a section of the Summary saying in figures, a sentence and a chart what moved
and how far the plan has slipped against its baselines, and changes.csv among the exports.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from actionbook.consolidation.tables import SheetWriter
from actionbook.cycle import sheets
from actionbook.cycle.changes import FIELDS, Changes
from actionbook.cycle.diff import diff
from actionbook.cycle.progress import Since, since, slippage
from actionbook.cycle.stand import Stand, load_stand, typed
from actionbook.plan import Plan, default_plan
from actionbook.safety.discovery import shown
from actionbook.schema.colours import meaning_colour
from actionbook.schema.table import LATE

if TYPE_CHECKING:
    from actionbook.consolidation.merge import Consolidation
    from actionbook.consolidation.workbook import Written

SLIPPAGE_KEYS = ("behind", "days_behind")  # sheets.COUNT_LABELS has their headers
CHART_SIZE = {"x_scale": 1.0, "y_scale": 1.0}


def consolidate_since(folder: str | Path, output: str | Path, previous: str | Path,
                      plan: Plan | None = None, as_of: dt.date | None = None,
                      **options) -> tuple[Written, SinceLastReview]:
    """consolidate_folder (its `options` too), with what moved since `previous`."""
    from actionbook.consolidation.workbook import consolidate_folder

    plan = plan or default_plan()
    review = SinceLastReview(load_stand(previous, plan), plan, shown(Path(folder)))
    written = consolidate_folder(folder, output, plan, as_of, supplement=review, **options)
    return written, review


class SinceLastReview:
    """The Supplement of a consolidation against the previous review; its figures are
    computed once, from the consolidation, when first asked for."""

    sheet_names: tuple[str, ...] = (sheets.CHANGES_SHEET, sheets.COUNTS_SHEET)

    def __init__(self, previous: Stand, plan: Plan, source: str):
        self.previous, self.plan, self.source = previous, plan, source
        self.computed: tuple[Changes, Since, pd.DataFrame] | None = None

    def compute(self, c: Consolidation) -> tuple[Changes, Since, pd.DataFrame]:
        if self.computed is None:
            new = Stand(self.source, c.as_of, typed(c.actions))
            changes = diff(self.previous, new, self.plan)
            self.computed = (changes, since(changes, self.previous, new, self.plan),
                             by_ministry(changes, slippage(self.previous, new, self.plan),
                                         self.plan))
        return self.computed

    @property
    def changes(self) -> Changes | None:
        return self.computed[0] if self.computed else None

    @property
    def figures(self) -> Since | None:
        return self.computed[1] if self.computed else None

    def write_sheets(self, writer: SheetWriter, book: dict[str, Worksheet],
                     c: Consolidation) -> None:
        changes, _, frame = self.compute(c)
        sheets.changes_sheet(writer, book[sheets.CHANGES_SHEET], changes,
                             "What moved since the last review")
        sheets.counts_sheet(writer, book[sheets.COUNTS_SHEET], changes, frame,
                            "What moved since the last review, by ministry")

    def write_summary(self, writer: SheetWriter, ws: Worksheet, c: Consolidation,
                      row: int) -> None:
        changes, figures, frame = self.compute(c)
        ws.write_string(row, 0, "Since the last review", writer.heading)
        ws.write_string(row, 1, sheets.side_words(changes.old), writer.subtitle)
        wrapped = writer.workbook.add_format({"text_wrap": True, "valign": "top"})
        ws.merge_range(row + 1, 0, row + 1, 1, sentence(figures, changes.old), wrapped)
        ws.set_row(row + 1, 15 * 4)
        for offset, (words, value) in enumerate(figure_rows(figures), row + 2):
            ws.write_string(offset, 0, words, writer.bold)
            ws.write_number(offset, 1, value)
        anchor = row + 3 + len(figure_rows(figures))
        ws.insert_chart(anchor, 0, slippage_chart(writer, frame), CHART_SIZE)

    def tables(self, c: Consolidation) -> dict[str, pd.DataFrame]:
        changes, _, _ = self.compute(c)
        return {"changes": changes_frame(changes)}


def by_ministry(changes: Changes, behind: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """The count per ministry (every ministry of the new plan), with its steps behind their
    baseline and their days, the total row adding them up."""
    frame = sheets.counts(changes, plan, behind["ministry"].tolist())
    late = behind.set_index("ministry")[list(SLIPPAGE_KEYS)]
    for key in SLIPPAGE_KEYS:
        column = frame["ministry"].map(late[key]).fillna(0).astype(int)
        column.iloc[-1] = int(late[key].sum())  # the total row
        frame[key] = column
    return frame


def figure_rows(figures: Since) -> list[tuple[str, int]]:
    return [("Steps completed", figures.completed),
            ("Steps newly overdue", figures.newly_overdue),
            ("Steps slipped (due later)", figures.slipped),
            ("Days slipped, in all", figures.days_slipped),
            ("Steps added", figures.added),
            ("Steps removed", figures.removed),
            ("Removed unfinished", figures.removed_unfinished),
            ("Steps behind their original date", figures.behind),
            ("Days behind, in all", figures.days_behind)]


def sentence(figures: Since, old) -> str:
    """What moved, in one sentence."""
    day = f" ({sheets.long_date(old.as_of)})" if old.as_of else ""
    unfinished = f" ({figures.removed_unfinished} unfinished)" \
        if figures.removed_unfinished else ""
    return (f"Since the last review{day}: {steps(figures.completed)} completed, "
            f"{figures.newly_overdue} newly overdue, {figures.slipped} slipped by "
            f"{sheets.days_words(figures.days_slipped)} in all, {figures.added} added and "
            f"{figures.removed} removed{unfinished}. {behind(figures)}")


def behind(figures: Since) -> str:
    if figures.behind == 0:
        return "No step is behind its original date."
    if figures.behind == 1:
        return f"1 step is behind its original date, by {sheets.days_words(figures.days_behind)}."
    return (f"{figures.behind} steps are behind their original dates, by "
            f"{sheets.days_words(figures.days_behind)} in all.")


def steps(count: int) -> str:
    return "1 step" if count == 1 else f"{count} steps"


def slippage_chart(writer: SheetWriter, frame: pd.DataFrame):
    """Days behind the baselines, by ministry: a bar per ministry of the Changes by Ministry
    table (its total row left out)."""
    first, last = sheets.HEADER_ROW + 1, sheets.HEADER_ROW + len(frame) - 1
    col = list(frame.columns).index("days_behind")
    chart = writer.workbook.add_chart({"type": "bar"})
    chart.add_series({"name": sheets.COUNT_LABELS["days_behind"],
                      "categories": [sheets.COUNTS_SHEET, first, 0, last, 0],
                      "values": [sheets.COUNTS_SHEET, first, col, last, col],
                      "fill": {"color": meaning_colour(LATE).strong}, "gap": 60,
                      "data_labels": {"value": True}})
    chart.set_title({"name": "Days behind the original dates, by ministry",
                     "name_font": {"size": 12}})
    chart.set_x_axis({"min": 0, "num_format": "#,##0"})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"none": True})
    return chart


def changes_frame(changes: Changes) -> pd.DataFrame:
    """The changes as the CSV of diff has them: one row per change, the JSON's keys."""
    return pd.DataFrame([change.to_dict() for change in changes.changes], columns=list(FIELDS),
                        dtype=object)


def summary_line(review: SinceLastReview) -> str:
    """The command's line about the review (after the consolidation's own)."""
    if review.figures is None or review.changes is None:
        return ""
    return sentence(review.figures, review.changes.old)
