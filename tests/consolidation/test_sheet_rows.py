"""Rows rendered away from xlsxwriter read back exactly as xlsxwriter's own cells do."""

import datetime as dt
import io
import warnings
import xml.etree.ElementTree as ET
import zipfile

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from actionbook.consolidation.rendered_rows import MAX_TEXT, RenderedSheet, Styles, rows, text_body
from actionbook.consolidation.tables import SheetWriter, bodies
from actionbook.xlsxwriter_private import xf_index
from tests.support.libreoffice import convert

HEADER = ["text", "due", "cost"]


def workbook():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False, "in_memory": True})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    money = book.add_format({"num_format": "#,##0"})
    styles = Styles(xf_index(date), xf_index(date), xf_index(money))
    return buffer, book, styles, (date, money)


def frame(texts, dates, costs) -> pd.DataFrame:
    return pd.DataFrame({"text": pd.Series(texts, dtype=object),
                         "due": pd.to_datetime(pd.Series(dates)).astype("datetime64[us]"),
                         "estimated_cost": pd.Series(costs, dtype="float64")})


def both_ways(table: pd.DataFrame) -> bytes:
    """`table` on sheet Own by xlsxwriter's write_* calls, and on sheet Rendered as rows."""
    buffer, book, styles, (date, money) = workbook()
    own = book.add_worksheet("Own")
    rendered = book.add_worksheet("Rendered", RenderedSheet)
    for sheet in (own, rendered):
        sheet.write_row(0, 0, HEADER)
    for row, (text, due, cost) in enumerate(table.itertuples(index=False), 1):
        if isinstance(text, str) and text:
            own.write_string(row, 0, text)
            if "\n" in text:  # as tall as its lines, as rendered rows are
                own.set_row(row, min(409, 15 * (text.count("\n") + 1)))
        if not pd.isna(due):
            own.write_datetime(row, 1, due.to_pydatetime(), date)
        if not pd.isna(cost):
            own.write_number(row, 2, cost, money)
    columns = [bodies(key, table[key], styles) for key in table.columns]
    rendered.add_rows(1, rows(columns), len(columns) - 1)
    book.close()
    return buffer.getvalue()


def calamine_values(data: bytes, sheet: str) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(sheet).to_python()


texts = st.one_of(st.none(), st.just(""), st.text(max_size=60),
                  st.sampled_from(["=SUM(A1:A3)", "_x0041_ stays", " padded ", "tab\tand\nline",
                                   "a\rb", "<b>&amp;</b>", "\x01\x1f", "Ministère — 卫生部",
                                   "U+FFFE \ufffe and U+FFFF \uffff"]))
dates = st.one_of(st.none(), st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)))
costs = st.one_of(st.none(), st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
                  st.sampled_from([0.0, 0.1, 1e-7, 123456789.123]))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(texts, dates, costs), min_size=1, max_size=8))
def test_rendered_rows_read_back_as_xlsxwriter_cells_do(cells):
    table = frame(*zip(*cells))
    data = both_ways(table)
    assert calamine_values(data, "Rendered") == calamine_values(data, "Own")
    book = openpyxl.load_workbook(io.BytesIO(data))
    formats = [[c.number_format for c in row] for row in book["Own"].iter_rows()]
    assert [[c.number_format for c in row] for row in book["Rendered"].iter_rows()] == formats
    assert heights(book["Rendered"]) == heights(book["Own"])


def heights(sheet) -> dict[int, float]:
    return {r: d.height for r, d in sheet.row_dimensions.items() if d.height is not None}


def test_a_row_with_line_breaks_is_as_tall_as_its_lines():
    data = both_ways(frame(["one line", "three\nlines\nhere", "two\nlines", "x" + "\n" * 40],
                           [None] * 4, [None] * 4))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert heights(book["Rendered"]) == {3: 45, 4: 30, 5: 408.75} == heights(book["Own"])


def test_a_text_longer_than_excel_takes_is_cut_where_xlsxwriter_cuts_it():
    data = both_ways(frame(["x" * (MAX_TEXT + 5)], [None], [None]))
    assert calamine_values(data, "Rendered")[1][0] == "x" * MAX_TEXT
    assert calamine_values(data, "Own") == calamine_values(data, "Rendered")


def test_odd_values_in_a_text_column_are_rendered_as_they_are_written():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    writer = SheetWriter(book)
    styles = writer.styles()
    note = pd.Series(["text", 12.5, dt.date(2027, 3, 31), True, None, float("nan"),
                      pd.Timestamp("2028-01-01"), 7], dtype=object)
    writer.column(book.add_worksheet("Own"), 0, 0, "note", note)
    book.get_worksheet_by_name("Own").write_string(len(note), 0, "end")
    rendered = book.add_worksheet("Rendered", RenderedSheet)
    rendered.add_rows(0, rows([bodies("note", note, styles)]), 0)
    rendered.add_rows(len(note), rows([[text_body("end")]]), 0)
    book.close()
    data = buffer.getvalue()
    assert calamine_values(data, "Rendered") == calamine_values(data, "Own")
    assert [row[0] for row in calamine_values(data, "Own")] == [
        "text", 12.5, dt.date(2027, 3, 31), "True", "", "", dt.date(2028, 1, 1), 7.0, "end"]


def test_text_is_never_a_formula_nor_markup():
    assert "<f>" not in text_body("=1+1") and "&lt;b&gt;" in text_body("<b>")


def test_the_table_and_the_sheet_dimension_cover_the_rendered_rows():
    buffer, book, _styles, _ = workbook()
    sheet = book.add_worksheet("Steps", RenderedSheet)
    sheet.add_table(3, 0, 203, 1, {"columns": [{"header": "A"}, {"header": "B"}],
                                   "name": "Steps"})
    column = [text_body(f"step {n}") for n in range(100)]
    sheet.add_rows(4, rows([column, column]), 1)
    sheet.add_rows(104, rows([column, column]), 1)
    book.close()
    ws = openpyxl.load_workbook(buffer)["Steps"]
    assert ws.tables["Steps"].ref == "A4:B204" and ws.tables["Steps"].autoFilter.ref == "A4:B204"
    assert ws.dimensions == "A4:B204"
    assert ws["B5"].value == "step 0" and ws["A204"].value == "step 99"


def test_rows_added_out_of_turn_are_refused():
    _, book, _, _ = workbook()
    sheet = book.add_worksheet("Steps", RenderedSheet)
    sheet.add_rows(4, rows([[text_body("a")]]), 0)
    with pytest.raises(ValueError, match="follow each other"):
        sheet.add_rows(7, rows([[text_body("b")]]), 0)


def test_a_cell_of_its_own_among_the_rendered_rows_is_refused_rather_than_written():
    _, book, _, _ = workbook()
    sheet = book.add_worksheet("Steps", RenderedSheet)
    sheet.add_rows(4, rows([[text_body("a")], [text_body("b")]]), 1)
    sheet.write_string(4, 3, "in the way")
    with pytest.raises(ValueError, match="among the rendered rows"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # xlsxwriter warns as it gives up closing
        book.close()


def test_a_second_table_on_a_rendered_sheet_is_refused():
    _, book, _, _ = workbook()
    sheet = book.add_worksheet("Steps", RenderedSheet)
    sheet.add_table(0, 0, 5, 1)
    with pytest.raises(ValueError, match="one table"):
        sheet.add_table(0, 3, 5, 4)


@pytest.mark.libreoffice
def test_libreoffice_reads_rendered_rows_as_it_reads_xlsxwriters(tmp_path):
    table = frame(["Plan", "_x0041_ & <b>", " padded ", "line\nbreak", "卫生部"],
                  [dt.date(2027, 3, 31), None, dt.date(2028, 12, 1), None, dt.date(2030, 1, 1)],
                  [1_250_000.5, None, 0.0, 12.0, None])
    source = tmp_path / "both.xlsx"
    source.write_bytes(both_ways(table))
    saved = convert(source, "ods", tmp_path / "out").read_bytes()
    assert calamine_values(saved, "Rendered") == calamine_values(saved, "Own")
    assert calamine_values(saved, "Rendered")[1:3] == [
        ["Plan", dt.date(2027, 3, 31), 1_250_000.5], ["_x0041_ & <b>", "", ""]]


def test_every_character_xml_forbids_is_escaped_alike_in_both_ways():
    data = both_ways(frame(["U+FFFE \ufffe, U+FFFF \uffff, NUL \x00, ESC \x1b"], [None], [None]))
    escaped = b"U+FFFE _xFFFE_, U+FFFF _xFFFF_, NUL _x0000_, ESC _x001B_"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {n: zf.read(n) for n in zf.namelist() if n.endswith(".xml")}
    for part in parts.values():
        ET.fromstring(part)  # well-formed XML, or ParseError
    assert escaped in parts["xl/sharedStrings.xml"]  # xlsxwriter's own cells (sheet Own)
    assert escaped in parts["xl/worksheets/sheet2.xml"]  # the rendered rows


def test_a_lone_surrogate_is_written_as_the_replacement_character():
    assert text_body("a\ud800b") == ' t="inlineStr"><is><t>a\ufffdb</t></is></c>'
