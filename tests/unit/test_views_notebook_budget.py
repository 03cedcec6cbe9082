"""Notebooks stay thin: load, one view call per result, show. The code a JupyterLab user reads
in all shipped notebooks together is at most 300 non-blank lines (the parameters cells included);
a computation or a sequence of displays that grows belongs in a view or a section function."""

from __future__ import annotations

import json

from rdanalysis import paths

BUDGET = 300


def code_lines(notebook: dict) -> int:
    return sum(
        1
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
        for line in "".join(cell["source"]).splitlines()
        if line.strip()
    )


def test_the_notebooks_hold_at_most_300_code_lines():
    notebooks = sorted(paths.NOTEBOOKS.glob("*.ipynb"))
    assert len(notebooks) >= 9
    lines = {p.name: code_lines(json.loads(p.read_text(encoding="utf-8"))) for p in notebooks}
    assert sum(lines.values()) <= BUDGET, lines


def test_the_count_is_of_non_blank_code_lines():
    nb = {
        "cells": [
            {"cell_type": "code", "source": ["a = 1\n", "\n", "b = 2"]},
            {"cell_type": "markdown", "source": ["# words\n", "more"]},
            {"cell_type": "code", "source": "c = 3\n   \n"},
        ]
    }
    assert code_lines(nb) == 3
