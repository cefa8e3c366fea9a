"""actionbook consolidate: the summary on stdout, JSON, exports, exit status."""

import io
import json
import sys

import pytest
from click.testing import CliRunner

from actionbook.cli import Progress, cli
from tests.consolidation.test_consolidate import AS_OF, submit


def run(*args):
    return CliRunner().invoke(cli, ["consolidate", *map(str, args)])


def test_consolidate_writes_the_workbook_and_says_what_it_found(tmp_path):
    submit(tmp_path / "in", "MOH", AS_OF)
    (tmp_path / "in" / "notes.txt").write_text("hello")
    output = tmp_path / "out.xlsx"
    result = run(tmp_path / "in", "-o", output, "--as-of", "2027-09-30", "-j", "1")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == ("Received 1 of 12 ministries: 1 complete, 0 incomplete "
                        "(0 file(s) rejected, 0 superseded, 1 skipped)")
    assert lines[1].startswith("Missing: MDG (Ministry of Digital Government), MOE")
    assert lines[2].startswith("3 actions:")
    assert lines[-1] == f"Wrote {output}"
    assert output.exists()


def test_json_gives_the_same_summary_as_data(tmp_path):
    submit(tmp_path / "in", "MOH", AS_OF)
    result = run(tmp_path / "in", "-o", tmp_path / "out.xlsx", "--as-of", "2027-09-30",
                 "--json", "--export", tmp_path / "tables")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert (figures["received"], figures["expected"], figures["actions"]) == (1, 12, 3)
    assert figures["missing"][0] == {"ministry": "MDG", "name": "Ministry of Digital Government"}
    assert figures["workbook"] == str(tmp_path / "out.xlsx")
    assert str(tmp_path / "tables" / "actions.csv") in figures["exports"]
    assert (tmp_path / "tables" / "findings.csv").exists()


def test_nothing_to_consolidate_is_exit_2_and_no_workbook(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "broken.xlsx").write_bytes(b"not a workbook")
    result = run(tmp_path / "in", "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 2
    assert "nothing to consolidate" in result.output
    assert not (tmp_path / "out.xlsx").exists()


def test_a_missing_folder_is_a_usage_error(tmp_path):
    result = run(tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "does not exist" in result.output


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("quiet, files, shown", [(False, 20, True), (False, 5, False),
                                                 (True, 20, False)])
def test_a_progress_bar_only_for_long_runs_at_a_terminal(monkeypatch, quiet, files, shown):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with Progress(quiet) as progress:
        for done in range(1, files + 1):
            progress(done, files)
        written = terminal.getvalue()
    assert ("Reading submissions" in written) is shown
    assert ("Writing the consolidated workbook" in written) is shown  # said before writing


def test_no_progress_bar_when_stderr_is_not_a_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with Progress(False) as progress:
        progress(1, 100)
    assert progress.bar is None


def test_submissions_of_no_roster_ministry_is_exit_2_and_the_old_workbook_kept(tmp_path):
    from tests.cli.test_plan_found import OWN_PLAN

    submit(tmp_path / "in", "MOH", AS_OF)
    submit(tmp_path / "in", "MOE", AS_OF)
    (tmp_path / "plan.toml").write_text(OWN_PLAN, "utf-8")
    output = tmp_path / "out.xlsx"
    output.write_bytes(b"last week's workbook")
    result = run(tmp_path / "in", "-c", tmp_path / "plan.toml", "-o", output, "-j", "1")
    assert result.exit_code == 2
    assert result.stdout.startswith("Received 0 of 2 ministries: ")
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: nothing to consolidate: none of the 2 submission(s) read in ")
    assert "'Ruritania Public Health Plan 2026-2028' (they name MOE, MOH)" in line
    assert "-c plan.toml" in line
    assert output.read_bytes() == b"last week's workbook"


def hand_made(folder):
    from actionbook import schema
    from tests.support import fill

    keys = schema.action_keys()[1:]
    return fill.hand_made(folder / "own-table.xlsx", [fill.headers(*keys)],
                          [[fill.good_row()[key] for key in keys]])


def test_a_folder_of_tables_naming_no_ministry_says_so(tmp_path):
    (tmp_path / "in").mkdir()
    hand_made(tmp_path / "in")
    result = run(tmp_path / "in", "-o", tmp_path / "out.xlsx", "-j", "1")
    assert result.exit_code == 2 and not (tmp_path / "out.xlsx").exists()
    assert "none of the 1 submission(s) read" in result.stderr
    assert "(they name no ministry)" in result.stderr


def test_one_roster_ministry_among_tables_naming_none_is_consolidated(tmp_path):
    submit(tmp_path / "in", "MOH", AS_OF)
    hand_made(tmp_path / "in")
    result = run(tmp_path / "in", "-o", tmp_path / "out.xlsx", "-j", "1")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.xlsx").exists()
