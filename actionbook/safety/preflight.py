"""Pre-flight checks of untrusted spreadsheets, before any parser opens them.

Submissions come from outside. A file may be a zip bomb, lie about sizes in its zip headers,
put a value in cell XFD1048576 (calamine then aborts the whole Python process), declare XML
entities, or not be a workbook at all. `preflight` judges the raw bytes -- magic numbers, the
zip directory, every member inflated as a stream under hard limits -- and refuses such a file
before any parser sees it. What still crashes a parser is contained by isolation.py.
"""

from __future__ import annotations

import functools
import html
import io
import itertools
import os
import posixpath
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from actionbook.safety.discovery import shown
from actionbook.schema.layout import column_letter

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much an untrusted file may hold before preflight refuses it."""

    total_inflated_bytes: int = 200 * MB
    member_inflated_bytes: int = 100 * MB
    max_ratio: float = 200.0  # inflated : compressed, judged only once a member passes ...
    ratio_floor_bytes: int = 1 * MB  # ... this size: small XML parts compress absurdly well
    max_members: int = 10_000
    # What a worker holds under its 2 GB address-space ceiling (docs/reading.md, "Limits"): a
    # template filled to 50,000 rows is read, checked and rendered there at a peak of 1.88 GB,
    # so 40,000 leaves a fifth to spare; at 99,000 rows its sheet is past 100 MB anyway.
    max_rows: int = 40_000
    max_columns: int = 1_000
    # The used area: a value at ALL99999 is inside both limits above, yet asks a parser for a
    # grid of 100 million cells (4 GB). Judged for every cell of an .ods and, for .xlsx, for
    # each cell beyond column Z, as a box from A1 to that cell.
    max_cells: int = 5_000_000


DEFAULT_LIMITS = Limits()


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

_RESAVE = "Open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook)."
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
    "legacy-xls": ("is a legacy Excel 97-2003 file", _RESAVE),
    "encrypted": (
        "is protected with a password",
        "Remove the password (File > Info > Protect Workbook > Encrypt with Password in Excel) "
        "and send it again.",
    ),
    "xlsb": ("is an Excel Binary Workbook (.xlsb)",
             "Open it in Excel and save it as .xlsx (Excel Workbook)."),
    "truncated": ("is damaged or incomplete", _RESEND),
    "zip-bomb": ("{detail}", _UNSAFE),
    "too-many-members": ("it packs {count:,} parts, more than the {limit:,} a workbook needs",
                         _UNSAFE),
    "xml-entities": (
        "its part {member} declares XML entities (<!DOCTYPE or <!ENTITY), which Excel and "
        "LibreOffice never write",
        "Open it in Excel or LibreOffice, save it as a new .xlsx and send that copy.",
    ),
    "sheet-too-large": (
        ("{where} {what}, beyond the {rows:,} rows and {columns:,} columns, or {cells:,} "
         "cells in all, a plan may use"),
        "Delete whatever lies far below or to the right of the table (Ctrl+End jumps to the "
        "last used cell), save and send it again.",
    ),
}


class _Refused(Exception):
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


# --- what a file is, by its bytes -----------------------------------------------------------

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with members; an empty zip
_SPREADSHEETS = {"xlsx", "xlsm", "ods"}
_FORMAT_REFUSALS = {"missing": "not-found", "empty": "empty-file", "xls": "legacy-xls",
                    "encrypted": "encrypted", "xlsb": "xlsb"}
_LOOKS_LIKE = {
    "pdf": "a PDF document",
    "html": "a web page (HTML)",
    "text": "a CSV or plain-text file",
    "xml": "an XML file",
    "xml-2003": "an Excel 2003 XML spreadsheet",
    "fods": "a flat OpenDocument (.fods) file",
    "rtf": "an RTF document",
    "image": "an image",
    "docx": "a Word document",
    "pptx": "a PowerPoint presentation",
    "odf": "an OpenDocument file that is not a spreadsheet",
    "doc": "a Word 97-2003 document",
    "ppt": "a PowerPoint 97-2003 presentation",
    "zip": "a zip archive",
    "folder": "a folder",
    "unknown": "an unrecognised binary file",
}
_RESAVABLE = {"text", "html", "xml", "xml-2003", "fods"}  # Excel or LibreOffice opens these


def detect_format(path) -> str:
    """What a file is by its bytes, whatever its extension says.

    One of "xlsx", "xlsm", "ods", "xlsb", "xls", "encrypted", "missing", "empty",
    "damaged-zip", "crowded-zip" (more members than DEFAULT_LIMITS allow) or a key of the
    not-a-spreadsheet descriptions ("pdf", "html", "text", "docx", "zip", ...).
    """
    path = Path(path)
    fmt = _sniff(path, _Source(path))
    if fmt != _ZIP:
        return fmt
    try:
        with _open_zip(_Source(path), DEFAULT_LIMITS) as zf:
            return _package_format(zf)
    except _Refused as refused:
        return {"too-many-members": "crowded-zip"}.get(refused.code, "damaged-zip")


_ZIP = "zip-container"  # what _sniff says of any zip: its members tell what it holds
_IN_MEMORY = 64 * MB  # a file up to this size is read once, whole


class _Source:
    """The file's bytes. A file of sane size is read once, whole: every check then reads
    memory, and what the reader and the SHA-256 use are the very bytes judged here (a file
    changed on disk meanwhile cannot slip past). A larger one is read from disk as needed."""

    def __init__(self, path: Path, load: bool = False, data: bytes | None = None):
        self.path, self.data = path, data
        if data is not None:  # the bytes its caller read, once, from the file it opened
            self.kind = "file"
            return
        try:
            mode = path.stat().st_mode
        except (OSError, ValueError):
            mode = 0
        self.kind = "folder" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "missing"
        if load and self.kind == "file":
            self.data = _whole(path)

    def open(self):
        return io.BytesIO(self.data) if self.data is not None else self.path.open("rb")

    def zipfile(self) -> zipfile.ZipFile:
        return zipfile.ZipFile(io.BytesIO(self.data) if self.data is not None else self.path)


def _whole(path: Path) -> bytes | None:
    """The file's bytes when it holds at most _IN_MEMORY, read in one go of its size: asked
    for _IN_MEMORY at once, Python first makes room for all of it, at five times the cost."""
    with path.open("rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size > _IN_MEMORY:
            return None
        data = f.read(size + 1)  # one byte more: a file that grew meanwhile shows it
        if len(data) > size:
            data += f.read(_IN_MEMORY + 1 - len(data))
    return data if len(data) <= _IN_MEMORY else None


def _sniff(path: Path, source: _Source) -> str:
    if source.kind != "file":
        return source.kind
    with source.open() as f:
        head = f.read(4096)
        if head.startswith(_OLE2_MAGIC):
            return _ole2_format(f)
    if head.startswith(_ZIP_MAGICS):
        return _ZIP
    return _plain_format(head) if head else "empty"


def _plain_format(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "image"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: Excel's "Unicode text" export
        head = head.decode("utf-16", "ignore").encode()
    if b"\x00" in head:
        return "unknown"
    return _markup_format(head.lstrip(b"\xef\xbb\xbf \t\r\n").lower())


def _markup_format(text: bytes) -> str:
    if not text.startswith(b"<"):
        return "text"
    if b"<html" in text or b"<!doctype html" in text:
        return "html"
    if b"urn:schemas-microsoft-com:office:spreadsheet" in text:
        return "xml-2003"
    return "fods" if b"opendocument" in text else "xml"


def _package_format(zf: zipfile.ZipFile) -> str:
    # OPC part names are case-insensitive, and Excel reads them so.
    names = {name.lower() for name in zf.namelist()}
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "xl/workbook.xml" in names:
        return "xlsm" if "xl/vbaproject.bin" in names else "xlsx"
    if "mimetype" in names:
        return _opendocument_format(zf)
    prefixes = {name.split("/", 1)[0] for name in names}
    return "docx" if "word" in prefixes else "pptx" if "ppt" in prefixes else "zip"


def _opendocument_format(zf: zipfile.ZipFile) -> str:
    try:
        with zf.open("mimetype") as member:
            mimetype = member.read(100)
    except (KeyError, zipfile.BadZipFile, zlib.error, EOFError, OSError):
        return "odf"
    return "ods" if mimetype.strip() == b"application/vnd.oasis.opendocument.spreadsheet" else "odf"


# --- OLE2 compound files: legacy .xls, and password-protected .xlsx ---------------------------

# Excel stores a password-protected .xlsx as a compound file with EncryptionInfo and
# EncryptedPackage streams; a legacy .xls has a Workbook (or Book) stream.
_CFB_MARKERS = 0xFFFFFFFA  # sector numbers from here up mean end of chain, free, FAT, DIFAT
_CFB_MAX_SECTORS = 4096  # enough for any real directory; stops a looping chain


def _ole2_format(f) -> str:
    names = _cfb_names(f)
    if "EncryptedPackage" in names:
        return "encrypted"
    if "WordDocument" in names:
        return "doc"
    if "PowerPoint Document" in names:
        return "ppt"
    return "xls"  # Workbook, Book, or a directory too damaged to tell: most likely a workbook


def _cfb_names(f) -> set[str]:
    try:
        return _cfb_directory_names(f)
    except (ValueError, IndexError, struct.error, OSError):
        f.seek(0)
        head = f.read(MB)
        wanted = ("EncryptedPackage", "WordDocument", "PowerPoint Document")
        return {name for name in wanted if name.encode("utf-16-le") in head}


def _cfb_directory_names(f) -> set[str]:
    f.seek(0)
    header = f.read(512)
    (shift,) = struct.unpack_from("<H", header, 30)
    if shift not in (9, 12):
        raise ValueError("not a compound file")
    size = 1 << shift
    fat = _cfb_fat_sectors(f, header, size)
    names, sector = set(), struct.unpack_from("<I", header, 48)[0]
    for _ in range(_CFB_MAX_SECTORS):
        if sector >= _CFB_MARKERS:
            return names
        f.seek((sector + 1) * size)
        names.update(_cfb_entry_names(f.read(size)))
        sector = _cfb_next_sector(f, fat, sector, size)
    raise ValueError("directory chain does not end")


def _cfb_entry_names(block: bytes):
    for at in range(0, len(block) - 127, 128):
        length, kind = struct.unpack_from("<HB", block, at + 64)
        if kind in (1, 2, 5) and 2 <= length <= 64:  # storage, stream, root
            yield block[at : at + length - 2].decode("utf-16-le", "replace")


def _cfb_fat_sectors(f, header: bytes, size: int) -> list[int]:
    sectors = list(struct.unpack_from("<109I", header, 76))
    (difat,) = struct.unpack_from("<I", header, 68)
    for _ in range(_CFB_MAX_SECTORS):
        if difat >= _CFB_MARKERS:
            break
        f.seek((difat + 1) * size)
        entries = struct.unpack(f"<{size // 4}I", f.read(size))
        sectors += entries[:-1]
        difat = entries[-1]
    return [sector for sector in sectors if sector < _CFB_MARKERS]


def _cfb_next_sector(f, fat: list[int], sector: int, size: int) -> int:
    per_sector = size // 4
    f.seek((fat[sector // per_sector] + 1) * size + sector % per_sector * 4)
    return struct.unpack("<I", f.read(4))[0]


# --- preflight ---------------------------------------------------------------------------------


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
    except _Refused as refused:
        return Inspection(refused.refusal(shown(Path(path.name))))
    except (OSError, zlib.error, EOFError, zipfile.BadZipFile):
        return Inspection(_Refused("truncated").refusal(shown(Path(path.name))))


def _check(path: Path, limits: Limits, data: bytes | None = None) -> Inspection:
    source = _Source(path, load=True, data=data)
    fmt = _sniff(path, source)
    if fmt != _ZIP:
        _refuse_unless_spreadsheet(fmt)
    with _open_zip(source, limits) as zf:
        fmt = _package_format(zf)
        _refuse_unless_spreadsheet(fmt)
        try:
            parts = _check_members(source, zf.infolist(), limits, sheets=fmt != "ods")
            if fmt == "ods":
                _check_ods_sheets(zf, parts, limits)
        except _Refused as refused:
            if refused.code == "sheet-too-large" and fmt != "ods":
                refused.fields["where"] = _sheet_label(zf, refused.fields["where"])
            raise
        infos = zf.infolist()
        return Inspection(None, parts, tuple(zf.namelist()), source.data,
                          _crcs(infos, parts) if fmt in ("xlsx", "xlsm") else {})


def _check_ods_sheets(zf: zipfile.ZipFile, parts: dict[str, bytes], limits: Limits) -> None:
    """The sheet-size limits for an .ods file's content.xml (already judged for its size)."""
    from actionbook.safety.ods import too_large

    content = parts.get("content.xml")
    if content is None and "content.xml" in zf.namelist():
        content = zf.read("content.xml")  # too large to have been kept: within the limits
    found = too_large(content or b"", limits.max_rows, limits.max_columns, limits.max_cells)
    if found:
        raise _Refused("sheet-too-large", where=found[0], what=found[1], rows=limits.max_rows,
                       columns=limits.max_columns, cells=limits.max_cells)


def _crcs(infos: list[zipfile.ZipInfo], parts: dict[str, bytes]) -> dict[str, int]:
    """The CRC-32 of every part, when every member of the zip was kept, under a name of its
    own that reads the same in any encoding; else {}."""
    names = {info.filename for info in infos}
    if not len(names) == len(parts) == len(infos) or not all(map(str.isascii, names)):
        return {}
    return {info.filename: info.CRC for info in infos}


def _refuse_unless_spreadsheet(fmt: str) -> None:
    if fmt in _FORMAT_REFUSALS:
        raise _Refused(_FORMAT_REFUSALS[fmt])
    if fmt not in _SPREADSHEETS:
        hint = _RESAVE if fmt in _RESAVABLE else None
        raise _Refused("not-a-spreadsheet", hint, what=_LOOKS_LIKE[fmt])


def _open_zip(source: _Source, limits: Limits) -> zipfile.ZipFile:
    count = _declared_member_count(source, limits)
    if count > limits.max_members:
        raise _Refused("too-many-members", count=count, limit=limits.max_members)
    try:
        zf = source.zipfile()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, struct.error):
        raise _Refused("truncated") from None
    if len(zf.infolist()) > limits.max_members:
        zf.close()
        raise _Refused("too-many-members", count=len(zf.infolist()), limit=limits.max_members)
    return zf


def _declared_member_count(source: _Source, limits: Limits) -> int:
    """Members the zip announces, counted before zipfile builds an object for each one."""
    with source.open() as f:
        record = _end_record(f)
        if record is None:
            return 0  # no end record: zipfile will call it damaged
        count, size, start = record
        if size > limits.max_members * 1024:
            # zipfile reads the directory by its byte size, whatever count the record claims.
            f.seek(start)
            count = max(count, f.read(min(size, 64 * MB)).count(b"PK\x01\x02"))
    return count


def _end_record(f) -> tuple[int, int, int] | None:
    """(member count, directory size, directory offset) from the end record, zip64 or not."""
    size = f.seek(0, os.SEEK_END)
    f.seek(max(0, size - 65_557))  # the record (22 bytes) and the longest zip comment
    tail = f.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    count, directory_size, directory_start = struct.unpack_from("<HII", tail, at + 10)
    locator = tail[max(0, at - 20) : at]
    if (count == 0xFFFF or 0xFFFFFFFF in (directory_size, directory_start)) \
            and locator.startswith(b"PK\x06\x07"):
            f.seek(struct.unpack_from("<Q", locator, 8)[0])
            record = f.read(56)
            if record.startswith(b"PK\x06\x06") and len(record) == 56:
                return struct.unpack_from("<QQQ", record, 32)
    return count, directory_size, directory_start


# --- members, inflated as streams under limits -------------------------------------------------

_CHUNK = MB  # inflated bytes judged at a time, and raw bytes read at a time
_LOOKAHEAD = 64 * 1024  # text kept after a match so the tag and what follows it can be judged


class _Budget:
    """The total inflated size of a package, counted across its members."""

    def __init__(self, limits: Limits):
        self.left = limits.total_inflated_bytes
        self.limit = limits.total_inflated_bytes

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise _Refused("zip-bomb",
                           detail=f"it unpacks to more than {_size(self.limit)} in total")


def _check_members(source: _Source, infos: list[zipfile.ZipInfo], limits: Limits,
                   sheets: bool) -> dict[str, bytes]:
    """Inflate and judge every member; return the XML parts worth keeping, by name."""
    _check_declared_sizes(infos, limits)
    budget, previous_end, kept = _Budget(limits), 0, _Kept()
    with source.open() as f:
        for info in sorted(infos, key=lambda info: info.header_offset):
            start = _data_start(f, info)
            if start < previous_end:
                raise _Refused("zip-bomb", detail="its zip entries overlap, a trick that makes a "
                               "small file unpack many times over")
            previous_end = start + info.compress_size
            keep = kept.room(info)
            chunks = _limited(_inflated(f, info, start), info, budget, limits, keep)
            _check_content(info.filename, chunks, limits if sheets else None)
            kept.add(info.filename, keep)
    return kept.parts


_KEEP_PART = 32 * MB  # an inflated XML part larger than this is inflated again by its reader
_KEEP_TOTAL = 64 * MB


class _Kept:
    """The inflated XML parts handed to the reader, within a memory budget."""

    def __init__(self):
        self.parts: dict[str, bytes] = {}
        self.left = _KEEP_TOTAL

    def room(self, info: zipfile.ZipInfo) -> list | None:
        """A list to gather the member's chunks in, or None when it is not worth keeping."""
        return [] if info.file_size <= min(_KEEP_PART, self.left) else None

    def add(self, name: str, keep: list | None) -> None:
        # Only XML: pictures and binary parts are never read again as text.
        if keep and keep[0].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            self.parts[name] = keep[0] if len(keep) == 1 else b"".join(keep)
            self.left -= len(self.parts[name])


def _check_declared_sizes(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse at once on what the headers admit to; what they hide is caught while inflating."""
    for info in infos:
        _check_member_size(info, info.file_size, info.compress_size, limits, declared=True)
    if sum(info.file_size for info in infos) > limits.total_inflated_bytes:
        raise _Refused("zip-bomb", detail=f"it unpacks to more than "
                       f"{_size(limits.total_inflated_bytes)} in total")


def _check_member_size(info, inflated: int, compressed: int, limits: Limits, declared=False):
    member = info.filename
    if inflated > limits.member_inflated_bytes:
        raise _Refused("zip-bomb", detail=f"its part {member} unpacks to more than "
                       f"{_size(limits.member_inflated_bytes)}")
    if inflated > limits.ratio_floor_bytes and inflated > limits.max_ratio * max(compressed, 1):
        raise _Refused("zip-bomb", detail=f"its part {member} unpacks more than "
                       f"{limits.max_ratio:g} times its packed size, as zip bombs do")
    if not declared and inflated > info.file_size:
        raise _Refused("zip-bomb", detail=f"its part {member} unpacks to more than the "
                       f"{_size(info.file_size)} its zip header declares")


def _data_start(f, info: zipfile.ZipInfo) -> int:
    f.seek(info.header_offset)
    header = f.read(30)
    if len(header) < 30 or not header.startswith(b"PK\x03\x04"):
        raise _Refused("truncated")
    name_length, extra_length = struct.unpack_from("<HH", header, 26)
    return info.header_offset + 30 + name_length + extra_length


def _inflated(f, info: zipfile.ZipInfo, start: int):
    """(inflated chunk, packed bytes consumed so far) pairs, trusting no size in the headers."""
    if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _Refused("not-a-spreadsheet", what="a zip archive packed in a way Excel and "
                       "LibreOffice never use (encrypted or an unusual compression)")
    f.seek(start)
    raw = _raw_chunks(f, info.compress_size)
    if info.compress_type == zipfile.ZIP_STORED:
        return ((chunk, 0) for chunk in raw)  # stored data cannot inflate: no ratio
    # A part its header says is small is inflated in one piece of one byte more than that
    # (a lie shows at once): zlib then fills one buffer of the right size, where with a
    # megabyte allowed it grows its buffer step by step and copies it, at thrice the cost.
    piece = min(_CHUNK, info.file_size + 1)
    if info.compress_size > _SOUND_PART or info.file_size > _SOUND_PART:
        return _inflate(raw, piece)
    packed = next(raw, b"")
    known = _INFLATED.get((info.filename, info.file_size))
    if known is not None and known[0] == packed:
        return iter([(known[1], len(packed))])  # the very bytes inflated before: their part
    return _remember_inflated(_inflate(iter([packed]), piece), info, packed)


# The packed bytes of the parts last inflated whole, with what they inflated to, by name and
# size. A template's shared parts are packed alike in every workbook made from it: the same
# packed bytes inflate to the same part (deflate is deterministic), so that part is taken as
# it is, measured as it was. The packed bytes are compared whole.
_INFLATED: dict[tuple[str, int], tuple[bytes, bytes]] = {}


def _remember_inflated(chunks, info: zipfile.ZipInfo, packed: bytes):
    """The chunks as they come; a part that came whole, of its declared size, remembered."""
    seen = []
    for chunk in chunks:
        seen.append(chunk[0])
        yield chunk
    if len(seen) == 1 and len(seen[0]) == info.file_size:
        if sum(map(len, itertools.chain.from_iterable(_INFLATED.values()))) > _SOUND_BYTES:
            _INFLATED.clear()
        _INFLATED[(info.filename, info.file_size)] = (packed, seen[0])


def _raw_chunks(f, size: int):
    while size > 0:
        chunk = f.read(min(_CHUNK, size))
        if not chunk:
            raise _Refused("truncated")
        size -= len(chunk)
        yield chunk


def _inflate(raw_chunks, piece: int = _CHUNK):
    inflater, fed = zlib.decompressobj(-zlib.MAX_WBITS), 0
    for raw in raw_chunks:
        fed += len(raw)
        pending = raw
        while True:
            # max_length keeps one packed chunk from inflating to gigabytes at once.
            out = inflater.decompress(pending, piece)
            pending = inflater.unconsumed_tail
            if out:
                yield out, fed - len(pending)
            if inflater.eof:
                return
            if not pending and len(out) < piece:
                break
    raise _Refused("truncated")


def _limited(chunks, info: zipfile.ZipInfo, budget: _Budget, limits: Limits,
             keep: list | None = None):
    """The chunks, each counted against the limits first (and gathered in `keep`)."""
    inflated = 0
    for chunk, consumed in chunks:
        inflated += len(chunk)
        budget.spend(len(chunk))
        _check_member_size(info, inflated, consumed or inflated, limits)
        if keep is not None:
            keep.append(chunk)
        yield chunk
    if inflated != info.file_size:
        raise _Refused("truncated")


def _size(size: int) -> str:
    return f"{size / MB:,.0f} MB" if size >= MB else f"{size:,} bytes"


# --- what the XML says -------------------------------------------------------------------------

# Any "<!" that opens neither a comment nor CDATA starts a DTD declaration. Excel and
# LibreOffice write UTF-8 only, but an XML parser also accepts UTF-16, so look for that too.
_DECLARATION = re.compile(rb"<!(?!--|\[CDATA\[)")
_DECLARATION_UTF16 = re.compile(rb"<\x00!\x00(?!-\x00-\x00|\[\x00)|\x00<\x00!(?!\x00-\x00-|\x00\[)")
_UTF16_STARTS = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")


def _check_content(member: str, chunks, sheet_limits: Limits | None) -> None:
    """Drain a member's chunks, judging its text when it is XML (images, binaries: sizes only)."""
    first = next(chunks, b"")
    utf16 = first.startswith(_UTF16_STARTS)
    text = first.lstrip(b"\xef\xbb\xbf \t\r\n")
    # All blank so far is still XML to a parser: whitespace may precede the root element.
    if not (utf16 or not text or text.startswith(b"<")):
        for _ in chunks:
            pass
        return
    # A logo saved from Illustrator carries an SVG DOCTYPE; no parser of ours reads SVG.
    declarations = _DECLARATION_UTF16 if utf16 else _DECLARATION
    declarations = None if member.lower().endswith(".svg") else declarations
    bounds = _SheetBounds(sheet_limits, member) if sheet_limits and not utf16 else None
    following = next(chunks, None)  # most parts come in one chunk: one window, as it is
    if following is None and _SOUND.get((member, sheet_limits)) == first:
        return  # byte for byte a part judged sound before: it is sound
    windows = [(first, len(first))] if following is None else _windows(
        itertools.chain([first, following], chunks))
    for window, cut in windows:
        if not cut:
            continue  # nothing to judge yet: all of it comes again, with what follows
        if declarations:
            _check_declarations(declarations, window, cut, member)
        if bounds:
            bounds.check(window, cut)
    if following is None and len(first) <= _SOUND_PART:
        _remember_sound(member, sheet_limits, first)


# The parts last judged sound, by name and limits. Workbooks made from one template share
# most parts byte for byte (styles, theme, the instructions and goals, the workbook's own
# list of sheets): a part equal to the one judged sound before under its name and limits is
# sound again, since the judgement rests on nothing else, and comparing the bytes costs a
# fraction of judging them. The bytes are compared whole: a forged CRC cannot pass for them.
_SOUND: dict[tuple[str, Limits | None], bytes] = {}
_SOUND_PART = 64 * 1024  # larger parts differ from file to file (the table, its strings)
_SOUND_BYTES = 4 * MB


def _remember_sound(member: str, limits: Limits | None, part: bytes) -> None:
    if sum(map(len, _SOUND.values())) + len(part) > _SOUND_BYTES:
        _SOUND.clear()  # a package of many parts of its own: start afresh
    _SOUND[(member, limits)] = part


def _windows(chunks):
    """Yield (window, cut): matches starting before cut are judged in this window; later ones,
    with enough text after them, in the next -- nothing split across chunks is missed. The
    last window is judged whole, so a part that fits in one chunk is scanned once."""
    tail, chunk = b"", next(chunks, b"")
    for following in chunks:
        window = tail + chunk
        cut = max(0, len(window) - _LOOKAHEAD)
        yield window, cut
        tail = window[max(0, cut - 1) :]  # one byte early: a match's preceding space matters
        chunk = following
    window = tail + chunk
    yield window, len(window)


def _check_declarations(pattern: re.Pattern, window: bytes, cut: int, member: str) -> None:
    if pattern is _DECLARATION and b"!" not in window:
        return  # the common case, at memchr speed ("<!" is not: "<" is everywhere)
    found = pattern.search(window)
    if found and found.start() < cut:
        raise _Refused("xml-entities", member=member)


# --- where the cells are -----------------------------------------------------------------------

_TAG_NAME = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_REF_ATTRIBUTE = re.compile(rb"\sr\s*=\s*[\"']\$?([A-Za-z]*)\$?(\d*)")
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*?\sref\s*=\s*[\"']([^\"']{0,64})")
_CELL_REF = re.compile(rb"\$?([A-Za-z]+)\$?(\d+)")
_VALUE = re.compile(rb"<(?:[\w.-]+:)?(?:v|is|f)\b")
_MAX_EMPTY_BEYOND = 10_000
_END_TAGS = {b"c": re.compile(rb"</(?:[\w.-]+:)?c\s*>"),
             b"row": re.compile(rb"</(?:[\w.-]+:)?row\s*>")}


class _SheetBounds:
    """Finds content placed beyond the limits in worksheet XML, judging only the few refs long
    enough to be out of bounds, so a normal sheet costs a few vector passes (or, when small,
    one regex pass) and no Python per cell.

    Judges content, not declarations: LibreOffice writes <dimension ref="A1:A1048576"/> and
    empty <row r="1048576"> for formatted rows, and calamine survives those; a value at
    XFD1048576 makes it abort.
    """

    def __init__(self, limits: Limits, member: str):
        self.limits, self.member = limits, member
        self.empty_beyond = 0  # formatted rows and cells out of bounds, each judged in Python
        # Shared strings are text, where r="..." is rare and the regex already fast.
        self.vectored = "sharedstrings" not in member.lower()
        self.letters, self.digits, self.candidates = _far_refs(limits)

    def check(self, window: bytes, cut: int) -> None:
        if b"dimension" in window:
            self._check_dimension(window, cut)
        if self.vectored and len(window) >= _VECTOR_BYTES and not _far_ref_possible(
                window, self.letters, self.digits):
            return
        for found in self.candidates.finditer(window):
            if found.start() >= cut:
                break
            if window[found.start() - 1 : found.start()].isspace():
                self._judge(window, found.start() - 1)

    def _check_dimension(self, window: bytes, cut: int) -> None:
        """A declared used range is harmless unless absurd: more cells than the limits' area."""
        found = _DIMENSION.search(window)
        if found and found.start() < cut and _absurd_range(found[1], self.limits):
            corner = found[1].decode("ascii", "replace").split(":")[-1]
            self._refuse(f"declares a used range reaching {corner}")

    def _judge(self, window: bytes, at: int) -> None:
        letters, digits = _REF_ATTRIBUTE.match(window, at).groups()
        if not self._beyond(letters, digits):
            return
        element = _element_at(window, at)
        if element in _END_TAGS and not _holds_value(window, at, _END_TAGS[element]):
            self._count_empty()
            return
        if element == b"row":
            self._refuse(f"has content in {self._row_content(window, at, digits)}")
        if element == b"c" or element is None:
            self._refuse(f"has content in {_ref_text(letters, digits)}")

    def _beyond(self, letters: bytes, digits: bytes) -> bool:
        row, column = _cell_position(letters, digits)
        limits = self.limits
        return row > limits.max_rows or column > limits.max_columns or \
            row * column > limits.max_cells

    def _row_content(self, window: bytes, at: int, digits: bytes) -> str:
        """The first out-of-bounds cell of a row, or the row itself when its cells carry no ref."""
        start = window.find(b">", at)
        closing = _END_TAGS[b"row"].search(window, start)
        end = closing.start() if closing else len(window)
        for ref in _REF_ATTRIBUTE.finditer(window, start, end):
            if self._beyond(*ref.groups()):
                return _ref_text(*ref.groups())
        return _ref_text(b"", digits)

    def _count_empty(self) -> None:
        # A few are LibreOffice's formatted rows; millions would make this check itself slow.
        self.empty_beyond += 1
        if self.empty_beyond > _MAX_EMPTY_BEYOND:
            self._refuse(f"has over {_MAX_EMPTY_BEYOND:,} formatted rows or cells")

    def _refuse(self, what: str) -> None:
        raise _Refused("sheet-too-large", where=self.member, what=what,
                       rows=self.limits.max_rows, columns=self.limits.max_columns,
                       cells=self.limits.max_cells)


@functools.lru_cache(maxsize=64)  # the sheets of a template declare the same few ranges
def _absurd_range(ref: bytes, limits: Limits) -> bool:
    """Whether a declared range ("A1:W156") spans more cells than the limits' area."""
    corners = [_cell_position(*ref) for ref in _CELL_REF.findall(ref)]
    if not corners:
        return False
    rows, columns = max(row for row, _ in corners), max(column for _, column in corners)
    return rows * columns > limits.max_rows * limits.max_columns


# The regex engine spends ~100 ns on every r="A1" of a sheet; a large window is first judged
# with a few vector passes over its bytes, and only one that may hold a far ref goes on to it.
# The passes go block by block: arrays under malloc's mmap threshold reuse the heap, where
# larger ones would be mapped and faulted in afresh, at four times the cost of the passes.
_VECTOR_BYTES = 32 * 1024
_VECTOR_BLOCK = 64 * 1024


def _far_ref_possible(window: bytes, letters: int, digits: int) -> bool:
    """False only when no ref in the window can match _SheetBounds.candidates: no quote or
    '$' followed by `letters` letters where an r attribute may open, and no run of `digits`
    digits after such a quote and fewer letters (the regex then judges each one exactly)."""
    import numpy as np  # only here: the CLI's start-up stays free of it

    # Each block starts early enough to see what precedes a ref: its quote (up to
    # letters + 1 bytes before its digits) and the three bytes before that.
    view, back, reach = memoryview(window), letters + 4, max(letters, digits) + 1
    for start in range(0, len(window), _VECTOR_BLOCK):
        block = view[max(0, start - back) : start + _VECTOR_BLOCK + reach]
        if _far_ref_in(np.frombuffer(block, dtype=np.uint8), letters, digits):
            return True
    return False


def _far_ref_in(b, letters: int, digits: int) -> bool:
    letter = ((b & 0xDF) - 65) < 26  # uint8 arithmetic: whatever lies below 'A' wraps high
    # A ref's letters follow its quote or a '$', its digits those or a letter. One pass takes
    # '"' to "'" (34-39), '#', '%' and '&' with them, instead of five passes for the three.
    mark = (b - 34) < 6
    follow = max(0, len(b) - letters)  # positions with `letters` bytes after them
    hits = mark[:follow] & _runs(letter, letters)[1 : follow + 1]
    if hits.any():
        starts = hits.nonzero()[0]
        if starts[0] < 3 or _may_open_r(b, starts).any():
            return True
    follow = max(0, len(b) - digits)
    hits = (mark | letter)[:follow] & _runs((b - 48) < 10, digits)[1 : follow + 1]
    return bool(hits.any()) and _digits_may_end_ref(b, hits.nonzero()[0], letters)


def _digits_may_end_ref(b, ends, letters: int) -> bool:
    """Whether a run of digits, after the byte at each of `ends`, may close a ref the letters'
    test missed: one with fewer letters, so at most letters + 1 bytes (letters and two '$')
    between its opening quote and its digits. Colours (rgb="FF000000") and numbers in other
    attributes (val="124226") are not refs: their quote does not follow r=."""
    import numpy as np

    inside = np.ones(len(ends), dtype=bool)  # from the quote to the digits: letters or '$'
    for distance in range(letters + 2):
        quotes = ends - distance
        if quotes.min() < 3:
            return True  # too near the start to see what precedes: the regex will judge
        at = b[quotes]
        if (inside & ((at == 34) | (at == 39)) & _may_open_r(b, quotes)).any():
            return True
        inside &= (((at & 0xDF) - 65) < 26) | (at == 36)
        if not inside.any():
            return False
    return False


def _runs(mask, length: int):
    """r[i] = mask[i] & ... & mask[i + length - 1], by doubling (log2(length) passes)."""
    run, width = mask, 1
    while width * 2 <= length:
        run = run[:-width] & run[width:]
        width *= 2
    if width < length:
        shift = length - width  # <= width: the two spans overlap and cover the whole run
        run = run[: len(run) - shift] & run[shift:]
    return run


def _may_open_r(b, starts):
    """Whether the quote or '$' at each start may open an r attribute's value: '$' after a
    quote; a quote after the "=" of a lone "r" (r="), or with spaces around the "="."""
    at, before, two, three = b[starts], b[starts - 1], b[starts - 2], b[starts - 3]

    def space(chars):
        return (chars == 32) | ((chars >= 9) & (chars <= 13))

    def quote(chars):
        return (chars == 34) | (chars == 39)

    after_quote = quote(before) & (quote(at) | (at == 36))
    equals = (before == 61) & (((two == 114) & space(three)) | space(two))
    return after_quote | equals | (space(before) & ((two == 61) | space(two)))


@functools.lru_cache(maxsize=8)
def _far_refs(limits: Limits) -> tuple[int, int, re.Pattern]:
    """How many letters and digits make a ref far for these limits, and the regex of refs at
    least that long. It starts with a literal so the regex engine can skip ahead (_judge
    checks the space before), and is possessive (*+): an ordinary ref fails at once."""
    letters = len(column_letter(limits.max_columns + 1))
    digits = len(str(limits.max_rows + 1))
    if limits.max_rows * limits.max_columns > limits.max_cells:
        # A cell beyond column Z may make too large an area with its row: judged each time.
        letters = min(letters, 2)
    pattern = rb"r\s*+=\s*+[\"']\$?+(?:[A-Za-z]{%d}|[A-Za-z]*+\$?+\d{%d})" % (letters, digits)
    return letters, digits, re.compile(pattern)


def _element_at(window: bytes, at: int) -> bytes | None:
    """The name of the tag an attribute at `at` sits in; b"" for text, None when unknowable."""
    start = window.rfind(b"<", max(0, at - _LOOKAHEAD), at)
    if start < 0:
        return None
    if b">" in window[start:at]:
        return b""  # the match is in text, e.g. a shared string quoting r="A1000000"
    name = _TAG_NAME.match(window, start)
    return name[1] if name else b""


def _holds_value(window: bytes, at: int, end_tag: re.Pattern) -> bool:
    """Whether the element starting near `at` holds a value before it closes (worst if unseen)."""
    tag_end = window.find(b">", at)
    if tag_end < 0:
        return True
    if window[tag_end - 1 : tag_end] == b"/":
        return False
    closing = end_tag.search(window, tag_end)
    if closing is None:
        return True
    return _VALUE.search(window, tag_end, closing.start()) is not None


def _cell_position(letters: bytes, digits: bytes) -> tuple[int, int]:
    """(row, column) of a ref; absurdly long parts count as infinitely far."""
    row = int(digits) if 0 < len(digits) <= 15 else (0 if not digits else 10**15)
    if len(letters) > 7:
        return row, 10**15
    column = 0
    for letter in letters.upper():
        column = column * 26 + letter - 64
    return row, column


def _ref_text(letters: bytes, digits: bytes) -> str:
    ref = (letters + digits).decode("ascii")[:24]
    return f"cell {ref}" if letters else f"row {ref}"


def _sheet_label(zf: zipfile.ZipFile, member: str) -> str:
    """"sheet 'Action Plan'" for a worksheet part, from the workbook's own names."""
    try:
        parts = sheet_parts(_read_small(zf, "xl/workbook.xml"),
                            _read_small(zf, "xl/_rels/workbook.xml.rels"))
    except (KeyError, zipfile.BadZipFile, zlib.error, EOFError, OSError):
        parts = {}
    names = [name for name, part in parts.items() if part == member]
    return f"sheet '{names[0]}'" if names else f"part {member}"


# A start tag and its attributes (a quoted value may hold ">"); each attribute's name and value.
_TAG = rb"<(?:[\w.-]+:)?%s\s([^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*)>"
_SHEET_TAG = re.compile(_TAG % rb"sheet")
_RELATIONSHIP_TAG = re.compile(_TAG % rb"Relationship")
_ATTRIBUTE = re.compile(rb"([\w.:-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def sheet_parts(workbook: bytes, rels: bytes) -> dict[str, str]:
    """Sheet name -> the zip member that holds it, from xl/workbook.xml and its relationships
    (the way calamine finds them: a target may point anywhere in the package)."""
    targets = {}
    for attributes in map(_attributes, _RELATIONSHIP_TAG.findall(rels)):
        if "Id" in attributes and "Target" in attributes:
            target = attributes["Target"]
            path = target[1:] if target.startswith("/") else "xl/" + target
            targets[attributes["Id"]] = posixpath.normpath(path)
    parts = {}
    for attributes in map(_attributes, _SHEET_TAG.findall(workbook)):
        rid = next((v for k, v in attributes.items() if k == "id" or k.endswith(":id")), None)
        if "name" in attributes and rid in targets:
            parts.setdefault(attributes["name"], targets[rid])
    return parts


def _attributes(text: bytes) -> dict[str, str]:
    # findall gives b"" for the quote style not used, so the two groups add up to the value.
    return {name.decode("ascii", "replace"): _unescaped(double + single)
            for name, double, single in _ATTRIBUTE.findall(text)}


def _unescaped(value: bytes) -> str:
    text = value.decode("utf-8", "replace")
    return html.unescape(text) if "&" in text else text


def _read_small(zf: zipfile.ZipFile, name: str) -> bytes:
    with zf.open(name) as member:
        return member.read(MB)  # already scanned as far as the refusal; never more than this
