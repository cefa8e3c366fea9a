"""Which files of a folder to read, and why the others were left out: one rule for every
command that takes a folder (`check`, `consolidate`).

The folder is searched recursively, in a stable (sorted) order: a folder's files, then its
subfolders. Only regular files are read. Links are followed, to files and to folders, and
each real file is read once (known by its device and inode), however many links or paths
lead to it; a link back to a folder above it is a loop, and is not followed. Everything else
is listed with a plain reason: devices, named pipes, sockets, dangling links, link loops,
files and folders that cannot be read, paths longer than the system allows. Discovery only
asks the file system about entries (stat); it never opens a file, so a named pipe or a link
to /dev/zero cannot hang it, and no file-system error escapes it.

Hidden files and folders (.DS_Store, .git, __MACOSX) are ignored without a word; lock files,
temporary files and anything that is not a submission format are set aside with the reason,
so every file the coordinator sees in the folder can be accounted for. Legacy Excel files
(.xls, .xlsb) are set aside too, with how to save them as .xlsx; `check` reads them anyway,
so that the reader's pre-flight refuses them with the same advice.

A name that is not valid UTF-8 (a file copied from another system) is read like any other;
`shown` gives the printable form every table and message uses.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

SUBMISSION_SUFFIXES = (".xlsx", ".xlsm", ".ods")
IGNORED_FOLDERS = ("__MACOSX",)  # what macOS adds to a zip: copies of every file's metadata
LEGACY = {
    ".xls": "a legacy Excel 97-2003 file: open it and save it as .xlsx (Excel Workbook)",
    ".xlsb": "an Excel Binary Workbook: open it in Excel and save it as .xlsx",
}
KINDS = {
    stat.S_IFCHR: "a device, not a file",
    stat.S_IFBLK: "a device, not a file",
    stat.S_IFIFO: "a named pipe (FIFO), not a file",
    stat.S_IFSOCK: "a socket, not a file",
}
Identity = tuple[int, int]  # (st_dev, st_ino): one real file, whatever the path to it


@dataclass
class Found:
    """The files of a folder in walk order, each with why it is set aside (None: read it)."""

    files: list[tuple[Path, str | None]] = field(default_factory=list)
    # entries set aside for what the file system says of them (not for their name)
    problems: set[Path] = field(default_factory=set)
    blocked: set[Path] = field(default_factory=set)  # folders that could not be listed
    identities: dict[Identity, Path] = field(default_factory=dict)  # every regular file

    @property
    def candidates(self) -> list[Path]:
        """The submissions to read."""
        return [path for path, reason in self.files if reason is None]

    @property
    def skipped(self) -> list[tuple[Path, str]]:
        """The files set aside, with the reason."""
        return [(path, reason) for path, reason in self.files if reason is not None]

    def spreadsheets(self) -> list[Path]:
        """The submissions, the legacy Excel files, and the entries named like them or the
        folders that the file system would not let be read, in walk order."""
        return [path for path, reason in self.files
                if reason is None or is_legacy(path) or path in self.blocked
                or (path in self.problems and skip_reason(path) is None)]

    def holds(self, path: Path) -> bool:
        """Whether `path` (links followed) is one of the regular files found."""
        key = identity(path)
        return key is not None and key in self.identities


def discover(folder: Path, exclude=()) -> Found:
    """Every entry under `folder` but the hidden ones and the files in `exclude`, each with
    the reason it is not read (None for a submission)."""
    excluded = {key for key in map(identity, exclude) if key is not None}
    return Walk(Path(folder), excluded).run()


def identity(path) -> Identity | None:
    """The real file a path leads to; None when it leads nowhere."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


class Walk:
    """One search of a folder: the folders already entered, the files already found."""

    def __init__(self, root: Path, excluded: set[Identity]):
        self.root, self.excluded = root, excluded
        self.found = Found()
        self.folders: dict[Identity, Path] = {}

    def run(self) -> Found:
        key = identity(self.root)
        if key is None:
            self.skip(self.root, "a folder that cannot be read")
            return self.found
        self.folders[key] = self.root
        stack = [(self.root, frozenset([key]))]
        while stack:
            folder, ancestors = stack.pop()
            stack += reversed(self.visit(folder, ancestors))
        return self.found

    def visit(self, folder: Path, ancestors: frozenset) -> list[tuple[Path, frozenset]]:
        """Take in a folder's files; return its subfolders to search, in order."""
        try:
            with os.scandir(folder) as entries:
                names = sorted(entry.name for entry in entries)
        except OSError as error:
            self.skip(folder, folder_problem(error))
            self.found.blocked.add(folder)
            return []
        inside = [folder / name for name in names if not ignored(name)]
        infos = [(path, self.status(path)) for path in inside]
        for path, info in infos:
            if info is not None and not stat.S_ISDIR(info.st_mode):
                self.take(path, info)
        return [(path, ancestors | {key}) for path, info in infos
                if info is not None and stat.S_ISDIR(info.st_mode)
                and (key := self.subfolder(path, info, ancestors)) is not None]

    def status(self, path: Path) -> os.stat_result | None:
        """The entry's stat (links followed); None, and the entry skipped, when it fails."""
        try:
            return os.stat(path)
        except (OSError, RuntimeError, ValueError) as error:
            self.skip(path, entry_problem(path, error))
            return None

    def subfolder(self, path: Path, info: os.stat_result, ancestors: frozenset):
        """The folder's identity when it is to be searched; else it is skipped."""
        key = (info.st_dev, info.st_ino)
        if key in ancestors:
            self.skip(path, "a link back to a folder that holds it (a loop): not followed")
        elif key in self.folders:
            self.skip(path, f"the same folder as {shown(self.folders[key], self.root)}, "
                            "whose files are read once")
        else:
            self.folders[key] = path
            return key
        return None

    def take(self, path: Path, info: os.stat_result) -> None:
        kind = stat.S_IFMT(info.st_mode)
        key = (info.st_dev, info.st_ino)
        if kind != stat.S_IFREG:
            self.skip(path, KINDS.get(kind, "not a regular file"))
        elif key in self.found.identities:
            first = shown(self.found.identities[key], self.root)
            self.found.files.append((path, f"the same file as {first}: read once"))
        elif key not in self.excluded:
            self.found.identities[key] = path
            self.found.files.append((path, skip_reason(path) or readable(path)))

    def skip(self, path: Path, reason: str) -> None:
        self.found.files.append((path, reason))
        self.found.problems.add(path)


def readable(path: Path) -> str | None:
    # access() asks without opening: a file the user may not read is listed, not attempted.
    return None if os.access(path, os.R_OK) else "a file that cannot be read (permission denied)"


def entry_problem(path: Path, error: BaseException) -> str:
    code = getattr(error, "errno", None)
    if code == errno.ENOENT:
        return "a link to nothing (dangling link)" if os.path.islink(path) else \
            "a file that vanished while the folder was read"
    return PROBLEMS.get(code, f"cannot be looked at ({describe(error)})")


def folder_problem(error: OSError) -> str:
    what = PROBLEMS.get(error.errno, f"cannot be read ({describe(error)})")
    return f"a folder: {what}, so its files are not read"


PROBLEMS: dict[int | None, str] = {
    errno.ELOOP: "a link that loops back on itself (link loop)",
    errno.ENAMETOOLONG: "a path longer than the system allows",
    errno.EACCES: "cannot be opened (permission denied)",
    errno.EPERM: "cannot be opened (permission denied)",
    errno.ENOENT: "vanished while the folder was read",
    errno.ENOTDIR: "vanished while the folder was read",
}


def describe(error: BaseException) -> str:
    return getattr(error, "strerror", None) or type(error).__name__


def ignored(name: str) -> bool:
    return hidden(name) or name in IGNORED_FOLDERS


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
        return f"not a spreadsheet submission ({printable(suffix) or 'no extension'})"
    return None


def shown(path: Path, folder: Path | None = None) -> str:
    """The path (relative to `folder` when given) as every table and message shows it: a name
    that is not valid UTF-8, or holds control characters, in escapes (\\xff, \\x1b)."""
    return plain(path.relative_to(folder).as_posix() if folder is not None else path.as_posix())


def plain(text: str) -> str:
    """`text` as it may be shown on a terminal or written to a file (see printable)."""
    return text if text.isprintable() else printable(text)


def printable(text: str) -> str:
    """`text` with undecodable bytes as \\xNN and control characters as their escapes."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogatepass")
    text = raw.decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)
