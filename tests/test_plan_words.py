"""What a coordinator reads when the plan or a command is wrong: their own words, not Python's."""

import datetime as dt

import pytest
from click.testing import CliRunner

from actionbook.cli import cli
from actionbook.errors import OutputError, PlanError
from actionbook.plan import default_plan, default_plan_text, load_plan, parse_plan
from actionbook.read.dates import parse_date
from actionbook.template.files import template_targets
from tests.support.plan_note import without_plan_note


def plan_with(old: str, new: str) -> str:
    text = default_plan_text()
    assert old in text
    return text.replace(old, new, 1)


def failure(text: str) -> str:
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "plan.toml")
    return str(caught.value)


def test_a_date_and_time_is_shown_as_typed_not_as_python_prints_it():
    start = default_plan().start.isoformat()
    message = failure(plan_with(f'start = {start}', f"start = {start}T10:00:00"))
    assert f"{start}T10:00:00 is not a date" in message
    assert "datetime" not in message


def test_a_boolean_is_shown_as_toml_writes_it():
    message = failure(plan_with("rows = 150", "rows = true"))
    assert "true is not a whole number" in message and "True" not in message


def test_a_text_value_is_quoted_as_in_toml():
    message = failure(plan_with('date_order = "day-first"', 'date_order = "year-first"'))
    assert '"year-first" is not' in message and "'year-first'" not in message


def test_a_plan_saved_with_a_bom_is_read(tmp_path):
    config = tmp_path / "plan.toml"
    config.write_bytes(b"\xef\xbb\xbf" + default_plan_text().encode("utf-8"))
    assert load_plan(config).ministries == default_plan().ministries


def test_a_latin1_plan_says_save_it_as_utf8_and_where(tmp_path):
    config = tmp_path / "plan.toml"
    text = plan_with('title = "', 'title = "Planification strat\u00e9gique ')
    config.write_bytes(text.encode("latin-1"))
    with pytest.raises(PlanError) as caught:
        load_plan(config)
    message = str(caught.value)
    line = text[: text.index("\u00e9")].count("\n") + 1
    assert f"line {line} is not UTF-8" in message and "save the file as UTF-8" in message
    assert "0xE9" in message


def test_a_folder_named_plan_toml_is_one_line(tmp_path):
    (tmp_path / "plan.toml").mkdir()
    with pytest.raises(PlanError, match="is a folder"):
        load_plan(tmp_path / "plan.toml")


def test_a_ministry_code_is_taken_in_any_case(tmp_path):
    [(code, path)] = template_targets(default_plan(), ["moh"], output=tmp_path)
    assert code == "MOH" and path.name == "MOH-action-plan.xlsx"


def test_the_cli_takes_a_lower_case_ministry(tmp_path):
    result = CliRunner().invoke(cli, ["template", "--ministry", "moh", "-o", str(tmp_path),
                                      "--date", "2027-01-04"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "MOH-action-plan.xlsx").is_file()


def test_all_to_one_file_name_is_refused_and_makes_no_folder(tmp_path):
    target = tmp_path / "one.xlsx"
    with pytest.raises(OutputError, match="give a folder"):
        template_targets(default_plan(), every=True, output=target)
    result = CliRunner().invoke(cli, ["template", "--all", "-o", str(target)])
    assert result.exit_code == 2 and not target.exists()
    assert without_plan_note(result.output).count("\n") == 1


@pytest.mark.parametrize("text, first, last", [
    ("Q3 2026", dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
    ("H2 2026", dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
    ("March 2027", dt.date(2027, 3, 1), dt.date(2027, 3, 31)),
    ("2027-02", dt.date(2027, 2, 1), dt.date(2027, 2, 28)),
])
def test_a_period_typed_alone_starts_on_its_first_day_and_ends_on_its_last(text, first, last):
    start = parse_date(text, day_first=True, starts=True)
    due = parse_date(text, day_first=True)
    assert (start.value, due.value) == (first, last)
    assert "first day" in start.repair and "last day" in due.repair


def test_a_quarter_typed_in_the_workbook_starts_on_its_first_day(tmp_path):
    from actionbook.read.reader import read_workbook
    from tests.support.checks_support import GOOD_ROW, filled_workbook

    row = dict(GOOD_ROW, start_date="Q3 2027", due_date="Q4 2027")
    wb = read_workbook(filled_workbook(tmp_path / "MOH.xlsx", [row]))
    [step] = wb.actions.to_dict("records")
    assert step["start_date"].date() == dt.date(2027, 7, 1)
    assert step["due_date"].date() == dt.date(2027, 12, 31)


def test_a_plan_path_that_is_a_pipe_or_a_device_is_refused_without_waiting(tmp_path):
    import os

    os.mkfifo(tmp_path / "plan.toml")
    with pytest.raises(PlanError, match="is not a file"):
        load_plan(tmp_path / "plan.toml")
    os.symlink("/dev/zero", tmp_path / "zero.toml")
    with pytest.raises(PlanError, match="is not a file"):
        load_plan(tmp_path / "zero.toml")


# Every kind of value TOML has, as the coordinator types it, and a key of each shape of plan.toml.
TOML_VALUES = {
    "text": '"x y"', "whole number": "42", "decimal": "1.5", "boolean": "true",
    "infinity": "-inf", "not a number": "nan", "date": "2026-07-01", "time": "10:00:00",
    "date and time": "2026-07-01T10:00:00", "date, time and offset": "2026-07-01T10:00:00+02:00",
    "list": '[1, "a", 2026-07-01T10:00:00]', "empty list": "[]",
    "inline table": '{ a = 1, b = "c" }',
}
TOML_KEYS = {  # what the key holds in the default plan -> a line of the key to replace
    "plan.title": 'title = "National', "plan.start": "start = 2027", "plan.end": "end = 2029",
    "plan.date_order": "date_order = ", "plan.rows": "rows = ",
    "ministries[1].code": 'code = "MDG"', "goals[1].sdgs": "sdgs = [10, 16]",
    "goals[1].pillar": 'pillar = "Services"', "lists.statuses": "statuses = [",
}
PYTHON_WORDS = ("datetime", "True", "False", "None", "'", "tzinfo", "{'", "['")


def with_value(key_line: str, value: str) -> str:
    text = default_plan_text()
    start = text.index(key_line)
    end = text.index("\n", start)
    return text[:start] + f"{key_line.split(' = ')[0]} = {value}" + text[end:]


@pytest.mark.parametrize("key", TOML_KEYS)
@pytest.mark.parametrize("kind", TOML_VALUES)
def test_no_python_repr_in_a_config_error_whatever_the_value(key, kind):
    text = with_value(TOML_KEYS[key], TOML_VALUES[kind])
    try:
        parse_plan(text, "plan.toml")
    except PlanError as caught:
        message = str(caught)
        assert message.startswith(f"plan.toml: {key}"), message
        assert not [word for word in PYTHON_WORDS if word in message], message
    else:
        assert (key, kind) in {("goals[1].sdgs", "empty list"), ("goals[1].pillar", "text"),
                               ("plan.title", "text"), ("plan.rows", "whole number"),
                               ("plan.start", "date")}  # values that are right there


@pytest.mark.parametrize("kind", TOML_VALUES)
def test_no_python_repr_inside_a_list_either(kind):
    text = with_value("statuses = [", f'[{TOML_VALUES[kind]}, "Done"]')
    if kind == "text":
        return  # a text value is a status like any other
    message = failure(text)
    assert message.startswith("plan.toml: lists.statuses: ")
    assert not [word for word in PYTHON_WORDS if word in message], message


def test_a_ministry_that_is_not_a_table_is_shown_as_typed():
    import re

    text = re.sub(r"\[\[ministries\]\]\ncode = .*\nname = .*\n", "", default_plan_text())
    message = failure("ministries = [1, true]\n" + text)
    assert message == "plan.toml: ministries[1]: 1 is not a [[ministries]] table"


@pytest.mark.parametrize("kind", TOML_VALUES)
def test_no_python_repr_in_a_status_meaning_whatever_the_value(kind):
    value = TOML_VALUES[kind]
    for line in (f"status_meanings = {value}", f'status_meanings = {{ "In progress" = {value} }}'):
        text = default_plan_text().replace("\n[lists]\n", f"\n[lists]\n{line}\n", 1)
        message = failure(text)
        assert message.startswith("plan.toml: lists.status_meanings"), message
        assert not [word for word in PYTHON_WORDS if word in message], message
