"""The end-of-plan assessment in words (``analysis.assessment``), in the report's language:
which targets were achieved or missed and by how much, per responsible unit, and what drove
the change in intensity."""

from __future__ import annotations

import pandas as pd

from rdanalysis import reference
from rdanalysis.text.i18n import join, part, region, t, unit
from rdanalysis.text.tables import Table
from rdanalysis.text.targets import target_names, trailing_unit


def _name(code: str, lang: str = "zh") -> str:
    """A sector code in words (county names and 'GDP' pass through; regions in ``lang``)."""
    if code in reference.sectors():
        return part(code, lang)
    return region(code, lang)


ASSESSMENT_COLUMNS = (
    "target_name",
    "unit",
    "baseline_year",
    "baseline",
    "final_year",
    "final",
    "target",
    "outcome",
    "shortfall",
    "shortfall_pct",
    "responsible",
)


def _named(frame: pd.DataFrame, plan, lang: str) -> pd.DataFrame:
    """Target names and units of ``frame`` in ``lang``."""
    if lang == "zh":
        return frame
    names = target_names(plan, lang)
    out = frame.copy()
    if "target_name" in out.columns:
        out["target_name"] = out["target_name"].map(lambda n: names.get(n, n))
    if "unit" in out.columns:
        out["unit"] = out["unit"].map(lambda u: unit(u, lang))
    if "missed_targets" in out.columns:
        out["missed_targets"] = out["missed_targets"].map(
            lambda s: join((names.get(n, n) for n in str(s).split("、") if n), lang)
        )
    return out


def assessment_table(a, plan=None, lang: str = "zh") -> Table:
    res = _named(a.results, plan, lang) if plan is not None else a.results
    frame = res.assign(target_unit=res["unit"])
    cols = [c if c != "unit" else "target_unit" for c in ASSESSMENT_COLUMNS]
    return Table(
        frame[[*cols, "unit"]],
        lang,
        stub="target_name",
        hide=("unit",),
        row_unit="unit",
    )


def assessment_reading(a, plan=None, lang: str = "zh") -> str:
    missed = a.missed
    n = len(a.results)
    if missed.empty:
        return t("dash.assessment_none", lang, year=a.final_year, n=n)
    worst = missed.sort_values("shortfall_pct", ascending=False).iloc[0]
    names = target_names(plan, lang) if plan is not None else {}
    return t(
        "dash.assessment",
        lang,
        year=a.final_year,
        n=n,
        missed=len(missed),
        name=names.get(worst["target_name"], worst["target_name"]),
        final=worst["final"],
        unit=trailing_unit(worst["unit"], lang),
        target=worst["target"],
        shortfall=worst["shortfall"],
        pct=worst["shortfall_pct"],
    )


def units_table(a, plan=None, lang: str = "zh") -> Table:
    frame = _named(a.units, plan, lang) if plan is not None else a.units
    columns = ["responsible", "n_targets", "n_missed", "missed_targets"]
    return Table(frame[columns], lang, stub="responsible")


def units_reading(a, lang: str = "zh") -> str:
    behind = a.units[a.units["n_missed"] > 0]
    if behind.empty:
        return t("dash.units_none", lang)
    names = join(
        (t("dash.units_item", lang, unit=r.responsible, n=r.n_missed) for r in behind.itertuples()),
        lang,
    )
    return t("dash.units", lang, names=names)


def drivers_reading(a, lang: str = "zh") -> str:
    parts = []
    for by in ("sector", "county"):
        what = t(f"dash.by_{by}", lang)
        found = getattr(a, by)
        if found is None:
            why = a.decomposition_notes.get(by, "")
            parts.append(t("dash.driver_none", lang, by=what, why=why))
            continue
        frame, meta = found.effects, found.meta
        top = frame.groupby("unit")["effect_pp"].sum().sort_values()
        lead = top.index[-1] if top.iloc[-1] >= abs(top.iloc[0]) else top.index[0]
        parts.append(
            t(
                "dash.driver",
                lang,
                by=what,
                start=meta["from"],
                end=meta["to"],
                change=meta["change_pp"],
                lead=_name(lead, lang),
                lead_pp=top[lead],
            )
        )
    return join(parts, lang, "clause") + ("。" if lang == "zh" else ".")
