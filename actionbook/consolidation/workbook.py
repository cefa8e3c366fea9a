"""A Consolidation -> the consolidated workbook a coordinator briefs from (xlsxwriter).

Every sheet is an Excel table (filters, banded rows) with frozen headers, widths, number and
date formats and print set-up; the Summary sheet leads with headline figures and native
charts. Submitted text is only ever written with write_string on a workbook created with
strings_to_formulas/urls/numbers off: '=HYPERLINK(...)' stays text. The workbook is built in
memory and written to a temporary file beside the target, then moved into place, so a crash
never leaves half a workbook; a fixed creation date makes it byte-identical run to run.

`consolidate_folder` opens the workbook before the reading starts, so that the rows of the
Actions, Barriers and KPIs tables, rendered by the workers, are added as the submissions come
back (report_actions.py, sheet_rows.py).
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import gc
import importlib.util
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import xlsxwriter

from actionbook.atomic import write_atomically
from actionbook.check.verdict import COMPLETE, INCOMPLETE
from actionbook.consolidation import summaries
from actionbook.consolidation.actions_sheet import SHEETS as RENDERED
from actionbook.consolidation.actions_sheet import ActionRows
from actionbook.consolidation.rendered_rows import RenderedSheet
from actionbook.consolidation.sheets import HEADER_ROW, SHEETS, write_sheets
from actionbook.consolidation.tables import SheetWriter
from actionbook.errors import OutputError
from actionbook.plan import default_plan
from actionbook.schema import layout

if TYPE_CHECKING:
    import pandas as pd

    from actionbook.consolidation.merge import Consolidation, Progress
    from actionbook.consolidation.supplement import Supplement
    from actionbook.plan import Plan

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,  # '=SUM(...)' typed by an official stays text
    "strings_to_urls": False,  # so does 'http://...': never a live link
    "strings_to_numbers": False,
    "use_future_functions": False,
}


@dataclass
class Written:
    """What one consolidation run produced."""

    consolidation: Consolidation
    workbook: Path | None  # None when no submission could be used, or none is the roster's
    exports: list[Path] = field(default_factory=list)


def consolidate_folder(folder: str | Path, output: str | Path, plan: Plan | None = None,
                       as_of: dt.date | None = None, *, jobs: int | None = None,
                       export_dir: str | Path | None = None,
                       progress: Progress | None = None,
                       supplement: Supplement | None = None) -> Written:
    """Consolidates `folder` into the workbook `output` (and the exports), never touching an
    input: an `output` inside the folder is left out of the reading, and refused when it is a
    submission rather than an earlier consolidated workbook. Nothing is written when no
    submission could be used, or when none of those used is a ministry of the plan's roster
    (a folder of another plan's workbooks: writing would replace last week's workbook with
    one of "0 received"). A `supplement` adds its sheets, its section of the Summary and its
    exports (consolidation/supplement.py)."""
    from actionbook.consolidation.merge import consolidate

    output, plan = Path(output), plan or default_plan()
    refuse_input_target(Path(folder), output)
    with gc_paused():
        book = Book(plan, supplement)
        c = consolidate(folder, plan, as_of, jobs=jobs, exclude=[output], progress=progress,
                        arrived=book.rows.arrived, prepare=book.rows.prepare)
        if not c.used or not from_roster(c):
            return Written(c, None)
        if not book.rows.matches(c.actions) or fitted(c) is not c:  # another order, or too
            # many rows for a sheet: start again
            del book
            gc.collect()  # a large workbook's cells, before making the next one
            book = Book(supplement=supplement, currency=plan.currency)
        written = Written(c, book.save(c, output))
    if export_dir is not None:
        extra = supplement.tables(c) if supplement is not None else None
        written.exports = write_exports(c, export_dir, extra=extra)
    return written


def refuse_input_target(folder: Path, output: Path) -> None:
    """OutputError when `output` is a file the consolidation reads: in the folder, or the
    real file a link in the folder leads to (an earlier consolidated workbook may be replaced)."""
    from actionbook.safety import discovery

    if discovery.identity(output) is None:
        return  # nothing there yet (realpath, not Path.resolve: a link loop must not raise)
    inside = Path(os.path.realpath(output)).is_relative_to(os.path.realpath(folder))
    ours = os.path.isfile(output) and is_consolidated(output)  # never open a pipe or device
    if (inside or discovery.discover(folder).holds(output)) and not ours:
        raise OutputError(f"{discovery.shown(output)}: is a file in the folder being "
                          "consolidated (or one a link there leads to) and is not a "
                          "consolidated workbook; choose another output file")


def write_report(consolidation: Consolidation, path: str | Path) -> Path:
    """Writes the consolidated workbook to `path` atomically; returns the path."""
    with gc_paused():
        return Book(currency=consolidation.plan.currency).save(consolidation, Path(path))


class Book:
    """The consolidated workbook being built in memory: its sheets and the per-step rows.

    plan: given when the per-step rows are to be taken as the submissions arrive
    (`rows.arrived`, then `rows.matches` to check them); else `save` writes them from the
    consolidated table. supplement: its sheets come right after the Summary. currency: the
    plan's, shown on every amount (the plan's by default).
    """

    def __init__(self, plan: Plan | None = None, supplement: Supplement | None = None, *,
                 currency: str | None = None):
        self.buffer = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(self.buffer, WORKBOOK_OPTIONS)
        self.writer = SheetWriter(self.workbook, currency or (plan.currency if plan else None))
        self.supplement = supplement
        extra = supplement.sheet_names if supplement is not None else ()
        self.sheets = {name: self.writer.sheet(name, RenderedSheet if name in RENDERED else None)
                       for name in (SHEETS[0], *extra, *SHEETS[1:])}
        self.rows = ActionRows(self.writer, self.sheets, HEADER_ROW, plan)

    def save(self, consolidation: Consolidation, target: Path) -> Path:
        """Writes the rest of the workbook (the per-step rows too, unless they were taken as
        they arrived) and moves it onto `target`; returns `target`."""
        consolidation = fitted(consolidation)
        if not self.rows.files:
            self.rows.write_table(consolidation.actions)
        self.workbook.set_properties(properties(consolidation))
        self.workbook.set_custom_property(layout.CONSOLIDATED_MARK, consolidation.plan.cycle)
        self.workbook.set_custom_property(layout.KIND, layout.CONSOLIDATED, "text")
        self.workbook.set_custom_property(layout.WRITTEN, consolidation.as_of.isoformat(), "text")
        self.workbook.set_custom_property(layout.PLAN, consolidation.plan.title, "text")
        self.workbook.set_custom_property(layout.PLAN_ID, consolidation.plan.fingerprint, "text")
        for ministry, last_id in sorted(consolidation.last_ids.items()):
            self.workbook.set_custom_property(layout.LAST_ID_PROPERTY + ministry, last_id, "text")
        write_sheets(self.writer, consolidation, self.sheets, self.supplement)
        close(self.workbook, target)
        return write_atomically(target, self.buffer.getvalue())


def from_roster(c: Consolidation) -> bool:
    """Whether a submission used is from a ministry of the plan's roster."""
    used = c.submissions.loc[c.submissions["status"].isin((COMPLETE, INCOMPLETE)), "ministry"]
    return any(c.plan.ministry(code) is not None for code in set(used))


def fitted(c: Consolidation) -> Consolidation:
    """`c` as sheets can hold it: each table cut to the rows a sheet holds below its header
    (a sheet-row-limit finding says so; the exports keep every row). The Summary's headline
    stays that of the whole consolidation."""
    from actionbook.consolidation import merge as consolidation
    from actionbook.consolidation import registers

    room = consolidation.SHEET_ROWS
    if max(len(frame) for frame in c.tables().values()) <= room:
        return c
    cut = {name: frame.iloc[:room] for name, frame in c.tables().items() if len(frame) > room}
    actions = cut.get("actions", c.actions)
    cut |= {"barriers": registers.barriers(actions), "kpis": registers.kpis(actions)}
    trimmed = copy.copy(c)
    for name, frame in cut.items():
        setattr(trimmed, name, frame)
    trimmed.headline = c.headline  # type: ignore[method-assign]  # the figures of every row
    return trimmed


def properties(consolidation: Consolidation) -> dict[str, object]:
    as_of = consolidation.as_of
    created = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC)
    return {"title": f"{consolidation.plan.title}: consolidated plan",
            "subject": consolidation.plan.cycle, "author": "actionbook",
            "comments": f"Consolidated as of {as_of.isoformat()}", "created": created}


def close(workbook: xlsxwriter.Workbook, target: Path) -> None:
    try:
        workbook.close()
    except (OSError, xlsxwriter.exceptions.XlsxWriterException) as exc:
        raise OutputError(f"{target}: cannot be written ({exc})") from exc


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while the submissions are read and the workbook built:
    the submissions' frames and xlsxwriter's cells are millions of live objects, which the
    collector would rescan again and again. What is left in cycles (the workbook's objects
    point at each other) goes at the first collection after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def is_consolidated(path: Path) -> bool:
    """Whether `path` is a workbook this module wrote (its custom property says so)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return layout.CONSOLIDATED_MARK.encode() in archive.read("docProps/custom.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def write_exports(consolidation: Consolidation, directory: str | Path,
                  parquet: bool | None = None,
                  extra: dict[str, pd.DataFrame] | None = None) -> list[Path]:
    """Every table as CSV (text that a spreadsheet would run as a formula defused), and as
    Parquet too when `parquet` (default: when pyarrow is installed), with the `extra` tables
    of a supplement. Returns the paths."""
    from actionbook.export import write_frames

    if parquet is None:
        parquet = importlib.util.find_spec("pyarrow") is not None
    suffixes = (".csv", ".parquet") if parquet else (".csv",)
    tables = in_currency(consolidation.tables(), consolidation.plan.currency) | (extra or {})
    return write_frames(tables, directory, suffixes)  # all replaced, or none


def in_currency(tables: dict[str, pd.DataFrame], currency: str | None) -> dict:
    """Each table that holds money with a last column `currency` (the plan's, blank when it
    names none): a CSV says nothing of its numbers' unit otherwise."""
    from actionbook.consolidation.tables import MONEY_KEYS

    return {name: frame.assign(currency=currency) if MONEY_KEYS & set(frame.columns) else frame
            for name, frame in tables.items()}


# What the command line says ---------------------------------------------------------------------

def summary(written: Written) -> dict[str, Any]:
    """The run in figures: the headline, the missing ministries by name, what was written."""
    c = written.consolidation
    figures: dict[str, Any] = c.headline()  # JSON-shaped: each figure is what its key says
    figures["missing"] = [{"ministry": code, "name": c.plan.ministry_name(code)}
                          for code in figures["missing"]]
    figures["workbook"] = str(written.workbook) if written.workbook else None
    figures["exports"] = [str(path) for path in written.exports]
    return figures


def money(total: object, currency: str | None) -> str:
    """A headline total in words ("USD 2.4 million"), or what it is when it overflowed
    (summaries.finite gives None)."""
    return summaries.amount_words(total if isinstance(total, (int, float)) else None, currency)


def summary_lines(figures: dict[str, Any]) -> list[str]:
    files = figures["files"]
    lines = [
        f"Received {figures['received']} of {figures['expected']} ministries: "
        f"{files['complete']} complete, {files['incomplete']} incomplete "
        f"({files['rejected']} file(s) rejected, {files['superseded']} superseded, "
        f"{files['skipped']} skipped)",
        "Missing: " + (", ".join(f"{m['ministry']} ({m['name']})" for m in figures["missing"])
                       or "none"),
        f"{figures['actions']} actions: {figures['overdue']} overdue, {figures['due_soon']} "
        f"due in the next 90 days",
        f"Total cost {money(figures['total_cost'], figures['currency'])}; funding gap "
        f"{money(figures['funding_gap'], figures['currency'])}",
    ]
    if figures["files_without_ministry"]:
        lines.insert(2, "Files naming no ministry: " + ", ".join(figures["files_without_ministry"])
                     + " (their steps are counted under (unknown))")
    if figures["costs_left_out"]:
        lines.append(summaries.left_out_words(figures["costs_left_out"], " of the totals"))
    if figures["workbook"]:
        lines.append(f"Wrote {figures['workbook']}")
    if figures["exports"]:
        folder = Path(figures["exports"][0]).parent
        lines.append(f"Exported {len(figures['exports'])} files to {folder}")
    return lines
