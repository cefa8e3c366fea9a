"""The cross-ministry summaries: pure functions of the consolidated actions and submissions."""

import datetime as dt

import pandas as pd
import pytest

from actionbook.consolidation import registers, summaries
from actionbook.consolidation.submission import ACTION_COLUMNS
from actionbook.consolidation.tables import label
from actionbook.plan import default_plan

PLAN = default_plan()
AS_OF = dt.date(2027, 9, 30)


def actions(*rows: dict) -> pd.DataFrame:
    """A consolidated actions frame with the documented dtypes; unnamed cells blank."""
    frame = pd.DataFrame([{key: row.get(key) for key in ACTION_COLUMNS} for row in rows],
                         columns=list(ACTION_COLUMNS)).astype(object)
    for key in ("start_date", "due_date", "submitted_on"):
        frame[key] = pd.to_datetime(frame[key]).astype("datetime64[us]")
    frame["estimated_cost"] = pd.to_numeric(frame["estimated_cost"]).astype("float64")
    frame["excel_row"] = range(7, 7 + len(frame))
    return frame


def submissions(*rows: dict) -> pd.DataFrame:
    columns = ["ministry", "ministry_name", "file", "status", "completeness", "errors",
               "warnings"]
    return pd.DataFrame([{key: row.get(key) for key in columns} for row in rows],
                        columns=columns)


def step(ministry="MOH", **values) -> dict:
    return {"ministry": ministry, "goal": "G1", "status": "In progress", **values}


def test_funding_gap_counts_every_cost_not_fully_funded_and_nothing_unstated():
    frame = actions(step(estimated_cost=100, funding_status="Available"),
                    step(estimated_cost=200, funding_status="Partly available"),
                    step(estimated_cost=400, funding_status="Needed"),
                    step(estimated_cost=800, funding_status=None))
    funding = summaries.funding(frame, PLAN).set_index("ministry")
    assert funding.loc["MOH", "total_cost"] == 1500
    assert funding.loc["MOH", "funding_gap"] == 600
    assert funding.loc["MOH", "not_stated"] == 800
    assert funding.loc[summaries.TOTAL, "funding_gap"] == 600


def test_overdue_and_due_soon_leave_closed_steps_out():
    frame = actions(step(due_date="2027-09-01"),
                    step(due_date="2027-09-01", status="Completed"),
                    step(due_date="2027-10-15"),
                    step(due_date="2027-10-15", status="Cancelled"),
                    step(due_date="2028-06-30"))
    assert summaries.overdue(frame, PLAN, AS_OF).tolist() == [True, False, False, False, False]
    assert summaries.due_soon(frame, PLAN, AS_OF).tolist() == [False, False, True, False, False]


def test_timeline_counts_due_steps_per_quarter_with_totals_and_out_of_plan_columns():
    frame = actions(step(due_date="2027-02-01"), step(due_date="2027-03-31"),
                    step("MOE", due_date="2029-12-31"), step("MOE", due_date="2031-01-01"),
                    step("MOE"))
    grid = summaries.timeline(frame, PLAN).set_index("ministry")
    assert list(grid.index) == ["MOH", "MOE", summaries.TOTAL]
    assert grid.loc["MOH", "2027 Q1"] == 2
    assert grid.loc["MOE", "2029 Q4"] == 1
    assert grid.loc["MOE", summaries.AFTER_PLAN] == 1
    assert grid.loc["MOE", summaries.NO_DATE] == 1
    assert summaries.BEFORE_PLAN not in grid.columns
    assert grid.loc[summaries.TOTAL, summaries.TOTAL] == 5
    assert len([c for c in grid.columns if " Q" in c]) == 12  # 2027-2029


def test_by_goal_lists_every_plan_goal_with_pillar_and_sdgs_and_a_row_for_unknown_goals():
    frame = actions(step(goal="G1"), step("MOE", goal="G1"), step(goal="G9"))
    goals = summaries.by_goal(frame, PLAN, AS_OF).set_index("goal")
    assert list(goals.index) == [g.id for g in PLAN.goals] + [summaries.OTHER]
    assert goals.loc["G1", "ministries"] == 2
    assert goals.loc["G1", "ministry_codes"] == "MOH, MOE"
    assert goals.loc["G1", "sdgs"] == ("10 Reduced inequalities; "
                                       "16 Peace, justice and strong institutions")
    assert goals.loc["G1", "pillar"] == "Services"
    assert goals.loc["G2", "actions"] == 0
    assert goals.loc[summaries.OTHER, "actions"] == 1


def test_by_sdg_sums_the_goals_citing_each_sdg():
    frame = actions(step(goal="G1"), step(goal="G4"), step("MOE", goal="G2"))
    sdgs = summaries.by_sdg(summaries.by_goal(frame, PLAN, AS_OF), PLAN).set_index("sdg")
    assert sdgs.loc[16, "actions"] == 2  # G1 and G4 cite SDG 16
    assert sdgs.loc[16, "ministries"] == 1
    assert sdgs.loc[10, "actions"] == 2  # G1 and G2


def test_by_ministry_has_every_roster_ministry_with_its_submission_and_status_counts():
    frame = actions(step(status="Completed"), step(status="Delayed"), step(status="odd"))
    sent = submissions({"ministry": "MOH", "file": "a.xlsx", "status": "incomplete",
                        "completeness": 0.5, "errors": 3, "warnings": 1})
    table = summaries.by_ministry(frame, sent, registers.dependencies(frame, PLAN), PLAN,
                                  AS_OF).set_index("ministry")
    assert list(table.index) == [m.code for m in PLAN.ministries]
    assert table.loc["MOH", "submission"] == "incomplete"
    assert table.loc["MOE", "submission"] == summaries.MISSING
    assert (table.loc["MOH", "Completed"], table.loc["MOH", "Delayed"]) == (1, 1)
    assert table.loc["MOH", summaries.OTHER] == 1
    assert table.loc["MOE", "actions"] == 0


def test_dependencies_find_other_ministries_by_code_or_name_but_not_the_ministry_itself():
    frame = actions(step(responsible="Head of e-Health", supporting="MDG; Ministry of education"),
                    step(supporting="MOH and the hospitals"),
                    step("MOE", responsible="MOHAMMED's team", supporting="moh"))
    table = registers.dependencies(frame, PLAN)
    assert table[["ministry", "other_ministry"]].values.tolist() == [["MOH", "MDG"],
                                                                      ["MOH", "MOE"]]
    assert table["other_ministry_name"].tolist() == ["Ministry of Digital Government",
                                                     "Ministry of Education"]


def test_communication_groups_audiences_loosely_and_puts_shared_ones_first():
    frame = actions(step(comm_audience="The public; Hospital directors", comm_frequency="Monthly"),
                    step("MOE", comm_audience="the Public, teachers", comm_frequency="Quarterly"),
                    step("MOE", comm_audience="Parents", comm_frequency=None))
    grid = registers.communication(frame, PLAN)
    first = grid.iloc[0]
    assert first["audience"].casefold() == "the public"
    assert (first["named_by"], first["actions"]) == (2, 2)
    assert (first["ministry:MOH"], first["ministry:MOE"]) == ("Monthly", "Quarterly")
    parents = grid.set_index("audience").loc["Parents"]
    assert parents["ministry:MOE"] == registers.NOT_STATED
    assert parents["ministry:MOH"] == ""


def test_resources_sum_cost_and_gap_per_type_in_list_order():
    frame = actions(step(resource_type="Technical", estimated_cost=10, funding_status="Needed"),
                    step("MOE", resource_type="Technical", estimated_cost=5),
                    step(resource_type="Financial", estimated_cost=7))
    table = summaries.resources(frame, PLAN, AS_OF).set_index("resource_type")
    assert list(table.index) == list(PLAN.choices("resource_types"))
    assert table.loc["Technical"].tolist() == [2, 2, 15.0, 10.0]
    assert table.loc["Political", "actions"] == 0


def test_registers_keep_only_steps_that_name_a_barrier_or_a_kpi():
    frame = actions(step(barriers="Unions may resist", kpi="Users", kpi_target="1,000"),
                    step(barriers="  ", kpi=None))
    assert len(registers.barriers(frame)) == 1
    assert registers.kpis(frame)["kpi_target"].tolist() == ["1,000"]


def test_headline_counts_files_ministries_money_and_dates():
    frame = actions(step(estimated_cost=10, funding_status="Needed", due_date="2027-09-01"))
    sent = submissions({"ministry": "MOH", "status": "complete", "errors": 0, "warnings": 2},
                       {"ministry": "MOH", "status": "superseded", "errors": 5, "warnings": 5},
                       {"ministry": "MOE", "status": "missing"},
                       {"ministry": "ZZZ", "status": "incomplete", "errors": 1, "warnings": 0})
    figures = summaries.headline(frame, sent, PLAN, AS_OF)
    assert (figures["expected"], figures["received"]) == (12, 1)
    assert figures["missing"] == ["MOE"]
    assert figures["outside_roster"] == ["ZZZ"]
    assert figures["files"]["superseded"] == 1
    assert (figures["errors"], figures["warnings"]) == (1, 2)  # superseded files not counted
    assert (figures["overdue"], figures["funding_gap"]) == (1, 10.0)


@pytest.mark.parametrize("key, expected", [("due_date", "By When"), ("funding_gap", "Funding gap"),
                                           ("ministry", "Ministry code"), ("2027 Q1", "2027 Q1")])
def test_labels_come_from_the_schema_or_the_summaries_or_the_key_itself(key, expected):
    assert label(key) == expected


def test_empty_actions_give_empty_but_well_formed_tables():
    frame = actions()
    sent = submissions({"ministry": "MOH", "status": "rejected", "errors": 1, "warnings": 0})
    assert summaries.timeline(frame, PLAN)["ministry"].tolist() == [summaries.TOTAL]
    assert registers.communication(frame, PLAN).empty
    assert registers.dependencies(frame, PLAN).empty
    table = summaries.by_ministry(frame, sent, registers.dependencies(frame, PLAN), PLAN, AS_OF)
    assert table.set_index("ministry").loc["MOH", "submission"] == "rejected"
