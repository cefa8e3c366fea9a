"""The command line as a whole: every command documented, help fast and import-light."""

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from actionbook.cli import cli

README = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
COMMANDS = sorted(cli.commands)


def test_the_journey_has_its_commands():
    assert {"init", "template", "read", "check", "consolidate"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert cli.commands[name].help and len(cli.commands[name].help.strip()) > 20


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_appears_in_the_readme(name):
    assert f"actionbook {name}" in README


def test_readme_opens_with_the_main_job_and_the_tests():
    first_commands = [line for line in README.splitlines() if line.startswith("pip install")]
    assert "actionbook consolidate samples/" in first_commands[0]
    assert "pytest" in first_commands[1]


def test_help_does_not_import_pandas():
    # `actionbook --help` must answer at once: pandas is imported only by the commands that
    # need it.
    code = ("import sys; from click.testing import CliRunner; from actionbook.cli import cli; "
            "CliRunner().invoke(cli, ['--help']); print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_an_actionbook_error_is_one_line_and_exit_2(tmp_path):
    result = CliRunner().invoke(cli, ["template", "-c", str(tmp_path / "none.toml")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.output.count("\n") == 1 and "none.toml" in result.output


def test_the_public_api_resolves():
    import actionbook

    for name in actionbook.__all__:
        assert getattr(actionbook, name) is not None
