"""The package installs as a wheel with every resource it reads (not only from a source tree)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from rdanalysis import paths

pytestmark = pytest.mark.build


def _clean_copy(dest: Path) -> Path:
    """The tracked files only: a stale egg-info in the work tree would hide missing package data."""
    listed = subprocess.run(
        [
            "git",
            "-C",
            str(paths.project_root()),
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        src = paths.project_root() / name
        if src.is_file() and not name.startswith(("data/", "reports/")):
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


def test_wheel_holds_every_resource(tmp_path: Path) -> None:
    tree = _clean_copy(tmp_path / "tree")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path),
            str(tree),
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("rdanalysis-*.whl")
    inside = set(zipfile.ZipFile(wheel).namelist())
    resources = [
        p.relative_to(paths.PACKAGE_DIR.parent).as_posix()
        for p in paths.RESOURCES.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    assert any(r.startswith("rdanalysis/resources/templates/") for r in resources)
    missing = [r for r in resources if r not in inside]
    assert not missing, f"resources missing from the wheel: {missing}"
    modules = {
        p.relative_to(paths.PACKAGE_DIR.parent).as_posix() for p in paths.PACKAGE_DIR.rglob("*.py")
    }
    assert not modules - inside, f"modules missing from the wheel: {sorted(modules - inside)}"


def test_public_api_names_resolve_to_callables() -> None:
    import rdanalysis as rd

    for name in rd.__all__:
        if name != "__version__":
            assert callable(getattr(rd, name)), name
    assert rd.dashboard_view.__module__ == "rdanalysis.analysis.targets"
