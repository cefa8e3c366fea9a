"""Which cell references are far enough to be out of bounds: the plain path.

A ref is "far" when it has at least `letters` letters (a column past the limit) or at least
`digits` digits (a row past it). Every candidate this regex finds is judged exactly by
xml_scan. far_refs_fast.py rules out, faster, windows where it cannot find any.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from actionbook.safety.limits import Limits
from actionbook.schema.layout import column_letter


@dataclass(frozen=True)
class FarRefs:
    """How many letters and digits make a ref far for some limits, and the regex of refs at
    least that long. It starts with a literal so the regex engine can skip ahead (the caller
    checks the space before), and is possessive (*+): an ordinary ref fails at once."""

    letters: int
    digits: int
    candidates: re.Pattern[bytes]


@functools.lru_cache(maxsize=8)  # a pure function of the (frozen) limits
def far_refs(limits: Limits) -> FarRefs:
    letters = len(column_letter(limits.max_columns + 1))
    digits = len(str(limits.max_rows + 1))
    if limits.max_rows * limits.max_columns > limits.max_cells:
        # A cell beyond column Z may make too large an area with its row: judged each time.
        letters = min(letters, 2)
    pattern = rb"r\s*+=\s*+[\"']\$?+(?:[A-Za-z]{%d}|[A-Za-z]*+\$?+\d{%d})" % (letters, digits)
    return FarRefs(letters, digits, re.compile(pattern))
