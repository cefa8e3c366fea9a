"""Shared fixtures. Tests marked `libreoffice` skip where LibreOffice is absent, but fail in CI."""

import pytest

from tests.support.libreoffice import Calc, require_libreoffice


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("libreoffice"):
        require_libreoffice()


@pytest.fixture(scope="session")
def calc():
    """One LibreOffice Calc for the whole run; see tests/support/libreoffice.py."""
    require_libreoffice()
    with Calc() as session:
        yield session
