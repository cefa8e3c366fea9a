"""A submitted file's bytes, read once by the process that judges and parses them.

Every command reads a submission the same way: opened without blocking (a named pipe or a
device named like a workbook cannot hang the read), refused unless it is a regular file,
refused unread when it is larger than a workbook may be, and read whole, once. The pre-flight
check judges these bytes, the parsers read them, and the file's size, modification time and
SHA-256 come from them and from the same open file: a file swapped or deleted on disk
meanwhile cannot slip past, it is a rejected file with its reason.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from actionbook.errors import ReadError
from actionbook.findings import Code, Finding
from actionbook.safety import discovery
from actionbook.safety import preflight as safety

MAX_BYTES = safety.DEFAULT_LIMITS.total_inflated_bytes  # a bigger zip is never a sane workbook
FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | \
    getattr(os, "O_BINARY", 0)
FIX = "Save the workbook as a file in the folder (.xlsx) and run again."


@dataclass(frozen=True)
class Opened:
    """A file's bytes as read, and what the open file said of itself as they were read."""

    data: bytes
    modified: dt.datetime  # UTC, to the second

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_bytes(path: Path, limit: int = MAX_BYTES) -> Opened:
    """The file's bytes; ReadError (with its finding) when it is not a regular file, is
    larger than `limit`, or cannot be opened or read."""
    try:
        fd = os.open(path, FLAGS)
    except (OSError, ValueError) as error:
        raise refused(path, NOT_OPENED.get(getattr(error, "errno", None))
                      or f"it cannot be opened ({problem(error)})") from None
    try:
        info = os.fstat(fd)
        return Opened(whole(path, fd, info, limit), modified(info))
    except OSError as error:
        raise refused(path, f"it could not be read ({problem(error)})") from None
    finally:
        os.close(fd)


def whole(path: Path, fd: int, info: os.stat_result, limit: int) -> bytes:
    kind = stat.S_IFMT(info.st_mode)
    if kind != stat.S_IFREG:
        what = "a folder" if kind == stat.S_IFDIR else \
            discovery.KINDS.get(kind, "not a regular file").split(",")[0]
        raise refused(path, f"it is {what}, not a file")
    if info.st_size > limit:
        raise too_large(path, info.st_size, limit)
    chunks: list[bytes] = []
    size = 0
    while size <= limit:  # one byte past the size fstat gave: a file that grew shows it
        chunk = os.read(fd, max(info.st_size + 1 - size, 1 << 20))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    raise too_large(path, size, limit)


def modified(info: os.stat_result) -> dt.datetime:
    stamp = dt.datetime.fromtimestamp(info.st_mtime, dt.UTC)
    return stamp.replace(tzinfo=None, microsecond=0)


NOT_OPENED: dict[int | None, str] = {
    errno.ENOENT: "it was not found (moved or deleted?)",
    errno.EACCES: "it cannot be opened (permission denied)",
    errno.EPERM: "it cannot be opened (permission denied)",
    errno.ELOOP: "it is a link that loops back on itself",
    errno.ENAMETOOLONG: "its path is longer than the system allows",
}


def problem(error: BaseException) -> str:
    return discovery.describe(error).lower()


def refused(path: Path, reason: str) -> ReadError:
    finding = Finding.make(Code.UNREADABLE_FILE, file=discovery.shown(Path(path.name)),
                           reason=reason, fix=FIX)
    return ReadError(finding.message, finding)


def too_large(path: Path, size: int, limit: int) -> ReadError:
    reason = f"it holds {size / 2**20:,.0f} MB, more than the {limit / 2**20:,.0f} MB a " \
             "workbook may"
    finding = Finding.make(Code.UNSAFE_FILE, file=discovery.shown(Path(path.name)), reason=reason)
    return ReadError(finding.message, finding)
