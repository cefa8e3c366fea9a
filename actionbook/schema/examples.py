"""The example row: what each column's example value is under a given plan and ministry.

The template writes it (row 6 of the Action Plan sheet), the reader knows an untouched example
row by it, and the samples start from it, so it is worked out here, once. Every value comes
from the plan - its first goal, its lists, its period, the ministry's name - or is generic
text about no plan in particular (table.Column.example says how each is worded).
"""

from __future__ import annotations

import datetime as dt

from actionbook.lang import SHIPPED
from actionbook.schema import table as schema
from actionbook.schema.table import Kind

ANY_MINISTRY = "your ministry"  # the generic workbook's example names no ministry


def example_value(column: schema.Column, plan, ministry: str | None = None):
    """The example row's value of `column`, kept inside this plan's goals, lists and dates;
    `ministry` (a code) names the ministry whose workbook shows it."""
    if column.choices:
        allowed = plan.choices(column.choices)
        example = column.example if column.choices == "goals" else \
            plan.choice_in(column.choices, column.example, plan.language)  # a French plan's
        return example if example in allowed else allowed[0]
    if column.kind is Kind.DATE:
        return example_date(column, plan)
    if column.kind is Kind.NUMBER:
        return float(column.example) if "." in column.example else int(column.example)
    return column.example.format(**example_words(plan, ministry))


def example_texts(column: schema.Column, plan) -> set[str]:
    """The example text of `column` as any workbook of the plan shows it (each ministry's
    own): the words worked out once, only the goal's title and the ministry's name put in for
    each, in every shipped language (the same plan given in another language wrote it)."""
    words = example_words(plan)
    goal = plan.goals[0] if plan.goals else None
    titles = {goal.title_in(code) for code in SHIPPED} if goal else {""}
    names = {ANY_MINISTRY, *(m.name_in(code) for m in plan.ministries for code in SHIPPED)}
    return {column.example.format(**{**words, "goal_title": title, "ministry": name})
            for title in titles for name in names}


def example_date(column: schema.Column, plan) -> dt.date:
    """The example date: column.example ("+14") days after the plan starts, kept inside the
    plan period."""
    return min(plan.end, plan.start + dt.timedelta(days=int(column.example)))


def example_due(plan) -> dt.date:
    """The example row's due date."""
    return example_date(schema.column(schema.Key.DUE_DATE), plan)


def example_words(plan, ministry: str | None = None) -> dict[str, str]:
    """What the example texts' {placeholders} stand for under this plan."""
    goal = plan.goals[0] if plan.goals else None
    found = plan.ministry(ministry) if ministry else None
    return {"goal_id": goal.id if goal else "", "goal_title": goal.title if goal else "",
            "ministry": found.name if found else ANY_MINISTRY,
            "due_month": f"{example_due(plan):%b %Y}"}
