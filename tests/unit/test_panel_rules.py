"""The province panel's rules without the shipped data: codes and aliases of the 31 provinces, the
vintage rule."""

from __future__ import annotations

import pandas as pd

from rdanalysis import reference
from rdanalysis.data import vintages


def test_31_provinces_with_codes_and_the_usual_aliases():
    provinces = reference.children(reference.COUNTRY)
    assert len(provinces) == 31
    codes = [reference.region_code(p) for p in provinces]
    assert len(set(codes)) == 31 and all(len(c) == 6 and c.endswith("0000") for c in codes)
    for alias, name in [
        ("北京", "北京市"),
        ("Beijing", "北京市"),
        ("内蒙古", "内蒙古自治区"),
        ("Inner Mongolia", "内蒙古自治区"),
        ("广西", "广西壮族自治区"),
        ("新疆", "新疆维吾尔自治区"),
    ]:
        assert reference.resolve_region(alias) == name
    assert reference.region_by_code("150000") == "内蒙古自治区"


def test_vintage_rule_picks_one_vintage_and_a_gdp_chain_year_by_year():
    rows = pd.DataFrame(
        {
            "region": ["甲"] * 5,
            "sector": "total",
            "basis": "comparable",
            "year": [2020, 2021, 2020, 2021, 2022],
            "vintage": ["first_release", "first_release", "yearbook_2024", "yearbook_2024", "x"],
        }
    )
    kept = vintages.select(rows, "rd_intensity")
    assert list(kept["vintage"]) == ["yearbook_2024", "yearbook_2024"]
    gdp = rows.assign(vintage=["final", "preliminary", "preliminary", "published", "preliminary"])
    kept = vintages.select(gdp, "gdp").set_index("year")["vintage"]
    # final, else published, else preliminary, year by year (one publication chain)
    assert kept.to_dict() == {2020: "final", 2021: "published", 2022: "preliminary"}
