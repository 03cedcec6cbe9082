"""rdanalysis targets with a plan holding control characters: shown visibly, escaped in JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rdanalysis import paths
from tests.unit.test_safe_parsing import ESCAPES, RAW_CONTROLS


@pytest.fixture
def hostile_plan(tmp_path: Path) -> Path:
    """The shipped plan with terminal escapes in its first target's name."""
    text = (paths.plans() / "tongliao-2023.yml").read_text(encoding="utf-8")
    name = "name: 全社会R&D经费投入强度"
    assert name in text
    yaml_escapes = "\\e]0;owned\\a\\u202e\\x9b31m"  # the same characters, as YAML escapes
    path = tmp_path / "hostile.yml"
    path.write_text(text.replace(name, f'name: "强度{yaml_escapes}"', 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_targets_prints_a_plans_control_characters_visibly(hostile_plan, run_cli, fmt):
    code, out, err = run_cli("targets", "--plan", str(hostile_plan), "--format", fmt)
    assert code == 0, err
    assert not any(c in out + err for c in RAW_CONTROLS)
    assert "强度\\x1b]0;owned\\x07\\u202e\\x9b31m" in out


def test_targets_json_escapes_control_characters_and_keeps_the_text(hostile_plan, run_cli):
    code, out, _ = run_cli("targets", "--plan", str(hostile_plan), "--format", "json")
    assert code == 0
    assert not any(c in out for c in RAW_CONTROLS)
    names = [row["target_name"] for row in json.loads(out)["rows"]]
    assert f"强度{ESCAPES}" in names
