"""What a file is, by its bytes, whatever its extension says: magic numbers, the names in a
zip package or in an OLE2 compound file. Refuses whatever is not a spreadsheet we read."""

from __future__ import annotations

import struct
import zipfile
import zlib

from actionbook.safety.limits import MB
from actionbook.safety.refusals import RESAVE, Refused
from actionbook.safety.source import Source

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

ZIP = "zip-container"  # what sniff says of any zip: its members tell what it holds


def sniff(source: Source) -> str:
    """What the file is by its first bytes; ZIP for any zip (its members tell the rest)."""
    if source.kind != "file":
        return source.kind
    with source.open() as f:
        head = f.read(4096)
        if head.startswith(_OLE2_MAGIC):
            return _ole2_format(f)
    if head.startswith(_ZIP_MAGICS):
        return ZIP
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


def package_format(zf: zipfile.ZipFile) -> str:
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
    names: set[str] = set()
    sector = struct.unpack_from("<I", header, 48)[0]
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



def refuse_unless_spreadsheet(fmt: str) -> None:
    if fmt in _FORMAT_REFUSALS:
        raise Refused(_FORMAT_REFUSALS[fmt])
    if fmt not in _SPREADSHEETS:
        hint = RESAVE if fmt in _RESAVABLE else None
        raise Refused("not-a-spreadsheet", hint, what=_LOOKS_LIKE[fmt])
