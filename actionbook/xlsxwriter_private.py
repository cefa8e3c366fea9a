"""Every use of xlsxwriter's private internals, in one module: nothing else in the package
touches them (tests/test_xlsxwriter_private.py greps for it).

xlsxwriter's public API covers all the workbook writing but three things, and for each this
module reaches into it once, behind a name of ours:

- `xf_index(format)` (Format._get_xf_index): the index of a cell format in the styles part,
  the s="N" of a cell. The consolidation's workers render table rows as XML in other
  processes (consolidation/rendered_rows.py), so they need that number before any cell is
  written; xlsxwriter only gives it out to its own writer.
- `ProtectableWorkbook` (Workbook._write_workbook_pr, XMLwriter._xml_empty_tag): xlsxwriter
  has sheet protection but no workbook structure protection, which stops officials deleting,
  renaming or unhiding sheets. <workbookProtection> must follow <workbookPr> in
  workbook.xml (ECMA-376 CT_Workbook), so it is written from the method that writes that.
- `AppendedRowsSheet` (Worksheet._write_rows, ._check_dimensions, .fh, .table, .row_info,
  .comments, .merge, .tables): a worksheet that writes rows of ready XML after its own, so
  that 1.5 million cells rendered by the workers cost the main process no cell objects.
  _write_rows writes <sheetData>'s rows to self.fh; _check_dimensions keeps the sheet's
  <dimension> and row limits right; table/row_info/comments are the rows xlsxwriter will
  write itself; tables[-1] is the table just added, whose range is stretched over the
  appended rows (xlsxwriter marks every cell of a new table to catch overlaps: most of a
  second for 50,000 steps, with nothing to catch on a sheet of one table).

Each is pinned by tests/test_xlsxwriter_private.py (signatures, attributes, and a workbook
written and read back), and pyproject.toml bounds xlsxwriter to the releases it passes on.
"""

from __future__ import annotations

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_range
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

Attributes = list[tuple[str, str | int]]


def xf_index(cell_format: Format) -> int:
    """The cell format's index (a cell's s="N"), given to it now if it has none yet."""
    return cell_format._get_xf_index()


class ProtectableWorkbook(Workbook):
    """A Workbook that can lock its structure: set `structure_protection` to the attributes
    of <workbookProtection> (e.g. [("lockStructure", 1)]); None writes none."""

    structure_protection: Attributes | None = None

    def _write_workbook_pr(self) -> None:
        super()._write_workbook_pr()
        if self.structure_protection is not None:
            self._xml_empty_tag("workbookProtection", self.structure_protection)


class AppendedRowsSheet(Worksheet):
    """A worksheet that writes rows of ready SpreadsheetML (`append_rows`) after its own."""

    def __init__(self) -> None:
        super().__init__()
        self.appended: list[str] = []
        self.appended_first: int | None = None  # the first appended row (0-based)

    def append_rows(self, xml: str, first_row: int, last_row: int, last_col: int) -> None:
        """Rows `first_row`..`last_row` (0-based) as XML, written after the sheet's own rows;
        the sheet's <dimension> covers them."""
        if self.appended_first is None:
            self.appended_first = first_row
        self.appended.append(xml)
        self._check_dimensions(first_row, 0)
        self._check_dimensions(last_row, last_col)

    def own_rows(self) -> list[int]:
        """The rows xlsxwriter writes itself: with cells, a row format or a comment."""
        return [row for row, cells in self.table.items() if cells] + [*self.row_info,
                                                                     *self.comments]

    def has_tables_or_merges(self) -> bool:
        return bool(self.tables or self.merge)

    def stretch_last_table(self, first_row: int, first_col: int, last_row: int,
                           last_col: int) -> None:
        """The table added last now covers this range (its autofilter too)."""
        table = self.tables[-1]
        table["range"] = table["a_range"] = xl_range(first_row, first_col, last_row, last_col)
        if "autofilter" in table:
            table["autofilter"] = table["range"]

    def _write_rows(self) -> None:
        own = self.own_rows()
        if self.appended and own and max(own) >= (self.appended_first or 0):
            # Excel refuses a sheet whose rows are out of order: never write one.
            raise ValueError(f"{self.name}: a cell was written at row {max(own) + 1}, among "
                             "the rendered rows")
        super()._write_rows()
        for chunk in self.appended:
            self.fh.write(chunk)
