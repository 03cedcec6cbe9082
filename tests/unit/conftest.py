"""The unit tier builds no data: no ``processed`` fixture here, and a test that builds data
(``build.collect``/``build.build``) or reads the processed tables fails, naming the tier."""

from __future__ import annotations

from pathlib import Path

import pytest

from rdanalysis import paths
from rdanalysis.data import build

#: A processed-tables folder that does not exist, for the unit tests and what they start.
NOWHERE = Path("/nonexistent/rdanalysis-unit-tests-read-no-processed-tables")


def _refuse(*args: object, **kwargs: object) -> None:
    raise AssertionError("a unit test builds no data: move this test to tests/build/")


@pytest.fixture(autouse=True)
def no_data_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build, "_collect", _refuse)
    monkeypatch.setenv(paths.PROCESSED_ENV, str(NOWHERE))


@pytest.fixture(scope="module")
def tables() -> dict:
    """The shipped data's tables are a build: a unit test makes its own inline tables."""
    raise AssertionError("a unit test builds no data: move this test to tests/build/")
