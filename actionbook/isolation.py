"""Running untrusted work in child processes, where a crash cannot spread.

`run_isolated` and `map_isolated` run a function (reading a submitted file, say) in worker
processes with a memory ceiling and a timeout, so a parser that aborts, hangs or exhausts
memory loses one file, not the run. The file itself is judged before that by
safety.preflight.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
import shutil
import signal
import tempfile
import time
from collections import deque
from multiprocessing import connection

try:
    import resource
except ImportError:  # Windows: no rlimits, isolation still catches crashes and timeouts
    resource = None

MB = 1024 * 1024


class IsolatedFailure(Exception):
    """A child process gave no result.

    kind: "crashed" (the process died: abort, segfault, a Rust panic), "timeout",
    "out-of-memory" (MemoryError, or a native allocation failure under the memory ceiling), or
    "error" (the function raised an ordinary exception; detail is its repr).
    """

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(kind, detail)
        self.kind, self.detail = kind, detail

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}" if self.detail else self.kind


def run_isolated(func, *args, timeout: float | None = 120, memory_mb: int = 2048):
    """Run func(*args) in a fresh child process and return its result.

    func must be a picklable top-level function. The child gets an address-space ceiling of
    memory_mb and `timeout` seconds. Raises IsolatedFailure when it crashes, times out, runs
    out of memory or raises (kind "error": the child's exception comes back as its repr).
    """
    with _Pool(1, memory_mb) as pool:
        [(_, outcome)] = pool.run([(func, args)], timeout)
    if isinstance(outcome, IsolatedFailure):
        raise outcome
    return outcome


def map_isolated(func, items, jobs: int | None = None, timeout: float | None = 120,
                 memory_mb: int = 2048):
    """Yield (item, func(item) or IsolatedFailure) for every item, in input order.

    `jobs` worker processes (default: CPU count) each run one item at a time, with `timeout`
    seconds per item and an address-space ceiling of memory_mb (imports included: pandas with
    pyarrow and calamine take about 370 MB). A worker that crashes, times out or runs out of
    memory costs only its own item and is replaced. Workers are reused across items, so the
    function's imports are paid once per worker.
    """
    items = list(items)
    size = max(1, min(jobs or os.cpu_count() or 1, len(items)))
    with _Pool(size, memory_mb) as pool:
        for index, outcome in pool.run([(func, (item,)) for item in items], timeout):
            yield items[index], outcome


def _context():
    # Never fork: the parent may hold pandas or pyarrow threads and locks.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class _Pool:
    """Up to `size` workers, one task each at a time, each watched for death and deadline."""

    def __init__(self, size: int, memory_mb: int):
        self.size, self.memory_mb = size, memory_mb
        self.context = _context()
        self.workers: list[_Worker] = []
        self.log_dir = tempfile.mkdtemp(prefix="actionbook-isolated-")
        self.log_count = itertools.count()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        for worker in self.workers:
            worker.stop()
        self.workers.clear()
        shutil.rmtree(self.log_dir, ignore_errors=True)

    def run(self, tasks: list, timeout: float | None):
        """Yield (index, result or IsolatedFailure) in task order."""
        waiting, finished = deque(enumerate(tasks)), {}
        for index in range(len(tasks)):
            while index not in finished:
                self._dispatch(waiting, timeout)
                finished.update(self._collect(timeout))
            self._dispatch(waiting, timeout)  # workers keep busy while the caller uses this one
            yield index, finished.pop(index)

    def _dispatch(self, waiting: deque, timeout: float | None) -> None:
        while waiting and len(self.workers) < self.size:
            log = os.path.join(self.log_dir, f"worker-{next(self.log_count)}.log")
            self.workers.append(_Worker(self.context, self.memory_mb, log))
        for worker in self.workers:
            if waiting and worker.index is None:
                worker.start(*waiting.popleft(), timeout)

    def _collect(self, timeout: float | None) -> dict:
        busy = [worker for worker in self.workers if worker.index is not None]
        handles = {handle: worker for worker in busy for handle in worker.handles()}
        ready = connection.wait(list(handles), _seconds_left(busy))
        outcomes = {}
        for worker in dict.fromkeys(handles[handle] for handle in ready):
            index = worker.index
            outcomes[index] = worker.finish()
        for worker in busy:
            if worker.index is not None and worker.deadline <= time.monotonic():
                outcomes[worker.index] = IsolatedFailure("timeout", f"no result after {timeout:g} s")
                worker.index, worker.broken = None, True
        self._replace_broken()
        return outcomes

    def _replace_broken(self) -> None:
        for worker in [worker for worker in self.workers if worker.broken]:
            worker.stop()
            self.workers.remove(worker)


def _seconds_left(busy: list[_Worker]) -> float | None:
    deadline = min(worker.deadline for worker in busy)
    return None if deadline == float("inf") else max(0.0, deadline - time.monotonic())


class _Worker:
    """The parent's handle on one child process; `broken` once it must not be reused."""

    def __init__(self, context, memory_mb: int, log_path: str):
        self.conn, child_end = context.Pipe()
        self.log_path = log_path
        self.process = context.Process(
            target=_worker_main, args=(child_end, memory_mb, log_path), daemon=True
        )
        self.process.start()
        child_end.close()
        self.index, self.deadline, self.broken = None, float("inf"), False

    def handles(self) -> tuple:
        return self.conn, self.process.sentinel

    def start(self, index: int, task: tuple, timeout: float | None) -> None:
        self.conn.send(task)
        self.index = index
        self.deadline = float("inf") if timeout is None else time.monotonic() + timeout

    def finish(self):
        """The running task's result or IsolatedFailure; call once its pipe or process is ready."""
        self.index = None
        if not self.conn.poll():
            return self._died()
        try:
            kind, value = self.conn.recv()
        except (EOFError, OSError):
            return self._died()
        if kind == "ok":
            return value
        self.broken = kind == "out-of-memory"  # a fresh process beats a fragmented heap
        return IsolatedFailure(kind, value)

    def _died(self) -> IsolatedFailure:
        self.broken = True
        self.process.join(5)
        return IsolatedFailure(*_death_cause(self.process.exitcode, _log_start(self.log_path)))

    def stop(self) -> None:
        if self.broken or self.index is not None:
            self.process.kill()
        else:
            try:
                self.conn.send_bytes(b"")  # the stop signal
            except OSError:
                self.process.kill()
        self.process.join(5)
        if self.process.exitcode is None:
            self.process.kill()
            self.process.join()
        self.conn.close()
        self.process.close()


def _death_cause(exitcode: int | None, said: str) -> tuple[str, str]:
    # Rust reports a failed allocation on stderr, then aborts (calamine under the ceiling).
    if "memory allocation of" in said:
        return "out-of-memory", said
    if exitcode is not None and exitcode < 0:
        try:
            how = f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"killed by signal {-exitcode}"
    else:
        how = f"exited with code {exitcode}"
    return "crashed", f"{how}: {said}" if said else how


def _log_start(log_path: str) -> str:
    """The first thing a dying child printed, e.g. "memory allocation of ... failed"."""
    try:
        with open(log_path, "rb") as log:
            text = log.read(4096).decode("utf-8", "replace")
    except OSError:
        return ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0][:300] if lines else ""


# --- the child's side ----------------------------------------------------------------------------


def _worker_main(conn, memory_mb: int, log_path: str) -> None:
    _confine(memory_mb, log_path)
    while True:
        try:
            task = conn.recv_bytes()
        except (EOFError, OSError):
            return
        if not task:
            return
        os.ftruncate(2, 0)  # the log keeps only what the current task printed
        os.lseek(2, 0, os.SEEK_SET)
        _reply(conn, _outcome(task, memory_mb))



def _confine(memory_mb: int, log_path: str) -> None:
    """Cap the child's memory, keep core dumps off the disk, and keep what a crashing native
    library prints out of the coordinator's console (the parent reads it back from the log)."""
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(log, 2)
    os.close(log)
    if resource is None:
        return
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = memory_mb * MB if hard == resource.RLIM_INFINITY else min(memory_mb * MB, hard)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))


def _outcome(task: bytes, memory_mb: int) -> tuple[str, object]:
    try:
        func, args = pickle.loads(task)  # here, so a failing import is an "error", not a crash
        return "ok", func(*args)
    except MemoryError:
        return "out-of-memory", f"needed more than the {memory_mb:,} MB allowed"
    except (Exception, SystemExit) as error:
        return "error", repr(error)


def _reply(conn, outcome: tuple) -> None:
    try:
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as error:  # a result that cannot be pickled
        data = pickle.dumps(("error", f"the result could not be sent back: {error!r}"))
    conn.send_bytes(data)
