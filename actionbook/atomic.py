"""Outputs appear whole or not at all: written beside the target, then moved onto it.

A set of files (the exports) is written whole into a temporary folder first and moved in
only when every file is there, so an old set and a new one never mix.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
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
def atomic_set(directory: Path, owned: Iterable[str]) -> Iterator[Path]:
    """A temporary folder inside `directory` to write a whole set of files into. When the body
    succeeds its files are moved in, and the names in `owned` that the new set lacks (an old
    run's Parquet, say) removed, with Ctrl-C and SIGTERM held off until all is done. When it
    fails the old set stays whole. The temporary folder goes either way."""
    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        # Inside, not beside: the same file system (renames, not copies) and the same rights.
        temp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=directory))
    except OSError as exc:
        raise OutputError(f"{directory}: cannot write files there "
                          f"({exc.strerror or exc})") from None
    try:
        yield temp
        move_in(temp, directory, set(owned))
    except OSError as exc:
        raise OutputError(f"{directory}: cannot be written ({exc.strerror or exc})") from None
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def move_in(temp: Path, directory: Path, owned: set[str]) -> None:
    new = sorted(path.name for path in temp.iterdir())
    with signals_deferred():  # renames only: a blink, but never half of them
        for name in new:
            os.replace(temp / name, directory / name)
        for name in sorted(owned - set(new)):
            (directory / name).unlink(missing_ok=True)


def write_atomically(target: Path, data: bytes) -> Path:
    with atomic_target(target) as temp:
        temp.write_bytes(data)
    return Path(target)


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
