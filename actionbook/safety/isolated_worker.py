"""The child's side of isolation.py: one worker process, running one task at a time.

isolation.py starts it as a fresh interpreter (`python -c`, see isolation.command), never by
forking or by multiprocessing, so it never imports the caller's `__main__`: the library works
from a plain script without an `if __name__ == "__main__":` guard. Tasks and results are
pickles in length-prefixed frames over two pipes. A third pipe, the lifeline, is held open by
the parent and never written: when the parent dies by any signal the kernel closes it and the
worker exits at once, busy or idle. On Linux the kernel's parent-death signal backs it up for
a worker stuck in native code that holds the GIL.

This module imports only the standard library's light modules: it is every worker's start-up.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import sys
import threading

try:
    import resource
except ImportError:  # Windows: no rlimits
    resource = None  # type: ignore[assignment]

MB = 1024 * 1024
HEADER = struct.Struct("!Q")  # the length of the frame's pickle
PR_SET_PDEATHSIG = 1


# --- frames: shared by both sides -------------------------------------------------------------


def send_frame(fd: int, data: bytes) -> None:
    """The frame whole; an empty one is the parent's stop signal."""
    view = memoryview(HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def receive_frame(fd: int) -> bytes:
    """The next frame's bytes; b"" at end of file (the other side is gone), even mid-frame."""
    header = _read_exactly(fd, HEADER.size)
    if header is None:
        return b""
    (size,) = HEADER.unpack(header)
    return _read_exactly(fd, size) or b""


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 24))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


# --- the worker --------------------------------------------------------------------------------


def main(argv: list[str]) -> None:
    """argv: the task, result and lifeline descriptors, the memory ceiling in MB, the parent's
    process id."""
    tasks, results, lifeline, memory_mb, parent = (int(arg) for arg in argv)
    # Ctrl-C at a terminal reaches the whole process group: the parent decides, and stops us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(lifeline, parent)
    confine(memory_mb)
    while task := receive_frame(tasks):
        os.ftruncate(2, 0)  # stderr (an anonymous file) keeps only what this task printed
        os.lseek(2, 0, os.SEEK_SET)
        send_frame(results, reply(outcome(task, memory_mb)))
    # Stopped: every result is sent, and tearing down pandas and friends takes a tenth of a
    # second the parent would wait for.
    os._exit(0)


def die_with_parent(lifeline: int, parent: int) -> None:
    """Exit as soon as the parent is gone, however it went."""
    threading.Thread(target=_exit_on_eof, args=(lifeline,), daemon=True).start()
    if sys.platform.startswith("linux"):
        _parent_death_signal()
    if os.getppid() != parent:  # it died before the watch began
        os._exit(1)


def _exit_on_eof(lifeline: int) -> None:
    # Nothing is ever written: the read returns only when the parent's end is closed.
    try:
        os.read(lifeline, 1)
    finally:
        os._exit(1)


def _parent_death_signal() -> None:
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # no prctl: the lifeline alone
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def confine(memory_mb: int) -> None:
    """Cap the worker's memory and keep core dumps off the disk."""
    if resource is None:
        return
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = memory_mb * MB if hard == resource.RLIM_INFINITY else min(memory_mb * MB, hard)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))


def outcome(task: bytes, memory_mb: int) -> tuple[str, object]:
    try:
        func, args = pickle.loads(task)  # here, so a failing import is an "error", not a crash
        return "ok", func(*args)
    except MemoryError:
        return "out-of-memory", f"needed more than the {memory_mb:,} MB allowed"
    except (Exception, SystemExit) as error:  # noqa: BLE001 (whatever the task raised goes back)
        return "error", repr(error)


def reply(result: tuple) -> bytes:
    try:
        return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as error:  # noqa: BLE001 (a result that cannot be pickled, for any reason)
        return pickle.dumps(("error", f"the result could not be sent back: {error!r}"))
