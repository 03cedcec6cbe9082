"""environment.yml (conda) and pyproject.toml (pip) must give the same dependency set."""

from __future__ import annotations

import re
import tomllib

import yaml

from rdanalysis import paths


def _split(spec: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    return match[1].lower().replace("_", "-"), match[2].replace(" ", "")


def _pyproject() -> dict[str, str]:
    data = tomllib.loads((paths.project_root() / "pyproject.toml").read_text(encoding="utf-8"))
    specs = data["project"]["dependencies"] + data["project"]["optional-dependencies"]["dev"]
    return dict(_split(s) for s in specs)


def _environment() -> dict[str, str]:
    env = yaml.safe_load((paths.project_root() / "environment.yml").read_text(encoding="utf-8"))
    out = {}
    for dep in env["dependencies"]:
        items = dep["pip"] if isinstance(dep, dict) else [dep]
        for item in items:
            name, spec = _split(item)
            if name in {"python", "pip", "-e"}:
                continue
            out[name] = spec
    return out


def test_environment_yml_matches_pyproject():
    assert _environment() == _pyproject()


def test_python_version_agrees():
    data = tomllib.loads((paths.project_root() / "pyproject.toml").read_text(encoding="utf-8"))
    env = yaml.safe_load((paths.project_root() / "environment.yml").read_text(encoding="utf-8"))
    assert data["project"]["requires-python"] == ">=3.11"
    assert "python>=3.11" in env["dependencies"]
