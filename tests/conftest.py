"""Shared fixtures: tiny template files written inline, a CLI runner that mimics the shell, one
data build per test run in a temporary folder (never the repository's data/processed), the
helpers that run report suites, and the test tiers.

Tiers follow folders: a test's tier is the folder it sits in, set here as its marker (never by
hand, and never two):

- ``unit/``: pure functions on inline tables, resources and files written in the test; no data
  build, no report run (``make test-fast``);
- ``build/``: reads the processed tables of the shipped data or builds some (no report run);
- ``kernel/``: executes notebooks through the report runner;
- ``browser/``: opens or prints pages in headless Chromium.

``build/``, ``kernel/`` and ``browser/`` each build the shipped data once per process (their
own conftest); ``unit/`` has no ``processed`` fixture, and its conftest makes any data build or
read of the processed tables fail. ``make test`` runs all tiers with ``--dist loadfile``: a
file's tests run on one worker (its module fixture, an executed suite or a build, is made
once), so a long subject is split into files; the longest files are handed out first.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import pandas as pd

# Tests never read or write the repository's data/processed: one build per test run goes to a
# temporary folder (set before rdanalysis is imported, so paths.processed() and every subprocess
# and report worker the tests start see it) ... and never the developer's own data/user.
# conftest can be imported twice (as conftest and as tests.conftest): set the folders once per
# process. Under pytest-xdist each worker inherits the controller's environment and sets its own
# folders (two workers never build into, or read a half-written build from, the same folder).
_PROCESS = os.environ.get("PYTEST_XDIST_WORKER", "main")
if os.environ.get("RDANALYSIS_TEST_FOLDERS") != _PROCESS:
    os.environ["RDANALYSIS_PROCESSED"] = tempfile.mkdtemp(prefix="rdanalysis-test-processed-")
    os.environ["RDANALYSIS_USER_DATA"] = tempfile.mkdtemp(prefix="rdanalysis-test-user-")
    os.environ["RDANALYSIS_TEST_FOLDERS"] = _PROCESS
_TEMPORARY = [os.environ["RDANALYSIS_PROCESSED"], os.environ["RDANALYSIS_USER_DATA"]]

from rdanalysis import cli  # noqa: E402


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in _TEMPORARY:
        shutil.rmtree(folder, ignore_errors=True)


_BUILT: list[Path] = []


def build_shipped() -> Path:
    """Build the shipped data into this process's temporary folder (once per process) and
    return that folder: the ``processed`` fixture of the build, kernel and browser tiers."""
    from rdanalysis import paths
    from rdanalysis.data import build

    if not _BUILT:
        build.build()
        _BUILT.append(paths.processed())
    return _BUILT[0]


#: A user folder that does not exist: the build of the shipped data alone.
NO_USER = Path("/nonexistent-user-data")


@pytest.fixture(scope="module")
def tables() -> dict:
    """The shipped data's tables, collected (not written) without a user folder; once per test
    module. A module may define its own ``tables`` instead."""
    from rdanalysis.data import build

    result = build.collect(NO_USER)
    assert [str(p) for p in result.problems if p.severity == "error"] == []
    return result.tables


HEADER = "地区,年份,执行主体,R&D经费(亿元),地区生产总值(亿元),来源"
SOURCE = "测试来源"
TESTS = Path(__file__).resolve().parent
#: Tier folders, in the order their tests are handed out (the longest first).
TIERS = ("browser", "kernel", "build", "unit")


def _tier(item: pytest.Item) -> str:
    path = Path(str(item.path)).resolve()
    folder = path.relative_to(TESTS).parts[0] if path.is_relative_to(TESTS) else ""
    if folder not in TIERS:
        raise pytest.UsageError(f"{item.nodeid}: a test sits in a tier folder, one of {TIERS}")
    marked = {m.name for m in item.iter_markers()} & set(TIERS)
    if marked:
        raise pytest.UsageError(
            f"{item.nodeid}: marked {sorted(marked)} by hand; its folder ({folder}/) sets its tier"
        )
    return folder


#: The longest files, handed out first (``make test`` gives each worker a whole file at a time).
FIRST = (
    "tests/kernel/test_notebooks.py",
    "tests/kernel/test_packaging.py",
    "tests/kernel/test_report.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with its folder's tier; order the files so the longest start first."""
    rank = {tier: i for i, tier in enumerate(TIERS)}
    order = {}
    for item in items:
        tier = _tier(item)
        item.add_marker(getattr(pytest.mark, tier))
        module = item.nodeid.split("::")[0]
        first = FIRST.index(module) if module in FIRST else len(FIRST)
        order[item.nodeid] = (first, rank[tier])
    items.sort(key=lambda item: order[item.nodeid])


def write_suite(folder: Path, suite: list[dict], name: str = "reports.yml") -> Path:
    """A report configuration with ``suite`` (the parameter rules are the package's own)."""
    import yaml

    path = folder / name
    path.write_text(
        yaml.safe_dump(
            {"settings": {"keep_runs": 2, "timeout_seconds": 300}, "suite": suite},
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="session")
def suite_config():
    """``suite_config(folder, suite, name="reports.yml")``: see :func:`write_suite`."""
    return write_suite


def executed(out: Path, name: str):
    """The executed notebook of report ``name`` in the last run under ``out``."""
    import json

    import nbformat

    runs = sorted(p for p in out.iterdir() if (p / "run.json").exists())
    record = json.loads((runs[-1] / "run.json").read_text(encoding="utf-8"))
    assert name in {r["name"] for r in record["reports"]}, name
    return nbformat.read(runs[-1] / f"{name}.ipynb", as_version=4)


@pytest.fixture(scope="session")
def executed_notebook():
    """``executed_notebook(out, name)``: see :func:`executed`."""
    return executed


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


def enterprise_table(rows: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    """(county, industry, revenue 万元, R&D 万元) -> an enterprise table for 2024."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "enterprise_id": f"E{i}",
                "enterprise_name": f"企业{i}",
                "county": county,
                "industry": industry,
                "year": 2024,
                "revenue_10k_yuan": revenue,
                "rd_expenditure_10k_yuan": rd,
                "has_rd_institution": rd > 0,
                "has_rd_activity": rd > 0,
                "is_high_tech": False,
                "status": "user",
                "source": "测试",
            }
            for i, (county, industry, revenue, rd) in enumerate(rows)
        ]
    )
