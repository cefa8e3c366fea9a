"""The command line: a thin translator over the library, and the only module that prints.

Each command loads what it needs, calls one library function, and turns an ActionbookError
into a one-line message and an exit status. Heavy modules are imported inside the commands.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from actionbook import __version__
from actionbook.errors import ActionbookError
from actionbook.safety.discovery import plain, shown

if TYPE_CHECKING:  # click names the type of its progress bar only in a private module
    from click._termui_impl import ProgressBar

PLAN_OPTION = click.option(
    "-c", "--config", "config", type=click.Path(dir_okay=False, path_type=Path),
    help="The plan config. Without it: ./plan.toml when there is one, else the built-in "
         "example plan (stderr says which).")
HERE_PLAN = Path("plan.toml")  # the plan a command finds in the folder it runs in


class Group(click.Group):
    """Turns every ActionbookError, a usage error, and any file-system error a command did
    not foresee, into one line on stderr and exit status 2: a coordinator never sees a
    traceback or click's three-line usage block."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            status = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "actionbook"
            fail(f"{exc.format_message()} (see '{command} --help')")
        except click.ClickException as exc:
            fail(exc.format_message())
        except click.Abort:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        if not standalone_mode:
            return status
        sys.exit(status if isinstance(status, int) else 0)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ActionbookError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(os_error_line(exc))


def fail(message: str) -> NoReturn:
    click.echo(for_terminal(f"Error: {plain(message)}"), err=True)  # one line, no surrogate
    sys.exit(2)


def os_error_line(exc: OSError) -> str:
    """'PATH: reason' from an OSError, the path shown as the user typed it."""
    where = exc.filename if exc.filename is not None else ""
    reason = exc.strerror or str(exc)
    return f"{os.fsdecode(where)}: {reason}" if where else reason


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="actionbook")
def cli():
    """Run an action-planning cycle through Excel workbooks.

    \b
      actionbook init                      write a plan.toml to edit
      actionbook template --all -o out/    one workbook per ministry
      actionbook check submissions/        what is missing, cell by cell
      actionbook consolidate submissions/  one workbook for the whole plan
    """


def load(config: Path | None):
    """The plan of `-c`, else ./plan.toml, else the built-in example plan. Without -c the
    plan is found, not assumed: one line on stderr says which plan it is, so a coordinator
    who forgot -c sees it before reading a report about the wrong ministries."""
    from actionbook.plan import load_plan

    if config is not None:
        return load_plan(config)
    if os.path.lexists(HERE_PLAN):  # a folder or a broken link named so fails, saying why
        plan = load_plan(HERE_PLAN)
        say(f"Using the plan in ./{HERE_PLAN}: '{plan.title}'")
        return plan
    plan = load_plan(None)
    say(f"No {HERE_PLAN} here and no -c: using the built-in example plan '{plan.title}'")
    return plan


def say(message: str) -> None:
    """One line for the user on stderr, apart from the data on stdout."""
    click.echo(for_terminal(message), err=True)


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing plan.toml.")
def init(directory: Path, force: bool):
    """Write a commented plan.toml to edit: period, ministries, goals, lists.

        actionbook init my-plan/
    """
    from actionbook.plan import write_default_plan

    target = write_default_plan(directory, force)
    click.echo(f"Wrote {target}. Edit it, then run: actionbook template -c {target} --all")


@cli.command()
@PLAN_OPTION
@click.option("--ministry", "ministries", multiple=True, metavar="CODE",
              help="A ministry code from the plan roster; repeat for several.")
@click.option("--all", "every", is_flag=True, help="One workbook for every ministry.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Folder for the workbooks (default: here), or a .xlsx file for one.")
@click.option("--date", "generated_on", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="The generated-on date recorded in the workbook (default: today).")
@click.option("--password", help="Protect sheets and structure with this password "
              "(default: protected without one).")
@click.option("--from", "previous", type=click.Path(exists=True, path_type=Path),
              metavar="PREVIOUS", help="Start the next review from the last one: a "
              "consolidated workbook, a folder of submissions or one filled workbook.")
def template(config, ministries, every, output, generated_on, password, previous):
    """Write the workbook officials fill in: one per ministry, or one generic.

    \b
      actionbook template --all -o out/        MOH-action-plan.xlsx, MOE-...
      actionbook template --ministry MOH       ./MOH-action-plan.xlsx
      actionbook template                      ./action-plan.xlsx, ministry picked on the cover
      actionbook template --from last/consolidated.xlsx --all -o next/

    With --from, each ministry gets back every step it last submitted (same IDs, values as
    read, "Originally due" filled in) and its cover but the period and submission date; new
    steps get IDs never used before. Without --all or --ministry: the ministries PREVIOUS
    holds. A roster ministry PREVIOUS has nothing of gets a blank workbook, said on stderr.
    """
    from actionbook.template.workbook import template_targets, write_template

    if every and ministries:
        raise ActionbookError("use --all or --ministry, not both")
    plan = load(config)
    day = generated_on.date() if generated_on else None
    if previous is not None:
        return next_review(previous, plan, ministries, every, output, day, password)
    for code, path in template_targets(plan, ministries, every, output):
        write_template(plan, path, code, generated_on=day, password=password)
        click.echo(f"Wrote {path}")


def next_review(previous, plan, ministries, every, output, day, password) -> None:
    """template --from: each ministry's workbook prefilled from PREVIOUS."""
    from actionbook.cycle.prefill import prefill

    made = prefill(previous, plan, ministries, every, output, day, password)
    for path in made.paths:
        click.echo(f"Wrote {path}")
    for code in made.blank:
        click.echo(f"{code}: nothing of theirs in {made.source}; wrote a blank workbook",
                   err=True)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@PLAN_OPTION
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the table here instead of CSV to stdout: .csv, .json, .xlsx or "
                   ".parquet, by extension.")
def read(file, config, output):
    """Read one filled workbook into a table: one row per action step.

    \b
      actionbook read MOH-action-plan.xlsx                 CSV to stdout
      actionbook read MOH-action-plan.xlsx -o moh.parquet  for pandas, BI tools, databases

    What reading repaired or could not read goes to stderr, one line per finding.
    """
    from actionbook.export import check_target, to_csv_text, write_frame
    from actionbook.read.reader import read_isolated

    if output is not None:
        check_target(output)
        refuse_onto_input(output, file)
    wb = read_isolated(file, load(config))
    for finding in wb.findings:
        click.echo(for_terminal(finding_line(finding)), err=True)
    if output is None:
        click.echo(data_out(to_csv_text(wb.actions)), nl=False, color=True)
    else:
        write_frame(wb.actions, output)
        click.echo(for_terminal(f"Wrote {len(wb.actions)} actions to {shown(output)}"), err=True)


def refuse_onto_input(output: Path, source: Path) -> None:
    """OutputError when `output` is the file being read (by its path, or by a link to it)."""
    from actionbook.errors import OutputError
    from actionbook.safety.discovery import identity

    same = identity(output) is not None and identity(output) == identity(source)
    if same or Path(os.path.abspath(output)) == Path(os.path.abspath(source)):
        raise OutputError(f"{shown(output)}: is the workbook being read; choose another "
                          "output file")


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...",
                type=click.Path(exists=True, path_type=Path))
@PLAN_OPTION
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Judge overdue steps on this date (default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text",
              show_default=True, help="json follows docs/check-json.md; csv has one row per "
              "finding.")
@click.option("--annotate", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Write <name>-feedback.xlsx for each workbook into DIR (<name>-ods-"
                   "feedback.xlsx for an .ods): the official's values, each problem cell "
                   "coloured and commented. Officials fix the file they sent, not the copy.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Files read in parallel (default: the number of cores).")
def check(paths, config, as_of, fmt, annotate, jobs):
    """Check filled workbooks, cell by cell: what is missing or wrong, and how to fix it.

    \b
      actionbook check MOH-action-plan.xlsx
      actionbook check submissions/ --format json
      actionbook check submissions/ --annotate feedback/

    PATH is a workbook or a folder (searched for .xlsx, .xlsm and .ods). Exit status: 0 when
    no file has an error, 1 when one has, 2 when nothing could be read.
    """
    import datetime as dt

    from actionbook.check.batch import check_paths
    from actionbook.check.render import render
    from actionbook.check.verdict import exit_status

    plan = load(config)
    day = as_of.date() if as_of else dt.date.today()
    reports = check_paths(paths, plan, day, jobs)
    if not reports:
        raise ActionbookError(f"no workbook (.xlsx, .xlsm, .ods) in {', '.join(map(str, paths))}")
    click.echo(data_out(render(reports, day, fmt, plan.currency)), nl=False, color=True)
    if annotate:
        write_feedback(reports, plan, annotate)
    sys.exit(exit_status(reports))


@cli.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@PLAN_OPTION
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("consolidated.xlsx"), show_default=True,
              help="The consolidated workbook to write.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Judge overdue and due-soon steps on this date (default: today).")
@click.option("--export", "export_dir", type=click.Path(file_okay=False, path_type=Path),
              metavar="DIR", help="Also write every table to DIR as CSV (and Parquet when "
              "pyarrow is installed), with the schema keys as column names.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Files read in parallel (default: the number of cores).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--previous", type=click.Path(exists=True, path_type=Path), metavar="OLD",
              help="The last review (its consolidated workbook, a folder or one workbook): "
              "adds a Changes sheet and what moved since then to the Summary.")
def consolidate(folder, config, output, as_of, export_dir, jobs, quiet, as_json, previous):
    """Merge a folder of submissions into one workbook for the whole plan.

    \b
      actionbook consolidate submissions/
      actionbook consolidate submissions/ -o plan-2027.xlsx --export tables/
      actionbook consolidate submissions/ --previous last/consolidated.xlsx
    FOLDER is searched recursively for .xlsx, .xlsm and .ods; each file is read in isolation,
    the newest submission of each ministry wins, and ministries that sent nothing are listed.
    Exit status: 0 when the workbook was written, 2 when nothing could be consolidated
    (nothing could be read, or nothing read is from a ministry of the plan's roster).
    """
    import json

    from actionbook.consolidation.workbook import consolidate_folder, summary, summary_lines

    plan = load(config)
    day = as_of.date() if as_of else None
    review = None
    with Progress(quiet) as progress:
        if previous is None:
            written = consolidate_folder(folder, output, plan, day, jobs=jobs,
                                         export_dir=export_dir, progress=progress)
        else:
            from actionbook.cycle.review import consolidate_since, summary_line

            written, review = consolidate_since(folder, output, previous, plan, day, jobs=jobs,
                                                export_dir=export_dir, progress=progress)
    figures, lines = summary(written), []
    if review is not None and review.figures is not None:
        figures["since_last_review"] = review.figures.to_dict()
        lines = [summary_line(review)]
    text = json.dumps(figures, indent=2) if as_json else \
        "\n".join([*summary_lines(figures), *lines])
    click.echo(for_terminal(text))
    if written.workbook is None:
        raise ActionbookError(nothing_consolidated(folder, figures, plan.title))


def nothing_consolidated(folder: Path, figures: dict, title: str) -> str:
    """Why no workbook was written: nothing could be read, or nothing read is the roster's."""
    read = figures["files"]["complete"] + figures["files"]["incomplete"]
    if not read:
        return f"nothing to consolidate: no submission in {folder} could be read (see the " \
               "list above)"
    from actionbook.consolidation.attribution import UNKNOWN

    codes = [str(code) for code in figures["outside_roster"] if code != UNKNOWN]
    named = ", ".join(codes) or "no ministry"
    return (f"nothing to consolidate: none of the {read} submission(s) read in {folder} is "
            f"from a ministry of the plan '{title}' (they name {named}); were they made from "
            "another plan? Give it with -c plan.toml")


@cli.command()
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@PLAN_OPTION
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="The date a folder or a workbook stands on (default: a workbook's "
              "submission date, else today); a consolidated workbook says its own.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text",
              show_default=True, help="json follows docs/diff.schema.json; csv has one row "
              "per change.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE.xlsx", help="Also write the changes as a workbook: one row per "
              "change, before and after side by side, and the count per ministry.")
def diff(old, new, config, as_of, fmt, output):
    """See what moved between two reviews: steps added, removed, completed, slipped.

    \b
      actionbook diff last/consolidated.xlsx submissions/
      actionbook diff last/consolidated.xlsx this/consolidated.xlsx --format json
      actionbook diff old/MOH-action-plan.xlsx MOH-action-plan.xlsx
      actionbook diff last/consolidated.xlsx submissions/ -o changes.xlsx

    OLD and NEW are each a consolidated workbook written by actionbook consolidate, a folder
    of submissions, or one filled workbook (then only its ministry is compared). Steps are
    matched by ministry and ID; case, spacing and a date typed another way are no change.
    The codes: docs/changes.md. Exit status: 0 when nothing changed, 1 when something did,
    2 when OLD or NEW could not be used.
    """
    from actionbook.cycle.diff import diff as compare
    from actionbook.cycle.render import render

    if output is not None:
        refuse_changes_target(output, old, new)
    plan = load(config)
    changes = compare(old, new, plan, as_of.date() if as_of else None)
    click.echo(data_out(render(changes, plan, fmt)), nl=False, color=True)
    if output is not None:
        from actionbook.cycle.workbook import write_changes

        write_changes(changes, plan, output)
        click.echo(for_terminal(f"Wrote {shown(output)}"), err=True)
    sys.exit(1 if changes.changes else 0)


def refuse_changes_target(output: Path, *sources: Path) -> None:
    """OutputError before any reading when diff's workbook would not be one, or would
    replace OLD or NEW, or a file in a folder given as one that is not an earlier list of
    changes."""
    from actionbook.cycle.workbook import is_changes
    from actionbook.errors import OutputError

    if output.suffix.lower() != ".xlsx":
        raise OutputError(f"{shown(output)}: the changes are written as a workbook; name it "
                          "with .xlsx")
    for source in sources:
        inside = source.is_dir() and Path(os.path.realpath(output)).is_relative_to(
            os.path.realpath(source))
        if inside and os.path.lexists(output) and not is_changes(output):
            raise OutputError(f"{shown(output)}: is in {shown(source)}, which is being "
                              "compared; choose another output file")
        refuse_onto_input(output, source)


class Progress:
    """A progress bar on stderr while files are read, for long runs at a terminal only."""

    MIN_FILES = 20  # shorter runs finish before a bar is worth drawing

    def __init__(self, quiet: bool):
        self.enabled = not quiet and sys.stderr.isatty()
        self.bar: ProgressBar[int] | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None and self.enabled and total >= self.MIN_FILES:
            self.bar = click.progressbar(length=total, label="Reading submissions",
                                         file=sys.stderr).__enter__()
        if self.bar is not None:
            self.bar.update(done - self.bar.pos)
            if done == total:  # the rest of the workbook is written after the last file
                self.close()
                click.echo("Writing the consolidated workbook...", err=True)

    def close(self, *exc_info) -> None:
        if self.bar is not None:
            self.bar.__exit__(*(exc_info or (None, None, None)))
            self.bar, self.enabled = None, False

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close(*exc_info)


def write_feedback(reports, plan, directory: Path) -> None:
    from actionbook.check.feedback import next_step, write_feedback_copies

    copies = write_feedback_copies(reports, plan, directory)
    for report in reports:
        written = copies.get(report.path)
        if isinstance(written, Path):
            click.echo(for_terminal(f"Wrote {shown(written)}. {next_step(report)}"),
                       err=True)
        elif written is not None:  # why this copy could not be written
            click.echo(for_terminal(f"No feedback copy of {shown(report.path)}: {written}"),
                       err=True)
        else:
            click.echo(for_terminal(f"No feedback copy of {shown(report.path)}: it could not "
                                    "be read"),
                       err=True)


def finding_line(finding) -> str:
    """file:sheet!cell: severity code: message"""
    where = plain(finding.file)
    if finding.sheet:
        where += f":{finding.sheet}" + (f"!{finding.cell}" if finding.cell else "")
    return f"{where}: {finding.severity.value} {finding.code}: {finding.message}"


def main():
    from actionbook.termination import exit_on_terminate

    with exit_on_terminate():  # SIGTERM cleans up (workers, temporary files) as Ctrl-C does
        cli(prog_name="actionbook")


def for_terminal(text: str) -> str:
    """Messages are for a terminal: no control character of a value or a name reaches it."""
    from actionbook.check.render import terminal_safe

    return terminal_safe(text)


def data_out(text: str) -> str:
    """Data (CSV, JSON) on stdout stays as read when piped or redirected (echoed with
    color=True: click would strip what looks like a colour code, losing data); at a
    terminal its control characters are shown as escapes, like every message."""
    return for_terminal(text) if sys.stdout.isatty() else text
