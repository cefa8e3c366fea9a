"""Values as officials type them: each repair read to its canonical value and reported."""

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from actionbook import schema
from actionbook.findings import Severity
from actionbook.plan import default_plan
from actionbook.read.reader import read_workbook
from actionbook.schema import layout
from tests.support import fill

ROW = layout.FIRST_DATA_ROW


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    return fill.template(tmp_path_factory.mktemp("values"))


@pytest.fixture
def typed(blank, tmp_path):
    """typed(key, value, plan=None) -> (value read, its findings, raw text) of one cell."""
    def read(key, value, plan=None):
        row = fill.good_row(**{key: value})
        out = fill.fill(blank, tmp_path / "typed.xlsx", [row], raw=True)
        wb = read_workbook(out, plan)
        notes = [f for f in wb.findings if f.field == key and f.row == ROW]
        return wb.actions.at[0, key], notes, wb.raw.at[0, key]
    return read


def code_of(notes) -> str | None:
    assert len(notes) <= 1, notes
    return notes[0].code if notes else None


@pytest.mark.parametrize("text, expected", [
    ("31/03/2027", dt.date(2027, 3, 31)),
    ("03/04/2027", dt.date(2027, 4, 3)),  # the default plan reads day-first
    ("31 March 2027", dt.date(2027, 3, 31)),
    ("March 2027", dt.date(2027, 3, 31)),
    ("Q3 2027", dt.date(2027, 9, 30)),
])
def test_dates_typed_as_text_are_read_and_reported(typed, text, expected):
    value, notes, raw = typed("due_date", text)
    assert value == pd.Timestamp(expected)
    assert code_of(notes) == "value-repaired"
    assert notes[0].cell == f"{layout.template_column('due_date')}{ROW}"
    assert text in notes[0].message and expected.isoformat() in notes[0].message
    assert raw == text


def test_an_iso_date_typed_as_text_is_read_without_a_finding(typed):
    # Year first, there is nothing to guess: "'2027-03-31' was read as 2027-03-31" says nothing.
    value, notes, raw = typed("due_date", "2027-03-31")
    assert value == pd.Timestamp("2027-03-31") and code_of(notes) is None and raw == "2027-03-31"


def test_an_ambiguous_date_follows_the_plans_order(typed):
    month_first = dataclasses.replace(default_plan(), day_first=False)
    value, notes, _ = typed("due_date", "03/04/2027", month_first)
    assert value == pd.Timestamp("2027-03-04") and code_of(notes) == "value-repaired"


def test_an_impossible_date_for_the_plans_order_is_an_error(typed):
    month_first = dataclasses.replace(default_plan(), day_first=False)
    value, notes, raw = typed("due_date", "31/03/2027", month_first)
    assert pd.isna(value) and raw == "31/03/2027"
    assert code_of(notes) == "invalid-date" and notes[0].severity is Severity.ERROR


def test_words_in_a_date_column_are_an_error(typed):
    value, notes, raw = typed("start_date", "next spring")
    assert pd.isna(value) and raw == "next spring" and code_of(notes) == "invalid-date"


def test_a_serial_number_in_a_date_column_that_lost_its_format_is_a_date(blank, tmp_path):
    ref = fill.cell("due_date", ROW)

    def paste_plain_number(book):
        book[layout.ACTIONS_SHEET][ref].value = 46477
        book[layout.ACTIONS_SHEET][ref].number_format = "General"
    out = fill.fill(blank, tmp_path / "serial.xlsx", [fill.good_row()])
    wb = read_workbook(fill.change(out, out, paste_plain_number))
    assert wb.actions.at[0, "due_date"] == pd.Timestamp("2027-03-31")
    assert wb.raw.at[0, "due_date"] == "46477"
    [note] = [f for f in wb.findings if f.field == "due_date"]
    assert note.code == "value-repaired" and note.cell == ref


def test_a_date_with_a_time_of_day_loses_the_time(typed):
    value, notes, _ = typed("due_date", dt.datetime(2027, 3, 31, 14, 30))
    assert value == pd.Timestamp("2027-03-31") and code_of(notes) == "value-repaired"


def test_a_date_time_at_midnight_is_just_a_date(typed):
    value, notes, _ = typed("due_date", dt.datetime(2027, 3, 31))
    assert value == pd.Timestamp("2027-03-31") and code_of(notes) is None


@pytest.mark.parametrize("text, expected", [
    ("1,200,000", 1_200_000.0), ("1 200 000", 1_200_000.0), ("USD 5,000", 5000.0),
])
def test_numbers_typed_as_text_are_read_and_reported(typed, text, expected):
    value, notes, raw = typed("estimated_cost", text)
    assert value == expected and code_of(notes) == "value-repaired" and raw == text


def test_a_number_is_read_as_is(typed):
    value, notes, raw = typed("estimated_cost", 0)
    assert value == 0.0 and notes == [] and raw == "0"


def test_words_in_a_number_column_are_an_error(typed):
    value, notes, raw = typed("estimated_cost", "about a million")
    assert pd.isna(value) and raw == "about a million" and code_of(notes) == "invalid-number"


@pytest.mark.parametrize("key, text, expected", [
    ("status", "in progress ", "In progress"),
    ("comm_frequency", "MONTHLY", "Monthly"),
    ("resource_type", "human  resources", "Human Resources"),
])
def test_choices_in_other_case_or_spacing_are_canonical(typed, key, text, expected):
    value, notes, _ = typed(key, text)
    assert value == expected and code_of(notes) == "value-repaired"


def test_a_value_outside_the_list_is_kept_as_typed(typed):
    value, notes, _ = typed("status", "Sometimes")
    assert value == "Sometimes" and code_of(notes) == "invalid-choice"
    assert "Not started" in notes[0].hint


@pytest.mark.parametrize("text, repaired", [
    ("G2", False), ("G2: Connectivity and digital inclusion", False),
    ("Connectivity and digital inclusion", False), ("g2", True),
    ("connectivity and digital inclusion ", True),
])
def test_a_goal_is_read_from_its_id_label_or_title(typed, text, repaired):
    value, notes, _ = typed("goal", text)
    assert value == "G2"
    assert code_of(notes) == ("value-repaired" if repaired else None)


def test_a_goal_the_plan_lacks_is_kept_and_reported(typed):
    value, notes, _ = typed("goal", "G9: Space programme")
    assert value == "G9: Space programme" and code_of(notes) == "unknown-goal"


@pytest.mark.parametrize("text, expected", [
    ("\u00a0Head of IT\u00a0", "Head of IT"),
    ("  line one\nline two  ", "line one\nline two"),
    ("Dirección de Innovación", "Dirección de Innovación"),
    ("وزارة الصحة", "وزارة الصحة"),
    ("数字政府办公室", "数字政府办公室"),
])
def test_text_is_stripped_but_otherwise_as_typed(typed, text, expected):
    value, notes, _ = typed("responsible", text)
    assert value == expected and notes == []


@pytest.mark.parametrize("number, expected", [(25, "25"), (2.5, "2.5"), (0, "0")])
def test_a_number_in_a_text_column_is_its_text(typed, number, expected):
    value, notes, _ = typed("kpi_baseline", number)
    assert value == expected and notes == []


def test_a_formula_cell_gives_its_cached_value_and_is_reported(tmp_path):
    keys = ("action_step", "responsible", "due_date", "estimated_cost")
    path = fill.hand_made(tmp_path / "formula.xlsx", [fill.headers(*keys)],
                          [["Step", "Me", dt.date(2027, 3, 31),
                            fill.Formula("=1000*12", 12000)]])
    wb = read_workbook(path)
    assert wb.actions.at[0, "estimated_cost"] == 12000.0
    [note] = [f for f in wb.findings if f.code == "value-repaired"]
    assert note.cell == "D2" and "=1000*12" in note.message and "12000" in note.message


def test_merged_cells_in_the_table_are_reported(blank, tmp_path):
    rows = [fill.good_row(1), fill.good_row(2, responsible=None)]
    out = fill.fill(blank, tmp_path / "merged.xlsx", rows)
    ref = f"{fill.cell('responsible', ROW)}:{fill.cell('responsible', ROW + 1)}"
    fill.change(out, out, lambda book: book[layout.ACTIONS_SHEET].merge_cells(ref))
    wb = read_workbook(out)
    [merged] = [f for f in wb.findings if f.code == "merged-cells"]
    assert merged.cell == fill.cell("responsible", ROW) and ref in merged.message
    assert wb.actions["responsible"].tolist() == ["Head of e-Services", None]


def test_every_value_finding_names_the_column_as_the_official_sees_it(typed):
    _, notes, _ = typed("comm_frequency", "sometimes")
    assert notes[0].message.startswith(schema.column("comm_frequency").label)


@pytest.mark.parametrize("texts, plain", [
    (["Head of unit", "", "KPI 60%"], True), ([" Head of unit"], False), (["a\u00a0b"], False),
    (["x", 25.0], False), (["x\n"], False), ([], True)])
def test_plain_texts_are_ascii_without_spaces_at_the_ends_and_all_text(texts, plain):
    from actionbook.read.cells import plain_texts

    assert plain_texts(texts) is plain


def test_one_unclean_cell_in_the_table_is_repaired_in_its_own_column_only(blank, tmp_path):
    row = fill.good_row(responsible=" Head of e-Services ", kpi="Share online\u00a0")
    wb = read_workbook(fill.fill(blank, tmp_path / "unclean.xlsx", [row], raw=True))
    assert wb.actions.at[0, "responsible"] == "Head of e-Services"
    assert wb.actions.at[0, "kpi"] == "Share online"
    assert wb.actions.at[0, "action_step"] == row["action_step"]


def test_date_and_number_texts_made_when_first_read_are_the_cells_as_typed():
    import pickle

    from actionbook.read.cells import CellTexts, date_texts, number_texts
    from actionbook.schema.table import Kind

    dates = [dt.date(2027, 3, 31), "", "Q3 2027", dt.date(2027, 3, 31)]
    texts = CellTexts(dates, Kind.DATE)
    assert list(texts) == date_texts(dates) == ["2027-03-31", "", "Q3 2027", "2027-03-31"]
    texts[2] = "2027-09-30"
    assert list(pickle.loads(pickle.dumps(texts))) == ["2027-03-31", "", "2027-09-30",
                                                       "2027-03-31"]
    numbers = CellTexts([1200000.0, 2.5, "", "USD 5,000"], Kind.NUMBER)
    assert len(numbers) == 4 and numbers[0] == "1200000"
    assert list(numbers) == number_texts(numbers.raws) == ["1200000", "2.5", "", "USD 5,000"]
