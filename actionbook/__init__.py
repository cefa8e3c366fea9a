"""actionbook: run a government's action-planning cycle through Excel workbooks.

The public API is re-exported here lazily, so that `actionbook --help` does not pay for
importing pandas.
"""

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "Plan": "actionbook.plan",
    "load_plan": "actionbook.plan",
    "default_plan": "actionbook.plan",
    "Finding": "actionbook.findings",
    "Severity": "actionbook.findings",
    "ActionbookError": "actionbook.errors",
    "PlanError": "actionbook.errors",
    "ReadError": "actionbook.errors",
    "read_workbook": "actionbook.read.reader",
    "read_isolated": "actionbook.read.reader",
    "Workbook": "actionbook.read.reader",
    "write_template": "actionbook.template.workbook",
    "check_workbook": "actionbook.check.rules",
    "check_paths": "actionbook.check.batch",
    "Report": "actionbook.check.verdict",
    "write_feedback": "actionbook.check.feedback",
    "consolidate": "actionbook.consolidation.merge",
    "Consolidation": "actionbook.consolidation.merge",
    "diff": "actionbook.cycle.diff",
    "Changes": "actionbook.cycle.changes",
    "write_changes": "actionbook.cycle.workbook",
    "load_stand": "actionbook.cycle.stand",
    "Stand": "actionbook.cycle.stand",
    "prefill": "actionbook.cycle.prefill",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'actionbook' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
