"""A submitted file's bytes, as every check of the safety stage reads them."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

from actionbook.safety.limits import MB

_IN_MEMORY = 64 * MB  # a file up to this size is read once, whole


class Source:
    """The file's bytes. A file of sane size is read once, whole: every check then reads
    memory, and what the reader and the SHA-256 use are the very bytes judged here (a file
    changed on disk meanwhile cannot slip past). A larger one is read from disk as needed."""

    def __init__(self, path: Path, load: bool = False, data: bytes | None = None):
        self.path, self.data = path, data
        if data is not None:  # the bytes its caller read, once, from the file it opened
            self.kind = "file"
            return
        try:
            mode = path.stat().st_mode
        except (OSError, ValueError):
            mode = 0
        self.kind = "folder" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "missing"
        if load and self.kind == "file":
            self.data = _whole(path)

    def open(self):
        return io.BytesIO(self.data) if self.data is not None else self.path.open("rb")

    def zipfile(self) -> zipfile.ZipFile:
        return zipfile.ZipFile(io.BytesIO(self.data) if self.data is not None else self.path)


def _whole(path: Path) -> bytes | None:
    """The file's bytes when it holds at most _IN_MEMORY, read in one go of its size: asked
    for _IN_MEMORY at once, Python first makes room for all of it, at five times the cost."""
    with path.open("rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size > _IN_MEMORY:
            return None
        data = f.read(size + 1)  # one byte more: a file that grew meanwhile shows it
        if len(data) > size:
            data += f.read(_IN_MEMORY + 1 - len(data))
    return data if len(data) <= _IN_MEMORY else None

