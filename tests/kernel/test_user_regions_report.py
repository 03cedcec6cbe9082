"""Regions a user declares get the region and trajectory reports."""

from __future__ import annotations

import json

import pytest

from rdanalysis.data import build
from tests.build.test_user_regions import FREEDONIA, _made_up_folder


@pytest.fixture
def made_up(tmp_path):
    result = build.collect(_made_up_folder(tmp_path / "user", FREEDONIA), False)
    return tmp_path, result


def test_declared_regions_render_the_region_and_trajectory_reports(
    made_up, monkeypatch, suite_config, executed_notebook
):
    from rdanalysis.report import run as report_run

    tmp_path, result = made_up
    processed = tmp_path / "processed"
    build.write(result, processed)
    monkeypatch.setenv("RDANALYSIS_PROCESSED", str(processed))
    monkeypatch.setenv("RDANALYSIS_PROCESSED", str(processed))
    suite = [
        {
            "name": "freedonia-regions",
            "notebook": "03_counties.ipynb",
            "parameters": {"parent": "Freedonia", "target_pct": 0.0},
        },
        {
            "name": "freedonia-north",
            "notebook": "01_trajectory.ipynb",
            "parameters": {"region": "Freedonia North", "target_pct": 2.0},
        },
    ]
    out = tmp_path / "reports"
    outcomes = {
        o.name: o
        for o in report_run.run(suite_config(tmp_path, suite), out_dir=out, progress=False)
    }
    for name, outcome in outcomes.items():
        assert outcome.status == "ok", outcome.error
        book = executed_notebook(out, name)
        outputs = [o for c in book.cells for o in c.get("outputs", [])]
        assert not [o for o in outputs if o.get("output_type") == "error"], name
        assert [o for o in outputs if "image/png" in o.get("data", {})], name
        assert "Freedonia" in json.dumps(outputs, ensure_ascii=False)
