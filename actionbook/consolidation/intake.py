"""The submissions of a folder, read and checked in isolated workers, as a stream.

Files are handed to the workers in the order the Actions table will most likely have (the
roster rank of the ministry code in the file name, then the name) and yielded in that order as
each is read, so that the caller can write a file's rows while the workers read the next ones.
The plan travels to the workers once per worker, not once per file (`Shipped`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar, cast

from actionbook.consolidation.attribution import Ranking, ministry_in_name
from actionbook.consolidation.submission import Examined, crashed, examine
from actionbook.plan import Plan
from actionbook.read.memory_fast import ReadMemory

Progress = Callable[[int, int], None]
# Work done in the worker on each accepted file, beside examining it: (examined, plan) -> what
# the main process finds as examined.prepared (the report's rendered rows).
Prepare = Callable[[Examined, Plan], object]
T = TypeVar("T")


def dispatch_order(paths: list[Path], folder: Path, plan: Plan) -> list[Path]:
    """The files by the roster rank of the ministry code in their name, then by name: the
    order of the Actions table whenever the names carry the ministry codes."""
    ranking = Ranking(plan)

    def key(path: Path) -> tuple:
        name = path.relative_to(folder).as_posix()
        return (ranking.of(ministry_in_name(name, plan)), name)
    return sorted(paths, key=key)


def examine_all(paths: list[Path], folder: Path, plan: Plan, as_of: dt.date, jobs: int | None,
                timeout: float, progress: Progress | None = None,
                prepare: Prepare | None = None) -> Iterator[Examined]:
    """`examine` over every path in isolated workers (and `prepare` on each accepted file),
    yielded in order as each is read; a file that crashes or hangs its worker is a rejected
    one."""
    from actionbook.safety.isolation import IsolatedFailure, map_isolated

    if not paths:
        return
    # The plan and this run's ReadMemory (speed only) travel together, unpickled once per
    # worker: every file a worker reads in this run shares the one memory.
    work = functools.partial(examine_prepared, folder=folder, run=shipped((plan, ReadMemory())),
                             as_of=as_of, prepare=prepare)
    for done, (path, outcome) in enumerate(map_isolated(work, paths, jobs, timeout), 1):
        if isinstance(outcome, IsolatedFailure):
            outcome = crashed(path, folder, outcome)
        if progress:
            progress(done, len(paths))
        yield outcome


def examine_prepared(path: Path, folder: Path, run: tuple[Plan, ReadMemory], as_of: dt.date,
                     prepare: Prepare | None) -> Examined:
    """Runs in a worker: `examine`, then `prepare` when the file was accepted; `run`: the
    plan, and the run's ReadMemory."""
    plan, memory = run
    e = examine(path, folder, plan, as_of, memory)
    if prepare is not None and e.accepted:
        e.prepared = prepare(e, plan)
    return e


class Shipped:
    """An object pickled once however many tasks carry it, and unpickled once per worker:
    a worker arrives at it as the object itself. A plan with a long roster costs half a
    millisecond to pickle and as much to unpickle, on both sides of every task.

    Speed only: the plain path hands the plan itself to every task, and a worker gets the same
    plan either way (tests/consolidation/test_consolidate.py compares them)."""

    def __init__(self, obj: object):
        self.data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        self.key = hashlib.sha256(self.data).hexdigest()

    def __reduce__(self):
        return unshipped, (self.key, self.data)


def shipped(obj: T) -> T:
    """`obj` wrapped to travel as a Shipped: what a worker unpickles is `obj` itself."""
    return cast(T, Shipped(obj))


# The one process-wide memory of the intake, and why it may be one: it is filled only where a
# Shipped is unpickled, in the workers, and map_isolated starts fresh workers for each run
# that exit with it, so it lives exactly as long as the run it serves. It holds one object,
# replaced when another arrives (a worker serves one consolidation), and the main process
# never fills it unless it unpickles a Shipped itself.
_UNSHIPPED: dict[str, object] = {}


def unshipped(key: str, data: bytes) -> object:
    """Runs in the worker as a task is unpickled: the object, unpickled once."""
    if key not in _UNSHIPPED:
        _UNSHIPPED.clear()  # a worker serves one consolidation: keep only its plan
        _UNSHIPPED[key] = pickle.loads(data)
    return _UNSHIPPED[key]
