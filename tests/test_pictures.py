"""The README's pictures: rendered from the samples by tools/render_pictures.py, shown in the
README, small enough to download."""

import importlib.util
import os
import shutil
import struct
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PICTURES = ROOT / "docs" / "pictures"
MAX_TOTAL_BYTES = 600 * 1024


def render_pictures():
    spec = importlib.util.spec_from_file_location("render_pictures",
                                                  ROOT / "tools" / "render_pictures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_the_readme_shows_every_picture_and_each_is_committed():
    readme = (ROOT / "README.md").read_text("utf-8")
    names = [p.name for p in render_pictures().PICTURES]
    for name in names:
        assert f"](docs/pictures/{name})" in readme, name
        assert png_size(PICTURES / name)[0] > 400, name
    assert sorted(p.name for p in PICTURES.glob("*.png")) == sorted(names)
    assert sum((PICTURES / n).stat().st_size for n in names) < MAX_TOTAL_BYTES


@pytest.mark.libreoffice
def test_one_command_renders_every_picture_from_the_samples(tmp_path):
    if shutil.which("pdftoppm") is None:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail("CI must have poppler's pdftoppm (.ci/run installs it)", pytrace=False)
        pytest.skip("needs poppler's pdftoppm")
    module = render_pictures()
    sizes = module.main(tmp_path)
    assert set(sizes) == {p.name for p in module.PICTURES}
    for picture in module.PICTURES:
        width, height = png_size(tmp_path / picture.name)
        assert picture.width * 0.6 <= width <= picture.width + 1, picture.name
        assert 150 < height < 3 * width, picture.name
    assert sum(sizes.values()) < MAX_TOTAL_BYTES
