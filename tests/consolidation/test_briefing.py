"""The Summary a minister reads first: a red/amber/green line per ministry, the overdue and
at-risk steps by ministry (named by ministry and ID together), the share of steps done, and
files that name no ministry said in the headline."""

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from actionbook.consolidation import briefing, summary_sheet
from actionbook.consolidation import workbook as report
from actionbook.consolidation.merge import consolidate
from actionbook.schema.colours import RAG_COLOURS
from tests.support.checks_support import AS_OF, PLAN, filled_workbook, step

OVERDUE = "2027-08-31"  # before AS_OF (2027-09-30), in the plan period


def steps(prefix: str, *statuses_and_dues):
    return [step(n, action_id=f"{prefix}-{n:03d}", status=status, due_date=due)
            for n, (status, due) in enumerate(statuses_and_dues, 1)]


@pytest.fixture(scope="module")
def briefed(tmp_path_factory):
    """MOH: one overdue, one on hold (at risk); MOE: one done, one in progress; MOF: one
    delayed (late); a file naming no ministry; the rest of the roster missing."""
    folder = tmp_path_factory.mktemp("in")
    filled_workbook(folder / "MOH-action-plan.xlsx",
                    steps("ACT", ("In progress", OVERDUE), ("On hold", "2027-12-31")))
    filled_workbook(folder / "MOE-action-plan.xlsx",
                    steps("ACT", ("Completed", OVERDUE), ("In progress", "2027-12-31")),
                    ministry="MOE", cover={"plan_owner": "B. Owner"})
    filled_workbook(folder / "MOF-action-plan.xlsx",
                    steps("ACT", ("Delayed", "2027-12-31")), ministry="MOF",
                    cover={"plan_owner": "C. Owner"})
    filled_workbook(folder / "draft.xlsx", steps("ACT", ("In progress", "2027-12-31")),
                    ministry=None, cover={"plan_owner": "D. Owner"})
    c = consolidate(folder, PLAN, AS_OF, jobs=1)
    path = report.write_report(c, tmp_path_factory.mktemp("out") / "c.xlsx")
    return c, path


def ratings(c):
    table = c.by_ministry.set_index("ministry")
    return {code: (table.loc[code, "rating"], table.loc[code, "rating_why"])
            for code in ("MOH", "MOE", "MOF", "MOJ")}


def test_each_ministry_is_red_amber_or_green_by_its_documented_rule(briefed):
    c, _ = briefed
    assert ratings(c) == {
        "MOH": ("red", "1 overdue; 1 at risk"),
        "MOE": ("green", "on track"),
        "MOF": ("red", "1 late"),
        "MOJ": ("red", "no plan received"),
    }


def test_an_incomplete_form_with_nothing_late_is_amber():
    row = dict(submission="incomplete", overdue=0, late=0, at_risk=0, errors=0, completeness=0.9)
    assert briefing.rating(pd.Series(row)) == ("amber", "form incomplete")
    assert briefing.rating(pd.Series({**row, "completeness": 1.0, "errors": 2})) == \
        ("amber", "form incomplete")
    assert briefing.rating(pd.Series({**row, "completeness": 1.0})) == ("green", "on track")


def test_the_share_of_steps_done_is_by_what_the_status_means(briefed):
    c, _ = briefed
    table = c.by_ministry.set_index("ministry")
    assert table.loc["MOE", ["done", "done_share"]].tolist() == [1, 0.5]
    figures = c.headline()
    assert (figures["done"], figures["done_share"]) == (1, 1 / 6)
    assert (figures["late"], figures["at_risk"]) == (1, 1)


def test_a_file_naming_no_ministry_is_named_in_the_headline(briefed, tmp_path):
    c, path = briefed
    assert c.headline()["files_without_ministry"] == ["draft.xlsx"]
    summary = openpyxl.load_workbook(path)["Summary"]
    values = {row[0].value: row[1].value for row in summary.iter_rows() if row[0].value}
    assert values["Files naming no ministry"].startswith("draft.xlsx: their steps")
    lines = report.summary_lines(report.summary(report.Written(c, path)))
    assert any(line.startswith("Files naming no ministry: draft.xlsx") for line in lines)


def test_the_summary_lists_the_overdue_and_at_risk_steps_by_ministry_and_id(briefed):
    _, path = briefed
    summary = openpyxl.load_workbook(path)["Summary"]
    rows = [[cell.value for cell in row[:4]] for row in summary.iter_rows()]
    start = rows.index(list(summary_sheet.ATTENTION_HEADERS))
    listed = [(r[0], r[3]) for r in rows[start + 1:] if r[0]]
    assert listed == [("MOH · ACT-001", "overdue by 30 days"),
                      ("MOH · ACT-002", "at risk: On hold"),
                      ("MOF · ACT-001", "late: Delayed")]


def test_the_rating_cells_are_drawn_in_the_palettes_red_amber_green(briefed):
    _, path = briefed
    summary = openpyxl.load_workbook(path)["Summary"]
    fills = {}
    for row in summary.iter_rows():
        text = row[1].value
        if isinstance(text, str) and text.split(":")[0] in ("Red", "Amber", "Green"):
            fills[text.split(":")[0].lower()] = row[1].fill.fgColor.rgb[-6:]
    assert fills == {name: colour.strong.lstrip("#").upper()
                     for name, colour in RAG_COLOURS.items() if name in fills}
    assert set(fills) == {"red", "amber", "green"}  # the nameless file: an error


def test_a_long_list_is_cut_per_ministry_and_says_how_many_more():
    frame = pd.DataFrame({"ministry": ["MOH"] * 7 + ["MOE"], "n": range(8)})
    cut = [(m, len(shown), more) for m, shown, more in briefing.shortlist(frame, 5)]
    assert cut == [("MOH", 5, 2), ("MOE", 1, 0)]


def test_findings_about_a_step_carry_its_id_beside_its_ministry(briefed):
    c, _ = briefed
    overdue = c.findings[c.findings["code"] == "overdue"]
    assert overdue[["ministry", "action_id"]].values.tolist() == [["MOH", "ACT-001"]]
    assert c.findings.loc[c.findings["row"].isna(), "action_id"].isna().all()


def test_a_step_done_or_closed_is_never_listed_even_when_its_date_passed(briefed):
    c, _ = briefed
    later = briefing.attention(c.actions, c.plan, dt.date(2028, 6, 1))
    moe = later.loc[later["ministry"] == "MOE", ["action_id", "why"]].values.tolist()
    assert moe == [["ACT-002", "overdue by 153 days"]]  # ACT-001 is Completed
