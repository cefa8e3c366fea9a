"""The zip container under hard limits: its directory counted before zipfile reads it, and
every member inflated as a stream, each chunk counted against the limits before it is kept
or judged (xml_scan.py), trusting no size the headers declare."""

from __future__ import annotations

import os
import struct
import zipfile
import zlib

from actionbook.safety import far_refs, xml_scan
from actionbook.safety.limits import MB, Limits
from actionbook.safety.refusals import Refused, size_text
from actionbook.safety.source import Source


def open_zip(source: Source, limits: Limits) -> zipfile.ZipFile:
    count = _declared_member_count(source, limits)
    if count > limits.max_members:
        raise Refused("too-many-members", count=count, limit=limits.max_members)
    try:
        zf = source.zipfile()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, struct.error):
        raise Refused("truncated") from None
    if len(zf.infolist()) > limits.max_members:
        zf.close()
        raise Refused("too-many-members", count=len(zf.infolist()), limit=limits.max_members)
    return zf


def _declared_member_count(source: Source, limits: Limits) -> int:
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
    zip64 = count == 0xFFFF or 0xFFFFFFFF in (directory_size, directory_start)
    if zip64 and locator.startswith(b"PK\x06\x07"):
        f.seek(struct.unpack_from("<Q", locator, 8)[0])
        record = f.read(56)
        if record.startswith(b"PK\x06\x06") and len(record) == 56:
            return struct.unpack_from("<QQQ", record, 32)
    return count, directory_size, directory_start


def crcs(infos: list[zipfile.ZipInfo], parts: dict[str, bytes]) -> dict[str, int]:
    """The CRC-32 of every part, when every member of the zip was kept, under a name of its
    own that reads the same in any encoding; else {}."""
    names = {info.filename for info in infos}
    if not len(names) == len(parts) == len(infos) or not all(map(str.isascii, names)):
        return {}
    return {info.filename: info.CRC for info in infos}


# --- members, inflated as streams under limits -------------------------------------------------

_CHUNK = MB  # inflated bytes judged at a time, and raw bytes read at a time


class _Budget:
    """The total inflated size of a package, counted across its members."""

    def __init__(self, limits: Limits):
        self.left = limits.total_inflated_bytes
        self.limit = limits.total_inflated_bytes

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise Refused("zip-bomb",
                          detail=f"it unpacks to more than {size_text(self.limit)} in total")


def check_members(source: Source, infos: list[zipfile.ZipInfo], limits: Limits,
                   sheets: bool) -> dict[str, bytes]:
    """Inflate and judge every member; return the XML parts worth keeping, by name."""
    _check_declared_sizes(infos, limits)
    budget, previous_end, kept = _Budget(limits), 0, _Kept()
    # What makes a ref far, worked out once for the package, not for each of its parts.
    sheet_limits, refs = (limits, far_refs.far_refs(limits)) if sheets else (None, None)
    with source.open() as f:
        for info in sorted(infos, key=lambda info: info.header_offset):
            start = _data_start(f, info)
            if start < previous_end:
                raise Refused("zip-bomb", detail="its zip entries overlap, a trick that makes a "
                              "small file unpack many times over")
            previous_end = start + info.compress_size
            keep = kept.room(info)
            chunks = _limited(_inflated(f, info, start), info, budget, limits, keep)
            xml_scan.check_content(info.filename, chunks, sheet_limits, refs)
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
        raise Refused("zip-bomb", detail=f"it unpacks to more than "
                      f"{size_text(limits.total_inflated_bytes)} in total")


def _check_member_size(info, inflated: int, compressed: int, limits: Limits, declared=False):
    member = info.filename
    if inflated > limits.member_inflated_bytes:
        raise Refused("zip-bomb", detail=f"its part {member} unpacks to more than "
                      f"{size_text(limits.member_inflated_bytes)}")
    if inflated > limits.ratio_floor_bytes and inflated > limits.max_ratio * max(compressed, 1):
        raise Refused("zip-bomb", detail=f"its part {member} unpacks more than "
                      f"{limits.max_ratio:g} times its packed size, as zip bombs do")
    if not declared and inflated > info.file_size:
        raise Refused("zip-bomb", detail=f"its part {member} unpacks to more than the "
                      f"{size_text(info.file_size)} its zip header declares")


def _data_start(f, info: zipfile.ZipInfo) -> int:
    f.seek(info.header_offset)
    header = f.read(30)
    if len(header) < 30 or not header.startswith(b"PK\x03\x04"):
        raise Refused("truncated")
    name_length, extra_length = struct.unpack_from("<HH", header, 26)
    return info.header_offset + 30 + name_length + extra_length


def _inflated(f, info: zipfile.ZipInfo, start: int):
    """(inflated chunk, packed bytes consumed so far) pairs, trusting no size in the headers."""
    if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise Refused("not-a-spreadsheet", what="a zip archive packed in a way Excel and "
                      "LibreOffice never use (encrypted or an unusual compression)")
    f.seek(start)
    raw = _raw_chunks(f, info.compress_size)
    if info.compress_type == zipfile.ZIP_STORED:
        return ((chunk, 0) for chunk in raw)  # stored data cannot inflate: no ratio
    # A part its header says is small is inflated in one piece of one byte more than that
    # (a lie shows at once): zlib then fills one buffer of the right size, where with a
    # megabyte allowed it grows its buffer step by step and copies it, at thrice the cost.
    return _inflate(raw, min(_CHUNK, info.file_size + 1))


def _raw_chunks(f, size: int):
    while size > 0:
        chunk = f.read(min(_CHUNK, size))
        if not chunk:
            raise Refused("truncated")
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
    raise Refused("truncated")


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
        raise Refused("truncated")

