"""Every word of a template comes from its plan: a workbook made from another plan holds no
name, goal, list value or date of the built-in one, in any string of any part of the file."""

import datetime as dt
import re
import zipfile
from xml.etree import ElementTree

import pytest

from actionbook import schema
from actionbook.plan import default_plan, parse_plan
from actionbook.schema.examples import example_value
from actionbook.schema.table import Kind
from actionbook.schema.wording import help_text, question_text
from actionbook.template.style import long_date
from actionbook.template.workbook import write_template

OTHER_PLAN = """
[plan]
title = "Rural Water and Clinics Programme 2026-2028"
cycle = "First half-year check"
start = 2026-07-01
end = 2028-06-30

[[ministries]]
code = "WAT"
name = "Water Authority"

[[ministries]]
code = "CLN"
name = "Clinics Directorate"

[[ministries]]
code = "SUP"
name = "Medical Supply Agency"

[[goals]]
id = "R1"
title = "Safe water in every village"
pillar = "Water"
sdgs = [6]

[[goals]]
id = "R2"
title = "A clinic within an hour's walk"
pillar = "Care"
sdgs = [3]

[[goals]]
id = "R3"
title = "Trained village health workers"
pillar = "Staff"
sdgs = [3, 4]

[[goals]]
id = "R4"
title = "Medicines that never run out"
pillar = "Supply"
sdgs = [3]

[lists]
statuses = ["Planned", "Under way", "Finished", "Late", "Paused", "Dropped"]
closed_statuses = ["Finished", "Dropped"]
resource_types = ["Money", "Staff", "Equipment", "Partners"]
cadences = ["Monthly", "Quarterly", "Yearly"]
priorities = ["Urgent", "Normal"]
funding = ["Funded", "Not funded"]
"""

BUILT_IN = default_plan()
OTHER = parse_plan(OTHER_PLAN, "plan.toml")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


def words(text: str) -> set[str]:
    return {w.casefold() for w in WORD.findall(text)}


def plan_texts(plan) -> list[str]:
    """Every text a plan config holds."""
    return [plan.title, plan.cycle, *(m.name for m in plan.ministries),
            *(m.code for m in plan.ministries), *(g.id for g in plan.goals),
            *(g.title for g in plan.goals), *(g.pillar for g in plan.goals),
            *(v for values in plan.lists.values() for v in values), *plan.closed_statuses]


def schema_vocabulary() -> set[str]:
    """The words every workbook uses whatever its plan: the seed's headers, questions and
    guidance, worded for the other plan (so no list of the built-in plan slips in)."""
    texts = [text for column in schema.COLUMNS
             for text in (column.header, column.group, question_text(column, OTHER),
                          help_text(column, OTHER))]
    texts += [text for field in schema.COVER_FIELDS for text in (field.label,
                                                                 help_text(field, OTHER))]
    texts += [text for pair in schema.COMPONENTS for text in pair] + list(schema.GOOD_PLAN)
    texts += list(schema.SDGS.values())  # the UN's list, the same in every plan
    return set().union(*map(words, texts))


def date_forms(day: dt.date) -> set[str]:
    return {day.isoformat(), long_date(day), f"{day.day} {day:%b %Y}", f"{day:%b %Y}",
            f"{day:%d/%m/%Y}"}


def forbidden() -> dict[str, re.Pattern]:
    """What only the built-in plan says, each with the pattern that finds it."""
    found: dict[str, re.Pattern] = {}

    def phrase(text: str, flags=re.IGNORECASE) -> None:
        if text.strip():
            found[text] = re.compile(rf"(?<![\w-]){re.escape(text)}(?![\w-])", flags)

    other_texts = {t.casefold() for t in plan_texts(OTHER)}
    seed = schema_vocabulary()
    for text in plan_texts(BUILT_IN):
        if text.casefold() not in other_texts and text.casefold() not in seed:
            # Codes, ids and list values case-sensitive: "High" and "Other" are words too.
            phrase(text, 0 if len(text.split()) == 1 else re.IGNORECASE)
    for goal in BUILT_IN.goals:
        phrase(goal.label)
    allowed = words(" ".join(plan_texts(OTHER))) | seed
    distinctive = words(" ".join([BUILT_IN.title, BUILT_IN.cycle,
                                  *(m.name for m in BUILT_IN.ministries),
                                  *(g.title for g in BUILT_IN.goals)]))
    for word in distinctive - allowed:
        if len(word) >= 5:
            phrase(word)
    days = [BUILT_IN.start, BUILT_IN.end]
    days += [example_value(c, BUILT_IN) for c in schema.COLUMNS if c.kind is Kind.DATE]
    for day in days:
        for form in date_forms(day):
            if form not in set().union(*(date_forms(d) for d in other_days())):
                phrase(form)
    return found


def other_days() -> list[dt.date]:
    return [OTHER.start, OTHER.end,
            *(example_value(c, OTHER) for c in schema.COLUMNS if c.kind is Kind.DATE)]


# Where a workbook part names cells (r="G1", sqref, a formula's references), G1 is a cell.
PLACES = {"r", "ref", "sqref", "spans", "topLeftCell", "activeCell"}
CELL_REFERENCE = re.compile(r"(?<![A-Za-z_])\$?[A-Z]{1,3}\$?[0-9]+(?![0-9])")
FORMULAS = {"f", "definedName", "formula1", "formula2", "formula"}


def strings(path) -> list[tuple[str, str]]:
    """(part, text) of every text node and attribute value of every XML part of a workbook:
    cells, formulas, data validation prompts and alerts, comments, headers and footers,
    defined names and document properties alike (cell references left out)."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not name.endswith((".xml", ".rels", ".vml")):
                continue
            root = ElementTree.fromstring(archive.read(name))
            for element in root.iter():
                text = element.text or ""
                if element.tag.rsplit("}", 1)[-1] in FORMULAS:
                    text = CELL_REFERENCE.sub("", text)
                texts = [text, *(value for key, value in element.attrib.items()
                                 if key not in PLACES)]
                found += [(name, text) for text in texts if text and text.strip()]
    return found


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("other-plan")
    codes = [None, *(m.code for m in OTHER.ministries)]
    return [write_template(OTHER, folder / f"{code or 'generic'}.xlsx", code,
                           generated_on=dt.date(2026, 6, 1)) for code in codes]


def test_the_list_of_built_in_words_is_derived_and_substantial():
    terms = forbidden()
    for ministry in BUILT_IN.ministries:
        assert ministry.name in terms and ministry.code in terms
    assert {g.id for g in BUILT_IN.goals} <= set(terms)
    assert {"digital", "government"} <= set(terms)
    assert BUILT_IN.start.isoformat() in terms and "Not started" in terms


def test_no_workbook_of_another_plan_holds_a_word_or_date_of_the_built_in_plan(workbooks):
    terms = forbidden()
    leaks = sorted({(path.name, part, term, text[:80]) for path in workbooks
                    for part, text in strings(path)
                    for term, pattern in terms.items() if pattern.search(text)})
    assert leaks == []


def test_the_example_row_speaks_of_the_plan_and_the_ministry(workbooks):
    first = OTHER.goals[0]
    supporting = example_value(schema.column("supporting"), OTHER, "WAT")
    step = example_value(schema.column("action_step"), OTHER, "WAT")
    assert "Water Authority" in supporting and first.title in step
    assert example_value(schema.column("goal"), OTHER) == first.label
    start, due = (example_value(schema.column(k), OTHER) for k in ("start_date", "due_date"))
    assert OTHER.start < start < due <= OTHER.end
    assert f"{due:%b %Y}" in example_value(schema.column("kpi_target"), OTHER)
    texts = [text for _, text in strings(workbooks[1])]
    assert supporting in texts and step in texts


def test_questions_and_prompts_name_the_plans_own_lists():
    question = question_text(schema.column("resource_type"), OTHER)
    assert question == "Money, Staff, Equipment or Partners?"
    assert help_text(schema.column("priority"), OTHER) == "Urgent or Normal."
    assert "2026-07-15" in help_text(schema.column("start_date"), OTHER)


def test_the_scan_finds_the_built_in_plans_words_in_its_own_workbook(tmp_path):
    path = write_template(BUILT_IN, tmp_path / "MOH.xlsx", "MOH", generated_on=dt.date(2026, 6, 1))
    terms = forbidden()
    found = {term for _, text in strings(path) for term, pattern in terms.items()
             if pattern.search(text)}
    assert {"Ministry of Health", "MOH", BUILT_IN.title, "G1", "Not started",
            BUILT_IN.start.isoformat(), "2027-01-15"} <= found


@pytest.mark.parametrize(("language", "expected"), [
    ("fr", "Money, Staff, Equipment ou Partners ?"),
    ("es", "¿Money, Staff, Equipment o Partners?"),
    ("ar", "Money، Staff، Equipment أو Partners؟"),
])
def test_a_question_is_translated_first_then_worded_by_the_plan(language, expected):
    assert question_text(schema.column("resource_type"), OTHER, language) == expected
    funding = question_text(schema.column("funding_status"), OTHER, language)
    assert "funded or not funded" in funding.replace(" ou ", " or ").replace(" o ", " or ") \
        .replace(" أو ", " or ")
    assert "{" not in funding
