"""Honest totals: the plan names its currency, a cost typed in another one is a warning, and
every cost the check flags stays out of the totals, the charts and the exports' figures."""

import dataclasses
import json
import zipfile

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from actionbook.check.rules import check_workbook
from actionbook.cli import cli
from actionbook.consolidation import summaries
from actionbook.consolidation import workbook as report
from actionbook.consolidation.merge import consolidate
from actionbook.errors import PlanError
from actionbook.plan import default_plan_text, parse_plan
from actionbook.read.reader import read_workbook
from actionbook.schema import layout
from actionbook.template.workbook import write_template
from tests.support.checks_support import AS_OF, PLAN, filled_workbook, step

EURO_PLAN = dataclasses.replace(PLAN, currency="EUR")
NO_CURRENCY = dataclasses.replace(PLAN, currency=None)


def with_currency(line: str):
    text = default_plan_text().replace('currency = "USD"', line)
    return parse_plan(text, "plan.toml")


def test_the_built_in_plan_counts_in_us_dollars_and_a_plan_may_name_none():
    assert PLAN.currency == "USD"
    assert with_currency('currency = "KES"').currency == "KES"
    assert with_currency("").currency is None


@pytest.mark.parametrize("line,shown", [('currency = "EURO"', '"EURO"'),
                                        ('currency = "eur"', '"eur"'),
                                        ('currency = "ABC"', '"ABC"'),
                                        ("currency = 978", "978")])
def test_a_currency_outside_iso_4217_is_a_one_line_error(line, shown):
    with pytest.raises(PlanError) as caught:
        with_currency(line)
    message = str(caught.value)
    assert message.startswith("plan.toml: plan.currency: " + shown) and "ISO 4217" in message
    assert "\n" not in message


def costs_checked(tmp_path, plan, *costs: str):
    """The other-currency findings of a workbook whose steps cost `costs`, by Excel row."""
    path = filled_workbook(tmp_path / "MOH.xlsx",
                           [step(n, estimated_cost=cost) for n, cost in enumerate(costs, 1)])
    report_ = check_workbook(read_workbook(path), plan, AS_OF)
    return {f.row: f for f in report_.findings if f.code == "other-currency"}


def test_a_cost_in_another_currency_is_a_warning_at_its_cell(tmp_path):
    found = costs_checked(tmp_path, EURO_PLAN, "$3k", "USD 100", "€2.5m", "EUR 100,000", "1200")
    first = layout.FIRST_DATA_ROW
    assert sorted(found) == [first, first + 1]
    dollars = found[first]
    assert dollars.severity == "warning" and dollars.field == "estimated_cost"
    assert dollars.cell == f"{layout.template_column('estimated_cost')}{first}"
    assert "in $, not in the plan's currency (EUR)" in dollars.message
    assert "left out of the totals" in dollars.message and "Convert it to EUR" in dollars.hint


def test_a_sign_shared_by_several_currencies_is_the_plans_when_the_plan_uses_it(tmp_path):
    assert costs_checked(tmp_path, PLAN, "$3k", "USD 100") == {}


def test_without_a_plan_currency_no_marked_amount_is_added_to_the_others(tmp_path):
    found = costs_checked(tmp_path, NO_CURRENCY, "EUR 100", "2000")
    assert list(found) == [layout.FIRST_DATA_ROW]
    assert "the plan names no currency" in found[layout.FIRST_DATA_ROW].message


@pytest.fixture(scope="module")
def bad_costs(tmp_path_factory):
    """One ministry, four steps: 1,000 counts; -500, 'USD 100' and '$3k' do not (EUR plan)."""
    folder = tmp_path_factory.mktemp("in")
    filled_workbook(folder / "MOH-action-plan.xlsx",
                    [step(1, estimated_cost="1000"), step(2, estimated_cost="-500"),
                     step(3, estimated_cost="USD 100"), step(4, estimated_cost="$3k")])
    c = consolidate(folder, EURO_PLAN, AS_OF, jobs=1)
    path = report.write_report(c, tmp_path_factory.mktemp("out") / "c.xlsx")
    return c, path


def test_flagged_costs_stay_out_of_every_total(bad_costs):
    c, _ = bad_costs
    figures = c.headline()
    assert figures["total_cost"] == 1000.0 and figures["currency"] == "EUR"
    assert figures["costs_left_out"] == {"in USD": 1, "in $": 1, "negative": 1}
    assert c.by_ministry.set_index("ministry").loc["MOH", "total_cost"] == 1000.0
    assert c.resources["total_cost"].sum() == 1000.0 and c.funding["total_cost"].min() >= 0
    assert c.actions["cost_left_out"].fillna("").tolist() == ["", "negative", "in USD", "in $"]


def test_the_summary_says_what_was_left_out_and_why(bad_costs):
    c, path = bad_costs
    summary = openpyxl.load_workbook(path)["Summary"]
    values = {row[0].value: row[1].value for row in summary.iter_rows(min_row=3) if row[0].value}
    assert values["Not in the totals"] == "3 costs left out: 1 in $, 1 in USD, 1 negative"
    assert summary["B" + str(next(r[0].row for r in summary.iter_rows()
                                  if r[0].value == "Total estimated cost"))].number_format \
        .count('"EUR "') == 3
    lines = report.summary_lines(report.summary(report.Written(c, path)))
    assert "Total cost EUR 1,000; funding gap EUR 0" in lines
    assert "3 costs left out of the totals: 1 in $, 1 in USD, 1 negative" in lines


def test_exports_say_the_currency_of_their_amounts(bad_costs, tmp_path):
    c, _ = bad_costs
    paths = {p.name: p for p in report.write_exports(c, tmp_path, parquet=False)}
    actions = pd.read_csv(paths["actions.csv"])
    assert set(actions["currency"]) == {"EUR"}
    assert actions["cost_left_out"].fillna("").tolist() == ["", "negative", "in USD", "in $"]
    assert "currency" in pd.read_csv(paths["by_ministry.csv"]).columns
    assert "currency" not in pd.read_csv(paths["communication.csv"]).columns


def test_no_chart_axis_starts_below_zero(bad_costs):
    _, path = bad_costs
    with zipfile.ZipFile(path) as archive:
        xml = next(archive.read(n).decode() for n in archive.namelist()
                   if n.startswith("xl/charts/") and b"resource type" in archive.read(n))
    assert '<c:min val="0"/>' in xml


def test_amounts_read_in_thousands_millions_or_billions_as_their_size_asks():
    words = summaries.amount_words
    assert words(2_400_000, "EUR") == "EUR 2.4 million"
    assert words(250_000_000, "EUR") == "EUR 250 million"
    assert words(3_000_000, "EUR") == "EUR 3 million"
    assert words(1_520_000_000, "KES") == "KES 1.5 billion"
    assert words(480_000, "EUR") == "EUR 480,000"
    assert words(2_400_000, None) == "2.4 million"
    assert words(None, "EUR") == summaries.TOO_LARGE


def test_check_and_consolidate_json_carry_the_plans_currency(tmp_path):
    (tmp_path / "in").mkdir()
    path = filled_workbook(tmp_path / "in" / "MOH-action-plan.xlsx", [step(1)])
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", str(path), "--format", "json", "--as-of",
                                  AS_OF.isoformat()])
    assert json.loads(checked.stdout)["currency"] == "USD"
    consolidated = runner.invoke(cli, ["consolidate", str(tmp_path / "in"), "-o",
                                       str(tmp_path / "c.xlsx"), "--json", "-q",
                                       "--as-of", AS_OF.isoformat()])
    figures = json.loads(consolidated.stdout)
    assert figures["currency"] == "USD" and figures["costs_left_out"] == {}


def test_the_template_shows_the_currency_on_the_cost_column(tmp_path):
    path = write_template(EURO_PLAN, tmp_path / "MOH.xlsx", "MOH")
    sheet = openpyxl.load_workbook(path)[layout.ACTIONS_SHEET]
    letter = layout.template_column("estimated_cost")
    assert sheet[f"{letter}{layout.FIRST_DATA_ROW}"].number_format == '"EUR "#,##0'
    assert sheet[f"{letter}{layout.QUESTION_ROW}"].value.endswith("In EUR.")
    [rule] = [v for v in sheet.data_validations.dataValidation
              if str(v.sqref).startswith(f"{letter}{layout.FIRST_DATA_ROW}")]
    assert "EUR" in rule.prompt and "in EUR" in rule.error
