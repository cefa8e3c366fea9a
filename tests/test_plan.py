"""The plan config: the default loads, and every wrong config fails in one line naming its key."""

import datetime as dt

import pytest
from click.testing import CliRunner

from actionbook.cli import cli
from actionbook.errors import PlanError
from actionbook.plan import default_plan, default_plan_text, load_plan, parse_plan
from actionbook.schema.table import DEFAULT_CLOSED_STATUSES, DEFAULT_LISTS

DEFAULT = default_plan_text()

# (case, edit of the default plan.toml, the key the message must name, a word it must say)
BAD_CONFIGS = [
    ("unknown key", lambda t: t.replace("[plan]\n", "[plan]\ncolour = \"blue\"\n"),
     "plan.colour", "unknown key"),
    ("unknown section", lambda t: t + "\n[extras]\nx = 1\n", "extras", "unknown key"),
    ("unknown ministry key", lambda t: t.replace('code = "MOH"', 'code = "MOH"\nhead = "X"'),
     "ministries[2].head", "unknown key"),
    ("bad date", lambda t: t.replace("start = 2027-01-01", 'start = "2027-13-01"'),
     "plan.start", "not a date"),
    ("end before start", lambda t: t.replace("end = 2029-12-31", "end = 2026-12-31"),
     "plan.end", "not after"),
    ("duplicate ministry code", lambda t: t.replace('code = "MOE"', 'code = "MOH"'),
     "ministries[3].code", "duplicate"),
    ("goal citing SDG 18", lambda t: t.replace("sdgs = [10, 16]", "sdgs = [10, 18]"),
     "goals[1].sdgs", "18"),
    ("empty list", lambda t: t.replace('priorities = ["High", "Medium", "Low"]', "priorities = []"),
     "lists.priorities", "non-empty"),
    ("closed status not a status", lambda t: t.replace(
        'closed_statuses = ["Completed", "Cancelled"]', 'closed_statuses = ["Done"]'),
     "lists.closed_statuses", "Done"),
    ("TOML syntax error", lambda t: t.replace('title = "National', 'title = National'),
     "not valid TOML", "line"),
]


@pytest.mark.parametrize("edit,key,word", [c[1:] for c in BAD_CONFIGS],
                         ids=[c[0] for c in BAD_CONFIGS])
def test_a_wrong_config_names_its_file_and_key(tmp_path, edit, key, word):
    path = tmp_path / "plan.toml"
    path.write_text(edit(DEFAULT), "utf-8")
    with pytest.raises(PlanError) as error:
        load_plan(path)
    message = str(error.value)
    assert message.startswith(f"{path}: ") and key in message and word in message
    assert "\n" not in message


@pytest.mark.parametrize("edit,key,word", [c[1:] for c in BAD_CONFIGS],
                         ids=[c[0] for c in BAD_CONFIGS])
def test_a_wrong_config_is_one_line_and_exit_2_on_the_command_line(tmp_path, edit, key, word):
    path = tmp_path / "plan.toml"
    path.write_text(edit(DEFAULT), "utf-8")
    result = CliRunner().invoke(cli, ["template", "-c", str(path), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and key in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == [path]  # nothing written


def test_a_missing_config_says_how_to_make_one(tmp_path):
    with pytest.raises(PlanError, match="actionbook init"):
        load_plan(tmp_path / "none.toml")


def test_the_default_plan_loads_with_its_roster_goals_and_lists():
    plan = default_plan()
    assert (plan.start, plan.end) == (dt.date(2027, 1, 1), dt.date(2029, 12, 31))
    assert plan.day_first and plan.rows >= 100
    assert len(plan.ministries) >= 10 and plan.ministry("MOH").name == "Ministry of Health"
    assert plan.goals[0].label == f"{plan.goals[0].id}: {plan.goals[0].title}"
    assert plan.lists == DEFAULT_LISTS and plan.closed_statuses == DEFAULT_CLOSED_STATUSES


def test_loading_no_path_is_the_built_in_default_plan():
    assert load_plan(None) == default_plan()


def test_deleted_lists_fall_back_to_the_defaults():
    text = DEFAULT.replace('priorities = ["High", "Medium", "Low"]\n', "")
    assert parse_plan(text, "test").lists["priorities"] == DEFAULT_LISTS["priorities"]


def test_an_edited_roster_gives_the_workbooks_their_codes():
    text = DEFAULT.replace('code = "MOH"', 'code = "HEALTH"')
    plan = parse_plan(text, "test")
    assert plan.ministry("HEALTH").name == "Ministry of Health"
    assert plan.action_id("HEALTH", 7) == "HEALTH-007"


def test_month_first_plans_read_dates_month_first():
    text = DEFAULT.replace('date_order = "day-first"', 'date_order = "month-first"')
    assert not parse_plan(text, "test").day_first
