"""`actionbook read`: the table to stdout or a file, findings to stderr, refusals in one line."""

import io
import json
import sys

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from actionbook import export, schema
from actionbook.cli import cli
from actionbook.schema import layout
from tests.support import fill, hostile
from tests.support.plan_note import without_plan_note

INJECTED = "=HYPERLINK(\"http://evil.example\",\"click\")"


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    rows = [fill.good_row(1, action_step=INJECTED, kpi="+1 more", supporting="@unit"),
            fill.good_row(2, due_date="31/03/2027")]
    return fill.fill(fill.template(folder), folder / "MOH.xlsx", rows, raw=False)


def run(*args):
    result = CliRunner().invoke(cli, ["read", *map(str, args)])
    assert "Traceback" not in result.output + result.stderr, result.output
    return result


def test_read_writes_csv_to_stdout_and_findings_to_stderr(filled):
    result = run(filled)
    assert result.exit_code == 0
    table = pd.read_csv(io.StringIO(result.stdout), dtype=str, keep_default_na=False)
    assert list(table.columns) == [*schema.action_keys(), *schema.cover_keys(),
                                   *schema.PROVENANCE]
    assert table["excel_row"].tolist() == [str(layout.FIRST_DATA_ROW),
                                           str(layout.FIRST_DATA_ROW + 1)]
    assert table["due_date"].tolist() == ["2027-06-30", "2027-03-31"]
    lines = result.stderr.splitlines()
    due = fill.cell("due_date", layout.FIRST_DATA_ROW + 1)
    assert f"MOH.xlsx:{layout.ACTIONS_SHEET}!{due}: info value-repaired: " in "\n".join(lines)
    assert not any("example-row-left" in line for line in lines)  # the template's own, locked


def test_csv_cells_that_would_run_as_formulas_are_made_inert(filled):
    table = pd.read_csv(io.StringIO(run(filled).stdout), dtype=str, keep_default_na=False)
    assert table["action_step"][0] == "'" + INJECTED
    assert table["kpi"][0] == "'+1 more" and table["supporting"][0] == "'@unit"
    assert table["action_step"][1] == "Publish e-service number 2"


@pytest.mark.parametrize("suffix", [".csv", ".json", ".xlsx", ".parquet"])
def test_read_writes_the_table_by_extension(filled, tmp_path, suffix):
    out = tmp_path / f"moh{suffix}"
    result = run(filled, "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    assert f"Wrote 2 actions to {out}" in result.stderr
    assert len(read_back(out)) == 2


def read_back(path) -> pd.DataFrame:
    if path.suffix == ".json":
        return pd.DataFrame(json.loads(path.read_text("utf-8")))
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if path.suffix == ".xlsx":
        return pd.read_excel(path, engine="calamine")
    return pd.read_csv(path)


def test_json_has_plain_dates_and_nulls(filled, tmp_path):
    out = tmp_path / "moh.json"
    run(filled, "-o", out)
    first = json.loads(out.read_text("utf-8"))[0]
    assert first["due_date"] == "2027-06-30" and first["submitted_on"] is None
    assert first["action_step"] == INJECTED  # JSON is data: nothing to neutralise


def test_xlsx_output_keeps_text_as_text(filled, tmp_path):
    out = tmp_path / "moh.xlsx"
    run(filled, "-o", out)
    sheet = openpyxl.load_workbook(out).active
    header = [cell.value for cell in sheet[1]]
    step = sheet.cell(2, header.index("action_step") + 1)
    assert step.value == INJECTED and step.data_type == "s"  # a string, never a formula
    due = sheet.cell(2, header.index("due_date") + 1)
    assert due.is_date and due.number_format == "yyyy-mm-dd"


def test_parquet_keeps_the_dtypes(filled, tmp_path):
    out = tmp_path / "moh.parquet"
    run(filled, "-o", out)
    table = pd.read_parquet(out)
    assert table["estimated_cost"].dtype == "float64"
    assert str(table["due_date"].dtype).startswith("datetime64")
    assert table["excel_row"].dtype == "int64"


def test_parquet_without_pyarrow_says_what_to_install(filled, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    result = run(filled, "-o", tmp_path / "moh.parquet")
    assert result.exit_code == 2
    assert "pyarrow" in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "moh.parquet").exists()


def test_an_unknown_output_extension_is_one_line(filled, tmp_path):
    result = run(filled, "-o", tmp_path / "moh.txt")
    assert result.exit_code == 2 and ".csv" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_refused_file_is_one_line_and_exit_2(tmp_path):
    path = hostile.legacy_xls(tmp_path)
    result = run(path)
    assert result.exit_code == 2 and result.stdout == ""
    assert without_plan_note(result.stderr).count("\n") == 1
    assert path.name in result.stderr and ".xlsx" in result.stderr


def test_a_workbook_without_a_table_is_one_line_and_exit_2(tmp_path):
    path = fill.hand_made(tmp_path / "budget.xlsx", [["Item", "Amount"]], [["Laptops", 1200]])
    result = run(path)
    assert result.exit_code == 2 and without_plan_note(result.stderr).count("\n") == 1
    assert "budget.xlsx" in result.stderr


def test_the_plan_config_is_used(filled, tmp_path):
    text = (tmp_path / "plan.toml")
    from actionbook.plan import default_plan_text

    text.write_text(default_plan_text().replace('date_order = "day-first"',
                                                'date_order = "month-first"'))
    result = run(filled, "-c", text)
    assert result.exit_code == 0
    assert " error invalid-date: " in result.stderr  # 31/03/2027 cannot be month-first


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-minus", "'-minus"), ("@sum", "'@sum"),
    ("plain", "plain"), ("", ""), (None, None), (5, 5),
])
def test_defuse(value, expected):
    assert export.defuse(value) == expected
