"""The real series the forecast is developed and tested on (issue 24), and their scoring cases.

Named before any fit (docs/methods.md, "Round 3"): the TEST set is Kazakhstan, held back whole
(its regions and cities and its national series: panel KZ of the ``reference_panel`` table),
scored once after the rule was fixed. DEVELOPMENT: China's 31 provinces and China (panel CN,
2012-2023, yearbook 2024 edition), Canada's 10 provinces and Canada (panel CA, 2010-2019/2020,
vintage of 2022-02-18), and the GERD/GDP of eight countries 1981-2017 (NCSES S4-1,
data/raw/benchmark; the EU-28 aggregate left out: it contains France, Germany and the UK).

Each series is its longest unbroken run. A case is one training window, one horizon: rolling
origins with expanding windows from 3 points, horizons 1-4 (``cases``); the calibration of the
pooled rule also uses sliding windows of 3-6 points (``cases(..., sliding=...)``), the case of a
city with only a few years of data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from rdanalysis import paths
from rdanalysis.analysis import forecast

HORIZON = 4
NCSES_COLUMNS = [
    "United States",
    "EU-28",
    "France",
    "Germany",
    "United Kingdom",
    "China",
    "Japan",
    "South Korea",
    "India",
]
NATIONAL = [c for c in NCSES_COLUMNS if c != "EU-28"]
BENCH = paths.RAW / "benchmark"
TEST_PANELS = ("KZ",)


@dataclass
class Series:
    key: str  # panel:region
    panel: str  # CN, CA, KZ, NCSES
    group: str  # e.g. 'CN regional', 'NCSES national'
    kind: str  # 'regional' or 'national' (the forecast's ``kind``)
    split: str  # 'dev' or 'test'
    values: pd.Series  # index year, intensity %


def longest_run(s: pd.Series) -> pd.Series:
    """The longest run of consecutive years of ``s`` (the latest of equally long ones)."""
    s = s.dropna().sort_index()
    years = s.index.to_numpy()
    best, start = (0, 0), 0
    for i in range(1, len(years) + 1):
        if i == len(years) or years[i] != years[i - 1] + 1:
            if i - start >= best[1] - best[0]:
                best = (start, i)
            start = i
    return s.iloc[best[0] : best[1]]


def national_series() -> dict[str, pd.Series]:
    """NCSES S4-1: GERD/GDP of eight countries (rows in a fixed column order, see manifest)."""
    raw = pd.read_csv(BENCH / "ncses_s4-1_gerd_to_gdp.csv", na_values=["na", "NA"])
    raw["col"] = (raw["row_id"].str[1:].astype(int) - 667) % 9
    out = {}
    for col, name in enumerate(NCSES_COLUMNS):
        if name == "EU-28":
            continue
        out[name] = longest_run(raw[raw["col"] == col].set_index("time_period")["value"])
    return out


def all_series() -> list[Series]:
    """Every development and test series (the test set is KZ, see the module's docstring)."""
    from rdanalysis.data import load

    panel = load.load("reference_panel")
    out = []
    for (name, region, national), rows in panel.groupby(["panel", "panel_region", "is_national"]):
        kind = "national" if national else "regional"
        s = longest_run(rows.set_index("year")["rd_intensity_pct"])
        split = "test" if name in TEST_PANELS else "dev"
        if len(s) > forecast.MIN_POINTS:  # at least one forecast to score
            out.append(Series(f"{name}:{region}", name, f"{name} {kind}", kind, split, s))
    for name, s in national_series().items():
        out.append(Series(f"NCSES:{name}", "NCSES", "NCSES national", "national", "dev", s))
    return out


def _windows(n: int, end: int, sliding: tuple[int, ...] | None) -> list[int]:
    """Start indices of the training windows ending before ``end``."""
    if sliding is None:
        return [0]
    return [end - k for k in sliding if end - k >= 0]


def cases(
    series: list[Series], sliding: tuple[int, ...] | None = None, min_train: int = 3
) -> pd.DataFrame:
    """One row per training window and horizon (1-4): the window's yearly changes of ln
    intensity (count ``n1``, mean ``dbar``, squared deviations ``ss``), its last value, the
    outcome, and the MASE scale (mean absolute yearly change of the window, pp). Expanding
    windows from ``min_train`` points, or with ``sliding`` only windows of those lengths."""
    rows = []
    for s in series:
        v = s.values.to_numpy(float)
        years = s.values.index.to_numpy(int)
        z = np.log(v)
        for end in range(min_train, len(v)):
            for first in _windows(len(v), end, sliding):
                d = np.diff(z[first:end])
                for h in range(1, min(HORIZON, len(v) - end) + 1):
                    rows.append(
                        (
                            s.key,
                            s.panel,
                            s.group,
                            s.kind,
                            s.split,
                            int(years[end - 1]),
                            end - first,
                            h,
                            len(d),
                            d.mean(),
                            ((d - d.mean()) ** 2).sum(),
                            z[end - 1],
                            v[end - 1],
                            z[end - 1 + h],
                            v[end - 1 + h],
                            float(np.mean(np.abs(np.diff(v[first:end])))),
                        )
                    )
    cols = [
        "series",
        "panel",
        "group",
        "kind",
        "split",
        "origin",
        "n",
        "h",
        "n1",
        "dbar",
        "ss",
        "z_last",
        "v_last",
        "z_actual",
        "v_actual",
        "scale",
    ]
    return pd.DataFrame(rows, columns=cols)


def length_class(n: pd.Series) -> pd.Series:
    """Training lengths 3, 4, 5, 6, 7-9, 10+ (the issue's classes)."""
    from rdanalysis.analysis import pooled

    return n.map(pooled.length_class)
