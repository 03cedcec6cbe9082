"""The real regional panels of R&D intensity the forecast borrows strength from and the base rate
counts in: the ``reference_panel`` table.

- ``CN``: China's 31 provinces and the national series, R&D intensity revised to the latest GDP
  (中国科技统计年鉴 2024 edition, vintage ``yearbook_2024``, 2012-2023), taken from the build's
  observations (data/raw/public/china_province_rd_intensity_yearbook_editions.csv);
- ``CA``: Canada's 10 provinces and Canada, GERD as % of GDP (Statistics Canada table
  27-10-0359-01), the 2-decimal vintage of 2022-02-18 (``sdg_e515aacd1``: provinces 2010-2019,
  Canada 2010-2020); the file's later vintage (2023-06-28, 2015-2020) is not used: one vintage per
  series;
- ``KZ``: Kazakhstan's regions and cities and the national series, R&D as % of gross regional
  product (Bureau of National Statistics, SDG 9.5.1), vintage of 2024-09-23, 2010-2023.

Every row keeps its source and origin (file:line). Values that are not a usable intensity are left
out, each for a stated reason (``LEFT_OUT``, ``KZ_BOUNDARY_CHANGES``); a region is never given a
value it did not publish. These regions are not regions of ``regions.yml`` (the analysis of a
region never sees them): the table has its own column ``panel_region``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rdanalysis.errors import Problem

FOLDER = "public/other-regions/"
CANADA_FILE = "canada_provinces_gerd_pct_gdp_sdg951_2dp_two_vintages.csv"
KAZAKHSTAN_FILE = "kazakhstan_regions_rd_intensity_2010_2023.csv"
#: The one Canadian vintage used (2 decimals; the 1-decimal latest release is not shipped:
#: its rounding is as large as most year-to-year changes).
CANADA_VINTAGE = "e515aacd1"
CHINA_VINTAGE = "yearbook_2024"
COLUMNS = [
    "panel",
    "panel_region",
    "is_national",
    "year",
    "vintage",
    "rd_intensity_pct",
    "status",
    "source",
    "source_url",
    "origin",
]
#: (panel, region as the source writes it, year) -> why the value is left out.
LEFT_OUT = {
    ("KZ", "Soltustik Kazakhstan", 2022): (
        "0.42 against 0.02-0.05 in every other year: suspect (the source README flags it)"
    ),
}
#: Kazakh regions that lost territory to a new region in 2022 (Abai, Ulytau, Zhetisu): their
#: values from that year describe another territory, so their series end in 2021.
KZ_BOUNDARY_CHANGES = {"Karagandy": 2022, "Shygys Kazakhstan": 2022, "Almaty": 2022}
KZ_NATIONAL = "Kazakhstan (national)"
CA_NATIONAL = "Canada"
SOURCES = {
    "CA": "Statistics Canada, table 27-10-0359-01 (GERD as a percentage of GDP, by province)",
    "KZ": "Bureau of National Statistics of Kazakhstan, SDG 9.5.1 (R&D expenditure, % of GRP)",
}
URLS = {
    "CA": "sdg-data-canada-odd-donnees/sdg-data-donnees-odd@e515aacd1:data/indicator_9-5-1.csv",
    "KZ": "kazstat/sdg-data-kazstat@ac11899b7:data/indicator_9-5-1.csv",
}


def is_panel_file(path: str) -> bool:
    """True for a manifest path (relative to data/raw) this module reads."""
    return path.startswith(FOLDER)


def _read(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    df["origin"] = [f"data/raw/{FOLDER}{path.name}:{i}" for i in range(2, len(df) + 2)]
    return df


def _rows(df: pd.DataFrame, panel: str, region_col: str, national: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "panel": panel,
            "panel_region": df[region_col].str.strip(),
            "is_national": df[region_col].str.strip() == national,
            "year": pd.to_numeric(df["year"], errors="coerce"),
            "rd_intensity_pct": pd.to_numeric(df["rd_intensity_pct"], errors="coerce"),
            "status": "verbatim",
            "source": SOURCES[panel],
            "source_url": URLS[panel],
            "origin": df["origin"],
        }
    )


def _unreadable(rows: pd.DataFrame) -> list[Problem]:
    bad = rows[rows["year"].isna() | rows["rd_intensity_pct"].isna()]
    problems = []
    for origin in bad["origin"]:
        file, line = origin.rsplit(":", 1)
        problems.append(
            Problem(
                file,
                int(line),
                "rd_intensity_pct",
                "year or value is not a number",
                "a year and an R&D intensity in percent",
            )
        )
    return problems


def canada(folder: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Canada's provinces and Canada, vintage ``CANADA_VINTAGE`` only."""
    df = _read(folder / CANADA_FILE)
    df = df[df["vintage_commit"].str.strip() == CANADA_VINTAGE]
    rows = _rows(df, "CA", "region", CA_NATIONAL)
    rows["vintage"] = "sdg_" + CANADA_VINTAGE
    return rows, _unreadable(rows)


def kazakhstan(folder: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Kazakhstan's regions, cities and national series, every row (``left_out`` says which
    ones the table leaves out)."""
    df = _read(folder / KAZAKHSTAN_FILE)
    rows = _rows(df, "KZ", "region", KZ_NATIONAL)
    rows["vintage"] = "sdg_2024-09-23"
    return rows, _unreadable(rows)


def left_out(rows: pd.DataFrame) -> pd.Series:
    """Why each row is left out ('' when it is kept): no positive value (a region not yet
    created, Atyrau's 0.0 in 2022-2023), a suspect value, or a territory changed."""
    reason = pd.Series("", index=rows.index)
    reason[rows["rd_intensity_pct"] <= 0] = "not a positive intensity (0 published)"
    for i, r in rows.iterrows():
        key = (r["panel"], r["panel_region"], r["year"])
        if key in LEFT_OUT:
            reason[i] = LEFT_OUT[key]
        start = KZ_BOUNDARY_CHANGES.get(r["panel_region"]) if r["panel"] == "KZ" else None
        if start is not None and r["year"] >= start:
            reason[i] = f"territory changed in {start} (a new region was split off)"
    return reason


def china(observations: pd.DataFrame) -> pd.DataFrame:
    """China's provinces and the national series, vintage ``CHINA_VINTAGE``, from the build's
    observations (published figures only; a user's own figures never enter the panel)."""
    o = observations
    o = o[
        (o["measure"] == "rd_intensity")
        & (o["vintage"] == CHINA_VINTAGE)
        & o["region_level"].isin(["province", "country"])
        & o["status"].isin(["verbatim", "derived"])
    ]
    return pd.DataFrame(
        {
            "panel": "CN",
            "panel_region": o["region"],
            "is_national": o["region_level"] == "country",
            "year": o["year"],
            "vintage": o["vintage"],
            "rd_intensity_pct": o["value"],
            "status": o["status"],
            "source": o["source"],
            "source_url": o["source_url"],
            "origin": o["origin"],
        }
    )


def table(observations: pd.DataFrame, raw: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """The ``reference_panel`` table: every panel, one vintage per series, without the values
    left out; plus the problems of reading (a number that is not one)."""
    folder = raw / FOLDER
    ca, p1 = canada(folder)
    kz, p2 = kazakhstan(folder)
    foreign = pd.concat([ca, kz], ignore_index=True).dropna(subset=["year", "rd_intensity_pct"])
    foreign = foreign[left_out(foreign) == ""]
    out = pd.concat([china(observations), foreign], ignore_index=True)
    out = out.astype({"year": int, "rd_intensity_pct": float, "is_national": bool})
    out = out.sort_values(["panel", "is_national", "panel_region", "year"], kind="stable")
    return out[COLUMNS].reset_index(drop=True), p1 + p2
