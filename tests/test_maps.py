"""The map uses real boundaries of all eight banners/counties; the zone is marked, not drawn."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd

from rdanalysis import reference
from rdanalysis.plots import maps


def test_boundaries_cover_all_eight_banners_counties():
    shapes = maps.county_boundaries()
    assert set(shapes["county"]) == set(reference.counties()) - {reference.DEV_ZONE}
    assert len(shapes) == 8
    assert shapes.geometry.is_valid.all()
    minx, miny, maxx, maxy = shapes.total_bounds  # Tongliao lies at about 119-124 E, 42-46 N
    assert 118 < minx < maxx < 125 and 41 < miny < maxy < 47


def test_choropleth_labels_every_county_and_the_zone():
    values = pd.Series({name: 0.1 * (i + 1) for i, name in enumerate(reference.counties())})
    fig = maps.choropleth(values, "测试", "R&D经费 / GDP(%)", "解读", "来源")
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    for name in reference.counties():
        if name != reference.DEV_ZONE:
            assert name in texts
    assert "开发区 0.90" in texts
    assert "无独立行政边界" in fig.get_supxlabel()
    plt.close(fig)
