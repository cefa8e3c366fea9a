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
