"""A step written over several lines is printed inside its own row of the Actions sheet."""

import datetime as dt

import pytest

from actionbook.consolidation.workbook import consolidate_folder
from actionbook.template.workbook import write_template
from tests.consolidation.test_consolidate import AS_OF, PLAN, rows
from tests.support.printed import page_with, printed_pages

STEP = "Draft the data-sharing agreement\nConsult the ministries\nPublish it on the portal"


@pytest.mark.libreoffice
def test_a_multi_line_step_stays_between_the_rows_above_and_below(tmp_path):
    steps = rows("MOH", 3)
    steps[1] = dict(steps[1], action_step=STEP)
    (tmp_path / "in").mkdir()
    write_template(PLAN, tmp_path / "in" / "MOH.xlsx", "MOH", actions=steps,
                   cover={"plan_owner": "A. Owner", "owner_contact": "a@b.example",
                          "submitted_on": dt.date(2027, 9, 1)})
    written = consolidate_folder(tmp_path / "in", tmp_path / "c.xlsx", PLAN, AS_OF, jobs=1)
    page = page_with(printed_pages(written.workbook, tmp_path), "Draft")
    word = {w.text: w for w in page if w.text in {"MOH-001", "MOH-002", "MOH-003"}}
    lines = [w for w in page if w.text in {"Draft", "Consult", "Publish"}
             and word["MOH-001"].bottom <= w.bottom <= word["MOH-003"].top + 1]
    assert [w.text for w in lines] == ["Draft", "Consult", "Publish"]
    assert word["MOH-001"].bottom <= lines[0].top  # clear of the row above
    assert lines[-1].bottom <= word["MOH-003"].top  # and of the row below
    assert abs(lines[-1].bottom - word["MOH-002"].bottom) < 1  # its row's cells beside it
