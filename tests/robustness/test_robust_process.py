"""Nothing outlives a run: killed runs leave no process and no temporary file; the library
works from a plain script; an interrupted export keeps the old set whole."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from actionbook import atomic, export
from actionbook.consolidation import merge as consolidation
from actionbook.consolidation import workbook as report
from actionbook.errors import OutputError
from actionbook.read import reader
from actionbook.safety import isolation, site_skip_fast
from tests.robustness import robust_process as rp
from tests.support import hostile

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="walks /proc for the run's processes")


@pytest.fixture(scope="module")
def slow_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("slow")
    rp.make_slow_workbook(folder)
    return folder


def killed_while_busy(slow_folder, tmp_path, signum, args=None):
    """Starts `python ARGS` (default: `actionbook consolidate` of the slow file), sends
    `signum` once its worker is deep in the file, and returns (the run, its marker, the temp
    folder it was given)."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    args = args or ["-m", "actionbook", "consolidate", str(slow_folder), "-o",
                    str(tmp_path / "out" / "c.xlsx"), "--jobs", "2"]
    run, marker = rp.start_marked(args, tmp)
    rp.wait_for_busy_worker(run, marker)
    run.send_signal(signum)
    return run, marker, tmp


@pytest.mark.slow
def test_a_sigkill_of_the_parent_ends_its_busy_worker_within_seconds(slow_folder, tmp_path):
    run, marker, tmp = killed_while_busy(slow_folder, tmp_path, signal.SIGKILL)
    run.wait(10)
    assert rp.survivors(marker, within=5) == {}
    assert list(tmp.iterdir()) == []  # no actionbook-* folder, nothing named at all
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


@pytest.mark.slow
def test_a_sigterm_stops_the_workers_and_cleans_up_before_the_parent_exits(slow_folder,
                                                                          tmp_path):
    run, marker, tmp = killed_while_busy(slow_folder, tmp_path, signal.SIGTERM)
    assert run.wait(10) == 128 + signal.SIGTERM
    assert rp.survivors(marker, within=0) == {}  # stopped by the parent, not orphaned
    assert list(tmp.iterdir()) == []
    assert "Traceback" not in (tmp_path / "stderr.txt").read_text()


@pytest.mark.slow
def test_a_sigterm_of_a_plain_script_using_the_library_stops_its_workers_too(slow_folder,
                                                                            tmp_path):
    script = rp.make_script_without_guard(tmp_path, slow_folder)
    run, marker, tmp = killed_while_busy(slow_folder, tmp_path, signal.SIGTERM, [str(script)])
    assert run.wait(10) == 128 + signal.SIGTERM
    assert rp.survivors(marker, within=0) == {}
    assert list(tmp.iterdir()) == []


def test_workers_skip_site_unless_the_parent_has_an_import_hook_only_site_would_install(
        monkeypatch):
    assert "-S" in isolation.command((3, 4, 5), 512)  # a third of the start-up
    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, UnknownHook()])
    assert "-S" not in isolation.command((3, 4, 5), 512)
    assert isolation.run_isolated(hostile.double, 21) == 42


def test_a_worker_started_with_site_reads_what_one_started_without_it_does(monkeypatch):
    # site_skip_fast only saves start-up time: the plain path (site) gives the same read.
    path = min(rp.SAMPLES.glob("*.xlsx"))
    assert "-S" in isolation.command((3, 4, 5), 512)
    fast = reader.read_isolated(path)
    monkeypatch.setattr(site_skip_fast, "site_flags", list)
    assert "-S" not in isolation.command((3, 4, 5), 512)
    plain = reader.read_isolated(path)
    assert len(fast.actions) > 0
    pd.testing.assert_frame_equal(fast.actions, plain.actions)
    assert fast.findings == plain.findings


class UnknownHook:
    """The import hook of an editable install of a dependency, set up by a .pth file."""

    __module__ = "__editable___pandas_2_2_3_finder"

    def find_spec(self, *args):
        return None


def test_the_readme_example_runs_as_a_plain_script_without_a_main_guard(tmp_path):
    script = rp.make_script_without_guard(tmp_path)
    done = subprocess.run([sys.executable, str(script)], check=False, capture_output=True,
                          text=True, timeout=300, cwd=tmp_path, env=rp.script_env())
    expected = consolidation.consolidate(rp.SAMPLES, None)
    assert done.returncode == 0, done.stderr
    statuses = ",".join(expected.submissions["status"])
    assert done.stdout.split() == [str(len(expected.actions)), statuses]
    assert len(expected.actions) > 0 and "complete" in statuses


def test_a_failing_export_keeps_the_old_set_whole_and_leaves_no_temporary_file(
        tmp_path, monkeypatch):
    old = rp.make_old_export(tmp_path)
    c = consolidation.consolidate(rp.SAMPLES, None)
    failure = OutputError("tables/resources.csv: disk full")
    monkeypatch.setattr(export, "encode", rp.interrupt_on_call(6, export.encode, failure))
    with pytest.raises(OutputError, match="disk full"):
        report.write_exports(c, tmp_path / "tables", parquet=False)
    assert rp.folder_bytes(tmp_path / "tables") == old


def test_an_output_has_no_name_until_it_is_whole(tmp_path, monkeypatch):
    seen = []

    def write_and_look(fd, data):
        seen.append(sorted(path.name for path in tmp_path.iterdir()))
        real_write(fd, data)

    real_write = atomic.write_all
    monkeypatch.setattr(atomic, "write_all", write_and_look)
    (tmp_path / "out.csv").write_bytes(b"last week")
    atomic.write_atomically(tmp_path / "out.csv", b"this week")
    assert seen == [["out.csv"]]  # no temporary name while the bytes go in: nothing to leave
    assert rp.folder_bytes(tmp_path) == {"out.csv": b"this week"}


def test_an_interrupted_export_keeps_the_old_set_whole(tmp_path, monkeypatch):
    old = rp.make_old_export(tmp_path)
    c = consolidation.consolidate(rp.SAMPLES, None)
    monkeypatch.setattr(export, "encode", rp.interrupt_on_call(3, export.encode))
    with pytest.raises(KeyboardInterrupt):
        report.write_exports(c, tmp_path / "tables", parquet=False)
    assert rp.folder_bytes(tmp_path / "tables") == old


def test_a_finished_export_replaces_the_whole_set_and_drops_names_it_no_longer_writes(
        tmp_path):
    rp.make_old_export(tmp_path)
    stale = tmp_path / "tables" / "actions.parquet"
    stale.write_bytes(b"an earlier run's parquet")
    (tmp_path / "tables" / "notes.txt").write_text("mine")
    c = consolidation.consolidate(rp.SAMPLES, None)
    paths = report.write_exports(c, tmp_path / "tables", parquet=False)
    after = rp.folder_bytes(tmp_path / "tables")
    assert set(after) == {path.name for path in paths} | {"notes.txt"}
    actions = report.in_currency({"actions": c.actions}, c.plan.currency)["actions"]
    assert after["actions.csv"] == export.to_csv_text(actions).encode()


def test_the_worker_path_ends_with_the_folder_that_holds_this_actionbook():
    from actionbook.safety import isolation

    home = Path(isolation.command((3, 4, 5), 2048)[-1])
    assert (home / "actionbook" / "safety" / "isolation.py").resolve() == \
        Path(isolation.__file__).resolve()


def test_a_check_run_from_another_folder_reads_the_file(tmp_path):
    """From a folder other than the project's, the worker must still find actionbook (found
    by the parent through the editable install's import hook, not its path)."""
    sample = rp.SAMPLES / "MOH-action-plan.xlsx"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-m", "actionbook", "check", str(sample), "--format",
                           "json", "--as-of", "2027-09-30"], capture_output=True, cwd=tmp_path,
                          env=env, timeout=120, check=False)
    assert json.loads(done.stdout)["files"][0]["status"] != "rejected", done.stdout
