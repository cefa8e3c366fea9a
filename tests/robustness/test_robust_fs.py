"""What a folder's file system can hold never crashes, hangs or silently loses a run.

Links, pipes, devices, loops, unreadable entries, over-long paths and names that are not UTF-8
(the builders are in tests/robustness/robust_fs.py). Whatever could hang runs in a subprocess or
an isolated child under a time bound, so a regression fails the test instead of stalling it.
Permission cases run for real in a forked child that dropped root for `nobody` (root reads
everything); the consolidation's row of an unreadable folder is simulated by refusing os.scandir
for that folder, as the test says.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import pickle
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from actionbook.check import batch, feedback
from actionbook.cli import cli
from actionbook.consolidation import submission
from actionbook.consolidation.merge import consolidate
from actionbook.errors import ReadError
from actionbook.read import reader
from actionbook.safety import discovery, isolation, opening
from actionbook.safety import preflight as safety
from tests.robustness import robust_fs
from tests.robustness.robust_fs import NOBODY, PLAN, Case
from tests.support.plan_note import without_plan_note

AS_OF = dt.date(2027, 9, 30)
ROOT = Path(__file__).resolve().parents[2]
BOUND = 180  # seconds: a run over a few small files takes a few; a hang never ends


def run(*args: str | bytes, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The actionbook command in a subprocess, killed (and the test failed) past BOUND."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "actionbook", *args], capture_output=True,
                          check=False, env=env, cwd=cwd, timeout=BOUND)


def entries(folder: Path) -> dict[str, str | None]:
    return {discovery.shown(path, folder): reason for path, reason in
            discovery.discover(folder).files}


def regular_files(folder: Path) -> dict[str, str]:
    """SHA-256 of every regular file under `folder` (links not followed, nothing opened that
    is not a regular file)."""
    hashes = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            info = path.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_size > 2**26:  # sparse giants: by size
                hashes[str(path)] = f"{info.st_size} bytes, {info.st_mtime_ns}"
            elif stat.S_ISREG(info.st_mode):
                hashes[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


@pytest.fixture
def open_folder():
    """A folder `nobody` may walk into (pytest's own is root's alone), removed afterwards."""
    base = Path(tempfile.mkdtemp(prefix="actionbook-fs-"))
    base.chmod(0o755)
    folder = base / "submissions"
    folder.mkdir()
    folder.chmod(0o755)
    yield folder
    for root, folders, _ in os.walk(base):
        for name in folders:
            os.chmod(Path(root) / name, 0o755)
    shutil.rmtree(base, ignore_errors=True)


def as_nobody(func, *args):
    """func(*args) in a forked child that dropped root for `nobody`; its result. (A fork, not
    a new interpreter: `nobody` may not run root's Python. The child makes only os calls.)"""
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():  # Python 3.12 warns of fork() in a threaded process
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: out without running the parent's clean-up
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            data = pickle.dumps(("ok", func(*args)))
        except BaseException as error:  # noqa: BLE001 - carried back to the test
            data = pickle.dumps(("error", error))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        ready, _, _ = select.select([pipe], [], [], 60)
        if not ready:
            os.kill(pid, signal.SIGKILL)
        data = pipe.read() if ready else b""
    os.waitpid(pid, 0)
    assert data, "the child running as nobody gave no answer within 60 s"
    kind, value = pickle.loads(data)
    if kind == "error":
        raise value
    return value


# --- discovery ----------------------------------------------------------------------------------


def test_entries_that_are_not_regular_files_are_listed_with_their_reason(tmp_path):
    cases = [robust_fs.make_fifo(tmp_path), robust_fs.make_dev_zero_link(tmp_path),
             robust_fs.make_socket(tmp_path), robust_fs.make_dangling_link(tmp_path),
             robust_fs.make_link_loop(tmp_path)]
    found = entries(tmp_path)
    for case in cases:
        assert case.reason in found[case.file], case
    assert discovery.discover(tmp_path).candidates == []


def test_a_link_back_to_a_folder_above_is_a_loop_listed_once(tmp_path):
    case = robust_fs.make_folder_loop(tmp_path)
    robust_fs.submission(tmp_path / "MOH-action-plan.xlsx", "MOH")
    found = entries(tmp_path)
    assert case.reason in found[case.file]
    assert [k for k, v in found.items() if v is None] == ["MOH-action-plan.xlsx"]


def test_a_symlinked_folder_is_searched_and_each_real_file_read_once(tmp_path):
    (tmp_path / "in").mkdir()
    linked = robust_fs.make_symlinked_folder(tmp_path / "in")
    os.symlink(tmp_path / "in" / "linked", tmp_path / "in" / "linked-too")
    duplicate = robust_fs.make_file_link(tmp_path / "in")
    found = entries(tmp_path / "in")
    assert [k for k, v in found.items() if v is None] == ["MOH-action-plan.xlsx", linked.file]
    assert duplicate.reason in found[duplicate.file]
    assert "same folder as linked" in found["linked-too"]


def test_a_path_longer_than_the_system_allows_is_listed(tmp_path):
    case = robust_fs.make_long_path(tmp_path)
    try:
        skipped = {path: reason for path, reason in discovery.discover(tmp_path).skipped}
        (path, reason), = skipped.items()
        assert case.reason in reason and case.file in str(path.relative_to(tmp_path))
    finally:
        robust_fs.remove_long_path(tmp_path)


def test_unreadable_files_and_folders_are_listed_for_a_user_who_cannot_read_them(open_folder):
    file = robust_fs.make_unreadable_file(open_folder)
    folder = robust_fs.make_unreadable_folder(open_folder)
    robust_fs.submission(open_folder / "MOH-action-plan.xlsx", "MOH")
    found = as_nobody(entries, open_folder)
    assert file.reason in found[file.file] and folder.reason in found[folder.file]
    assert "files are not read" in found[folder.file]
    assert [k for k, v in found.items() if v is None] == ["MOH-action-plan.xlsx"]


def test_discovery_never_opens_a_file(tmp_path, monkeypatch):
    robust_fs.submission(tmp_path / "MOH-action-plan.xlsx", "MOH")
    robust_fs.make_fifo(tmp_path)

    def refuse(*args, **kwargs):
        raise AssertionError("discovery opened a file")
    monkeypatch.setattr(os, "open", refuse)
    monkeypatch.setattr("builtins.open", refuse)
    assert len(discovery.discover(tmp_path).files) == 2


def test_a_folder_that_cannot_be_searched_at_all_is_a_listed_entry(tmp_path):
    found = discovery.discover(tmp_path / "gone")
    assert found.skipped == [(tmp_path / "gone", "a folder that cannot be read")]


# --- opening in the worker ----------------------------------------------------------------------


def test_the_worker_refuses_what_is_not_a_regular_file_without_waiting(tmp_path):
    fifo, zero = robust_fs.make_fifo(tmp_path), robust_fs.make_dev_zero_link(tmp_path)
    for case in (fifo, zero):
        # in a child under a time bound: a blocking open or an endless read fails the test
        row = isolation.run_isolated(submission.examine, tmp_path / case.file, tmp_path, PLAN,
                                     AS_OF, timeout=60)
        assert row.status == "rejected" and row.sha256 is None
        assert case.reason in row.findings[0].message


def test_a_file_deleted_after_discovery_is_a_rejected_row(tmp_path):
    path = robust_fs.submission(tmp_path / "MOH-action-plan.xlsx", "MOH")
    path.unlink()
    row = submission.examine(path, tmp_path, PLAN, AS_OF)
    assert row.status == "rejected"
    assert "was not found" in row.findings[0].message


def test_the_facts_of_a_file_are_those_of_the_bytes_judged(tmp_path):
    path = robust_fs.submission(tmp_path / "MOH-action-plan.xlsx", "MOH")
    row = submission.examine(path, tmp_path, PLAN, AS_OF)
    assert row.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    stamp = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    assert row.modified == stamp.replace(tzinfo=None, microsecond=0)


def test_a_file_larger_than_a_workbook_may_be_is_refused_unread(tmp_path):
    path = tmp_path / "MOH-action-plan.xlsx"
    with path.open("wb") as f:
        f.truncate(opening.MAX_BYTES + 1)  # sparse: nothing is written
    with pytest.raises(ReadError) as raised:
        opening.read_bytes(path)
    assert raised.value.finding.code == "unsafe-file"
    assert "more than the 200 MB" in str(raised.value)


def test_the_worker_cannot_read_a_file_its_user_may_not(open_folder):
    case = robust_fs.make_unreadable_file(open_folder)

    def reason(path):
        try:
            opening.read_bytes(path)
        except ReadError as error:
            return str(error)
        return "read"
    assert "permission denied" in as_nobody(reason, open_folder / case.file)


def test_the_main_process_never_opens_a_submission(tmp_path, monkeypatch):
    robust_fs.submission(tmp_path / "MOH-action-plan.xlsx", "MOH")

    def refuse(*args, **kwargs):
        raise AssertionError("the main process judged or read a submission")
    # The workers are fresh processes: these stand-ins live in this one alone.
    for name in ("read_bytes",):
        monkeypatch.setattr(opening, name, refuse)
    monkeypatch.setattr(safety, "inspect", refuse)
    c = consolidate(tmp_path, PLAN, AS_OF, jobs=1)
    assert c.submissions.set_index("file").loc["MOH-action-plan.xlsx", "status"] == "complete"
    reports = batch.check_files(
        [tmp_path], PLAN, AS_OF)
    assert [r.status for r in reports] == ["complete"]


def test_read_workbook_raises_only_read_error_for_a_bad_file(tmp_path, monkeypatch):
    path = robust_fs.submission(tmp_path / "MOH-action-plan.xlsx", "MOH")

    def overflow(*args, **kwargs):
        raise OverflowError("int too large to convert to float")
    monkeypatch.setattr(reader.Reading, "workbook", overflow)
    with pytest.raises(ReadError, match=r"MOH-action-plan.xlsx cannot be read: .*OverflowError"):
        reader.read_workbook(path, PLAN)


# --- the commands, over one folder of every case ------------------------------------------------


def build_mixed(folder: Path) -> list[Case]:
    good = [robust_fs.make_symlinked_folder(folder), robust_fs.make_undecodable_name(folder)]
    moh = Case("MOH-action-plan.xlsx", None, rows=4, status="complete")
    return [*good, moh, robust_fs.make_file_link(folder), robust_fs.make_fifo(folder),
            robust_fs.make_dev_zero_link(folder), robust_fs.make_socket(folder),
            robust_fs.make_dangling_link(folder), robust_fs.make_link_loop(folder),
            robust_fs.make_folder_loop(folder), robust_fs.make_huge_video(folder),
            robust_fs.make_huge_workbook(folder)]


def test_consolidate_accounts_for_every_entry_of_a_hostile_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    cases = build_mixed(folder)
    before = regular_files(tmp_path)
    done = run("consolidate", str(folder), "-o", str(tmp_path / "out.xlsx"), "--as-of",
               AS_OF.isoformat(), "--export", str(tmp_path / "tables"), "--json", "-q")
    assert done.returncode == 0, done.stderr.decode()
    rows = pd.read_csv(tmp_path / "tables" / "submissions.csv").set_index("file")
    for case in cases:
        assert rows.loc[case.file, "status"] == case.status, case
        if case.reason:
            assert case.reason in rows.loc[case.file, "note"], case
    actions = pd.read_csv(tmp_path / "tables" / "actions.csv")
    assert len(actions) == sum(case.rows for case in cases)
    assert json.loads(done.stdout)["actions"] == len(actions)
    assert regular_files(tmp_path) == before | regular_files(tmp_path / "tables") | \
        {str(tmp_path / "out.xlsx"): hashlib.sha256((tmp_path / "out.xlsx").read_bytes())
         .hexdigest()}
    assert pd.isna(rows.loc["MDG-action-plan.xlsx", "sha256"])  # refused unread: no hash


def test_check_reports_every_workbook_named_entry_without_hanging(tmp_path):
    cases = build_mixed(tmp_path)
    done = run("check", str(tmp_path), "--as-of", AS_OF.isoformat(), "--format", "json")
    assert done.returncode in (0, 1), done.stderr.decode()
    files = {Path(f["file"]).name: f for f in json.loads(done.stdout)["files"]}
    assert files["MOL-caf\\xe9.xlsx"]["status"] == "complete"  # not "damaged"
    assert files["MOE-action-plan.xlsx"]["status"] == "complete"
    for case in cases:
        if case.reason and case.file.endswith(".xlsx") and "same file" not in case.reason:
            assert files[case.file]["status"] == "rejected", case


def test_check_lists_a_folder_it_cannot_search_but_not_a_stray_socket(tmp_path, monkeypatch):
    robust_fs.submission(tmp_path / "MOH-action-plan.xlsx", "MOH")
    (tmp_path / "locked").mkdir()
    socket_case = robust_fs.make_socket(tmp_path)
    scandir = os.scandir

    def refusing(path):  # simulated: root may list any folder
        if not isinstance(path, int) and Path(path).name == "locked":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return scandir(path)
    monkeypatch.setattr(discovery.os, "scandir", refusing)
    reports = {r.path.name: r for r in
               batch.check_files([tmp_path], PLAN, AS_OF)}
    assert sorted(reports) == ["MOH-action-plan.xlsx", "locked"]
    assert reports["locked"].status == "rejected"
    assert "permission denied" in reports["locked"].findings[0].message
    assert socket_case.file not in reports


def test_check_text_shows_an_undecodable_name_escaped(tmp_path):
    case = robust_fs.make_undecodable_name(tmp_path)
    done = run("check", str(tmp_path), "--as-of", AS_OF.isoformat())
    assert done.returncode in (0, 1), done.stderr.decode()
    assert case.file in done.stdout.decode()


def test_read_refuses_a_pipe_or_a_device_in_one_line(tmp_path):
    for case in (robust_fs.make_fifo(tmp_path), robust_fs.make_dev_zero_link(tmp_path)):
        done = run("read", str(tmp_path / case.file))
        assert done.returncode == 2
        lines = without_plan_note(done.stderr.decode()).splitlines()
        assert len(lines) == 1 and case.reason in lines[0] and "Traceback" not in lines[0]


def test_read_parses_in_a_worker_and_shows_an_undecodable_name(tmp_path):
    case = robust_fs.make_undecodable_name(tmp_path)
    path = os.fsencode(tmp_path) + b"/MOL-caf\xe9.xlsx"
    done = run("read", path, "-o", str(tmp_path / "mol.csv"))
    assert done.returncode == 0, done.stderr.decode()
    assert len(pd.read_csv(tmp_path / "mol.csv")) == case.rows
    assert "Wrote 3 actions" in done.stderr.decode()


def test_consolidate_in_process_names_an_undecodable_file_printably(tmp_path):
    case = robust_fs.make_undecodable_name(tmp_path)
    c = consolidate(tmp_path, PLAN, AS_OF, jobs=1)
    assert c.submissions.set_index("file").loc[case.file, "status"] == "complete"
    assert (c.actions["source_file"] == case.file).sum() == case.rows
    c.findings.to_csv(tmp_path / "findings.csv")  # encodes: no surrogate left in a table


def test_an_unreadable_folder_is_a_skipped_row_of_the_consolidation(tmp_path, monkeypatch):
    robust_fs.submission(tmp_path / "MOH-action-plan.xlsx", "MOH")
    robust_fs.submission(tmp_path / "locked" / "MEN-action-plan.xlsx", "MEN")
    scandir = os.scandir

    def refusing(path):  # simulated: root may list any folder (see the test as nobody above)
        if not isinstance(path, int) and Path(path).name == "locked":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return scandir(path)
    monkeypatch.setattr(discovery.os, "scandir", refusing)
    rows = consolidate(tmp_path, PLAN, AS_OF, jobs=1).submissions.set_index("file")
    assert rows.loc["locked", "status"] == "skipped"
    assert "permission denied" in rows.loc["locked", "note"]
    assert rows.loc["MOH-action-plan.xlsx", "status"] == "complete"


# --- outputs never onto inputs ------------------------------------------------------------------


def test_read_refuses_to_write_onto_the_file_it_reads(tmp_path):
    path = robust_fs.submission(tmp_path / "MOH.xlsx", "MOH")
    os.symlink(path, tmp_path / "link.xlsx")
    before = path.read_bytes()
    for target in (path, tmp_path / "link.xlsx", tmp_path / "." / "MOH.xlsx"):
        done = run("read", str(path), "-o", str(target))
        assert done.returncode == 2
        assert done.stderr.decode().count("\n") == 1 and "is the workbook being read" in \
            done.stderr.decode()
    assert path.read_bytes() == before


def test_consolidate_refuses_the_real_target_of_a_linked_submission(tmp_path):
    (tmp_path / "in").mkdir()
    target = robust_fs.submission(tmp_path / "elsewhere" / "MOH.xlsx", "MOH")
    os.symlink(target, tmp_path / "in" / "MOH-action-plan.xlsx")
    before = target.read_bytes()
    result = CliRunner().invoke(cli, ["consolidate", str(tmp_path / "in"), "-o", str(target),
                                      "-q"])
    assert result.exit_code == 2
    assert "a link there leads to" in result.output
    assert target.read_bytes() == before


def test_feedback_for_a_very_long_name_is_shortened_and_unique(tmp_path):
    long = "MOH-" + "x" * 237
    first = robust_fs.submission(tmp_path / "in" / f"{long}a.xlsx", "MOH")
    robust_fs.submission(tmp_path / "in" / f"{long}b.xlsx", "MOH")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "in"), "--as-of", "2027-09-30",
                                      "--annotate", str(tmp_path / "out")])
    assert result.exit_code in (0, 1), result.output
    copies = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(copies) == 2 and len(set(copies)) == 2
    assert all(len(os.fsencode(name)) <= 255 and name.endswith("-feedback.xlsx")
               for name in copies)
    assert copies[0].startswith(first.stem[:100])


def test_a_copy_that_cannot_be_written_does_not_stop_the_next(tmp_path, monkeypatch):
    robust_fs.submission(tmp_path / "in" / "MOE.xlsx", "MOE")
    robust_fs.submission(tmp_path / "in" / "MOH.xlsx", "MOH")
    write = feedback.write_feedback

    def failing(report, *args, **kwargs):
        if report.path.name == "MOE.xlsx":
            raise OSError(errno.ENOSPC, "No space left on device")
        return write(report, *args, **kwargs)
    monkeypatch.setattr(feedback, "write_feedback", failing)
    result = CliRunner().invoke(
        cli, ["check", str(tmp_path / "in"), "--annotate", str(tmp_path / "out")])
    assert "No feedback copy of" in result.stderr and "No space left" in result.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["MOH-feedback.xlsx"]
