"""Drive a real LibreOffice from tests: convert files, and type into cells like an official.

LibreOffice's Python bridge (`uno`) imports only under Debian's /usr/bin/python3, never in the
interpreter running the tests. So `convert` runs `soffice --convert-to`, and `Calc` keeps one
soffice listening on a local port plus one driver process (tests/support/lo_driver.py under
/usr/bin/python3) that it talks to in JSON lines. Each soffice gets its own throwaway user
profile: two soffice processes sharing a profile block each other on its lock file.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

UNO_PYTHON = "/usr/bin/python3"
DRIVER = Path(__file__).with_name("lo_driver.py")
FILTERS = {"xlsx": "Calc MS Excel 2007 XML", "ods": "calc8", "pdf": "calc_pdf_Export"}
CONVERT_SECONDS = 120
START_SECONDS = 60
CALL_SECONDS = 120
STOP_SECONDS = 10

# Seeds a new profile's locale: it decides how Calc reads typed dates and numbers
# (en-US reads 03/04/2027 as 4 March, en-GB as 3 April).
PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>{locale}</value></prop></item>
</oor:items>
"""


class LibreOfficeError(RuntimeError):
    """LibreOffice failed to start, to convert a file, or to carry out an operation."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@functools.cache
def missing_reason() -> str | None:
    """Why LibreOffice cannot be driven on this machine, or None when it can."""
    if soffice_path() is None:
        return "soffice is not on PATH (apt-get install libreoffice-calc-nogui)"
    if not os.access(UNO_PYTHON, os.X_OK):
        return f"{UNO_PYTHON} is missing (apt-get install python3-uno)"
    probe = subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True, timeout=60)
    if probe.returncode != 0:
        return f"{UNO_PYTHON} cannot import uno (apt-get install python3-uno)"
    return None


def soffice_available() -> bool:
    return missing_reason() is None


def require_libreoffice() -> None:
    """Skip the calling test where LibreOffice is missing; fail it in CI, which must have it."""
    missing = missing_reason()
    if missing is None:
        return
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"CI must drive a real LibreOffice, but {missing}", pytrace=False)
    pytest.skip(f"needs LibreOffice: {missing}")


def new_profile(locale: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix="actionbook-lo-"))
    (path / "user").mkdir()
    (path / "user" / "registrymodifications.xcu").write_text(PROFILE_SETTINGS.format(locale=locale))
    return path


def soffice_command(profile: Path, *args: str) -> list[str]:
    return [soffice_path(), f"-env:UserInstallation={profile.as_uri()}", *args]


def log_tail(log: Path, limit: int = 2000) -> str:
    text = log.read_text(errors="replace") if log.exists() else ""
    return text[-limit:].strip() or "(nothing logged)"


def stop_group(process: subprocess.Popen, seconds: float = STOP_SECONDS) -> None:
    # soffice is a wrapper that forks soffice.bin: end the whole process group we started.
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(seconds)


def checked_format(fmt: str) -> str:
    if fmt not in FILTERS:
        raise ValueError(f"cannot save as {fmt!r}: use one of {sorted(FILTERS)}")
    return fmt


def output_format(out: Path, fmt: str | None) -> str:
    return checked_format(fmt or out.suffix.lstrip(".").lower())


@functools.cache
def convert_profile() -> Path:
    profile = new_profile("en-US")
    atexit.register(shutil.rmtree, profile, ignore_errors=True)
    return profile


def convert(src, fmt: str, outdir, *, timeout: float = CONVERT_SECONDS) -> Path:
    """Save `src` as `fmt` (xlsx, ods, or pdf: printed) in `outdir` with `soffice --convert-to`;
    return the file.

    Like File > Save As: no recalculation, so formulas keep the cached results they came with.
    """
    src, outdir = Path(src).resolve(), Path(outdir).resolve()
    target = outdir / f"{src.stem}.{checked_format(fmt)}"
    if target == src:
        raise ValueError(f"converting {src} into its own folder would overwrite it")
    target.unlink(missing_ok=True)
    command = soffice_command(
        convert_profile(), "--headless", "--norestore", "--convert-to",
        f"{fmt}:{FILTERS[fmt]}", "--outdir", str(outdir), str(src),
    )
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        printed, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise LibreOfficeError(f"soffice took over {timeout} s to convert {src}") from None
    if not target.exists():
        raise LibreOfficeError(f"soffice did not convert {src}: {printed.decode(errors='replace')}")
    return target


def remove_stale_locks(request: dict) -> None:
    """The lock files a dead soffice left beside the documents of `request`: a fresh one
    finds .~lock.NAME# and refuses to open NAME (soffice 7.4 may die closing a document it
    typed into with .uno:EnterString, after the document was saved)."""
    for key in ("src", "path"):
        if key in request:
            path = Path(request[key])
            (path.parent / f".~lock.{path.name}#").unlink(missing_ok=True)


def absolute(path) -> str:
    return str(Path(path).resolve())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Calc:
    """One LibreOffice Calc, kept running, that opens, edits, recalculates and saves documents.

        with Calc() as calc:
            calc.edit("plan.xlsx", "filled.xlsx", [("Action Plan", "F5", "31/03/2027")])

    Every operation loads the file hidden, changes it, runs calculateAll() and stores a new
    file; the source is never written. If soffice dies, the next operation starts a new one.
    """

    def __init__(self, locale: str = "en-US"):
        self.locale = locale
        self._office = self._driver = None

    def __enter__(self) -> Calc:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        self._profile = new_profile(self.locale)
        self._log = self._profile / "soffice.log"
        port = free_port()
        with self._log.open("ab") as log:
            self._office = subprocess.Popen(
                soffice_command(
                    self._profile, "--headless", "--invisible", "--nologo", "--norestore",
                    f"--accept=socket,host=127.0.0.1,port={port};urp;",
                ),
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            self._driver = subprocess.Popen(
                [UNO_PYTHON, str(DRIVER), str(port)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True,
                start_new_session=True,
            )
        self._replies = self._listen(self._driver.stdout)
        if self._next_reply(START_SECONDS) != {"ready": True}:
            printed = log_tail(self._log)
            self.close()
            raise LibreOfficeError(f"LibreOffice did not start: {printed}")

    def close(self) -> None:
        if self._driver is None:
            return
        if self._driver.poll() is None:
            self._send({"op": "quit"})
        stop_group(self._driver)
        stop_group(self._office)
        self._driver.stdin.close()  # stdout is closed by the reader thread at end of file
        self._office = self._driver = None
        shutil.rmtree(self._profile, ignore_errors=True)

    def apply(self, src, out, steps, fmt: str | None = None) -> Path:
        """Load `src`, apply `steps`, recalculate, save to `out` as xlsx or ods.

        A step is ("type" | "enter", sheet, cell, text), ("insert_columns" | "delete_columns" |
        "insert_rows" | "delete_rows", sheet, index, count) with 0-based indexes,
        or ("rename_sheet", old_name, new_name).
        """
        src, out = Path(src).resolve(), Path(out).resolve()
        if src == out:
            raise ValueError(f"refusing to overwrite the source file {src}")
        store_filter = FILTERS[output_format(out, fmt)]
        request = {"op": "apply", "src": str(src), "out": str(out), "filter_name": store_filter}
        self._call({**request, "steps": list(steps)})
        return out

    def edit(self, src, out, edits, fmt: str | None = None) -> Path:
        """Put each (sheet, cell, text) with cell.setFormula(text), then save.

        Calc parses the text as typed input (dates, numbers, formulas), always with en-US
        conventions whatever the locale: "31/03/2027" stays text, "03/04/2027" is 4 March.
        """
        return self.apply(src, out, [("type", *edit) for edit in edits], fmt)

    def enter(self, src, out, edits, fmt: str | None = None) -> Path:
        """Type each (sheet, cell, text) and press Enter, as read in this Calc's locale.

        With Calc(locale="en-GB"), "31/03/2027" becomes a date, as for a British official.
        """
        return self.apply(src, out, [("enter", *edit) for edit in edits], fmt)

    def recalc_save(self, src, out, fmt: str | None = None) -> Path:
        return self.apply(src, out, [], fmt)

    def insert_columns(self, src, out, sheet, col_index, count=1, fmt=None) -> Path:
        return self.apply(src, out, [("insert_columns", sheet, col_index, count)], fmt)

    def delete_columns(self, src, out, sheet, col_index, count=1, fmt=None) -> Path:
        return self.apply(src, out, [("delete_columns", sheet, col_index, count)], fmt)

    def insert_rows(self, src, out, sheet, row_index, count=1, fmt=None) -> Path:
        return self.apply(src, out, [("insert_rows", sheet, row_index, count)], fmt)

    def delete_rows(self, src, out, sheet, row_index, count=1, fmt=None) -> Path:
        return self.apply(src, out, [("delete_rows", sheet, row_index, count)], fmt)

    def rename_sheet(self, src, out, old_name, new_name, fmt=None) -> Path:
        return self.apply(src, out, [("rename_sheet", old_name, new_name)], fmt)

    def read_values(self, path, sheet, cells) -> dict[str, float | str | None]:
        """Each cell's value as LibreOffice computes it: a number, a text, or None if empty.

        Dates are numbers (serials), as in Calc; a formula error reads as its text (#VALUE!).
        """
        request = {"op": "read_values", "path": absolute(path), "sheet": sheet}
        return self._call({**request, "cells": list(cells)})

    def validation_info(self, path, sheet, cell) -> dict:
        """The cell's data validation as LibreOffice reads it; "items" lists a dropdown's choices.

        Keys: type (ANY, LIST, DATE, DECIMAL, WHOLE, ...), operator, formula1, formula2,
        show_list, ignore_blank, show_error, error_style, error_title, error_message,
        show_input, input_title, input_message, and items for a LIST.
        """
        request = {"op": "validation_info", "path": absolute(path), "sheet": sheet, "cell": cell}
        return self._call(request)

    def _call(self, request: dict):
        if not self._running():
            self._restart()
            remove_stale_locks(request)
        reply = self._exchange(request)
        if reply.get("bridge_lost") or not self._running():
            self._restart()  # soffice died under this call: one more try on a fresh one
            remove_stale_locks(request)
            reply = self._exchange(request)
        if not reply["ok"]:
            raise LibreOfficeError(reply["error"])
        return reply["result"]

    def _running(self) -> bool:
        return all(p is not None and p.poll() is None for p in (self._office, self._driver))

    def _restart(self) -> None:
        self.close()
        self.start()

    def _exchange(self, request: dict) -> dict:
        if not self._send(request):
            return self._lost("the driver stopped reading")
        reply = self._next_reply(CALL_SECONDS)
        return reply if reply is not None else self._lost("the driver exited")

    def _lost(self, what: str) -> dict:
        return {"ok": False, "bridge_lost": True, "error": f"{what}: {log_tail(self._log)}"}

    def _send(self, request: dict) -> bool:
        try:
            self._driver.stdin.write(json.dumps(request) + "\n")
            self._driver.stdin.flush()
            return True
        except BrokenPipeError:
            return False

    def _next_reply(self, seconds: float) -> dict | None:
        try:
            line = self._replies.get(timeout=seconds)
        except queue.Empty:
            self.close()
            raise LibreOfficeError(f"LibreOffice gave no answer in {seconds} s") from None
        return None if line is None else json.loads(line)

    @staticmethod
    def _listen(stream) -> queue.Queue:
        # A reader thread turns the driver's stdout into a queue, so every wait has a timeout.
        lines: queue.Queue = queue.Queue()

        def pump():
            with stream:
                for line in stream:
                    lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        return lines
