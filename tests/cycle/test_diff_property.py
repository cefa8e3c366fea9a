"""Property: a plan compared with itself has no change, whatever its rows hold."""

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from actionbook import schema
from actionbook.cycle.diff import diff
from actionbook.cycle.stand import Stand, typed
from actionbook.plan import default_plan
from actionbook.schema.table import Kind

PLAN = default_plan()
MINISTRIES = [m.code for m in PLAN.ministries] + ["XYZ", None]

blank = st.sampled_from([None, "", "  ", float("nan")])
text = st.text(max_size=30)
dates = st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))
numbers = st.floats(allow_nan=True, allow_infinity=True) | st.integers(-10**12, 10**12)


def value(kind: Kind):
    if kind is Kind.DATE:
        return blank | dates
    if kind is Kind.NUMBER:
        return blank | numbers
    if kind is Kind.CHOICE:
        return blank | st.sampled_from(PLAN.lists["statuses"]) | text
    return blank | text | numbers | dates


row = st.fixed_dictionaries({"ministry": st.sampled_from(MINISTRIES),
                             **{c.key: value(c.kind) for c in schema.COLUMNS}})


@settings(max_examples=150, deadline=None)
@given(st.lists(row, max_size=12))
def test_a_plan_compared_with_itself_has_no_change(rows):
    frame = typed(pd.DataFrame(rows, columns=["ministry", *schema.action_keys()]))
    stand = Stand("A", dt.date(2027, 9, 30), frame)
    changes = diff(stand, Stand("A again", None, frame.copy()), PLAN)
    assert changes.changes == ()
