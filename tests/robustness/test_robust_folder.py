"""The folder a coordinator really has, all at once: good plans beside links, pipes, devices,
loops, odd names, extreme values, earlier outputs, hijacked and doubtful files.

`read`, `check` and `consolidate` run over it as a coordinator runs them (the installed
command, in a subprocess killed past a time bound), and the run is accounted for exactly:
every good row once, every other entry listed with its reason, every input byte-identical.
Each case is built by the builders of its own area (tests/robustness/robust_*.py), where its
own tests say more; docs/robustness.md lists them all.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest

from tests.robustness import robust_fs, robust_outputs, robust_values
from tests.robustness.test_robust_fs import regular_files
from tests.robustness.test_robust_fs import run as run_command

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2027, 9, 30)
UNDECODABLE = os.fsdecode(b"MOA-plan-caf\xe9.xlsx")  # a name from a Latin-1 file system
SHOWN_UNDECODABLE = "values/MOA-plan-caf\\xe9.xlsx"

# The ministries each area's good files are filed under: distinct, so no case supersedes
# another's (robust_outputs uses MOH, MOT, MOE, MOI, MOL and MOJ of its own).
VALUE_CASES = (
    (robust_values.make_inf_cost, "MOA"),
    (robust_values.make_overflow_pair, "MEN"),
    (robust_values.make_xml_forbidden_char, "MTI"),
    (robust_values.make_control_chars, "MLG"),
    (robust_values.make_long_text, "MDG"),
)
FS_CASES = (robust_fs.make_fifo, robust_fs.make_dev_zero_link, robust_fs.make_socket,
            robust_fs.make_dangling_link, robust_fs.make_link_loop, robust_fs.make_folder_loop,
            robust_fs.make_huge_video, robust_fs.make_huge_workbook)
OUTPUT_CASES = (robust_outputs.make_old_consolidated, robust_outputs.make_feedback_copies,
                robust_outputs.make_hijack, robust_outputs.make_future_date,
                robust_outputs.make_impossible_date, robust_outputs.make_tie_v2_v10,
                robust_outputs.make_ods_bomb_rows, robust_outputs.make_ods_merge_span,
                robust_outputs.make_far_cell)


def prefixed(mapping: dict[str, str | int], prefix: str) -> dict:
    return {f"{prefix}/{key}": value for key, value in mapping.items()}


def build(folder: Path) -> tuple[dict[str, int], dict[str, tuple[str, str]]]:
    """The mixed folder: (file -> rows it brings, file -> (status, reason)) of every entry."""
    used: dict[str, int] = {}
    other: dict[str, tuple[str, str]] = {}
    for area in ("outputs", "fs", "values"):
        (folder / area).mkdir()
    for make in OUTPUT_CASES:
        expect = make(folder / "outputs")
        used |= prefixed(expect.used, "outputs")
        for status, files in (("skipped", expect.skipped), ("rejected", expect.rejected),
                              ("rejected", expect.held)):
            other |= {file: (status, why) for file, why in prefixed(files, "outputs").items()}
        other |= {file: ("superseded", "outputs/" + newer)
                  for file, newer in prefixed(expect.superseded, "outputs").items()}
    for make in FS_CASES:
        case = make(folder / "fs")
        other[f"fs/{case.file}"] = (case.status, case.reason or "")
    for make, code in VALUE_CASES:
        case = make(folder / "values", ministry=code)
        used[f"values/{case.path.name}"] = len(case.rows)
    moa = folder / "values" / "MOA-action-plan.xlsx"
    moa.rename(folder / "values" / UNDECODABLE)
    used[SHOWN_UNDECODABLE] = used.pop("values/MOA-action-plan.xlsx")
    return used, other


def run(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess, float]:
    """The actionbook command as a coordinator runs it (the corpus's runner, killed and the
    test failed past its bound), and how long it took."""
    start = time.monotonic()
    done = run_command(*args, cwd=cwd)
    return done, time.monotonic() - start


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    base = tmp_path_factory.mktemp("mixed")
    folder = base / "in"
    folder.mkdir()
    used, other = build(folder)
    yield base, folder, used, other
    shutil.rmtree(folder, ignore_errors=True)


def test_consolidate_counts_every_good_row_once_and_lists_every_other_entry(mixed):
    base, folder, used, other = mixed
    before = regular_files(folder)
    done, seconds = run("consolidate", str(folder), "-o", str(base / "out.xlsx"), "--as-of",
                        AS_OF.isoformat(), "--export", str(base / "tables"), "--json", "-q",
                        cwd=base)
    assert done.returncode == 0, done.stderr.decode()
    assert seconds < 60, f"{seconds:.0f} s for a folder of a few dozen entries"
    rows = pd.read_csv(base / "tables" / "submissions.csv").dropna(subset=["file"])
    rows = rows.set_index("file")
    for file, (status, reason) in other.items():
        assert rows.loc[file, "status"] == status, (file, rows.loc[file, "note"])
        assert reason in str(rows.loc[file, "note"]), (file, rows.loc[file, "note"])
    actions = pd.read_csv(base / "tables" / "actions.csv")
    assert actions.groupby("source_file").size().to_dict() == used
    assert json.loads(done.stdout)["actions"] == sum(used.values())
    listed = set(rows.index)
    assert set(used) | set(other) <= listed
    assert regular_files(folder) == before, "an input was changed"


def test_check_reports_every_workbook_of_the_folder_in_time(mixed):
    base, folder, used, other = mixed
    before = regular_files(folder)
    done, seconds = run("check", str(folder), "--as-of", AS_OF.isoformat(), "--format", "json",
                        cwd=base)
    assert done.returncode in (0, 1), done.stderr.decode()
    assert seconds < 60
    statuses = {f["file"]: f["status"] for f in json.loads(done.stdout)["files"]}
    assert {str(folder / file) for file in used if "\\x" not in file} <= set(statuses)
    unsafe = [str(folder / file) for file, (status, reason) in other.items()
              if status == "rejected" and "template" not in reason]
    assert unsafe and all(statuses[name] == "rejected" for name in unsafe), statuses
    assert regular_files(folder) == before


def test_read_of_a_good_file_with_an_undecodable_name_gives_its_rows(mixed):
    base, folder, used, _ = mixed
    done, _ = run("read", str(folder / "values" / UNDECODABLE), "-o", str(base / "moa.csv"),
                  cwd=base)
    assert done.returncode == 0, done.stderr.decode()
    assert len(pd.read_csv(base / "moa.csv")) == used[SHOWN_UNDECODABLE]


def test_every_test_docs_robustness_names_exists():
    """docs/robustness.md is the promise a coordinator reads: each case names the test that
    proves it (`file.py::test_name`, or `::test_name` in the file named before it)."""
    doc = (ROOT / "docs" / "robustness.md").read_text("utf-8")
    sources = {path.name: path.read_text("utf-8") for path in (ROOT / "tests").rglob("test_*.py")}
    named, current = [], None
    for file, name in re.findall(r"`([a-z_]+\.py)?(?:::)?(test_\w+)`", doc):
        current = file or current
        named.append((current, name))
    missing = [(file, name) for file, name in named
               if f"def {name}(" not in sources.get(file or "", "")]
    assert len(named) >= 40 and missing == []
