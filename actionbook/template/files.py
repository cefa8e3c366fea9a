"""Which template workbooks to write, and under which names.

    template_targets(plan, ["MOH", "MOE"], output="out/")   # (MOH, out/MOH-action-plan.xlsx), ...
"""

from __future__ import annotations

from pathlib import Path

from actionbook.errors import ActionbookError, OutputError


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
