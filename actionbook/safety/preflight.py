"""Pre-flight checks of untrusted spreadsheets, before any parser opens them.

Submissions come from outside. A file may be a zip bomb, lie about sizes in its zip headers,
put a value in cell XFD1048576 (calamine then aborts the whole Python process), declare XML
entities, or not be a workbook at all. `preflight` judges the raw bytes -- magic numbers
(sniff.py), the zip directory and every member inflated as a stream under hard limits
(zip_limits.py), what their XML says (xml_scan.py) -- and refuses such a file before any
parser sees it. Every byte is judged each time: nothing is skipped for having been judged
before. What still crashes a parser is contained by isolation.py.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from actionbook.safety import zip_limits
from actionbook.safety.discovery import shown
from actionbook.safety.limits import DEFAULT_LIMITS, MB, Limits
from actionbook.safety.refusals import UNSAFE_REASON_CODES, Refusal, Refused
from actionbook.safety.sheet_parts import sheet_label, sheet_parts
from actionbook.safety.sniff import (
    ZIP,
    package_format,
    refuse_unless_spreadsheet,
    sniff,
)
from actionbook.safety.source import Source

__all__ = ["DEFAULT_LIMITS", "MB", "UNSAFE_REASON_CODES", "Inspection", "Limits", "Refusal",
           "detect_format", "inspect", "preflight", "sheet_parts"]


def detect_format(path) -> str:
    """What a file is by its bytes, whatever its extension says.

    One of "xlsx", "xlsm", "ods", "xlsb", "xls", "encrypted", "missing", "empty",
    "damaged-zip", "crowded-zip" (more members than DEFAULT_LIMITS allow) or a key of the
    not-a-spreadsheet descriptions ("pdf", "html", "text", "docx", "zip", ...).
    """
    path = Path(path)
    fmt = sniff(Source(path))
    if fmt != ZIP:
        return fmt
    try:
        with zip_limits.open_zip(Source(path), DEFAULT_LIMITS) as zf:
            return package_format(zf)
    except Refused as refused:
        return {"too-many-members": "crowded-zip"}.get(refused.code, "damaged-zip")


@dataclass(frozen=True)
class Inspection:
    """What preflight learnt of a file: why it is refused, or the XML it already inflated.

    parts holds the inflated text of the package's XML parts by zip name (those of a sane
    size), so that a reader can take them from here instead of inflating them again; names
    lists every member of the zip; data is the file itself (None for a very large one).
    crcs holds each part's CRC-32 from the zip's directory when parts holds every member of
    an .xlsx or .xlsm (unique ASCII names): calamine can then read these very parts, stored
    in a zip of their own, instead of inflating them again. It is empty otherwise.
    """

    refusal: Refusal | None
    parts: dict[str, bytes] = field(default_factory=dict)
    names: tuple[str, ...] = ()
    data: bytes | None = None  # the whole file as judged, when it was read at once
    crcs: dict[str, int] = field(default_factory=dict)


def preflight(path, limits: Limits = DEFAULT_LIMITS) -> Refusal | None:
    """Refuse a file no parser should open; None when it is safe to read.

    Reads only raw bytes and never calls a spreadsheet parser. Never modifies the file.
    """
    return inspect(path, limits).refusal


def inspect(path, limits: Limits = DEFAULT_LIMITS, data: bytes | None = None) -> Inspection:
    """preflight, keeping the XML parts it inflated for whoever reads the file next; `data`:
    the file's bytes, when the caller read them already (they are judged, not the file)."""
    path = Path(path)
    try:
        return _check(path, limits, data)
    except Refused as refused:
        return Inspection(refused.refusal(shown(Path(path.name))))
    except (OSError, zlib.error, EOFError, zipfile.BadZipFile):
        return Inspection(Refused("truncated").refusal(shown(Path(path.name))))


def _check(path: Path, limits: Limits, data: bytes | None = None) -> Inspection:
    source = Source(path, load=True, data=data)
    fmt = sniff(source)
    if fmt != ZIP:
        refuse_unless_spreadsheet(fmt)
    with zip_limits.open_zip(source, limits) as zf:
        fmt = package_format(zf)
        refuse_unless_spreadsheet(fmt)
        try:
            parts = zip_limits.check_members(source, zf.infolist(), limits, sheets=fmt != "ods")
            if fmt == "ods":
                _check_ods_sheets(zf, parts, limits)
        except Refused as refused:
            if refused.code == "sheet-too-large" and fmt != "ods":
                refused.fields["where"] = sheet_label(zf, refused.fields["where"])
            raise
        infos = zf.infolist()
        return Inspection(None, parts, tuple(zf.namelist()), source.data,
                          zip_limits.crcs(infos, parts) if fmt in ("xlsx", "xlsm") else {})


def _check_ods_sheets(zf: zipfile.ZipFile, parts: dict[str, bytes], limits: Limits) -> None:
    """The sheet-size limits for an .ods file's content.xml (already judged for its size)."""
    from actionbook.safety.ods import too_large

    content = parts.get("content.xml")
    if content is None and "content.xml" in zf.namelist():
        content = zf.read("content.xml")  # too large to have been kept: within the limits
    found = too_large(content or b"", limits.max_rows, limits.max_columns, limits.max_cells)
    if found:
        raise Refused("sheet-too-large", where=found[0], what=found[1], rows=limits.max_rows,
                      columns=limits.max_columns, cells=limits.max_cells)
