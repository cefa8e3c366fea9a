"""Builders of the robustness cases about earlier outputs, attribution and limits (issue 9).

Each `make_<case>(folder)` writes the case's file(s) inside `folder` and returns an `Expect`:
what a consolidation of a folder holding them must account for. Expects add up (`+`), so the
cases can share one mixed folder; every builder uses ministries of its own.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from actionbook.plan import default_plan
from actionbook.samples import content as samples
from actionbook.schema import layout
from actionbook.template.workbook import write_template

PLAN = default_plan()
AS_OF = dt.date(2027, 9, 30)
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
MADE_ON = dt.date(2027, 1, 4)


@dataclass
class Expect:
    """What a consolidation must say of the files a builder made (paths relative to the folder).

    used: file -> the number of its rows in the Actions table; skipped / held / rejected:
    file -> a substring of its note; superseded: file -> the file that replaces it."""

    used: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    held: dict[str, str] = field(default_factory=dict)
    rejected: dict[str, str] = field(default_factory=dict)
    superseded: dict[str, str] = field(default_factory=dict)

    def __add__(self, other: Expect) -> Expect:
        return Expect(*({**getattr(self, k), **getattr(other, k)} for k in vars(self)))


def rows(code: str, count: int) -> list[dict]:
    return samples.ministry_actions(samples.ministry_plan(code), random.Random(code), PLAN)[:count]


def submit(folder: Path, name: str, code: str, day: dt.date | None, count: int = 3,
           cover_ministry: str | None = None) -> Path:
    """A filled workbook made from `code`'s template; its cover says `cover_ministry` when
    given (what an official does who fills another ministry's workbook)."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    cover = {"plan_owner": "A. Owner", "owner_contact": "a@b.example", "submitted_on": day}

    def retitle(context):
        context.sheets[layout.COVER_SHEET].write_string(context.cell("ministry"), cover_ministry)
    write_template(PLAN, path, code, generated_on=MADE_ON, actions=rows(code, count),
                   cover=cover, decorate=retitle if cover_ministry else None)
    return path


# Earlier outputs ------------------------------------------------------------------------------

def make_old_consolidated(folder: Path) -> Expect:
    """Last cycle's consolidated workbook as actionbook wrote it before it marked its outputs
    with actionbook_kind (samples/consolidated.xlsx with only its old property), once under a
    ministry's name, and once without any custom property: only its sheets tell what it is."""
    named = folder / "MOH consolidated.xlsx"
    with_parts(SAMPLES / "consolidated.xlsx", named, {"docProps/custom.xml": LEGACY_CUSTOM})
    stripped = folder / "last week.xlsx"
    with_parts(SAMPLES / "consolidated.xlsx", stripped, {"docProps/custom.xml": None})
    reason = "a consolidated workbook written by actionbook on 2027-09-30"
    return Expect(skipped={named.name: reason, stripped.name: reason})


def make_consolidated(folder: Path) -> Expect:
    """A consolidated workbook written today, of a folder with MOA's plan in it."""
    from actionbook.consolidation.workbook import consolidate_folder

    source = folder.parent / f"{folder.name}-earlier"
    submit(source, "MOA-action-plan.xlsx", "MOA", dt.date(2027, 9, 1))
    consolidate_folder(source, folder / "consolidated.xlsx", PLAN, AS_OF, jobs=1)
    shutil.rmtree(source)
    return Expect(skipped={"consolidated.xlsx": "a consolidated workbook written by "
                                                "actionbook on 2027-09-30"})


def make_feedback_copies(folder: Path) -> Expect:
    """MOT's plan, and a feedback/ folder of the copies `check --annotate` wrote of it (made
    after it, so by date and time they would supersede it), .xlsx and an export of it."""
    from actionbook.check.batch import check_files
    from actionbook.check.feedback import write_feedback_copies
    from actionbook.export import write_frame

    plan = submit(folder, "MOT-action-plan.xlsx", "MOT", dt.date(2027, 9, 1), count=4)
    (folder / "feedback").mkdir()
    [report] = check_files([plan], PLAN, AS_OF)
    [copy] = write_feedback_copies([report], PLAN, folder / "feedback", AS_OF).values()
    export = write_frame(report.workbook.actions, folder / "feedback" / "MOT-export.xlsx")
    later = plan.stat().st_mtime + 60
    os.utime(copy, (later, later))
    return Expect(used={plan.name: 4}, skipped={
        copy.relative_to(folder).as_posix(): "a feedback copy written by actionbook check",
        export.relative_to(folder).as_posix(): "a table exported by actionbook"})


LEGACY_CUSTOM = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://'
    b'schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://'
    b'schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-'
    b'2E9C-101B-9397-08002B2CF9AE}" pid="2" name="actionbook-consolidated"><vt:lpwstr>2027 '
    b'annual review</vt:lpwstr></property></Properties>')


def with_parts(source: Path, target: Path, replaced: dict[str, bytes | None]) -> Path:
    """A copy of the zip `source` whose parts named in `replaced` are replaced (None: left out)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = replaced.get(info.filename, old.read(info))
            if data is not None:
                new.writestr(info, data)
    return target


# Attribution ----------------------------------------------------------------------------------

def make_hijack(folder: Path) -> Expect:
    """MOE's genuine plan, and a workbook made from MOH's template whose cover says MOE and
    gives 9999-12-31 as its submission date: held, replacing nothing."""
    genuine = submit(folder, "MOE-action-plan.xlsx", "MOE", dt.date(2027, 9, 2), count=3)
    hijack = submit(folder, "MOE-final.xlsx", "MOH", dt.date(9999, 12, 31), count=5,
                    cover_ministry="MOE")
    return Expect(used={genuine.name: 3},
                  held={hijack.name: "made from MOH's template, its cover names MOE"})


def make_future_date(folder: Path) -> Expect:
    """MOI's plan, and a second one dated after the as-of date (saved later too): the date
    decides nothing, so the plan with a date to trust wins."""
    genuine = submit(folder, "MOI-action-plan.xlsx", "MOI", dt.date(2027, 9, 1), count=2)
    future = submit(folder, "MOI-update.xlsx", "MOI", dt.date(2031, 1, 1), count=6)
    later = genuine.stat().st_mtime + 60
    os.utime(future, (later, later))
    return Expect(used={genuine.name: 2}, superseded={future.name: genuine.name})


def make_impossible_date(folder: Path) -> Expect:
    """MOL's plan, and a second one dated 1901-01-01 (a slip for 2027?) and saved later: the
    date decides nothing, so the plan with a date to trust wins."""
    first = submit(folder, "MOL-action-plan.xlsx", "MOL", dt.date(2027, 9, 1), count=2)
    typo = submit(folder, "MOL-action-plan-2.xlsx", "MOL", dt.date(1901, 1, 1), count=3)
    return Expect(used={first.name: 2}, superseded={typo.name: first.name})


def make_tie_v2_v10(folder: Path) -> Expect:
    """MOJ sent 'v2' and 'v10' the same day, saved at the same second: v10 wins."""
    v2 = submit(folder, "MOJ plan v2.xlsx", "MOJ", dt.date(2027, 9, 1), count=2)
    v10 = submit(folder, "MOJ plan v10.xlsx", "MOJ", dt.date(2027, 9, 1), count=4)
    stamp = int(v2.stat().st_mtime)
    for path in (v2, v10):
        os.utime(path, (stamp, stamp))
    return Expect(used={v10.name: 4}, superseded={v2.name: v10.name})


# Limits ---------------------------------------------------------------------------------------

def big_rows(code: str, count: int) -> list[dict]:
    """`count` filled steps of `code`, the sample's steps over and over with ids of their own."""
    base = rows(code, 50)
    return [{**base[n % len(base)], "action_id": f"{code}-{n + 1:06d}"} for n in range(count)]


def make_big_plan(folder: Path, count: int | None = None, code: str = "MTI") -> Expect:
    """A plan of `count` steps (default: the most a plan may hold, safety.DEFAULT_LIMITS),
    filled like an official would: read whole by every command."""
    from actionbook.safety.preflight import DEFAULT_LIMITS

    count = count or DEFAULT_LIMITS.max_rows - layout.FIRST_DATA_ROW - 20
    path = folder / f"{code}-action-plan.xlsx"
    cover = {"plan_owner": "A. Owner", "owner_contact": "a@b.example",
             "submitted_on": dt.date(2027, 9, 1)}
    write_template(PLAN, path, code, generated_on=MADE_ON, actions=big_rows(code, count),
                   cover=cover)
    return Expect(used={path.name: count})


ODS_HEADERS = ("Goal", "Action Step", "By Whom", "By When", "Status")


def ods_cell(text: str, attributes: str = "") -> str:
    return (f'<table:table-cell office:value-type="string"{attributes}><text:p>{text}</text:p>'
            "</table:table-cell>")


def ods_plan(folder: Path, name: str, rows: str) -> Path:
    """An .ods of the seed's headers and then `rows` (table-row elements), by hand."""
    from tests.support.hostile import DECLARATION, minimal_ods

    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    header = "<table:table-row>" + "".join(map(ods_cell, ODS_HEADERS)) + "</table:table-row>"
    content = DECLARATION + (
        f'<office:document-content xmlns:office="{office}" xmlns:table="{table}" '
        f'xmlns:text="{text}" office:version="1.3"><office:body><office:spreadsheet>'
        f'<table:table table:name="Plan">{header}{rows}</table:table></office:spreadsheet>'
        "</office:body></office:document-content>")
    return minimal_ods(folder, name, content)


def make_ods_bomb_rows(folder: Path) -> Expect:
    """A few KB of .ods whose one filled row repeats 150,000 times (150,000 actions)."""
    row = "".join(ods_cell(v) for v in ("Goal 1", "Step", "Unit", "2027-12-31", "On track"))
    path = ods_plan(folder, "MOF-bomb.ods",
                    f'<table:table-row table:number-rows-repeated="150000">{row}</table:table-row>')
    from actionbook.safety.preflight import DEFAULT_LIMITS

    return Expect(rejected={path.name: f"has content in row {DEFAULT_LIMITS.max_rows + 1:,}"})


def make_ods_merge_span(folder: Path) -> Expect:
    """An .ods with a merge spanning 999,999,999,999 columns (it hangs the parser)."""
    cell = ods_cell("Step", ' table:number-columns-spanned="999999999999"')
    path = ods_plan(folder, "MOF-span.ods", f"<table:table-row>{cell}</table:table-row>")
    return Expect(rejected={path.name: "merges 1 rows by 999,999,999,999 columns"})


def make_far_cell(folder: Path) -> Expect:
    """A genuine plan with one stray value at ALL39999: inside the row and column limits, but
    a grid of 40 million cells to a parser (the issue's ALL99999 is now past the rows)."""
    from actionbook.safety.preflight import DEFAULT_LIMITS

    path, row = folder / "MDG-action-plan.xlsx", DEFAULT_LIMITS.max_rows - 1

    def stray(context):
        context.sheets[layout.ACTIONS_SHEET].write_string(row - 1, 999, "x")
    write_template(PLAN, path, "MDG", generated_on=MADE_ON, actions=rows("MDG", 3),
                   decorate=stray, cover={"submitted_on": dt.date(2027, 9, 1)})
    return Expect(rejected={path.name: f"cell ALL{row}"})
