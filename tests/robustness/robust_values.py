"""Builders of submissions whose values the output formats cannot hold as they are typed.

Each `make_<case>(folder)` writes one workbook from the real template into `folder` (openpyxl
fills it, tests/support/fill.py) and, where no spreadsheet program would write the value, edits the
sheet XML inside the zip afterwards. Each returns a `Case`: the file, what a consolidation must
account for (its good rows, the finding on the odd cell, the exact cost total).
"""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from actionbook.schema import layout
from tests.support import fill

NUMBER_MARK = 987654.25  # a cost no builder types otherwise: its <v> is replaced in the XML
TEXT_MARK = "MARK-TO-REPLACE"  # a text no builder types otherwise: replaced in sharedStrings
XLSX_LIMIT = 32767
CONTROL_TEXT = "Bell\x07 and \x1b[31mred\x1b[0m and \x9b2J"
CODE_LIKE_COLUMN = "audience"
LONG_TEXT = "Long step " + "x" * 40_000
FORBIDDEN_TEXT = "Half\ufffe and \uffff and \x01 end"


@dataclass(frozen=True)
class Case:
    path: Path
    ministry: str
    rows: list[dict]  # the action rows as a reader returns them (good_row shape)
    cost_total: float  # the exact sum of the costs consolidation must report for the file
    finding: tuple[str, str] | None = None  # (code, cell) on the odd value, if any
    typed: dict[str, str] = field(default_factory=dict)  # cell -> the text the official typed


def submission(folder: Path, ministry: str, rows: list[dict], cover: dict | None = None) -> Path:
    """The ministry's template, filled with `rows` and its cover, in `folder`."""
    folder = Path(folder)
    scratch = folder / f".{ministry}-template"
    scratch.mkdir(parents=True, exist_ok=True)
    template = fill.template(scratch, ministry=ministry)
    out = folder / f"{ministry}-action-plan.xlsx"
    cover = {"ministry": ministry, "submitted_on": fill.GENERATED_ON, **(cover or {})}
    fill.fill(template, out, rows, cover=cover)
    shutil.rmtree(scratch)
    return out


def replace_in_zip(path: Path, old: bytes, new: bytes) -> Path:
    """Rewrite the one member of the zip at `path` that holds `old`, with `new` in its place."""
    with zipfile.ZipFile(path) as zf:
        members = [(info, zf.read(info)) for info in zf.infolist()]
    holding = [info.filename for info, data in members if old in data]
    assert len(holding) == 1, f"{old!r} is in {holding}, not in one member"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in members:
            zf.writestr(info, data.replace(old, new))
    return path


def cost_cell(row: int) -> str:
    return fill.cell("estimated_cost", row)


def raw_number_case(folder: Path, ministry: str, typed: bytes) -> Case:
    """Two good rows, and a third whose cost is stored in the XML as `typed` (a number)."""
    first = layout.FIRST_DATA_ROW
    rows = [fill.good_row(1), fill.good_row(2), fill.good_row(3, estimated_cost=NUMBER_MARK)]
    path = submission(folder, ministry, rows)
    replace_in_zip(path, b"<v>987654.25</v>", b"<v>" + typed + b"</v>")
    cell = cost_cell(first + 2)
    return Case(path, ministry, [*rows[:2], fill.good_row(3, estimated_cost=None)], 240000.0,
                ("invalid-number", cell), {cell: typed.decode()})


def make_inf_cost(folder: Path, ministry: str = "MOH") -> Case:
    """A cost stored as the number INF (Excel and LibreOffice never write one)."""
    return raw_number_case(folder, ministry, b"INF")


def make_overflowing_number(folder: Path, ministry: str = "MOE") -> Case:
    """A cost stored as the number 1e309, past the largest float."""
    return raw_number_case(folder, ministry, b"1e309")


def make_overflow_pair(folder: Path, ministry: str = "MOF") -> Case:
    """Two costs of 1e308: each fits a float, their sum does not."""
    rows = [fill.good_row(1, estimated_cost=1e308), fill.good_row(2, estimated_cost=1e308)]
    return Case(submission(folder, ministry, rows), ministry, rows, float("inf"))


def make_huge_number_text(folder: Path, ministry: str = "MOI") -> Case:
    """A 400-digit cost typed as text, and `1e309` typed as text."""
    huge = "9" * 400
    rows = [fill.good_row(1), fill.good_row(2, estimated_cost=huge),
            fill.good_row(3, estimated_cost="1e309")]
    path = submission(folder, ministry, rows)
    first = layout.FIRST_DATA_ROW
    read = [rows[0], fill.good_row(2, estimated_cost=None), fill.good_row(3, estimated_cost=None)]
    return Case(path, ministry, read, 120000.0, ("invalid-number", cost_cell(first + 1)),
                {cost_cell(first + 1): huge, cost_cell(first + 2): "1e309"})


def text_case(folder: Path, ministry: str, key: str, text: str) -> Case:
    """Two good rows; the second's `key` holds `text`, put into the sheet's XML as raw UTF-8
    (openpyxl refuses to write the characters XML 1.0 forbids)."""
    rows = [fill.good_row(1), fill.good_row(2, **{key: TEXT_MARK})]
    path = submission(folder, ministry, rows)
    raw = text.encode("utf-8", "surrogatepass")
    replace_in_zip(path, TEXT_MARK.encode(), raw)
    return Case(path, ministry, [rows[0], fill.good_row(2, **{key: text})], 240000.0)


def make_xml_forbidden_char(folder: Path, ministry: str = "MOJ") -> Case:
    """An action step with U+FFFE, U+FFFF and a C0 control in it, raw in the sheet's XML."""
    return text_case(folder, ministry, "action_step", FORBIDDEN_TEXT)


def make_control_chars(folder: Path, ministry: str = "MOT") -> Case:
    """A status with BEL, ESC sequences and a C1 CSI, raw in the sheet's XML: not a value of
    the list, so the finding's message repeats it to the terminal."""
    case = text_case(folder, ministry, "status", CONTROL_TEXT)
    return replace(case, finding=("invalid-choice", fill.cell("status", layout.FIRST_DATA_ROW + 1)))


def make_code_equal_to_column(folder: Path, ministry: str = "MOA") -> Case:
    """A submission whose cover names its ministry 'audience': the name of a column of the
    Communication register, which the code's own column used to overwrite."""
    rows = [fill.good_row(1, comm_audience="Parents"), fill.good_row(2, comm_audience="Parents")]
    path = submission(folder, ministry, rows, cover={"ministry": CODE_LIKE_COLUMN})
    return Case(path, CODE_LIKE_COLUMN, rows, 240000.0)


def make_long_text(folder: Path, ministry: str = "MOL") -> Case:
    """An action step of 40,010 characters, past Excel's 32,767 a cell (openpyxl would cut
    it: the text goes into the sheet's XML afterwards)."""
    case = text_case(folder, ministry, "action_step", LONG_TEXT)
    return replace(case, finding=("text-too-long",
                                  fill.cell("action_step", layout.FIRST_DATA_ROW + 1)))



BUILDERS = (make_inf_cost, make_overflowing_number, make_overflow_pair, make_huge_number_text,
            make_xml_forbidden_char, make_control_chars, make_code_equal_to_column,
            make_long_text)
