"""Outputs appear whole or not at all: written beside the target, then moved onto it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from actionbook.errors import OutputError

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


def write_atomically(target: Path, data: bytes) -> Path:
    with atomic_target(target) as temp:
        temp.write_bytes(data)
    return Path(target)


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
