"""Renders the README's pictures from the samples: LibreOffice -> PDF -> PNG (pdftoppm).

    python tools/render_pictures.py          # writes docs/pictures/*.png

Run it whenever the samples change (after `python samples/generate.py`), so that the pictures
show the workbooks as they are: an official's workbook (its cover and its Action Plan), the
feedback copy `check --annotate` writes for a sample with problems, and the Summary of the
samples' consolidated workbook. Needs `soffice` (LibreOffice) and `pdftoppm` (poppler).

LibreOffice exports each sheet as one page sized to the sheet (its SinglePageSheets option),
so a sheet's page is its position among the workbook's sheets; the Action Plan is cropped to
the official's rows and its first columns, found by their text in the PDF (pdftotext -bbox).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a clone without installing

from actionbook import schema  # noqa: E402
from actionbook.check.feedback import write_feedback  # noqa: E402
from actionbook.check.rules import check_workbook  # noqa: E402
from actionbook.plan import default_plan  # noqa: E402
from actionbook.read.reader import read_workbook  # noqa: E402
from actionbook.samples.content import AS_OF  # noqa: E402

SAMPLES = ROOT / "samples"
OFFICIAL = SAMPLES / "submissions" / "MDG-action-plan.xlsx"  # complete, the most steps
WITH_PROBLEMS = SAMPLES / "submissions" / "MOH-action-plan.xlsx"  # errors, warnings, notes
CONSOLIDATED = SAMPLES / "consolidated.xlsx"
OUT = ROOT / "docs" / "pictures"
MAX_DPI = 96  # a screen's scale: text is crisp without anti-aliasing, and the files small
SPARE_ROWS = 2  # blank rows shown under the official's last step
EXPORT = 'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}'
SECONDS = 180
HEADER_BAND = 8  # points: a column header's first word sits this close to the ID header's
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                  r"(.*?)</word>")

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in points


@dataclass(frozen=True)
class Picture:
    name: str
    source: str  # which workbook: a key of the sources made by workbooks()
    sheet: str
    crop: Callable[[Path, int, Box, Path], Box] | None = None
    width: int = 1200  # pixels, at most: the text at about a screen's scale


def table_crop(last_column: str) -> Callable[[Path, int, Box, Path], Box]:
    """A crop of the Action Plan's top left: its titles and headers, the official's rows and
    a blank one or two, and the columns up to `last_column` (a schema key)."""
    def crop(pdf: Path, page: int, box: Box, workbook: Path) -> Box:
        words = page_words(pdf, page)
        right = header_left(words, next_key(last_column)) - 2
        bottom = first_word(words, last_shown_id(workbook))[3] + 3
        return box[0], box[1], min(box[2], right), min(box[3], bottom)
    return crop


def next_key(key: str) -> str:
    keys = schema.action_keys()
    return keys[keys.index(key) + 1]


def last_shown_id(workbook: Path) -> str:
    """The ID in the row SPARE_ROWS under the official's last step (the template's blank rows
    carry their IDs)."""
    import openpyxl

    read = read_workbook(workbook, default_plan())
    row = int(read.actions["excel_row"].max()) + SPARE_ROWS
    book = openpyxl.load_workbook(workbook, read_only=True)
    try:
        [[value]] = book[read.sheet or ""].iter_rows(min_row=row, max_row=row, max_col=1,
                                                     values_only=True)
    finally:
        book.close()
    return str(value)


PICTURES = (
    Picture("workbook-cover.png", "official", "Cover"),
    Picture("workbook-action-plan.png", "official", "Action Plan",
            table_crop("estimated_cost"), 1400),
    Picture("feedback-findings.png", "feedback", "Findings"),
    # up to the barriers: most of the samples' findings are in these columns
    Picture("feedback-action-plan.png", "feedback", "Action Plan", table_crop("barriers"),
            1800),
    Picture("consolidated-summary.png", "consolidated", "Summary", width=1400),
)


# The workbooks, as PDF ------------------------------------------------------------------------

def workbooks(folder: Path) -> dict[str, Path]:
    """The official's workbook, a feedback copy of a sample with problems, the consolidated
    workbook: the samples as they are, the copy written now as `check --annotate` would."""
    plan = default_plan()
    report = check_workbook(read_workbook(WITH_PROBLEMS, plan), plan, AS_OF)
    copy = write_feedback(report, plan, folder, generated_on=AS_OF)
    return {"official": OFFICIAL, "feedback": copy, "consolidated": CONSOLIDATED}


def to_pdf(sources: dict[str, Path], folder: Path) -> dict[str, Path]:
    """One PDF per workbook, one page per sheet, from one LibreOffice run with its own
    profile (a profile in use by another soffice would block this one)."""
    profile = folder / "profile"
    command = [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--convert-to", EXPORT, "--outdir", str(folder / "pdf"),
               *map(str, sources.values())]
    subprocess.run(command, check=True, capture_output=True, timeout=SECONDS)
    pdfs = {key: folder / "pdf" / f"{path.stem}.pdf" for key, path in sources.items()}
    missing = [str(path) for key, path in sources.items() if not pdfs[key].exists()]
    if missing:
        raise SystemExit(f"LibreOffice made no PDF of {', '.join(missing)}")
    return pdfs


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise SystemExit("soffice not found: install LibreOffice (apt-get install "
                         "libreoffice-calc-nogui) and poppler-utils")
    return found


# Pages and words ------------------------------------------------------------------------------

def page_of(workbook: Path, sheet: str, pdf: Path) -> int:
    """The PDF page (1-based) of `sheet`: its place among the workbook's sheets."""
    import openpyxl

    book = openpyxl.load_workbook(workbook, read_only=True)
    names = book.sheetnames
    book.close()
    pages = int(re.search(r"Pages:\s+(\d+)", run(["pdfinfo", str(pdf)]))[1])  # type: ignore[index]
    if pages != len(names):
        raise SystemExit(f"{pdf.name}: {pages} pages for {len(names)} sheets")
    return names.index(sheet) + 1


def page_box(pdf: Path, page: int) -> Box:
    info = run(["pdfinfo", "-f", str(page), "-l", str(page), "-box", str(pdf)])
    width, height = map(float, re.search(rf"Page\s+{page} size:\s+([\d.]+) x ([\d.]+)",
                                         info).groups())  # type: ignore[union-attr]
    return 0.0, 0.0, width, height


def page_words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    text = run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"])
    return [(*map(float, m.groups()[:4]), html.unescape(m[5]))  # type: ignore[misc]
            for m in WORD.finditer(text)]


def header_left(words, key: str) -> float:
    """Where the header of column `key` starts: its first word on the header row (the row of
    the ID column's header), counted among the columns whose headers start with that word."""
    keys = schema.action_keys()
    first = schema.column(key).header.split()[0]
    nth = [schema.column(k).header.split()[0] for k in keys[:keys.index(key)]].count(first)
    row = first_word(words, schema.column(keys[0]).header)[1]
    lefts = sorted(w[0] for w in words if w[4] == first and abs(w[1] - row) < HEADER_BAND)
    if len(lefts) <= nth:
        raise SystemExit(f"the header of {key} is not on the page: the layout changed")
    return lefts[nth]


def first_word(words, text: str) -> tuple[float, float, float, float]:
    """The box of the topmost word that is `text`'s first word."""
    wanted = text.split()[0]
    found = sorted((w for w in words if w[4] == wanted), key=lambda w: (w[1], w[0]))
    if not found:
        raise SystemExit(f"'{wanted}' is not on the page: the workbook changed its layout")
    return found[0][:4]


def run(command: list[str]) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True,
                          timeout=SECONDS).stdout


# PNG ------------------------------------------------------------------------------------------

def render(pdf: Path, page: int, box: Box, width: int, target: Path) -> None:
    """The box of the page as a PNG `width` pixels wide (narrower rather than above MAX_DPI)."""
    x0, y0, x1, y1 = box
    dpi = min(MAX_DPI, width * 72 / (x1 - x0))
    scale = dpi / 72
    geometry = [round(x0 * scale), round(y0 * scale), round((x1 - x0) * scale),
                round((y1 - y0) * scale)]
    # Without anti-aliasing a PNG is a quarter of the size, and at a screen's scale reads as
    # well as the sheet on a screen does.
    run(["pdftoppm", "-png", "-singlefile", "-aa", "no", "-aaVector", "no",
         "-r", f"{dpi:.2f}", "-f", str(page), "-l",
         str(page), *[flag for pair in zip(("-x", "-y", "-W", "-H"), map(str, geometry))
                      for flag in pair], str(pdf), str(target.with_suffix(""))])


def main(out: Path = OUT) -> dict[str, int]:
    """Write every picture into `out`; their sizes in bytes, by name."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="actionbook-pictures-") as temporary:
        folder = Path(temporary)
        sources = workbooks(folder)
        pdfs = to_pdf(sources, folder)
        for picture in PICTURES:
            pdf, workbook = pdfs[picture.source], sources[picture.source]
            page = page_of(workbook, picture.sheet, pdf)
            box = page_box(pdf, page)
            if picture.crop is not None:
                box = picture.crop(pdf, page, box, workbook)
            render(pdf, page, box, picture.width, out / picture.name)
    return {p.name: (out / p.name).stat().st_size for p in PICTURES}


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    sizes = main(target)
    for name, size in sizes.items():
        print(f"wrote {target / name}: {size // 1024} KB")
    print(f"{sum(sizes.values()) // 1024} KB in all")
