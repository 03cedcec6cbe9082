"""Notebooks as committed: clean of outputs, a typed and commented parameters cell, the appendix
last in the suite."""

from __future__ import annotations

import json

import nbformat
import pytest

from rdanalysis.report import config as report_config
from rdanalysis.report import notebooks as notebooks
from tests.kernel.test_notebooks import NOTEBOOKS


def test_there_are_notebooks():
    names = [nb.name for nb in NOTEBOOKS]
    assert "01_trajectory.ipynb" in names and "06_data_overview.ipynb" in names
    # the appendix closes the suite (the province reports, 07-08, come before it)
    suite = report_config.load()["suite"]
    assert suite[-1]["notebook"] == "06_data_overview.ipynb"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(nb):
    data = json.loads(nb.read_text(encoding="utf-8"))
    for cell in data["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, nb.name


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_cell_is_typed_and_commented(nb):
    book = nbformat.read(nb, as_version=4)
    tagged = [c for c in book.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    params = report_config.declared(nb)
    assert params, nb.name
    for name, spec in params.items():
        assert spec["inferred_type_name"] != "None", name
        assert spec["help"], f"{nb.name}: parameter {name} has no comment"
    assert book.metadata["kernelspec"]["name"] == notebooks.KERNEL
