"""The xlsxwriter internals actionbook relies on are still there and still behave: this file
fails first, and loudly, when an xlsxwriter release changes one (pyproject.toml bounds the
versions to those it passes on). And nothing outside actionbook/xlsxwriter_private.py
touches them."""

from __future__ import annotations

import ast
import inspect
import io
import re
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet
from xlsxwriter.xmlwriter import XMLwriter

from actionbook.xlsxwriter_private import AppendedRowsSheet, ProtectableWorkbook, xf_index

PACKAGE = Path(__file__).resolve().parents[1] / "actionbook"
PRIVATE_MODULE = PACKAGE / "xlsxwriter_private.py"
XLSXWRITER_CLASSES = (Workbook, Worksheet, Format, XMLwriter)
PRIVATE_NAMES = {name for cls in XLSXWRITER_CLASSES for name in dir(cls)
                 if name.startswith("_") and not name.startswith("__")}


@pytest.mark.parametrize(("owner", "name", "parameters"), [
    (Format, "_get_xf_index", ["self"]),
    (Workbook, "_write_workbook_pr", ["self"]),
    (XMLwriter, "_xml_empty_tag", ["self", "tag", "attributes"]),
    (Worksheet, "_write_rows", ["self"]),
    (Worksheet, "_check_dimensions", ["self", "row", "col", "ignore_row", "ignore_col"]),
])
def test_the_private_methods_used_keep_their_signatures(owner, name, parameters):
    assert list(inspect.signature(getattr(owner, name)).parameters) == parameters


def test_a_worksheet_has_the_attributes_used():
    sheet = Worksheet()
    assert isinstance(sheet.table, dict) and isinstance(sheet.row_info, dict)
    assert isinstance(sheet.comments, dict)
    assert sheet.tables == [] and sheet.merge == []
    assert hasattr(sheet, "fh")


def test_an_added_table_is_a_dict_with_the_ranges_stretched():
    book = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.add_table(0, 0, 2, 1, {"columns": [{"header": "a"}, {"header": "b"}]})
    [table] = sheet.tables
    assert (table["range"], table["a_range"], table["autofilter"]) == ("A1:B3", "A1:B3",
                                                                        "A1:B3")
    book.close()


def test_the_write_hooks_are_called_when_the_workbook_closes():
    calls = []

    class Book(Workbook):
        def _write_workbook_pr(self):
            calls.append("workbook_pr")
            super()._write_workbook_pr()

    class Sheet(Worksheet):
        def _write_rows(self):
            calls.append("rows")
            super()._write_rows()

    book = Book(io.BytesIO(), {"in_memory": True})
    book.add_worksheet("S", Sheet).write_string(0, 0, "x")
    book.close()
    assert sorted(calls) == ["rows", "workbook_pr"]


def written(protection=None) -> bytes:
    """A workbook with a format, a cell of its own and three appended rows under a table."""
    buffer = io.BytesIO()
    book = ProtectableWorkbook(buffer, {"in_memory": True})
    book.structure_protection = protection
    money = book.add_format({"num_format": "#,##0"})
    index = xf_index(money)
    sheet = book.add_worksheet("Rows", AppendedRowsSheet)
    sheet.write_row(0, 0, ["name", "cost"])
    rows = [f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>r{n}</t></is></c>'
            f'<c r="B{n}" s="{index}"><v>{n * 1000}</v></c></row>' for n in (2, 3, 4)]
    sheet.append_rows("".join(rows), 1, 3, 1)
    sheet.add_table(0, 0, 1, 1, {"columns": [{"header": "name"}, {"header": "cost"}]})
    sheet.stretch_last_table(0, 0, 3, 1)
    book.close()
    return buffer.getvalue()


def part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode()


def test_appended_rows_read_back_after_the_sheets_own_with_the_table_over_them():
    data = written()
    assert CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("Rows") \
        .to_python() == [["name", "cost"], ["r2", 2000.0], ["r3", 3000.0], ["r4", 4000.0]]
    assert '<dimension ref="A1:B4"/>' in part(data, "xl/worksheets/sheet1.xml")
    assert 'ref="A1:B4"' in part(data, "xl/tables/table1.xml")


def test_xf_index_is_the_index_of_the_format_in_the_styles_part():
    data = written()
    cell_xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", part(data, "xl/styles.xml"),
                         re.DOTALL)[1]
    money = re.search(r'numFmtId="(\d+)" formatCode="#,##0"', part(data, "xl/styles.xml"))[1]
    xf = re.findall(r"<xf [^>]*>", cell_xfs)
    style = re.search(r'<c r="B2" s="(\d+)"', part(data, "xl/worksheets/sheet1.xml"))[1]
    assert f'numFmtId="{money}"' in xf[int(style)]


def test_the_structure_protection_follows_workbook_pr():
    book = part(written([("lockStructure", 1)]), "xl/workbook.xml")
    assert re.search(r"<workbookPr[^>]*/><workbookProtection lockStructure=\"1\"/>", book)
    assert "workbookProtection" not in part(written(), "xl/workbook.xml")


def test_a_cell_among_the_appended_rows_is_refused():
    book = ProtectableWorkbook(io.BytesIO(), {"in_memory": True})
    sheet = book.add_worksheet("Rows", AppendedRowsSheet)
    sheet.append_rows('<row r="2"></row>', 1, 1, 0)
    sheet.write_string(1, 0, "mine")
    with pytest.raises(ValueError, match="among the rendered rows"):
        book.close()


def private_uses(path: Path) -> list[str]:
    """Where a module touches a private name of xlsxwriter's classes, or subclasses one."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    found = [f"{path.name}:{node.lineno} .{node.attr}" for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and node.attr in PRIVATE_NAMES]
    found += [f"{path.name}:{node.lineno} def {node.name}" for node in ast.walk(tree)
              if isinstance(node, ast.FunctionDef) and node.name in PRIVATE_NAMES]
    found += [f"{path.name}:{node.lineno} class {node.name}" for node in ast.walk(tree)
              if isinstance(node, ast.ClassDef) and any(
                  ast.unparse(base).split(".")[-1] in {"Workbook", "Worksheet", "Format"}
                  and "xlsxwriter" in ast.unparse(base) + imports_of(tree, base)
                  for base in node.bases)]
    return found


def imports_of(tree: ast.Module, base: ast.expr) -> str:
    """The module a bare base class name was imported from ("" when it was not)."""
    name = ast.unparse(base)
    return "".join(node.module or "" for node in ast.walk(tree)
                   if isinstance(node, ast.ImportFrom)
                   and any((a.asname or a.name) == name for a in node.names))


def test_the_private_module_is_seen_using_what_it_fences():
    uses = private_uses(PRIVATE_MODULE)
    assert any("._get_xf_index" in use for use in uses)
    assert any("class ProtectableWorkbook" in use for use in uses)


def test_nothing_else_in_the_package_touches_xlsxwriter_internals():
    uses = [use for path in sorted(PACKAGE.rglob("*.py")) if path != PRIVATE_MODULE
            for use in private_uses(path)]
    assert uses == []
