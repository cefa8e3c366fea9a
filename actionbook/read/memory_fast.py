"""Speed only: what reading the workbooks of one template repeats, remembered for one run.

Workbooks made from one template share their key, header, question and example rows, and
one consolidation reads them all with one plan. A ReadMemory keeps, for the run that made
it: the plan's converter, the mapping found from a template's key and header rows, and
whether a row is the template's questions or its example. Comparing those rows cell by
cell costs more, after calamine's read, than looking the answer up.

The plain path is NoMemory: everything worked out afresh for each file. It is what
read_workbook uses unless its caller passes a ReadMemory, as the consolidation does (one
per run, unpickled once in each worker: consolidation/intake.py). Nothing outlives the run
that owns it; tests/read/test_memory_fast.py reads workbooks both ways and compares.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

from actionbook.read.cells import Converter

if TYPE_CHECKING:
    from actionbook.plan import Plan

# A columns.Mapping: columns.py imports this module, so this one names it without importing.
Mapping = Any


class NoMemory:
    """The plain path: nothing is remembered, everything is worked out each time."""

    def converter(self, plan: Plan) -> Converter:
        return Converter(plan)

    def known_row(self, key: Callable[[], Hashable], judge: Callable[[], bool]) -> bool:
        """judge(), or the answer kept under key() (a memory that keeps none never makes
        the key: it costs as much as judging a row)."""
        return judge()

    def kept_mapping(self, rows: tuple) -> Mapping | None:
        return None

    def keep_mapping(self, rows: tuple, mapping: Mapping) -> None:
        return None


class ReadMemory(NoMemory):
    """The answers of one run, each kind bounded, the oldest forgotten first."""

    CONVERTERS, ROWS, MAPPINGS = 4, 64, 16  # a run uses one plan and a template or two

    def __init__(self) -> None:
        # A Plan is not hashable: its converters are kept by identity, with the plan.
        self.converters: list[tuple[Plan, Converter]] = []
        self.rows: dict[Hashable, bool] = {}
        self.mappings: dict[tuple, Mapping] = {}

    def converter(self, plan: Plan) -> Converter:
        for known, converter in self.converters:
            if known is plan:
                return converter
        converter = Converter(plan)
        self.converters = [(plan, converter), *self.converters][: self.CONVERTERS]
        return converter

    def known_row(self, key: Callable[[], Hashable], judge: Callable[[], bool]) -> bool:
        made = key()
        if made not in self.rows:
            _remember(self.rows, made, judge(), self.ROWS)
        return self.rows[made]

    def kept_mapping(self, rows: tuple) -> Mapping | None:
        return self.mappings.get(rows)

    def keep_mapping(self, rows: tuple, mapping: Mapping) -> None:
        _remember(self.mappings, rows, mapping, self.MAPPINGS)


def _remember(memory: dict, key: Hashable, value: object, limit: int) -> None:
    memory[key] = value
    while len(memory) > limit:
        del memory[next(iter(memory))]  # the oldest: dicts keep their insertion order


NO_MEMORY = NoMemory()
