"""The command line: a thin translator over the library, and the only module that prints.

Each command loads what it needs, calls one library function, and turns an ActionbookError
into a one-line message and an exit status. Heavy modules are imported inside the commands.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from actionbook import __version__
from actionbook.errors import ActionbookError

PLAN_OPTION = click.option(
    "-c", "--config", "config", type=click.Path(dir_okay=False, path_type=Path),
    help="The plan config (plan.toml). Without it, the built-in default plan is used.")


class Group(click.Group):
    """Turns every ActionbookError into one line on stderr and exit status 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ActionbookError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)


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
    from actionbook.plan import load_plan

    return load_plan(config)


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing plan.toml.")
def init(directory: Path, force: bool):
    """Write a commented plan.toml to edit: period, ministries, goals, lists.

        actionbook init my-plan/
    """
    from actionbook.plan import default_plan_text

    target = directory / "plan.toml"
    if target.exists() and not force:
        raise ActionbookError(f"{target} already exists (use --force to overwrite it)")
    directory.mkdir(parents=True, exist_ok=True)
    target.write_text(default_plan_text(), "utf-8")
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
def template(config, ministries, every, output, generated_on, password):
    """Write the workbook officials fill in: one per ministry, or one generic.

    \b
      actionbook template --all -o out/        MOH-action-plan.xlsx, MOE-...
      actionbook template --ministry MOH       ./MOH-action-plan.xlsx
      actionbook template                      ./action-plan.xlsx, ministry picked on the cover
    """
    from actionbook.template import template_targets, write_template

    if every and ministries:
        raise ActionbookError("use --all or --ministry, not both")
    plan = load(config)
    day = generated_on.date() if generated_on else None
    for code, path in template_targets(plan, ministries, every, output):
        write_template(plan, path, code, generated_on=day, password=password)
        click.echo(f"Wrote {path}")


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
    from actionbook.export import to_csv_text, write_frame
    from actionbook.reader import read_workbook

    wb = read_workbook(file, load(config))
    for finding in wb.findings:
        click.echo(finding_line(finding), err=True)
    if output is None:
        click.echo(to_csv_text(wb.actions), nl=False)
    else:
        write_frame(wb.actions, output)
        click.echo(f"Wrote {len(wb.actions)} actions to {output}", err=True)


def finding_line(finding) -> str:
    """file:sheet!cell: severity code: message"""
    where = finding.file
    if finding.sheet:
        where += f":{finding.sheet}" + (f"!{finding.cell}" if finding.cell else "")
    return f"{where}: {finding.severity.value} {finding.code}: {finding.message}"


def main():
    cli(prog_name="actionbook")
