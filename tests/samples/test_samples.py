"""The committed samples: fresh (regenerated they are the same), and their consolidation counted.

When a test here fails after a change to the template, the reader or the checks, regenerate:

    python samples/generate.py
"""

import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from actionbook.cli import cli
from actionbook.consolidation.merge import consolidate
from actionbook.samples.content import AS_OF
from actionbook.samples.files import write_samples
from tests.support.libreoffice import convert

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SHA256 = re.compile(r"\b[0-9a-f]{64}\b")
STALE = "the committed samples are stale: run python samples/generate.py"

# What consolidating the samples must give, sheet by sheet.
TABLE_ROWS = {
    "Submissions": [16], "Actions": [73], "Findings": [101], "By Ministry": [12],
    "By Goal": [6, 7], "Timeline": [12], "Resources": [6, 12], "Barriers": [65],
    "Communication": [63], "KPIs": [73], "Dependencies": [70],
}
STATUSES = {"complete": 6, "incomplete": 5, "rejected": 1, "superseded": 1, "skipped": 2,
            "missing": 1}
ACTIONS = {"MDG": 13, "MOH": 8, "MOE": 8, "MOF": 8, "MOI": 5, "MOJ": 6, "MOA": 5, "MOL": 5,
           "MOT": 5, "MEN": 4, "MTI": 6}
FINDINGS = {
    "end-before-start": 4, "example-row-left": 1, "goal-without-actions": 36,
    "kpi-not-measurable": 4, "ministry-from-file-name": 1, "missing-column": 5,
    "missing-cover-field": 2, "missing-owner": 2, "missing-recommended": 8,
    "missing-required": 12,
    "missing-submission": 1, "moved-column": 1, "no-action-table": 1, "other-currency": 1,
    "overdue": 3,
    "sheet-renamed": 1, "skipped-file": 2, "superseded": 1,
    "unexplained-delay": 1, "unknown-column": 1, "unknown-layout": 1, "value-repaired": 12,
}
HEADLINE = {"Ministries expected (roster)": 12, "Ministries that submitted": 11,
            "Ministries missing": 1, "Missing": "MLG Ministry of Local Government",
            "Files complete": 6, "Files incomplete": 5, "Files rejected": 1,
            "Files superseded by a newer one": 1, "Files skipped": 2, "Steps in the plan": 73,
            "Overdue": 3, "Due in the next 90 days": 17, "Total estimated cost": 52_180_000,
            "Funding gap (cost not secured)": 22_100_000,
            "Not in the totals": "1 cost left out: 1 in EUR"}


def content(path: Path):
    """What a file says, independent of library versions: cell values for workbooks (the
    SHA-256 of a submission masked, since it is of bytes), text for CSV, else bytes."""
    if path.suffix == ".xlsx" and not path.name.startswith("~$"):
        book = CalamineWorkbook.from_path(path)
        return {name: mask(book.get_sheet_by_name(name).to_python())
                for name in book.sheet_names}
    if path.suffix == ".csv":
        return SHA256.sub("<sha256>", path.read_text("utf-8"))
    return path.read_bytes()


def mask(rows: list[list]) -> list[list]:
    return [[SHA256.sub("<sha256>", v) if isinstance(v, str) else v for v in row]
            for row in rows]


def files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and p.name != "generate.py")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("samples")
    write_samples(root)
    return root


def test_the_committed_samples_are_what_the_generator_writes(fresh):
    assert files(fresh) == files(SAMPLES), STALE
    for name in files(fresh):
        assert content(fresh / name) == content(SAMPLES / name), f"{name}: {STALE}"


@pytest.fixture(scope="module")
def consolidation():
    return consolidate(SAMPLES / "submissions", None, AS_OF)


def test_consolidating_the_samples_accounts_for_every_file(consolidation):
    assert consolidation.submissions["status"].value_counts().to_dict() == STATUSES
    assert consolidation.missing == ["MLG"]
    superseded = consolidation.submissions.set_index("status").loc["superseded", "file"]
    assert superseded == "MOH-action-plan.xlsx"


def test_consolidating_the_samples_gives_the_counted_actions_and_findings(consolidation):
    assert consolidation.actions.groupby("ministry", sort=False).size().to_dict() == ACTIONS
    assert consolidation.findings["code"].value_counts().to_dict() == FINDINGS
    assert {name: len(t) for name, t in consolidation.tables().items()} == {
        "actions": 73, "submissions": 16, "findings": 101, "by_ministry": 12, "by_goal": 6,
        "by_sdg": 7, "timeline": 12, "resources": 6, "funding": 12, "barriers": 65,
        "communication": 63, "kpis": 73, "dependencies": 70}


def test_every_sheet_of_the_committed_workbook_has_the_counted_rows():
    book = openpyxl.load_workbook(SAMPLES / "consolidated.xlsx")
    for sheet, rows in TABLE_ROWS.items():
        refs = [table.ref for table in book[sheet].tables.values()]
        assert [table_rows(ref) for ref in refs] == rows, sheet
    summary = {row[0].value: row[1].value for row in book["Summary"].iter_rows(min_row=4)
               if row[0].value}
    assert {key: summary[key] for key in HEADLINE} == HEADLINE
    assert len(book["Summary"]._charts) == 4


def table_rows(ref: str) -> int:
    first, last = (int(re.sub(r"\D", "", cell)) for cell in ref.split(":"))
    return last - first


def test_the_readme_first_command_consolidates_the_samples(tmp_path):
    result = CliRunner().invoke(cli, ["consolidate", str(SAMPLES / "submissions"), "-o",
                                      str(tmp_path / "consolidated.xlsx")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Received 11 of 12 ministries")
    assert (tmp_path / "consolidated.xlsx").exists()


@pytest.mark.libreoffice
def test_libreoffice_opens_the_consolidated_workbook_with_every_value(tmp_path):
    """Every sheet, the rendered per-step rows among them, as LibreOffice reads and saves it
    (it keeps 15 significant digits of a float: the shares agree to that)."""
    saved = convert(SAMPLES / "consolidated.xlsx", "ods", tmp_path)
    ours, theirs = (CalamineWorkbook.from_path(path) for path in (SAMPLES / "consolidated.xlsx",
                                                                   saved))
    assert theirs.sheet_names == ours.sheet_names
    for name in ours.sheet_names:
        expected = ours.get_sheet_by_name(name).to_python()
        got = theirs.get_sheet_by_name(name).to_python()
        assert [[pytest.approx(v, rel=1e-14) if isinstance(v, float) else v for v in row]
                for row in expected] == got, name
