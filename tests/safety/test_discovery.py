"""One rule for the files of a folder, shared by `check` and `consolidate`."""

from pathlib import Path

import pytest

from actionbook.check.batch import workbook_paths
from actionbook.safety import discovery

FILES = ("a.xlsx", "b.XLS", "c.txt", "~$a.xlsx", ".hidden.xlsx", "__MACOSX/._a.xlsx",
         ".git/x.xlsx", "sub/d.ods", "sub/e.xlsm", "f.xlsx~", "g.xlsb", "notes")


@pytest.fixture
def folder(tmp_path):
    for name in FILES:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    return tmp_path


def names(paths, folder):
    return [Path(p).relative_to(folder).as_posix() for p in paths]


def test_submissions_are_found_recursively_in_a_stable_order(folder):
    found = discovery.discover(folder)
    assert names(found.candidates, folder) == ["a.xlsx", "sub/d.ods", "sub/e.xlsm"]


def test_every_visible_file_not_read_is_set_aside_with_its_reason(folder):
    reasons = {path.relative_to(folder).as_posix(): reason
               for path, reason in discovery.discover(folder).skipped}
    assert sorted(reasons) == ["b.XLS", "c.txt", "f.xlsx~", "g.xlsb", "notes", "~$a.xlsx"]
    assert "save it as .xlsx" in reasons["b.XLS"] and "save it as .xlsx" in reasons["g.xlsb"]
    assert "lock file" in reasons["~$a.xlsx"]
    assert "temporary" in reasons["f.xlsx~"]
    assert reasons["notes"] == "not a spreadsheet submission (no extension)"


def test_check_reads_the_submissions_and_the_legacy_files_to_refuse_them(folder):
    expected = ["a.xlsx", "b.XLS", "g.xlsb", "sub/d.ods", "sub/e.xlsm"]
    assert names(discovery.discover(folder).spreadsheets(), folder) == expected
    assert names(workbook_paths([folder]), folder) == expected


def test_check_reads_a_file_named_whatever_its_name(folder):
    assert names(workbook_paths([folder / "notes", folder]), folder)[:2] == ["notes", "a.xlsx"]


def test_an_excluded_path_is_neither_read_nor_listed(folder):
    found = discovery.discover(folder, exclude=[folder / "a.xlsx", folder / "c.txt"])
    assert "a.xlsx" not in names(found.candidates, folder)
    assert "c.txt" not in names([p for p, _ in found.skipped], folder)
