"""Outputs appear whole or not at all, with the usual permissions."""

import os
import stat

import pytest

from actionbook.atomic import atomic_target, write_atomically
from actionbook.errors import OutputError


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"last week")
    with pytest.raises(RuntimeError), atomic_target(target) as temp:
        temp.write_bytes(b"half")
        raise RuntimeError("crash mid-write")
    assert target.read_bytes() == b"last week"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_the_output_gets_the_umask_permissions_not_private_ones(tmp_path):
    old = os.umask(0o022)
    try:
        path = write_atomically(tmp_path / "actions.csv", b"a,b\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert path.read_bytes() == b"a,b\n"


def test_an_unwritable_folder_is_one_output_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="cannot be written"):
        write_atomically(blocker / "out.csv", b"x")
