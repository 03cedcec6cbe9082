"""Regions a user declares beside their data (regions.csv): a parent outside Tongliao, or outside
China, gets every analysis. The example is MADE UP for the test: "Freedonia" is not a real
country and none of its numbers are statistics."""

from __future__ import annotations

from pathlib import Path

import pytest

from rdanalysis import reference
from rdanalysis.analysis import views
from rdanalysis.data import build
from rdanalysis.errors import errors_only

#: made-up test data (not statistics): R&D and GDP (亿元) of Freedonia's two provinces
MADE_UP = {
    ("Freedonia North", 2020): (10.0, 1000.0),
    ("Freedonia North", 2021): (12.0, 1050.0),
    ("Freedonia North", 2022): (15.0, 1100.0),
    ("Freedonia South", 2020): (5.0, 800.0),
    ("Freedonia South", 2021): (5.5, 900.0),
    ("Freedonia South", 2022): (6.0, 1000.0),
}


def _made_up_folder(folder: Path, regions: list[str]) -> Path:
    folder.mkdir()
    (folder / "regions.csv").write_text("\n".join(regions) + "\n", encoding="utf-8")
    lines = ["region,year,sector,rd_expenditure_100m_yuan,gdp_100m_yuan,source"]
    lines += [
        f"{region},{year},total,{rd},{gdp},made-up test data (not statistics)"
        for (region, year), (rd, gdp) in MADE_UP.items()
    ]
    (folder / "freedonia.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


FREEDONIA = [
    "地区,上级地区,层级,代码,英文名",
    "Freedonia,,国家,FD,Freedonia (made up)",
    "Freedonia North,Freedonia,省,FD-N,",
    "Freedonia South,Freedonia,省,FD-S,",
]


@pytest.fixture
def made_up(tmp_path):
    result = build.collect(_made_up_folder(tmp_path / "user", FREEDONIA), False)
    return tmp_path, result


def test_declared_regions_get_the_region_views(made_up):
    _, result = made_up
    assert errors_only(result.problems) == []
    regions = reference.of(result.tables)  # the hierarchy travels with the tables
    assert regions.children("Freedonia") == ["Freedonia North", "Freedonia South"]
    assert "Freedonia" not in reference.regions()  # nothing outside the tables changed
    v = views.regions.build(result.tables, "Freedonia")
    assert (v.start, v.end) == (2020, 2022)
    # parent = sum of children: (15 + 6) / (1100 + 1000) x 100 = 1.0 %
    assert v.decomposition.intensity_end == pytest.approx(1.0)
    assert abs(v.decomposition.residual) < 1e-12
    assert v.league.loc["Freedonia North", "rank"] == 1
    o = views.outlook.build(result.tables, "Freedonia North", 2.0, 2025)
    assert int(o.last["year"]) == 2022 and o.status == "real"


def test_a_declared_region_that_clashes_with_a_known_one_is_an_error(tmp_path):
    folder = _made_up_folder(
        tmp_path / "user",
        ["name,parent,level", "北京,Freedonia,province", "Freedonia,,country"],
    )
    result = build.collect(folder, False)
    errors = errors_only(result.problems)
    assert any("北京" in str(e) and "already a known region" in str(e) for e in errors)
    assert "Freedonia" not in reference.of(result.tables)  # nothing declared on failure


def test_a_bad_level_names_the_row_and_column(tmp_path):
    folder = _made_up_folder(tmp_path / "user", ["name,parent,level", "Freedonia,,planet"])
    errors = [str(e) for e in errors_only(build.collect(folder, False).problems)]
    assert any("regions.csv:2:level" in e and "'planet'" in e for e in errors)
