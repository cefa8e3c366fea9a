"""Changes as text, JSON or CSV: pure functions returning strings; the CLI prints them.

The JSON shape is a documented contract (docs/changes.md, docs/diff.schema.json).
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from itertools import groupby

from actionbook.check.render import C1_CONTROL, inert, plural, terminal_safe
from actionbook.cycle.changes import FIELDS, WARNING, Change, Changes, Side
from actionbook.plan import Plan

FORMATS = ("text", "json", "csv")
WIDTH = 100
ID_WIDTH = 12
CODE_WIDTH = len("removed (warning)") + 1
INDENT = " " * (2 + ID_WIDTH + CODE_WIDTH)


def render(changes: Changes, plan: Plan, fmt: str) -> str:
    return {"text": as_text, "json": as_json, "csv": as_csv}[fmt](changes, plan)


def as_json(changes: Changes, plan: Plan | None = None) -> str:
    text = json.dumps(changes.to_dict(), indent=2, ensure_ascii=False) + "\n"
    # json escapes the C0 controls but not DEL and the C1 ones (see check/render.py).
    return C1_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def as_csv(changes: Changes, plan: Plan | None = None) -> str:
    """One row per change, the keys of the JSON as columns."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for change in changes.changes:
        data = change.to_dict()
        writer.writerow(inert([data[name] for name in FIELDS]))
    return out.getvalue()


def as_text(changes: Changes, plan: Plan) -> str:
    """A summary line, then each ministry's changes under its code and name."""
    blocks = [summary_line(changes)]
    for ministry, group in groupby(changes.changes, key=lambda c: c.ministry):
        blocks.append(ministry_block(ministry, list(group), plan))
    return terminal_safe("\n\n".join(blocks) + "\n")


def summary_line(changes: Changes) -> str:
    span = f"from {side(changes.old)} to {side(changes.new)}"
    if not changes.changes:
        return f"No change {span}."
    counts = ", ".join(f"{count} {code}" for code, count in changes.summary.items() if count)
    warned = f"; {plural(changes.warnings, 'warning')}" if changes.warnings else ""
    return f"{plural(len(changes), 'change')} {span}: {counts}{warned}."


def side(stand: Side) -> str:
    return f"{stand.source} (as of {stand.as_of.isoformat()})" if stand.as_of else stand.source


def ministry_block(ministry: str | None, changes: list[Change], plan: Plan) -> str:
    known = plan.ministry(ministry)
    lines = [f"{ministry}  {known.name}" if known else ministry or "(no ministry named)"]
    for change in changes:
        lines += change_lines(change)
    return "\n".join(lines)


def change_lines(change: Change) -> list[str]:
    code = f"{change.code}" + (" (warning)" if change.severity == WARNING else "")
    head = f"  {change.action_id or '-':<{ID_WIDTH - 1}} {code:<{CODE_WIDTH}}"
    return textwrap.wrap(change.message, WIDTH, initial_indent=head.ljust(len(INDENT)),
                         subsequent_indent=INDENT, break_on_hyphens=False) or [head]
