"""Read the China-by-province panels (data/raw/public/china_province_*.csv) into observations.

These files are tidy tables, not quoted figures: one row per region (GB/T 2260 ``region_code``,
000000 for the national total) and year, each row naming its source (``source``) and the public
repository, commit and path it was read from (``source_ref``). Every figure keeps its vintage:

- ``first_release``: the annual R&D bulletin (全国科技经费投入统计公报), whose intensity uses the
  GDP estimate current at publication;
- ``yearbook_<edition>``: 中国科技统计年鉴 table 1-8 of that edition (the 2024 edition is revised to
  the latest GDP);
- ``yearbook``: R&D intramural expenditure (万元, shown in 亿元) and its splits by source of funds
  and by activity type, from the yearbook;
- ``nbs_latest``: NBS gross regional product, latest vintage.

Which vintage a series uses is decided once, in ``build.select_vintages``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from rdanalysis import reference
from rdanalysis.errors import Problem

FUNDING_PARTS = {
    "合计": "total",
    "政府资金": "government_funds",
    "企业资金": "enterprise_funds",
    "国外资金": "foreign_funds",
    "其他资金": "other_funds",
}
ACTIVITY_PARTS = {
    "合计": "total",
    "基础研究": "basic",
    "应用研究": "applied",
    "试验发展": "experimental",
}
#: One row of a panel file, as read: column name -> text.
Row = Mapping[str, str]
#: 万元 -> 亿元
WAN_PER_YI = 1e4


def is_panel(path: Path) -> bool:
    """True for a panel file (a ``region_code`` column), False for a quoted-figures file."""
    with path.open(encoding="utf-8-sig") as fh:
        return "region_code" in fh.readline().strip().split(",")


def _bulletin(row: Row) -> list[dict]:
    return [
        _obs("rd_expenditure", "total", "first_release", row["rd_expenditure_100m_yuan"], "亿元"),
        _obs("rd_intensity", "total", "first_release", row["rd_intensity_pct"], "%"),
    ]


def _editions(row: Row) -> list[dict]:
    return [
        _obs("rd_intensity", "total", f"yearbook_{row['edition']}", row["rd_intensity_pct"], "%")
    ]


def _gdp(row: Row) -> list[dict]:
    return [_obs("gdp", "total", "nbs_latest", row["gdp_100m_yuan"], "亿元")]


def _split(parts: dict[str, str], measure: str) -> Callable[[Row], list[dict]]:
    def read(row: Row) -> list[dict]:
        part = parts.get(row["item_zh"].strip())
        if part is None:
            raise ValueError(f"item '{row['item_zh']}' (expected one of {', '.join(parts)})")
        if row["unit"].strip() != "万元":
            raise ValueError(f"unit '{row['unit']}' (expected 万元)")
        value = float(row["value"]) / WAN_PER_YI
        out = [_obs(measure, part, "yearbook", value, "亿元", "万元 in the source")]
        if part == "total" and measure == "rd_by_activity":
            # The activity table's 合计 is the yearbook's R&D total (the funding table repeats it
            # to within 1 万元; one copy is enough).
            out.append(
                _obs("rd_expenditure", "total", "yearbook", value, "亿元", "万元 in the source")
            )
        return out

    return read


def _obs(measure: str, sector: str, vintage: str, value, unit: str, note: str = "") -> dict:
    return {
        "measure": measure,
        "sector": sector,
        "vintage": vintage,
        "value": value,
        "unit": unit,
        "note": note,
    }


#: file-name prefix -> reader of one row
READERS: dict[str, Callable[[Row], list[dict]]] = {
    "china_province_rd_bulletin": _bulletin,
    "china_province_rd_intensity_yearbook_editions": _editions,
    "china_province_gdp_nbs": _gdp,
    "china_province_rd_by_activity": _split(ACTIVITY_PARTS, "rd_by_activity"),
    "china_province_rd_by_funding_source": _split(FUNDING_PARTS, "rd_by_funding"),
}


def _reader(path: Path) -> Callable[[Row], list[dict]] | None:
    return next((fn for prefix, fn in READERS.items() if path.name.startswith(prefix)), None)


def observations(path: Path, columns: list[str]) -> tuple[pd.DataFrame, list[Problem]]:
    """Every figure of one panel file as observation rows (``columns``); plus problems."""
    label = f"data/raw/public/{path.name}"
    read = _reader(path)
    if read is None:
        known = ", ".join(READERS)
        return pd.DataFrame(columns=columns), [
            Problem(label, None, None, "no reader for this panel file", f"a name starting {known}")
        ]
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    records, problems = [], []
    for line, row in zip(range(2, len(df) + 2), df.itertuples(index=False), strict=True):
        recs, prob = _records(row._asdict(), read, label, line)
        records.extend(recs)
        problems.extend(prob)
    return pd.DataFrame(records, columns=columns), problems


def _records(row: Row, read, label: str, line: int) -> tuple[list[dict], list[Problem]]:
    region = reference.region_by_code(row["region_code"].strip())
    if region is None:
        return [], [
            Problem(
                label,
                line,
                "region_code",
                f"unknown region code '{row['region_code']}' ({row.get('province_zh', '')})",
                "a GB/T 2260 code in resources/regions.yml",
            )
        ]
    try:
        parts = [p for p in read(row) if p["value"] != ""]
        for p in parts:
            p["value"] = float(p["value"])
    except ValueError as err:
        return [], [Problem(label, line, "value", str(err), "a number in a known unit")]
    return [_full(row, p, region, label, line) for p in parts], []


def _full(row: Row, part: dict, region: str, label: str, line: int) -> dict:
    note = row.get("gdp_vintage_note", "") or row.get("edition_note", "")
    return {
        "region": region,
        "region_level": reference.region_level(region),
        "year": int(row["year"]),
        "period": "",
        "measure": part["measure"],
        "sector": part["sector"],
        "vintage": part["vintage"],
        "basis": "comparable",
        "population_type": "",
        "value": part["value"],
        "unit": part["unit"],
        "status": "verbatim",
        "status_detail": "verbatim" + (f" ({part['note']})" if part["note"] else ""),
        "source": row["source"].strip(),
        "source_url": row["source_ref"].strip(),
        "quote": note.strip(),
        "origin": f"{label}:{line}",
    }
