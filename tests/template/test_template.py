"""The template workbook, reopened with openpyxl: every rule the schema and the plan call for."""

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl.utils.datetime import to_excel

from actionbook import schema
from actionbook.cli import cli
from actionbook.errors import ActionbookError, OutputError
from actionbook.findings import Severity
from actionbook.plan import default_plan, default_plan_text, parse_plan
from actionbook.schema import layout
from actionbook.schema.examples import example_value
from actionbook.schema.table import Kind
from actionbook.schema.wording import help_text, question_text
from actionbook.template import counter
from actionbook.template.actions import Table
from actionbook.template.folder import committed_date, regenerate_templates, templates_for
from actionbook.template.lists import list_values, metadata_values
from actionbook.template.values import percentage, required_cover_keys, row_counts
from actionbook.template.workbook import (
    completeness_counts,
    counter_text,
    template_filename,
    write_template,
)
from tests.support.plan_note import without_plan_note

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2027, 1, 5)
PLAN = default_plan()
LAST = layout.FIRST_DATA_ROW + PLAN.rows - 1
SHEETS = [layout.COVER_SHEET, layout.INSTRUCTIONS_SHEET, layout.GOALS_SHEET,
          layout.ACTIONS_SHEET, layout.LISTS_SHEET, layout.METADATA_SHEET]
REQUIRED = [c for c in schema.COLUMNS if c.required is Severity.ERROR]


def letter(key):
    return layout.template_column(key)


def data_range(key, last=LAST):
    return f"{letter(key)}{layout.FIRST_DATA_ROW}:{letter(key)}{last}"


@pytest.fixture(scope="module")
def moh_path(tmp_path_factory):
    return write_template(PLAN, tmp_path_factory.mktemp("moh") / "MOH.xlsx", "MOH",
                          generated_on=DAY)


@pytest.fixture(scope="module")
def generic_path(tmp_path_factory):
    return write_template(PLAN, tmp_path_factory.mktemp("generic") / "plan.xlsx",
                          generated_on=DAY)


@pytest.fixture(scope="module")
def moh(moh_path):
    return openpyxl.load_workbook(moh_path)


@pytest.fixture(scope="module")
def generic(generic_path):
    return openpyxl.load_workbook(generic_path)


@pytest.fixture(scope="module")
def actions(moh):
    return moh[layout.ACTIONS_SHEET]


def validations(sheet):
    return {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}


def rules(sheet):
    return {str(cf.sqref): [r.formula[0] for r in cf.rules] for cf in sheet.conditional_formatting}


# Sheets, names and metadata

def test_sheets_in_order_with_lists_hidden_and_metadata_very_hidden(moh):
    assert moh.sheetnames == SHEETS
    states = {sheet.title: sheet.sheet_state for sheet in moh}
    assert states[layout.LISTS_SHEET] == "hidden"
    assert states[layout.METADATA_SHEET] == "veryHidden"
    assert {states[name] for name in SHEETS[:4]} == {"visible"}


def test_every_dropdown_list_is_a_defined_name_over_the_plans_values(moh):
    lists = moh[layout.LISTS_SHEET]
    for name, values in list_values(PLAN).items():
        (sheet, ref), = moh.defined_names[layout.defined_name(name)].destinations
        assert sheet == layout.LISTS_SHEET
        assert tuple(c.value for row in lists[ref.replace("$", "")] for c in row) == values


def test_metadata_sheet_and_custom_properties_carry_the_same_pairs(moh, generic):
    for workbook, code in ((moh, "MOH"), (generic, "")):
        rows = workbook[layout.METADATA_SHEET].iter_rows(values_only=True)
        pairs = {key: value or "" for key, value in rows}
        properties = {p.name: p.value or "" for p in workbook.custom_doc_props.props}
        # Besides the metadata, what the workbook is (outputs.py), and when it was made.
        assert properties.pop("actionbook_kind") == "template"
        assert properties.pop("actionbook_written") == DAY.isoformat()
        # And the plan it was made from (read/reader.py compares it with the plan it reads with).
        assert properties.pop(layout.PLAN) == PLAN.title
        assert properties.pop(layout.PLAN_ID) == PLAN.fingerprint
        assert pairs == properties == metadata_values(PLAN, code or None, DAY)
        assert list(pairs) == list(layout.METADATA_KEYS)
        assert pairs["ministry"] == code
    assert pairs["template_id"] == schema.TEMPLATE_ID
    assert pairs["schema_version"] == str(schema.SCHEMA_VERSION)
    assert pairs["generated_on"] == "2027-01-05"


def test_creation_date_is_the_generated_on_date(moh):
    assert moh.properties.created == dt.datetime(2027, 1, 5)


# The Action Plan sheet

def test_key_row_is_hidden_and_names_each_column(actions):
    assert actions.row_dimensions[layout.KEY_ROW].hidden
    keys = [actions.cell(layout.KEY_ROW, i + 1).value for i in range(len(schema.COLUMNS))]
    assert keys == list(schema.action_keys())


def test_headers_and_guiding_questions_under_them(actions):
    for i, column in enumerate(schema.COLUMNS, 1):
        assert actions.cell(layout.HEADER_ROW, i).value == column.header
        question = question_text(column, PLAN) + (" In USD." if column.cost else "")
        assert actions.cell(layout.QUESTION_ROW, i).value == question  # a cost: the currency


def test_group_headers_are_merged_over_the_seeds_groups(actions):
    merged = {str(r) for r in actions.merged_cells.ranges}
    col = 1
    for group, columns in schema.groups():
        assert actions.cell(layout.GROUP_ROW, col).value == group
        if len(columns) > 1:
            end = layout.column_letter(col + len(columns) - 1)
            start = layout.column_letter(col)
            assert f"{start}{layout.GROUP_ROW}:{end}{layout.GROUP_ROW}" in merged
        col += len(columns)


def test_example_row_shows_each_columns_example(actions):
    row = [actions.cell(layout.EXAMPLE_ROW, i + 1).value for i in range(len(schema.COLUMNS))]
    assert row[0] == layout.EXAMPLE_ID
    for value, column in zip(row[1:], schema.COLUMNS[1:]):
        example = example_value(column, PLAN, "MOH")
        if column.kind is Kind.DATE:
            assert value.date() == example
        else:
            assert value == example
        assert actions.cell(layout.EXAMPLE_ROW, 1).font.i


def test_action_ids_are_prefilled_for_every_row(actions, generic):
    ids = [actions.cell(r, 1).value for r in range(layout.FIRST_DATA_ROW, LAST + 1)]
    assert ids == [f"MOH-{n:03d}" for n in range(1, PLAN.rows + 1)]
    assert PLAN.rows >= 100
    assert actions.cell(LAST + 1, 1).value is None
    assert generic[layout.ACTIONS_SHEET].cell(layout.FIRST_DATA_ROW, 1).value == "ACT-001"


def test_every_choice_column_has_a_dropdown_from_its_defined_name(actions):
    found = validations(actions)
    for column in schema.COLUMNS:
        if column.choices:
            rule = found[data_range(column.key)]
            assert (rule.type, rule.formula1) == ("list", layout.defined_name(column.choices))
            assert rule.showErrorMessage and rule.errorStyle in (None, "stop")
            assert rule.errorTitle and rule.error


def test_no_dropdown_carries_an_inline_list(moh):
    for sheet in moh:
        for rule in sheet.data_validations.dataValidation:
            assert not (rule.formula1 or "").startswith('"'), sheet.title


def test_dates_must_fall_inside_the_plan_period(actions):
    for column in schema.COLUMNS:
        if column.kind is Kind.DATE and not column.locked:
            rule = validations(actions)[data_range(column.key)]
            assert rule.type == "date" and rule.operator in (None, "between")
            assert float(rule.formula1) == to_excel(PLAN.start)
            assert float(rule.formula2) == to_excel(PLAN.end)
            assert rule.showErrorMessage and rule.errorStyle in (None, "stop")
            assert "1 January 2027" in rule.error and "31 December 2029" in rule.error


def test_costs_must_be_numbers_of_zero_or_more(actions):
    column = next(c for c in schema.COLUMNS if c.kind is Kind.NUMBER)
    rule = validations(actions)[data_range(column.key)]
    assert (rule.type, rule.operator, rule.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert rule.showErrorMessage and "number" in rule.error


def test_every_column_has_an_input_message_within_excels_limits(actions):
    found = validations(actions)
    for column in schema.COLUMNS:
        rule = found[data_range(column.key)]
        assert rule.showInputMessage and help_text(column, PLAN) in rule.prompt
        assert len(rule.prompt) <= 255 and len(rule.promptTitle) <= 32
        if column.required is Severity.ERROR:
            assert rule.prompt.startswith("Required.")


def test_required_cells_of_started_rows_turn_amber(actions):
    required = [r for r, formulas in rules(actions).items()
                if any("SUBSTITUTE(" in f and letter(REQUIRED[0].key) in f for f in formulas)]
    covered = set()
    for ref in required[0].split():
        first, last = ref.split(":")
        covered |= {layout.column_letter(i) for i in range(
            layout.column_index(first.rstrip("0123456789")),
            layout.column_index(last.rstrip("0123456789")) + 1)}
        assert first.endswith(str(layout.FIRST_DATA_ROW)) and last.endswith(str(LAST))
    assert covered == {letter(c.key) for c in REQUIRED}
    started = layout.column_letter(len(schema.COLUMNS) + 1)
    assert f"${started}{layout.FIRST_DATA_ROW}=1" in rules(actions)[required[0]][0]


def test_recommended_cells_turn_pale_yellow(actions):
    for column in schema.required_columns(Severity.WARNING):
        assert data_range(column.key) in rules(actions)


def test_overdue_due_dates_are_flagged_unless_the_step_is_closed(actions):
    (formula,) = rules(actions)[data_range("due_date")]
    status = letter(next(c.key for c in schema.COLUMNS if c.choices == "statuses"))
    assert "TODAY()" in formula and f"${status}{layout.FIRST_DATA_ROW}" in formula
    assert layout.defined_name("closed_statuses") in formula


def test_empty_remarks_of_a_late_or_slipped_step_turn_pale_yellow(actions):
    (formula,) = rules(actions)[data_range("remarks")]
    due, baseline = letter("due_date"), letter("baseline_due")
    assert f"LEN(TRIM({letter('remarks')}{layout.FIRST_DATA_ROW}))=0" in formula
    assert "TODAY()" in formula  # overdue
    assert f"${due}{layout.FIRST_DATA_ROW}>${baseline}{layout.FIRST_DATA_ROW}" in formula


def test_the_baseline_column_is_grey_locked_and_takes_no_typing(actions):
    column = schema.column("baseline_due")
    assert column.locked and column.group == schema.column("due_date").group
    assert letter("baseline_due") == layout.column_letter(
        layout.column_index(letter("due_date")) + 1)
    cell = actions[f"{letter('baseline_due')}{layout.FIRST_DATA_ROW}"]
    assert cell.protection.locked and cell.fill.fgColor.rgb.endswith("F2F2F2")
    rule = validations(actions)[data_range("baseline_due")]
    assert rule.type is None and "Filled in for you" in rule.prompt


def test_a_row_holding_only_its_id_and_a_carried_baseline_is_not_started(tmp_path):
    rows = [{"action_id": "MOH-001", "baseline_due": dt.date(2027, 5, 31)}]
    assert row_counts(rows[0]) == (0, 0)
    path = write_template(PLAN, tmp_path / "b.xlsx", "MOH", generated_on=DAY, actions=rows)
    sheet = openpyxl.load_workbook(path, data_only=True)[layout.ACTIONS_SHEET]
    started = sheet.cell(layout.FIRST_DATA_ROW, len(schema.COLUMNS) + 1).value
    assert started == 0
    assert sheet[f"{letter('baseline_due')}{layout.FIRST_DATA_ROW}"].value == \
        dt.datetime(2027, 5, 31)


def test_header_rows_are_frozen_with_the_action_step_group_in_view(actions):
    frozen = layout.column_letter(len(schema.groups()[0][1]) + 1)
    assert actions.freeze_panes == f"{frozen}{layout.EXAMPLE_ROW + 1}"


def test_filters_cover_the_data_below_the_example_row(actions):
    end = layout.column_letter(len(schema.COLUMNS))
    assert actions.auto_filter.ref == f"A{layout.EXAMPLE_ROW}:{end}{LAST}"


def test_print_set_up(actions):
    setup = actions.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToHeight) == ("landscape", 8, 0)
    assert setup.fitToWidth in (None, 1) and actions.sheet_properties.pageSetUpPr.fitToPage
    assert actions.print_title_rows == f"${layout.GROUP_ROW}:${layout.QUESTION_ROW}"
    end = layout.column_letter(len(schema.COLUMNS))
    assert actions.print_area == f"'{layout.ACTIONS_SHEET}'!$A$2:${end}${LAST}"
    assert PLAN.title in actions.oddHeader.left.text
    assert "&P" in actions.oddFooter.center.text and "&N" in actions.oddFooter.center.text


def column_widths(sheet) -> dict[int, tuple[float, bool]]:
    """Column number -> (width, hidden); a <col> element may span several columns."""
    return {i: (d.width, d.hidden) for d in sheet.column_dimensions.values()
            for i in range(d.min, d.max + 1)}


def test_widths_come_from_the_schema_and_helpers_are_hidden(actions):
    widths = column_widths(actions)
    for i, column in enumerate(schema.COLUMNS, 1):
        assert widths[i] == (pytest.approx(column.width + 0.71, abs=0.01), False)
    assert all(widths[len(schema.COLUMNS) + i][1] for i in (1, 2, 3))
    assert actions.cell(layout.QUESTION_ROW, 2).alignment.wrap_text


def test_helper_formulas_count_started_rows_and_their_required_cells(actions):
    r = layout.FIRST_DATA_ROW
    started, filled, required = (actions.cell(r, len(schema.COLUMNS) + i).value for i in (1, 2, 3))
    spans = re.findall(r"TRIM\(([A-Z]+)\d+:([A-Z]+)\d+\)", started)
    covered = {schema.action_keys()[i - 1] for a, b in spans
               for i in range(layout.column_index(a), layout.column_index(b) + 1)}
    assert started.startswith("=IF(SUMPRODUCT(") and covered == set(schema.started_keys())
    assert "baseline_due" not in covered and "action_id" not in covered
    assert filled.count("LEN(TRIM(") == len(REQUIRED)
    assert required == f"={layout.column_letter(len(schema.COLUMNS) + 1)}{r}*{len(REQUIRED)}"


# Protection

def test_every_sheet_is_protected_and_officials_may_sort_and_filter(moh):
    for sheet in moh:
        p = sheet.protection
        assert p.sheet and not p.password, sheet.title
        assert p.sort is False and p.autoFilter is False  # False: not blocked
        assert p.formatColumns is False and p.formatRows is False
        assert p.insertColumns and p.deleteColumns and p.insertRows and p.deleteRows


def test_structure_is_locked_without_a_password(moh):
    assert moh.security.lockStructure and not moh.security.workbookPassword


def test_a_password_protects_sheets_and_structure(tmp_path):
    path = write_template(PLAN, tmp_path / "p.xlsx", "MOH", generated_on=DAY, password="s3cret")
    workbook = openpyxl.load_workbook(path)
    assert workbook.security.workbookPassword
    assert all(sheet.protection.password for sheet in workbook)


def test_protect_false_leaves_everything_editable(tmp_path):
    path = write_template(PLAN, tmp_path / "p.xlsx", "MOH", generated_on=DAY, protect=False)
    workbook = openpyxl.load_workbook(path)
    assert not (workbook.security and workbook.security.lockStructure)
    assert not any(sheet.protection.sheet for sheet in workbook)


def test_data_cells_are_unlocked_and_everything_else_locked(actions):
    for col, column in enumerate(schema.COLUMNS, 1):
        for row in (layout.FIRST_DATA_ROW, LAST):
            assert actions.cell(row, col).protection.locked is column.locked, column.key
        for row in (layout.TITLE_ROW, layout.GROUP_ROW, layout.HEADER_ROW, layout.QUESTION_ROW,
                    layout.EXAMPLE_ROW, LAST + 1):
            assert actions.cell(row, col).protection.locked
    assert actions.cell(layout.FIRST_DATA_ROW, len(schema.COLUMNS) + 1).protection.locked


# The cover

def cover_cell(workbook, key):
    return workbook[layout.COVER_SHEET][f"{layout.COVER_VALUE_COLUMN}{layout.cover_row(key)}"]


def test_cover_fields_have_keys_labels_and_input_cells(moh):
    cover = moh[layout.COVER_SHEET]
    for field in schema.COVER_FIELDS:
        row = layout.cover_row(field.key)
        assert cover[f"{layout.COVER_KEY_COLUMN}{row}"].value == field.key
        assert cover[f"{layout.COVER_LABEL_COLUMN}{row}"].value == field.label
    assert cover.column_dimensions[layout.COVER_KEY_COLUMN].hidden
    assert not cover_cell(moh, "plan_owner").protection.locked


def test_a_ministrys_cover_has_its_code_and_name_locked(moh):
    assert cover_cell(moh, "ministry").value == "MOH"
    assert cover_cell(moh, "ministry_name").value == "Ministry of Health"
    assert cover_cell(moh, "ministry").protection.locked


def test_the_generic_cover_offers_the_roster_and_looks_the_name_up(generic):
    cover = generic[layout.COVER_SHEET]
    ministry = cover_cell(generic, "ministry")
    assert not ministry.protection.locked
    rule = validations(cover)[ministry.coordinate]
    assert (rule.type, rule.formula1) == ("list", layout.defined_name("ministries"))
    name = cover_cell(generic, "ministry_name").value
    assert name.startswith("=IFERROR(INDEX(list_ministry_names,MATCH($C$5,list_ministries")


def test_plan_owner_carries_the_seeds_ownership_note(moh):
    cover = moh[layout.COVER_SHEET]
    comment = cover[f"{layout.COVER_LABEL_COLUMN}{layout.cover_row('plan_owner')}"].comment
    assert comment.text == dict(schema.COMPONENTS)["Ownership"]


def test_counter_formulas_count_the_table_and_the_cover(moh):
    cover = moh[layout.COVER_SHEET]
    row = layout.counter_row()
    assert cover[f"B{row}"].value == layout.COUNTER_LABEL
    filled, required, started = (cover[f"{c}{row}"].value for c in "FGH")
    end = LAST + counter.MARGIN
    goals = f"'{layout.ACTIONS_SHEET}'!$B${layout.EXAMPLE_ROW}:$B${end}"
    assert goals in filled.text and goals in started.text  # array formulas over the table
    assert f'<>"{layout.EXAMPLE_ID}"' in started.text
    assert f"$C${layout.cover_row('plan_owner')}" in filled.text
    assert required.text == f"=$H${row}*{len(counter.required_keys())}+2"
    text = cover[f"C{row}"].value
    assert text.startswith(f"=F{row}&\" of \"&G{row}&\" required cells filled (\"")


def test_counter_formulas_fit_excels_formula_length():
    plan_rows = Table(PLAN.rows)
    formulas = [*counter.problem_formulas(counter.Ranges(plan_rows.last_row)).values(),
                counter.filled_formula(counter.Ranges(plan_rows.last_row))]
    assert max(map(len, formulas)) < 8192


def test_counter_of_a_blank_workbook_is_cached_for_libreoffice(moh_path, generic_path):
    row = layout.counter_row()
    assert openpyxl.load_workbook(moh_path, data_only=True)[layout.COVER_SHEET][f"C{row}"].value \
        == "1 of 2 required cells filled (50%)  ·  no action step yet"
    assert openpyxl.load_workbook(generic_path, data_only=True)[layout.COVER_SHEET][
        f"C{row}"].value == "0 of 2 required cells filled (0%)  ·  no action step yet"


def test_counter_caches_the_problems_of_prefilled_values(tmp_path):
    rows = [{"goal": "G1", "action_step": "A", "status": "Sometime"},
            {"goal": "G1", "action_step": " a ", "estimated_cost": -5}]
    path = write_template(PLAN, tmp_path / "p.xlsx", "MOH", generated_on=DAY, actions=rows)
    cover = openpyxl.load_workbook(path, data_only=True)[layout.COVER_SHEET]
    # a status outside its list, a negative cost, a repeated step
    assert cover[f"C{layout.counter_row()}"].value.endswith("  ·  3 problems to fix")


def test_cover_highlights_missing_required_fields(moh):
    found = rules(moh[layout.COVER_SHEET])
    assert found[cover_cell(moh, "plan_owner").coordinate] == [
        f"LEN({counter.visible(cover_cell(moh, 'plan_owner').coordinate)})=0"]


# Instructions and goals

def test_instructions_explain_every_column_and_the_seeds_guidance(moh):
    text = "\n".join(str(c.value) for row in moh[layout.INSTRUCTIONS_SHEET].iter_rows()
                     for c in row if c.value)
    for column in schema.COLUMNS:
        assert column.header in text and help_text(column, PLAN) in text
    for term, explanation in schema.COMPONENTS:
        assert term in text and explanation in text
    assert all(sentence in text for sentence in schema.GOOD_PLAN)
    assert ", ".join(PLAN.choices("statuses")) in text
    assert ".xlsx" in text and "Amber" in text


def test_goals_sheet_lists_goals_with_pillars_and_sdg_names(moh):
    rows = list(moh[layout.GOALS_SHEET].iter_rows(min_row=5, values_only=True))
    assert [r[0] for r in rows] == [g.id for g in PLAN.goals]
    first = PLAN.goals[0]
    assert rows[0][1:3] == (first.title, first.pillar)
    assert all(schema.SDGS[n] in rows[0][3] for n in first.sdgs)


# Prefilled workbooks

PREFILL = pd.DataFrame([
    {"action_id": "MOH-004", "goal": "G2", "action_step": "Connect 40 clinics",
     "due_date": pd.Timestamp("2027-06-30"), "estimated_cost": 0.0, "status": "In progress"},
    {"action_id": None, "goal": "G9", "action_step": "=HYPERLINK(\"http://x\")",
     "supporting": "http://example.org", "estimated_cost": float("nan"), "due_date": pd.NaT},
    {"action_id": "MOH-002", "barriers": "   "},
])
COVER = {"plan_owner": "Dr A. Mensah", "submitted_on": dt.date(2027, 3, 1)}


@pytest.fixture(scope="module")
def prefilled_path(tmp_path_factory):
    return write_template(PLAN, tmp_path_factory.mktemp("prefill") / "p.xlsx", "MOH",
                          generated_on=DAY, actions=PREFILL, cover=COVER)


def test_prefilled_values_are_written_as_the_official_sees_them(prefilled_path):
    sheet = openpyxl.load_workbook(prefilled_path)[layout.ACTIONS_SHEET]
    row = layout.FIRST_DATA_ROW
    assert sheet[f"{letter('goal')}{row}"].value == PLAN.goal("G2").label
    assert sheet[f"{letter('goal')}{row + 1}"].value == "G9"  # unknown goal kept as typed
    assert sheet[f"{letter('due_date')}{row}"].value == dt.datetime(2027, 6, 30)
    assert sheet[f"{letter('estimated_cost')}{row}"].value == 0
    assert sheet[f"{letter('estimated_cost')}{row + 1}"].value is None


def test_prefilled_text_never_becomes_a_formula_or_a_link(prefilled_path):
    sheet = openpyxl.load_workbook(prefilled_path)[layout.ACTIONS_SHEET]
    row = layout.FIRST_DATA_ROW + 1
    step = sheet[f"{letter('action_step')}{row}"]
    assert (step.data_type, step.value) == ("s", "=HYPERLINK(\"http://x\")")
    assert sheet[f"{letter('supporting')}{row}"].hyperlink is None


def test_prefilled_ids_are_kept_and_blank_ones_continue_the_numbering(prefilled_path):
    sheet = openpyxl.load_workbook(prefilled_path)[layout.ACTIONS_SHEET]
    ids = [sheet.cell(r, 1).value for r in range(layout.FIRST_DATA_ROW, LAST + 1)]
    assert ids[:4] == ["MOH-004", "MOH-005", "MOH-002", "MOH-006"]
    assert len(ids) == len(set(ids)) == PLAN.rows


def test_many_prefilled_actions_leave_twenty_spare_rows(tmp_path):
    many = pd.DataFrame({"action_step": [f"Step {n}" for n in range(PLAN.rows)]})
    path = write_template(PLAN, tmp_path / "m.xlsx", "MOH", generated_on=DAY, actions=many)
    sheet = openpyxl.load_workbook(path)[layout.ACTIONS_SHEET]
    last = layout.FIRST_DATA_ROW + PLAN.rows + 20 - 1
    assert sheet.cell(last, 1).value == f"MOH-{PLAN.rows + 20:03d}"
    assert sheet.cell(last + 1, 1).value is None
    assert str(validations(sheet)[data_range("status", last)].sqref) == data_range("status", last)


def test_prefilled_formulas_carry_their_computed_values(prefilled_path):
    cached = openpyxl.load_workbook(prefilled_path, data_only=True)
    sheet = cached[layout.ACTIONS_SHEET]
    for index, row in enumerate(PREFILL.to_dict("records")):
        r = layout.FIRST_DATA_ROW + index
        helpers = [sheet.cell(r, len(schema.COLUMNS) + i).value for i in (1, 2, 3)]
        filled, required = row_counts(row)
        assert helpers == [int(required > 0), filled, required]
    counts = completeness_counts(PREFILL, {**COVER, "ministry": "MOH"})
    shown = cached[layout.COVER_SHEET][f"C{layout.counter_row()}"].value
    assert shown == counter_text(*counts, 1)  # goal G9 is not the plan's: one problem
    assert cover_cell(cached, "submitted_on").value == dt.datetime(2027, 3, 1)


def test_a_generic_prefill_caches_the_looked_up_ministry_name(tmp_path):
    path = write_template(PLAN, tmp_path / "g.xlsx", generated_on=DAY, cover={"ministry": "MOE"})
    cached = openpyxl.load_workbook(path, data_only=True)
    assert cover_cell(cached, "ministry").value == "MOE"
    assert cover_cell(cached, "ministry_name").value == "Ministry of Education"


# The completeness rule

def test_rows_not_started_require_nothing():
    assert completeness_counts(pd.DataFrame({"action_id": ["MOH-001", "MOH-002"]})) == (0, 2)


def test_a_started_row_requires_every_required_column():
    filled, required = completeness_counts([{"action_step": "Do it", "estimated_cost": 0}],
                                           {"ministry": "MOH", "plan_owner": "A"})
    assert (filled, required) == (1 + 2, len(REQUIRED) + 2)


def test_whitespace_is_blank_and_zero_is_a_value():
    assert row_counts({"barriers": "  "}) == (0, 0)
    assert row_counts({"estimated_cost": 0})[1] == len(REQUIRED)


def test_a_dataframe_counts_as_its_rows_do():
    # Judged column by column (a frame of typed values, or of text), by the rule of row_counts.
    rows = [
        {"action_id": "MOH-001", "action_step": "Do it", "estimated_cost": 0.0, "barriers": " "},
        {"action_id": "MOH-002", "action_step": "  ", "due_date": pd.NaT, "kpi": None},
        {"action_id": "MOH-003", "goal": "G1", "due_date": pd.Timestamp("2027-06-30"),
         "estimated_cost": float("nan"), "kpi": "Share online", "status": "\u00a0"},
        {"action_id": "MOH-004", "supporting": "Registry", "resource_type": "Technical"},
    ]
    frame = pd.DataFrame(rows)
    text = frame.astype(str).where(frame.notna(), "").astype(object)
    expected = completeness_counts(rows)
    assert expected == (5, 3 * len(REQUIRED) + len(required_cover_keys()))
    assert completeness_counts(frame) == expected == completeness_counts(text)


def test_percentage_rounds_down_and_is_full_when_nothing_is_required():
    assert percentage(199, 200) == 99
    assert percentage(0, 0) == 100
    assert counter_text(3, 4) == "3 of 4 required cells filled (75%)  ·  no problem found"
    assert counter_text(0, 2, 1, 0).endswith("  ·  no action step yet; 1 problem to fix")


# decorate

def test_decorate_can_comment_highlight_and_add_a_sheet(tmp_path):
    def decorate(ctx):
        sheet = ctx.sheets[ctx.sheet_of("due_date")]
        sheet.write_comment(ctx.cell("due_date", 1), "By When is empty.")
        ctx.workbook.add_worksheet("Findings").write_string(0, 0, ctx.cell("plan_owner"))

    path = write_template(PLAN, tmp_path / "d.xlsx", "MOH", generated_on=DAY, actions=PREFILL,
                          decorate=decorate)
    workbook = openpyxl.load_workbook(path)
    cell = workbook[layout.ACTIONS_SHEET][f"{letter('due_date')}{layout.FIRST_DATA_ROW + 1}"]
    assert cell.comment.text == "By When is empty."
    assert workbook["Findings"]["A1"].value == f"C{layout.cover_row('plan_owner')}"


# Determinism, plans and the committed templates

def test_same_plan_and_date_give_the_same_bytes(tmp_path, moh_path):
    again = write_template(PLAN, tmp_path / "again.xlsx", "MOH", generated_on=DAY)
    assert again.read_bytes() == moh_path.read_bytes()
    later = write_template(PLAN, tmp_path / "later.xlsx", "MOH", generated_on=DAY.replace(day=6))
    assert later.read_bytes() != moh_path.read_bytes()


def test_an_unknown_ministry_is_refused_with_the_valid_codes(tmp_path):
    with pytest.raises(ActionbookError, match=r"'XX'.*MDG, MOH"):
        write_template(PLAN, tmp_path / "x.xlsx", "XX")
    assert not (tmp_path / "x.xlsx").exists()


def test_a_plan_with_other_dates_and_lists_shapes_the_example_and_rules(tmp_path):
    text = default_plan_text().replace("start = 2027-01-01", "start = 2031-01-01").replace(
        "end = 2029-12-31", "end = 2031-12-31").replace('"Not started", ', "")
    plan = parse_plan(text, "test")
    path = write_template(plan, tmp_path / "o.xlsx", "MOH", generated_on=DAY)
    sheet = openpyxl.load_workbook(path)[layout.ACTIONS_SHEET]
    example = {c.key: sheet.cell(layout.EXAMPLE_ROW, i + 1).value
               for i, c in enumerate(schema.COLUMNS)}
    assert plan.start <= example["start_date"].date() < example["due_date"].date() <= plan.end
    assert example["status"] == plan.choices("statuses")[0]
    assert float(validations(sheet)[data_range("due_date")].formula1) == to_excel(plan.start)


def test_templates_for_names_each_workbook_by_its_ministry(tmp_path):
    paths = templates_for(PLAN, ["MOH", "MOE"], tmp_path, DAY)
    assert [p.name for p in paths] == ["MOH-action-plan.xlsx", "MOE-action-plan.xlsx"]
    assert template_filename(None) == "action-plan.xlsx"


def test_committed_plan_toml_is_the_default_plan():
    assert (ROOT / "templates" / "plan.toml").read_text("utf-8") == default_plan_text()


def test_committed_workbooks_are_up_to_date(tmp_path):
    committed = ROOT / "templates"
    for path in regenerate_templates(tmp_path, committed_date(committed)):
        assert (committed / path.name).read_bytes() == path.read_bytes(), (
            f"templates/{path.name} is stale: run python tools/regenerate_templates.py")


def test_no_zip_member_is_timestamped_with_the_clock(moh_path):
    with zipfile.ZipFile(moh_path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# The command

def run(*args):
    return CliRunner().invoke(cli, ["template", *args])


def test_template_all_writes_one_workbook_per_ministry(tmp_path):
    result = run("--all", "-o", str(tmp_path / "out"), "--date", "2027-01-05")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(f"{m.code}-action-plan.xlsx" for m in PLAN.ministries)
    assert len(result.stdout.splitlines()) == len(PLAN.ministries)
    written = write_template(PLAN, tmp_path / "MOH.xlsx", "MOH", generated_on=DAY)
    assert (tmp_path / "out" / "MOH-action-plan.xlsx").read_bytes() == written.read_bytes()


def test_template_without_ministry_writes_the_generic_workbook_here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run()
    assert result.exit_code == 0 and result.stdout.strip() == "Wrote action-plan.xlsx"
    assert (tmp_path / "action-plan.xlsx").exists()


def test_template_writes_one_workbook_to_a_named_file(tmp_path):
    result = run("--ministry", "MOE", "-o", str(tmp_path / "moe.xlsx"), "--password", "pw")
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(tmp_path / "moe.xlsx")
    assert cover_cell(workbook, "ministry").value == "MOE"
    assert workbook.security.workbookPassword


def test_template_refuses_an_unknown_ministry_in_one_line(tmp_path):
    result = run("--ministry", "XYZ", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert without_plan_note(result.output).count("\n") == 1 and "MOH" in result.output
    assert "Traceback" not in result.output and not list(tmp_path.iterdir())


def test_template_refuses_all_with_named_ministries(tmp_path):
    result = run("--all", "--ministry", "MOH", "-o", str(tmp_path))
    assert result.exit_code == 2 and result.output.count("\n") == 1


def test_the_workbook_docs_describe_every_column_and_cover_field():
    docs = (ROOT / "docs" / "workbook.md").read_text("utf-8")
    for column in schema.COLUMNS:
        assert f"| {column.group} | {column.header} | {question_text(column, PLAN)} |" in docs
        if column.choices and column.choices != "goals":
            assert ", ".join(PLAN.choices(column.choices)) in docs
    for field in schema.COVER_FIELDS:
        assert f"| {field.label} |" in docs


def test_an_unwritable_destination_is_one_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="cannot be written"):
        write_template(PLAN, blocker / "MOH.xlsx", "MOH", generated_on=DAY)
    assert blocker.read_text() == "not a folder"
