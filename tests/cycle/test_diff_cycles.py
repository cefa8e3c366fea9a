"""diff over two review cycles of the samples: exactly the official's edits, whatever the
sources compared (folders, consolidated workbooks, one workbook)."""

import pytest

from actionbook.consolidation.workbook import consolidate_folder
from actionbook.cycle.diff import diff
from actionbook.cycle.stand import load_stand
from actionbook.plan import default_plan
from tests.cycle.cycles import AS_OF, EDITED, EXPECTED, found, review_cycles

PLAN = default_plan()


@pytest.fixture(scope="module")
def cycles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cycles")
    first, second = review_cycles(folder)
    old = consolidate_folder(first, folder / "old.xlsx", PLAN, AS_OF).workbook
    new = consolidate_folder(second, folder / "new.xlsx", PLAN, AS_OF).workbook
    return {"first": first, "second": second, "old": old, "new": new}


def test_two_folders_give_exactly_the_officials_edits(cycles):
    changes = diff(cycles["first"], cycles["second"], PLAN, AS_OF)
    assert found(changes) == EXPECTED


def test_two_consolidated_workbooks_give_exactly_the_officials_edits(cycles):
    changes = diff(cycles["old"], cycles["new"], PLAN)
    assert found(changes) == EXPECTED
    assert changes.old.as_of == AS_OF  # the date the workbook was consolidated as of


def test_a_consolidated_workbook_against_a_folder(cycles):
    assert found(diff(cycles["old"], cycles["second"], PLAN, AS_OF)) == EXPECTED


def test_one_workbook_against_its_next_version(cycles):
    changes = diff(cycles["first"] / EDITED, cycles["second"] / EDITED, PLAN)
    assert found(changes) == EXPECTED


def test_one_workbook_is_compared_with_its_own_ministry_only(cycles):
    # The other ministries of the consolidated workbook are not "removed".
    assert found(diff(cycles["old"], cycles["second"] / EDITED, PLAN)) == EXPECTED


def test_a_stand_read_from_each_source_holds_the_same_steps(cycles):
    from_folder = load_stand(cycles["first"], PLAN, AS_OF)
    from_workbook = load_stand(cycles["old"], PLAN)
    assert from_folder.steps.equals(from_workbook.steps)
    assert len(from_folder.steps) == 73 and from_folder.scope is None


def test_changes_are_sorted_by_id_then_code(cycles):
    changes = diff(cycles["first"] / EDITED, cycles["second"] / EDITED, PLAN)
    ids = [c.action_id for c in changes.changes]
    assert ids == sorted(ids)


def test_nothing_changed_is_an_empty_diff(cycles):
    changes = diff(cycles["old"], cycles["first"], PLAN, AS_OF)
    assert changes.changes == () and set(changes.summary.values()) == {0}


def test_messages_name_the_column_as_the_official_sees_it(cycles):
    changes = diff(cycles["first"] / EDITED, cycles["second"] / EDITED, PLAN)
    messages = {c.action_id: c.message for c in changes.changes}
    assert messages["MOE-002"] == ("MOE-002: 'By When' moved 73 days later, from '2027-11-19' "
                                   "to '2028-01-31'.")
    assert "'Responsibility: By Whom'" in messages["MOE-004"]
    assert messages["MOE-007"].endswith("It was neither completed nor cancelled.")


@pytest.mark.slow
def test_a_consolidated_workbook_past_a_submissions_row_limit_is_read(tmp_path):
    # A plan of 500 ministries of 100 steps is 50,000 rows: more than a submission may hold.
    import dataclasses

    import pandas as pd

    from actionbook.consolidation.merge import consolidate
    from actionbook.consolidation.workbook import write_report
    from actionbook.safety.preflight import DEFAULT_LIMITS
    from tests.cycle.cycles import SAMPLES

    c = consolidate(SAMPLES, PLAN, AS_OF)
    copies = DEFAULT_LIMITS.max_rows // len(c.actions) + 1
    big = pd.concat([c.actions] * copies, ignore_index=True)
    big["action_id"] = [f"{m}-{i:06d}" for i, m in enumerate(big["ministry"])]
    path = write_report(dataclasses.replace(c, actions=big), tmp_path / "big.xlsx")
    stand = load_stand(path, PLAN)
    assert len(stand.steps) == len(big) > DEFAULT_LIMITS.max_rows
    assert stand.steps["action_id"].tolist() == big["action_id"].tolist()
