"""The column tables of README.md, docs/workbook.md and docs/reading.md, generated from the
schema, so that adding a column is a change to the schema (and the samples) alone.

    python -m actionbook.template.columns_doc     # rewrites the tables between the markers

Each table stands between a START and an END marker line; the text around it is written by
hand. tests/template/test_columns_doc.py fails when a table is not what this module writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from actionbook import schema
from actionbook.findings import Severity
from actionbook.plan import Plan, default_plan
from actionbook.schema import Kind
from actionbook.schema.wording import help_text, question_text
from actionbook.template.instructions import allowed_values

START = "<!-- {name}: generated from the schema by python -m actionbook.template.columns_doc -->"
END = "<!-- end of {name} -->"
# "\u2013", an en dash: how the tables write "not required"
REQUIRED = {Severity.ERROR: "error", Severity.WARNING: "warning", None: "\u2013"}
NEEDED = {Severity.ERROR: "required", Severity.WARNING: "recommended", None: "optional"}


def kind_words(column: schema.Column) -> str:
    if column.choices:
        return f"choice ({column.choices})"
    return column.kind.value


def readme_columns(plan: Plan) -> list[str]:
    rows = [f"| `{c.key}` | {c.header} ({c.group}) | {question_text(c, plan)} | {kind_words(c)} | "
            f"{REQUIRED[c.required]} |" for c in schema.COLUMNS]
    return ["| key | column (group) | the question it asks | kind | required |",
            "| --- | --- | --- | --- | --- |", *rows]


def readme_cover() -> list[str]:
    rows = [f"| `{f.key}` | {f.label} | {REQUIRED[f.required]} |" for f in schema.COVER_FIELDS]
    return ["| key | cover field | required |", "| --- | --- | --- |", *rows]


def workbook_columns(plan: Plan) -> list[str]:
    def needed(column: schema.Column) -> str:
        return "filled in" if column.kind is Kind.ID or column.locked else NEEDED[column.required]
    rows = [f"| {c.group} | {c.header} | {question_text(c, plan)} | {needed(c)} | "
            f"{allowed_values(c, plan)} |" for c in schema.COLUMNS]
    return ["| Group | Column | The question it answers | Needed | Allowed values (default plan) |",
            "|---|---|---|---|---|", *rows]


def workbook_cover(plan: Plan) -> list[str]:
    rows = [f"| {f.label} | {NEEDED[f.required]} | {help_text(f, plan)} |"
            for f in schema.COVER_FIELDS]
    return ["| Field | Needed | What to write |", "|---|---|---|", *rows]


def reading_types() -> list[str]:
    """The dtypes a read Workbook's actions carry, by kind."""
    dates = [c.key for c in schema.COLUMNS if c.kind is Kind.DATE]
    dates += [f.key for f in schema.COVER_FIELDS if f.kind is Kind.DATE]
    numbers = [c.key for c in schema.COLUMNS if c.kind is Kind.NUMBER]
    listed = ", ".join
    return ["| columns | dtype | blank |", "| --- | --- | --- |",
            f"| {listed(f'`{k}`' for k in dates)} | `datetime64[us]` (microseconds: Excel's "
            "whole range, to 9999-12-31, fits) | `NaT` |",
            f"| {listed(f'`{k}`' for k in numbers)} | `float64` | `NaN` |",
            "| `excel_row` | `int64` | — |",
            "| every other column, and all of `raw` | `object` (Python `str`) | `None` (`\"\"` "
            "in `raw`) |"]


def tables(plan: Plan) -> dict[str, dict[str, list[str]]]:
    """file (from the repository's root) -> table name -> its lines."""
    return {"README.md": {"columns": readme_columns(plan), "cover fields": readme_cover()},
            "docs/workbook.md": {"columns": workbook_columns(plan), "cover fields":
                                 workbook_cover(plan)},
            "docs/reading.md": {"dtypes": reading_types()}}


def with_tables(text: str, generated: dict[str, list[str]]) -> str:
    """`text` with each named table between its markers replaced by the generated one."""
    lines = text.splitlines()
    for name, table in generated.items():
        start, end = lines.index(START.format(name=name)), lines.index(END.format(name=name))
        lines[start + 1:end] = table
    return "\n".join(lines) + "\n"


def write(root: Path) -> list[Path]:
    written = []
    for name, generated in tables(default_plan()).items():
        path = root / name
        text = path.read_text("utf-8")
        new = with_tables(text, generated)
        if new != text:
            path.write_text(new, "utf-8")
            written.append(path)
    return written


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2]
    for path in write(root):
        print(f"rewrote {path}")
