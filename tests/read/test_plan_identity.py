"""A workbook carries the plan it was made from; read with another plan, that is a finding."""

import dataclasses
import datetime as dt
import zipfile
from pathlib import Path

import pytest

from actionbook import schema
from actionbook.findings import Code, Severity
from actionbook.plan import Ministry, default_plan
from actionbook.read import xlsx_extras
from actionbook.read.reader import read_workbook
from actionbook.schema import layout
from tests.support import fill

PLAN = default_plan()
OTHER = dataclasses.replace(PLAN, title="Ruritania Public Health Plan 2026-2028",
                            start=dt.date(2026, 7, 1), end=dt.date(2028, 6, 30))


def other_plan_findings(wb):
    return [f for f in wb.findings if f.code == Code.OTHER_PLAN]


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A filled MOH workbook made from the built-in plan."""
    folder = tmp_path_factory.mktemp("made")
    blank = fill.template(folder, plan=PLAN)
    return fill.fill(blank, folder / "MOH.xlsx", [fill.good_row(1)])


def test_a_template_carries_its_plan_title_and_fingerprint(made):
    properties = xlsx_extras.custom_properties(Path(made))
    assert properties[layout.PLAN] == PLAN.title
    assert properties[layout.PLAN_ID] == PLAN.fingerprint


def test_read_with_its_own_plan_nothing_is_said(made):
    assert other_plan_findings(read_workbook(made, PLAN)) == []


def test_read_with_another_plan_names_both(made):
    [finding] = other_plan_findings(read_workbook(made, OTHER))
    assert finding.severity is Severity.WARNING
    assert f"made from the plan '{PLAN.title}', not from '{OTHER.title}'" in finding.message
    assert OTHER.title in finding.hint and "-c plan.toml" in finding.hint
    assert "other-cycle" not in [f.code for f in read_workbook(made, OTHER).findings]


def test_the_same_title_over_another_period_names_both_periods(made):
    longer = dataclasses.replace(PLAN, end=dt.date(2030, 12, 31))
    [finding] = other_plan_findings(read_workbook(made, longer))
    assert "(2027-01-01 to 2029-12-31)" in finding.message
    assert "(2027-01-01 to 2030-12-31)" in finding.message


def test_a_ministry_added_mid_cycle_is_still_the_same_plan(made):
    grown = dataclasses.replace(
        PLAN, ministries=(*PLAN.ministries, Ministry("MOW", "Ministry of Water")),
        goals=PLAN.goals[:-1], cycle="2027 mid-year review")
    assert grown.fingerprint == PLAN.fingerprint
    assert other_plan_findings(read_workbook(made, grown)) == []


@pytest.mark.parametrize("change", [
    {"title": "  national DIGITAL government action plan   2027-2029 "},
    {"cycle": "2028 annual review"},
    {"rows": 20},
])
def test_the_fingerprint_ignores_case_spacing_cycle_and_rows(change):
    assert dataclasses.replace(PLAN, **change).fingerprint == PLAN.fingerprint


@pytest.mark.parametrize("change", [
    {"title": "National Digital Government Action Plan 2030-2032"},
    {"start": dt.date(2027, 7, 1)},
    {"end": dt.date(2030, 12, 31)},
])
def test_the_fingerprint_follows_title_and_period(change):
    fingerprint = dataclasses.replace(PLAN, **change).fingerprint
    assert fingerprint != PLAN.fingerprint and len(fingerprint) == 8


def without_plan_marks(src: Path, out: Path) -> Path:
    """`src` as a workbook written before the plan marks existed: its other properties kept."""
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "docProps/custom.xml":
                data = strip_properties(data.decode("utf-8"), (layout.PLAN, layout.PLAN_ID))
            new.writestr(item, data)
    return out


def strip_properties(xml: str, names: tuple[str, ...]) -> bytes:
    import re

    for name in names:
        xml = re.sub(rf'<property\b[^>]*\bname="{name}"[^>]*>.*?</property>', "", xml)
    return xml.encode("utf-8")


def test_a_workbook_without_the_mark_is_not_flagged(made, tmp_path):
    older = without_plan_marks(made, tmp_path / "older.xlsx")
    assert layout.PLAN_ID not in xlsx_extras.custom_properties(older)
    assert layout.KIND in xlsx_extras.custom_properties(older)
    assert other_plan_findings(read_workbook(older, OTHER)) == []


def test_a_hand_made_table_is_not_flagged(tmp_path):
    keys = schema.action_keys()[1:]
    path = fill.hand_made(tmp_path / "own.xlsx", [fill.headers(*keys)],
                          [[fill.good_row()[key] for key in keys]])
    assert other_plan_findings(read_workbook(path, OTHER)) == []


def test_a_workbook_saved_again_by_openpyxl_keeps_its_plan(made, tmp_path):
    again = fill.change(made, tmp_path / "again.xlsx", lambda book: None)
    assert len(other_plan_findings(read_workbook(again, OTHER))) == 1
