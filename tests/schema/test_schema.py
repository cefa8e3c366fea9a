"""The schema is the single source of truth for the table's headers, aliases and questions."""

import ast
import re
from pathlib import Path

import pytest

from actionbook import schema
from actionbook.findings import Severity
from actionbook.plan import default_plan
from actionbook.schema import layout
from actionbook.schema.wording import question_text

PACKAGE = Path(__file__).resolve().parents[2] / "actionbook"


def schema_texts() -> set[str]:
    texts = set()
    for col in schema.COLUMNS:
        texts |= {col.header, col.question, col.help, *col.aliases}
    for field in schema.COVER_FIELDS:
        texts |= {field.label, field.help, *field.aliases}
    # One-word headers and aliases ("Status", "code", "start") are ordinary words in code too;
    # the phrases are what must not be spelled twice.
    return {t.casefold() for t in texts if " " in t.strip()}


def string_literals(path: Path):
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def test_headers_aliases_and_questions_are_spelled_only_in_the_schema():
    texts = schema_texts()
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {value!r}"
        for path in PACKAGE.rglob("*.py") if path != PACKAGE / "schema" / "table.py"
        for line, value in string_literals(path)
        if value.strip().casefold() in texts
    ]
    assert offenders == []


def test_keys_are_unique_snake_case_identifiers():
    keys = schema.action_keys() + schema.cover_keys() + schema.PROVENANCE
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", key) for key in keys)


def test_every_choice_column_names_a_list_the_plan_provides():
    from actionbook.plan import default_plan

    plan = default_plan()
    for col in schema.COLUMNS:
        assert (col.kind is schema.Kind.CHOICE) == (col.choices is not None), col.key
        if col.choices:
            assert plan.choices(col.choices), col.key


def test_repeated_headers_are_told_apart_by_their_group_in_messages():
    labels = [col.label for col in schema.COLUMNS]
    assert len(set(labels)) == len(labels)
    assert schema.column("comm_by_whom").label == "Communication Plan: By Whom"


def test_brief_required_severities():
    errors = {c.key for c in schema.required_columns(Severity.ERROR)}
    assert errors == {"goal", "action_step", "responsible", "due_date", "resources_needed",
                      "resource_type", "comm_by_whom", "comm_audience", "comm_frequency",
                      "kpi", "kpi_target", "status"}
    assert schema.column("barriers").required is Severity.WARNING


def test_input_messages_fit_excel_limits():
    # Excel refuses a data-validation input message over 255 characters.
    for col in schema.COLUMNS:
        assert len(col.help) <= 255, col.key


def test_groups_are_contiguous_and_cover_every_column():
    flattened = [col for _, cols in schema.groups() for col in cols]
    assert flattened == list(schema.COLUMNS)
    names = [name for name, _ in schema.groups()]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("index, letters", [(1, "A"), (26, "Z"), (27, "AA"), (16384, "XFD")])
def test_column_letters_round_trip(index, letters):
    assert layout.column_letter(index) == letters
    assert layout.column_index(letters) == index


def test_sdgs_are_the_seventeen_goals():
    assert sorted(schema.SDGS) == list(range(1, 18))


def test_readme_documents_every_column_as_the_schema_defines_it():
    readme = (PACKAGE.parent / "README.md").read_text("utf-8")
    for col in schema.COLUMNS:
        question = question_text(col, default_plan())
        assert f"| `{col.key}` | {col.header} ({col.group}) | {question} |" in readme
    for field in schema.COVER_FIELDS:
        assert f"| `{field.key}` | {field.label} |" in readme


def test_column_keys_are_spelled_only_in_the_schema():
    # Keys of several words are referred to as schema.Key.X elsewhere; one-word keys ("goal",
    # "status") are ordinary words too (a submission has a status), so they are not policed.
    keys = {key for key in schema.action_keys() + schema.cover_keys() if "_" in key}
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {value!r}"
        for path in PACKAGE.rglob("*.py") if path != PACKAGE / "schema" / "table.py"
        for line, value in string_literals(path)
        if value in keys
    ]
    assert offenders == []


def test_key_constants_are_the_keys():
    keys = schema.action_keys() + schema.cover_keys()
    assert {getattr(schema.Key, key.upper()) for key in keys} == set(keys)
