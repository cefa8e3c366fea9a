"""A folder of submissions -> one Consolidation of DataFrames (actions, submissions, findings,
and every cross-ministry summary).

    c = consolidate("submissions/", load_plan("plan.toml"))
    c.actions, c.submissions, c.findings, c.by_ministry, c.timeline, ...

Each file is pre-flighted, read and checked in a worker process (isolation.map_isolated), so a
hostile or crashing file costs its own row, never the run. A worker sends back only what the
consolidation needs: the counts, the findings and the started action rows. When a ministry
submitted more than once the newest file wins (submitted_on on the cover, then the file's
modification time, then the name); the others are listed as superseded, with why, and their
rows left out. A file whose template and cover name different ministries is held (rejected,
saying so) until the coordinator resolves it: it replaces nothing (attribution.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from actionbook import schema
from actionbook.check.verdict import COMPLETE, INCOMPLETE, REJECTED
from actionbook.consolidation import briefing, intake, registers, summaries
from actionbook.consolidation.attribution import Ranking, attribute, doubtful_date, held, supersede
from actionbook.consolidation.submission import ACTION_COLUMNS, Examined
from actionbook.consolidation.summaries import MISSING, SKIPPED, SUPERSEDED
from actionbook.errors import ActionbookError
from actionbook.findings import FIELDS, Code, Finding, Severity, sort_key
from actionbook.plan import Plan, default_plan
from actionbook.safety import discovery
from actionbook.schema.table import Key, Kind

READ_SECONDS = 120  # a file still not read after this is given up as unsafe
EXCEL_ROWS = 1_048_576  # the rows of an Excel sheet
SHEET_ROWS = EXCEL_ROWS - 4  # a table's rows below a sheet's title, note, caption and header
SUBMISSION_COLUMNS = ("ministry", Key.MINISTRY_NAME, "file", "status", "note", "actions",
                      "completeness", "errors", "warnings", "notes", Key.PLAN_OWNER,
                      Key.OWNER_CONTACT, Key.SUBMITTED_ON, "modified", "sha256")
FINDING_COLUMNS = ("ministry", Key.ACTION_ID, *FIELDS)  # a step is its ministry and its ID
Progress = intake.Progress
Arrived = Callable[[Examined], None]


@dataclass
class Consolidation:
    """Every table of the consolidated workbook, as DataFrames with schema keys for columns."""

    plan: Plan
    as_of: dt.date
    folder: Path
    submissions: pd.DataFrame
    actions: pd.DataFrame
    findings: pd.DataFrame
    by_ministry: pd.DataFrame = field(repr=False)
    by_goal: pd.DataFrame = field(repr=False)
    by_sdg: pd.DataFrame = field(repr=False)
    timeline: pd.DataFrame = field(repr=False)
    resources: pd.DataFrame = field(repr=False)
    funding: pd.DataFrame = field(repr=False)
    barriers: pd.DataFrame = field(repr=False)
    communication: pd.DataFrame = field(repr=False)
    kpis: pd.DataFrame = field(repr=False)
    dependencies: pd.DataFrame = field(repr=False)
    # Each ministry's highest action ID ever used, as its submission's template recorded it
    # (metadata last_id): a next review's IDs follow it, removed steps' included.
    last_ids: dict[str, str] = field(default_factory=dict, repr=False)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by its export name (actions.csv, by_ministry.csv, ...)."""
        names = ("actions", "submissions", "findings", "by_ministry", "by_goal", "by_sdg",
                 "timeline", "resources", "funding", "barriers", "communication", "kpis",
                 "dependencies")
        return {name: getattr(self, name) for name in names}

    def headline(self) -> dict[str, object]:
        figures = summaries.headline(self.actions, self.submissions, self.plan, self.as_of)
        return figures | briefing.figures(self.actions, self.submissions, self.plan)

    @property
    def missing(self) -> list[str]:
        return self.submissions.loc[self.submissions["status"] == MISSING, "ministry"].tolist()

    @property
    def used(self) -> int:
        """How many submissions the actions come from."""
        return int(self.submissions["status"].isin((COMPLETE, INCOMPLETE)).sum())


def consolidate(folder: str | Path, plan: Plan | None = None, as_of: dt.date | None = None, *,
                jobs: int | None = None, timeout: float = READ_SECONDS,
                exclude: Iterable[str | Path] = (),
                progress: Progress | None = None,
                arrived: Arrived | None = None,
                prepare: intake.Prepare | None = None) -> Consolidation:
    """Reads, checks and merges every submission under `folder`.

    jobs: worker processes (default: the number of cores); exclude: paths never read (the
    output workbook); progress(done, total) is called as each file is read, and
    arrived(examined) with what was read, in the order files were handed out; prepare: work
    done in the worker on each accepted file (intake.Prepare).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ActionbookError(f"{folder}: no such folder")
    plan = plan or default_plan()
    as_of = as_of or dt.date.today()
    found = discovery.discover(folder, exclude)
    paths = intake.dispatch_order(found.candidates, folder, plan)
    examined = []
    for e in intake.examine_all(paths, folder, plan, as_of, jobs, timeout, progress, prepare):
        examined.append(e)
        if arrived:
            arrived(e)
    return assemble(folder, plan, as_of, examined, found.skipped)


def assemble(folder: Path, plan: Plan, as_of: dt.date, examined: list[Examined],
             skipped: list[tuple[Path, str]]) -> Consolidation:
    """The tables of the consolidation, from what the workers sent back."""
    batch = Batch(folder, plan, examined, skipped, as_of)
    actions = combine(batch.used(), plan)
    findings = findings_frame(batch, actions)
    return summarised(batch, as_of, submissions_frame(batch), actions, findings)


def summarised(batch: Batch, as_of, submissions, actions, findings) -> Consolidation:
    plan = batch.plan
    dependencies = registers.dependencies(actions, plan)
    goals = summaries.by_goal(actions, plan, as_of)
    return Consolidation(
        plan, as_of, batch.folder, submissions, actions, findings,
        by_ministry=briefing.rated(
            summaries.by_ministry(actions, submissions, dependencies, plan, as_of), actions, plan),
        by_goal=goals, by_sdg=summaries.by_sdg(goals, plan),
        timeline=summaries.timeline(actions, plan),
        resources=summaries.resources(actions, plan, as_of),
        funding=summaries.funding(actions, plan),
        barriers=registers.barriers(actions),
        communication=registers.communication(actions, plan),
        kpis=registers.kpis(actions), dependencies=dependencies,
        last_ids={e.ministry: e.last_id for e in batch.used() if e.ministry and e.last_id})


class Batch:
    """The files found in the folder, each attributed to a ministry, superseded or used."""

    def __init__(self, folder: Path, plan: Plan, examined: list[Examined],
                 skipped: list[tuple[Path, str]], as_of: dt.date):
        self.folder, self.plan, self.examined, self.skipped = folder, plan, examined, skipped
        self.guessed = {e.file for e in examined if attribute(e, plan) and e.accepted}
        self.held = {e.file: why for e in examined if (why := held(e, plan))}
        self.replaced = supersede(examined, plan, as_of)  # superseded file -> the newer submission
        self.order = Ranking(plan)
        self.as_of = as_of

    def used(self) -> list[Examined]:
        """The submissions whose actions count, in roster order."""
        used = [e for e in self.examined if e.accepted and e.file not in self.replaced
                and e.file not in self.held]
        return sorted(used, key=lambda e: (self.order.of(e.ministry), e.file))

    def missing(self) -> list[str]:
        """Roster codes no file was found for (a rejected file counts as found)."""
        named = {e.ministry for e in self.examined}
        return [m.code for m in self.plan.ministries if m.code not in named]

    def name(self, path: Path) -> str:
        return discovery.shown(path, self.folder)


# Actions ----------------------------------------------------------------------------------------

DATE_KEYS = (*schema.keys_of(Kind.DATE),
             *(f.key for f in schema.COVER_FIELDS if f.kind is Kind.DATE))
NUMBER_KEYS = schema.keys_of(Kind.NUMBER)


def combine(used: list[Examined], plan: Plan) -> pd.DataFrame:
    """Every started row of the submissions used, with its ministry resolved."""
    used = [e for e in used if len(e.actions)]
    if not used:
        return typed(pd.DataFrame(columns=list(ACTION_COLUMNS)))
    actions = pd.concat([e.actions for e in used], ignore_index=True)
    counts = [len(e.actions) for e in used]
    actions["ministry"] = np.repeat(np.array([e.ministry for e in used], dtype=object), counts)
    names = [plan.ministry_name(e.ministry) or e.ministry_name for e in used]
    actions[Key.MINISTRY_NAME] = np.repeat(np.array(names, dtype=object), counts)
    return typed(actions)


def typed(actions: pd.DataFrame) -> pd.DataFrame:
    """The documented dtypes, also when a column came back empty or mixed."""
    for key in DATE_KEYS:
        actions[key] = pd.to_datetime(actions[key], errors="coerce").astype("datetime64[us]")
    for key in NUMBER_KEYS:
        actions[key] = pd.to_numeric(actions[key], errors="coerce").astype("float64")
    actions["excel_row"] = actions["excel_row"].astype("int64")
    return actions


# Submissions ------------------------------------------------------------------------------------

STATUS_ORDER = {COMPLETE: 0, INCOMPLETE: 0, REJECTED: 1, SUPERSEDED: 2, MISSING: 3, SKIPPED: 4}


def submissions_frame(batch: Batch) -> pd.DataFrame:
    """One row per file found, and one per roster ministry that sent nothing."""
    rows = [submission_row(e, batch, batch.plan) for e in batch.examined]
    rows += [skipped_row(path, reason, batch.name(path)) for path, reason in batch.skipped]
    rows += [{"ministry": code, Key.MINISTRY_NAME: batch.plan.ministry_name(code),
              "status": MISSING, "note": "no file received"} for code in batch.missing()]
    rows.sort(key=lambda r: (batch.order.of(r.get("ministry")), STATUS_ORDER[r["status"]],
                             r.get("file", "")))
    return submissions_typed(pd.DataFrame(rows).reindex(columns=list(SUBMISSION_COLUMNS)))


def submission_row(e: Examined, batch: Batch, plan: Plan) -> dict:
    status, note, replaced = e.status, "", batch.replaced.get(e.file)
    if replaced is not None:
        status, note = SUPERSEDED, f"replaced by {replaced.newer.file} ({replaced.why})"
    elif e.file in batch.held:
        status, note = REJECTED, f"held for the coordinator: {batch.held[e.file]}"
    elif not e.accepted:
        note = e.findings[0].message if e.findings else ""
    return {"ministry": e.ministry,
            Key.MINISTRY_NAME: plan.ministry_name(e.ministry) or e.ministry_name,
            "file": e.file, "status": status, "note": note, "actions": len(e.actions),
            "completeness": e.completeness if e.accepted else None,
            "errors": e.count(Severity.ERROR), "warnings": e.count(Severity.WARNING),
            "notes": e.count(Severity.INFO), Key.PLAN_OWNER: e.owner[0],
            Key.OWNER_CONTACT: e.owner[1], Key.SUBMITTED_ON: e.submitted_on,
            "modified": e.modified, "sha256": e.sha256}


def skipped_row(path: Path, reason: str, name: str) -> dict:
    # No facts: a skipped entry is never opened (it may be a pipe, a device, a huge file).
    return {"file": name, "status": SKIPPED, "note": reason}


def submissions_typed(frame: pd.DataFrame) -> pd.DataFrame:
    for key in ("actions", "errors", "warnings", "notes"):
        frame[key] = frame[key].astype("Int64")
    frame["completeness"] = frame["completeness"].astype("float64")
    for key in (Key.SUBMITTED_ON, "modified"):
        frame[key] = pd.to_datetime(frame[key]).astype("datetime64[us]")
    text = ("ministry", Key.MINISTRY_NAME, "file", "status", "note", Key.PLAN_OWNER,
            Key.OWNER_CONTACT, "sha256")
    return frame.astype({k: object for k in text})


# Findings ---------------------------------------------------------------------------------------

def findings_frame(batch: Batch, actions: pd.DataFrame) -> pd.DataFrame:
    """Every finding of the files used or rejected, and the consolidation's own."""
    found = [(e.ministry, f) for e in batch.examined for f in file_findings(batch, e)]
    found += [(None, skipped_finding(path, reason, batch.name(path)))
              for path, reason in batch.skipped]
    found += [(code, missing_finding(batch.plan, code)) for code in batch.missing()]
    found += [(None, f) for f in unserved_goals(actions, batch.plan)]
    found += [(None, f) for f in too_long(actions, len(found))]
    found.sort(key=lambda pair: (batch.order.of(pair[0]), sort_key(pair[1])))
    records = [finding_record(ministry, f) for ministry, f in found]
    frame = pd.DataFrame(records, columns=list(FINDING_COLUMNS)).astype({"row": "Int64"})
    frame[Key.ACTION_ID] = step_ids(frame, actions)
    return frame


def step_ids(findings: pd.DataFrame, actions: pd.DataFrame) -> np.ndarray:
    """The ID of the step each finding is about (its file, sheet and Excel row), None for a
    finding about no step: two ministries' findings may both be about an ACT-001."""
    where = ["source_file", "sheet", "excel_row"]
    ids = pd.Series(actions[Key.ACTION_ID].to_numpy(dtype=object),
                    index=pd.MultiIndex.from_frame(actions[where]))
    ids = ids[~ids.index.duplicated()]
    wanted = pd.MultiIndex.from_arrays([findings["file"], findings["sheet"],
                                        findings["row"].astype("float64")])
    found = ids.reindex(wanted).to_numpy(dtype=object, copy=True)
    found[pd.isna(found)] = None
    return found


def finding_record(ministry: str | None, finding: Finding) -> dict[str, object]:
    # Finding.to_dict without dataclasses.asdict's deep copy: every field is a plain value,
    # and a run can have tens of thousands of findings.
    return {"ministry": ministry, **vars(finding), "code": finding.code.value,
            "severity": finding.severity.value}


def file_findings(batch: Batch, e: Examined) -> list[Finding]:
    """A file's own findings; only the fact that it was replaced, for a superseded one."""
    if e.file in batch.replaced:
        replaced = batch.replaced[e.file]
        return [Finding.make(Code.SUPERSEDED, file=e.file, ministry=e.ministry,
                             newer=replaced.newer.file, why=replaced.why)]
    return [*e.findings, *attribution_findings(batch, e)]


def attribution_findings(batch: Batch, e: Examined) -> list[Finding]:
    """What the consolidation adds to a file's own findings about whose it is and when."""
    found = []
    if e.file in batch.held:
        found.append(Finding.make(Code.MINISTRY_MISMATCH, file=e.file, field="ministry",
                                  expected=e.template_ministry, found=e.ministry))
    if e.accepted and (why := doubtful_date(e, batch.as_of)):
        found.append(Finding.make(Code.DOUBTFUL_SUBMISSION_DATE, file=e.file,
                                  field=Key.SUBMITTED_ON,
                                  value=f"{e.submitted_on}", why=why))
    if e.file in batch.guessed:
        found.append(Finding.make(Code.MINISTRY_FROM_FILE_NAME, file=e.file, field="ministry",
                                  ministry=e.ministry))
    return found


def skipped_finding(path: Path, reason: str, name: str) -> Finding:
    severity = Severity.WARNING if path.suffix.lower() in discovery.LEGACY else None
    return Finding.make(Code.SKIPPED_FILE, file=name, reason=reason, severity=severity)


def missing_finding(plan: Plan, code: str) -> Finding:
    return Finding.make(Code.MISSING_SUBMISSION, file="", field="ministry",
                        ministry=f"{code} ({plan.ministry_name(code)})")


def too_long(actions: pd.DataFrame, findings: int) -> list[Finding]:
    """The tables past what a sheet of the consolidated workbook holds (the per-step tables
    have at most a row per action; the Findings table gains these findings too)."""
    sizes = {"Actions": len(actions), "Findings": findings + 2}
    return [Finding.make(Code.SHEET_ROW_LIMIT, file="", table=table, rows=rows, limit=SHEET_ROWS)
            for table, rows in sizes.items() if rows > SHEET_ROWS]


def unserved_goals(actions: pd.DataFrame, plan: Plan) -> list[Finding]:
    """Goals no ministry's step serves: a warning once the plan has any step at all."""
    if actions.empty:
        return []
    served = set(actions["goal"].dropna())
    return [Finding.make(Code.GOAL_WITHOUT_ACTIONS, file="", field="goal", goal=g.label)
            for g in plan.goals if g.id not in served]
