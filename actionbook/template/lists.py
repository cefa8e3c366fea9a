"""The hidden sheets: the dropdown lists behind defined names, and the template's metadata.

Dropdowns refer to a defined name (list_statuses) over a column of the hidden Lists sheet
rather than carrying their values inline: an inline list is capped at 255 characters and
cannot be updated in one place.
"""

from __future__ import annotations

import datetime as dt

from xlsxwriter.utility import xl_col_to_name

from actionbook import schema
from actionbook.schema import layout

CLOSED_STATUSES = "closed_statuses"  # the overdue flag skips steps in these statuses
MINISTRY_NAMES = "ministry_names"  # the generic cover looks the ministry's name up here


def dropdown_lists() -> tuple[str, ...]:
    """The list names the schema's dropdowns use, in the order they first appear."""
    names = [c.choices for c in schema.COLUMNS if c.choices]
    names += [f.choices for f in schema.COVER_FIELDS if f.choices]
    return tuple(dict.fromkeys(names))


def list_values(plan, language: str = "en") -> dict[str, tuple[str, ...]]:
    """Every list on the Lists sheet, in the workbook's language: the dropdowns', then the
    two the formulas look up."""
    values = {name: plan.choices_in(name, language) for name in dropdown_lists()}
    values[CLOSED_STATUSES] = tuple(plan.choice_in("statuses", status, language)
                                    for status in plan.closed_statuses)
    values[MINISTRY_NAMES] = tuple(m.name_in(language) for m in plan.ministries)
    return values


def list_range(index: int, length: int) -> str:
    """The absolute reference of the `index`-th list (0-based) on the Lists sheet."""
    letter = xl_col_to_name(index)
    return f"'{layout.LISTS_SHEET}'!${letter}$2:${letter}${length + 1}"


def write_lists(workbook, formats, plan, language: str = "en"):
    """The hidden Lists sheet and a workbook defined name over each of its lists."""
    sheet = workbook.add_worksheet(layout.LISTS_SHEET)
    for index, (name, values) in enumerate(list_values(plan, language).items()):
        sheet.write_string(0, index, layout.defined_name(name), formats["table_head"])
        for row, value in enumerate(values, 1):
            sheet.write_string(row, index, value, formats["table_cell"])
        sheet.set_column(index, index, 32)
        workbook.define_name(layout.defined_name(name), "=" + list_range(index, len(values)))
    sheet.hide()
    return sheet


def metadata_values(plan, ministry: str | None, generated_on: dt.date,
                    last_id: str | None = None) -> dict[str, str]:
    """layout.METADATA_KEYS -> text: enough to recognise the workbook and its version."""
    values = {
        "template_id": schema.TEMPLATE_ID,
        "schema_version": str(schema.SCHEMA_VERSION),
        "ministry": ministry or "",
        "plan_title": plan.title,
        "plan_cycle": plan.cycle,
        "plan_start": plan.start.isoformat(),
        "plan_end": plan.end.isoformat(),
        layout.GENERATED_ON: generated_on.isoformat(),
        "columns": ",".join(schema.action_keys()),
        layout.LAST_ID: last_id or "",
    }
    return {key: values[key] for key in layout.METADATA_KEYS}


def write_metadata(workbook, formats, values: dict[str, str]):
    """The very hidden Metadata sheet, and the same pairs as custom document properties."""
    sheet = workbook.add_worksheet(layout.METADATA_SHEET)
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 60)
    for row, (key, value) in enumerate(values.items()):
        sheet.write_string(row, 0, key)
        sheet.write_string(row, 1, value)
        # Properties are typed as text: LibreOffice turns numeric ones into floats.
        workbook.set_custom_property(key, value, "text")
    sheet.very_hidden()
    return sheet
