"""Where a plan stood at one review: load_stand(source, plan) -> Stand.

    stand = load_stand("last/consolidated.xlsx", plan)   # or "submissions/", or one workbook
    stand.steps       # ministry, action_id and every action column of the schema
    stand.as_of       # the date it stood on

A source is a consolidated workbook written by `actionbook consolidate`, a folder of
submissions, or one filled workbook. A file is opened, judged by the pre-flight check and
parsed in a worker process, like every other read of an untrusted file; a folder is
consolidated, which reads each file in a worker. A source that cannot be used raises
ActionbookError with one line saying why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from actionbook import schema
from actionbook.check.verdict import COMPLETE, INCOMPLETE
from actionbook.errors import ActionbookError
from actionbook.plan import Plan, default_plan
from actionbook.safety import preflight
from actionbook.safety.discovery import shown
from actionbook.schema import layout
from actionbook.schema.table import Key, Kind

STEP_COLUMNS = ("ministry", *schema.action_keys())
DATE_KEYS, NUMBER_KEYS = schema.keys_of(Kind.DATE), schema.keys_of(Kind.NUMBER)
ACTIONS_SHEET = "Actions"  # the consolidated workbook's table of every step
SUBMISSIONS_SHEET = "Submissions"  # ... and of every file, with the cover of each
USED = (COMPLETE, INCOMPLETE)  # the statuses of a submission whose steps count
HEADER_SEARCH = 20  # rows above the Actions table: its title, note and caption
READ_SECONDS = 300  # a consolidated workbook of a million rows takes a minute to read
READ_MEMORY_MB = 4096
SOURCES = "a consolidated workbook, a folder of submissions or one filled workbook"
# A consolidated workbook holds every step of the plan: at 500 ministries of 100 steps, an
# Actions sheet of 50,000 rows and 77 MB of XML, past what a submission may hold (40,000 rows,
# 100 MB a part). It is judged within an Excel sheet's own rows instead, and read in a worker
# with twice a submission's memory; a file that only claims to be one still passes this
# pre-flight check before any parser opens it, and a parser's crash costs the worker only.
CONSOLIDATED_LIMITS = replace(
    preflight.DEFAULT_LIMITS, total_inflated_bytes=1024 * preflight.MB,
    member_inflated_bytes=1024 * preflight.MB, max_rows=1_048_576, max_cells=30_000_000)


@dataclass(frozen=True)
class Stand:
    """The steps of a plan as one review left them."""

    source: str  # the path, as the user named it
    as_of: dt.date | None  # the date the steps stood on
    steps: pd.DataFrame  # STEP_COLUMNS; dates as datetime64, costs as float, blanks None
    scope: tuple[str, ...] | None = None  # the ministries it speaks for; None: every one
    # By ministry: its cover as last submitted (plan owner, contact, ...), and the highest
    # action ID it had used (the metadata last_id of its template), for a next review.
    covers: dict[str, dict] = field(default_factory=dict, repr=False)
    last_ids: dict[str, str] = field(default_factory=dict, repr=False)


def load_stand(source: str | Path, plan: Plan | None = None,
               as_of: dt.date | None = None) -> Stand:
    """The stand `source` records. as_of: the date a folder or a workbook stands on
    (default: a workbook's submission date, else today); a consolidated workbook says its
    own (the date it was consolidated as of)."""
    path, plan = Path(source), plan or default_plan()
    if path.is_dir():
        return from_folder(path, plan, as_of)
    if not path.exists():
        raise ActionbookError(f"{shown(path)}: no such file or folder (give {SOURCES})")
    return isolated(path, plan, as_of)


def load_stands(sources: list[str | Path], plan: Plan | None = None,
                as_of: dt.date | None = None) -> list[Stand]:
    """load_stand of each source, the files among them read side by side in workers (the
    two sides of a diff in the time of one)."""
    paths, plan = [Path(source) for source in sources], plan or default_plan()
    files = list(dict.fromkeys(p for p in paths if p.is_file()))
    read = dict(zip(files, read_side_by_side(files, plan, as_of), strict=True))
    return [read[path] if path in read else load_stand(path, plan, as_of) for path in paths]


# A folder ---------------------------------------------------------------------------------------

def from_folder(folder: Path, plan: Plan, as_of: dt.date | None) -> Stand:
    """Every submission used by a consolidation of the folder (newest per ministry)."""
    from actionbook.consolidation.merge import consolidate

    consolidation = consolidate(folder, plan, as_of)
    if consolidation.used == 0:
        raise ActionbookError(f"{shown(folder)}: no submission in it could be read (see "
                              f"'actionbook check {shown(folder)}')")
    return Stand(shown(folder), consolidation.as_of, typed(consolidation.actions),
                 covers=used_covers(consolidation.submissions),
                 last_ids=dict(consolidation.last_ids))


def used_covers(submissions: pd.DataFrame) -> dict[str, dict]:
    """The cover fields of each ministry's submission used, from a Submissions table."""
    used = submissions[submissions["status"].isin(USED)]
    keys = [key for key in schema.cover_keys() if key in used.columns]
    return {row["ministry"]: {key: blank_as_none(row[key]) for key in keys}
            for row in used.to_dict("records") if text(row["ministry"])}


# A file, in a worker ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Unusable:
    """Why the worker could not use the file (an exception's message, carried back)."""

    message: str


def isolated(path: Path, plan: Plan, as_of: dt.date | None) -> Stand:
    from actionbook.safety import isolation

    try:
        outcome = isolation.run_isolated(stand_in_child, path, plan, as_of,
                                         timeout=READ_SECONDS, memory_mb=READ_MEMORY_MB)
    except isolation.IsolatedFailure as failure:
        outcome = failure
    return outcome_stand(path, outcome)


def read_side_by_side(paths: list[Path], plan: Plan, as_of: dt.date | None) -> list[Stand]:
    from actionbook.safety import isolation

    stands = []
    for (path, *_), outcome in isolation.map_isolated(
            stand_of, [(path, plan, as_of) for path in paths], jobs=len(paths),
            timeout=READ_SECONDS, memory_mb=READ_MEMORY_MB):
        stands.append(outcome_stand(path, outcome))
    return stands


def outcome_stand(path: Path, outcome: object) -> Stand:
    """The stand a worker sent back; ActionbookError for its failure, in one line."""
    from actionbook.read.reader import failure_words
    from actionbook.safety import isolation

    if isinstance(outcome, isolation.IsolatedFailure):
        raise ActionbookError(f"{shown(path)}: reading it {failure_words(outcome)}")
    if isinstance(outcome, Unusable):
        raise ActionbookError(outcome.message)
    assert isinstance(outcome, Stand)
    return outcome


def stand_of(item: tuple[Path, Plan, dt.date | None]) -> Stand | Unusable:
    """stand_in_child of one (path, plan, as_of): what map_isolated runs."""
    return stand_in_child(*item)


def stand_in_child(path: Path, plan: Plan, as_of: dt.date | None) -> Stand | Unusable:
    """Runs in a worker: open, judge and parse the file; an ActionbookError as Unusable."""
    from actionbook.read.reader import guarded

    try:
        return guarded(path, lambda: from_file(path, plan, as_of))
    except ActionbookError as error:
        return Unusable(" ".join(str(error).split()))


def from_file(path: Path, plan: Plan, as_of: dt.date | None) -> Stand:
    """The file judged with a consolidated workbook's limits: when it is one, its Actions
    table is read; any other file is judged again with a submission's limits, then read as
    one workbook."""
    from actionbook.read import outputs
    from actionbook.read.reader import refuse_unsafe
    from actionbook.safety import opening

    opened = opening.read_bytes(path, CONSOLIDATED_LIMITS.total_inflated_bytes)
    package = refuse_unsafe(path, opened, CONSOLIDATED_LIMITS)
    own = outputs.recognised(package)
    if own is not None and outputs.WHAT[outputs.CONSOLIDATED] in own:
        return from_consolidated(path, package, as_of)
    if own is None or outputs.WHAT[outputs.FEEDBACK] in own:
        return from_workbook(path, plan, refuse_unsafe(path, opened), as_of)
    raise ActionbookError(f"{shown(path)}: {own}; give {SOURCES}")


def from_workbook(path: Path, plan: Plan, package, as_of: dt.date | None) -> Stand:
    """One ministry's filled workbook: its started rows, its ministry from its cover."""
    from actionbook.check.rules import Table
    from actionbook.read.reader import read_checked

    workbook = read_checked(path, plan, package)
    ministry = text(workbook.cover.get(Key.MINISTRY)) or text(workbook.metadata.get("ministry"))
    if ministry is None:
        raise ActionbookError(f"{shown(path)}: its cover names no ministry; fill in "
                              f"'{schema.cover_field(Key.MINISTRY).label}' on the cover")
    steps = workbook.actions.take(Table(workbook).positions).copy()
    steps["ministry"] = ministry
    day = as_of or date(workbook.cover.get(Key.SUBMITTED_ON)) or dt.date.today()
    last_id = text(workbook.metadata.get(layout.LAST_ID))
    return Stand(shown(path), day, typed(steps), scope=(ministry,),
                 covers={ministry: dict(workbook.cover)},
                 last_ids={ministry: last_id} if last_id else {})


def from_consolidated(path: Path, package, as_of: dt.date | None) -> Stand:
    """The Actions sheet of a consolidated workbook, its headers mapped back to keys."""
    from actionbook.read import outputs
    from actionbook.read.reader import Sheets

    sheets = Sheets(path, package)
    try:
        if ACTIONS_SHEET not in sheets.names:
            raise ActionbookError(f"{shown(path)}: has no '{ACTIONS_SHEET}' sheet; give it "
                                  "as actionbook consolidate wrote it")
        steps = actions_table(path, sheets.grid(ACTIONS_SHEET))
        covers = submissions_covers(sheets) if SUBMISSIONS_SHEET in sheets.names else {}
    finally:
        sheets.close()
    properties = outputs.safe_properties(package)
    written = properties.get(outputs.WRITTEN) or outputs.legacy_date(package)
    last_ids = {name[len(layout.LAST_ID_PROPERTY):]: value for name, value in properties.items()
                if name.startswith(layout.LAST_ID_PROPERTY) and text(value)}
    return Stand(shown(path), date(written) or as_of or dt.date.today(), typed(steps),
                 covers=covers, last_ids=last_ids)


def submissions_covers(sheets) -> dict[str, dict]:
    """The covers of the submissions used, from a consolidated workbook's Submissions sheet
    (its headers read back to keys like the Actions sheet's); {} when it has none to read."""
    from actionbook.consolidation.tables import label

    keys = {label(key): key for key in ("ministry", "status", *schema.cover_keys())}
    grid = sheets.grid(SUBMISSIONS_SHEET)
    for number, cells in enumerate(grid[:HEADER_SEARCH]):
        columns = {keys[c.strip()]: i for i, c in enumerate(cells)
                   if isinstance(c, str) and c.strip() in keys}
        if {"ministry", "status"} <= set(columns):
            rows = [{key: row[i] for key, i in columns.items()} for row in grid[number + 1:]]
            return used_covers(pd.DataFrame(rows, columns=list(columns), dtype=object))
    return {}


def actions_table(path: Path, grid: list[list]) -> pd.DataFrame:
    """The table under the header row that names the ministry and the ID columns."""
    keys = header_keys()
    for number, cells in enumerate(grid[:HEADER_SEARCH]):
        columns = {keys[c.strip()]: i for i, c in enumerate(cells)
                   if isinstance(c, str) and c.strip() in keys}
        if {"ministry", Key.ACTION_ID} <= set(columns):
            body = [row for row in grid[number + 1:] if any(cell != "" for cell in row)]
            return pd.DataFrame({key: [row[i] for row in body] for key, i in columns.items()},
                                dtype=object)
    raise ActionbookError(f"{shown(path)}: its '{ACTIONS_SHEET}' sheet has no header row with "
                          "the ministry and ID columns")


def header_keys() -> dict[str, str]:
    """The consolidated workbook's header of each step column -> its key."""
    from actionbook.consolidation.tables import label

    return {label(key): key for key in STEP_COLUMNS}


# Values -----------------------------------------------------------------------------------------

def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """STEP_COLUMNS (a column a source lacks is blank), dates as datetime64, numbers as float,
    everything else as objects with None for a blank."""
    steps = frame.reindex(columns=list(STEP_COLUMNS)).reset_index(drop=True)
    for key in STEP_COLUMNS:
        values = cleaned(steps[key].tolist())
        if key in DATE_KEYS:
            steps[key] = dates(values)
        elif key in NUMBER_KEYS:
            steps[key] = pd.to_numeric(pd.Series(values, dtype=object),
                                       errors="coerce").astype("float64")
        else:
            steps[key] = pd.Series(values, dtype=object)
    return steps


def cleaned(values: list) -> list:
    """The values with None for every blank, and each value that repeats one before it the
    very same object (a plan repeats its names, statuses and lists on every row: the stand
    holds, and a worker sends back, each once)."""
    seen: dict = {}
    out: list = []
    for value in values:
        if value is None or value is pd.NA or value != value or \
                (isinstance(value, str) and not value.strip()):  # value != value: NaN, NaT
            out.append(None)
        else:
            out.append(seen.setdefault((type(value), value), value))  # 1 is not True
    return out


def dates(values: list) -> pd.Series:
    """A date column as datetime64 (pandas converts dates and timestamps at once; text, which
    the reader already turned into dates or reported, one by one without guessing a format)."""
    if any(isinstance(value, str) for value in values):
        values = [timestamp(value) for value in values]
    return pd.Series(pd.to_datetime(values, errors="coerce"), dtype="datetime64[us]")


def blank_as_none(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):  # a value pandas cannot judge is a value
        return value


def timestamp(value: Any) -> pd.Timestamp | None:
    """A date cell's value as a Timestamp; None when it holds no date (the reader already
    turned a date typed as text into a date, or reported it)."""
    day = date(value) if not isinstance(value, (int, float)) else None
    return pd.Timestamp(day) if day is not None else None


def text(value: Any) -> str | None:
    value = blank_as_none(value)
    return str(value).strip() if value is not None else None


def date(value: Any) -> dt.date | None:
    """A date from a cover's or a property's value; None when it is none."""
    value = blank_as_none(value)
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    try:
        return pd.Timestamp(value).date()
    except (TypeError, ValueError):
        return None
