"""Round trip: whatever valid rows are written into the template are read back the same."""

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionbook import schema
from actionbook.plan import default_plan
from actionbook.read import values
from actionbook.read.reader import read_workbook
from actionbook.schema.table import Kind
from actionbook.template.workbook import write_template
from tests.support import fill

PLAN = default_plan()
VALUE_CODES = {"value-repaired", "invalid-date", "invalid-number", "invalid-choice",
               "unknown-goal"}

# openpyxl (the "typed" writer below) stores a literal "_x0041_" unescaped, so every reader
# decodes it as "A"; Excel and xlsxwriter escape it. test_escaped_text_survives covers it.
OOXML_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")

# Text as officials type it: any script, line breaks, formula-like starts. Surrogates,
# control characters and non-characters cannot be stored in a workbook's XML at all.
characters = st.characters(blacklist_categories=("Cs", "Cc", "Cn"))
raw_text = st.text(st.one_of(characters, st.just("\n")), min_size=1, max_size=40)
long_text = st.tuples(raw_text, st.integers(50, 400)).map(lambda pair: pair[0] * pair[1])
text = st.one_of(
    raw_text,
    st.tuples(st.sampled_from("=+-@"), raw_text).map("".join),
    long_text,  # up to 16,000 characters, of Excel's 32,767 per cell
).map(values.clean_text).filter(lambda t: t is not None and not OOXML_ESCAPE.search(t))

dates = st.one_of(st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)),
                  st.sampled_from([dt.date(1900, 3, 1), dt.date(9999, 12, 31),
                                   PLAN.start, PLAN.end]))
# Excel keeps 15 significant digits; xlsxwriter writes 16.
costs = st.one_of(st.just(0.0), st.integers(0, 10**15).map(float),
                  st.integers(0, 10**13).map(lambda cents: cents / 100))


def field_value(spec: schema.Column):
    if spec.kind is Kind.DATE:
        return dates
    if spec.kind is Kind.NUMBER:
        return costs
    if spec.choices == "goals":
        return st.sampled_from([g.id for g in PLAN.goals])
    if spec.kind is Kind.CHOICE:
        return st.sampled_from(PLAN.choices(spec.choices))
    return text


def action_row():
    """A valid row: the action step always given, every other field given or blank."""
    fields = {spec.key: st.one_of(st.none(), field_value(spec))
              for spec in schema.COLUMNS if spec.key not in ("action_id", "action_step")}
    return st.fixed_dictionaries({"action_step": text, **fields})


cover = st.fixed_dictionaries({"plan_owner": text, "owner_contact": st.one_of(st.none(), text),
                               "submitted_on": st.one_of(st.none(), dates)})


def read_back(rows: list[dict], cover_values: dict, how: str):
    folder = Path(tempfile.mkdtemp(prefix="roundtrip-"))
    try:
        if how == "template":  # the next cycle's workbook, prefilled by actionbook
            path = write_template(PLAN, folder / "plan.xlsx", "MOH", actions=rows,
                                  cover=cover_values, generated_on=fill.GENERATED_ON)
        else:  # typed cell by cell into a fresh template
            path = fill.fill(fill.template(folder), folder / "typed.xlsx", rows,
                             cover={k: v for k, v in cover_values.items() if v is not None})
        return read_workbook(path, PLAN)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def as_read(value):
    if isinstance(value, dt.date):
        return pd.Timestamp(value)
    return value


def assert_same(wb, rows: list[dict], cover_values: dict) -> None:
    assert len(wb.actions) == len(rows)
    for index, row in enumerate(rows):
        for key, value in row.items():
            got = wb.actions.at[index, key]
            if value is None:
                assert pd.isna(got) or got is None, (key, got)
            else:
                assert got == as_read(value), (key, value, got)
    for key, value in cover_values.items():
        assert wb.cover[key] == value, key
    assert [f for f in wb.findings if f.code in VALUE_CODES] == []


@pytest.mark.parametrize("how", ["template", "typed"])
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=st.lists(action_row(), min_size=1, max_size=3), cover_values=cover)
def test_what_is_written_is_what_is_read(how, rows, cover_values):
    wb = read_back(rows, cover_values, how)
    assert_same(wb, rows, cover_values)
    assert wb.actions["excel_row"].is_monotonic_increasing


def test_escaped_text_survives():
    rows = [{"action_step": "Keep _x0041_ as typed", "responsible": "=1+1"}]
    wb = read_back(rows, {"plan_owner": "A. Mensah"}, "template")
    assert_same(wb, rows, {"plan_owner": "A. Mensah"})


def test_a_row_left_with_only_its_id_and_carried_baseline_is_no_step(tmp_path):
    """An official who clears a prefilled step cannot clear its locked baseline: the row is
    read as blank, not as a step missing every required cell."""
    rows = [fill.good_row(1, action_id="MOH-001"),
            {"action_id": "MOH-002", "baseline_due": dt.date(2027, 5, 31)}]
    path = write_template(PLAN, tmp_path / "MOH.xlsx", "MOH", generated_on=fill.GENERATED_ON,
                          actions=rows)
    wb = read_workbook(path, PLAN)
    assert wb.actions["action_id"].tolist() == ["MOH-001"]
    assert wb.actions["baseline_due"].tolist() == [pd.Timestamp("2027-05-31")]
