"""Pre-flight refusal of hostile files, and reading in child processes that may crash."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actionbook.safety import far_refs_fast, isolation, source, xml_scan, zip_limits
from actionbook.safety import preflight as safety
from actionbook.safety.isolation import IsolatedFailure
from actionbook.safety.preflight import Limits, Refusal, detect_format, preflight
from actionbook.safety.refusals import Refused
from tests.support import hostile

SMALL = Limits(max_rows=10, max_columns=5)


def refused(path, limits: Limits = safety.DEFAULT_LIMITS) -> Refusal:
    refusal = preflight(path, limits)
    assert refusal is not None, f"{path.name} was accepted"
    return refusal


# --- files that must pass ------------------------------------------------------------------------


def test_an_ordinary_workbook_passes(tmp_path):
    assert preflight(hostile.valid_xlsx(tmp_path)) is None


def test_a_workbook_written_by_the_template_passes(tmp_path):
    from actionbook.plan import default_plan
    from actionbook.template.workbook import write_template

    path = write_template(default_plan(), tmp_path / "template.xlsx",
                          generated_on=dt.date(2027, 1, 1))
    assert preflight(path) is None


def test_libreoffice_formatted_rows_at_the_bottom_of_the_sheet_pass(tmp_path):
    # LibreOffice declares A1:B1048576 and writes an empty row 1048576 for a formatted row.
    assert preflight(hostile.libreoffice_formatted_rows_xlsx(tmp_path)) is None


def test_a_formatted_but_empty_cell_far_below_passes(tmp_path):
    assert preflight(hostile.excel_styled_far_cell_xlsx(tmp_path)) is None


def test_an_opendocument_spreadsheet_with_repeated_trailing_rows_passes(tmp_path):
    assert preflight(hostile.minimal_ods(tmp_path)) is None


@pytest.mark.libreoffice
def test_workbooks_saved_by_libreoffice_pass(tmp_path):
    from tests.support.libreoffice import convert

    source = hostile.valid_xlsx(tmp_path)
    ods = convert(source, "ods", tmp_path / "ods")
    xlsx = convert(ods, "xlsx", tmp_path / "xlsx")
    assert (detect_format(ods), preflight(ods)) == ("ods", None)
    assert (detect_format(xlsx), preflight(xlsx)) == ("xlsx", None)


def test_an_svg_logo_with_a_doctype_passes(tmp_path):
    svg = '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><svg/>'
    path = hostile.xlsx_with_sheet(tmp_path, "logo.xlsx", hostile.sheet_xml(hostile.HEADER_ROW),
                                   {"xl/media/image1.svg": svg})
    assert preflight(path) is None


def test_comments_and_cdata_are_not_declarations(tmp_path):
    sheet = hostile.sheet_xml("<!-- written by hand --><![CDATA[x]]>" + hostile.HEADER_ROW)
    assert preflight(hostile.xlsx_with_sheet(tmp_path, "comment.xlsx", sheet)) is None


def test_a_far_reference_quoted_in_text_is_not_a_cell(tmp_path):
    text = 'the attribute r="XFD1048576" is what broke it'
    sheet = hostile.sheet_xml(f'<row r="1">{hostile.text_cell("A1", text)}</row>')
    assert preflight(hostile.xlsx_with_sheet(tmp_path, "quote.xlsx", sheet)) is None


# --- sheets too large ----------------------------------------------------------------------------


def test_a_value_at_xfd1048576_is_refused_naming_the_sheet(tmp_path):
    refusal = refused(hostile.far_cell_xlsx(tmp_path))
    assert refusal.reason_code == "sheet-too-large"
    assert "far.xlsx" in refusal.message and "sheet 'Action Plan'" in refusal.message
    assert "XFD1048576" in refusal.message
    assert "Ctrl+End" in refusal.hint


def test_a_far_value_without_a_declared_range_names_the_cell(tmp_path):
    rows = hostile.HEADER_ROW + hostile.row_with_cell("XFD1048576")
    refusal = refused(hostile.xlsx_with_sheet(tmp_path, "cell.xlsx", hostile.sheet_xml(rows)))
    assert refusal.reason_code == "sheet-too-large"
    assert "cell XFD1048576" in refusal.message


@pytest.mark.parametrize("ref, accepted",
                         [("E10", True), ("F1", False), ("A11", False), ("AA1", False)])
def test_cells_are_judged_against_the_limits(tmp_path, ref, accepted):
    rows = hostile.row_with_cell(ref)
    path = hostile.xlsx_with_sheet(tmp_path, "limits.xlsx", hostile.sheet_xml(rows))
    refusal = preflight(path, SMALL)
    assert (refusal is None) == accepted
    if refusal:
        assert f"cell {ref}" in refusal.message and "10 rows and 5 columns" in refusal.message


def test_default_limits_accept_column_all_and_refuse_alm(tmp_path):
    # Column 1,000 is ALL; 1,001 is ALM. A value at ALL40000 is inside both, yet a grid of
    # 40 million cells to a parser: the used area is bounded too (5,000,000 cells).
    for ref, accepted in (("ALL5000", True), ("ALL5001", False), ("ALM1", False),
                          ("A40000", True), ("A40001", False), ("ALL40000", False)):
        sheet = hostile.sheet_xml(hostile.row_with_cell(ref))
        path = hostile.xlsx_with_sheet(tmp_path, f"{ref}.xlsx", sheet)
        assert (preflight(path) is None) == accepted, ref


def test_a_far_row_whose_cells_carry_no_reference_is_refused(tmp_path):
    # A cell without r= sits in its row's number: calamine places it at row 1048576.
    rows = hostile.HEADER_ROW + '<row r="1048576"><c t="inlineStr"><is><t>x</t></is></c></row>'
    refusal = refused(hostile.xlsx_with_sheet(tmp_path, "row.xlsx", hostile.sheet_xml(rows)))
    assert refusal.reason_code == "sheet-too-large"
    assert "row 1048576" in refusal.message


def test_masses_of_formatted_rows_beyond_the_limits_are_refused(tmp_path):
    empty_rows = "".join(f'<row r="{row}" ht="20" customHeight="1"/>'
                         for row in range(100_001, 111_001))
    sheet = hostile.sheet_xml(hostile.HEADER_ROW + empty_rows)
    refusal = refused(hostile.xlsx_with_sheet(tmp_path, "rows.xlsx", sheet))
    assert refusal.reason_code == "sheet-too-large" \
        and "over 10,000 formatted rows" in refusal.message


def test_a_declared_range_of_the_whole_sheet_is_refused(tmp_path):
    sheet = hostile.sheet_xml(hostile.HEADER_ROW, dimension="A1:XFD1048576")
    refusal = refused(hostile.xlsx_with_sheet(tmp_path, "dimension.xlsx", sheet))
    assert refusal.reason_code == "sheet-too-large"
    assert "XFD1048576" in refusal.message


def test_a_sheet_at_an_unusual_path_is_still_checked(tmp_path):
    # calamine follows the workbook's relationships, wherever they point.
    rows = hostile.HEADER_ROW + hostile.row_with_cell("XFD1048576")
    path = hostile.xlsx_with_sheet(
        tmp_path, "moved.xlsx", hostile.sheet_xml(hostile.HEADER_ROW),
        {"xl/media/image1.png": hostile.sheet_xml(rows)},
    )
    assert refused(path).reason_code == "sheet-too-large"


@pytest.mark.parametrize("shift", [-40, -17, -9, -3, 0, 5])
def test_a_far_cell_split_across_read_chunks_is_found(tmp_path, shift):
    cell = hostile.row_with_cell("XFD1048576")
    prefix = hostile.sheet_xml("")[: -len("</sheetData></worksheet>")]
    padding = " " * (zip_limits._CHUNK + shift - len(prefix))
    sheet = prefix + padding + cell + "</sheetData></worksheet>"
    path = hostile.xlsx_with_sheet(tmp_path, "split.xlsx", sheet,
                                   stored={"xl/worksheets/sheet1.xml"})
    assert refused(path).reason_code == "sheet-too-large"


def test_a_sheet_hidden_behind_a_megabyte_of_blanks_is_still_checked(tmp_path):
    far_cell = hostile.sheet_xml(hostile.row_with_cell("XFD1048576"))[len(hostile.DECLARATION):]
    sheet = " " * (2 * zip_limits._CHUNK) + far_cell
    path = hostile.xlsx_with_sheet(tmp_path, "blank.xlsx", sheet,
                                   stored={"xl/worksheets/sheet1.xml"})
    assert refused(path).reason_code == "sheet-too-large"


ORDINARY_ROWS = "".join(
    f'<row r="{row}">{hostile.text_cell(f"A{row}", "Goal")}'
    f'<c r="B{row}" s="1"><v>{row * 1000}</v></c></row>'
    for row in range(2, 500)
)


@pytest.mark.parametrize("cell", ['<c r="XFD1048576"><v>1</v></c>', '<c r = "ALM1"><v>1</v></c>',
                                  "<c r='A100001'><v>1</v></c>", '<c r="$ALM$1"><v>1</v></c>',
                                  '<c r="A$100001"><v>1</v></c>', '<c\nr=\n"XFD1"><v>1</v></c>'])
@pytest.mark.parametrize("shift", [-30, -7, -2, 0, 3, 11])
def test_a_far_cell_among_thousands_of_ordinary_cells_is_found(tmp_path, cell, shift):
    # A large sheet is first judged in 64 KB blocks of vector passes: a far ref on a block's
    # edge must not fall between two blocks.
    head = hostile.sheet_xml(hostile.HEADER_ROW + ORDINARY_ROWS)[: -len("</sheetData></worksheet>")]
    padding = " " * (far_refs_fast.VECTOR_BLOCK + shift - len(head))
    assert padding and len(head) > far_refs_fast.VECTOR_BYTES
    sheet = (head + padding + f'<row r="2000">{cell}</row>' + ORDINARY_ROWS
             + "</sheetData></worksheet>")
    path = hostile.xlsx_with_sheet(tmp_path, "large.xlsx", sheet)
    assert refused(path).reason_code == "sheet-too-large"


def test_a_large_sheet_of_ordinary_cells_passes(tmp_path):
    sheet = hostile.sheet_xml(hostile.HEADER_ROW + ORDINARY_ROWS * 5)
    assert len(sheet) > 3 * far_refs_fast.VECTOR_BLOCK
    assert preflight(hostile.xlsx_with_sheet(tmp_path, "large.xlsx", sheet)) is None
    # ... judged by the vector passes alone, without the regex at every ref
    assert not far_refs_fast.far_ref_possible(sheet.encode(), 3, 6)


def test_colours_numbers_and_formula_text_are_no_far_refs_to_the_vector_passes():
    # What styles, themes and formulas hold is told apart from a ref without the regex.
    ordinary = (b'<color rgb="FF000000"/><a:srgbClr val="124226"/><workbookPr v="1"/>'
                b'<f>"x of "&amp;G12</f><c r="B7" s="3"><v>1000000</v></c>') * 800
    assert len(ordinary) > far_refs_fast.VECTOR_BLOCK
    assert not far_refs_fast.far_ref_possible(ordinary, 3, 6)
    for far in (b'<c r="A100001">', b"<c r='$B$123456'>", b'<c r="ALM1">', b'<row r = "100001">'):
        assert far_refs_fast.far_ref_possible(ordinary + far + ordinary, 3, 6), far


REF_TEXT = st.text(alphabet='r= \t\n"\'$AbZz0159<>/xc', max_size=80)


def backtracking_candidates(letters: int, digits: int) -> re.Pattern:
    """The candidates regex written plainly, as the possessive one must behave."""
    return re.compile(rb"r\s*=\s*[\"']\$?(?:[A-Za-z]{%d}|[A-Za-z]*\$?\d{%d})" % (letters, digits))


@settings(max_examples=400, deadline=None)
@given(text=REF_TEXT, letters=st.integers(1, 3), digits=st.integers(1, 6))
def test_the_vector_passes_never_miss_a_ref_the_regex_would_judge(text, letters, digits):
    window = text.encode()
    pattern = backtracking_candidates(letters, digits)
    judged = any(window[m.start() - 1 : m.start()].isspace() for m in pattern.finditer(window))
    if judged:
        assert far_refs_fast.far_ref_possible(window, letters, digits)


@settings(max_examples=300, deadline=None)
@given(text=REF_TEXT, rows=st.integers(1, 200_000), columns=st.integers(1, 20_000))
def test_the_possessive_candidates_regex_finds_what_the_plain_one_does(text, rows, columns):
    bounds = xml_scan.SheetBounds(Limits(max_rows=rows, max_columns=columns), "sheet.xml")
    plain = backtracking_candidates(bounds.letters, bounds.digits)
    window = text.encode()
    assert [m.span() for m in bounds.candidates.finditer(window)] == \
        [m.span() for m in plain.finditer(window)]


def sheet_verdict(bounds: xml_scan.SheetBounds, window: bytes) -> str | None:
    try:
        bounds.check(window, len(window))
    except Refused as refused:
        return refused.fields["what"]
    return None


@settings(max_examples=200, deadline=None)
@given(text=REF_TEXT, at=st.integers(0, 100), rows=st.integers(1, 200_000),
       columns=st.integers(1, 20_000))
def test_the_vector_passes_give_the_verdicts_of_the_plain_regex_path(text, at, rows, columns):
    # far_refs_fast only rules windows out: with or without it, every verdict is the same.
    rows_xml = (hostile.HEADER_ROW + ORDINARY_ROWS).encode()
    ordinary = rows_xml * (far_refs_fast.VECTOR_BYTES // len(rows_xml) + 1)
    cut = len(ordinary) * at // 100
    window = ordinary[:cut] + b" " + text.encode() + ordinary[cut:]
    limits = Limits(max_rows=rows, max_columns=columns)
    fast, plain = (xml_scan.SheetBounds(limits, "sheet.xml", fast=on) for on in (True, False))
    assert far_refs_fast.worth_it(window)
    assert sheet_verdict(fast, window) == sheet_verdict(plain, window)


def test_sheet_parts_follow_the_relationships_whatever_the_quoting():
    workbook = (b'<workbook><sheets><x:sheet name="Plan &amp; Budget" sheetId="1" r:id=\'rId1\'/>'
                b'<sheet name="A>B" sheetId="2" r:id="rId2"/><sheet name="Lost" r:id="rId9"/>'
                b'</sheets></workbook>')
    rels = (b'<Relationships><Relationship Id="rId1" Target="/xl/a/../w/s.xml"/>'
            b'<Relationship Target="worksheets/b.xml" Id="rId2"/></Relationships>')
    assert safety.sheet_parts(workbook, rels) == {"Plan & Budget": "xl/w/s.xml",
                                                  "A>B": "xl/worksheets/b.xml"}


# --- XML entities --------------------------------------------------------------------------------


def test_billion_laughs_in_shared_strings_is_refused_naming_the_part(tmp_path):
    refusal = refused(hostile.billion_laughs_xlsx(tmp_path))
    assert refusal.reason_code == "xml-entities"
    assert "xl/sharedStrings.xml" in refusal.message


@pytest.mark.parametrize("shift", [-8, -4, -1, 0, 3])
def test_a_declaration_split_across_read_chunks_is_found(tmp_path, shift):
    padding = " " * (zip_limits._CHUNK + shift)
    shared = f'<?xml version="1.0"?><sst xmlns="{hostile.MAIN_NS}">{padding}<!ENTITY x "y"></sst>'
    path = hostile.xlsx_with_sheet(tmp_path, "split.xlsx", hostile.sheet_xml(hostile.HEADER_ROW),
                                   {"xl/sharedStrings.xml": shared},
                                   stored={"xl/sharedStrings.xml"})
    assert refused(path).reason_code == "xml-entities"


def test_a_declaration_in_utf16_is_refused(tmp_path):
    shared = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><sst/>'
    path = hostile.xlsx_with_sheet(tmp_path, "utf16.xlsx", hostile.sheet_xml(hostile.HEADER_ROW),
                                   {"xl/sharedStrings.xml": shared.encode("utf-16")})
    assert refused(path).reason_code == "xml-entities"


def test_an_entity_in_an_opendocument_spreadsheet_is_refused(tmp_path):
    content = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "b">]><office:document-content/>'
    refusal = refused(hostile.minimal_ods(tmp_path, content=content))
    assert refusal.reason_code == "xml-entities" and "content.xml" in refusal.message


# --- zip bombs and damaged zips ------------------------------------------------------------------


def test_a_bomb_with_honest_headers_is_refused(tmp_path):
    refusal = refused(hostile.bomb_xlsx(tmp_path, inflated_mb=30))
    assert refusal.reason_code == "zip-bomb"
    assert "xl/worksheets/sheet2.xml" in refusal.message


def test_a_bomb_whose_headers_lie_about_its_size_is_refused_while_inflating(tmp_path):
    path = hostile.declare_sizes(hostile.bomb_xlsx(tmp_path, inflated_mb=150),
                                 "xl/worksheets/sheet2.xml", 1000)
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("xl/worksheets/sheet2.xml").file_size == 1000  # the lie zipfile believes
    refusal = refused(path)
    assert refusal.reason_code == "zip-bomb"
    assert "xl/worksheets/sheet2.xml" in refusal.message


def test_a_part_larger_than_its_header_says_is_refused_even_when_small(tmp_path):
    part = hostile.incompressible_part(300_000)
    path = hostile.xlsx_with_sheet(tmp_path, "lie.xlsx", hostile.sheet_xml(hostile.HEADER_ROW),
                                   {"xl/styles.xml": part})
    refusal = refused(hostile.declare_sizes(path, "xl/styles.xml", 500))
    assert refusal.reason_code == "zip-bomb" and "declares" in refusal.message


@pytest.mark.parametrize("declared, expected", [(0, None), (-1, "zip-bomb"), (1, "truncated")])
def test_a_part_is_judged_by_its_size_to_the_byte(tmp_path, declared, expected):
    # A small part is inflated in one piece of its declared size and one byte: a part one byte
    # larger than its header says is a lie caught at once, one byte smaller is cut short.
    styles = "<styleSheet>" + "<x/>" * 5000 + "</styleSheet>"
    path = hostile.xlsx_with_sheet(tmp_path, "edge.xlsx", hostile.sheet_xml(hostile.HEADER_ROW),
                                   {"xl/styles.xml": styles})
    hostile.declare_sizes(path, "xl/styles.xml", len(styles) + declared)
    refusal = preflight(path)
    assert (refusal.reason_code if refusal else None) == expected


def test_a_part_over_the_size_limit_is_refused(tmp_path):
    path = hostile.xlsx_with_sheet(tmp_path, "big.xlsx", hostile.sheet_xml(hostile.HEADER_ROW),
                                   {"xl/styles.xml": hostile.incompressible_part(3 * safety.MB)})
    refusal = refused(path, Limits(member_inflated_bytes=2 * safety.MB))
    assert refusal.reason_code == "zip-bomb" and "more than 2 MB" in refusal.message


def test_parts_over_the_total_limit_are_refused(tmp_path):
    parts = {f"xl/media/image{n}.bin": os.urandom(600_000) for n in range(3)}
    path = hostile.xlsx_with_sheet(tmp_path, "total.xlsx", hostile.sheet_xml(hostile.HEADER_ROW),
                                   parts)
    limits = Limits(total_inflated_bytes=safety.MB, member_inflated_bytes=safety.MB)
    refusal = refused(path, limits)
    assert refusal.reason_code == "zip-bomb" and "in total" in refusal.message


def test_overlapping_zip_entries_are_refused(tmp_path):
    assert refused(hostile.overlapping_zip(tmp_path)).reason_code == "zip-bomb"


def test_too_many_members_are_refused_before_reading_them(tmp_path):
    refusal = refused(hostile.many_members_xlsx(tmp_path, 20), Limits(max_members=10))
    assert refusal.reason_code == "too-many-members"
    assert "25 parts" in refusal.message and "10 a workbook needs" in refusal.message


def test_a_truncated_zip_is_refused(tmp_path):
    refusal = refused(hostile.truncated(hostile.valid_xlsx(tmp_path)))
    assert refusal.reason_code == "truncated"
    assert refusal.message == "cut.xlsx is damaged or incomplete."


# --- formats that are not a readable workbook ----------------------------------------------------


def test_a_legacy_xls_is_refused(tmp_path):
    refusal = refused(hostile.legacy_xls(tmp_path))
    assert refusal == Refusal(
        "legacy-xls", "old.xls is a legacy Excel 97-2003 file.",
        "Open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook).",
        "it is a legacy Excel 97-2003 file",
    )


def test_a_bare_ole2_header_counts_as_a_legacy_workbook(tmp_path):
    assert refused(hostile.ole2_header_only(tmp_path)).reason_code == "legacy-xls"


def test_a_password_protected_workbook_is_refused_with_how_to_remove_it(tmp_path):
    refusal = refused(hostile.encrypted_xlsx(tmp_path))
    assert refusal.reason_code == "encrypted"
    assert refusal.message == "secret.xlsx is protected with a password."
    assert "Encrypt with Password" in refusal.hint


def test_an_xlsb_is_refused(tmp_path):
    refusal = refused(hostile.xlsb(tmp_path))
    assert refusal.reason_code == "xlsb" and "Excel Binary Workbook" in refusal.message


@pytest.mark.parametrize("data, looks_like, resave", [
    (b"Goal,Action Step\nDigital ID,Draft the law\n", "CSV", True),
    (b"%PDF-1.7\n%\xe2\xe3", "PDF", False),
    (b"<!DOCTYPE html><html><body>plan</body></html>", "web page", True),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "image", False),
])
def test_a_file_that_is_not_a_spreadsheet_says_what_it_looks_like(tmp_path, data, looks_like,
                                                                  resave):
    refusal = refused(hostile.write(tmp_path, "plan.xlsx", data))
    assert refusal.reason_code == "not-a-spreadsheet"
    assert refusal.message.startswith("plan.xlsx is not a spreadsheet") \
        and looks_like in refusal.message
    assert ("save it as .xlsx" in refusal.hint) == resave


def test_a_word_document_is_not_a_spreadsheet(tmp_path):
    doc = hostile.compound_file(tmp_path, "plan.xls", ["WordDocument"])
    docx = hostile.package(tmp_path, "plan.xlsx",
                           {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"})
    assert "Word 97-2003 document" in refused(doc).message
    assert "Word document" in refused(docx).message


def test_empty_missing_and_folder_paths_are_refused(tmp_path):
    assert refused(hostile.write(tmp_path, "empty.xlsx", b"")).reason_code == "empty-file"
    assert refused(tmp_path / "nowhere.xlsx").message == "nowhere.xlsx was not found."
    (tmp_path / "folder.xlsx").mkdir()
    assert refused(tmp_path / "folder.xlsx").reason_code == "not-a-spreadsheet"


def test_formats_are_detected_by_bytes_not_extension(tmp_path):
    xlsm = hostile.xlsx_with_sheet(tmp_path, "macro.xlsx", hostile.sheet_xml(""),
                                   {"xl/vbaProject.bin": b"\0"})
    found = {
        "xlsx": hostile.valid_xlsx(tmp_path, "plan.ods"),
        "xlsm": xlsm,
        "ods": hostile.minimal_ods(tmp_path, "plan.xlsx"),
        "xlsb": hostile.xlsb(tmp_path, "b.xlsx"),
        "xls": hostile.legacy_xls(tmp_path, "x.xlsx"),
        "encrypted": hostile.encrypted_xlsx(tmp_path),
        "pdf": hostile.write(tmp_path, "p.xlsx", b"%PDF-1.4"),
        "text": hostile.write(tmp_path, "t.xlsx", b"a;b;c\n"),
        "damaged-zip": hostile.truncated(hostile.valid_xlsx(tmp_path, "whole.xlsx")),
        "missing": tmp_path / "missing.xlsx",
    }
    assert {fmt: detect_format(path) for fmt, path in found.items()} == {fmt: fmt for fmt in found}


# --- what every refusal promises -----------------------------------------------------------------


def test_refusals_name_the_file_not_its_folder_and_never_modify_it(tmp_path):
    paths = [hostile.far_cell_xlsx(tmp_path), hostile.billion_laughs_xlsx(tmp_path),
             hostile.bomb_xlsx(tmp_path, 30), hostile.encrypted_xlsx(tmp_path)]
    for path in paths:
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        refusal = refused(path)
        assert path.name in refusal.message and str(tmp_path) not in refusal.message
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_unsafe_refusals_are_told_from_unreadable_files(tmp_path):
    assert refused(hostile.far_cell_xlsx(tmp_path)).unsafe
    assert not refused(hostile.legacy_xls(tmp_path)).unsafe
    bomb = refused(hostile.bomb_xlsx(tmp_path, 30))
    assert bomb.message == f"bomb.xlsx was refused as unsafe: {bomb.reason}."


# --- isolation -----------------------------------------------------------------------------------


def test_run_isolated_returns_the_result():
    assert isolation.run_isolated(hostile.double, 21) == 42


def test_run_isolated_survives_a_child_that_aborts():
    with pytest.raises(IsolatedFailure) as failure:
        isolation.run_isolated(hostile.abort_now)
    assert failure.value.kind == "crashed" and "SIGABRT" in failure.value.detail


def test_run_isolated_gives_up_after_the_timeout():
    with pytest.raises(IsolatedFailure) as failure:
        isolation.run_isolated(hostile.sleep_for, 60, timeout=1)
    assert failure.value.kind == "timeout"


def test_run_isolated_reports_running_out_of_memory():
    with pytest.raises(IsolatedFailure) as failure:
        isolation.run_isolated(hostile.allocate, 2048, memory_mb=512)
    assert failure.value.kind == "out-of-memory" and "512 MB" in failure.value.detail


def test_run_isolated_returns_an_ordinary_exception_as_an_error():
    with pytest.raises(IsolatedFailure) as failure:
        isolation.run_isolated(hostile.fail_with, "no sheet")
    assert (failure.value.kind, failure.value.detail) == ("error", "ValueError('no sheet')")


def test_run_isolated_reports_a_result_it_cannot_send_back():
    with pytest.raises(IsolatedFailure) as failure:
        isolation.run_isolated(hostile.unpicklable_result)
    assert failure.value.kind == "error" and "could not be sent back" in failure.value.detail


def test_calamine_dies_on_a_far_cell_but_preflight_refuses_it_without_calamine(tmp_path, capfd):
    path = str(hostile.far_cell_xlsx(tmp_path))
    with pytest.raises(IsolatedFailure) as failure:
        isolation.run_isolated(hostile.read_with_calamine, path)
    assert failure.value.kind in ("crashed", "out-of-memory")
    # The child's dying words stay in its log.
    assert "memory allocation" not in capfd.readouterr().err
    refusal = isolation.run_isolated(hostile.preflight_without_calamine, path)
    assert refusal.reason_code == "sheet-too-large"


def test_map_isolated_keeps_order_and_loses_only_the_crashing_item():
    results = list(isolation.map_isolated(hostile.abort_on, range(6), jobs=2, timeout=30))
    assert [item for item, _ in results] == list(range(6))
    assert [value for item, value in results if item != 3] == [0, 2, 4, 8, 10]
    assert isinstance(results[3][1], IsolatedFailure) and results[3][1].kind == "crashed"


def test_map_isolated_times_out_one_item_and_finishes_the_rest():
    results = dict(isolation.map_isolated(hostile.sleep_on, range(4), jobs=2, timeout=2))
    assert results[2].kind == "timeout"
    assert [results[n] for n in (0, 1, 3)] == [0, 1, 3]


def test_map_isolated_reuses_its_workers():
    pids = {pid for _, pid in isolation.map_isolated(hostile.process_id, range(8), jobs=2)}
    assert len(pids) <= 2 and os.getpid() not in pids


def test_map_isolated_of_nothing_yields_nothing():
    assert list(isolation.map_isolated(hostile.double, [], jobs=2)) == []


def test_map_isolated_stops_its_workers_when_abandoned():
    results = isolation.map_isolated(hostile.process_id, range(8), jobs=2)
    _, pid = next(results)
    results.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_file_of_sane_size_is_judged_from_its_bytes_read_once_and_a_larger_one_from_disk(
        tmp_path, monkeypatch):
    path = hostile.valid_xlsx(tmp_path)
    inspection = safety.inspect(path)
    assert inspection.refusal is None and inspection.data == path.read_bytes()
    monkeypatch.setattr(source, "_IN_MEMORY", path.stat().st_size - 1)
    inspection = safety.inspect(path)
    assert inspection.refusal is None and inspection.data is None



def test_a_part_like_one_judged_sound_before_is_judged_again_unless_byte_for_byte_the_same(
        tmp_path):
    # Every part is judged anew each time: none is taken as sound for having been so before.
    near, far = '<c r="XFD1"><v>1</v></c>', '<c r="XFD9"><v>1</v></c>'
    sound = hostile.xlsx_with_sheet(tmp_path, "sound.xlsx", hostile.sheet_xml(
        hostile.HEADER_ROW + f'<row r="1">{near.replace("XFD", "ABC")}</row>'))
    assert preflight(sound) is None and preflight(sound) is None
    same_size = hostile.xlsx_with_sheet(tmp_path, "far.xlsx", hostile.sheet_xml(
        hostile.HEADER_ROW + f'<row r="1">{far}</row>'))
    assert refused(same_size).reason_code == "sheet-too-large"
    # ... and under other limits, judged anew.
    assert refused(sound, Limits(max_columns=2)).reason_code == "sheet-too-large"


def test_a_part_packed_like_one_inflated_before_is_measured_anew_when_its_header_differs(
        tmp_path):
    # Every part is inflated and measured anew each time, however like an earlier one.
    styles = "<styleSheet>" + "<x/>" * 5000 + "</styleSheet>"
    first = hostile.xlsx_with_sheet(tmp_path, "first.xlsx", hostile.sheet_xml(hostile.HEADER_ROW),
                                    {"xl/styles.xml": styles})
    assert preflight(first) is None
    same = hostile.xlsx_with_sheet(tmp_path, "same.xlsx", hostile.sheet_xml(hostile.HEADER_ROW),
                                   {"xl/styles.xml": styles})
    assert safety.inspect(same).parts["xl/styles.xml"] == styles.encode()
    lying = hostile.declare_sizes(same, "xl/styles.xml", len(styles) - 1)
    assert refused(lying).reason_code == "zip-bomb"
