"""Builders of hostile and odd files for the safety tests, and functions to run in children.

Every builder writes into the directory it is given and returns the path. Nothing here imports
pandas or a spreadsheet reader: children that import this module stay small, which matters
for the tests that run under a tight memory ceiling.
"""

from __future__ import annotations

import os
import struct
import time
import zipfile
from pathlib import Path

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = DECLARATION + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = DECLARATION + (
    f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" '
    f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = DECLARATION + (
    f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
    '<sheet name="Action Plan" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = DECLARATION + (
    f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" '
    f'Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_NAME = "Action Plan"


# --- ordinary workbooks ---------------------------------------------------------------------------


def valid_xlsx(directory: Path, name: str = "plan.xlsx", rows: int = 100) -> Path:
    import xlsxwriter

    path = directory / name
    workbook = xlsxwriter.Workbook(path, {"strings_to_formulas": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet(SHEET_NAME)
    sheet.write_row(0, 0, ["Goal", "Action Step", "By Whom", "By When", "Estimated cost"])
    for row in range(1, rows + 1):
        sheet.write_row(row, 0,
                        [f"Goal {row % 5}", f"Step {row}", "Unit A", "2027-03-31", row * 100])
    workbook.close()
    return path


def sheet_xml(rows: str, dimension: str | None = None) -> str:
    dimension_tag = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (DECLARATION + f'<worksheet xmlns="{MAIN_NS}">{dimension_tag}'
            f"<sheetData>{rows}</sheetData></worksheet>")


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def row_with_cell(ref: str, text: str = "x") -> str:
    return f'<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}">{text_cell(ref, text)}</row>'


HEADER_ROW = f'<row r="1">{text_cell("A1", "Goal")}{text_cell("B1", "Action Step")}</row>'


def package(directory: Path, name: str, parts: dict, stored: set = frozenset()) -> Path:
    """A zip with the given members (str or bytes), deflated unless named in `stored`."""
    path = directory / name
    with zipfile.ZipFile(path, "w") as zf:
        for member, data in parts.items():
            method = zipfile.ZIP_STORED if member in stored else zipfile.ZIP_DEFLATED
            zf.writestr(member, data, compress_type=method)
    return path


def xlsx_with_sheet(directory: Path, name: str, sheet: str, extra: dict | None = None,
                    stored: set = frozenset()) -> Path:
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet,
        **(extra or {}),
    }
    return package(directory, name, parts, stored)


def minimal_ods(directory: Path, name: str = "plan.ods", content: str | None = None) -> Path:
    """A small OpenDocument spreadsheet written by hand, as LibreOffice lays one out."""
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    content = content or DECLARATION + (
        f'<office:document-content xmlns:office="{office}" xmlns:table="{table}" '
        f'xmlns:text="{text}" office:version="1.3"><office:body><office:spreadsheet>'
        '<table:table table:name="Action Plan"><table:table-row><table:table-cell '
        'office:value-type="string"><text:p>Goal</text:p></table:table-cell></table:table-row>'
        # LibreOffice's trailing empty rows: legitimate, and calamine handles them.
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell/>'
        "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = DECLARATION + (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    parts = {
        "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
        "content.xml": content,
        "META-INF/manifest.xml": manifest,
    }
    return package(directory, name, parts, stored={"mimetype"})


# --- hostile zips ---------------------------------------------------------------------------------


def far_cell_xlsx(directory: Path, name: str = "far.xlsx") -> Path:
    """The 5 KB file that makes calamine abort the process: a value at XFD1048576."""
    rows = HEADER_ROW + row_with_cell("XFD1048576", "boom")
    return xlsx_with_sheet(directory, name, sheet_xml(rows, "A1:XFD1048576"))


def libreoffice_formatted_rows_xlsx(directory: Path, name: str = "lo.xlsx") -> Path:
    """What LibreOffice writes for a formatted row at the bottom of the sheet: a used range to
    row 1048576 and an empty row element there, with no cell content beyond the table."""
    rows = HEADER_ROW + (
        '<row r="1048576" customFormat="false" ht="30" hidden="false" customHeight="true" '
        'outlineLevel="0" collapsed="false"></row>'
    )
    return xlsx_with_sheet(directory, name, sheet_xml(rows, "A1:B1048576"))


def excel_styled_far_cell_xlsx(directory: Path, name: str = "styled.xlsx") -> Path:
    """A formatted but empty cell far away, as Excel writes one: no content to read."""
    rows = HEADER_ROW + '<row r="1048576" spans="26:26"><c r="Z1048576" s="1"/></row>'
    return xlsx_with_sheet(directory, name, sheet_xml(rows, "A1:Z1048576"))


def billion_laughs_xlsx(directory: Path, name: str = "laughs.xlsx") -> Path:
    entities = "".join(
        f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)
    )
    shared = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol0 "lol">' + entities + "]>"
        f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    )
    sheet = sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    return xlsx_with_sheet(directory, name, sheet, {"xl/sharedStrings.xml": shared})


def bomb_xlsx(directory: Path, inflated_mb: int, name: str = "bomb.xlsx") -> Path:
    """A workbook whose sheet is mostly blanks: tiny packed, huge unpacked."""
    path = xlsx_with_sheet(directory, name, sheet_xml(HEADER_ROW))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf, \
            zf.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as member:
        block = b" " * (1024 * 1024)
        for _ in range(inflated_mb):
            member.write(block)
    return path


def incompressible_part(size: int) -> bytes:
    """XML-looking text that deflate cannot shrink much (ratio near 1:1)."""
    return b"<worksheet>" + os.urandom(size // 2).hex().encode() + b"</worksheet>"


def declare_sizes(path: Path, member: str, file_size: int) -> Path:
    """Make the local header and the central directory lie about a member's unpacked size."""
    data = bytearray(path.read_bytes())
    encoded = member.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, at + 28)
        if data[at + 46 : at + 46 + name_length] == encoded:
            struct.pack_into("<I", data, at + 24, file_size)
            header = struct.unpack_from("<I", data, at + 42)[0]
            struct.pack_into("<I", data, header + 22, file_size)
        at = data.find(b"PK\x01\x02", at + 46 + name_length + extra_length + comment_length)
    path.write_bytes(bytes(data))
    return path


def overlapping_zip(directory: Path, name: str = "overlap.xlsx") -> Path:
    """Two central-directory entries pointing at the same local data (the 'overlap' bomb)."""
    path = xlsx_with_sheet(directory, name, sheet_xml(HEADER_ROW),
                           {"xl/styles.xml": "<styleSheet/>"})
    data = bytearray(path.read_bytes())
    entries = {}
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, at + 28)
        entries[bytes(data[at + 46 : at + 46 + name_length])] = at
        at = data.find(b"PK\x01\x02", at + 46 + name_length + extra_length + comment_length)
    sheet_header = struct.unpack_from("<I", data, entries[b"xl/worksheets/sheet1.xml"] + 42)[0]
    struct.pack_into("<I", data, entries[b"xl/styles.xml"] + 42, sheet_header)
    path.write_bytes(bytes(data))
    return path


def xlsb(directory: Path, name: str = "plan.xlsb") -> Path:
    return package(directory, name,
                   {"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.bin": b"\x83\x01\x00"})


def many_members_xlsx(directory: Path, count: int, name: str = "crowded.xlsx") -> Path:
    extra = {f"xl/media/image{number}.png": b"\x89PNG" for number in range(count)}
    return xlsx_with_sheet(directory, name, sheet_xml(HEADER_ROW), extra)


def truncated(source: Path, name: str = "cut.xlsx") -> Path:
    path = source.with_name(name)
    path.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    return path


# --- not zips at all ------------------------------------------------------------------------------

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole2_header_only(directory: Path, name: str = "plan.xls") -> Path:
    path = directory / name
    path.write_bytes(OLE2_MAGIC + b"\x00" * 4088)
    return path


def compound_file(directory: Path, name: str, streams: list[str]) -> Path:
    """A real, minimal OLE2 compound file whose directory lists the given (empty) streams."""
    sector = 512
    entries = [_directory_entry("Root Entry", 5, child=1 if streams else 0xFFFFFFFF)]
    for number, stream in enumerate(streams, start=1):
        following = number + 1 if number < len(streams) else 0xFFFFFFFF
        entries.append(_directory_entry(stream, 2, right=following))
    directory_bytes = b"".join(entries)
    directory_bytes += b"\x00" * (-len(directory_bytes) % sector)
    directory_sectors = len(directory_bytes) // sector
    # Sector 0 holds the FAT; the directory chain follows in sectors 1..n.
    fat = [0xFFFFFFFD] + [n + 2 for n in range(directory_sectors - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (sector // 4 - len(fat))
    header = OLE2_MAGIC + b"\x00" * 16 + struct.pack(
        "<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0
    )
    header += struct.pack("<I", 0) + struct.pack("<I", 0xFFFFFFFF) * 108
    path = directory / name
    path.write_bytes(header + struct.pack(f"<{sector // 4}I", *fat) + directory_bytes)
    return path


def _directory_entry(name: str, kind: int, right: int = 0xFFFFFFFF,
                     child: int = 0xFFFFFFFF) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBBIII", len(encoded), kind, 1, 0xFFFFFFFF, right, child)
        + b"\x00" * 36  # class id, state bits, times
        + struct.pack("<IQ", 0xFFFFFFFE, 0)  # starting sector, size
    )


def encrypted_xlsx(directory: Path, name: str = "secret.xlsx") -> Path:
    """How Excel stores a password-protected .xlsx: a compound file, not a zip."""
    return compound_file(directory, name, ["\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"])


def legacy_xls(directory: Path, name: str = "old.xls") -> Path:
    return compound_file(directory, name, ["Workbook", "\x05SummaryInformation"])


def write(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.write_bytes(data)
    return path


# --- functions to run in child processes ----------------------------------------------------------


def process_id(_item) -> int:
    return os.getpid()


def double(number: int) -> int:
    return number * 2


def abort_now() -> None:
    os.abort()


def abort_on(number: int) -> int:
    if number == 3:
        os.abort()
    return number * 2


def sleep_for(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def sleep_on(number: int) -> int:
    if number == 2:
        time.sleep(60)
    return number


def allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def fail_with(message: str) -> None:
    raise ValueError(message)


def unpicklable_result() -> object:
    return lambda: None


def read_with_calamine(path: str) -> int:
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_path(path)
    return len(workbook.get_sheet_by_index(0).to_python())


def preflight_without_calamine(path: str):
    """Preflight in a process where importing calamine fails: proof that it never needs it."""
    import sys

    sys.modules["python_calamine"] = None  # makes `import python_calamine` raise ImportError
    from actionbook.safety.preflight import preflight

    return preflight(path)
