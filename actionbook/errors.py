"""The exceptions of actionbook: raised only where work cannot continue.

Problems inside a workbook are findings (findings.py), not exceptions.
"""


class ActionbookError(Exception):
    """Base of every error actionbook raises on purpose; its message is for the user."""


class PlanError(ActionbookError):
    """The plan config is wrong; the message names the file and the key."""


class ReadError(ActionbookError):
    """A file cannot be read as a plan; the message names the file and says what to do."""

    def __init__(self, message: str, finding=None):
        super().__init__(message)
        self.finding = finding

    def __reduce__(self):
        # Pickled, an exception keeps only its args: the finding goes with them, so that a
        # ReadError sent back from a worker process still says what was found.
        return type(self), (str(self), self.finding)


class OutputError(ActionbookError):
    """An output cannot be written where it was asked for."""
