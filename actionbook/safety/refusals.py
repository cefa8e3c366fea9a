"""Why a file was not opened: the refusal codes, their sentences and hints.

A check deep inside the safety stage raises Refused; preflight turns it into a Refusal that
names the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from actionbook.safety.limits import MB


@dataclass(frozen=True)
class Refusal:
    """Why a file was not opened: a stable code, a sentence for the coordinator, what to do.

    reason is the message without the file name ("it is a legacy Excel 97-2003 file"), for
    a finding that names the file itself.
    """

    reason_code: str
    message: str
    hint: str
    reason: str = ""

    @property
    def unsafe(self) -> bool:
        """Refused as dangerous to parse, rather than merely not a readable workbook."""
        return self.reason_code in UNSAFE_REASON_CODES


UNSAFE_REASON_CODES = frozenset({"zip-bomb", "too-many-members", "xml-entities", "sheet-too-large"})

RESAVE = "Open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook)."
_RESEND = "Ask the ministry to send the file again; the copy may have been cut short in transfer."
_UNSAFE = (
    "If the file is genuine, open it in Excel or LibreOffice, delete unused rows, columns "
    "and pictures, save it as .xlsx and send it again."
)
# code -> (what is wrong, how to fix it). Unreadable files read "<file> <phrase>."; unsafe
# ones "<file> was refused as unsafe: <phrase>."
_TEMPLATES = {
    "not-found": ("was not found", "Check the file name and folder, then run again."),
    "empty-file": ("is empty (0 bytes)", _RESEND),
    "not-a-spreadsheet": (
        "is not a spreadsheet but looks like {what}",
        "Ask the ministry for its filled workbook itself, saved as .xlsx (Excel Workbook) or .ods.",
    ),
    "legacy-xls": ("is a legacy Excel 97-2003 file", RESAVE),
    "encrypted": (
        "is protected with a password",
        ("Remove the password (File > Info > Protect Workbook > Encrypt with Password in Excel) "
         "and send it again."),
    ),
    "xlsb": ("is an Excel Binary Workbook (.xlsb)",
             "Open it in Excel and save it as .xlsx (Excel Workbook)."),
    "truncated": ("is damaged or incomplete", _RESEND),
    "zip-bomb": ("{detail}", _UNSAFE),
    "too-many-members": ("it packs {count:,} parts, more than the {limit:,} a workbook needs",
                         _UNSAFE),
    "xml-entities": (
        ("its part {member} declares XML entities (<!DOCTYPE or <!ENTITY), which Excel and "
         "LibreOffice never write"),
        "Open it in Excel or LibreOffice, save it as a new .xlsx and send that copy.",
    ),
    "sheet-too-large": (
        ("{where} {what}, beyond the {rows:,} rows and {columns:,} columns, or {cells:,} "
         "cells in all, a plan may use"),
        ("Delete whatever lies far below or to the right of the table (Ctrl+End jumps to the "
         "last used cell), save and send it again."),
    ),
}


class Refused(Exception):
    """Raised deep inside a check; preflight turns it into a Refusal."""

    def __init__(self, code: str, hint: str | None = None, **fields):
        super().__init__(code)
        self.code, self.hint, self.fields = code, hint, fields

    def refusal(self, file: str) -> Refusal:
        phrase, hint = _TEMPLATES[self.code]
        phrase = phrase.format(**self.fields)
        if self.code in UNSAFE_REASON_CODES:
            message, reason = f"{file} was refused as unsafe: {phrase}.", phrase
        else:
            message, reason = f"{file} {phrase}.", f"it {phrase}"
        return Refusal(self.code, message, self.hint or hint, reason)


def size_text(size: int) -> str:
    """A size as a refusal states it: "100 MB", or "2,048 bytes" under a megabyte."""
    return f"{size / MB:,.0f} MB" if size >= MB else f"{size:,} bytes"
