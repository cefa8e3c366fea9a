"""Workbooks as LibreOffice prints them: each page's words and the box each is drawn in.

LibreOffice prints a workbook to PDF (libreoffice.convert) and poppler's pdftotext -bbox says
where every word landed, in points from the page's top left. A text cut off by its
neighbour's cell is printed only as far as it shows, so a test can ask what a reader sees.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.libreoffice import convert, require_libreoffice

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                  r"(.*?)</word>")


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    top: float
    right: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def overlaps(self, other: Word) -> bool:
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)


def require_pdftotext() -> None:
    """Skip where poppler is missing; fail in CI, which installs it (.ci/run)."""
    if shutil.which("pdftotext"):
        return
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail("CI must have poppler's pdftotext (apt-get install poppler-utils)",
                    pytrace=False)
    pytest.skip("needs poppler's pdftotext (apt-get install poppler-utils)")


def printed_pages(workbook: Path, folder: Path) -> list[list[Word]]:
    """The words of each page of `workbook` as LibreOffice prints it."""
    require_libreoffice()
    require_pdftotext()
    pdf = convert(workbook, "pdf", folder)
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                           text=True, check=True, timeout=120).stdout
    return [[Word(html.unescape(m[5]), *map(float, m.groups()[:4])) for m in WORD.finditer(page)]
            for page in boxes.split("<page ")[1:]]


def page_with(pages: list[list[Word]], text: str) -> list[Word]:
    """The first page on which the word `text` is printed."""
    return next(page for page in pages if any(word.text == text for word in page))
