"""Sheet name -> the zip member that holds it, read from the package's own XML (the way
calamine finds them), without an XML parser."""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
import zlib

from actionbook.safety.limits import MB

# A start tag and its attributes (a quoted value may hold ">"); each attribute's name and value.
_TAG = rb"<(?:[\w.-]+:)?%s\s([^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*)>"
_SHEET_TAG = re.compile(_TAG % rb"sheet")
_RELATIONSHIP_TAG = re.compile(_TAG % rb"Relationship")
_ATTRIBUTE = re.compile(rb"([\w.:-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def sheet_parts(workbook: bytes, rels: bytes) -> dict[str, str]:
    """Sheet name -> the zip member that holds it, from xl/workbook.xml and its relationships
    (the way calamine finds them: a target may point anywhere in the package)."""
    targets: dict[str, str] = {}
    for attributes in map(_attributes, _RELATIONSHIP_TAG.findall(rels)):
        if "Id" in attributes and "Target" in attributes:
            target = attributes["Target"]
            path = target[1:] if target.startswith("/") else "xl/" + target
            targets[attributes["Id"]] = posixpath.normpath(path)
    parts: dict[str, str] = {}
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


def sheet_label(zf: zipfile.ZipFile, member: str) -> str:
    """"sheet 'Action Plan'" for a worksheet part, from the workbook's own names."""
    try:
        parts = sheet_parts(_read_small(zf, "xl/workbook.xml"),
                            _read_small(zf, "xl/_rels/workbook.xml.rels"))
    except (KeyError, zipfile.BadZipFile, zlib.error, EOFError, OSError):
        parts = {}
    names = [name for name, part in parts.items() if part == member]
    return f"sheet '{names[0]}'" if names else f"part {member}"

