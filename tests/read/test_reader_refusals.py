"""Files that cannot be read as a plan: one clear ReadError, never a traceback or a crash."""

import os
from pathlib import Path

import pytest

from actionbook.errors import ReadError
from actionbook.plan import default_plan
from actionbook.read import reader
from actionbook.read.reader import read_isolated, read_workbook
from tests.support import fill, hostile


def empty(folder):
    return hostile.write(folder, "empty.xlsx", b"")


def text_named_xlsx(folder):
    return hostile.write(folder, "notes.xlsx", b"Action Step;By Whom\nStep;Me\n")


def pdf(folder):
    return hostile.write(folder, "plan.xlsx", b"%PDF-1.7\n...")


def truncated(folder):
    return hostile.truncated(hostile.valid_xlsx(folder), "cut.xlsx")


def broken_xml(folder):
    # Passes the pre-flight check (no DTD, small) but its shared strings are not XML.
    sheet = hostile.sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    return hostile.xlsx_with_sheet(folder, "broken.xlsx", sheet,
                                   {"xl/sharedStrings.xml": "<sst><si><t>oops</sst>"})


UNREADABLE = [
    (hostile.legacy_xls, "save it as .xlsx"),
    (hostile.xlsb, "save it as .xlsx"),
    (hostile.encrypted_xlsx, "password"),
    (empty, "empty"),
    (text_named_xlsx, "save it as .xlsx"),
    (pdf, "PDF"),
    (truncated, "damaged"),
    (broken_xml, "damaged"),
]


def one_line(error: ReadError, path) -> str:
    message = str(error)
    assert "\n" not in message and "Traceback" not in message
    assert path.name in message
    return message


@pytest.mark.parametrize("build, says", UNREADABLE, ids=lambda v: getattr(v, "__name__", v))
def test_an_unreadable_file_is_one_clear_line(tmp_path, build, says):
    path = build(tmp_path)
    with pytest.raises(ReadError) as raised:
        read_workbook(path)
    assert says.casefold() in one_line(raised.value, path).casefold()
    assert raised.value.finding.code == "unreadable-file"
    assert raised.value.finding.file == path.name and raised.value.finding.rejects


@pytest.mark.parametrize("build", [hostile.far_cell_xlsx, hostile.billion_laughs_xlsx],
                         ids=["cell at XFD1048576", "XML entities"])
def test_a_hostile_file_is_refused_before_any_parser(tmp_path, build):
    path = build(tmp_path)
    with pytest.raises(ReadError) as raised:
        read_workbook(path)  # calamine would abort this whole process on the far cell
    one_line(raised.value, path)
    assert raised.value.finding.code == "unsafe-file"


def test_a_zip_bomb_is_refused(tmp_path):
    path = hostile.bomb_xlsx(tmp_path, inflated_mb=120)
    with pytest.raises(ReadError) as raised:
        read_workbook(path)
    assert raised.value.finding.code == "unsafe-file"


def test_reading_never_changes_the_file(tmp_path):
    path = fill.fill(fill.template(tmp_path), tmp_path / "mine.xlsx", [fill.good_row()])
    before = path.read_bytes(), path.stat().st_mtime_ns
    read_workbook(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


# --- isolated reading ---------------------------------------------------------------------------


def test_an_isolated_read_gives_the_same_workbook(tmp_path):
    path = fill.fill(fill.template(tmp_path), tmp_path / "mine.xlsx", [fill.good_row()])
    here, there = read_workbook(path), read_isolated(path)
    assert there.actions.equals(here.actions) and there.raw.equals(here.raw)
    assert there.findings == here.findings and there.cover == here.cover


def test_an_isolated_read_judges_the_file_in_the_child_as_read_workbook_does(tmp_path):
    path = hostile.far_cell_xlsx(tmp_path)
    with pytest.raises(ReadError) as here:
        read_workbook(path)
    with pytest.raises(ReadError) as there:
        read_isolated(path)
    assert there.value.finding == here.value.finding
    assert there.value.finding.code == "unsafe-file"


def test_a_read_error_in_the_child_keeps_its_finding(tmp_path):
    path = fill.hand_made(tmp_path / "budget.xlsx", [["Item", "Amount"]], [["Laptops", 1200]])
    with pytest.raises(ReadError) as raised:
        read_isolated(path)
    assert raised.value.finding.code == "no-action-table"
    one_line(raised.value, path)


def abort_reading(path, plan):
    """Stands in for the child's read: a parser that aborts the process."""
    os.abort()


def test_a_crash_in_the_child_is_a_read_error(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "read_in_child", abort_reading)
    path = hostile.valid_xlsx(tmp_path, "MOH.xlsx")
    with pytest.raises(ReadError) as raised:
        read_isolated(path)
    assert raised.value.finding.code == "unsafe-file"
    message = one_line(raised.value, path)
    assert "crashed" in message
    assert "refused" not in message  # it was opened: the reader fell over it


def test_a_crash_is_worded_as_one_not_as_a_refusal():
    failure = reader.isolation.IsolatedFailure("crashed", "killed by SIGABRT")
    finding = reader.failed(Path("MOH.xlsx"), "unsafe-file",
                            reason=f"reading it {reader.failure_words(failure)}").finding
    assert finding.message == "MOH.xlsx was set aside: reading it crashed the reader."


def test_the_parsers_read_the_bytes_the_pre_flight_check_judged(tmp_path):
    # A file swapped on disk between the check and the parse must not slip past the check.
    blank = fill.template(tmp_path)
    path = fill.fill(blank, tmp_path / "plan.xlsx", [fill.good_row(1)])
    package = reader.refuse_unsafe(path)
    fill.fill(blank, tmp_path / "plan.xlsx", [fill.good_row(1), fill.good_row(2)])
    assert len(reader.read_checked(path, default_plan(), package).actions) == 1
    assert len(read_workbook(path).actions) == 2


def test_a_read_error_pickled_keeps_its_message_and_finding(tmp_path):
    # A worker sends its ReadError back pickled: what the parent raises says what was found.
    import pickle

    with pytest.raises(ReadError) as raised:
        read_workbook(pdf(tmp_path), default_plan())
    copy = pickle.loads(pickle.dumps(raised.value))
    assert type(copy) is ReadError and str(copy) == str(raised.value)
    assert copy.finding is not None and copy.finding == raised.value.finding
