"""Charts for the structure analyses: plan shares, LMDI waterfall, chained effects, counties."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from rdanalysis import reference
from rdanalysis.plots.style import PALETTE, SECTOR_COLORS, caption, setup, target_line

FACTOR_NAMES = {"gdp": "GDP分母效应", "structure": "结构效应(GDP占比变化)", "intensity": "强度效应"}


def sector_label(code: str) -> str:
    """A part's Chinese name: performing sector, source of funds or type of activity."""
    return reference.part_name(code)


def unit_label(unit: str, factor: str) -> str:
    if factor == "spending":
        return f"{sector_label(unit)} 经费效应"
    return FACTOR_NAMES.get(factor, factor) if unit in ("GDP", "") else f"{unit} {factor}"


def plan_share_chart(
    shares: pd.DataFrame, region: str, reading: str = "", sources: str = ""
) -> Figure:
    """One panel per plan structure indicator: share by year against its target line."""
    setup()
    keys = list(dict.fromkeys(shares["indicator"]))
    fig, axes = plt.subplots(1, len(keys), figsize=(5 * len(keys), 4), squeeze=False)
    for ax, key in zip(axes[0], keys, strict=True):
        s = shares[shares["indicator"] == key]
        ax.plot(s["year"], s["value_pct"], marker="o", color=PALETTE["real"])
        target = float(s["target_pct"].iloc[0])
        target_line(ax, target, f"目标 ≥{target:g}%", s["year"].min())
        ax.set_title(f"{region} {s['label'].iloc[0]}")
        ax.set_xlabel("年份")
        ax.set_ylabel("占全社会R&D经费比重(%)")
        top = max(target, s["value_pct"].max())
        ax.set_ylim(0, top * 1.2)
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    return caption(fig, reading, sources, width=110)


def waterfall(dec, title: str, reading: str = "", sources: str = "") -> Figure:
    """Intensity at the start, each effect as a rising/falling step, intensity at the end (pp)."""
    setup()
    eff = dec.effects[dec.effects["effect_pp"].abs() > 0]
    labels = [f"{dec.start}年"] + [
        unit_label(u, f) for u, f in zip(eff["unit"], eff["factor"], strict=True)
    ]
    labels.append(f"{dec.end}年")
    fig, ax = plt.subplots(figsize=(max(7, 1.1 * len(labels)), 4.5))
    level = dec.intensity_start
    peak = level
    ax.bar(0, level, color=PALETTE["comparator"])
    for i, value in enumerate(eff["effect_pp"], start=1):
        peak = max(peak, level + max(value, 0))
        color = "#2e7d32" if value >= 0 else "#c62828"
        ax.bar(i, value, bottom=level, color=color)
        ax.annotate(
            f"{value:+.3f}",
            (i, level + max(value, 0)),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )
        level += value
    ax.bar(len(labels) - 1, dec.intensity_end, color=PALETTE["real"])
    for i, v in ((0, dec.intensity_start), (len(labels) - 1, dec.intensity_end)):
        ax.annotate(
            f"{v:.3f}", (i, v), xytext=(0, 2), textcoords="offset points", ha="center", fontsize=8
        )
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.set_ylim(0, max(peak, dec.intensity_end) * 1.15)
    ax.set_ylabel("R&D经费 / GDP(%,各项为百分点)")
    ax.set_title(title)
    return caption(fig, reading, sources, width=100)


def chained_chart(
    chained: pd.DataFrame, title: str, reading: str = "", sources: str = ""
) -> Figure:
    """Stacked effects for each pair of consecutive years, with the net change as a marker."""
    setup()
    chained = chained.assign(
        label=[unit_label(u, f) for u, f in zip(chained["unit"], chained["factor"], strict=True)]
    )
    wide = chained.pivot_table(index="end", columns="label", values="effect_pp", aggfunc="sum")
    fig, ax = plt.subplots(figsize=(9, 4.5))
    pos = np.zeros(len(wide))
    neg = np.zeros(len(wide))
    cmap = plt.get_cmap("tab10")
    for k, col in enumerate(wide.columns):
        v = wide[col].fillna(0).to_numpy()
        base = np.where(v >= 0, pos, neg)
        ax.bar(wide.index, v, bottom=base, label=col, color=cmap(k % 10))
        pos += np.where(v >= 0, v, 0)
        neg += np.where(v < 0, v, 0)
    ax.plot(wide.index, wide.sum(axis=1), "k_", markersize=18, mew=2, label="净变化")
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xlabel("年份(与上年相比)")
    ax.set_ylabel("强度变化(百分点)")
    ax.set_title(title)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.legend(fontsize=7, ncols=3, loc="upper left")
    return caption(fig, reading, sources, width=100)


def county_effects_chart(
    dec, title: str, reading: str = "", sources: str = "", parent: str = "全市"
) -> Figure:
    """Horizontal bars: each child region's structure and intensity effect (pp)."""
    setup()
    wide = dec.effects.pivot(index="unit", columns="factor", values="effect_pp")
    wide = wide.loc[wide.sum(axis=1).sort_values().index]
    fig, ax = plt.subplots(figsize=(8, max(4.8, 0.28 * len(wide))))
    y = np.arange(len(wide))
    ax.barh(y - 0.2, wide["intensity"], height=0.4, color=PALETTE["real"], label="强度效应")
    ax.barh(
        y + 0.2,
        wide["structure"],
        height=0.4,
        color=PALETTE["illustrative"],
        label="结构效应(GDP占比变化)",
    )
    ax.set_yticks(y, wide.index)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel(f"对{parent}强度变化的贡献(百分点)")
    ax.set_title(title)
    ax.legend(fontsize=8, loc="lower right")
    return caption(fig, reading, sources, width=90)


def sector_stack(
    matrix: pd.DataFrame,
    title: str,
    reading: str = "",
    sources: str = "",
    illustrative: bool = False,
) -> Figure:
    """Stacked bars of R&D spending (亿元) by performing sector per year."""
    setup()
    parts = matrix.drop(columns="total", errors="ignore")
    fig, ax = plt.subplots(figsize=(9, 4.2))
    bottom = np.zeros(len(parts))
    for col in parts.columns:
        v = parts[col].fillna(0).to_numpy()
        ax.bar(
            parts.index,
            v,
            bottom=bottom,
            color=SECTOR_COLORS.get(col, "#999999"),
            label=sector_label(col),
            hatch="//" if illustrative else None,
            edgecolor="white" if illustrative else None,
        )
        bottom += v
    ax.set_xlabel("年份")
    ax.set_ylabel("R&D经费(亿元,现价)")
    ax.set_title(title + ("(示例数据,非真实)" if illustrative else ""))
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.legend(fontsize=8, ncols=3, loc="upper left")
    return caption(fig, reading, sources, width=100)


def county_vs_city(
    county: pd.DataFrame,
    city: pd.DataFrame,
    name: str,
    target_pct: float,
    reading: str = "",
    sources: str = "",
    parent: str = reference.CITY,
) -> Figure:
    """A county's intensity against its parent's and the target, by year (%)."""
    setup()
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(
        city["year"],
        city["rd_intensity_pct"],
        color=PALETTE["comparator"],
        marker="o",
        label=parent,
    )
    ax.plot(
        county["year"], county["rd_intensity_pct"], color=PALETTE["real"], marker="o", label=name
    )
    ax.axhline(target_pct, color=PALETTE["target"], ls="--", lw=1, label=f"目标 {target_pct:g}%")
    ax.set_xlabel("年份")
    ax.set_ylabel("R&D经费 / GDP(%)")
    ax.set_ylim(0, max(target_pct, county["rd_intensity_pct"].max()) * 1.15)
    ax.set_title(f"{name}与{parent}的R&D经费投入强度")
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.legend(fontsize=8)
    return caption(fig, reading, sources, width=90)
