"""Regenerates the sample submissions, their consolidated workbook and CSV exports.

    python samples/generate.py

Then `python tools/render_pictures.py` renders the README's pictures (docs/pictures/*.png)
from them again. Deterministic: the same code writes the same files.
tests/samples/test_samples.py fails when the committed samples differ from what this writes.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))  # run from a clone without installing

from actionbook.samples.files import write_samples  # noqa: E402

if __name__ == "__main__":
    for name, path in write_samples(ROOT).items():
        print(f"wrote {name}: {path.relative_to(ROOT.parent)}")
