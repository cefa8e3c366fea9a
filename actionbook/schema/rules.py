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
    import pandas as pd


def is_blank(value: object) -> bool:
    """None, NaN, NaT, pd.NA and text of nothing but spaces (of any kind: no-break, thin...)
    are blank; 0, False and "0" are values."""
    if isinstance(value, str):
        return not value or value.isspace()
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
        return np.fromiter(map(len, map(str.strip, texts)), dtype=np.intp, count=len(texts)) > 0
    except TypeError:
        return np.fromiter((not is_blank(value) for value in texts), dtype=bool, count=len(texts))


def overdue(due: pd.Series, status: pd.Series, closed_statuses: Collection[str],
            as_of: dt.date) -> pd.Series:
    """Due before the as-of date and not in a closed status (a blank status is open)."""
    import pandas as pd

    return (due < pd.Timestamp(as_of)) & ~status.isin(list(closed_statuses))
