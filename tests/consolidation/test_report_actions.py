"""The per-step tables written while the workers read: the same workbook as written after."""

import datetime as dt

import openpyxl
import pytest

from actionbook.consolidation import workbook as report
from actionbook.consolidation.merge import consolidate
from tests.consolidation.test_consolidate import AS_OF, PLAN, submit


@pytest.fixture
def books(monkeypatch):
    """Every Book made, streamed (True) or written from the tables (False)."""
    made = []

    class Counted(report.Book):
        def __init__(self, plan=None, supplement=None, **options):
            super().__init__(plan, supplement, **options)
            made.append(plan is not None)

    monkeypatch.setattr(report, "Book", Counted)
    return made


def both_ways(folder, tmp_path):
    """The workbook as `consolidate` writes it, and as written from the consolidation."""
    streamed = report.consolidate_folder(folder, tmp_path / "streamed.xlsx", PLAN, AS_OF,
                                         jobs=2).workbook
    c = consolidate(folder, PLAN, AS_OF, jobs=1)
    return streamed.read_bytes(), report.write_report(c, tmp_path / "after.xlsx").read_bytes(), c


def rows(path, sheet):
    return list(openpyxl.load_workbook(path)[sheet].iter_rows(min_row=5, values_only=True))


def actions_files(path):
    return [row[-3] for row in rows(path, "Actions")]


def test_rows_written_as_the_files_arrive_are_the_workbook_written_after(tmp_path, books):
    folder = tmp_path / "in"
    submit(folder, "MOE", AS_OF, count=3)
    submit(folder, "MOH", dt.date(2027, 8, 1), count=2)
    submit(folder, "MOH", AS_OF, count=4, name="resubmitted/MOH-action-plan-v2.xlsx")
    streamed, after, _ = both_ways(folder, tmp_path)
    assert books == [True, False]  # the streamed book was kept: no second start
    assert streamed == after
    assert actions_files(tmp_path / "streamed.xlsx") == (
        ["resubmitted/MOH-action-plan-v2.xlsx"] * 4 + ["MOE-action-plan.xlsx"] * 3)


def test_files_whose_names_do_not_say_the_ministry_are_written_again_in_roster_order(
        tmp_path, books):
    folder = tmp_path / "in"
    submit(folder, "MOE", AS_OF, count=3, name="a-plan.xlsx")
    submit(folder, "MOH", AS_OF, count=2, name="b-plan.xlsx")
    streamed, after, _ = both_ways(folder, tmp_path)
    assert books == [True, False, False]  # streamed in name order, then written again
    assert streamed == after
    assert actions_files(tmp_path / "streamed.xlsx") == ["b-plan.xlsx"] * 2 + ["a-plan.xlsx"] * 3


def test_a_resubmission_under_another_name_leaves_the_older_rows_out(tmp_path, books):
    folder = tmp_path / "in"
    submit(folder, "MOH", dt.date(2027, 8, 1), count=2)
    submit(folder, "MOH", AS_OF, count=3, name="zz-resent.xlsx")
    streamed, after, c = both_ways(folder, tmp_path)
    assert books == [True, False]  # held back until no file of another ministry came between
    assert streamed == after
    assert actions_files(tmp_path / "streamed.xlsx") == ["zz-resent.xlsx"] * 3
    kpi_ids = [row[1] for row in rows(tmp_path / "streamed.xlsx", "KPIs")]
    assert kpi_ids == c.kpis["action_id"].tolist() and len(kpi_ids) <= 3
