"""Which files of a folder to read, and why the others were left out: one rule for every
command that takes a folder (`check`, `consolidate`).

The folder is searched recursively, in a stable (sorted) order. Hidden files and folders
(.DS_Store, .git, __MACOSX) are ignored without a word; lock files, temporary files and
anything that is not a submission format are set aside with the reason, so every file the
coordinator sees in the folder can be accounted for. Legacy Excel files (.xls, .xlsb) are set
aside too, with how to save them as .xlsx; `check` reads them anyway, so that the reader's
pre-flight refuses them with the same advice.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

SUBMISSION_SUFFIXES = (".xlsx", ".xlsm", ".ods")
IGNORED_FOLDERS = ("__MACOSX",)  # what macOS adds to a zip: copies of every file's metadata
LEGACY = {
    ".xls": "a legacy Excel 97-2003 file: open it and save it as .xlsx (Excel Workbook)",
    ".xlsb": "an Excel Binary Workbook: open it in Excel and save it as .xlsx",
}


@dataclass
class Found:
    """The files of a folder in walk order, each with why it is set aside (None: read it)."""

    files: list[tuple[Path, str | None]] = field(default_factory=list)

    @property
    def candidates(self) -> list[Path]:
        """The submissions to read."""
        return [path for path, reason in self.files if reason is None]

    @property
    def skipped(self) -> list[tuple[Path, str]]:
        """The files set aside, with the reason."""
        return [(path, reason) for path, reason in self.files if reason is not None]

    def spreadsheets(self) -> list[Path]:
        """The submissions and the legacy Excel files, in walk order."""
        return [path for path, reason in self.files if reason is None or is_legacy(path)]


def discover(folder: Path, exclude=()) -> Found:
    """Every file under `folder` but the hidden ones and those in `exclude`, each with the
    reason it is not read (None for a submission)."""
    excluded = {Path(p).resolve() for p in exclude}
    found = Found()
    for path in walk(folder):
        reason = skip_reason(path)
        if reason != "" and (not excluded or path.resolve() not in excluded):
            found.files.append((path, reason))
    return found


def walk(folder: Path):
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not hidden(f) and f not in IGNORED_FOLDERS)
        for name in sorted(files):
            yield Path(root) / name


def hidden(name: str) -> bool:
    return name.startswith(".") and not is_lock(name)


def is_lock(name: str) -> bool:
    # Excel's owner file "~$Book.xlsx"; LibreOffice's ".~lock.Book.xlsx#".
    return name.startswith("~$") or name.startswith(".~lock.")


def is_legacy(path: Path) -> bool:
    return skip_reason(path) == LEGACY.get(path.suffix.lower())


def skip_reason(path: Path) -> str | None:
    """None for a file to read, "" for one to ignore silently, else why it is skipped."""
    name, suffix = path.name, path.suffix.lower()
    if is_lock(name):
        return "a lock file (the workbook was open when the folder was copied)"
    if hidden(name):
        return ""
    if name.startswith("~") or name.endswith("~") or suffix in (".tmp", ".bak"):
        return "a temporary or backup file"
    if suffix in LEGACY:
        return LEGACY[suffix]
    if suffix not in SUBMISSION_SUFFIXES:
        return f"not a spreadsheet submission ({suffix or 'no extension'})"
    return None
