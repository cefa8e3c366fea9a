"""The cover's live counter and `actionbook check` tell the same story, in a real LibreOffice.

Each case fills a template as an official might - inserting a row inside the table, typing a
step below the prepared rows, leaving a cell holding only an invisible character - lets
LibreOffice recalculate and save, reads the counter's cells as LibreOffice computed them, and
checks the same saved file: "100% and no problem" on the cover is `complete` in check, and the
counter's figure is check's completeness.
"""

import datetime as dt

import pytest

from actionbook.check.batch import check_paths
from actionbook.check.verdict import COMPLETE
from actionbook.plan import default_plan
from actionbook.schema import layout
from actionbook.schema.table import Key
from actionbook.template import counter
from actionbook.template.cover import FILLED, PROBLEMS, REQUIRED, STARTED
from tests.support import fill

pytestmark = pytest.mark.libreoffice

PLAN = default_plan()
AS_OF = dt.date(2027, 9, 30)
SHEET, COVER = layout.ACTIONS_SHEET, layout.COVER_SHEET
FIRST = layout.FIRST_DATA_ROW
BELOW = FIRST + PLAN.rows  # the first row under the prepared ones


def step(n: int, **changes) -> dict[str, str | None]:
    """A complete step as an official types it (None: left empty)."""
    row = {"goal": PLAN.goals[0].label, "action_step": f"Train the staff of region {n}",
           "responsible": "Head of training", "start_date": "2027-02-01",
           "due_date": "2028-06-30", "resources_needed": "Two trainers",
           "resource_type": "Human Resources", "comm_by_whom": "Communications Officer",
           "comm_audience": "All staff", "comm_frequency": "Monthly", "kpi": "Staff trained",
           "kpi_target": "90%", "status": "In progress", "barriers": "Workload"}
    return {**row, **changes}


def typed(row: int, values: dict) -> list[tuple]:
    return [("type", SHEET, fill.cell(key, row), text) for key, text in values.items()
            if text is not None]


def inserted(row: int) -> list[tuple]:
    """A row inserted at Excel row `row` (the rows from it move down)."""
    return [("insert_rows", SHEET, row - 1, 1)]


OWNER = [("type", COVER, f"{layout.COVER_VALUE_COLUMN}{layout.cover_row(Key.PLAN_OWNER)}",
          "A. Mensah")]
CASES = {
    "complete": typed(FIRST, step(1)) + typed(FIRST + 1, step(2)),
    "warnings only": typed(FIRST, step(1, barriers=None, due_date="2027-03-31",
                                        kpi_target="Better")),
    "a required cell left empty": typed(FIRST, step(1, kpi=None)),
    "a no-break space": typed(FIRST, step(1, kpi="\u00a0")),
    "a zero-width space": typed(FIRST, step(1, responsible="\u200b")),
    "other invisible characters": typed(FIRST, step(1, kpi_target="\u3000\u2009\u200d\ufeff")),
    "a row inserted inside the table": typed(FIRST, step(1)) + typed(FIRST + 1, step(2))
    + inserted(FIRST + 1) + typed(FIRST + 1, step(3)),
    "a row inserted above the first step": typed(FIRST, step(1)) + inserted(FIRST)
    + typed(FIRST, step(3)),
    "an inserted row left incomplete": typed(FIRST, step(1)) + inserted(FIRST)
    + typed(FIRST, step(3, kpi=None)),
    "a step below the prepared rows": typed(FIRST, step(1)) + typed(BELOW, step(2)),
    "an incomplete step below them": typed(FIRST, step(1)) + typed(BELOW, step(2, kpi=None)),
    "a value outside its list": typed(FIRST, step(1, status="Almost there")),
    "a negative cost": typed(FIRST, step(1)) + typed(FIRST, {"estimated_cost": "-500"}),
    "due before it starts": typed(FIRST, step(1, start_date="2027-05-01",
                                              due_date="2027-04-01")),
    "a repeated step": typed(FIRST, step(1)) + typed(FIRST + 1, step(1)),
    "no step at all": [],
}


def counter_cells() -> dict[str, str]:
    row = layout.counter_row() - 1
    cells = {"text": f"{layout.COVER_VALUE_COLUMN}{row + 1}"}
    for name, col in (("filled", FILLED), ("required", REQUIRED), ("started", STARTED),
                      ("problems", PROBLEMS)):
        cells[name] = f"{fill.layout.column_letter(col + 1)}{row + 1}"
    return cells


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    # Unprotected, as an official who lifted the sheet protection to insert a row would have it.
    return fill.template(tmp_path_factory.mktemp("counter"))


@pytest.mark.parametrize("case", list(CASES))
def test_the_cover_reads_complete_exactly_when_check_says_complete(calc, template, tmp_path,
                                                                   case):
    out = calc.apply(template, tmp_path / "filled.xlsx", OWNER + CASES[case])
    cells = counter_cells()
    shown = calc.read_values(out, COVER, list(cells.values()))
    seen = {name: shown[ref] for name, ref in cells.items()}
    [report] = check_paths([out], PLAN, AS_OF)
    errors = [(f.code.value, f.cell) for f in report.findings if f.severity.value == "error"]
    cover_complete = seen["filled"] == seen["required"] and seen["problems"] == 0 \
        and seen["started"] > 0
    assert cover_complete == (report.status == COMPLETE), (seen, errors)
    assert seen["filled"] / seen["required"] == pytest.approx(report.completeness), seen
    assert seen["started"] == report.actions
    if cover_complete:
        assert seen["text"].endswith("(100%)  ·  no problem found")
    expected = case in ("complete", "warnings only", "a row inserted inside the table",
                        "a row inserted above the first step", "a step below the prepared rows")
    assert cover_complete is expected, (seen, errors)


def test_the_counter_looks_far_enough_below_the_table():
    assert counter.MARGIN >= 50
