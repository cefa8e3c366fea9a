"""How much an untrusted file may hold before the safety stage refuses it."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much an untrusted file may hold before preflight refuses it."""

    total_inflated_bytes: int = 200 * MB
    member_inflated_bytes: int = 100 * MB
    max_ratio: float = 200.0  # inflated : compressed, judged only once a member passes ...
    ratio_floor_bytes: int = 1 * MB  # ... this size: small XML parts compress absurdly well
    max_members: int = 10_000
    # What a worker holds under its 2 GB address-space ceiling (docs/reading.md, "Limits"): a
    # template filled to 50,000 rows is read, checked and rendered there at a peak of 1.88 GB,
    # so 40,000 leaves a fifth to spare; at 99,000 rows its sheet is past 100 MB anyway.
    max_rows: int = 40_000
    max_columns: int = 1_000
    # The used area: a value at ALL99999 is inside both limits above, yet asks a parser for a
    # grid of 100 million cells (4 GB). Judged for every cell of an .ods and, for .xlsx, for
    # each cell beyond column Z, as a box from A1 to that cell.
    max_cells: int = 5_000_000


DEFAULT_LIMITS = Limits()
