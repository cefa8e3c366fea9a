"""Speed only: workers start without `site` (-S), a third of their start-up (~80 ms each).

The path `site` would work out comes from the parent (isolation.command passes it whole),
so a worker needs `site` only for an import hook that an editable install other than
actionbook's left in the parent: such a parent's workers start with it. The plain path is
a worker started with `site`; tests/test_robust_process.py runs a read both ways and
compares the results.
"""

from __future__ import annotations

import sys

EDITABLE_ACTIONBOOK = "__editable___actionbook_"  # its folder ends the worker's path anyway


def site_flags() -> list[str]:
    """["-S"], or [] when the parent holds another editable install's import hook."""
    hooks = [finder.__module__ for finder in sys.meta_path]
    others = [name for name in hooks
              if name.startswith("__editable__") and not name.startswith(EDITABLE_ACTIONBOOK)]
    return [] if others else ["-S"]
