"""Tables in the reports carry Chinese labels with units and coded values in words."""

from __future__ import annotations

import pandas as pd

from rdanalysis import paths, reference
from rdanalysis.data import schemas
from rdanalysis.text import labels

#: The house rule: a column's name carries its unit.
UNIT_SUFFIXES = {"_100m_yuan": "亿元", "_10k_yuan": "万元", "_10k": "万人", "_pct": "%"}


def test_columns_get_chinese_labels_with_units_and_values_in_words():
    frame = pd.DataFrame(
        {
            "year": [2023],
            "sector": ["enterprise"],
            "status": ["illustrative"],
            "rd_expenditure_100m_yuan": [8.2],
        }
    )
    out = labels.zh(frame).payload()
    assert out["columns"] == ["年份", "执行主体", "数据状态", "R&D经费(亿元)"]
    assert out["stub"]  # a row number means nothing: the first column labels the rows
    assert out["cells"][0] == ["2023", "企业", "示例数据(非真实)", "8.20"]
    assert out["rows"][0] == [2023, "企业", "示例数据(非真实)", 8.2]  # numbers stay numbers


def test_effects_table_names_sectors_and_factors():
    frame = pd.DataFrame(
        {"factor": ["spending", "gdp"], "unit": ["hospital", "GDP"], "effect_pp": [0.01, -0.02]}
    )
    out = labels.zh(frame, rename={"unit": "effect_unit"}).payload()
    assert out["columns"] == ["因素", "执行主体/地区", "效应(百分点)"]
    assert out["cells"] == [
        ["经费效应", "医疗卫生机构", "+0.010"],
        ["GDP分母效应", "GDP", "-0.020"],
    ]


def test_data_dictionary_page_matches_the_column_registry() -> None:
    page = (paths.project_root() / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert page == labels.data_dictionary(), (
        "run: rdanalysis data dictionary > docs/data-dictionary.md"
    )


def test_every_processed_column_is_registered_with_label_and_unit_suffix() -> None:
    registry = reference.columns()
    for table, spec in reference.tables().items():
        for name in spec["columns"]:
            entry = registry[name]
            assert entry["zh"] and entry["en"], (table, name)
            for suffix, unit in UNIT_SUFFIXES.items():
                if name.endswith(suffix):
                    assert entry.get("unit") == unit, (table, name, entry.get("unit"))


def test_schema_checks_come_from_the_registry() -> None:
    bad = pd.DataFrame(
        {
            "region": ["通辽市"],
            "region_level": ["city"],  # not a registered level
            "year": [2022],
            "status": ["verbatim"],
            "source": ["x"],
            "origin": ["f.csv:2"],
            "tier": [2],
            "population_type": ["resident"],
            "population_10k": [-1.0],  # registry: gt 0
        }
    )
    problems = schemas.validate("population", bad)
    assert {p.column for p in problems} == {"region_level", "population_10k"}
