"""One language at a time: the catalog of report text (resources/text.yml) has every message in
both languages with the same placeholders, English text holds no Chinese, names follow the
language, and charts drawn in English carry no Chinese outside their source line."""

from __future__ import annotations

import re
import string

import pytest

from rdanalysis import reference
from rdanalysis.errors import RDAnalysisError
from rdanalysis.text import i18n, labels

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


@pytest.mark.parametrize("message", sorted(reference.messages()))
def test_every_message_has_both_languages_with_the_same_placeholders(message):
    entry = reference.messages()[message]
    assert set(entry) == set(i18n.LANGS), message
    assert _fields(entry["zh"]) == _fields(entry["en"]), message
    assert not CJK.search(entry["en"]), f"{message}: Chinese in the English text"


def test_a_message_is_filled_in_the_language_asked_for():
    values = {"end": 2024, "first": "A", "first_pct": 1.234, "last": "B", "last_pct": 0.2}
    values |= {"n": 9, "reached": 2, "target": 1.0}
    assert i18n.t("read.league", "zh", **values).startswith("2024年强度最高的是A(1.23%)")
    assert i18n.t("read.league", "en", **values).startswith("In 2024 the highest intensity")
    with pytest.raises(RDAnalysisError, match="parameter 'lang' = 'fr'"):
        i18n.t("read.league", "fr", **values)


def test_names_follow_the_language():
    assert i18n.region("科尔沁区", "en") == "Horqin District"
    assert i18n.region("科尔沁区", "zh") == "科尔沁区"
    assert i18n.part("enterprise", "en") == "Enterprises"
    assert i18n.part("basic", "en") == "Basic research"
    assert i18n.unit("亿元", "en") == "100m yuan"
    assert labels.column_label("rd_expenditure_100m_yuan", "en").endswith("(100m yuan)")
    assert labels.measure_name("gdp", "en") == "GDP"
    for code in reference.sectors():
        assert not CJK.search(reference.part_name(code, "en")), code
    for spec in reference.splits().values():
        for code in spec["parts"]:
            assert not CJK.search(reference.part_name(code, "en")), code
    for code in reference.measures():
        assert not CJK.search(labels.measure_name(code, "en")), code


def test_a_table_in_english_has_english_headers_and_names():
    import pandas as pd

    frame = pd.DataFrame(
        {"region": ["开鲁县"], "sector": ["enterprise"], "status": ["illustrative"], "year": [2024]}
    )
    shown = labels.table(frame, "en").payload()
    text = " ".join([*shown["columns"], *shown["cells"][0]])
    assert "Kailu County" in text and "Enterprises" in text and "Illustrative" in text
    assert not CJK.search(text), text
    assert "开鲁县" in labels.zh(frame).payload()["cells"][0]


def _chart_text(fig) -> list[str]:
    """Every text a figure draws, except the sources in its caption (published titles)."""
    from matplotlib.text import Text

    out = []
    for artist in fig.findobj(Text):
        text = artist.get_text()
        out.append(text.split("Sources:")[0])
    return [t for t in out if t]


def test_a_profile_shows_its_rank_as_a_whole_number_and_names_its_parent_plainly():
    import pandas as pd

    row = pd.Series({"intensity_pct": 3.5412, "rank": 4.0, "contribution_pp": 0.1891})
    shown = dict(labels.profile_row(row, "广东省", "zh").payload()["cells"])
    assert shown["排名"] == "4"
    assert shown["强度(%)"] == "3.54"
    assert shown["对上级地区变化的贡献(百分点)"] == "+0.189"
    # a province's parent is China, a county's Tongliao: the header names neither as 全市
    assert "全市" not in labels.column_label("contribution_pp")
    assert labels.profile_row(row, "广东省", "en").title == "Guangdong"
