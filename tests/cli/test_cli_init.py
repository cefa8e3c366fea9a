"""`actionbook init`: a commented plan.toml to edit, never written over by accident."""

from click.testing import CliRunner

from actionbook.cli import cli
from actionbook.plan import default_plan, default_plan_text, load_plan


def init(*args):
    return CliRunner().invoke(cli, ["init", *args])


def test_init_writes_the_commented_default_plan(tmp_path):
    result = init(str(tmp_path / "cycle"))
    target = tmp_path / "cycle" / "plan.toml"
    assert result.exit_code == 0, result.output
    assert target.read_text("utf-8") == default_plan_text()
    assert load_plan(target).ministries == default_plan().ministries
    assert str(target) in result.output and "actionbook template" in result.output


def test_the_written_plan_explains_itself_in_comments(tmp_path):
    init(str(tmp_path))
    comments = [line for line in (tmp_path / "plan.toml").read_text("utf-8").splitlines()
                if line.lstrip().startswith("#")]
    assert len(comments) >= 10
    assert any("YYYY-MM-DD" in line for line in comments)


def test_init_writes_here_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert init().exit_code == 0
    assert (tmp_path / "plan.toml").exists()


def test_init_refuses_to_overwrite_an_existing_plan(tmp_path):
    target = tmp_path / "plan.toml"
    target.write_text("# my edited plan\n", "utf-8")
    result = init(str(tmp_path))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "--force" in result.output
    assert "Traceback" not in result.output
    assert target.read_text("utf-8") == "# my edited plan\n"


def test_init_force_overwrites(tmp_path):
    (tmp_path / "plan.toml").write_text("# old\n", "utf-8")
    assert init(str(tmp_path), "--force").exit_code == 0
    assert (tmp_path / "plan.toml").read_text("utf-8") == default_plan_text()


def test_an_edited_roster_gives_one_workbook_per_ministry(tmp_path):
    init(str(tmp_path))
    config = tmp_path / "plan.toml"
    text = config.read_text("utf-8")
    start = text.index("[[ministries]]")
    end = text.index("# The goals")
    roster = '[[ministries]]\ncode = "HLTH"\nname = "Health"\n\n' \
             '[[ministries]]\ncode = "EDU"\nname = "Education"\n\n'
    config.write_text(text[:start] + roster + text[end:], "utf-8")
    result = CliRunner().invoke(cli, ["template", "-c", str(config), "--all",
                                      "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "EDU-action-plan.xlsx", "HLTH-action-plan.xlsx"]


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def test_init_under_a_path_that_is_a_file_is_one_line(tmp_path):
    (tmp_path / "notes").write_text("x", "utf-8")
    line = one_line_error(init(str(tmp_path / "notes" / "cycle")))
    assert "notes" in line


def test_init_where_plan_toml_is_a_folder_is_one_line(tmp_path):
    (tmp_path / "plan.toml").mkdir()
    line = one_line_error(init(str(tmp_path)))
    assert "plan.toml" in line and "folder" in line
    assert (tmp_path / "plan.toml").is_dir()


def test_init_in_a_folder_that_cannot_be_written_is_one_line(tmp_path):
    # /proc refuses new files even to root, where a chmod'ed folder would not.
    line = one_line_error(init("/proc/self"))
    assert "/proc/self" in line and "cannot be written" in line


def test_a_usage_error_is_one_line_naming_the_help(tmp_path):
    result = CliRunner().invoke(cli, ["consolidate", str(tmp_path / "nowhere")])
    line = one_line_error(result)
    assert "nowhere" in line and "--help" in line


def test_an_unknown_command_is_one_line():
    line = one_line_error(CliRunner().invoke(cli, ["consolidat"]))
    assert "consolidat" in line
