"""The province report draws the map view asked for."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("params", "note"), [((), "方块图"), (("-p", "map_style=map"), "审图号")])
def test_the_province_report_draws_the_view_asked_for(tmp_path, run_cli, params, note):
    import nbformat

    from rdanalysis.exhibits import MIME

    out = tmp_path / "out"
    code, _, err = run_cli(
        "report", "--notebook", "07_china_by_province", *params, "--out", str(out)
    )
    assert code == 0, err
    (executed,) = out.glob("*/china-by-province*.ipynb")
    exhibits = [
        o["data"][MIME]
        for cell in nbformat.read(executed, as_version=4).cells
        for o in cell.get("outputs", [])
        if MIME in o.get("data", {})
    ]
    (chart,) = [e for e in exhibits if e["title"].startswith("各省份R&D经费投入强度")]
    assert note in chart["note"] and len(chart["rows"]) == 34
    shown = {row[0]: row[1] for row in chart["rows"]}
    assert shown["台湾省"] is None and shown["北京市"] > 5  # Beijing's 6.7 % in 2023
