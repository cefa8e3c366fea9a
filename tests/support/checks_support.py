"""Small hand-built workbooks for the check's tests: rows as an official types them.

`workbook(row, row, ...)` returns what the reader would: raw text, typed values, cover,
the template's column letters; each row is a dict of schema key -> typed text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd

from actionbook import schema
from actionbook.plan import default_plan
from actionbook.read.reader import Workbook
from actionbook.schema import layout
from actionbook.template.workbook import write_template

PLAN = default_plan()
AS_OF = pd.Timestamp("2027-09-30").date()

# A complete, valid step of the default plan, before its due date at AS_OF.
GOOD_ROW = {
    "action_id": "MOH-001",
    "goal": "G1: Digital public services for all",
    "action_step": "Publish the online birth-registration service",
    "responsible": "Head of e-Services Unit",
    "supporting": "Civil Registry",
    "start_date": "2027-01-15",
    "due_date": "2027-12-31",
    "resources_needed": "Two developers for six months",
    "resource_type": "Technical",
    "estimated_cost": "120000",
    "funding_status": "Available",
    "barriers": "Registry clerks worried about workload",
    "comm_by_whom": "Communications Officer",
    "comm_audience": "Parents; hospital registrars",
    "comm_frequency": "Monthly",
    "kpi": "Share of births registered online",
    "kpi_baseline": "0%",
    "kpi_target": "60% by Dec 2027",
    "status": "In progress",
    "priority": "High",
}

GOOD_COVER = {
    "ministry": "MOH", "ministry_name": "Ministry of Health", "plan_owner": "Dr A. Mensah",
    "owner_contact": "a.mensah@health.example", "reporting_period": "2027",
    "submitted_on": None,
}


def step(n: int, **changes: str) -> dict[str, str]:
    """The good row with its own ID and wording, changed where asked."""
    row = {**GOOD_ROW, "action_id": f"MOH-{n:03d}",
           "action_step": f"{GOOD_ROW['action_step']} in region {n}"}
    return {**row, **changes}


def typed_value(key: str, text: str):
    kind = schema.column(key).kind
    if text == "":
        return pd.NaT if kind is schema.Kind.DATE else None
    if kind is schema.Kind.DATE:
        return pd.to_datetime(text, errors="coerce", format="ISO8601")
    if kind is schema.Kind.NUMBER:
        return pd.to_numeric(text, errors="coerce")
    if key == "goal":
        goal = next((g for g in PLAN.goals if text in (g.id, g.label)), None)
        return goal.id if goal else text
    return text


def workbook(*rows: dict[str, str], cover: dict | None = None, rows_at: list[int] | None = None,
             metadata: dict | None = None, findings=(), example_row: int | None = None,
             columns: dict[str, str] | None = None, name: str = "MOH-action-plan.xlsx"):
    keys = schema.action_keys()
    raw = pd.DataFrame([{k: row.get(k, "") for k in keys} for row in rows], columns=list(keys))
    raw = raw.astype(object)
    actions = pd.DataFrame({k: [typed_value(k, t) for t in raw[k]] for k in keys})
    for key in keys:
        if schema.column(key).kind is schema.Kind.DATE:
            actions[key] = pd.to_datetime(actions[key]).astype("datetime64[us]")
        elif schema.column(key).kind is schema.Kind.NUMBER:
            actions[key] = actions[key].astype("float64")
    cover = dict(GOOD_COVER if cover is None else cover)
    for key in schema.cover_keys():
        actions[key] = cover.get(key)
    actions["source_file"] = name
    actions["sheet"] = layout.ACTIONS_SHEET
    rows_at = rows_at or [layout.FIRST_DATA_ROW + i for i in range(len(rows))]
    actions["excel_row"] = pd.Series(rows_at, dtype="int64")
    return Workbook(
        path=Path("/submissions") / name, file=name, actions=actions, raw=raw,
        cover=cover, cover_cells={k: f"C{layout.cover_row(k)}" for k in schema.cover_keys()},
        sheet=layout.ACTIONS_SHEET, cover_sheet=layout.COVER_SHEET,
        header_row=layout.HEADER_ROW,
        columns=columns or {k: layout.template_column(k) for k in keys},
        metadata={"ministry": "MOH"} if metadata is None else metadata,
        findings=list(findings), example_row=example_row,
    )


def cell_input(key: str, text: str):
    """What an official's cell holds: a date or a number where one was typed, else the text."""
    kind = schema.column(key).kind
    if kind is schema.Kind.DATE:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if kind is schema.Kind.NUMBER:
        try:
            return float(text)
        except ValueError:
            return text
    return text


def filled_workbook(path: Path, rows: list[dict], cover: dict | None = None,
                    ministry: str = "MOH", first_row: int = layout.FIRST_DATA_ROW,
                    protect: bool = True) -> Path:
    """A blank template filled in with openpyxl as an official would type: blank cells of
    `rows` are left alone, every other value typed in its column. protect=False leaves the
    sheets unprotected, as an official who removed the protection to insert columns."""
    template = write_template(PLAN, path.with_suffix(".template.xlsx"), ministry,
                              generated_on=dt.date(2027, 1, 4), protect=protect)
    book = openpyxl.load_workbook(template)
    sheet = book[layout.ACTIONS_SHEET]
    for index, row in enumerate(rows):
        for key, text in row.items():
            if text != "":
                sheet[f"{layout.template_column(key)}{first_row + index}"] = cell_input(key, text)
    for key, value in (GOOD_COVER if cover is None else cover).items():
        if key not in ("ministry", "ministry_name"):
            book[layout.COVER_SHEET][f"C{layout.cover_row(key)}"] = value
    book.save(path)
    template.unlink()
    return path
