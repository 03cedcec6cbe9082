"""The charts of a split view (notebook 02; the composition and waterfall also in 07 and 08): plan
shares, composition, LMDI waterfall, chained effects."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from rdanalysis import reference
from rdanalysis.plots.style import PALETTE, SECTOR_COLORS, caption, setup, target_line
from rdanalysis.text import provenance
from rdanalysis.text import splits as split_text
from rdanalysis.text.i18n import region, t

#: One component, one colour in every chart of a report: a part's spending effect in the
#: part's colour (as in the stacked bars), the GDP (denominator) effect in its own, structure and
#: intensity effects as in the county chart; a waterfall's start and end levels in ink.
EFFECT_COLORS = {
    "gdp": "#6a3d9a",
    "structure": PALETTE["illustrative"],
    "intensity": PALETTE["real"],
}
LEVEL_COLOR = "#404040"

FACTOR_NAMES = {
    "gdp": "factor.gdp",
    "structure": "factor.structure_long",
    "intensity": "factor.intensity",
}


def sector_label(code: str, lang: str = "zh") -> str:
    """A part's name: performing sector, source of funds or type of activity."""
    return reference.part_name(code, lang)


def effect_color(unit: str, factor: str) -> str:
    """The colour of one component of a decomposition, the same in every chart."""
    if factor == "spending":
        return SECTOR_COLORS.get(unit, PALETTE["comparator"])
    return EFFECT_COLORS.get(factor, PALETTE["comparator"])


def _effect_colors(effects: pd.DataFrame, labels: list[str]) -> dict[str, str]:
    """Label -> colour; components that would share a colour in one chart (several regions'
    effects of one kind) get the next free colour of matplotlib's tab10 instead."""
    out: dict[str, str] = {}
    spare = iter(mpl.colors.to_hex(c) for c in plt.get_cmap("tab10").colors)
    for label, u, f in zip(labels, effects["unit"], effects["factor"], strict=True):
        if label in out:
            continue
        colour = effect_color(u, f)
        while colour in out.values():
            colour = next(spare, PALETTE["comparator"])
        out[label] = colour
    return out


def unit_label(unit: str, factor: str, lang: str = "zh") -> str:
    if factor == "spending":
        return t("chart.spending_effect", lang, part=sector_label(unit, lang))
    name = t(FACTOR_NAMES[factor], lang) if factor in FACTOR_NAMES else factor
    return name if unit in ("GDP", "") else f"{region(unit, lang)} {name}"


def plan_share_chart(
    shares: pd.DataFrame, region_name: str, reading: str = "", sources: str = "", lang: str = "zh"
) -> Figure:
    """One panel per plan structure indicator: share by year against its target line."""
    setup()
    keys = list(dict.fromkeys(shares["indicator"]))
    fig, axes = plt.subplots(1, len(keys), figsize=(5 * len(keys), 4), squeeze=False)
    for ax, key in zip(axes[0], keys, strict=True):
        s = shares[shares["indicator"] == key]
        ax.plot(s["year"], s["value_pct"], marker="o", color=PALETTE["real"])
        target = float(s["target_pct"].iloc[0])
        if not np.isnan(target):  # NaN: a region the plan is not about, no target line
            target_line(ax, target, t("word.target_at_least", lang, value=target), s["year"].min())
        label = s["label"].iloc[0]
        if lang != "zh":
            label = reference.plan_categories()[key].get("en", label)
        ax.set_title(f"{region(region_name, lang)} {label}")
        ax.set_xlabel(t("word.year", lang))
        ax.set_ylabel(t("chart.share_axis", lang))
        top = max(np.nan_to_num(target), s["value_pct"].max())
        ax.set_ylim(0, top * 1.2)
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    return caption(fig, reading, sources, lang=lang)


def waterfall(dec, title: str, reading: str = "", sources: str = "", lang: str = "zh") -> Figure:
    """Intensity at the start, each effect as a rising/falling step, intensity at the end (pp)."""
    setup()
    eff = dec.effects[dec.effects["effect_pp"].abs() > 0]
    labels = [t("word.year_fmt", lang, year=dec.start)] + [
        unit_label(u, f, lang) for u, f in zip(eff["unit"], eff["factor"], strict=True)
    ]
    labels.append(t("word.year_fmt", lang, year=dec.end))
    fig, ax = plt.subplots(figsize=(max(7, 1.1 * len(labels)), 4.5))
    level = dec.intensity_start
    peak = level
    ax.bar(0, level, color=LEVEL_COLOR)
    colors = _effect_colors(eff, labels[1:-1])
    for i, value in enumerate(eff["effect_pp"], start=1):
        peak = max(peak, level + max(value, 0))
        ax.bar(i, value, bottom=level, color=colors[labels[i]])
        ax.annotate(
            f"{value:+.3f}",
            (i, level + max(value, 0)),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            fontsize=9,
        )
        level += value
    ax.bar(len(labels) - 1, dec.intensity_end, color=LEVEL_COLOR)
    for i, v in ((0, dec.intensity_start), (len(labels) - 1, dec.intensity_end)):
        ax.annotate(
            f"{v:.3f}", (i, v), xytext=(0, 2), textcoords="offset points", ha="center", fontsize=9
        )
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.set_ylim(0, max(peak, dec.intensity_end) * 1.15)
    ax.set_ylabel(t("chart.waterfall_axis", lang))
    ax.set_title(title)
    return caption(fig, reading, sources, lang=lang)


def chained_chart(
    chained: pd.DataFrame, title: str, reading: str = "", sources: str = "", lang: str = "zh"
) -> Figure:
    """Stacked effects for each pair of consecutive years, with the net change as a marker."""
    setup()
    chained = chained.assign(
        label=[
            unit_label(u, f, lang) for u, f in zip(chained["unit"], chained["factor"], strict=True)
        ]
    )
    wide = chained.pivot_table(index="end", columns="label", values="effect_pp", aggfunc="sum")
    fig, ax = plt.subplots(figsize=(9, 4.5))
    pos = np.zeros(len(wide))
    neg = np.zeros(len(wide))
    colors = _effect_colors(chained, list(chained["label"]))
    for col in wide.columns:
        v = wide[col].fillna(0).to_numpy()
        base = np.where(v >= 0, pos, neg)
        ax.bar(wide.index, v, bottom=base, label=col, color=colors[col])
        pos += np.where(v >= 0, v, 0)
        neg += np.where(v < 0, v, 0)
    ax.plot(
        wide.index, wide.sum(axis=1), "k_", markersize=18, mew=2, label=t("word.net_change", lang)
    )
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xlabel(t("chart.chained_x", lang))
    ax.set_ylabel(t("chart.chained_y", lang))
    ax.set_title(title)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.legend(fontsize=7, ncols=3, loc="upper left")
    return caption(fig, reading, sources, lang=lang)


def sector_stack(
    matrix: pd.DataFrame,
    title: str,
    reading: str = "",
    sources: str = "",
    illustrative: bool = False,
    lang: str = "zh",
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
            label=sector_label(col, lang),
            hatch="//" if illustrative else None,
            edgecolor="white" if illustrative else None,
        )
        bottom += v
    ax.set_xlabel(t("word.year", lang))
    ax.set_ylabel(t("chart.stack_axis", lang))
    ax.set_title(title + (t("word.illustrative_flag", lang) if illustrative else ""))
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.legend(fontsize=8, ncols=3, loc="upper left")
    return caption(fig, reading, sources, lang=lang)


def split_stack(view, lang: str = "zh") -> tuple[Figure, str]:
    """The composition of a split view (``views.splits.SplitView``) as stacked bars over its
    years, titled with its region and split, captioned with its reading and sources: the chart
    notebooks 02, 07 and 08 share. Returns the figure and the reading shown beneath it."""
    reading = split_text.split_shares(view, lang)
    label = split_text.split_label(view, lang)
    title = t("nb02.stack_title", lang, region=region(view.region, lang), label=label)
    sources = provenance.source_line(view.rows, lang=lang)
    illustrative = view.status == "illustrative"
    fig = sector_stack(view.matrix.loc[view.years], title, reading, sources, illustrative, lang)
    return fig, reading


def split_waterfall(view, lang: str = "zh", title: str = "nb02.decomposition_title"):
    """A split view's LMDI decomposition as a waterfall, titled by message ``title`` (values:
    region, label, start, end), captioned with its reading and sources (notebooks 02 and 07).
    Returns the figure and its reading."""
    reading = split_text.sector_decomposition(view.decomposition, view.region, lang)
    name, label = region(view.region, lang), split_text.split_label(view, lang)
    text = t(title, lang, region=name, label=label, start=view.start, end=view.end)
    sources = provenance.source_line(view.rows, lang=lang)
    return waterfall(view.decomposition, text, reading, sources, lang), reading


def split_chained(view, lang: str = "zh") -> tuple[Figure, str]:
    """A split view's year-on-year chained effects (notebook 02), with reading and sources."""
    reading = split_text.chained(view.chain, lang)
    title = t("nb02.chained_title", lang, region=region(view.region, lang))
    sources = provenance.source_line(view.rows, lang=lang)
    return chained_chart(view.chain, title, reading, sources, lang), reading


def split_plan_shares(view, lang: str = "zh") -> tuple[Figure, str]:
    """A sector split view's plan structure indicators against their targets (notebook 02)."""
    reading = split_text.plan_shares(view.plan_shares, view.region, lang, view.plan_region)
    sources = provenance.source_line(view.rows, lang=lang)
    return plan_share_chart(view.plan_shares, view.region, reading, sources, lang), reading
