"""Tables in the reports carry Chinese labels with units and coded values in words."""

from __future__ import annotations

import pandas as pd

from rdanalysis.text import labels


def test_columns_get_chinese_labels_with_units_and_values_in_words():
    frame = pd.DataFrame(
        {
            "year": [2023],
            "sector": ["enterprise"],
            "status": ["illustrative"],
            "rd_expenditure_100m_yuan": [8.2],
        }
    )
    out = labels.zh(frame)
    assert list(out.columns) == ["执行主体", "数据状态", "R&D经费(亿元)"]
    assert out.index.name == "年份"  # a row number means nothing: the first column leads
    assert out.iloc[0].tolist() == ["企业", "示例数据(非真实)", 8.2]


def test_effects_table_names_sectors_and_factors():
    frame = pd.DataFrame(
        {"factor": ["spending", "gdp"], "unit": ["hospital", "GDP"], "effect_pp": [0.01, -0.02]}
    )
    out = labels.zh(frame)
    assert list(out.index) == ["经费效应", "GDP分母效应"]
    assert list(out["执行主体/地区"]) == ["医疗卫生机构", "GDP"]
