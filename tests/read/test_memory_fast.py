"""A ReadMemory (speed only) reads every workbook as the plain path does."""

from pathlib import Path

import pandas as pd
import pytest

from actionbook.errors import ReadError
from actionbook.plan import default_plan
from actionbook.read.memory_fast import NO_MEMORY, ReadMemory
from actionbook.read.reader import read_workbook

SUBMISSIONS = Path(__file__).resolve().parents[2] / "samples" / "submissions"


def read_all(paths, plan, memory):
    read = {}
    for path in paths:
        try:
            read[path.name] = read_workbook(path, plan, memory)
        except ReadError as error:
            read[path.name] = error.finding
    return read


def test_the_samples_read_with_a_memory_are_what_the_plain_path_reads():
    paths = sorted(SUBMISSIONS.glob("*.xlsx")) * 2  # the second round: from the memory
    plan, memory = default_plan(), ReadMemory()
    remembered, plain = read_all(paths, plan, memory), read_all(paths, plan, NO_MEMORY)
    assert memory.mappings and memory.rows  # the fast path was taken
    assert remembered.keys() == plain.keys()
    for name, wb in plain.items():
        if not hasattr(wb, "actions"):
            assert remembered[name] == wb, name
            continue
        pd.testing.assert_frame_equal(remembered[name].actions, wb.actions)
        pd.testing.assert_frame_equal(remembered[name].raw, wb.raw)
        assert remembered[name].findings == wb.findings, name


@pytest.mark.parametrize("limit", [1, 2])
def test_a_memory_keeps_no_more_than_its_bound(limit, monkeypatch):
    memory = ReadMemory()
    monkeypatch.setattr(memory, "ROWS", limit)
    for key in range(5):
        assert memory.known_row(lambda key=key: key, lambda key=key: key % 2 == 0) is (key % 2 == 0)
    assert list(memory.rows) == list(range(5 - limit, 5))  # the latest, the oldest gone
