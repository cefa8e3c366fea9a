"""Without -c a command finds its plan, and says which on stderr: ./plan.toml, else the built-in
example plan. With -c it says nothing more."""

import pytest
from click.testing import CliRunner

from actionbook.cli import cli
from actionbook.plan import default_plan
from tests.support.plan_note import is_plan_note

OWN_PLAN = """
[plan]
title = "Ruritania Public Health Plan 2026-2028"
cycle = "First review"
start = 2026-07-01
end = 2028-06-30

[[ministries]]
code = "RHA"
name = "Ruritania Health Agency"

[[ministries]]
code = "RWS"
name = "Ruritania Water Service"

[[goals]]
id = "R1"
title = "Clean water in every village"
"""
BUILT_IN = "No plan.toml here and no -c: using the built-in example plan"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def notes(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if is_plan_note(line)]


def test_a_plan_toml_here_is_used_and_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.toml").write_text(OWN_PLAN, "utf-8")
    result = run("template", "--all", "-o", "out", "--date", "2026-07-01")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "RHA-action-plan.xlsx", "RWS-action-plan.xlsx"]
    assert result.stderr.splitlines()[0] == (
        "Using the plan in ./plan.toml: 'Ruritania Public Health Plan 2026-2028'")
    assert len(notes(result)) == 1


def test_an_empty_folder_says_the_built_in_plan_is_used(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("template", "--ministry", "MOH", "--date", "2027-01-04")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [f"{BUILT_IN} '{default_plan().title}'"]
    assert (tmp_path / "MOH-action-plan.xlsx").is_file()


def test_with_c_nothing_is_said_about_the_plan(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "other.toml").write_text(OWN_PLAN, "utf-8")
    (tmp_path / "plan.toml").write_text("not toml at all [", "utf-8")  # never read: -c wins
    result = run("template", "-c", "other.toml", "--ministry", "RHA", "--date", "2026-07-01")
    assert result.exit_code == 0, result.output
    assert result.stderr == "" and result.stdout == "Wrote RHA-action-plan.xlsx\n"


def test_a_wrong_plan_toml_here_is_one_line_naming_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.toml").write_text(OWN_PLAN.replace("2028-06-30", "2025-01-01"), "utf-8")
    result = run("template", "--all")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "plan.toml: plan.end" in result.stderr
    assert not list(tmp_path.glob("*.xlsx"))


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    from actionbook.template.workbook import write_template

    folder = tmp_path_factory.mktemp("in")
    return write_template(default_plan(), folder / "MOH-action-plan.xlsx", "MOH")


def command_lines(workbook) -> dict[str, list[str]]:
    """One invocation of every command that takes a plan, on inputs it can use."""
    return {
        "template": ["template", "--ministry", "MOH", "-o", str(workbook.parent / "t.xlsx")],
        "read": ["read", str(workbook)],
        "check": ["check", str(workbook), "-j", "1"],
        "consolidate": ["consolidate", str(workbook.parent), "-q", "-j", "1",
                        "-o", str(workbook.parent.parent / "c.xlsx")],
        "diff": ["diff", str(workbook), str(workbook)],
    }


def test_every_command_that_takes_a_plan_says_which(workbook, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lines = command_lines(workbook)
    taking_a_plan = {name for name, command in cli.commands.items()
                     if any(p.name == "config" for p in command.params)}
    assert set(lines) == taking_a_plan, "a new command takes -c: add it to command_lines"
    for name, args in lines.items():
        result = run(*args)
        assert result.exit_code in (0, 1), (name, result.output)
        assert notes(result) == [f"{BUILT_IN} '{default_plan().title}'"], name
        assert not is_plan_note(result.stdout), name
