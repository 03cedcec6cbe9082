"""Dashboard graphics: small multiples of every target's trajectory, and the traffic-light table."""

from __future__ import annotations

import math

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from rdanalysis.plots.style import PALETTE, caption, scatter_by_status, setup

LIGHT_COLORS = {
    "achieved": "#2e7d32",
    "on_track": "#2e7d32",
    "at_risk": "#f9a825",
    "off_track": "#c62828",
    "no_data": "#9e9e9e",
}
STATUS_COLORS = {
    "achieved": "#c8e6c9",
    "on_track": "#c8e6c9",
    "at_risk": "#fff3c4",
    "off_track": "#ffcdd2",
    "no_data": "#eeeeee",
}


def small_multiples(
    evals: list, target_year: int, reading: str = "", sources: str = "", ncols: int = 3
) -> Figure:
    """One panel per target: its values by year, the target line, the recent-pace projection."""
    setup()
    nrows = math.ceil(len(evals) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 3.0 * nrows), squeeze=False)
    for ax, ev in zip(axes.flat, evals, strict=False):
        spec, s = ev.spec, ev.series
        ax.set_title(spec["name"], fontsize=10)
        ax.set_ylabel(spec["unit"])
        ax.axhline(spec["target"], color=PALETTE["target"], ls="--", lw=1)
        if s.empty:
            ax.text(0.5, 0.5, "无数据", transform=ax.transAxes, ha="center", va="center")
            continue
        ill = s["status"].eq("illustrative")
        ax.plot(s["year"], s["value"], color=PALETTE["real"], lw=1.2)
        scatter_by_status(ax, s["year"], s["value"], ill, 3, size=16)
        if ev.projected is not None:
            ax.plot(
                [ev.latest_year, target_year],
                [ev.latest, ev.projected],
                ls=":",
                color=PALETTE["comparator"],
            )
        ax.set_facecolor(STATUS_COLORS[ev.status])
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True, nbins=4))
        top = max(float(spec["target"]), float(s["value"].max()), ev.projected or 0)
        ax.set_ylim(0, top * 1.15)
    for ax in list(axes.flat)[len(evals) :]:
        ax.axis("off")
    fig.suptitle(
        "行动方案各项目标:实际值(空心 = 示例数据)、目标线(红)、按近期速度外推(点线)", fontsize=11
    )
    return caption(fig, reading, sources, width=130)


def traffic_light(table: pd.DataFrame):
    """The dashboard table as a styled (coloured) table; status is also written in words."""
    cols = {
        "light": "",
        "target_name": "目标",
        "baseline_year": "基期年",
        "baseline": "基期值",
        "latest_year": "年份",
        "latest": "最新值",
        "target": "目标值",
        "unit": "单位",
        "gap": "差距",
        "recent_pace": "近期速度/年",
        "required_pace": "所需速度/年",
        "probability": "达标概率",
        "status_zh": "状态",
        "reason": "判定依据",
        "responsible": "责任单位",
        "data_status": "数据",
    }
    shown = table[list(cols)].rename(columns=cols)
    colors = table["status"].map(STATUS_COLORS)

    def paint(row: pd.Series) -> list[str]:
        styles = [f"background-color: {colors[row.name]}"] * len(row)
        # The light is a plain ● in the status colour (emoji need a colour-emoji font).
        styles[0] += f"; color: {LIGHT_COLORS[table.loc[row.name, 'status']]}; font-size: 18px"
        return styles

    return (
        shown.style.apply(paint, axis=1)
        .hide(axis="index")
        .format(
            {
                "基期值": "{:.3g}",
                "基期年": "{:.0f}",
                "最新值": "{:.3g}",
                "目标值": "{:g}",
                "差距": "{:.3g}",
                "近期速度/年": "{:.3g}",
                "所需速度/年": "{:.3g}",
                "达标概率": "{:.0%}",
                "年份": "{:.0f}",
            },
            na_rep="—",
        )
    )


def coverage_chart(by_county: pd.DataFrame, label: str, sources: str = "") -> Figure:
    """Coverage of R&D institutions, spending and activity by county (%), target 100 %."""
    import numpy as np

    setup()
    data = by_county.drop(index="合计", errors="ignore").sort_values("spending_pct")
    total = by_county.loc["合计"] if "合计" in by_county.index else None
    y = np.arange(len(data))
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(data) + 1.8))
    for k, (col, name, color) in enumerate(
        (
            ("institution_pct", "研发机构", PALETTE["real"]),
            ("spending_pct", "研发投入", PALETTE["user"]),
            ("activity_pct", "研发活动", PALETTE["illustrative"]),
        )
    ):
        ax.barh(y + (k - 1) * 0.27, data[col], height=0.27, color=color, label=name)
    ax.axvline(100, color=PALETTE["target"], ls="--", lw=1, label="全覆盖目标 100%")
    ax.set_yticks(y, data.index)
    ax.set_xlim(0, 105)
    ax.set_xlabel("规上工业企业中的比例(%)")
    ax.set_title(f"{label} 规上工业企业研发覆盖率")
    ax.legend(fontsize=8, loc="lower right", frameon=True, framealpha=0.9)
    reading = ""
    if total is not None:
        low = data["institution_pct"].idxmin()
        reading = (
            f"研发机构覆盖率最低的是{low}({data.loc[low, 'institution_pct']:.0f}%);全部合计为"
            f"{total['institution_pct']:.0f}% / {total['spending_pct']:.0f}% / "
            f"{total['activity_pct']:.0f}%(机构/投入/活动)。"
        )
    return caption(fig, reading, sources, width=90)
