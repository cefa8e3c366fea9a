"""Builders and helpers for the process robustness cases: a run killed while a worker is busy,
the README's example as a plain script, an export interrupted half-way.

Each make_<case>(folder) creates the case's file(s) inside `folder` and returns what a test (or
a consolidation of a mixed folder) must account for. The helpers find a run's processes by an
environment marker every process of the run inherits, so none escapes by changing its process
group.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
import uuid
from pathlib import Path

from tests.support import hostile

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "submissions"
MARKER = "ACTIONBOOK_TEST_RUN"
HEADERS = ["Goal", "Action Step", "By Whom", "By When", "Estimated cost", "Status"]

# The README's Python example, as a user would save it: no `if __name__ == "__main__":`.
SCRIPT = '''\
import actionbook

plan = None
result = actionbook.consolidate({folder!r}, plan, as_of=None)
print(len(result.actions), ",".join(result.submissions["status"]))
'''


# --- builders ----------------------------------------------------------------------------------


def make_slow_workbook(folder: Path, rows: int = 39_900, name: str = "slow.xlsx") -> Path:
    """A legal hand-made workbook, inside every pre-flight limit (40,000 rows), that keeps a
    worker busy reading and checking it for seconds (15 s of CPU at 99,000 rows). It is read,
    not refused: a consolidation lists it as an "(unknown)" ministry's incomplete plan."""
    rng = random.Random(rows)
    header = "".join(hostile.text_cell(f"{c}1", h) for c, h in zip("ABCDEF", HEADERS))
    parts = [f'<row r="1">{header}</row>']
    parts += [_slow_row(r, rng) for r in range(2, rows + 2)]
    sheet = hostile.sheet_xml("".join(parts), f"A1:F{rows + 1}")
    return hostile.xlsx_with_sheet(Path(folder), name, sheet)


def _slow_row(r: int, rng: random.Random) -> str:
    # Random words keep the zip's ratio inside the limit a bomb would break.
    texts = {"A": f"Goal {r % 7}", "B": f"Step {rng.getrandbits(40)}",
             "C": f"Unit {rng.getrandbits(20)}", "F": "In progress"}
    cells = [f'<c r="{c}{r}" t="inlineStr"><is><t>{t}</t></is></c>' for c, t in texts.items()]
    numbers = {"D": 46000 + r % 900, "E": rng.getrandbits(24)}
    cells[3:3] = [f'<c r="{c}{r}"><v>{v}</v></c>' for c, v in numbers.items()]
    return f'<row r="{r}">{"".join(cells)}</row>'


def make_script_without_guard(folder: Path, submissions: Path = SAMPLES) -> Path:
    """The README's `actionbook.consolidate(...)` saved as a plain script (no main guard) that
    prints the number of actions and every file's status, comma-separated."""
    script = Path(folder) / "consolidate_plain.py"
    script.write_text(SCRIPT.format(folder=str(submissions)), encoding="utf-8")
    return script


def make_old_export(folder: Path) -> dict[str, bytes]:
    """An earlier run's export folder `folder/tables` (the shipped samples' CSVs), returned as
    {name: bytes}: what must still be there, byte for byte, after an export that failed."""
    target = Path(folder) / "tables"
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "samples" / "export").glob("*.csv")):
        (target / path.name).write_bytes(path.read_bytes())
    return folder_bytes(target)


# --- running and watching a run ------------------------------------------------------------


def start_marked(args: list[str], tmp: Path) -> tuple[subprocess.Popen, str]:
    """`python ARGS` (`-m actionbook ...`, or a script) with a marker in its environment
    (inherited by every process it starts) and TMPDIR set to `tmp`, so what the run leaves in
    the temp folder shows. Its stderr goes to stderr.txt beside `tmp`."""
    marker = uuid.uuid4().hex
    env = {**script_env(), MARKER: marker, "TMPDIR": str(tmp)}
    with open(tmp.parent / "stderr.txt", "wb") as stderr:  # the run's own copy stays open
        process = subprocess.Popen([sys.executable, *args], env=env,
                                   stdout=subprocess.DEVNULL, stderr=stderr)
    return process, marker


def marked_processes(marker: str) -> dict[int, float]:
    """Every live process whose environment carries `marker`: pid -> CPU seconds used."""
    wanted = f"{MARKER}={marker}".encode()
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and wanted in _environ(entry).split(b"\0"):
            found[int(entry)] = _cpu_seconds(entry)
    return {pid: cpu for pid, cpu in found.items() if cpu is not None}


def _environ(pid: str) -> bytes:
    try:
        return Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:  # gone, or not ours
        return b""


def _cpu_seconds(pid: str) -> float | None:
    """utime + stime; None for a zombie (dead, only waiting to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    if fields[0] in "ZX":
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for_busy_worker(process: subprocess.Popen, marker: str, cpu: float = 2.0,
                         within: float = 120) -> int:
    """The pid of a worker of the run (not the run itself) once it has used `cpu` seconds of
    CPU: past its imports, deep in a file."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and process.poll() is None:
        busy = [pid for pid, used in marked_processes(marker).items()
                if pid != process.pid and used >= cpu]
        if busy:
            return busy[0]
        time.sleep(0.1)
    raise AssertionError(f"no worker of the run got busy (exit {process.poll()})")


def survivors(marker: str, within: float = 5.0) -> dict[int, float]:
    """The run's processes still alive after `within` seconds (none, as soon as they are)."""
    deadline = time.monotonic() + within
    while (alive := marked_processes(marker)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every entry of `folder` (hidden ones included) by name, files by their bytes."""
    return {path.name: path.read_bytes() if path.is_file() else b"<folder>"
            for path in sorted(Path(folder).iterdir())}


def script_env() -> dict[str, str]:
    """The environment a user's script runs in, with this checkout's actionbook first."""
    return {**os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}


def interrupt_on_call(n: int, func, error: BaseException | None = None):
    """`func`, except that its n-th call raises `error` (default KeyboardInterrupt: Ctrl-C
    half-way)."""
    calls = []

    def wrapped(*args, **kwargs):
        calls.append(args)
        if len(calls) == n:
            raise error or KeyboardInterrupt()
        return func(*args, **kwargs)

    return wrapped
