"""Drafting the next plan in words (``analysis.drafting``), in the report's language: the
growth a drafting target requires, and what it means per performing sector and sub-region."""

from __future__ import annotations

import pandas as pd

from rdanalysis import facts
from rdanalysis.text import labels
from rdanalysis.text.i18n import Text, t
from rdanalysis.text.tables import Table
from rdanalysis.text.targets import chance


def drafting_reading(d, lang: str = "zh") -> str:
    """The drafting target's required growth in one sentence; notes the rows behind its tables
    as the page's data (their status reaches the banner and footer)."""
    if d.rows is not None:
        facts.record(d.rows)
    mid = d.required.iloc[len(d.required) // 2]
    prob = (
        t("dash.drafting_probability", lang, p=chance(d.probability, lang))
        if d.probability is not None
        else ""
    )
    return t(
        "dash.drafting",
        lang,
        last_year=d.last_year,
        last=d.last_pct,
        year=d.target_year,
        target=d.target_pct,
        gdp=mid["gdp_growth_pct"],
        rd=mid["rd_growth_pct"],
        pp=mid["linear_pp_per_year"],
        prob=prob,
    )


def inverse_table(frame: pd.DataFrame, by: str, lang: str = "zh") -> Table | Text:
    """What a drafting intensity target means for each performing sector or sub-region."""
    what = t(f"dash.by_{by}", lang)
    if frame.empty:
        return t("inv.none", lang, by=what)
    return Table(frame, lang, stub=by, title=t(f"inv.title_{by}", lang))


def required_table(d, lang: str = "zh") -> Table:
    """The required-growth scenarios of a drafting target, with headers and units."""
    return labels.table(d.required, lang, title=t("inv.title_required", lang))
