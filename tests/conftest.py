"""Shared fixtures: tiny template files written inline, and a CLI runner that mimics the shell."""

from __future__ import annotations

from pathlib import Path

import pytest

from rdanalysis import cli

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
