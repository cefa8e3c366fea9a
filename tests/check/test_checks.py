"""Each rule of the check: a workbook that triggers it, and one that does not."""

import datetime as dt

import pytest

from actionbook import schema
from actionbook.check.rules import check_workbook
from actionbook.findings import Finding, Severity
from actionbook.schema import layout
from tests.support.checks_support import AS_OF, GOOD_COVER, PLAN, step, workbook


def codes(wb, code=None):
    findings = check_workbook(wb, PLAN, AS_OF).findings
    return [f for f in findings if code is None or f.code == code]


def where(findings):
    return [(f.code, f.cell, f.severity.value) for f in findings]


# A clean workbook serving every goal is complete: nothing to report.

def all_goals():
    return [step(n, goal=goal.id) for n, goal in enumerate(PLAN.goals, 1)]


def test_a_complete_workbook_has_no_findings():
    report = check_workbook(workbook(*all_goals()), PLAN, AS_OF)
    assert report.findings == []
    assert (report.status, report.completeness, report.actions) == ("complete", 1.0, 6)
    assert report.ministry == "MOH"


# missing-required

def test_missing_required_points_at_the_empty_cell_with_the_column_and_its_question():
    [finding] = codes(workbook(step(1), step(2, due_date="")), "missing-required")
    assert (finding.cell, finding.row, finding.field) == ("G8", 8, "due_date")
    assert finding.severity is Severity.ERROR
    column = schema.column("due_date")
    assert finding.message == f"{column.label} is empty. {column.question}"


def test_an_empty_recommended_cell_has_its_own_code_and_wording():
    [finding] = codes(workbook(step(1, barriers="")), "missing-recommended")
    assert (finding.field, finding.severity) == ("barriers", Severity.WARNING)
    assert "required" not in finding.hint.replace("not required", "")
    assert codes(workbook(step(1, barriers="")), "missing-required") == []


def test_a_workbook_with_only_warnings_is_complete():
    report = check_workbook(workbook(*all_goals(), step(7, barriers="", due_date="2027-02-01")),
                            PLAN, AS_OF)
    assert {f.severity for f in report.findings} == {Severity.WARNING}
    assert {"missing-recommended", "overdue"} <= {f.code for f in report.findings}
    assert (report.status, report.completeness) == ("complete", 1.0)


def test_one_error_makes_a_workbook_incomplete_even_at_100_percent():
    report = check_workbook(workbook(*all_goals(), step(7, estimated_cost="-500")), PLAN, AS_OF)
    assert (report.status, report.completeness) == ("incomplete", 1.0)


def test_missing_required_names_repeated_headers_with_their_group():
    [finding] = codes(workbook(step(1, comm_by_whom="")), "missing-required")
    assert finding.message.startswith(schema.column("comm_by_whom").label + " is empty.")
    assert schema.column("comm_by_whom").group in finding.message


def test_a_row_with_only_its_id_is_not_started_and_needs_nothing():
    wb = workbook(step(1), {"action_id": "MOH-002"}, {"action_id": "MOH-003", "kpi": "  "})
    assert codes(wb, "missing-required") == []


def test_optional_columns_may_stay_empty():
    wb = workbook(step(1, supporting="", start_date="", estimated_cost="", priority=""))
    assert codes(wb) == codes(workbook(step(1)))


def test_a_missing_column_is_not_reported_again_on_every_row():
    columns = {k: v for k, v in workbook(step(1)).columns.items() if k != "kpi"}
    assert codes(workbook(step(1, kpi=""), columns=columns), "missing-required") == []


def test_a_row_started_in_any_column_needs_every_required_cell():
    wb = workbook({"action_id": "MOH-001", "supporting": "Civil Registry"})
    missing = {f.field for f in codes(wb, "missing-required")}
    assert missing == {c.key for c in schema.required_columns(Severity.ERROR)}
    recommended = {f.field for f in codes(wb, "missing-recommended")}
    assert recommended == {c.key for c in schema.required_columns(Severity.WARNING)}


# invalid-choice, invalid-date, invalid-number, unknown-goal

@pytest.mark.parametrize("key, bad, code", [
    ("resource_type", "Money", "invalid-choice"),
    ("comm_frequency", "daily-ish", "invalid-choice"),
    ("due_date", "sometime soon", "invalid-date"),
    ("start_date", "next year", "invalid-date"),
    ("estimated_cost", "lots", "invalid-number"),
    ("estimated_cost", "-5000", "invalid-number"),
    ("goal", "G9: World peace", "unknown-goal"),
])
def test_a_bad_value_is_reported_at_its_cell(key, bad, code):
    [finding] = codes(workbook(step(1), step(2, **{key: bad})), code)
    assert (finding.field, finding.row, finding.severity) == (key, 8, Severity.ERROR)
    assert bad in finding.message
    assert codes(workbook(step(1), step(2)), code) == []


def test_invalid_choice_lists_the_allowed_values():
    [finding] = codes(workbook(step(1, status="Done")), "invalid-choice")
    assert ", ".join(PLAN.choices("statuses")) in finding.hint


def test_a_value_the_reader_reported_is_not_reported_again():
    wb = workbook(step(1), step(2, resource_type="Money"))
    reader_says = Finding.make("invalid-choice", file=wb.file, sheet=wb.sheet, cell="I8", row=8,
                               field="resource_type", column="Resource type", value="Money",
                               allowed="...")
    wb.findings.append(reader_says)
    assert codes(wb, "invalid-choice") == [reader_says]


def test_a_goal_the_reader_reported_as_invalid_choice_is_not_also_an_unknown_goal():
    wb = workbook(step(1, goal="G9"))
    wb.findings.append(Finding.make("invalid-choice", file=wb.file, cell="B7", row=7,
                                    field="goal", column="Goal", value="G9", allowed="..."))
    assert codes(wb, "unknown-goal") == []


# date-outside-plan, end-before-start, overdue

@pytest.mark.parametrize("key, date", [("start_date", "2026-12-31"), ("due_date", "2030-01-01")])
def test_a_date_outside_the_plan_period_is_a_warning(key, date):
    changes = {key: date, "status": "Completed"}
    [finding] = codes(workbook(step(1, **changes)), "date-outside-plan")
    assert (finding.field, finding.severity) == (key, Severity.WARNING)
    assert date in finding.message and "2027-01-01 to 2029-12-31" in finding.message


def test_the_first_and_last_days_of_the_plan_are_inside_it():
    wb = workbook(step(1, start_date="2027-01-01", due_date="2029-12-31"))
    assert codes(wb, "date-outside-plan") == []


def test_end_before_start_points_at_the_due_date():
    [finding] = codes(workbook(step(1, start_date="2027-12-31", due_date="2027-11-30")),
                      "end-before-start")
    assert (finding.cell, finding.message) == ("G7", "By When (2027-11-30) is before Start "
                                                     "(2027-12-31).")
    assert codes(workbook(step(1, start_date="2027-11-30", due_date="2027-11-30")),
                 "end-before-start") == []


def test_a_step_due_before_the_as_of_date_and_still_open_is_overdue():
    [finding] = codes(workbook(step(1, due_date="2027-06-30", status="Delayed")), "overdue")
    assert (finding.cell, finding.severity) == ("G7", Severity.WARNING)
    assert "2027-06-30" in finding.message and "'Delayed'" in finding.message


@pytest.mark.parametrize("due, status", [
    ("2027-06-30", "Completed"), ("2027-06-30", "Cancelled"), (AS_OF.isoformat(), "Delayed"),
    ("2027-12-31", "Not started"),
])
def test_closed_or_not_yet_due_steps_are_not_overdue(due, status):
    assert codes(workbook(step(1, due_date=due, status=status)), "overdue") == []


def test_overdue_follows_the_plans_closed_statuses():
    plan = PLAN.__class__(**{**PLAN.__dict__, "closed_statuses": ("Completed", "On hold")})
    wb = workbook(step(1, due_date="2027-06-30", status="On hold"))
    assert [f for f in check_workbook(wb, plan, AS_OF).findings if f.code == "overdue"] == []


def test_overdue_depends_on_the_as_of_date():
    wb = workbook(step(1, due_date="2027-06-30"))
    early = check_workbook(wb, PLAN, dt.date(2027, 6, 1)).findings
    assert "overdue" not in {f.code for f in early}


# duplicate-action

def test_a_repeated_id_points_at_the_later_row_and_names_the_earlier():
    wb = workbook(step(1), step(2), step(3, action_id="MOH-001"))
    [finding] = codes(wb, "duplicate-action")
    assert (finding.cell, finding.row) == ("A9", 9)
    assert finding.message == "The ID MOH-001 repeats row 7."


def test_the_same_action_step_twice_is_a_duplicate_whatever_its_case_and_spacing():
    wb = workbook(step(1, action_step="Train  the staff"), step(2),
                  step(3, action_step=" train the STAFF "))
    [finding] = codes(wb, "duplicate-action")
    assert (finding.cell, finding.message) == ("C9", "This action step repeats row 7.")


def test_distinct_steps_are_not_duplicates():
    assert codes(workbook(step(1), step(2), step(3)), "duplicate-action") == []


# goal-without-actions

def test_goals_no_step_serves_are_noted_for_one_workbook():
    found = codes(workbook(step(1, goal="G1"), step(2, goal="G3")), "goal-without-actions")
    assert [f.message for f in found] == [
        f"Goal '{g.label}' has no action steps." for g in PLAN.goals if g.id not in ("G1", "G3")]
    assert {f.severity for f in found} == {Severity.INFO}


def test_a_workbook_serving_every_goal_or_none_yet_gets_no_goal_notes():
    assert codes(workbook(*all_goals()), "goal-without-actions") == []
    assert codes(workbook(), "goal-without-actions") == []


# kpi-not-measurable

@pytest.mark.parametrize("target", ["Better services", "improved satisfaction", "done"])
def test_a_target_without_number_percentage_or_date_is_not_measurable(target):
    [finding] = codes(workbook(step(1, kpi_target=target)), "kpi-not-measurable")
    assert (finding.cell, finding.severity) == (f"{layout.template_column('kpi_target')}7",
                                                Severity.WARNING)
    assert target in finding.message


@pytest.mark.parametrize("target", ["60%", "1,000 users", "by March", "2027-12-31", "Q3",
                                    "all 12 regions", "by end of September"])
def test_a_target_with_a_number_percentage_or_date_is_measurable(target):
    assert codes(workbook(step(1, kpi_target=target)), "kpi-not-measurable") == []


# The cover: missing-owner, missing-cover-field, wrong-ministry, unknown-ministry

def test_a_missing_plan_owner_points_at_the_cover_cell():
    [finding] = codes(workbook(*all_goals(), cover={**GOOD_COVER, "plan_owner": "  "}))
    assert (finding.code, finding.sheet, finding.cell) == ("missing-owner", "Cover", "C7")
    assert finding.severity is Severity.ERROR


def test_other_required_cover_fields_take_their_severity_from_the_schema():
    cover = {**GOOD_COVER, "ministry": None, "owner_contact": None, "reporting_period": None}
    found = codes(workbook(*all_goals(), cover=cover, metadata={}))
    assert where(found) == [("missing-cover-field", "C5", "error"),
                            ("missing-cover-field", "C8", "warning")]
    assert found[0].message == "Ministry code is empty on the cover."


def test_a_cover_naming_another_ministry_than_the_template():
    [finding] = codes(workbook(*all_goals(), cover={**GOOD_COVER, "ministry": "MOE"}))
    assert (finding.code, finding.cell) == ("wrong-ministry", "C5")
    assert "'MOE'" in finding.message and "'MOH'" in finding.message


def test_a_generic_template_may_name_any_roster_ministry():
    assert codes(workbook(*all_goals(), cover={**GOOD_COVER, "ministry": "MOE"}, metadata={})) == []


def test_a_ministry_outside_the_roster_is_unknown():
    found = codes(workbook(*all_goals(), cover={**GOOD_COVER, "ministry": "XYZ"}, metadata={}))
    assert where(found) == [("unknown-ministry", "C5", "warning")]


# example-row-left, no-actions

def test_the_readers_example_row_finding_is_kept_once():
    wb = workbook(step(1), example_row=9)
    left = Finding.make("example-row-left", file=wb.file, sheet=wb.sheet, cell="A9", row=9)
    wb.findings.append(left)
    assert codes(wb, "example-row-left") == [left]


def test_the_check_adds_no_example_row_finding_of_its_own():
    # The reader decides: the template's own example row is locked and no finding.
    metadata = {"ministry": "MOH", "template_id": schema.TEMPLATE_ID}
    assert codes(workbook(*all_goals(), example_row=layout.EXAMPLE_ROW, metadata=metadata)) == []


def test_a_table_without_started_rows_has_no_actions():
    for wb in (workbook(), workbook({"action_id": "MOH-001"}, {"action_id": "MOH-002"})):
        report = check_workbook(wb, PLAN, AS_OF)
        assert where(report.findings) == [("no-actions", None, "error")]
        assert (report.status, report.actions) == ("incomplete", 0)
    assert codes(workbook(step(1)), "no-actions") == []


# unexplained-delay

REMARKS_CELL = f"{layout.template_column('remarks')}7"


def test_an_overdue_step_without_remarks_is_an_unexplained_delay_at_the_remarks_cell():
    [finding] = codes(workbook(step(1, due_date="2027-03-31")), "unexplained-delay")
    assert (finding.cell, finding.field, finding.severity) == (
        REMARKS_CELL, "remarks", Severity.WARNING)
    assert "overdue since 2027-03-31" in finding.message
    assert "What changed since the last review, and why?" in finding.hint


def test_a_step_due_later_than_originally_due_without_remarks_says_by_how_many_days():
    row = step(1, due_date="2027-12-31", baseline_due="2027-11-30")
    [finding] = codes(workbook(row), "unexplained-delay")
    assert "due 31 days later than originally due (2027-11-30)" in finding.message


@pytest.mark.parametrize("changes", [
    {"due_date": "2027-03-31", "remarks": "Waiting for the budget law"},  # explained
    {"due_date": "2027-03-31", "status": "Completed"},  # late but closed, no slip
    {"due_date": "2027-12-31", "baseline_due": "2027-12-31"},  # on its baseline
    {"due_date": "2027-11-30", "baseline_due": "2027-12-31"},  # pulled in
    {"due_date": "2027-12-31"},  # a first review: no baseline, not late
])
def test_no_unexplained_delay_for_explained_closed_or_unmoved_steps(changes):
    assert codes(workbook(step(1, **changes)), "unexplained-delay") == []


def test_a_baseline_outside_the_plan_is_not_the_officials_to_fix():
    row = step(1, baseline_due="2026-12-31", due_date="2027-12-31", remarks="Moved a year")
    assert codes(workbook(row), "date-outside-plan") == []
