"""What a report says it cannot show (text/missing), in one language at a time: a Chinese report
says it in Chinese only, an English report in English only (region names without an English
form stay as written), and each sentence keeps what is missing, what the analysis needs and the
years found."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from rdanalysis import reference
from rdanalysis.analysis import missing as missing_data
from rdanalysis.analysis.missing import Missing
from rdanalysis.text import missing
from rdanalysis.text.overview import describe_bounds

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
#: A region a user declared in regions.csv without an English name: it stays as written.
USER_REGION = "示例新区"

#: Every kind of gap a view reports (the views of analysis.views build these).
CASES = {
    "trajectory-none": Missing("trajectory", reference.CITY, ("rd_total", "gdp"), (), 5),
    "trajectory-short": Missing("trajectory", "科尔沁区", ("rd_total",), (2021, 2022), 5),
    "trajectory-user": Missing("trajectory", USER_REGION, ("gdp",), (), 5),
    "split": Missing("split", reference.CITY, ("rd_by_sector",), (2022,), split="sector"),
    "split-gdp": Missing("split", "开鲁县", ("gdp",), (2022, 2023), split="funding"),
    "split-activity": Missing("split", USER_REGION, ("rd_by_activity",), (), split="activity"),
    "subregions-rd": Missing("subregions", reference.CITY, ("rd_by_child",), ()),
    "subregions-gdp": Missing(
        "subregions", reference.CITY, ("gdp_by_child",), (2022,), lacking=("开鲁县", "库伦旗")
    ),
    "subregions-some": Missing("subregions", reference.COUNTRY, ("gdp_by_child",), (2023,)),
    "subregions-rd-years": Missing(
        "subregions", reference.CITY, ("rd_by_child",), (2022,), lacking=("开鲁县", "库伦旗")
    ),
    "subregions-user": Missing(
        "subregions", USER_REGION, ("gdp_by_child",), (), lacking=(USER_REGION + "甲",)
    ),
}


def _english_words(text: str) -> list[str]:
    """Latin words in a Chinese sentence, apart from the acronyms Chinese statistics use."""
    return re.findall(r"[A-Za-z]+", text.replace("R&D", "").replace("GDP", ""))


def _sentences(lang: str) -> dict[str, str]:
    out = {name: missing.sentence(m, lang) for name, m in CASES.items()}
    out["unreported"] = missing.unreported(("开鲁县", "库伦旗"), reference.CITY, 2019, 2023, lang)
    out["unreported-user"] = missing.unreported((USER_REGION,), USER_REGION, 2019, 2023, lang)
    out["no-series"] = missing.no_series("奈曼旗", lang)
    out["no-series-user"] = missing.no_series(USER_REGION, lang)
    return out


@pytest.mark.parametrize("name", [*CASES, "unreported", "no-series"])
def test_a_chinese_report_says_what_is_missing_in_chinese_only(name):
    text = _sentences("zh")[name]
    assert CJK.search(text) and not _english_words(text), text


@pytest.mark.parametrize("name", [*CASES, "unreported", "unreported-user", "no-series"])
def test_an_english_report_says_what_is_missing_in_english_only(name):
    text = _sentences("en")[name]
    # a user's region without an English name is quoted as written, nothing else is Chinese
    names = (USER_REGION + "甲", USER_REGION)
    assert not CJK.search(re.sub("|".join(names), "", text)), text
    assert re.search(r"\b(needs?|No|counted)\b", text), text


def test_an_english_sentence_names_regions_and_parts_in_english():
    en = _sentences("en")
    assert en["trajectory-none"].markdown.startswith(
        "**No total R&D spending and GDP supplied for Tongliao"
    )
    assert "Horqin District" in en["trajectory-short"]
    assert "Enterprises" in en["split"] and "performing sector" in en["split"]
    assert "Basic research" in en["split-activity"] and USER_REGION in en["split-activity"]
    assert "Kailu County" in en["subregions-gdp"] and "Hure Banner" in en["subregions-gdp"]
    assert "some provinces" in en["subregions-some"]
    assert "Kailu County, Hure Banner" in en["unreported"] and "Naiman Banner" in en["no-series"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_sentence_keeps_what_is_missing_what_is_needed_and_the_years_found(lang):
    said = _sentences(lang)
    years = {"zh": "2021、2022年", "en": "2021, 2022"}[lang]
    assert years in said["trajectory-short"]
    assert "5" in said["trajectory-short"] and "2" in said["trajectory-short"]  # needs 5, has 2
    none = {"zh": "(现有:无)", "en": "(found: none)"}[lang]
    assert none in said["trajectory-none"] and "5" in said["trajectory-none"]
    needs = {"zh": ("R&D经费合计", "地区生产总值"), "en": ("total R&D spending", "GDP")}[lang]
    assert all(word in said["trajectory-none"] for word in needs)
    assert {"zh": "地区生产总值", "en": "GDP"}[lang] in said["trajectory-user"]
    assert {"zh": "2022年", "en": "2022"}[lang] in said["split"]
    assert {"zh": "2022、2023年", "en": "2022, 2023"}[lang] in said["split-gdp"]
    assert {"zh": "2019年或2023年", "en": "2019 or 2023"}[lang] in said["unreported"]


def test_the_chinese_sentences_keep_the_words_the_partial_data_reports_are_checked_for():
    zh = _sentences("zh")
    assert zh["trajectory-none"].markdown.startswith("**未提供通辽市的R&D经费合计")
    assert "未提供通辽市分执行主体数据" in zh["split"]
    assert "未提供分旗县市区数据" in zh["subregions-rd"]
    assert "未提供开鲁县、库伦旗的R&D经费" in zh["unreported"] and "按0计" in zh["unreported"]
    assert "部分省份没有地区生产总值" in zh["subregions-some"]


def test_no_sub_region_left_out_says_nothing():
    assert missing.unreported((), reference.CITY, 2019, 2023, "en") == ""


def test_sub_regions_short_of_r_and_d_years_are_said_to_lack_r_and_d():
    zh, en = _sentences("zh")["subregions-rd-years"], _sentences("en")["subregions-rd-years"]
    assert zh.markdown.startswith("**旗县市区的R&D经费只有2022年:**") and "地区生产总值:" not in zh
    assert "(开鲁县、库伦旗没有R&D经费)" in zh
    assert en.markdown.startswith("**R&D spending by banner/county only for 2022:**")
    assert "(no R&D spending for Kailu County, Hure Banner)" in en


#: R&D (亿元) of two of Tongliao's units in one year; GDP (亿元) of every unit in three years.
ONE_YEAR_OF_RD = pd.DataFrame({2022: [2.0, 0.5]}, index=["科尔沁区", "开鲁县"])
UNITS = reference.counties()
GDP_EVERY_UNIT = pd.DataFrame({y: [100.0] * len(UNITS) for y in (2021, 2022, 2023)}, index=UNITS)


def test_a_decomposition_short_of_r_and_d_years_names_r_and_d_not_gdp():
    gap = missing_data.subregions(reference.CITY, UNITS, ONE_YEAR_OF_RD, GDP_EVERY_UNIT, [2022])
    assert (gap.needs, gap.years) == (("rd_by_child",), (2022,))
    assert set(gap.lacking) == set(UNITS) - {"科尔沁区", "开鲁县"}
    said = missing.sentence(gap)
    assert "没有地区生产总值" not in said and "没有R&D经费" in said


def test_a_decomposition_short_of_gdp_names_the_units_without_gdp_in_r_and_d_years():
    rd = pd.DataFrame({2021: [2.0, 0.5], 2022: [2.1, 0.6]}, index=["科尔沁区", "开鲁县"])
    gdp = GDP_EVERY_UNIT.copy()
    gdp.loc["库伦旗", 2022] = float("nan")  # GDP in 2021 and 2023 only
    gap = missing_data.subregions(reference.CITY, UNITS, rd, gdp, [2021])
    assert (gap.needs, gap.years, gap.lacking) == (("gdp_by_child",), (2021,), ("库伦旗",))
    assert missing.sentence(gap).markdown.startswith("**库伦旗没有地区生产总值:**")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bounds_without_values_are_said_to_be_unchecked_not_to_hold(lang):
    table = pd.DataFrame(
        {
            "region": [reference.CITY] * 3,
            "year": [2015, 2015, 2022],
            "measure": ["rd_expenditure", "rd_intensity", "rd_expenditure"],
            "value": [float("nan"), float("nan"), 8.9],
            "holds": [None, None, True],
        }
    )
    said = describe_bounds(table, lang)
    if lang == "zh":
        assert "全部满足" not in said
        assert said.markdown.startswith(
            "1个公开上限满足。**2个公开上限无法核对:没有通辽市2015年R\\&D经费"
        )
    else:
        assert "All" not in said
        assert "2 published bound(s) could not be checked: no value for Tongliao 2015" in said
