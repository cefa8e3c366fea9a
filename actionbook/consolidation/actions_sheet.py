"""The per-step tables (Actions, and the Barriers and KPIs registers), rendered by the workers
and written submission by submission while the workers still read.

Writing the cells is most of the main process's work. So each worker renders the rows of the
file it has just read (`render_examined`, run by the intake in the worker; sheet_rows.py) and
`ActionRows` takes each submission as it comes back (consolidation's `arrived`) and adds its
rows below the previous ones. A ministry's files are held back until a file of another
ministry arrives, since a newer file of the same ministry may still replace them; files are
handed to the workers in the table's likely order (intake.dispatch_order). `matches` then
compares what was written with the consolidated table: when a file's name did not say its
ministry, or a ministry resubmitted under another name, the rows are not the table and the
report starts again from the table, rendering it in the main process. Correct always; fast
when the file names carry the ministry codes, as the templates' do.

Both ways render the same cells with the same function, so the workbook is the same bytes
whichever way it was written.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd

from actionbook import schema
from actionbook.consolidation import registers
from actionbook.consolidation import rendered_rows as sheet_rows
from actionbook.consolidation.attribution import UNKNOWN, recency, resolved_ministry
from actionbook.consolidation.rendered_rows import RenderedSheet, Styles, text_body
from actionbook.consolidation.tables import SheetWriter, bodies

if TYPE_CHECKING:
    from actionbook.consolidation.submission import Examined
    from actionbook.plan import Plan

# The cover fields are the same on every row of a submission: they are on the Submissions
# sheet (and in the exports), not repeated here.
COLUMNS = ("ministry", *schema.action_keys(), *schema.PROVENANCE)
SHEETS = {"Actions": (COLUMNS, None),
          "Barriers": (registers.BARRIER_COLUMNS, registers.names_barrier),
          "KPIs": (registers.KPI_COLUMNS, registers.has_kpi)}


class Rendered(NamedTuple):
    """One submission's rows of each per-step table (sheet name -> rows), and the ministry
    they name."""

    ministry: str
    tables: dict[str, list[str]]


def render(frame: pd.DataFrame, ministry: str, styles: Styles) -> Rendered:
    """The rows a submission's steps (`frame`) make on each per-step table."""
    cells = {key: bodies(key, frame[key], styles) for key in COLUMNS[1:]}
    cells["ministry"] = [text_body(ministry)] * len(frame)
    tables = {}
    for name, (columns, rows) in SHEETS.items():
        picked = cells
        if rows is not None:
            keep = rows({key: frame[key].tolist() for key in columns[1:]})
            picked = {key: list(itertools.compress(cells[key], keep)) for key in columns}
        tables[name] = sheet_rows.rows([picked[key] for key in columns])
    return Rendered(ministry, tables)


def render_examined(e: Examined, plan: Plan, styles: Styles) -> Rendered:
    """What a worker renders of the file it has read (intake's `prepare`)."""
    return render(e.actions, resolved_ministry(e, plan) or UNKNOWN, styles)  # accepted: named


class ActionRows:
    """The rows on the per-step tables so far, below their headers at `header_row`."""

    def __init__(self, writer: SheetWriter, sheets: dict[str, RenderedSheet], header_row: int,
                 plan: Plan | None = None):
        self.plan, self.styles = plan, writer.styles()
        self.sheets = {name: sheets[name] for name in SHEETS}
        self.next_row = {name: header_row + 1 for name in SHEETS}
        self.files: list[tuple[str, str, int]] = []  # (file, ministry, rows) written, in order
        self.held: list[Examined] = []  # the latest ministry's files, not written yet
        self.held_ministry: str | None = None

    @property
    def prepare(self) -> Callable:
        """What the workers run on each file they accept: render its rows (intake.Prepare)."""
        return functools.partial(render_examined, styles=self.styles)

    def arrived(self, e: Examined) -> None:
        """Takes a submission as it comes back from its worker (in dispatch order)."""
        if not e.accepted:
            return
        if self.plan is None:
            raise ValueError("rows taken as the submissions arrive need Book(plan)")
        ministry = resolved_ministry(e, self.plan)
        if self.held and ministry != self.held_ministry:
            self.release()
        self.held_ministry = ministry
        self.held.append(e)

    def release(self) -> None:
        """Writes the held files: the newest of a ministry's, or every one of unknown ones."""
        files = self.held if self.held_ministry == UNKNOWN else [max(self.held, key=recency)]
        for e in sorted(files, key=lambda e: e.file):
            self.write(e.actions, self.held_ministry or UNKNOWN, e.prepared)
        for e in self.held:
            e.prepared = None  # the rows are in the sheets now, or not wanted
        self.held = []

    def matches(self, actions: pd.DataFrame) -> bool:
        """Whether the rows written are `actions`, the consolidated table, row for row."""
        if self.held:
            self.release()
        counts = [rows for _, _, rows in self.files]
        if sum(counts) != len(actions):
            return False
        written = {key: np.repeat(np.array([f[n] for f in self.files], dtype=object), counts)
                   for n, key in enumerate(("source_file", "ministry"))}
        return all((written[key] == actions[key].to_numpy(dtype=object)).all()
                   for key in written)

    def write_table(self, actions: pd.DataFrame) -> None:
        """Writes the consolidated table, file by file as if each had just arrived."""
        if actions.empty:  # blank workbooks only: no step to write, and no first row
            return
        files = actions["source_file"].to_numpy(dtype=object)
        starts = [0, *(np.flatnonzero(files[1:] != files[:-1]) + 1).tolist(), len(files)]
        for start, end in itertools.pairwise(starts):
            chunk = actions.iloc[start:end]
            self.write(chunk, chunk["ministry"].iloc[0])

    def write(self, frame: pd.DataFrame, ministry: str, rendered: object = None) -> None:
        """One submission's rows (rendered by its worker, else here), below the rows so far."""
        if not len(frame):
            return
        if not isinstance(rendered, Rendered) or rendered.ministry != ministry:
            rendered = render(frame, ministry, self.styles)
        for name, rows in rendered.tables.items():
            self.sheets[name].add_rows(self.next_row[name], rows, len(SHEETS[name][0]) - 1)
            self.next_row[name] += len(rows)
        self.files.append((frame["source_file"].iloc[0], ministry, len(frame)))
