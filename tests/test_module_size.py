"""No module of the package is over 500 lines: past that a module owns two things (STYLE.md)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "actionbook"
MAX_LINES = 500


def test_the_package_has_modules_to_measure():
    assert len(list(PACKAGE.rglob("*.py"))) > 20


def test_no_module_is_over_500_lines():
    too_long = {
        str(path.relative_to(PACKAGE.parent)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := len(path.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}, f"split these by what they own: {too_long}"
