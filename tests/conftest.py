"""Shared fixtures: tiny template files written inline, and a CLI runner that mimics the shell."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Tests never read or write the repository's data/processed: one build per test run goes to a
# temporary folder (set before rdanalysis is imported, so paths.PROCESSED and every subprocess
# and kernel the tests start see it).
# conftest can be imported twice (as conftest and as tests.conftest): set the folders once.
if os.environ.get("RDANALYSIS_TEST_FOLDERS") != "set":
    os.environ["RDANALYSIS_PROCESSED"] = tempfile.mkdtemp(prefix="rdanalysis-test-processed-")
    # ... and never the developer's own statistics in data/user.
    os.environ["RDANALYSIS_USER_DATA"] = tempfile.mkdtemp(prefix="rdanalysis-test-user-")
    os.environ["RDANALYSIS_TEST_FOLDERS"] = "set"

from rdanalysis import cli


@pytest.fixture(scope="session", autouse=True)
def processed_data() -> Path:
    """The processed tables of the shipped data, built once for the whole test run."""
    from rdanalysis import paths
    from rdanalysis.data import build

    build.build()
    return paths.PROCESSED


HEADER = "地区,年份,执行主体,R&D经费(亿元),地区生产总值(亿元),来源"
SOURCE = "测试来源"


@pytest.fixture
def write_csv(tmp_path: Path):
    """Write ``lines`` as a CSV file (UTF-8 unless ``encoding`` says otherwise)."""

    def _write(lines: list[str], name: str = "user.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
        return path

    return _write


@pytest.fixture
def run_cli(capsys):
    """Run the console entry point in-process; return (exit code, stdout, stderr)."""

    def _run(*args: str) -> tuple[int, str, str]:
        try:
            cli.main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run
