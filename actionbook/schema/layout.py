"""Where things sit in the workbook we generate: sheet names, rows, names, metadata keys.

The template writes by these numbers and the reader looks here first (then falls back to
scanning for headers, since officials rename sheets and insert rows and columns).
Rows and columns are 1-based, as the official sees them in Excel.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name

from actionbook.schema import table as schema

COVER_SHEET = "Cover"
INSTRUCTIONS_SHEET = "Instructions"
GOALS_SHEET = "Goals"
ACTIONS_SHEET = "Action Plan"
LISTS_SHEET = "Lists"  # hidden: the dropdown lists behind defined names
METADATA_SHEET = "Metadata"  # very hidden: key / value pairs below

# Action Plan sheet. Row 1 is hidden and carries each column's schema key, so the reader can
# map columns even after an official inserts, moves or renames them.
KEY_ROW = 1
TITLE_ROW = 2
GROUP_ROW = 3
HEADER_ROW = 4
QUESTION_ROW = 5
EXAMPLE_ROW = 6
FIRST_DATA_ROW = 7
EXAMPLE_ID = "EX-001"

# Cover sheet: column A is hidden and carries each field's key; labels in B, values in C.
COVER_KEY_COLUMN = "A"
COVER_LABEL_COLUMN = "B"
COVER_VALUE_COLUMN = "C"
COVER_FIRST_ROW = 5  # first field; the rest follow in schema.COVER_FIELDS order
COUNTER_LABEL = "Required cells filled"
MAX_TEXT = 32767  # Excel's limit on the characters of a cell (xlsxwriter truncates too)


def cover_row(key: str) -> int:
    return COVER_FIRST_ROW + schema.cover_keys().index(key)


def counter_row() -> int:
    """The cover row of the live 'N of M required cells filled (P%)' counter."""
    return COVER_FIRST_ROW + len(schema.COVER_FIELDS) + 1


# Metadata sheet: key in column A, value in column B, one per row, in this order. The same
# pairs are also written as custom document properties (LibreOffice keeps both).
METADATA_KEYS = (
    "template_id",  # schema.TEMPLATE_ID
    "schema_version",  # schema.SCHEMA_VERSION
    "ministry",  # ministry code, empty for the generic workbook
    "plan_title",
    "plan_cycle",
    "plan_start",
    "plan_end",
    "generated_on",  # ISO date; an input of the template writer (default today), so the
    # same config and date give the same bytes
    "columns",  # the schema keys in template order, comma-separated
    "last_id",  # the highest action ID the ministry had used when the workbook was made
    # (its prefilled steps' and those of every review before, removed ones included), so
    # that a next review never gives an ID twice; empty in a first review
)
LAST_ID = "last_id"
GENERATED_ON = "generated_on"  # the metadata key of the date a template was made

# The marks every workbook actionbook writes carries, so that it is never read back as a
# submission (read/outputs.py recognises them): custom document properties, which Excel and
# LibreOffice keep when they save the file again.
KIND = "actionbook_kind"  # what actionbook wrote: one of the kinds below
WRITTEN = "actionbook_written"  # the ISO date it was written on
TEMPLATE, FEEDBACK, CONSOLIDATED, EXPORT = "template", "feedback", "consolidated", "export"
CHANGES = "changes"  # what moved between two reviews: actionbook diff -o changes.xlsx
# The plan a workbook was made from (templates, feedback copies, consolidated workbooks): its
# title, and Plan.fingerprint, which the reader compares with the plan it reads with.
PLAN = "actionbook_plan"
PLAN_ID = "actionbook_plan_id"
# The consolidated workbook's record of each ministry's last_id (the metadata above of the
# submission it used), one custom property a ministry: actionbook_last_id_MOH.
LAST_ID_PROPERTY = "actionbook_last_id_"
CONSOLIDATED_MARK = "actionbook-consolidated"  # the consolidated workbook's older mark (its
# value: the plan's cycle), still written for readers that predate KIND


def defined_name(list_name: str) -> str:
    """The workbook-level defined name behind a dropdown list, e.g. list_statuses."""
    return f"list_{list_name}"


# Column letters are xlsxwriter's (0-based); these two count from 1, as the official does.

def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    return xl_col_to_name(index - 1)


def column_index(letters: str) -> int:
    """A -> 1, AA -> 27."""
    return xl_cell_to_rowcol(f"{letters.upper()}1")[1] + 1


def template_column(key: str) -> str:
    """The column letter of a schema key in a fresh template."""
    return xl_col_to_name(schema.action_keys().index(key))
