"""Table headers, with units, for the tables the reports show (in the report's language); coded
values in words."""

from __future__ import annotations

import pandas as pd

from rdanalysis import reference
from rdanalysis.text.i18n import has, part, region, t, unit


def column_label(name: str, lang: str = "zh") -> str:
    """The header of column ``name``: its label in ``lang`` with the unit, from columns.yml."""
    entry = reference.columns()[name]
    text = entry[lang]
    if not entry.get("unit"):
        return text
    return f"{text}({entry['unit']})" if lang == "zh" else f"{text} ({unit(entry['unit'], lang)})"


#: Chinese headers (with units) of every registered column.
COLUMNS = {name: column_label(name) for name in reference.columns()}
_STATUSES = ("verbatim", "derived", "illustrative", "user", "real")
_FACTORS = ("activity", "spending", "gdp", "structure", "intensity")
_METHODS = (
    "bayes",
    "combination",
    "naive",
    "drift",
    "ets",
    "arima",
    "loglinear",
    "select",
    "computed",
)
STATUS = {k: t(f"status.{k}") for k in _STATUSES}
FACTORS = {k: t(f"factor.{k}") for k in _FACTORS}
#: Measure code -> its Chinese name (measures.yml).
MEASURES = {code: m["label"] for code, m in reference.measures().items()}
METHODS = {k: t(f"method.{k}") for k in _METHODS}


def method_name(code: str, lang: str = "zh") -> str:
    """A forecast method's name in ``lang`` (the code itself when it has none)."""
    return t(f"method.{code}", lang) if code in _METHODS else code


def measure_name(code: str, lang: str = "zh") -> str:
    """A measure's name in ``lang`` (measures.yml: label, en)."""
    m = reference.measures().get(code)
    if m is None:
        return code
    return m["label"] if lang == "zh" else m.get("en", m["label"])


def _parts(lang: str) -> dict:
    """Every part code of every split (performing sector, source of funds, activity) in words."""
    codes = [k for spec in reference.splits().values() for k in spec["parts"]]
    return {**{c: part(c, lang) for c in [*reference.sectors(), *codes]}, "GDP": "GDP"}


def _values(column: str, lang: str) -> dict:
    if column in ("sector", "unit_sector", "part"):
        return _parts(lang)
    if column in ("status", "gdp_status"):
        return {k: t(f"status.{k}", lang) for k in _STATUSES}
    if column == "factor":
        return {k: t(f"factor.{k}", lang) for k in _FACTORS}
    if column == "measure":
        return {k: measure_name(k, lang) for k in reference.measures()}
    if column == "method":
        return {k: method_name(k, lang) for k in _METHODS}
    return {}


def _regions(out: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Names in English (regions, units, plan categories, the illustrative source's label) in
    the index and the columns that hold them, when ``lang`` is en."""
    for col in ("region", "unit", "county", "parent"):
        if col in out.columns and not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(lambda v: _word(unit(region(v, lang), lang), lang))
    if {"indicator", "label"} <= set(out.columns):  # plan structure targets
        categories = reference.plan_categories()
        pairs = zip(out["indicator"], out["label"], strict=True)
        out["label"] = [categories.get(k, {}).get("en", v) for k, v in pairs]
    if {"categories", "note"} <= set(out.columns):  # plan structure targets' notes
        out["note"] = out["categories"].map(lambda c: hospital_note(c, lang))
    if "source" in out.columns:
        label = t("source.illustrative")
        out["source"] = out["source"].map(
            lambda v: v.replace(label, t("source.illustrative", lang)) if isinstance(v, str) else v
        )
    if not pd.api.types.is_numeric_dtype(out.index):
        out.index = out.index.map(lambda v: _word(region(v, lang), lang))
    return out


def _word(value, lang: str):
    """A value the tables write in words (合计, 其他(合并)) in ``lang``."""
    return t(f"value.{value}", lang) if isinstance(value, str) and has(f"value.{value}") else value


def table(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """``frame`` with column labels in ``lang`` (units included) and coded values in words."""
    out = frame.copy()
    for col in out.columns:
        mapping = _values(col, lang)
        if col == "unit" and "factor" in out.columns:
            mapping = _parts(lang)
        if mapping:
            out[col] = out[col].map(lambda v, m=mapping: m.get(v, v))
    if lang != "zh":
        out = _regions(out, lang)
    names = {name: column_label(name, lang) for name in reference.columns()}
    if out.index.name in names:
        out.index.name = names[out.index.name]
    if "method" in out.columns and out["method"].astype(str).str.startswith("published").any():
        published = t("method.published", lang)
        out["method"] = out["method"].astype(str).str.replace("published:", published, regex=False)
    if "factor" in out.columns:  # in effects tables 'unit' is the sector or county, not a unit
        names["unit"] = t("word.effect_unit", lang)
    out = out.rename(columns={c: names.get(c, c) for c in out.columns})
    if isinstance(out.index, pd.RangeIndex) and len(out.columns) > 1:
        out = out.set_index(out.columns[0])  # a row number means nothing to a reader
    return out


def hospital_note(categories: str, lang: str = "zh") -> str:
    """How hospitals were counted toward a plan structure target when the data list none
    separately (``categories`` of ``decompose.plan_shares``: '...+other×0.3'); '' otherwise."""
    if "other×" not in str(categories):
        return ""
    share = float(str(categories).rsplit("other×", 1)[1])
    return t("read.hospital_note", lang, share=share) + (
        t("read.lower_bound", lang) if share == 0 else ""
    )


def profile_row(row: pd.Series, name: str, digits: int = 3) -> pd.DataFrame:
    """One region's row of a league table as a one-row frame for display: numbers rounded to
    ``digits``, the rank a whole number (not 4.000)."""
    values = {
        k: int(v)
        if k == "rank" and pd.notna(v)
        else round(v, digits)
        if isinstance(v, float)
        else v
        for k, v in row.items()
    }
    return pd.DataFrame([values], index=pd.Index([name], name=row.index.name), dtype=object)


def zh(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with Chinese column labels (units included) and coded values in words."""
    return table(frame, "zh")


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
