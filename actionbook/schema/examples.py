"""The example row: what each column's example value is under a given plan.

The template writes it (row 6 of the Action Plan sheet), the reader knows an untouched example
row by it, and the samples start from it, so it is worked out here, once.
"""

from __future__ import annotations

import datetime as dt

from actionbook.schema import table as schema
from actionbook.schema.table import Kind


def example_value(column: schema.Column, plan):
    """The example row's value of `column`, kept inside this plan's goals, lists and dates."""
    if column.choices:
        allowed = plan.choices(column.choices)
        example = column.example if column.choices == "goals" else \
            plan.choice_in(column.choices, column.example, plan.language)  # a French plan's
        return example if example in allowed else allowed[0]
    if column.kind is Kind.DATE:
        return example_date(column, plan)
    if column.kind is Kind.NUMBER:
        return float(column.example) if "." in column.example else int(column.example)
    return column.example


def example_date(column: schema.Column, plan) -> dt.date:
    """The schema's example date; for a plan period that misses it, all example dates move
    together so that the first falls two weeks into the period."""
    day = dt.date.fromisoformat(column.example)
    days = [dt.date.fromisoformat(c.example) for c in schema.COLUMNS if c.kind is Kind.DATE]
    if all(plan.start <= d <= plan.end for d in days):
        return day
    return min(plan.end, day + (plan.start + dt.timedelta(days=14) - min(days)))
