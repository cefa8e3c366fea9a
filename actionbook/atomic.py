"""Outputs appear whole or not at all: written beside the target, then moved onto it.

Written, they have no name yet (Linux's O_TMPFILE; a hidden temporary name elsewhere): a run
killed mid-write leaves nothing partial behind. A set of files (the exports) gets its names
together once every file is written, so an old set and a new one never mix.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from actionbook.errors import OutputError
from actionbook.termination import signals_deferred

TEMP_PREFIX = ".actionbook-"


@contextlib.contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`, moved onto it only when the body succeeds."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=target.suffix,
                                        dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{target}: cannot be written in {target.parent} "
                          f"({exc.strerror or exc})") from None
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        # mkstemp makes the file private (0600); an output gets the usual permissions.
        os.chmod(temp, 0o666 & ~current_umask())
        os.replace(temp, target)
    except OSError as exc:
        raise OutputError(f"{target}: cannot be written ({exc.strerror or exc})") from None
    finally:
        temp.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_set(directory: Path, owned: Iterable[str]) -> Iterator[Callable[[str, bytes], None]]:
    """`add(name, data)` for each file of a set in `directory`. When the body succeeds the files
    get their names together, with Ctrl-C and SIGTERM held off until all have, and the names in
    `owned` that the new set lacks (an old run's Parquet, say) are removed. Until then the new
    files have no name (see Pending): whatever stops the body, the old set stays whole and
    nothing of the new one is left behind."""
    directory = Path(directory)
    pending: dict[str, Pending] = {}

    def add(name: str, data: bytes) -> None:
        pending[name] = Pending(directory, data)

    try:
        directory.mkdir(parents=True, exist_ok=True)
        yield add
        with signals_deferred():  # links and renames only: a blink, but never half of them
            for name, file in pending.items():
                file.settle(directory / name)
            for name in sorted(set(owned) - set(pending)):
                (directory / name).unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(f"{directory}: cannot be written ({exc.strerror or exc})") from None
    finally:
        for file in pending.values():
            file.discard()


def write_atomically(target: Path, data: bytes) -> Path:
    """`data` as the file `target`, whole or not at all."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        file = Pending(target.parent, data)
        try:
            with signals_deferred():
                file.settle(target)
        finally:
            file.discard()
    except OSError as exc:
        raise OutputError(f"{target}: cannot be written ({exc.strerror or exc})") from None
    return target


class Pending:
    """`data` written to a file in `folder` that is named only by `settle`. Until then it has no
    name where the system allows (Linux's O_TMPFILE): a kill, even SIGKILL, leaves nothing
    partial behind. Elsewhere it has a hidden temporary name that `discard` removes."""

    def __init__(self, folder: Path, data: bytes):
        self.folder, self.temp = folder, None
        fd = unnamed_file(folder)
        if fd is None:
            fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
            self.temp = Path(name)
        self.fd: int | None = fd
        try:
            write_all(fd, data)
            # mkstemp makes the file private (0600); an output gets the usual permissions.
            os.fchmod(fd, 0o666 & ~current_umask())
        except BaseException:
            self.discard()
            raise

    def settle(self, target: Path) -> None:
        """Gives the file the name `target`, replacing the file that had it."""
        if self.temp is None:  # a name for a moment, then moved onto the target's
            assert self.fd is not None, "an unnamed file is open until it is settled"
            temp = self.folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}{target.suffix}"
            link_unnamed(self.fd, temp)
            self.temp = temp
        os.replace(self.temp, target)
        self.temp = None

    def discard(self) -> None:
        """Closes the file; one not settled is gone with it (or its temporary name removed)."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.temp is not None:
            self.temp.unlink(missing_ok=True)
            self.temp = None


def unnamed_file(folder: Path) -> int | None:
    """A file with no name in `folder`, open for writing; None where the system cannot make
    one (or cannot name it later through /proc)."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY | os.O_CLOEXEC, 0o600)
    except OSError:  # not supported by this file system: the named temporary file says why not
        return None


def link_unnamed(fd: int, path: Path) -> None:
    """Names the unnamed file open as `fd`. A folder descriptor makes os.link use linkat,
    which follows /proc's link to the file itself (plain link() would link the link)."""
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.link(f"/proc/self/fd/{fd}", path.name, dst_dir_fd=folder, follow_symlinks=True)
    finally:
        os.close(folder)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
