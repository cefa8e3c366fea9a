"""Regenerate templates/: the default plan.toml and the blank workbooks made from it.

    python tools/regenerate_templates.py              # generated on today
    python tools/regenerate_templates.py --keep-date  # keep the committed workbooks' date

tests/template/test_template.py fails when the committed workbooks differ from what this writes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from actionbook.template.folder import committed_date, regenerate_templates  # noqa: E402

TEMPLATES = ROOT / "templates"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-date", action="store_true",
                        help="reuse the generated-on date of the committed generic workbook")
    args = parser.parse_args()
    day = committed_date(TEMPLATES) if args.keep_date else dt.date.today()
    for path in regenerate_templates(TEMPLATES, day):
        print(f"Wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
