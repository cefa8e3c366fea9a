"""Which template workbooks to write, under which names, and the committed templates/.

    templates_for(plan, ["MOH", "MOE"], "out/")   # out/MOH-action-plan.xlsx, ...
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from actionbook.errors import ActionbookError, OutputError
from actionbook.read.xlsx_extras import custom_properties

EXAMPLE_MINISTRY = "MOH"  # the ministry of the example workbook in templates/
GENERATED_ON = "generated_on"  # the metadata key of the date a workbook was made


def check_ministry(plan, ministry: str | None) -> str | None:
    """The roster's code for `ministry`, typed in any case (moh is MOH: plan codes are
    capitals); an error naming the valid codes otherwise."""
    if ministry is None:
        return None
    code = ministry.strip().upper()
    if plan.ministry(code):
        return code
    codes = ", ".join(m.code for m in plan.ministries)
    raise ActionbookError(f"unknown ministry code {ministry!r} (the plan's codes are: {codes})")


def template_filename(ministry: str | None) -> str:
    return f"{ministry}-action-plan.xlsx" if ministry else "action-plan.xlsx"


def template_targets(plan, ministries=(), every: bool = False,
                     output: str | Path | None = None) -> list[tuple[str | None, Path]]:
    """(ministry, path) of each workbook to write: every ministry, the given ones, or the
    generic workbook. `output` is a folder, or a .xlsx file name when there is one workbook."""
    codes = [m.code for m in plan.ministries] if every else list(dict.fromkeys(ministries))
    codes = [check_ministry(plan, code) for code in codes] or [None]
    output = Path(output) if output is not None else Path(".")
    if output.suffix.lower() in (".xlsx", ".xlsm", ".ods"):
        if len(codes) == 1 and not every:
            return [(codes[0], output)]
        raise OutputError(f"{output}: {len(codes)} workbooks (one per ministry) cannot share "
                          "one file name; give a folder, e.g. -o workbooks/")
    if output.is_file():
        raise OutputError(f"{output}: is a file; give a folder for the workbooks")
    return [(code, output / template_filename(code)) for code in codes]


def templates_for(plan, ministries, outdir, generated_on: dt.date | None = None, *,
                  password: str | None = None) -> list[Path]:
    """One workbook per ministry code in `outdir` (the generic one when there is none)."""
    from actionbook.template.workbook import write_template

    targets = template_targets(plan, ministries, output=Path(outdir))
    return [write_template(plan, path, code, generated_on=generated_on, password=password)
            for code, path in targets]


def regenerate_templates(directory, generated_on: dt.date | None = None) -> list[Path]:
    """templates/: the default plan.toml, the generic workbook and one ministry's example."""
    from actionbook.plan import default_plan, default_plan_text

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "plan.toml"
    config.write_text(default_plan_text(), "utf-8")
    return [config] + templates_for(default_plan(), [None, EXAMPLE_MINISTRY], directory,
                                    generated_on)


def committed_date(directory) -> dt.date:
    """The generated-on date of the generic workbook in `directory` (templates/)."""
    return dt.date.fromisoformat(custom_properties(Path(directory) / template_filename(None))
                                 [GENERATED_ON])
