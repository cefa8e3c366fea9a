"""The docs' column tables are the schema's: a new column reaches them by regenerating."""

from pathlib import Path

from actionbook import schema
from actionbook.plan import default_plan
from actionbook.template import columns_doc

ROOT = Path(__file__).resolve().parents[2]


def test_every_generated_table_is_fresh():
    for name, generated in columns_doc.tables(default_plan()).items():
        text = (ROOT / name).read_text("utf-8")
        assert columns_doc.with_tables(text, generated) == text, \
            f"{name} is stale: run python -m actionbook.template.columns_doc"


def test_a_new_column_appears_in_every_table(monkeypatch):
    extra = schema.Column("partners", "Partner organisations", "Who else takes part?",
                          schema.Kind.TEXT, group=schema.COLUMNS[1].group)
    monkeypatch.setattr(schema, "COLUMNS", (*schema.COLUMNS, extra))
    generated = columns_doc.tables(default_plan())
    assert any("`partners` | Partner organisations" in line
               for line in generated["README.md"]["columns"])
    assert any("| Partner organisations | Who else takes part? | optional | Free text. |" in line
               for line in generated["docs/workbook.md"]["columns"])


def test_the_text_around_a_table_is_kept():
    text = "before\n" + columns_doc.START.format(name="dtypes") + "\nold\n" + \
        columns_doc.END.format(name="dtypes") + "\nafter\n"
    new = columns_doc.with_tables(text, {"dtypes": ["| new |"]})
    assert new.splitlines() == ["before", columns_doc.START.format(name="dtypes"), "| new |",
                                columns_doc.END.format(name="dtypes"), "after"]
