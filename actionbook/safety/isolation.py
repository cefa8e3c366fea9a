"""Running untrusted work in child processes, where a crash cannot spread.

`run_isolated` and `map_isolated` run a function (reading a submitted file, say) in worker
processes with a memory ceiling and a timeout, so a parser that aborts, hangs or exhausts
memory loses one file, not the run. The file itself is judged before that by
safety.preflight.

Nothing outlives a run: each worker is a fresh interpreter (isolated_worker.py) that exits as
soon as its parent dies, by any signal; no temporary file or folder has a name; SIGTERM, like
Ctrl-C, stops the workers before the parent exits (termination.py).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import time
from collections import deque
from multiprocessing import connection
from pathlib import Path

from actionbook.safety import site_skip_fast
from actionbook.safety.isolated_worker import receive_frame, send_frame
from actionbook.termination import exit_on_terminate


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


def command(fds: tuple[int, int, int], memory_mb: int) -> list[str]:
    """A fresh interpreter running isolated_worker.main with the parent's import path (so it
    finds what the tasks name, this very actionbook included), and never the caller's
    `__main__`."""
    start = ("import sys; sys.path[:] = sys.argv[6:]; "
             "from actionbook.safety.isolated_worker import main; main(sys.argv[1:6])")
    return [sys.executable, *site_skip_fast.site_flags(), "-c", start, *map(str, fds),
            str(memory_mb), str(os.getpid()), *map(str, sys.path), str(package_home())]


def package_home() -> Path:
    """The folder that holds this actionbook package: the worker imports it from there even
    when it skips `site` and the parent found actionbook through an import hook."""
    return Path(__file__).resolve().parents[2]


class _Pool:
    """Up to `size` workers, one task each at a time, each watched for death and deadline."""

    def __init__(self, size: int, memory_mb: int):
        self.size, self.memory_mb = size, memory_mb
        self.workers: list[_Worker] = []
        self.terminate = exit_on_terminate()

    def __enter__(self):
        self.terminate.__enter__()
        return self

    def __exit__(self, *exc_info):
        try:
            _stop_all(self.workers)
            self.workers.clear()
        finally:
            self.terminate.__exit__(*exc_info)

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
            self.workers.append(_Worker(self.memory_mb))
        for worker in self.workers:
            if waiting and worker.index is None:
                index, task = waiting.popleft()
                worker.start(index, task, timeout)

    def _collect(self, timeout: float | None) -> dict:
        busy = [worker for worker in self.workers if worker.index is not None]
        by_pipe = {worker.results: worker for worker in busy}
        outcomes: dict[int | None, object] = {}
        for pipe in connection.wait(list(by_pipe), _seconds_left(busy)):
            worker = by_pipe[pipe]  # type: ignore[index]  # wait gives back what it was given
            index = worker.index  # before finish() clears it
            outcomes[index] = worker.finish()
        for worker in busy:
            if worker.index is not None and worker.deadline <= time.monotonic():
                outcomes[worker.index] = IsolatedFailure("timeout",
                                                         f"no result after {timeout:g} s")
                worker.index, worker.broken = None, True
        self._replace_broken()
        return outcomes

    def _replace_broken(self) -> None:
        broken = [worker for worker in self.workers if worker.broken]
        _stop_all(broken)
        for worker in broken:
            self.workers.remove(worker)


def _seconds_left(busy: list[_Worker]) -> float | None:
    deadline = min(worker.deadline for worker in busy)
    return None if deadline == float("inf") else max(0.0, deadline - time.monotonic())


def _stop_all(workers: list[_Worker]) -> None:
    """Tell every worker to stop first, then wait for each: they end side by side."""
    for worker in workers:
        worker.ask_to_stop()
    for worker in workers:
        worker.reap()


class _Worker:
    """The parent's handle on one child process; `broken` once it must not be reused.

    The child's stderr is an anonymous temporary file (unlinked from the start, so nothing is
    left behind whatever kills either process): a dying native library's last words are read
    back from it."""

    def __init__(self, memory_mb: int):
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in _close, as the worker ends)
        tasks, self.tasks = os.pipe()
        self.results, results = os.pipe()
        lifeline, self.lifeline = os.pipe()  # held here, never written: see isolated_worker
        child_ends = (tasks, results, lifeline)
        try:
            self.process = subprocess.Popen(
                command(child_ends, memory_mb), pass_fds=child_ends, stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=self.log)
        except BaseException:
            self._close()
            raise
        finally:
            for fd in child_ends:
                os.close(fd)
        # self.results reads as ready when a result arrives or the child dies (its end closes)
        self.index: int | None = None
        self.deadline, self.broken = float("inf"), False

    def start(self, index: int, task: tuple, timeout: float | None) -> None:
        data = pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL)
        # Died while idle: finish() tells how, as the pipe reads at its end.
        with contextlib.suppress(OSError):
            send_frame(self.tasks, data)
        self.index = index
        self.deadline = float("inf") if timeout is None else time.monotonic() + timeout

    def finish(self):
        """The running task's result or IsolatedFailure; call once its pipe is ready."""
        self.index = None
        try:
            kind, value = pickle.loads(receive_frame(self.results))
        except (EOFError, OSError, pickle.UnpicklingError):
            return self._died()
        if kind == "ok":
            return value
        self.broken = kind == "out-of-memory"  # a fresh process beats a fragmented heap
        return IsolatedFailure(kind, value)

    def _died(self) -> IsolatedFailure:
        self.broken = True
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return IsolatedFailure(*_death_cause(self.process.returncode, _log_start(self.log)))

    def ask_to_stop(self) -> None:
        if self.broken or self.index is not None:
            self.process.kill()
            return
        try:
            send_frame(self.tasks, b"")  # the stop signal
        except OSError:
            self.process.kill()

    def reap(self) -> None:
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        finally:
            self._close()

    def _close(self) -> None:
        for fd in (self.tasks, self.results, self.lifeline):
            os.close(fd)
        self.log.close()


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


def _log_start(log) -> str:
    """The first thing a dying child printed, e.g. "memory allocation of ... failed"."""
    try:
        text = os.pread(log.fileno(), 4096, 0).decode("utf-8", "replace")
    except OSError:
        return ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0][:300] if lines else ""
