"""Builders of what a folder's file system can hold: links, pipes, loops, odd names.

Each `make_<case>(folder)` creates its case inside `folder` and returns what a consolidation
of the folder must account for: a `Case` with the entry's name as the tables show it
(relative to `folder`), the substring its skip or rejection reason must contain (None: the
file is a good submission, read like any other), and the good rows it brings. Cases that need
what root alone may do (devices) or what root escapes (permissions) say so in their builder.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import socket
from dataclasses import dataclass
from pathlib import Path

from actionbook.plan import default_plan
from actionbook.samples import content as samples
from actionbook.template.workbook import write_template

PLAN = default_plan()
SUBMITTED = dt.date(2027, 6, 30)
NOBODY = 65534  # the uid and gid of `nobody` on Debian and most Linux systems


@dataclass(frozen=True)
class Case:
    """What a consolidation must say of one entry of the folder."""

    file: str            # as the Submissions table names it
    reason: str | None   # a substring of its skip or rejection reason; None: a good submission
    rows: int = 0        # the action rows it brings when read
    status: str = "skipped"


def submission(path: Path, code: str, rows: int = 3) -> Path:
    """A genuine filled template of ministry `code` with `rows` action rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ministry = samples.ministry_plan(code)
    actions = samples.ministry_actions(ministry, random.Random(code), PLAN)[:rows]
    write_template(PLAN, path, code, generated_on=dt.date(2027, 1, 4), actions=actions,
                   cover={"plan_owner": "A. Owner", "owner_contact": "a@b.example",
                          "submitted_on": SUBMITTED})
    return path


def make_fifo(folder: Path, name: str = "MOT-action-plan.xlsx") -> Case:
    """A named pipe named like a workbook: opening it for reading would wait for ever."""
    os.mkfifo(folder / name)
    return Case(name, "named pipe")


def make_dev_zero_link(folder: Path, name: str = "MOI-action-plan.xlsx") -> Case:
    """A link to /dev/zero named like a workbook: reading it never ends."""
    os.symlink("/dev/zero", folder / name)
    return Case(name, "a device")


def make_socket(folder: Path, name: str = "notes.sock") -> Case:
    """A Unix socket left in the folder (by a sync client, say)."""
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / name))
    server.close()
    return Case(name, "socket")


def make_dangling_link(folder: Path, name: str = "MOJ-action-plan.xlsx") -> Case:
    """A link to a file that is not there (a copy made off a shared drive)."""
    os.symlink(folder / "no-such-file.xlsx", folder / name)
    return Case(name, "dangling link")


def make_link_loop(folder: Path, name: str = "MOA-action-plan.xlsx") -> Case:
    """Two links that point at each other."""
    os.symlink(folder / f"{name}.other", folder / name)
    os.symlink(folder / name, folder / f"{name}.other")
    return Case(name, "loops")


def make_folder_loop(folder: Path, name: str = "again") -> Case:
    """A link to the folder itself, inside it: a walk that follows it never ends."""
    os.symlink(".", folder / name)
    return Case(name, "loop")


def make_unreadable_file(folder: Path, name: str = "MOF-action-plan.xlsx") -> Case:
    """A workbook its user may not read (root reads it anyway: run the search as nobody)."""
    path = submission(folder / name, "MOF")
    path.chmod(0o000)
    return Case(name, "permission denied")


def make_unreadable_folder(folder: Path, name: str = "locked") -> Case:
    """A subfolder its user may not list, holding a workbook (as root: run as nobody)."""
    locked = folder / name
    submission(locked / "MEN-action-plan.xlsx", "MEN")
    locked.chmod(0o000)
    return Case(name, "permission denied")


def make_symlinked_folder(folder: Path, name: str = "linked",
                          target: Path | None = None) -> Case:
    """A link to a folder outside `folder` holding a genuine submission: read through it."""
    target = target or folder.parent / f"{folder.name}-elsewhere"
    submission(target / "MOE-action-plan.xlsx", "MOE", rows=2)
    os.symlink(target, folder / name)
    return Case(f"{name}/MOE-action-plan.xlsx", None, rows=2, status="complete")


def make_file_link(folder: Path, name: str = "MOH-copy.xlsx") -> Case:
    """A genuine submission and a link to it: the one real file is read once."""
    submission(folder / "MOH-action-plan.xlsx", "MOH", rows=4)
    os.symlink("MOH-action-plan.xlsx", folder / name)
    return Case(name, "the same file as MOH-action-plan.xlsx")


def make_long_path(folder: Path, name: str = "deep") -> Case:
    """Folders nested deeper than the system's path limit (4,096 bytes on Linux), with a
    workbook at the bottom. Made with paths relative to an open folder, as only they can be."""
    part = "d" * 250
    os.mkdir(folder / name)
    fd = os.open(folder / name, os.O_RDONLY)
    try:
        for _ in range(17):  # 17 x 251 bytes: past 4,096 whatever `folder` is
            os.mkdir(part, dir_fd=fd)
            inner = os.open(part, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        with open(os.open("MTI-action-plan.xlsx", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd),
                  "wb") as f:
            f.write(b"PK\x05\x06" + bytes(18))
    finally:
        os.close(fd)
    return Case(name, "longer than the system allows")


def make_huge_video(folder: Path, name: str = "briefing.mp4") -> Case:
    """A 20 GB video left in the folder (sparse: no disk is used). Skipped by its name, never
    opened or hashed: it costs the run nothing."""
    with (folder / name).open("wb") as f:
        f.truncate(20 * 2**30)
    return Case(name, "not a spreadsheet submission (.mp4)")


def make_huge_workbook(folder: Path, name: str = "MDG-action-plan.xlsx") -> Case:
    """A 300 MB file named like a workbook (sparse): the worker refuses it by its size,
    without reading it."""
    with (folder / name).open("wb") as f:
        f.truncate(300 * 2**20)
    return Case(name, "more than the 200 MB", status="rejected")


def make_undecodable_name(folder: Path, code: str = "MOL") -> Case:
    """A genuine submission whose name is not valid UTF-8 (Latin-1 'é', from an old system):
    read like any other, shown with the byte escaped."""
    raw = os.fsencode(folder) + b"/" + code.encode() + b"-caf\xe9.xlsx"
    path = Path(os.fsdecode(raw))
    submission(path, code, rows=3)
    return Case(f"{code}-caf\\xe9.xlsx", None, rows=3, status="complete")


def remove_long_path(folder: Path, name: str = "deep") -> None:
    """Undo make_long_path (pytest's clean-up cannot reach past the path limit)."""
    fd = os.open(folder / name, os.O_RDONLY)
    depth = 0
    while "d" * 250 in os.listdir(fd):
        inner = os.open("d" * 250, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd, depth = inner, depth + 1
    os.unlink("MTI-action-plan.xlsx", dir_fd=fd)
    for _ in range(depth):
        parent = os.open("..", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        os.rmdir("d" * 250, dir_fd=parent)
        fd = parent
    os.close(fd)
