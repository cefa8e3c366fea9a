"""Consolidating a folder: every file accounted for, newest submission wins, inputs untouched."""

import dataclasses
import datetime as dt
import hashlib
import os
import pickle
import random
from pathlib import Path

import pandas as pd
import pytest

from actionbook.consolidation import intake
from actionbook.consolidation.attribution import UNKNOWN
from actionbook.consolidation.merge import consolidate
from actionbook.consolidation.submission import crashed
from actionbook.errors import ActionbookError
from actionbook.plan import default_plan
from actionbook.safety.isolation import IsolatedFailure
from actionbook.samples import content as samples
from actionbook.template.workbook import write_template
from tests.support import hostile

PLAN = default_plan()
AS_OF = dt.date(2027, 9, 30)


def rows(code: str, count: int) -> list[dict]:
    ministry = samples.ministry_plan(code) if code != "MOL" else samples.ministry_plan("MOL")
    return samples.ministry_actions(ministry, random.Random(code), PLAN)[:count]


def submit(folder: Path, code: str, day: dt.date, count: int = 3, name: str | None = None,
           **cover) -> Path:
    path = folder / (name or f"{code}-action-plan.xlsx")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_template(PLAN, path, code, generated_on=dt.date(2027, 1, 4), actions=rows(code, count),
                   cover={"plan_owner": "A. Owner", "owner_contact": "a@b.example",
                          "submitted_on": day, **cover})
    return path


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Two ministries, one of them twice, a corrupt file, a lock file, a note, odd files."""
    folder = tmp_path_factory.mktemp("submissions")
    submit(folder, "MOH", dt.date(2027, 8, 1), count=2, name="MOH-draft.xlsx")
    submit(folder, "MOH", dt.date(2027, 9, 1), count=4, name="late/MOH-final.xlsx")
    submit(folder, "MOE", dt.date(2027, 9, 2), count=3)
    hostile.truncated(submit(folder, "MOE", dt.date(2027, 9, 2)), "MOF-action-plan.xlsx")
    (folder / "MOE-action-plan.xlsx").replace(folder / "MOE-action-plan.xlsx")
    (folder / "~$MOE-action-plan.xlsx").write_bytes(b"\x05owner".ljust(165, b"\x00"))
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not really")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / "old").mkdir()
    hostile.legacy_xls(folder / "old", "MOJ-plan.xls")
    hostile.far_cell_xlsx(folder, "MOT-hostile.xlsx")
    return folder


@pytest.fixture(scope="module")
def consolidation(folder):
    before = hashes(folder)
    result = consolidate(folder, PLAN, AS_OF, jobs=2)
    assert hashes(folder) == before, "an input file was modified"
    return result


def statuses(c) -> dict[str, str]:
    files = c.submissions.dropna(subset=["file"])
    return dict(zip(files["file"], files["status"]))


def test_every_file_found_is_accounted_for_with_its_status(consolidation):
    assert statuses(consolidation) == {
        "late/MOH-final.xlsx": "complete",
        "MOH-draft.xlsx": "superseded",
        "MOE-action-plan.xlsx": "complete",
        "MOF-action-plan.xlsx": "rejected",
        "MOT-hostile.xlsx": "rejected",
        "notes.docx": "skipped",
        "old/MOJ-plan.xls": "skipped",
        "~$MOE-action-plan.xlsx": "skipped",
    }


def test_hidden_files_are_ignored_without_a_row(consolidation):
    assert ".DS_Store" not in set(consolidation.submissions["file"].dropna())


def test_roster_ministries_with_no_file_are_missing_and_rejected_files_count_as_received(
        consolidation):
    # MOF and MOT sent files that could not be read: they are chased as rejected, not missing.
    expected = [m.code for m in PLAN.ministries if m.code not in ("MOH", "MOE", "MOF", "MOT")]
    assert consolidation.missing == expected
    codes = consolidation.findings.loc[consolidation.findings["code"] == "missing-submission",
                                       "ministry"]
    assert codes.tolist() == expected


def test_the_newest_submission_wins_and_only_its_actions_are_kept(consolidation):
    actions = consolidation.actions
    assert actions.groupby("ministry").size().to_dict() == {"MOE": 3, "MOH": 4}
    assert set(actions["source_file"]) == {"late/MOH-final.xlsx", "MOE-action-plan.xlsx"}
    superseded = consolidation.findings[consolidation.findings["code"] == "superseded"]
    assert superseded["file"].tolist() == ["MOH-draft.xlsx"]
    assert "late/MOH-final.xlsx" in superseded["message"].iloc[0]
    note = consolidation.submissions.set_index("file").loc["MOH-draft.xlsx", "note"]
    assert note == "replaced by late/MOH-final.xlsx (dated 2027-09-01, after 2027-08-01)"


def test_a_superseded_file_keeps_its_counts_but_not_its_findings(consolidation):
    row = consolidation.submissions.set_index("file").loc["MOH-draft.xlsx"]
    assert row["actions"] == 2
    findings = consolidation.findings[consolidation.findings["file"] == "MOH-draft.xlsx"]
    assert findings["code"].tolist() == ["superseded"]


def test_rejected_and_skipped_files_have_their_reason_as_a_finding(consolidation):
    findings = consolidation.findings.set_index("file")
    assert findings.loc["MOF-action-plan.xlsx", "code"] == "unreadable-file"
    assert findings.loc["MOT-hostile.xlsx", "code"] == "unsafe-file"
    assert findings.loc["notes.docx", "code"] == "skipped-file"
    assert findings.loc["old/MOJ-plan.xls", "severity"] == "warning"
    assert "lock file" in findings.loc["~$MOE-action-plan.xlsx", "message"]
    rejected = consolidation.submissions.set_index("file").loc["MOF-action-plan.xlsx"]
    assert rejected["ministry"] == "MOF"  # from the file name
    assert pd.isna(rejected["completeness"])


def test_actions_carry_ministry_provenance_and_documented_dtypes(consolidation):
    actions = consolidation.actions
    assert actions["ministry_name"].iloc[0] == "Ministry of Health"
    assert actions["excel_row"].tolist()[:4] == [7, 8, 9, 10]
    assert str(actions["due_date"].dtype) == "datetime64[us]"
    assert str(actions["estimated_cost"].dtype) == "float64"
    assert str(actions["submitted_on"].dtype) == "datetime64[us]"


def test_submissions_record_file_facts(consolidation, folder):
    row = consolidation.submissions.set_index("file").loc["MOE-action-plan.xlsx"]
    data = (folder / "MOE-action-plan.xlsx").read_bytes()
    assert row["sha256"] == hashlib.sha256(data).hexdigest()
    assert row["submitted_on"] == pd.Timestamp("2027-09-02")
    assert row["completeness"] == 1.0


def test_without_submitted_on_the_newer_file_time_wins(tmp_path):
    old = submit(tmp_path, "MOH", None, count=1, name="a.xlsx", submitted_on=None)
    new = submit(tmp_path, "MOH", None, count=2, name="b.xlsx", submitted_on=None)
    os.utime(old, (2_000_000_000, 2_000_000_000))
    os.utime(new, (1_900_000_000, 1_900_000_000))
    c = consolidate(tmp_path, PLAN, AS_OF, jobs=1)
    assert statuses(c) == {"a.xlsx": "complete", "b.xlsx": "superseded"}


def test_a_cover_without_ministry_is_attributed_by_file_name_and_said(tmp_path):
    path = tmp_path / "MEN plan.xlsx"
    hostile.valid_xlsx(tmp_path, path.name, rows=3)
    c = consolidate(tmp_path, PLAN, AS_OF, jobs=1)
    assert c.actions["ministry"].unique().tolist() == ["MEN"]
    assert "ministry-from-file-name" in c.findings["code"].tolist()


def test_a_submission_naming_no_ministry_at_all_is_kept_as_unknown(tmp_path):
    hostile.valid_xlsx(tmp_path, "plan.xlsx", rows=2)
    c = consolidate(tmp_path, PLAN, AS_OF, jobs=1)
    assert c.actions["ministry"].unique().tolist() == [UNKNOWN]
    assert c.submissions.set_index("file").loc["plan.xlsx", "ministry"] == UNKNOWN


def test_a_crashed_worker_becomes_a_rejected_row(tmp_path):
    path = hostile.valid_xlsx(tmp_path, "MOH.xlsx")
    row = crashed(path, tmp_path, IsolatedFailure("crashed", "killed by SIGABRT"))
    assert row.status == "rejected"
    assert row.findings[0].code == "unsafe-file"
    assert "crashed the reader" in row.findings[0].message


def test_the_output_workbook_is_never_read_as_a_submission(tmp_path):
    submit(tmp_path, "MOH", AS_OF)
    output = tmp_path / "consolidated.xlsx"
    output.write_bytes(b"whatever was here")
    c = consolidate(tmp_path, PLAN, AS_OF, jobs=1, exclude=[output])
    assert statuses(c) == {"MOH-action-plan.xlsx": "complete"}


def test_progress_is_reported_for_every_file(tmp_path):
    submit(tmp_path, "MOH", AS_OF)
    submit(tmp_path, "MOE", AS_OF)
    calls = []
    consolidate(tmp_path, PLAN, AS_OF, jobs=1, progress=lambda done, total: calls.append(
        (done, total)))
    assert calls == [(1, 2), (2, 2)]


def test_an_empty_folder_consolidates_to_nothing_but_lists_every_ministry_missing(tmp_path):
    c = consolidate(tmp_path, PLAN, AS_OF)
    assert c.used == 0
    assert c.actions.empty
    assert len(c.missing) == len(PLAN.ministries)


def test_a_folder_that_does_not_exist_is_one_clear_error(tmp_path):
    with pytest.raises(ActionbookError, match="no such folder"):
        consolidate(tmp_path / "nowhere", PLAN, AS_OF)


def test_consolidate_is_part_of_the_public_api():
    import actionbook
    from actionbook.consolidation import merge as consolidation

    assert actionbook.consolidate is consolidation.consolidate
    assert "consolidate" in actionbook.__all__


def test_files_are_read_in_the_roster_order_their_names_suggest(tmp_path):
    names = ["zz.xlsx", "MOE-plan.xlsx", "b/MOH-v2.xlsx", "MOH-plan.xlsx", "MOE MOH.xlsx",
             "XYZ-plan.xlsx"]
    order = intake.dispatch_order([tmp_path / n for n in names], tmp_path, PLAN)
    assert [p.relative_to(tmp_path).as_posix() for p in order] == [
        "MOH-plan.xlsx", "b/MOH-v2.xlsx", "MOE-plan.xlsx", "MOE MOH.xlsx", "XYZ-plan.xlsx",
        "zz.xlsx"]


def test_the_plan_is_unpickled_once_per_worker_however_many_files():
    shipped = intake.Shipped(PLAN)
    first, second = (pickle.loads(pickle.dumps(shipped)) for _ in range(2))
    assert first == PLAN and second is first


def test_a_worker_keeps_only_the_plan_of_the_run_it_serves():
    other = dataclasses.replace(PLAN, title="Another cycle")
    first = pickle.loads(pickle.dumps(intake.Shipped(PLAN)))
    assert pickle.loads(pickle.dumps(intake.Shipped(other))) == other
    assert list(intake._UNSHIPPED.values()) == [other]
    assert pickle.loads(pickle.dumps(intake.Shipped(PLAN))) is not first
    intake._UNSHIPPED.clear()


def test_a_folder_of_blank_workbooks_consolidates_into_a_workbook_with_no_steps(tmp_path):
    """Every ministry sent its workbook back untouched: the consolidation says so, it does
    not crash on the empty table of steps."""
    from actionbook.consolidation.workbook import consolidate_folder

    plan = default_plan()
    folder = tmp_path / "in"
    folder.mkdir()
    for ministry in plan.ministries[:2]:
        write_template(plan, folder / f"{ministry.code}.xlsx", ministry=ministry.code)
    written = consolidate_folder(folder, tmp_path / "c.xlsx", plan)
    assert written.workbook == tmp_path / "c.xlsx" and written.workbook.is_file()
    assert written.consolidation.actions.empty
    sent = written.consolidation.submissions.dropna(subset=["file"])
    assert set(sent["ministry"]) == {m.code for m in plan.ministries[:2]}
