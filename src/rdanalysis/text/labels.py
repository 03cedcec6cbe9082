"""Table headers, with units, for the tables the reports show (in the report's language); coded
values in words."""

from __future__ import annotations

import pandas as pd

from rdanalysis import reference
from rdanalysis.text.i18n import region, t, unit
from rdanalysis.text.tables import Table, record


def column_label(name: str, lang: str = "zh") -> str:
    """The header of column ``name``: its label in ``lang`` with the unit, from columns.yml."""
    entry = reference.columns()[name]
    text = entry[lang]
    if not entry.get("unit"):
        return text
    return f"{text}({entry['unit']})" if lang == "zh" else f"{text} ({unit(entry['unit'], lang)})"


#: Chinese headers (with units) of every registered column.
COLUMNS = {name: column_label(name) for name in reference.columns()}
#: Measure code -> its Chinese name (measures.yml).
MEASURES = {code: m["label"] for code, m in reference.measures().items()}


def method_name(code: str, lang: str = "zh") -> str:
    """A forecast method's name in ``lang`` (the code itself when it has none)."""
    return t(f"method.{code}", lang) if f"method.{code}" in reference.messages() else code


def measure_name(code: str, lang: str = "zh") -> str:
    """A measure's name in ``lang`` (measures.yml: label, en)."""
    m = reference.measures().get(code)
    if m is None:
        return code
    return m["label"] if lang == "zh" else m.get("en", m["label"])


def table(frame: pd.DataFrame, lang: str = "zh", **options) -> Table:
    """``frame`` as a declared table in ``lang``: each column by its registry spec (label with
    unit, codes in words, decimals, "—" for missing); ``options`` as :class:`Table` takes."""
    return Table(frame, lang, **options)


def hospital_note(categories: str, lang: str = "zh") -> str:
    """How hospitals were counted toward a plan structure target when the data list none
    separately (``categories`` of ``decompose.plan_shares``: '...+other×0.3'); '' otherwise."""
    if "other×" not in str(categories):
        return ""
    share = float(str(categories).rsplit("other×", 1)[1])
    return t("read.hospital_note", lang, share=share) + (
        t("read.lower_bound", lang) if share == 0 else ""
    )


def profile_row(row: pd.Series, name: str, lang: str = "zh") -> Table:
    """One region's row of a league table as a two-column table (item, value), each value by
    its own column's spec."""
    return record({k: v for k, v in row.items()}, lang, title=region(name, lang))


def zh(frame: pd.DataFrame, **options) -> Table:
    """``frame`` as a declared table in Chinese."""
    return table(frame, "zh", **options)


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
