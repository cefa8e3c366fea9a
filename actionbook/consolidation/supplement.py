"""More of the consolidated workbook, made by a later stage: a Supplement.

The consolidation cannot import cycle/ (a stage imports only the stages before it), yet
`actionbook consolidate --previous` adds what moved since the last review: cycle/review.py
hands the writer a Supplement, and the writer gives it room - its sheets right after the
Summary, its section of the Summary, its tables among the exports. Without one, the
consolidated workbook is as it always was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import pandas as pd
    from xlsxwriter.worksheet import Worksheet

    from actionbook.consolidation.merge import Consolidation
    from actionbook.consolidation.tables import SheetWriter


class Supplement(Protocol):
    """What a later stage adds to one consolidated workbook."""

    sheet_names: tuple[str, ...]  # its sheets, in order, right after the Summary

    def write_sheets(self, writer: SheetWriter, sheets: dict[str, Worksheet],
                     c: Consolidation) -> None:
        """Writes its sheets (made empty, by name, in `sheets`)."""

    def write_summary(self, writer: SheetWriter, ws: Worksheet, c: Consolidation,
                      row: int) -> None:
        """Writes its section of the Summary from `row` down, in the Summary's first two
        columns (the Summary's own charts are to their right)."""

    def tables(self, c: Consolidation) -> dict[str, pd.DataFrame]:
        """Its tables by export name (changes -> changes.csv)."""
