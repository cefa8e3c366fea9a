"""The per-step tables (Actions, and the Barriers and KPIs registers), written submission by
submission while the workers still read.

Writing the cells is most of the main process's work, and it would otherwise wait idle while
the workers read, then write every cell. `ActionRows` takes each submission as it comes back
(consolidation's `arrived`) and writes its rows below the previous ones. A ministry's files are
held back until a file of another ministry arrives, since a newer file of the same ministry
may still replace them; files are handed to the workers in the table's likely order
(intake.dispatch_order). `matches` then compares what was written with the consolidated
table: when a file's name did not say its ministry, or a ministry resubmitted under another
name, the rows are not the table and the report starts again from the table. Correct always;
fast when the file names carry the ministry codes, as the templates' do.

Both ways write the same cells in the same order (file by file, column by column), so the
workbook is the same bytes whichever way it was written.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from xlsxwriter.worksheet import Worksheet

from actionbook import registers, schema
from actionbook.attribution import UNKNOWN, recency, resolved_ministry
from actionbook.report_tables import Cells, SheetWriter, write_cells

if TYPE_CHECKING:
    from actionbook.plan import Plan
    from actionbook.submission import Examined

# The cover fields are the same on every row of a submission: they are on the Submissions
# sheet (and in the exports), not repeated here.
COLUMNS = ("ministry", *schema.action_keys(), *schema.PROVENANCE)
SHEETS = {"Actions": (COLUMNS, None),
          "Barriers": (registers.BARRIER_COLUMNS, registers.names_barrier),
          "KPIs": (registers.KPI_COLUMNS, registers.has_kpi)}
Rows = Callable[[dict[str, list]], list[bool]]  # which steps of a submission a table takes


class RowTable:
    """A table whose rows are written a submission at a time: the ministry, then columns of
    the submission's steps (those `rows` picks, or all)."""

    def __init__(self, ws: Worksheet, first_row: int, columns: tuple[str, ...],
                 rows: Rows | None):
        self.ws, self.columns, self.rows = ws, columns, rows
        self.next_row = first_row

    def write(self, cells: dict[str, Cells], ministry: str) -> None:
        """One submission's steps (`cells`: each column of them), below the rows so far."""
        if self.rows is not None:
            keep = self.rows({key: column.values for key, column in cells.items()})
            picked = [row for row, kept in enumerate(keep) if kept]
            cells = {key: cells[key].pick(picked) for key in self.columns[1:]}
        first, count = self.next_row, len(cells[self.columns[1]].values)
        write_string = self.ws.write_string
        for row in range(first, first + count):
            write_string(row, 0, ministry)
        for col, key in enumerate(self.columns[1:], 1):
            write_cells(self.ws, first, col, cells[key])
        self.next_row += count


class ActionRows:
    """The rows on the per-step tables so far, below their headers at `header_row`."""

    def __init__(self, writer: SheetWriter, sheets: dict[str, Worksheet], header_row: int,
                 plan: Plan | None = None):
        self.writer, self.plan = writer, plan
        self.tables = [RowTable(sheets[name], header_row + 1, columns, rows)
                       for name, (columns, rows) in SHEETS.items()]
        self.files: list[tuple[str, str, int]] = []  # (file, ministry, rows) written, in order
        self.held: list[Examined] = []  # the latest ministry's files, not written yet
        self.held_ministry: str | None = None

    def arrived(self, e: Examined) -> None:
        """Takes a submission as it comes back from its worker (in dispatch order)."""
        if not e.accepted:
            return
        ministry = resolved_ministry(e, self.plan)
        if self.held and ministry != self.held_ministry:
            self.release()
        self.held_ministry = ministry
        self.held.append(e)

    def release(self) -> None:
        """Writes the held files: the newest of a ministry's, or every one of unknown ones."""
        files = self.held if self.held_ministry == UNKNOWN else [max(self.held, key=recency)]
        for e in sorted(files, key=lambda e: e.file):
            self.write(e.actions, self.held_ministry)
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
        files = actions["source_file"].to_numpy(dtype=object)
        starts = [0, *(np.flatnonzero(files[1:] != files[:-1]) + 1).tolist(), len(files)]
        for start, end in itertools.pairwise(starts):
            chunk = actions.iloc[start:end]
            self.write(chunk, chunk["ministry"].iloc[0])

    def write(self, frame: pd.DataFrame, ministry: str) -> None:
        """One submission's rows, below the rows written so far."""
        if not len(frame):
            return
        cells = {key: self.writer.cells(key, frame[key]) for key in COLUMNS[1:]}
        for table in self.tables:
            table.write(cells, ministry)
        self.files.append((cells["source_file"].values[0], ministry, len(frame)))
