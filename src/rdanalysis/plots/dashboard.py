"""Dashboard graphics: small multiples of every target's trajectory, and the traffic-light table."""

from __future__ import annotations

import math

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from rdanalysis.exhibits import attach
from rdanalysis.plots.style import PALETTE, caption, scatter_by_status, setup, wrap
from rdanalysis.text import targets as target_text
from rdanalysis.text.i18n import t, unit
from rdanalysis.text.tables import STATUS_FILLS, Table

#: Small multiples: two narrow panels a row, one image that reads on a phone (375 px shows it at
#: about 0.57 of its drawn size: a 12 pt title is 10 px) and at 1280 px (shown as drawn), and
#: prints at 7 pt or more on A4. Inches, points.
PANEL_SIZE = (2.8, 2.4)
PANEL_TITLE, PANEL_TEXT, MULTIPLES_CAPTION = 12.0, 10.5, 10.5

#: A panel's background: the status fill of the target's row in the table (one colour per
#: status across the page, the workbook and the charts: 按期推进 blue, 达到目标 green).
STATUS_COLORS = {status: f"#{fill}" for status, fill in STATUS_FILLS.items()}


def _series_table(evals: list, paths: pd.DataFrame | None, lang: str = "zh") -> Table:
    """The data behind the small multiples as a declared table (registry columns: each value
    at its unit's decimals in the workbook, as on the page's tables)."""
    cols = ["target_name", "year", "value", "target_unit", "target", "data_status"]
    rows = [
        ev.series.assign(
            target_name=_target_name(ev.target, lang),
            target_unit=ev.target.unit,
            target=ev.target.value,
            data_status=ev.series["status"].map(
                {k: t(f"tdata.{k}", lang) for k in ("illustrative", "real", "user")}
            ),
        )[cols]
        for ev in evals
        if not ev.series.empty
    ]
    frame = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=cols)
    if paths is not None and not paths.empty:
        names = {x.target.name: _target_name(x.target, lang) for x in evals}
        req = paths.assign(
            target_unit=paths["unit"],
            target_name=paths["target_name"].map(lambda n: names.get(n, n)),
        )[["target_name", "target_unit", "year", "required"]]
        frame = frame.merge(req, on=["target_name", "target_unit", "year"], how="outer")
    return Table(frame, lang, stub="target_name", row_unit="target_unit")


def _target_name(target, lang: str) -> str:
    return target.name if lang == "zh" else (target.name_en or target.name)


def _panel(ax, ev, target_year: int, required: pd.DataFrame | None, lang: str = "zh") -> None:
    tg, s = ev.target, ev.series
    width = PANEL_SIZE[0] * 72 - 12
    ax.set_title("\n".join(wrap(_target_name(tg, lang), width, PANEL_TITLE)), fontsize=PANEL_TITLE)
    ax.set_ylabel(unit(tg.unit, lang), fontsize=PANEL_TEXT)
    ax.tick_params(labelsize=PANEL_TEXT)
    ax.axhline(tg.value, color=PALETTE["target"], ls="--", lw=1)
    if s.empty:
        ax.text(
            0.5,
            0.5,
            t("word.no_data", lang),
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=PANEL_TEXT,
        )
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
    top = max(float(tg.value), float(s["value"].max()), ev.projected or 0)
    ax.set_ylim(min(0, float(s["value"].min())), top * 1.15)


def trajectories(board, lang: str = "zh") -> tuple[Figure, str]:
    """The dashboard's small multiples (``views.dashboard.Dashboard``): every target's path,
    with the required straight path once the plan is assessed; captioned with its reading and
    sources. Returns the figure and the reading shown beneath it."""
    reading = target_text.trajectories_reading(board, lang)
    paths = board.assessment.paths if board.assessment else None
    sources = target_text.sources(board, lang)
    fig = small_multiples(
        board.evaluations, board.plan.target_year, reading, sources, paths=paths, lang=lang
    )
    return fig, reading


def small_multiples(
    evals: list,
    target_year: int,
    reading: str = "",
    sources: str = "",
    ncols: int = 2,
    paths: pd.DataFrame | None = None,
    lang: str = "zh",
) -> Figure:
    """One panel per target: its values by year and the target line; before the target year the
    recent-pace projection (dotted), after it (``paths`` from the assessment) the required straight
    path from the baseline (red dotted)."""
    setup()
    nrows = math.ceil(len(evals) / ncols)
    w, h = PANEL_SIZE
    fig, axes = plt.subplots(nrows, ncols, figsize=(w * ncols, h * nrows + 1.4), squeeze=False)
    for ax, ev in zip(axes.flat, evals, strict=False):
        required = paths[paths["id"] == ev.target.id] if paths is not None else None
        _panel(ax, ev, target_year, required, lang)
    for ax in list(axes.flat)[len(evals) :]:
        ax.axis("off")
    tail = t("chart.multiples_path" if paths is not None else "chart.multiples_pace", lang)
    title = t("chart.multiples_title", lang, tail=tail)
    fig.suptitle("\n".join(wrap(title, w * ncols * 72 - 12, PANEL_TITLE)), fontsize=PANEL_TITLE)
    attach(fig, _series_table(evals, paths, lang), t("chart.multiples_data", lang))
    return caption(fig, reading, sources, lang=lang, size=MULTIPLES_CAPTION)
