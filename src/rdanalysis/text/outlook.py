"""Readings of a region's outlook (forecast, backtest, required growth and scenario grid), from
the numbers in ``views.outlook.Outlook``, in the report's language (``lang``)."""

from __future__ import annotations

from rdanalysis.analysis import base_rate, forecast
from rdanalysis.analysis.base_rate import BaseRate
from rdanalysis.analysis.views.outlook import Outlook
from rdanalysis.text import formats, i18n, labels, missing, provenance
from rdanalysis.text.i18n import join, region, t


def probability_text(p: float, resolution: float) -> str:
    """A probability from simulated paths with its resolution: '< 0.05 %' when no path reaches
    the target (2,000 paths), '> 99.95 %' when all do, else e.g. '37.2 %'."""
    if p <= 0:
        return f"< {resolution * 100:.2g} %"
    if p >= 1:
        return f"> {100 - resolution * 100:.4g} %"
    return f"{p * 100:.1f} %"


def describe(o: Outlook, lang: str = "zh") -> str:
    """One-sentence reading of the forecast."""
    fc = o.result.forecast
    lo, hi = fc.interval(0.8)
    k = -1
    p = probability_text(o.probability, fc.resolution)
    bounded = p[0] in "<>"  # no simulated path (or every path) reaches the target
    return t(
        "out.describe",
        lang,
        region=region(o.region, lang),
        flag=t("word.illustrative_flag", lang) if o.status == "illustrative" else "",
        year=o.target_year,
        point=fc.point[k],
        lo=lo[k],
        hi=hi[k],
        target=o.target_pct,
        about="" if bounded else t("out.about", lang),
        p=p,
    )


def _base_rate_text(b: BaseRate, lang: str, key: str) -> str:
    scope = "cn" if b.panels == base_rate.CHINA else "all"
    values = {
        "panel": t(
            f"base.panel_{scope}{'_others' if b.excluded else ''}", lang, count=b.panel_regions
        ),
        "unit": t(f"base.unit_{scope}", lang),
        "y0": b.first_year,
        "y1": b.last_year,
        "level": b.level_pct,
        "lo": b.low_pct,
        "hi": b.high_pct,
        "years": b.years,
        "target": b.target_pct,
        "n": b.reached,
        "m": b.regions,
    }
    if key == "out.base_rate" and not b.regions:
        key = "out.base_rate_none"
    return t(key, lang, **values)


def base_rate_sentence(b: BaseRate, lang: str = "zh") -> str:
    """'31个省份2012-2023年中,强度曾在0.63%左右(0.54%–0.72%)的省份共6个,其中1年后达到1%的有0个。'"""
    return _base_rate_text(b, lang, "out.base_rate")


def base_rate_clause(b: BaseRate, lang: str = "zh") -> str:
    """The same as a clause (for the dashboard's reason column)."""
    return _base_rate_text(b, lang, "reason.base_rate")


def describe_base_rate(o: Outlook, lang: str = "zh") -> str:
    """How often real regions near this level reached the target as many years later: China's
    provinces, then every reference panel where it adds regions; beside P(target)."""
    if not o.base_rates:
        return t("out.base_rate_missing", lang)
    return " ".join(base_rate_sentence(b, lang) for b in shown_base_rates(o))


def shown_base_rates(o: Outlook) -> list[BaseRate]:
    """China's provinces, then every reference panel where it adds regions near the level."""
    if not o.base_rates:
        return []
    china, *others = o.base_rates
    return [china] + [b for b in others if b.regions != china.regions]


def describe_required(o: Outlook, lang: str = "zh") -> str:
    mid = o.required.iloc[len(o.required) // 2]
    return t(
        "out.required",
        lang,
        gdp=mid["gdp_growth_pct"],
        year=o.target_year,
        target=o.target_pct,
        rd=mid["rd_growth_pct"],
        pp=mid["linear_pp_per_year"],
    )


def describe_backtest(o: Outlook, lang: str = "zh") -> str:
    s = o.result.summary
    if s.empty:
        return t("out.backtest_short", lang)
    best = s.iloc[0]
    method = labels.method_name(best["method"], lang)
    if forecast.DEFAULT not in set(s["method"]):
        return t("out.backtest_best", lang, method=method, mase=best["mean_mase"])
    default = s.set_index("method").loc[forecast.DEFAULT]
    return t(
        "out.backtest",
        lang,
        method=method,
        mase=best["mean_mase"],
        default=default["mean_mase"],
    )


def describe_calibration(o: Outlook, lang: str = "zh") -> str:
    """How far to trust the interval: coverage on held-out real series of this length."""
    c = o.calibration
    if c.empty:
        return t("out.calibration_none", lang)
    lo, hi = c["heldout_coverage80"].min(), c["heldout_coverage80"].max()
    span = f"{lo:.0%}" if round(lo, 2) == round(hi, 2) else f"{lo:.0%}–{hi:.0%}"
    own = c["own_coverage80"].dropna()
    own_text = (
        t("out.own_coverage", lang, own=own.mean(), n=int(c["own_n"].sum()))
        if not own.empty
        else t("out.own_none", lang)
    )
    return t(
        "out.calibration",
        lang,
        n=c["n_points"].iloc[0],
        span=span,
        h0=c["h"].min(),
        h1=c["h"].max(),
        above=c["heldout_above80"].mean(),
        below=c["heldout_below80"].mean(),
        own=own_text,
    )


def describe_grid(o: Outlook, lang: str = "zh") -> str:
    years = o.target_year - int(o.last["year"])
    reach = o.grid >= o.target_pct
    if not reach.to_numpy().any():
        return t("out.grid_none", lang, years=years, target=o.target_pct)
    req = o.required.iloc[len(o.required) // 2]
    at = t("out.grid_at", lang, gdp=req["gdp_growth_pct"], rd=req["rd_growth_pct"])
    return t("out.grid", lang, year=o.target_year, target=o.target_pct, at=at)


def vintage_note(o: Outlook, lang: str = "zh") -> str:
    """Which published vintage the series uses (one for the whole series, never mixed)."""
    methods = list(dict.fromkeys(o.history["method"]))
    if methods == ["computed"]:
        return t("out.vintage_computed", lang)
    vintage = join((formats.vintage(m.split(":", 1)[-1], lang) for m in methods), lang)
    return t("out.vintage", lang, vintage=vintage)


# The sections of the trajectory report (notebook 01), in the order a reader meets them: each
# takes the outlook view (None when its data are missing) and returns what it shows, for
# ``display(*section)`` (Markdown paragraphs and declared tables; nothing when ``o`` is None).


def opening_section(o: Outlook | None, gap, region_asked: str, lang: str = "zh") -> list:
    """What is missing (``gap``), else the illustrative-data banner and the forecast's notes."""
    if gap:
        return [i18n.markdown(missing.sentence(gap, lang))]
    notes = [i18n.md("nb01.note", lang, note=note) for note in o.result.warnings]
    return [i18n.markdown(provenance.status_banner(o.history, region_asked, lang)), *notes]


def method_section(o: Outlook | None, levels: tuple[float, ...], lang: str = "zh") -> list:
    """The methods chosen, the data vintage and the forecast table at ``levels``."""
    if o is None:
        return []
    methods = ", ".join(labels.method_name(m, lang) for m in o.result.chosen)
    vintage = vintage_note(o, lang)
    return [
        i18n.md("nb01.method", lang, methods=methods, vintage=vintage),
        labels.table(o.result.forecast.table(tuple(levels)), lang),
    ]


def backtest_section(o: Outlook | None, lang: str = "zh") -> list:
    """How the methods did on past years, and the calibration of their intervals."""
    if o is None:
        return []
    return [
        i18n.md("nb01.backtest_intro", lang),
        i18n.reading(describe_backtest(o, lang), lang),
        labels.table(o.result.summary, lang),
    ]


def calibration_section(o: Outlook | None, lang: str = "zh") -> list:
    if o is None:
        return []
    return [i18n.reading(describe_calibration(o, lang), lang), labels.table(o.calibration, lang)]


def required_section(o: Outlook | None, lang: str = "zh") -> list:
    """The growth the target requires, by GDP growth scenario."""
    if o is None:
        return []
    return [i18n.reading(describe_required(o, lang), lang), labels.table(o.required, lang)]
