"""Which files of a submissions folder to read, and why the others were skipped.

The folder is searched recursively. Hidden files and folders (.DS_Store, .git, __MACOSX) are
ignored without a word; lock files, temporary files and anything that is not a submission
format are listed as skipped with the reason, so every file the coordinator sees in the folder
is accounted for.
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
    candidates: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def discover(folder: Path, exclude=()) -> Found:
    """Submissions under `folder` in a stable order, and the files skipped with a reason."""
    excluded = {Path(p).resolve() for p in exclude}
    found = Found()
    for path in walk(folder):
        if path.resolve() in excluded:
            continue
        reason = skip_reason(path)
        if reason is None:
            found.candidates.append(path)
        elif reason:
            found.skipped.append((path, reason))
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
