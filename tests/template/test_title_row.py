"""The Action Plan sheet's title is read whole, however long the ministry's name."""

import dataclasses

import openpyxl
import pytest

from actionbook.plan import Ministry, default_plan
from actionbook.schema import layout
from actionbook.template.actions import FROZEN_COLUMNS
from actionbook.template.workbook import write_template
from tests.support.printed import page_with, printed_pages

LONG_NAME = "Ministry of Agriculture, Livestock, Fisheries and Rural Development"
PLAN = dataclasses.replace(default_plan(), rows=5, ministries=(
    Ministry("MAL", LONG_NAME), Ministry("MOH", "Ministry of Health")))


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("titles")
    return {code: write_template(PLAN, folder / f"{code}.xlsx", code) for code in ("MAL", "MOH")}


def title_cells(path):
    sheet = openpyxl.load_workbook(path)[layout.ACTIONS_SHEET]
    row = layout.TITLE_ROW
    return sheet, row, f"A{row}:{openpyxl.utils.get_column_letter(FROZEN_COLUMNS)}{row}"


def test_the_title_is_wrapped_across_the_frozen_columns_beside_the_subtitle(workbooks):
    sheet, row, span = title_cells(workbooks["MAL"])
    assert span in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet[f"A{row}"].value == f"Action Plan  ·  {LONG_NAME}"
    assert sheet[f"A{row}"].alignment.wrap_text
    subtitle = sheet.cell(row, FROZEN_COLUMNS + 1)
    assert subtitle.value == f"{PLAN.title}  ·  {PLAN.cycle}"


def test_a_long_title_gets_a_taller_row_and_a_short_one_does_not(workbooks):
    (long_sheet, row, _), (short_sheet, _, _) = map(title_cells, workbooks.values())
    assert short_sheet.row_dimensions[row].height == pytest.approx(28, abs=0.5)
    assert long_sheet.row_dimensions[row].height >= 2 * 16 * 1.3


@pytest.mark.libreoffice
@pytest.mark.parametrize("code", ["MAL", "MOH"])
def test_libreoffice_prints_the_whole_title_clear_of_the_subtitle(workbooks, tmp_path, code):
    page = page_with(printed_pages(workbooks[code], tmp_path), f"{code}-001")
    tallest = max(word.height for word in page)
    title = [word for word in page if word.height > 0.8 * tallest]
    name = PLAN.ministry_name(code)
    assert [word.text for word in title] == f"Action Plan · {name}".split()
    others = [word for word in page if word not in title]
    assert not [(t.text, o.text) for t in title for o in others if t.overlaps(o)]
