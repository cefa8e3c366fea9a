"""docs/findings.md, generated from the findings catalogue so the two never disagree.

    python -m actionbook.check.findings_doc            # rewrites docs/findings.md
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from actionbook.findings import Code

DOC_PATH = Path("docs") / "findings.md"

INTRO = """\
# Findings

Everything `actionbook check` (and `actionbook consolidate`) reports is a finding with a code
from this closed catalogue. Each finding names the file, the sheet, the cell (e.g. `G12`), the
row as the official sees it in Excel, the field (the schema key of the column), a message in
plain language and a hint on how to fix it.

Severities:

- **error**: a gap in the form (a required cell empty) or a value the plan refuses;
  `actionbook check` exits with status 1.
- **warning**: advice worth acting on (an overdue step, a recommended cell left empty); the
  workbook is complete with it.
- **info**: a note, e.g. how a value was read; nothing to fix.

A workbook's status is **rejected** when a finding marked *rejects the file* stops it from
being read as a plan, **incomplete** when a required cell is empty or a finding is an error,
and **complete** when every required cell is filled and no finding is an error: warnings and
notes are advice and never make a workbook incomplete. This is what the live counter on the
workbook's Cover sheet shows: "100%" with no problem there is **complete** here.

In messages, `{name}` stands for a detail of the finding: the column as the official sees it,
the value typed, the allowed values, a date.

This file is generated from `actionbook/findings.py`: run `python -m actionbook.check.findings_doc`
after changing the catalogue.

| code | severity | what it means |
| --- | --- | --- |
"""


def findings_markdown() -> str:
    """The catalogue as Markdown: a summary table, then each code's message and hint."""
    rows = "".join(summary_row(code) for code in Code)
    sections = "".join(section(code) for code in Code)
    return f"{INTRO}{rows}\n{sections}"


def summary_row(code: Code) -> str:
    return f"| [`{code.value}`](#{code.value}) | {code.severity.value} | {code.about} |\n"


def section(code: Code) -> str:
    rejects = "; rejects the file" if code.rejects else ""
    return (f"## {code.value}\n\n"
            f"*{code.severity.value}{rejects}.* {code.about}\n\n"
            f"- Message: {quoted(code.message)}\n"
            f"- Hint: {quoted(code.hint)}\n\n")


def quoted(template: str) -> str:
    # Details show as `{name}`; a hint that is only a detail says the reader words it.
    if template == "{fix}":
        return "what to do, worded for the problem found (e.g. save it again as .xlsx)."
    return re.sub(r"(\{\w+\})", r"`\1`", template)



def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else DOC_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(findings_markdown(), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
