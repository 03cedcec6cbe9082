"""Chinese labels, with units, for the tables the reports show; coded values in words."""

from __future__ import annotations

import pandas as pd

from rdanalysis import reference

COLUMNS = {
    "year": "年份",
    "region": "地区",
    "county": "旗县市区",
    "sector": "执行主体",
    "measure": "指标",
    "period": "期间",
    "value": "数值",
    "unit": "单位",
    "status": "数据状态",
    "source": "来源",
    "source_url": "来源网址",
    "years": "年份覆盖",
    "n_real": "真实数值个数",
    "n_illustrative": "示例数值个数",
    "rd_intensity_pct": "R&D经费投入强度(%)",
    "rd_expenditure_100m_yuan": "R&D经费(亿元)",
    "gdp_100m_yuan": "地区生产总值(亿元)",
    "method": "口径/方法",
    "gdp_status": "GDP数据状态",
    "point_pct": "预测中位数(%)",
    "lo80_pct": "80%区间下限(%)",
    "hi80_pct": "80%区间上限(%)",
    "lo95_pct": "95%区间下限(%)",
    "hi95_pct": "95%区间上限(%)",
    "mase_h1": "MASE(1年)",
    "mase_h2": "MASE(2年)",
    "mase_h3": "MASE(3年)",
    "mase_h4": "MASE(4年)",
    "mean_mase": "平均MASE",
    "coverage80": "80%区间覆盖率",
    "coverage95": "95%区间覆盖率",
    "n": "检验次数",
    "gdp_growth_pct": "名义GDP年增速(%)",
    "intensity_growth_pct": "强度所需年增速(%)",
    "rd_growth_pct": "R&D经费所需年增速(%)",
    "linear_pp_per_year": "直线路径(百分点/年)",
    "rd_required_100m_yuan": "目标年所需R&D经费(亿元)",
    "rd_at_recent_growth_100m_yuan": "按近三年增速的R&D经费(亿元)",
    "gap_100m_yuan": "缺口(亿元)",
    "indicator": "指标代码",
    "label": "结构指标",
    "value_pct": "占比(%)",
    "target_pct": "目标(%)",
    "categories": "计入的执行主体",
    "note": "说明",
    "factor": "因素",
    "effect_pp": "效应(百分点)",
    "simple_change_pp": "Xᵢ/Y简单变化(百分点)",
    "change_100m_yuan": "增加额(亿元)",
    "contribution_pct": "贡献率(%)",
    "pull_pp": "拉动(百分点)",
    "total_growth_pct": "总增速(%)",
    "intensity_pct": "强度(%)",
    "change_pp": "强度变化(百分点)",
    "rank": "排名",
    "contribution_pp": "对全市变化的贡献(百分点)",
    "structure_pp": "其中结构效应(百分点)",
    "intensity_effect_pp": "其中强度效应(百分点)",
    "gap_pp": "距目标(百分点)",
    "required_intensity_growth_pct": "强度所需年增速(%)",
    "required_rd_growth_pct": "R&D经费所需年增速(%)",
    "city_growth": "全市增长分量(亿元)",
    "sector_mix": "部门结构分量(亿元)",
    "local_shift": "本地竞争分量(亿元)",
    "enterprises": "企业数(家)",
    "institution_pct": "有研发机构(%)",
    "spending_pct": "有研发投入(%)",
    "activity_pct": "有研发活动(%)",
    "rd_10k_yuan": "R&D经费(万元)",
    "above_threshold": "营收超1亿元企业(家)",
    "zero_rd": "其中无研发投入(家)",
    "zero_rd_revenue_10k_yuan": "无研发投入企业营收(万元)",
    "enterprise_id": "企业代码",
    "enterprise_name": "企业名称",
    "industry": "行业",
    "revenue_10k_yuan": "营业收入(万元)",
    "path": "文件",
    "title": "内容",
    "producer": "发布者",
    "accessed": "获取时间",
    "licence": "许可",
}
STATUS = {
    "verbatim": "公开数据(原文)",
    "derived": "由公开数据推算",
    "illustrative": "示例数据(非真实)",
    "user": "用户提供",
    "real": "真实数据",
}
FACTORS = {
    "spending": "经费效应",
    "gdp": "GDP分母效应",
    "structure": "结构效应",
    "intensity": "强度效应",
}
MEASURES = {
    "rd_expenditure": "R&D经费",
    "rd_intensity": "R&D经费投入强度",
    "gdp": "地区生产总值",
    "population": "人口",
    "valid_invention_patents": "有效发明专利",
    "valid_invention_patents_per_10k": "每万人有效发明专利",
    "high_value_invention_patents": "高价值发明专利",
    "ip_pledge_financing": "知识产权质押融资",
    "patent_grants": "专利授权量",
    "invention_patent_grants": "发明专利授权量",
    "high_tech_enterprises": "高新技术企业",
    "new_high_tech_enterprises": "新认定高新技术企业",
    "tech_smes": "科技型中小企业",
}
METHODS = {
    "combination": "组合(默认)",
    "naive": "朴素",
    "drift": "漂移",
    "ets": "阻尼趋势ETS",
    "arima": "ARIMA",
    "loglinear": "对数线性趋势",
    "select": "按回测选择",
    "computed": "计算值",
}


def _values(column: str) -> dict:
    if column in ("sector", "unit_sector"):
        return {**reference.sectors(), "GDP": "GDP"}
    return {
        "status": STATUS,
        "gdp_status": STATUS,
        "factor": FACTORS,
        "measure": MEASURES,
        "method": METHODS,
    }.get(column, {})


def zh(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with Chinese column labels (units included) and coded values in words."""
    out = frame.copy()
    for col in out.columns:
        mapping = _values(col)
        if col == "unit" and "factor" in out.columns:
            mapping = {**reference.sectors(), "GDP": "GDP"}
        if mapping:
            out[col] = out[col].map(lambda v, m=mapping: m.get(v, v))
    if out.index.name in COLUMNS:
        out.index.name = COLUMNS[out.index.name]
    if "method" in out.columns and out["method"].astype(str).str.startswith("published").any():
        out["method"] = out["method"].astype(str).str.replace("published:", "公开:", regex=False)
    names = dict(COLUMNS)
    if "factor" in out.columns:  # in effects tables 'unit' is the sector or county, not a unit
        names["unit"] = "执行主体/地区"
    out = out.rename(columns={c: names.get(c, c) for c in out.columns})
    if isinstance(out.index, pd.RangeIndex) and len(out.columns) > 1:
        out = out.set_index(out.columns[0])  # a row number means nothing to a reader
    return out
