"""diff on stands built in code: each change code, and what is no change."""

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from actionbook import schema
from actionbook.cycle.changes import ChangeCode
from actionbook.cycle.diff import diff
from actionbook.cycle.stand import Stand, typed
from actionbook.plan import default_plan

PLAN = default_plan()


def step(action_id="MOH-001", ministry="MOH", **values) -> dict:
    row = {"ministry": ministry, "action_id": action_id, "goal": "G1",
           "action_step": f"Publish e-service {action_id}", "responsible": "Head of e-Services",
           "due_date": dt.date(2027, 6, 30), "estimated_cost": 1200000.0,
           "status": "In progress", "kpi_target": "60%"}
    row.update(values)
    return row


def stand(*rows, scope=None) -> Stand:
    return Stand("test", dt.date(2027, 9, 30), typed(pd.DataFrame(list(rows))), scope)


def codes(old, new, plan=PLAN) -> list[tuple]:
    return [(c.action_id, str(c.code), c.field) for c in diff(old, new, plan).changes]


@pytest.mark.parametrize("old, new, code", [
    ("In progress", "Completed", "completed"),
    ("Completed", "In progress", "reopened"),
    ("In progress", "Delayed", "status-changed"),
    ("Completed", "Cancelled", "status-changed"),
    (None, "Completed", "completed"),
])
def test_a_status_change_is_named_by_what_the_statuses_mean(old, new, code):
    assert codes(stand(step(status=old)), stand(step(status=new))) == \
        [("MOH-001", code, "status")]


def test_a_custom_closed_status_means_done():
    plan = dataclasses.replace(PLAN, lists={**PLAN.lists, "statuses": ("Open", "Closed")},
                               closed_statuses=("Closed",))
    assert plan.status_meaning("Closed") == "done" and plan.status_meaning("Open") is None
    assert codes(stand(step(status="Open")), stand(step(status="Closed")), plan) == \
        [("MOH-001", "completed", "status")]


def test_default_statuses_have_their_brief_meanings():
    assert {s: PLAN.status_meaning(s) for s in schema.DEFAULT_LISTS["statuses"]} == {
        "Not started": "on track", "In progress": "on track", "Completed": "done",
        "Delayed": "late", "On hold": "at risk", "Cancelled": "inactive"}
    assert PLAN.status_meaning(None) is None and PLAN.status_meaning("completed") == "done"


def test_due_date_moves_carry_signed_days():
    later = diff(stand(step()), stand(step(due_date=dt.date(2027, 7, 14))), PLAN).changes
    earlier = diff(stand(step()), stand(step(due_date=dt.date(2027, 6, 1))), PLAN).changes
    assert [(c.code, c.days) for c in later] == [(ChangeCode.SLIPPED, 14)]
    assert [(c.code, c.days) for c in earlier] == [(ChangeCode.PULLED_IN, -29)]


def test_a_due_date_set_or_cleared_is_a_field_change():
    assert codes(stand(step(due_date=None)), stand(step())) == \
        [("MOH-001", "field-changed", "due_date")]
    assert codes(stand(step()), stand(step(due_date=None))) == \
        [("MOH-001", "field-changed", "due_date")]


@pytest.mark.parametrize("old, new", [
    ({"action_step": "Publish e-service"}, {"action_step": "  publish   E-SERVICE "}),
    ({"estimated_cost": 1200000}, {"estimated_cost": 1200000.0}),
    ({"kpi_target": "1200000"}, {"kpi_target": 1200000.0}),
    ({"kpi_target": 60}, {"kpi_target": "60.0"}),
    ({"due_date": dt.date(2027, 6, 30)}, {"due_date": pd.Timestamp("2027-06-30 00:00")}),
    ({"kpi_target": dt.date(2027, 6, 30)}, {"kpi_target": "2027-06-30"}),
    ({"responsible": ""}, {"responsible": None}),
    ({"responsible": "  "}, {"responsible": float("nan")}),
    ({"action_id": "MOH-001"}, {"action_id": " moh-001"}),
])
def test_what_does_not_matter_is_no_change(old, new):
    assert codes(stand(step(**old)), stand(step(**new))) == []


def test_removed_unfinished_is_a_warning_removed_finished_is_not():
    old = stand(step("MOH-001", status="Completed"), step("MOH-002", status="Cancelled"),
                step("MOH-003", status="In progress"), step("MOH-004", status=None))
    changes = diff(old, stand(), PLAN).changes
    assert [(c.action_id, str(c.code), c.severity) for c in changes] == [
        ("MOH-001", "removed", "info"), ("MOH-002", "removed", "info"),
        ("MOH-003", "removed", "warning"), ("MOH-004", "removed", "warning")]


def test_the_same_text_under_a_new_id_is_renumbered_once_and_still_compared():
    old = stand(step("MOH-001", action_step="Train clerks"))
    new = stand(step("MOH-007", action_step="train  clerks", status="Completed"))
    changes = diff(old, new, PLAN).changes
    assert [(c.action_id, str(c.code), c.field, c.old, c.new) for c in changes] == [
        ("MOH-007", "renumbered", "action_id", "MOH-001", "MOH-007"),
        ("MOH-007", "completed", "status", "In progress", "Completed")]


def test_the_same_text_in_another_ministry_is_not_renumbered():
    old = stand(step("MOH-001", action_step="Train clerks"))
    new = stand(step("MOE-001", ministry="MOE", action_step="Train clerks"))
    assert sorted(str(c.code) for c in diff(old, new, PLAN).changes) == ["added", "removed"]


def test_repeated_ids_match_in_order():
    old = stand(step("MOH-001", responsible="A"), step("MOH-001", responsible="B"))
    new = stand(step("MOH-001", responsible="A"), step("MOH-001", responsible="C"))
    changes = diff(old, new, PLAN).changes
    assert [(c.field, c.old, c.new) for c in changes] == [("responsible", "B", "C")]


def test_every_schema_column_is_compared():
    compared = [key for key in schema.action_keys() if key != "action_id"]
    for key in compared:
        kind = schema.column(key).kind
        value = dt.date(2027, 1, 2) if kind.value == "date" else \
            5.0 if kind.value == "number" else "Something else"
        if key in ("due_date", "status"):
            continue  # their own codes, tested above
        assert codes(stand(step()), stand(step(**{key: value}))) == \
            [("MOH-001", "field-changed", key)], key


def test_changes_follow_roster_order_then_id_then_catalogue_order():
    roster = [m.code for m in PLAN.ministries]
    first, last = roster[-1], roster[0]
    old = stand(step(f"{first}-002", ministry=first), step(f"{last}-001", ministry=last))
    new = stand(step(f"{first}-002", ministry=first, status="Completed",
                     due_date=dt.date(2027, 8, 1)),
                step(f"{first}-001", ministry=first), step(f"{last}-001", ministry=last,
                                                         responsible="Someone"))
    changes = diff(old, new, PLAN).changes
    assert [(c.ministry, c.action_id, str(c.code)) for c in changes] == [
        (last, f"{last}-001", "field-changed"), (first, f"{first}-001", "added"),
        (first, f"{first}-002", "completed"), (first, f"{first}-002", "slipped")]


def test_summary_counts_every_code_and_json_keeps_the_contract():
    changes = diff(stand(step()), stand(step(status="Completed"), step("MOH-002")), PLAN)
    data = changes.to_dict()
    assert data["summary"] == {**{str(code): 0 for code in ChangeCode}, "added": 1,
                               "completed": 1}
    assert list(data["changes"][0]) == ["ministry", "action_id", "code", "severity", "field",
                                        "old", "new", "days", "message"]
    assert data["old"] == {"source": "test", "as_of": "2027-09-30"}


def test_docs_changes_md_holds_the_catalogue_of_the_enum():
    from pathlib import Path

    from actionbook.cycle.changes_doc import catalogue_markdown, generated_part

    document = (Path(__file__).resolve().parents[2] / "docs" / "changes.md").read_text("utf-8")
    assert generated_part(document) == catalogue_markdown(), \
        "docs/changes.md is stale: run python -m actionbook.cycle.changes_doc"


def test_an_id_typed_as_a_number_is_text_and_matches_its_text():
    changes = diff(stand(step(7.0, action_step="Step seven")),
                   stand(step("7", action_step="Step seven", status="Completed"), step(8)),
                   PLAN)
    assert [(c.action_id, str(c.code)) for c in changes.changes] == [
        ("7", "completed"), ("8", "added")]


# The baseline: the due date first committed

def test_the_baseline_carried_from_the_old_due_date_is_no_change():
    old = stand(step(due_date=dt.date(2027, 6, 30)))
    new = stand(step(due_date=dt.date(2027, 8, 31), baseline_due=dt.date(2027, 6, 30)))
    assert codes(old, new) == [("MOH-001", "slipped", "due_date")]


def test_a_new_step_without_a_recorded_baseline_is_no_change():
    old = stand(step(baseline_due=dt.date(2027, 5, 31)))
    assert codes(old, stand(step())) == []
    assert codes(stand(step()), stand(step(due_date=dt.date(2027, 7, 31)))) == [
        ("MOH-001", "slipped", "due_date")]


def test_a_moved_baseline_is_a_field_change_from_the_old_baseline():
    old = stand(step(due_date=dt.date(2027, 6, 30)))
    new = stand(step(baseline_due=dt.date(2027, 9, 30), due_date=dt.date(2027, 6, 30)))
    [change] = diff(old, new, PLAN).changes
    assert (str(change.code), change.field, change.old, change.new) == (
        "field-changed", "baseline_due", "2027-06-30", "2027-09-30")
    moved = stand(step(baseline_due=dt.date(2027, 10, 31), due_date=dt.date(2027, 6, 30)))
    assert codes(new, moved) == [("MOH-001", "field-changed", "baseline_due")]
