"""The browser tier: the shipped data is built once per process before any of its tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import build_shipped


@pytest.fixture(scope="session", autouse=True)
def processed() -> Path:
    """The processed tables of the shipped data (a module may build its own instead)."""
    return build_shipped()
