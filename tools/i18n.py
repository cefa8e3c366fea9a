"""The message catalogues: extract new text, update every language, compile.

    python tools/i18n.py update   # extract, update each .po, compile the .mo files
    python tools/i18n.py compile  # compile the .mo files only (after translating a .po)
    python tools/i18n.py check    # list what a shipped language lacks (as the tests do)

docs/languages.md tells the whole workflow, and how to add a language.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from actionbook.lang import upkeep  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("update", "compile", "check"))
    command = parser.parse_args().command
    if command == "check":
        problems = upkeep.problems()
        print("\n".join(problems) or "every shipped language is complete")
        return 1 if problems else 0
    written = upkeep.update() if command == "update" else upkeep.compile_all()
    for path in written:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
