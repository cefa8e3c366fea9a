"""template --from: the next review's workbooks, prefilled from the last one."""

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionbook.cli import cli
from actionbook.consolidation.workbook import consolidate_folder
from actionbook.cycle.diff import diff
from actionbook.cycle.prefill import prefill
from actionbook.cycle.stand import Stand, load_stand, typed
from actionbook.read.reader import read_workbook
from actionbook.read.xlsx_extras import custom_properties
from actionbook.schema import layout
from tests.read.test_reader_roundtrip import PLAN, action_row, as_read
from tests.support import fill

ROOT = Path(__file__).resolve().parents[2]
CONSOLIDATED = ROOT / "samples" / "consolidated.xlsx"
DAY = dt.date(2027, 10, 1)
COVER = {"ministry": "MOH", "ministry_name": "Ministry of Health", "plan_owner": "Dr A. Mensah",
         "owner_contact": "a@health.example", "reporting_period": "2027 Q3",
         "submitted_on": dt.date(2027, 9, 20)}


def stand(rows: list[dict], last_ids=None, covers=None) -> Stand:
    steps = typed(pd.DataFrame([{"ministry": "MOH", **row} for row in rows]))
    return Stand("last review", dt.date(2027, 9, 30), steps, covers=covers or {"MOH": COVER},
                 last_ids=last_ids or {})


def step(number: int, **values) -> dict:
    return fill.good_row(number, action_id=f"MOH-{number:03d}", **values)


def written(folder: Path, previous, **options) -> openpyxl.Workbook:
    [path] = prefill(previous, PLAN, ["MOH"], output=folder, generated_on=DAY, **options).paths
    return path


def ids_column(path: Path) -> list:
    sheet = openpyxl.load_workbook(path)[layout.ACTIONS_SHEET]
    return [c.value for c in sheet["A"][layout.FIRST_DATA_ROW - 1:]]


# Property: a step's fields survive template --from, then a read ----------------------------------

@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(action_row(), min_size=1, max_size=3),
       numbers=st.lists(st.integers(1, 999), min_size=3, max_size=3, unique=True))
def test_every_field_of_a_step_survives_template_from_and_a_read(rows, numbers):
    rows = [{**row, "action_id": f"MOH-{n:03d}"} for row, n in zip(rows, numbers, strict=False)]
    folder = Path(tempfile.mkdtemp(prefix="prefill-"))
    try:
        wb = read_workbook(written(folder, stand(rows)), PLAN)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert len(wb.actions) == len(rows)
    for index, row in enumerate(rows):
        expected = {**row, "baseline_due": row.get("baseline_due") or row.get("due_date")}
        for key, value in expected.items():
            got = wb.actions.at[index, key]
            assert (pd.isna(got) or got is None) if value is None else got == as_read(value), \
                (key, value, got)


# IDs ---------------------------------------------------------------------------------------------

def test_new_rows_get_ids_after_the_highest_ever_used_removed_ones_included(tmp_path):
    path = written(tmp_path, stand([step(1), step(3)], last_ids={"MOH": "MOH-007"}))
    ids = ids_column(path)
    assert ids[:4] == ["MOH-001", "MOH-003", "MOH-008", "MOH-009"]
    assert custom_properties(path)[layout.LAST_ID] == "MOH-007"


def test_without_a_recorded_last_id_new_ids_follow_the_steps_carried(tmp_path):
    path = written(tmp_path, stand([step(4), step(2)]))
    assert ids_column(path)[:3] == ["MOH-004", "MOH-002", "MOH-005"]
    assert custom_properties(path)[layout.LAST_ID] == "MOH-004"


def test_a_consolidation_keeps_the_last_id_and_the_next_review_follows_it(tmp_path):
    first = tmp_path / "first"
    written(first, stand([step(1), step(2)], last_ids={"MOH": "MOH-040"}))
    out = tmp_path / "consolidated.xlsx"
    consolidate_folder(first, out, PLAN, DAY, jobs=1)
    assert custom_properties(out)[layout.LAST_ID_PROPERTY + "MOH"] == "MOH-040"
    again = load_stand(out, PLAN)
    assert again.last_ids == {"MOH": "MOH-040"}
    assert again.covers["MOH"]["plan_owner"] == "Dr A. Mensah"
    assert ids_column(written(tmp_path / "second", again))[:3] == ["MOH-001", "MOH-002",
                                                                  "MOH-041"]


# What is carried -------------------------------------------------------------------------------

def test_every_step_is_kept_with_its_baseline_completed_and_cancelled_included(tmp_path):
    rows = [step(1, status="Completed", baseline_due=None),
            step(2, status="Cancelled", baseline_due=dt.date(2027, 3, 31)), step(3)]
    wb = read_workbook(written(tmp_path, stand(rows)), PLAN)
    assert wb.actions["status"].tolist() == ["Completed", "Cancelled", "In progress"]
    assert [d.date() for d in wb.actions["baseline_due"]] == [
        rows[0]["due_date"], dt.date(2027, 3, 31), rows[2]["baseline_due"]]


def test_the_cover_is_carried_but_the_period_and_the_submission_date(tmp_path):
    wb = read_workbook(written(tmp_path, stand([step(1)])), PLAN)
    assert (wb.cover["plan_owner"], wb.cover["owner_contact"]) == (
        "Dr A. Mensah", "a@health.example")
    assert wb.cover["reporting_period"] is None and wb.cover["submitted_on"] is None


def test_a_ministry_with_nothing_previous_gets_a_blank_workbook(tmp_path):
    made = prefill(stand([step(1)]), PLAN, ["MOH", "MOE"], output=tmp_path, generated_on=DAY)
    assert made.blank == ("MOE",)
    assert len(read_workbook(made.paths[1], PLAN).actions) == 0


# The command, on the samples -------------------------------------------------------------------

def test_template_from_the_samples_gives_back_every_step_unchanged(tmp_path):
    result = CliRunner().invoke(cli, ["template", "--from", str(CONSOLIDATED), "--all", "-o",
                                      str(tmp_path), "--date", DAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "MLG: nothing of theirs in" in result.stderr
    assert len(list(tmp_path.glob("*.xlsx"))) == len(PLAN.ministries)
    changes = diff(CONSOLIDATED, tmp_path, PLAN, DAY)
    # Only the hand-made table's steps, which had no IDs, are given some.
    assert {(c.ministry, str(c.code)) for c in changes.changes} == {("MEN", "renumbered")}


def test_template_from_without_a_ministry_writes_those_previous_holds(tmp_path):
    source = written(tmp_path / "last", stand([step(1)]))
    result = CliRunner().invoke(cli, ["template", "--from", str(source), "-o",
                                      str(tmp_path / "next")])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "next").iterdir()] == ["MOH-action-plan.xlsx"]
