"""Chinese labels, with units, for the tables the reports show; coded values in words."""

from __future__ import annotations

import pandas as pd

from rdanalysis import reference


def column_label(name: str, lang: str = "zh") -> str:
    """The header of column ``name``: its label in ``lang`` with the unit, from columns.yml."""
    entry = reference.columns()[name]
    text = entry[lang]
    return f"{text}({entry['unit']})" if entry.get("unit") else text


#: Chinese headers (with units) of every registered column.
COLUMNS = {name: column_label(name) for name in reference.columns()}
STATUS = {
    "verbatim": "公开数据(原文)",
    "derived": "由公开数据推算",
    "illustrative": "示例数据(非真实)",
    "user": "用户提供",
    "real": "真实数据",
}
FACTORS = {
    "activity": "规模效应(GDP)",
    "spending": "经费效应",
    "gdp": "GDP分母效应",
    "structure": "结构效应",
    "intensity": "强度效应",
}
#: Measure code -> its Chinese name (measures.yml).
MEASURES = {code: m["label"] for code, m in reference.measures().items()}
METHODS = {
    "bayes": "贝叶斯漂移(默认)",
    "combination": "组合(朴素+漂移+ARIMA)",
    "naive": "朴素",
    "drift": "漂移",
    "ets": "阻尼趋势ETS",
    "arima": "ARIMA",
    "loglinear": "对数线性趋势",
    "select": "按回测选择",
    "computed": "计算值",
}


def _parts() -> dict:
    """Every part code of every split (performing sector, source of funds, activity) in words."""
    parts = {k: v for spec in reference.splits().values() for k, v in spec["parts"].items()}
    return {**reference.sectors(), **parts, "GDP": "GDP"}


def _values(column: str) -> dict:
    if column in ("sector", "unit_sector", "part"):
        return _parts()
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
            mapping = _parts()
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


def data_dictionary() -> str:
    """The data dictionary page (docs/data-dictionary.md), generated from columns.yml."""
    from_tables: dict[str, list[str]] = {}
    for table, spec in reference.tables().items():
        for c in spec["columns"]:
            from_tables.setdefault(c, []).append(table)
    lines = [
        "# Data dictionary",
        "",
        "Generated from `src/rdanalysis/resources/columns.yml` by `rdanalysis data dictionary`;",
        "a test fails when this page and the registry disagree. Units are in the column names",
        "too (`_100m_yuan` = 亿元, `_10k_yuan` = 万元, `_10k` = 万, `_pct` = %,",
        "`_pp` = percentage points).",
        "",
        "| column | 中文 | English | unit | type | tables | checks | description |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, e in reference.columns().items():
        checks = "; ".join(f"{k} {v}" for k, v in (e.get("checks") or {}).items())
        lines.append(
            f"| `{name}` | {e['zh']} | {e['en']} | {e.get('unit', '')} | {e.get('dtype', '')} "
            f"| {', '.join(from_tables.get(name, [])) or '(results)'} | {checks} "
            f"| {e.get('description', '')} |"
        )
    return "\n".join(lines) + "\n"
