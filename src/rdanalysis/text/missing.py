"""What a report cannot show, in words: the analysis, the data it needs and what was found
(from an ``analysis.missing.Missing`` record), Chinese then English."""

from __future__ import annotations

from rdanalysis import reference
from rdanalysis.analysis.missing import Missing

#: What each data code is, in Chinese and English.
DATA_ZH = {
    "rd_total": "R&D经费合计(执行主体=合计)",
    "gdp": "地区生产总值",
    "rd_by_child": "R&D经费(执行主体=合计)",
    "gdp_by_child": "地区生产总值",
}
DATA_EN = {
    "rd_total": "total R&D spending",
    "gdp": "GDP",
    "rd_by_child": "R&D spending",
    "gdp_by_child": "GDP",
}


def children_word(parent: str) -> tuple[str, str]:
    """What a parent's sub-regions are called: 旗县市区 / 省份 / 下级地区 (and in English)."""
    if parent == reference.CITY:
        return "旗县市区", "banner/county"
    if parent == reference.COUNTRY:
        return "省份", "province"
    return "下级地区", "sub-region"


def _found(years: tuple[int, ...]) -> str:
    return "、".join(map(str, years)) + "年" if years else "无"


def sentence(m: Missing) -> str:
    """One paragraph: what is missing, what the analysis needs, which years were found."""
    if m.analysis == "trajectory":
        return _trajectory(m)
    if m.analysis == "split":
        return _split(m)
    return _subregions(m)


def _trajectory(m: Missing) -> str:
    what = "、".join(DATA_ZH[n] for n in m.needs)
    what_en = " and ".join(DATA_EN[n] for n in m.needs)
    if m.years:
        head = f"{m.region}的R&D经费投入强度只有{_found(m.years)}连续可用"
        head_en = f"Only {len(m.years)} consecutive year(s) of R&D intensity for {m.region}"
    else:
        head, head_en = f"未提供{m.region}的{what}", f"No {what_en} for {m.region}"
    return (
        f"**{head}:**R&D经费投入强度的轨迹、预测、回测和所需增速需要{m.region}的R&D经费合计"
        f"和地区生产总值(或公布的强度),至少连续{m.minimum}年(现有:{_found(m.years)})。"
        f"本报告以下各节因此不显示。 {head_en}: the trajectory and forecast need its R&D "
        f"spending and GDP for at least {m.minimum} consecutive years."
    )


def _split(m: Missing) -> str:
    spec = reference.splits()[m.split]
    label, en = spec["label"], spec["en"]
    parts = "、".join(spec["parts"].values())
    if "gdp" in m.needs:
        return (
            f"**{m.region}分{label}的R&D经费与地区生产总值重合不足两年:**分{label}分解需要同一"
            f"年份的{m.region}地区生产总值(有分{label}数据的年份:{_found(m.years)})。 "
            f"R&D by {en} and GDP overlap in fewer than two years for {m.region}."
        )
    return (
        f"**未提供{m.region}分{label}数据:**分{label}分解需要{m.region}按{label}({parts})"
        f"分的R&D经费,至少两年(现有:{_found(m.years)});本节以下的结构、分解和贡献率因此不显示。"
        f" No split by {en} supplied: the {en} decomposition needs {m.region}'s R&D by {en} for"
        " at least two years."
    )


def _subregions(m: Missing) -> str:
    zh, en = children_word(m.region)
    if "rd_by_child" in m.needs:
        return (
            f"**未提供分{zh}数据:**分{zh}分解需要{m.region}各{zh}的R&D经费(执行主体=合计)和"
            f"地区生产总值,至少两年;排名表、地图和分解因此不显示。 No {en} split supplied: the "
            f"decomposition over each {en} needs R&D spending by {en}."
        )
    lacking = "、".join(m.lacking) or "部分" + zh
    return (
        f"**{lacking}没有地区生产总值:**分{zh}分解需要每个{zh}同一年份的地区生产总值和R&D经费,"
        f"至少两年(同时具备的年份:{_found(m.years)});排名表、地图和分解因此不显示。 The "
        f"decomposition over {m.region}'s sub-regions needs every {en}'s GDP in the years of R&D."
    )


def unreported(names: tuple[str, ...], parent: str, start: int, end: int) -> str:
    """The sub-regions without R&D in the start or end year, counted as 0 ('' if none)."""
    if not names:
        return ""
    zh, en = children_word(parent)
    return (
        f"> **未提供{'、'.join(names)}的R&D经费**({start}年或{end}年),排名表和分解中按0计;"
        f"分{zh}分解需要各{zh}的R&D经费。 No R&D spending supplied for {len(names)} {en}(s); "
        "counted as 0."
    )


def no_series(name: str) -> str:
    """A region without an intensity series (its chart is not drawn)."""
    return (
        f"**未提供{name}的R&D经费投入强度数据:**强度走势图需要{name}的R&D经费合计和地区生产总值"
        f"(或公布的强度)。 No R&D intensity for {name}: the chart needs its R&D and GDP."
    )
