"""The rules every stage shares, written once: what a blank cell is, and when a step is overdue.

In: cell values as the reader, the template or a caller gives them (text, numbers, dates,
None, NaN, NaT, pd.NA). Out: yes/no per value, or a boolean mask per column.

pandas and numpy are imported inside the functions that need them, so that importing the
schema (as `actionbook --help` does) stays cheap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

# What a cell may hold and still be blank: every kind of space and line break (no-break,
# thin, ideographic...: what str.isspace calls a space) and the zero-width marks pasted text
# carries. The cover's live counter removes exactly these characters before it judges a
# cell (template/counter.py), so it and the check call the same cells blank.
SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
INVISIBLE = SPACES + ZERO_WIDTH


def is_blank(value: object) -> bool:
    """None, NaN, NaT, pd.NA and text of nothing but INVISIBLE characters (spaces of any
    kind, zero-width marks) are blank; 0, False and "0" are values."""
    if isinstance(value, str):
        return not value or not value.strip(INVISIBLE)
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and NaT are not equal to themselves
    except TypeError:
        return True  # pd.NA refuses to be a bool: it is a blank all the same
    except ValueError:
        return False  # an array's truth is ambiguous: it holds something


def holding(column: Any) -> np.ndarray:
    """Which cells of a column (a Series or a sequence) are not blank, by is_blank's rule, as
    a numpy array of booleans."""
    import numpy as np
    import pandas as pd

    values = column.to_numpy() if hasattr(column, "to_numpy") else np.asarray(column, dtype=object)
    if values.dtype != object:
        return ~pd.isna(values)  # numbers and dates: only NaN and NaT are blank
    texts = values.tolist()
    try:  # all text, as the reader gives it: stripped lengths, without a call per cell
        found = np.fromiter(map(len, map(str.strip, texts)), dtype=np.intp,
                            count=len(texts)) > 0
    except TypeError:
        return np.fromiter((not is_blank(value) for value in texts), dtype=bool, count=len(texts))
    if "".join(texts).isascii():
        return found  # str.strip() knows every space; zero-width marks are beyond ASCII
    # Only text beyond ASCII may hold nothing but zero-width marks: that text is stripped
    # of INVISIBLE, one cell at a time.
    ascii_only = np.fromiter(map(str.isascii, texts), dtype=bool, count=len(texts))
    for at in np.flatnonzero(found & ~ascii_only):
        found[at] = bool(texts[at].strip(INVISIBLE))
    return found


def overdue(due: Any, status: Any, closed_statuses: Collection[str],
            as_of: dt.date) -> np.ndarray:
    """Per step, whether it is overdue: due before the as-of date and not in a closed status
    (a blank status is open). `due` and `status` are columns (Series, arrays or lists) of one
    length; in numpy, since a check's hundred rows cost pandas more than the work."""
    import numpy as np

    late = np.asarray(due, dtype="datetime64[us]") < np.datetime64(as_of, "us")
    statuses = status.to_numpy() if hasattr(status, "to_numpy") else np.asarray(status, object)
    closed = frozenset(closed_statuses)
    for at in np.flatnonzero(late):  # only the late ones need their status looked at
        late[at] = statuses[at] not in closed
    return late


def slippage_days(due: Any, baseline: Any) -> np.ndarray:
    """Per step, how many days its due date lies after its baseline (`baseline_due`, the due
    date first committed): due - baseline, negative when pulled in, NaN where either is
    blank (a first review's step has no baseline: its due date is its own). Columns or
    single dates alike."""
    import numpy as np

    delta = np.asarray(due, dtype="datetime64[D]") - np.asarray(baseline, dtype="datetime64[D]")
    return np.where(np.isnat(delta), np.nan, delta.astype("float64"))
