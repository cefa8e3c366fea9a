"""What moved since the last review in figures: newly overdue, slippage against baselines."""

import datetime as dt

import pandas as pd

from actionbook.cycle.diff import diff
from actionbook.cycle.progress import BASELINE, since, slippage, step_slippage
from actionbook.cycle.stand import Stand, typed
from actionbook.plan import default_plan

PLAN = default_plan()
THEN, NOW = dt.date(2027, 3, 31), dt.date(2027, 9, 30)


def stand(as_of, rows, baselines=None) -> Stand:
    """Steps of (ministry, id, due date, status)."""
    frame = pd.DataFrame(rows, columns=["ministry", "action_id", "due_date", "status"])
    frame["action_step"] = frame["action_id"] + " text"
    steps = typed(frame)
    if baselines is not None:
        steps[BASELINE] = pd.Series(pd.to_datetime(baselines), dtype="datetime64[us]")
    return Stand("x", as_of, steps)


def day(text):
    return pd.Timestamp(text)


OLD = stand(THEN, [
    ("MOH", "MOH-001", day("2027-01-31"), "In progress"),  # overdue then and now
    ("MOH", "MOH-002", day("2027-06-30"), "In progress"),  # overdue only now
    ("MOH", "MOH-003", day("2027-05-31"), "In progress"),  # completed since
    ("MOE", "MOE-001", day("2027-12-31"), "Not started"),  # slips 31 days
])
NEW = stand(NOW, [
    ("MOH", "MOH-001", day("2027-01-31"), "In progress"),
    ("MOH", "MOH-002", day("2027-06-30"), "In progress"),
    ("MOH", "MOH-003", day("2027-05-31"), "Completed"),
    ("MOE", "MOE-001", day("2028-01-31"), "Not started"),
    ("MOE", "MOE-002", day("2027-08-31"), "Not started"),  # new, and overdue
])


def test_newly_overdue_counts_what_was_not_overdue_at_the_last_review():
    figures = since(diff(OLD, NEW, PLAN), OLD, NEW, PLAN)
    assert figures.newly_overdue == 2  # MOH-002 and the new MOE-002; not MOH-001, not MOH-003
    assert (figures.completed, figures.slipped, figures.days_slipped, figures.added) == \
        (1, 1, 31, 1)


def test_without_baselines_the_last_due_date_is_the_baseline():
    assert step_slippage(OLD, NEW).tolist() == [0, 0, 0, 31, 0]


def test_a_baseline_in_the_plan_counts_from_the_first_commitment():
    new = stand(NOW, NEW.steps[["ministry", "action_id", "due_date", "status"]].values.tolist(),
                baselines=[None, "2026-12-31", None, "2027-10-31", None])
    assert step_slippage(OLD, new).tolist() == [0, 181, 0, 92, 0]
    figures = since(diff(OLD, new, PLAN), OLD, new, PLAN)
    assert (figures.behind, figures.days_behind) == (2, 273)


def test_the_last_reviews_baseline_is_carried_when_this_one_has_none():
    old = stand(THEN, OLD.steps[["ministry", "action_id", "due_date", "status"]].values.tolist(),
                baselines=[None, None, None, "2027-10-31", None][:4])
    assert step_slippage(old, NEW).tolist()[3] == 92


def test_slippage_by_ministry_in_roster_order():
    new = stand(NOW, NEW.steps[["ministry", "action_id", "due_date", "status"]].values.tolist(),
                baselines=[None, "2026-12-31", None, "2027-10-31", None])
    frame = slippage(OLD, new, PLAN)
    rank = [m.code for m in PLAN.ministries]
    assert frame["ministry"].tolist() == sorted(["MOH", "MOE"], key=rank.index)
    moh = frame.set_index("ministry").loc["MOH"]
    assert (moh["steps"], moh["behind"], moh["days_behind"], moh["most_days"]) == (3, 1, 181, 181)
