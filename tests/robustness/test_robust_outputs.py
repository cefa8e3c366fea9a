"""Issue 9: earlier outputs are skipped saying what they are, attribution cannot be hijacked
silently, and the limits hold for every format (builders in tests/robustness/robust_outputs.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from actionbook.check.batch import check_files
from actionbook.consolidation.merge import consolidate
from tests.robustness import robust_outputs as robust
from tests.robustness.robust_outputs import AS_OF, PLAN, Expect


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run(folder: Path):
    before = hashes(folder)
    c = consolidate(folder, PLAN, AS_OF, jobs=2)
    assert hashes(folder) == before, "an input file was modified"
    return c


def assert_accounted(c, expect: Expect) -> None:
    """Every file of `expect` has its status and reason, and the actions are exactly the
    used files' rows, each once."""
    rows = c.submissions.dropna(subset=["file"]).set_index("file")
    for status, files in (("skipped", expect.skipped), ("rejected", expect.rejected),
                          ("rejected", expect.held)):
        for file, reason in files.items():
            assert (rows.loc[file, "status"], True) == (status, reason in rows.loc[file, "note"]), \
                (file, rows.loc[file, "note"])
    for file, newer in expect.superseded.items():
        assert rows.loc[file, "status"] == "superseded"
        assert newer in rows.loc[file, "note"]
    assert c.actions.groupby("source_file").size().to_dict() == expect.used


@pytest.fixture(scope="module")
def outputs_folder(tmp_path_factory) -> tuple[Path, Expect]:
    folder = tmp_path_factory.mktemp("outputs")
    expect = (robust.make_old_consolidated(folder) + robust.make_consolidated(folder)
              + robust.make_feedback_copies(folder))
    return folder, expect


def test_earlier_outputs_are_skipped_and_the_good_rows_counted_exactly_once(outputs_folder):
    folder, expect = outputs_folder
    c = run(folder)
    assert_accounted(c, expect)
    assert "(unknown)" not in set(c.submissions["ministry"].dropna())
    assert c.submissions.set_index("file").loc["MOT-action-plan.xlsx", "status"] == "complete"


def test_a_skipped_output_is_a_finding_saying_what_it_is(outputs_folder):
    folder, _ = outputs_folder
    findings = run(folder).findings.set_index("file")
    assert findings.loc["MOH consolidated.xlsx", "code"] == "skipped-file"
    assert "consolidated workbook written by actionbook" in \
        findings.loc["MOH consolidated.xlsx", "message"]


def test_check_still_checks_a_feedback_copy(outputs_folder):
    folder, _ = outputs_folder
    [report] = check_files([folder / "feedback" / "MOT-action-plan-feedback.xlsx"], PLAN, AS_OF)
    assert report.status in ("complete", "incomplete") and report.actions == 4


def test_every_workbook_actionbook_writes_says_what_it_is(tmp_path):
    from actionbook.read import outputs
    from actionbook.read.xlsx_extras import custom_properties

    template = robust.submit(tmp_path, "MOH.xlsx", "MOH", dt.date(2027, 9, 1))
    assert custom_properties(template)[outputs.KIND] == "template"
    assert outputs.recognised(package_of(template)) is None  # a filled template is a submission


def package_of(path: Path):
    from actionbook.read.reader import refuse_unsafe

    return refuse_unsafe(path)


@pytest.fixture(scope="module")
def attribution_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("attribution")
    expect = (robust.make_hijack(folder) + robust.make_future_date(folder)
              + robust.make_impossible_date(folder) + robust.make_tie_v2_v10(folder))
    return folder, expect, run(folder)


def test_no_file_takes_another_ministrys_place_and_the_right_rows_count(attribution_folder):
    _, expect, c = attribution_folder
    assert_accounted(c, expect)


def test_a_workbook_made_for_one_ministry_whose_cover_names_another_is_held(attribution_folder):
    _, _, c = attribution_folder
    [held] = c.findings[c.findings["code"] == "ministry-mismatch"].to_dict("records")
    assert (held["file"], held["severity"]) == ("MOE-final.xlsx", "error")
    assert "MOH" in held["message"] and "MOE" in held["message"]
    assert "MOE-final.xlsx" not in set(c.actions["source_file"])


def test_a_submission_date_after_the_as_of_date_is_a_finding_and_decides_nothing(
        attribution_folder):
    _, _, c = attribution_folder
    doubtful = c.findings[c.findings["code"] == "doubtful-submission-date"]
    assert set(doubtful["file"]) == {"MOE-final.xlsx"}  # the superseded ones say so instead
    note = c.submissions.set_index("file").loc["MOI-update.xlsx", "note"]
    assert note == ("replaced by MOI-action-plan.xlsx (dated 2027-09-01, where this "
                    "file gives no date to trust)")


def test_same_day_ties_go_to_the_later_version_in_natural_order_and_say_why(attribution_folder):
    _, _, c = attribution_folder
    superseded = c.findings[c.findings["code"] == "superseded"].set_index("file")
    assert "its name comes later" in superseded.loc["MOJ plan v2.xlsx", "message"]
    assert "no date to trust" in superseded.loc["MOL-action-plan-2.xlsx", "message"]


@pytest.fixture(scope="module")
def limits_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("limits")
    expect = (robust.make_ods_bomb_rows(folder) + robust.make_ods_merge_span(folder)
              + robust.make_far_cell(folder))
    return folder, expect, run(folder)


def test_limits_hold_for_ods_and_for_the_used_area(limits_folder):
    _, expect, c = limits_folder
    assert_accounted(c, expect)
    codes = c.findings.set_index("file")["code"]
    assert {codes[file] for file in expect.rejected} == {"unsafe-file"}


@pytest.mark.parametrize("make", [robust.make_ods_bomb_rows, robust.make_ods_merge_span,
                                  robust.make_far_cell])
def test_check_refuses_what_consolidate_refuses_and_says_why(tmp_path, make):
    [(name, reason)] = make(tmp_path).rejected.items()
    [report] = check_files([tmp_path / name], PLAN, AS_OF)
    assert report.status == "rejected" and reason in report.findings[0].message


def test_a_plan_at_the_row_limit_is_read_whole_by_consolidate_and_check(tmp_path):
    # The limit the pre-flight check promises is one a worker holds under its memory ceiling
    # (docs/reading.md, Limits): the largest plan it accepts is read, not set aside.
    expect = robust.make_big_plan(tmp_path)
    assert_accounted(run(tmp_path), expect)
    [(name, count)] = expect.used.items()
    [report] = check_files([tmp_path / name], PLAN, AS_OF)
    assert report.status != "rejected" and report.actions == count


def test_a_table_past_a_sheets_rows_is_cut_in_the_workbook_saying_so_and_whole_in_the_exports(
        tmp_path, monkeypatch):
    import openpyxl

    from actionbook.consolidation import merge as consolidation
    from actionbook.consolidation.workbook import consolidate_folder

    # Excel's 1,048,576 rows, scaled down: 1,048,572 below the header become 5.
    monkeypatch.setattr(consolidation, "SHEET_ROWS", 5)
    expect = robust.make_tie_v2_v10(tmp_path / "in") + robust.make_hijack(tmp_path / "in")
    written = consolidate_folder(tmp_path / "in", tmp_path / "out.xlsx", PLAN, AS_OF, jobs=1,
                                 export_dir=tmp_path / "export")
    limits = written.consolidation.findings.query("code == 'sheet-row-limit'")["message"]
    assert "The Actions table has 7 rows, more than the 5" in limits.iloc[0]
    assert "The Findings table has" in limits.iloc[1]
    book = openpyxl.load_workbook(tmp_path / "out.xlsx", read_only=True)
    try:
        ids = [r[1] for r in book["Actions"].iter_rows(min_row=5, values_only=True) if r[1]]
    finally:
        book.close()
    assert len(ids) == 5
    exported = (tmp_path / "export" / "actions.csv").read_text("utf-8").splitlines()
    assert len(exported) - 1 == sum(expect.used.values()) == 7


def test_an_identical_copy_is_counted_once_and_said_to_be_one(tmp_path):
    original = robust.submit(tmp_path, "MOA-action-plan.xlsx", "MOA", dt.date(2027, 6, 1))
    copy = tmp_path / "copies" / "MOA plan (copy).xlsx"
    copy.parent.mkdir()
    copy.write_bytes(original.read_bytes())
    c = run(tmp_path)
    rows = c.submissions.set_index("file")
    [older] = [f for f in ("MOA-action-plan.xlsx", "copies/MOA plan (copy).xlsx")
               if rows.loc[f, "status"] == "superseded"]
    assert "identical copy" in rows.loc[older, "note"]
    assert len(c.actions) == 3


def test_check_and_read_refuse_a_consolidated_workbook_as_no_plan(tmp_path):
    """A consolidated workbook holds every ministry's steps under the seed's headers: read as
    a plan it would pass for one more submission. check lists it as no plan; read refuses it."""
    from click.testing import CliRunner

    from actionbook.cli import cli

    expect = robust.make_old_consolidated(tmp_path)
    [report] = [r for r in check_files([tmp_path], PLAN, AS_OF)
                if r.path.name == "MOH consolidated.xlsx"]
    assert report.status == "rejected" and report.completeness == 0
    assert "consolidated workbook written by actionbook" in report.findings[0].message
    result = CliRunner().invoke(cli, ["read", str(tmp_path / "MOH consolidated.xlsx")])
    assert result.exit_code == 2 and "consolidated workbook" in result.output
    assert expect.skipped
