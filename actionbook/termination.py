"""SIGTERM ends a run the way Ctrl-C does: by an exception, so that workers are stopped and
temporary files removed (every `finally` and context manager runs) before the process exits;
and a step that must not stop half-way holds both off until it is done.

A small module of its own: the command line installs it before importing anything heavy.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def exit_on_terminate() -> Iterator[None]:
    """Within the block, SIGTERM raises SystemExit(143). Does nothing off the main thread
    (where Python cannot install handlers) or where SIGTERM already has a handler (the
    caller's choice stands)."""
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL):
        yield
        return
    signal.signal(signal.SIGTERM, _terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done, then act as they would have (a step
    that must not stop half-way). Does nothing off the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = (signal.SIGINT, signal.SIGTERM)
    if any(signal.getsignal(signum) is None for signum in held):  # set outside Python
        yield
        return
    caught: list[int] = []
    previous = {signum: signal.signal(signum, lambda signum, _: caught.append(signum))
                for signum in held}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if caught:
            signal.raise_signal(caught[0])


def _terminated(signum: int, frame: object) -> None:
    signal.signal(signum, signal.SIG_IGN)  # a second SIGTERM must not cut the cleaning up short
    raise SystemExit(128 + signum)
