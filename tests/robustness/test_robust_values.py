"""Submitted values stay data: numbers the formats cannot hold, characters XML forbids,
terminal controls, a code that reads like a column name, text past Excel's cell limit.

One folder holds every case of tests/robustness/robust_values.py; it is consolidated once
(command line, with exports) and checked once (with feedback copies), and each test looks at one
promise.
"""

from __future__ import annotations

import io
import json
import math
import re
import xml.etree.ElementTree as ET
import zipfile

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from actionbook import consolidate
from actionbook.check.render import terminal_safe
from actionbook.cli import cli
from actionbook.consolidation import registers, summaries
from actionbook.read.reader import read_workbook
from actionbook.schema import layout
from tests.consolidation.test_consolidate_summaries import PLAN, actions, step
from tests.robustness import robust_values as rv
from tests.support.libreoffice import convert

AS_OF = "2027-03-01"
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
XLSX_LIMIT = 32767


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("values") / "in"
    return {build.__name__: build(folder) for build in rv.BUILDERS}


@pytest.fixture(scope="module")
def folder(cases):
    return next(iter(cases.values())).path.parent


@pytest.fixture(scope="module")
def ran(folder):
    """The folder consolidated by the command line, with exports."""
    out = folder.parent / "out"
    result = CliRunner().invoke(cli, ["consolidate", str(folder), "-o", str(out / "plan.xlsx"),
                                      "--export", str(out / "tables"), "--as-of", AS_OF])
    return result, out


@pytest.fixture(scope="module")
def consolidation(folder):
    return consolidate(folder, as_of=pd.Timestamp(AS_OF).date())


@pytest.fixture(scope="module")
def checked(folder):
    feedback = folder.parent / "feedback"
    result = CliRunner().invoke(cli, ["check", str(folder), "--as-of", AS_OF,
                                      "--annotate", str(feedback)])
    return result, feedback


def sheet_rows(data: bytes, sheet: str) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(sheet).to_python()


def ill_formed_parts(path) -> list[str]:
    bad = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.endswith((".xml", ".rels", ".vml")):
                try:
                    ET.fromstring(zf.read(name))
                except ET.ParseError as exc:
                    bad.append(f"{name}: {exc}")
    return bad


# Reading -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("build", rv.BUILDERS, ids=lambda b: b.__name__)
def test_each_odd_value_is_a_finding_on_its_cell_and_the_rest_is_read(cases, build):
    case = cases[build.__name__]
    wb = read_workbook(case.path)  # never a raw ValueError or OverflowError
    if case.finding:
        assert case.finding in [(f.code, f.cell) for f in wb.findings]
    costs = [r["estimated_cost"] for r in case.rows]
    assert [None if math.isnan(c) else c for c in wb.actions["estimated_cost"]] == costs
    for key in ("action_step", "status", "comm_audience"):
        assert wb.actions[key].tolist() == [r[key] for r in case.rows]


def test_a_cost_too_large_says_so_in_its_message(cases):
    wb = read_workbook(cases["make_huge_number_text"].path)
    messages = [f.message for f in wb.findings if f.code == "invalid-number"]
    assert len(messages) == 2
    assert all("too large to be a cost" in message for message in messages)


# Consolidating -----------------------------------------------------------------------------------


def test_consolidation_counts_every_row_and_each_ministrys_exact_total(cases, consolidation):
    c = consolidation
    assert len(c.actions) == sum(len(case.rows) for case in cases.values())
    totals = c.by_ministry.set_index("ministry")["total_cost"]
    for case in cases.values():
        expected = case.cost_total
        assert totals[case.ministry] == expected if math.isfinite(expected) else \
            math.isnan(totals[case.ministry])  # overflowed: blank, never infinity


def test_a_total_that_overflows_is_reported_never_written_as_infinity(ran, consolidation):
    result, out = ran
    assert result.exit_code == 0, result.output
    assert consolidation.headline()["total_cost"] is None
    assert f"Total cost {summaries.TOO_LARGE}" in result.output
    book = openpyxl.load_workbook(out / "plan.xlsx", read_only=True)
    summary = [row for row in book["Summary"].iter_rows(values_only=True)]
    assert any(row[1] and str(row[1]).startswith(summaries.TOO_LARGE) for row in summary)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(isinstance(v, float) and not math.isfinite(v) for v in row)
    for table in ("by_ministry", "funding", "by_goal", "by_sdg", "resources"):
        numbers = pd.read_csv(out / "tables" / f"{table}.csv").select_dtypes("number")
        assert not numbers.isin([math.inf, -math.inf]).any().any(), table


def test_every_part_of_the_workbook_and_the_feedback_copies_is_well_formed_xml(ran, checked):
    _, out = ran
    _, feedback = checked
    copies = sorted(feedback.glob("*.xlsx"))
    assert len(copies) == len(rv.BUILDERS)
    for path in [out / "plan.xlsx", *copies]:
        assert ill_formed_parts(path) == [], path


def forbidden_cells(rows: list[list]) -> list[str]:
    """The cells of the step with characters XML forbids, as a reader gives them back: escaped
    as _xHHHH_ (calamine decodes the controls, not U+FFFE/U+FFFF) or dropped (LibreOffice)."""
    return [cell for row in rows for cell in row if isinstance(cell, str)
            and cell.startswith("Half") and cell.endswith(" end")]


def test_the_forbidden_characters_are_escaped_as_excel_stores_them(ran):
    _, out = ran
    rows = sheet_rows((out / "plan.xlsx").read_bytes(), "Actions")
    assert forbidden_cells(rows) == ["Half_xFFFE_ and _xFFFF_ and \x01 end"]


def actions_ids(rows: list[list]) -> set[str]:
    return {cell for row in rows for cell in row[:3]
            if isinstance(cell, str) and re.fullmatch(r"[A-Z]{3}-\d{3}", cell)}


def test_openpyxl_reads_every_row_of_the_actions(ran, consolidation):
    _, out = ran
    book = openpyxl.load_workbook(out / "plan.xlsx", read_only=True)
    ids = {cell for row in book["Actions"].iter_rows(values_only=True) for cell in row[:3]
           if isinstance(cell, str) and re.fullmatch(r"[A-Z]{3}-\d{3}", cell)}
    assert len(ids) == len(set(zip(consolidation.actions["ministry"],
                                   consolidation.actions["action_id"])))


@pytest.mark.libreoffice
def test_libreoffice_reads_every_row_of_the_actions_and_barriers(ran, consolidation, tmp_path):
    _, out = ran
    saved = convert(out / "plan.xlsx", "ods", tmp_path).read_bytes()
    written = (out / "plan.xlsx").read_bytes()
    for sheet in ("Actions", "Barriers"):
        assert len(sheet_rows(saved, sheet)) == len(sheet_rows(written, sheet)), sheet
    assert forbidden_cells(sheet_rows(saved, "Actions")) == ["Half and  and  end"]


def test_text_past_the_cell_limit_is_cut_in_the_workbook_and_whole_in_the_exports(ran):
    _, out = ran
    rows = sheet_rows((out / "plan.xlsx").read_bytes(), "Actions")
    assert rv.LONG_TEXT[:XLSX_LIMIT] in [cell for row in rows for cell in row]
    exported = pd.read_csv(out / "tables" / "actions.csv", dtype=str, keep_default_na=False)
    assert rv.LONG_TEXT in exported["action_step"].tolist()


def test_a_code_named_like_a_column_never_overwrites_it(consolidation, ran):
    grid = consolidation.communication
    assert grid["audience"].tolist() == ["Parents"]
    assert grid[registers.ministry_column(rv.CODE_LIKE_COLUMN)].tolist() == ["Monthly"]
    _, out = ran
    header = sheet_rows((out / "plan.xlsx").read_bytes(), "Communication")[layout.HEADER_ROW - 1]
    shown = [text for text in header if text]
    assert len({text.casefold() for text in shown}) == len(shown)  # Excel repairs repeats


def test_a_ministry_named_total_keeps_its_row_beside_the_total():
    frame = actions(step("Total", estimated_cost=5.0), step("MOH", estimated_cost=7.0))
    table = summaries.funding(frame, PLAN)
    assert table["ministry"].tolist() == ["MOH", "Total", summaries.TOTAL]
    assert table["total_cost"].tolist() == [7.0, 5.0, 12.0]
    assert summaries.timeline(frame, PLAN)["Total"].tolist() == [1, 1, 2]


# Checking, reading and the terminal -------------------------------------------------------------


def test_check_annotate_writes_each_odd_cell_as_the_official_typed_it(checked, cases):
    result, feedback = checked
    assert result.exit_code == 1, result.output  # the odd values are errors, read all the same
    for name in ("make_inf_cost", "make_huge_number_text"):
        case = cases[name]
        book = openpyxl.load_workbook(feedback / f"{case.path.stem}-feedback.xlsx")
        for cell, typed in case.typed.items():
            shown = str(book[layout.ACTIONS_SHEET][cell].value)
            assert shown == typed or shown.lower() == "inf" == typed.lower(), cell


def test_no_control_character_reaches_the_terminal(checked, ran, cases):
    result, _ = checked
    assert "Bell\\x07 and \\x1b[31mred" in result.output  # shown, not obeyed
    assert not TERMINAL_CONTROL.search(result.output)
    assert not TERMINAL_CONTROL.search(ran[0].output)
    read = CliRunner().invoke(cli, ["read", str(cases["make_control_chars"].path)])
    assert read.exit_code == 0
    assert not TERMINAL_CONTROL.search(read.stderr)
    assert rv.CONTROL_TEXT in read.stdout  # piped data stays as it was read


def test_check_json_escapes_every_control_character(cases):
    result = CliRunner().invoke(cli, ["check", str(cases["make_control_chars"].path),
                                      "--format", "json", "--as-of", AS_OF])
    assert not TERMINAL_CONTROL.search(result.stdout)
    messages = [f["message"] for f in json.loads(result.stdout)["files"][0]["findings"]]
    assert any(rv.CONTROL_TEXT in message for message in messages)


@pytest.mark.parametrize("text, shown", [("a\x1b[2Jb", "a\\x1b[2Jb"), ("\x07", "\\x07"),
                                          ("tab\tline\n", "tab\tline\n"), ("\r", "\\x0d"),
                                          ("\x9b", "\\x9b"), ("\x7f", "\\x7f"), ("é ✓", "é ✓")])
def test_terminal_safe_shows_controls_as_escapes(text, shown):
    assert terminal_safe(text) == shown
