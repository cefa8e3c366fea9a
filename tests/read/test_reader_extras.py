"""What the reader takes from the zip's XML: formula cells, custom properties."""

import io
import re
import zipfile

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from actionbook.read import xlsx_extras
from actionbook.schema import layout

PLAIN = (b'<worksheet><sheetData><row r="2"><c r="D2" s="1"><f>1000*12</f><v>12000</v></c>'
         b'<c r="E2" t="s"><v>0</v></c><c r="AA2"><f t="shared" si="0"/><v>1</v></c>'
         b'<c r="F2"><f>A1&amp;"x"</f><v>1</v></c></row></sheetData></worksheet>')
PREFIXED = (b'<x:worksheet><x:sheetData><x:row r="3"><x:c s="2" r="B3"><x:f>SUM(A1:A2)</x:f>'
            b'<x:v>3</x:v></x:c><x:c r="C3"><x:v>4</x:v></x:c></x:row></x:sheetData>')


def as_cells(found):
    return {(int(row), letters.decode()): text for letters, row, text in found}


def test_formula_cells_of_the_usual_writers():
    found = as_cells(xlsx_extras.plain_formula_cells(PLAIN, {3, 5, 26}))
    assert found == {(2, "D"): b"1000*12", (2, "F"): b'A1&amp;"x"', (2, "AA"): b""}


def test_formula_cells_only_in_the_columns_asked_for():
    assert as_cells(xlsx_extras.plain_formula_cells(PLAIN, {4})) == {}


CELL_XML = st.lists(st.sampled_from([
    b'<c r="D2" s="1">', b'<c r="AA12">', b'<c r="D1234567">', b'<c r="D12345678">', b"<f>",
    b'<f t="shared" si="0"/>', b"</f>", b"<v>1</v>", b"</c>", b" ", b"\n", b">", b"x*2", b"<",
    b'<c r="B3" t="str">', b"<is><t>f</t></is>", b'"']), max_size=30).map(b"".join)


@settings(max_examples=300, deadline=None)
@given(data=CELL_XML)
def test_the_possessive_formula_scan_finds_what_the_plain_one_does(data):
    columns = {1, 3, 26}
    letters = b"|".join(layout.column_letter(c + 1).encode() for c in sorted(columns))
    plain = re.compile(rb'<c r="(' + letters + rb')([0-9]{1,7})"[^>]*>\s*<'
                       + xlsx_extras.FORMULA_TAIL)
    assert xlsx_extras.plain_formula_cells(data, columns) == plain.findall(data)


def test_formula_cells_of_a_prefixed_writer():
    found = as_cells(xlsx_extras.any_formula_cells(PREFIXED, {1, 2}))
    assert found == {(3, "B"): b"SUM(A1:A2)"}


@pytest.mark.parametrize("raw, text", [(b"1000*12", "=1000*12"), (b"A1&amp;B1", "=A1&B1"),
                                       (b"", ""), (None, "")])
def test_formula_text_is_unescaped(raw, text):
    assert xlsx_extras.formula_text(raw) == text


def test_formula_cells_of_a_sheet_by_its_name(tmp_path):
    path = tmp_path / "f.xlsx"
    book = xlsxwriter.Workbook(path)
    book.add_worksheet("First").write("A1", "x")
    book.add_worksheet("Plan & Budget").write_formula("C4", "=2*3", None, 6)
    book.close()
    assert xlsx_extras.formula_cells(path, "Plan & Budget", {2}) == {(4, 2): "=2*3"}
    assert xlsx_extras.formula_cells(path, "First", {0, 1, 2}) == {}
    assert xlsx_extras.formula_cells(path, "Nowhere", {2}) == {}


def test_custom_properties_of_an_xlsx(tmp_path):
    path = tmp_path / "p.xlsx"
    book = xlsxwriter.Workbook(path)
    book.add_worksheet()
    book.set_custom_property("template_id", "actionbook-action-plan")
    book.set_custom_property("schema_version", 1)
    book.close()
    assert xlsx_extras.custom_properties(path) == {"template_id": "actionbook-action-plan",
                                                   "schema_version": "1"}


def test_no_custom_properties(tmp_path):
    path = tmp_path / "none.xlsx"
    book = xlsxwriter.Workbook(path)
    book.add_worksheet()
    book.close()
    assert xlsx_extras.custom_properties(path) == {}


ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>
<table:table table:name="Other"><table:table-row><table:table-cell
 table:number-columns-spanned="2"/></table:table-row></table:table>
<table:table table:name="Plan &amp; Budget">
<table:table-row-group>
<table:table-row table:number-rows-repeated="2"><table:table-cell
 table:number-columns-repeated="3"/></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell
 table:number-columns-spanned="2" table:number-rows-spanned="3"><text:p>x</text:p>
</table:table-cell><table:covered-table-cell/></table:table-row>
</table:table-row-group>
<table:table-row table:number-rows-repeated="1000"/>
</table:table></office:spreadsheet></office:body></office:document-content>"""


def test_merged_cells_of_an_ods_sheet(tmp_path):
    path = tmp_path / "merged.ods"
    with zipfile.ZipFile(path, "w") as ods:
        ods.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        ods.writestr("content.xml", ODS_CONTENT)
    assert xlsx_extras.ods_merged_ranges(path, "Plan & Budget") == [((2, 2), (4, 3))]
    assert xlsx_extras.ods_merged_ranges(path, "Other") == [((0, 0), (0, 1))]
    assert xlsx_extras.ods_merged_ranges(path, "Missing") == []


def stored_book(tmp_path, extra: dict[str, bytes] | None = None):
    path = tmp_path / "book.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Plan")
    sheet.write_row("A1", ["x", 2.5, "é"])
    sheet.write_formula("B2", "=2*3", None, 6)
    book.close()
    if extra:
        with zipfile.ZipFile(path, "a") as archive:
            for name, data in extra.items():
                archive.writestr(name, data)
    return path


def test_calamine_reads_the_judged_parts_stored_as_it_reads_the_file(tmp_path):
    import python_calamine

    from actionbook.read.reader import refuse_unsafe

    path = stored_book(tmp_path)
    package = refuse_unsafe(path)
    with zipfile.ZipFile(io.BytesIO(package.book_data())) as stored:
        assert stored.testzip() is None
        parts = {i.filename: (i.compress_type, stored.read(i)) for i in stored.infolist()}
        assert parts == {name: (zipfile.ZIP_STORED, part) for name, part in package.parts.items()}
        with zipfile.ZipFile(path) as original:
            assert [i.CRC for i in stored.infolist()] == [original.getinfo(i.filename).CRC
                                                          for i in stored.infolist()]
    grids = [python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
             .get_sheet_by_name("Plan").to_python() for data in (package.book_data(), package.data)]
    assert grids[0] == grids[1] == [["x", 2.5, "é"], ["", 6.0, ""]]


def test_a_package_with_a_part_not_kept_is_read_from_the_file(tmp_path):
    from actionbook.read.reader import refuse_unsafe

    path = stored_book(tmp_path, {"xl/printerSettings/printerSettings1.bin": b"\x00\x01binary"})
    package = refuse_unsafe(path)
    assert "xl/printerSettings/printerSettings1.bin" not in package.parts
    assert package.book_data() is package.data
