"""Dashboard graphics: small multiples of every target's trajectory, and the traffic-light table."""

from __future__ import annotations

import math

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from rdanalysis.exhibits import attach
from rdanalysis.plots.style import PALETTE, caption, scatter_by_status, setup
from rdanalysis.text import targets as target_text

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


def _series_frame(evals: list) -> pd.DataFrame:
    rows = [
        ev.series.assign(目标=ev.target.name, 单位=ev.target.unit, 目标值=ev.target.value)
        for ev in evals
        if not ev.series.empty
    ]
    if not rows:
        return pd.DataFrame(columns=["目标", "年份", "数值", "单位", "目标值", "数据状态"])
    frame = pd.concat(rows, ignore_index=True)
    frame = frame.rename(columns={"year": "年份", "value": "数值", "status": "数据状态"})
    frame["数据状态"] = frame["数据状态"].map({"illustrative": "示例数据", "real": "真实数据"})
    return frame[["目标", "年份", "数值", "单位", "目标值", "数据状态"]]


def _panel(ax, ev, target_year: int, required: pd.DataFrame | None) -> None:
    t, s = ev.target, ev.series
    ax.set_title(t.name, fontsize=10)
    ax.set_ylabel(t.unit)
    ax.axhline(t.value, color=PALETTE["target"], ls="--", lw=1)
    if s.empty:
        ax.text(0.5, 0.5, "无数据", transform=ax.transAxes, ha="center", va="center")
        ax.set_facecolor(STATUS_COLORS["no_data"])
        ax.set_xticks([])
        return
    ill = s["status"].eq("illustrative")
    ax.plot(s["year"], s["value"], color=PALETTE["real"], lw=1.2)
    scatter_by_status(ax, s["year"], s["value"], ill, 3, size=16)
    if required is not None and not required.empty:
        ax.plot(required["year"], required["required"], color=PALETTE["target"], ls=":", lw=1)
    elif ev.projected is not None:
        ax.plot(
            [ev.latest_year, target_year],
            [ev.latest, ev.projected],
            ls=":",
            color=PALETTE["comparator"],
        )
    ax.set_facecolor(STATUS_COLORS[ev.status])
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True, nbins=4))
    top = max(float(t.value), float(s["value"].max()), ev.projected or 0)
    ax.set_ylim(min(0, float(s["value"].min())), top * 1.15)


def small_multiples(
    evals: list,
    target_year: int,
    reading: str = "",
    sources: str = "",
    ncols: int = 3,
    paths: pd.DataFrame | None = None,
) -> Figure:
    """One panel per target: its values by year and the target line; before the target year the
    recent-pace projection (dotted), after it (``paths`` from the assessment) the required straight
    path from the baseline (red dotted)."""
    setup()
    nrows = math.ceil(len(evals) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 3.0 * nrows), squeeze=False)
    for ax, ev in zip(axes.flat, evals, strict=False):
        required = paths[paths["id"] == ev.target.id] if paths is not None else None
        _panel(ax, ev, target_year, required)
    for ax in list(axes.flat)[len(evals) :]:
        ax.axis("off")
    tail = "按直线路径应达到(红点线)" if paths is not None else "按近期速度外推(点线)"
    fig.suptitle(f"各项目标:实际值(空心 = 示例数据)、目标线(红虚线)、{tail}", fontsize=11)
    frame = _series_frame(evals)
    if paths is not None and not paths.empty:
        req = paths.rename(
            columns={"target_name": "目标", "year": "年份", "required": "按直线路径应达到"}
        )
        frame = frame.merge(
            req[["目标", "年份", "按直线路径应达到"]], on=["目标", "年份"], how="outer"
        )
    attach(fig, frame, "各目标走势")
    return caption(fig, reading, sources, width=130)


def traffic_light(table: pd.DataFrame):
    """The dashboard table as a styled (coloured) table; status is also written in words."""
    cols = target_text.DASHBOARD_COLUMNS
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
            {cols[c]: f for c, f in target_text.cell_formats(cols).items()},
            na_rep=target_text.NOT_AVAILABLE,
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
