"""Reports on a partial dataset: with the bureau's R&D, nothing the trajectory shows is
illustrative."""

from __future__ import annotations

import pytest

from tests.build.test_partial_data import _bureau_rd


@pytest.fixture(scope="module")
def bureau_build(tmp_path_factory):
    """The shipped data plus the bureau's R&D 2021-2023 (as in tests/build/test_partial_data)."""
    from rdanalysis.data import build

    tmp = tmp_path_factory.mktemp("bureau")
    (tmp / "user").mkdir()
    out = tmp / "processed"
    return build.build(_bureau_rd(tmp / "user"), out_dir=out), out


def test_with_the_bureau_rd_nothing_the_trajectory_shows_is_illustrative(
    bureau_build, tmp_path, monkeypatch, suite_config, executed_notebook
):
    """The bureau's R&D 2021-2023 and no published 2021 GDP: the trajectory report shows no
    illustrative value (before, 2021 was divided by an illustrative GDP and called 示例数据),
    and the data overview says which GDP is missing and where it goes."""
    import json

    from rdanalysis.report import run as report_run

    monkeypatch.setenv("RDANALYSIS_PROCESSED", str(bureau_build[1]))
    suite = [
        {"name": "trajectory", "notebook": "01_trajectory.ipynb", "parameters": {"n_paths": 300}},
        {"name": "overview", "notebook": "06_data_overview.ipynb"},
    ]
    out = tmp_path / "reports"
    outcomes = report_run.run(suite_config(tmp_path, suite), out_dir=out, n_jobs=1, progress=False)
    assert all(o.status == "ok" for o in outcomes), [o.error for o in outcomes]
    book = executed_notebook(out, "trajectory")
    found = book.metadata["rdanalysis"]["facts"]
    assert found["illustrative"] is False and "illustrative" not in found["statuses"]
    shown = json.dumps([o for c in book.cells for o in c.get("outputs", [])], ensure_ascii=False)
    assert "示例数据" not in shown
    overview = executed_notebook(out, "overview")
    shown = json.dumps(
        [o for c in overview.cells for o in c.get("outputs", [])], ensure_ascii=False
    )
    assert "通辽市2021年有R&D经费但没有地区生产总值" in shown
    assert "region_year_template.csv" in shown
