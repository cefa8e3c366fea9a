"""Template workbooks by the folder: one per ministry, and the committed templates/.

    templates_for(plan, ["MOH", "MOE"], "out/")   # out/MOH-action-plan.xlsx, ...
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from actionbook.plan import default_plan, default_plan_text
from actionbook.read.xlsx_extras import custom_properties
from actionbook.schema import layout
from actionbook.template.files import template_filename, template_targets
from actionbook.template.workbook import write_template

EXAMPLE_MINISTRY = "MOH"  # the ministry of the example workbook in templates/


def templates_for(plan, ministries, outdir, generated_on: dt.date | None = None, *,
                  password: str | None = None) -> list[Path]:
    """One workbook per ministry code in `outdir` (the generic one when there is none)."""
    targets = template_targets(plan, ministries, output=Path(outdir))
    return [write_template(plan, path, code, generated_on=generated_on, password=password)
            for code, path in targets]


def regenerate_templates(directory, generated_on: dt.date | None = None) -> list[Path]:
    """templates/: the default plan.toml, the generic workbook and one ministry's example."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "plan.toml"
    config.write_text(default_plan_text(), "utf-8")
    return [config, *templates_for(default_plan(), [None, EXAMPLE_MINISTRY], directory,
                                   generated_on)]


def committed_date(directory) -> dt.date:
    """The generated-on date of the generic workbook in `directory` (templates/)."""
    return dt.date.fromisoformat(custom_properties(Path(directory) / template_filename(None))
                                 [layout.GENERATED_ON])
