"""The few things calamine does not give, read from the file's zip and XML parts.

Custom document properties (the template's metadata, kept by LibreOffice), the cells of a
sheet that hold formulas (calamine gives their cached values only), and merged cells of an
.ods sheet (calamine reports merges for .xlsx only). The parts come from what the pre-flight
check already inflated (safety.inspect), which has refused oversized parts and DTDs. Property
parts are parsed with defusedxml; a sheet or content.xml is only scanned for the few tags
wanted, since parsing it whole would cost more than calamine's entire read.
"""

from __future__ import annotations

import functools
import html
import io
import re
import struct
import zipfile
from pathlib import Path

from defusedxml import ElementTree
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name

from actionbook.safety.sheet_parts import sheet_parts

CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"

# A formula element; the cell it belongs to is the start tag just before it. Markup cannot
# occur inside XML text (a literal '<' is always escaped), so formula cells are found
# without a full parse, which for a large sheet would cost more than calamine's whole read.
FORMULA_TAIL = rb"f(?=[\s>/])(?:[^>]*/>|[^>]*>([^<]*)<)"
FORMULA = re.compile(rb"<(?:\w+:)?" + FORMULA_TAIL)
CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')


def is_ods(path: Path) -> bool:
    return path.suffix.lower() == ".ods"


class Package:
    """A workbook's zip parts: the XML the pre-flight check already inflated (safety.inspect),
    and any other part read from the file when asked for."""

    def __init__(self, path: Path, parts: dict[str, bytes] | None = None,
                 names: tuple[str, ...] = (), data: bytes | None = None,
                 crcs: dict[str, int] | None = None):
        self.path, self.parts = Path(path), parts or {}
        self._names = set(names) if names else None
        self.data = data  # the file's bytes as the pre-flight check judged them, if it kept them
        self.crcs = crcs or {}  # safety.Inspection.crcs: every part is here, with its CRC-32
        self.properties: dict[str, str] | None = None  # custom_properties, once worked out

    def book_data(self) -> bytes | None:
        """The bytes for calamine: the parts the pre-flight check inflated and judged, stored
        in a zip of their own when it kept them all (calamine then inflates nothing again:
        a twentieth of a read), else the file as judged (None: read it from disk)."""
        return stored_zip(self.parts, self.crcs) if self.crcs else self.data

    @property
    def names(self) -> set[str]:
        if self._names is None:
            with self.archive() as archive:
                self._names = set(archive.namelist())
        return self._names

    def read(self, name: str) -> bytes | None:
        """The part's inflated bytes; None when the package has no such part."""
        if name in self.parts:
            return self.parts[name]
        if name not in self.names:
            return None
        with self.archive() as archive:
            return archive.read(name)

    def archive(self) -> zipfile.ZipFile:
        return zipfile.ZipFile(io.BytesIO(self.data) if self.data is not None else self.path)


def stored_zip(parts: dict[str, bytes], crcs: dict[str, int]) -> bytes:
    """A zip of the parts as they are (stored, not deflated). Each part keeps the CRC-32 its
    file's directory declared, so a reader that checks it fails as it would on the file."""
    entries: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name, data in parts.items():
        raw = name.encode("ascii")
        # version 2.0, no flags, stored, a fixed DOS time (1980-01-01), the CRC, the sizes
        fields = (20, 0, 0, 0, 0x21, crcs[name], len(data), len(data), len(raw))
        entries += (struct.pack("<4s5H3IHH", b"PK\x03\x04", *fields, 0), raw, data)
        directory += (struct.pack("<4sH5H3I5H2I", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0,
                                  offset), raw)
        offset += 30 + len(raw) + len(data)
    listing = b"".join(directory)
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(listing),
                      offset, 0)
    return b"".join([*entries, listing, end])


def package(source: Path | Package) -> Package:
    return source if isinstance(source, Package) else Package(source)


def custom_properties(source: Path | Package) -> dict[str, str]:
    """The document's custom properties as text ({} when it has none). Worked out once per
    package: telling actionbook's own outputs from submissions and reading the template's
    metadata both ask for them."""
    source = package(source)
    if source.properties is None:
        source.properties = parsed_properties(source)
    return dict(source.properties)


def parsed_properties(source: Package) -> dict[str, str]:
    if is_ods(source.path):
        meta = source.read("meta.xml")
        return ods_properties(meta) if meta is not None else {}
    custom = source.read("docProps/custom.xml")
    if custom is None:
        return {}
    root = ElementTree.fromstring(custom)
    return {prop.get("name", ""): "".join(prop.itertext()).strip()
            for prop in root.iter(f"{CUSTOM}property")}


def ods_properties(meta: bytes) -> dict[str, str]:
    root = ElementTree.fromstring(meta)
    return {prop.get(f"{META}name", ""): "".join(prop.itertext()).strip()
            for prop in root.iter(f"{META}user-defined")}


def formula_cells(source: Path | Package, sheet: str,
                  columns: set[int]) -> dict[tuple[int, int], str]:
    """(excel row, 0-based column) -> formula text ("" for a shared formula's followers) of
    each formula cell in `columns` of an .xlsx/.xlsm sheet; {} for .ods."""
    source = package(source)
    if is_ods(source.path) or not columns:
        return {}
    part = sheet_part(source, sheet)
    data = source.read(part) if part is not None else None
    if data is None:
        return {}
    # Excel, LibreOffice, xlsxwriter and openpyxl write unprefixed cells with r="" first.
    plain = b"<sheetData" in data and b'<c r="' in data
    found = (plain_formula_cells if plain else any_formula_cells)(data, columns)
    return {(int(row), column_of(letters.decode())): formula_text(text)
            for letters, row, text in found}


def plain_formula_cells(data: bytes, columns: set[int]) -> list[tuple[bytes, bytes, bytes]]:
    """What Excel, LibreOffice and xlsxwriter write: no namespace prefix, r="" first. One
    C-level pass, looking only at the wanted columns (not at the template's helpers)."""
    return formula_cell_pattern(frozenset(columns)).findall(data)


@functools.lru_cache(maxsize=16)  # the workbooks of a template ask for the same columns
def formula_cell_pattern(columns: frozenset[int]) -> re.Pattern:
    letters = b"|".join(xl_col_to_name(c).encode() for c in sorted(columns))
    # Possessive (*+): a cell without a formula fails at once, without backing off char by
    # char, which is a third of the scan.
    return re.compile(rb'<c r="(' + letters + rb')([0-9]{1,7}+)"[^>]*+>\s*+<' + FORMULA_TAIL)


def any_formula_cells(data: bytes, columns: set[int]) -> list[tuple[bytes, bytes, bytes]]:
    """Any other writer: each formula element, then the start tag of its cell before it."""
    found = []
    for formula in FORMULA.finditer(data):
        opening = data.rfind(b"<", 0, formula.start())
        cell = CELL_REF.match(data, opening, formula.start())
        if cell and column_of(cell[1].decode()) in columns:
            found.append((cell[1], cell[2], formula[1]))
    return found


def formula_text(text: bytes | None) -> str:
    return "=" + html.unescape(text.decode("utf-8")) if text else ""


def sheet_part(source: Package, sheet: str) -> str | None:
    """The zip member holding the named sheet, through workbook.xml and its relationships."""
    workbook, rels = source.read("xl/workbook.xml"), source.read("xl/_rels/workbook.xml.rels")
    if workbook is None or rels is None:
        return None
    part = known_sheet_parts(workbook, rels).get(sheet)
    return part if part in source.names else None


# Workbooks made from one template share their workbook.xml and its relationships: parsed
# once (the bytes hash in a microsecond; parsing them was a third of the formula scan).
known_sheet_parts = functools.lru_cache(maxsize=16)(sheet_parts)


def ods_merged_ranges(source: Path | Package,
                      sheet: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Merged ranges of an .ods sheet as calamine gives them for .xlsx: 0-based
    ((first row, first column), (last row, last column)).

    A full XML parse of content.xml costs ten times calamine's whole read, so the table's
    rows are found by their start tags, and only a row holding a merge is looked into. Tags
    cannot occur inside XML text ('<' is escaped there), and LibreOffice always writes the
    "table:" prefix."""
    content = package(source).read("content.xml") or b""
    span = table_span(content, sheet)
    if span is None:
        return []
    rows = list(ODS_ROW.finditer(content, *span))
    ranges, row = [], 0
    for index, tag in enumerate(rows):
        end = rows[index + 1].start() if index + 1 < len(rows) else span[1]
        if not tag[2] and content.find(b"-spanned=", tag.end(), end) != -1:
            ranges += row_spans(content, tag.end(), end, row)
        row += number(tag[1], b"number-rows-repeated")
    return ranges


ODS_TABLE = re.compile(rb'<table:table\s[^>]*?table:name="([^"]*)"[^>]*>')
ODS_ROW = re.compile(rb"<table:table-row(?=[\s/>])([^>]*?)(/?)>")  # not table-row-group
ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell(?=[\s/>])([^>]*?)/?>")


def table_span(content: bytes, sheet: str) -> tuple[int, int] | None:
    """Where the named table's content lies in content.xml."""
    for table in ODS_TABLE.finditer(content):
        if html.unescape(table[1].decode("utf-8")) == sheet:
            end = content.find(b"</table:table>", table.end())
            return table.end(), end if end != -1 else len(content)
    return None


def row_spans(content: bytes, start: int, end: int, row: int) -> list:
    ranges, column = [], 0
    for cell in ODS_CELL.finditer(content, start, end):
        down = number(cell[1], b"number-rows-spanned")
        across = number(cell[1], b"number-columns-spanned")
        if down > 1 or across > 1:
            ranges.append(((row, column), (row + down - 1, column + across - 1)))
        column += number(cell[1], b"number-columns-repeated")
    return ranges


def number(attributes: bytes, name: bytes) -> int:
    """An integer attribute of an ODS tag, 1 when absent."""
    at = attributes.find(b"table:" + name + b'="')
    if at == -1:
        return 1
    start = at + len(name) + 8
    return int(attributes[start:attributes.index(b'"', start)])


def column_of(letters: str) -> int:
    """B -> 1: the 0-based index of a cell reference's column letters."""
    return xl_cell_to_rowcol(f"{letters}1")[1]
