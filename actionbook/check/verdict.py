"""One workbook's verdict: its findings, its status and how complete it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from actionbook.findings import Finding, Severity, sort_key
from actionbook.safety.discovery import shown

if TYPE_CHECKING:
    from actionbook.read.reader import Workbook

COMPLETE, INCOMPLETE, REJECTED = "complete", "incomplete", "rejected"
STATUSES = (COMPLETE, INCOMPLETE, REJECTED)


@dataclass
class Report:
    """What the check says about one file; `workbook` is what was read (None when rejected)."""

    file: str
    path: Path
    ministry: str | None
    status: str
    completeness: float  # filled required cells / required cells, 0..1
    actions: int  # started action rows
    findings: list[Finding]
    workbook: Workbook | None = field(default=None, repr=False, compare=False)

    @classmethod
    def rejected(cls, path: Path, finding: Finding) -> Report:
        """The report of a file that could not be read as a plan at all."""
        return cls(finding.file or Path(path).name, Path(path), None, REJECTED, 0.0, 0,
                   [finding])

    def count(self, severity: Severity) -> int:
        return sum(f.severity is severity for f in self.findings)

    @property
    def has_errors(self) -> bool:
        return self.count(Severity.ERROR) > 0

    def to_dict(self) -> dict[str, object]:
        """This report in the documented JSON shape (docs/check-json.md)."""
        return {
            "file": shown(self.path), "ministry": self.ministry, "status": self.status,
            "completeness": round(self.completeness, 4), "actions": self.actions,
            "findings": [without_file(f) for f in self.findings],
        }


def without_file(finding: Finding) -> dict[str, object]:
    data = finding.to_dict()
    del data["file"]  # the report names the file once
    return data


def status(findings: list[Finding]) -> str:
    """Rejected when a finding rejects the file; incomplete when one is an error (a required
    cell empty, or a value the plan refuses); complete otherwise. Warnings and notes are
    advice - an overdue step is a fact about the plan, not a gap in the form - so they never
    make a workbook incomplete: "100% and no problem" on the cover is complete here."""
    if any(f.rejects for f in findings):
        return REJECTED
    if any(f.severity is Severity.ERROR for f in findings):
        return INCOMPLETE
    return COMPLETE


def sorted_findings(findings) -> list[Finding]:
    return sorted(findings, key=sort_key)


def exit_status(reports: list[Report]) -> int:
    """0 when no file has an error, 1 when one has, 2 when no file could be read at all."""
    if not reports or all(r.status == REJECTED for r in reports):
        return 2
    return 1 if any(r.has_errors for r in reports) else 0
