"""Each target of a plan in words, in the report's language (``lang``): status names, the reason
for each status (``analysis.targets`` gives the codes and numbers), the plan as cited, its status
rule, and how many targets are in each status. Target names come from the plan file (``name``
and ``name_en``)."""

from __future__ import annotations

import pandas as pd

from rdanalysis.analysis import targets
from rdanalysis.text import formats, provenance
from rdanalysis.text.i18n import Text, join, t, unit
from rdanalysis.text.outlook import base_rate_clause

_STATUSES = ("achieved", "on_track", "at_risk", "off_track", "no_data")
#: A plain dot, coloured by status in the dashboard (emoji need a colour-emoji font, which
#: intranet Linux machines often lack); the status is also written in words.
STATUS_LIGHT = dict.fromkeys(_STATUSES, "●")
OUTCOME_ZH = {k: t(f"outcome.{k}") for k in ("achieved", "missed", "no_data")}


def status_name(status: str, lang: str = "zh") -> str:
    return t(f"tstatus.{status}", lang)


def chance(p: float, lang: str = "zh") -> str:
    """A simulated probability in words without false precision: never '0%' or '100%' (a finite
    number of paths cannot show either), '不足1%' / '超过99%' at the ends."""
    if p < 0.01:
        return t("chance.low", lang)
    if p > 0.99:
        return t("chance.high", lang)
    return t("chance.about", lang, p=p)


def target_names(plan, lang: str) -> dict[str, str]:
    """Each target's name (as the plan writes it) -> its name in ``lang``."""
    if lang == "zh":
        return {}
    return {x.name: x.name_en or x.name for x in plan.targets}


def trailing_unit(text: str, lang: str) -> str:
    text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    shown = unit(text, lang)
    return shown if lang == "zh" or shown in ("", "%") else f" {shown}"


def plan_label(plan, lang: str = "zh") -> str:
    """The document as cited: its (official Chinese) title and number, 'draft'/'example' plain."""
    if lang == "zh":
        return plan.label
    tag = t(f"dash.tag_{plan.kind}", lang) if plan.kind in ("draft", "example") else ""
    number = f" ({plan.number})" if plan.number else ""
    return f"《{plan.title}》{number}{tag}"


def reason(ev, lang: str = "zh") -> str:
    """Why an evaluation has its status, in one clause; for an intensity target still to reach,
    with how often real provinces near its latest value reached it as many years later."""
    said = _reason(ev, lang)
    if ev.base_rate is None or ev.reason in ("achieved", "target_year_passed"):
        return said
    return join([said, base_rate_clause(ev.base_rate, lang)], lang, "clause")


def _level(value: float, unit_code: str, lang: str, shown: str | None = None) -> str:
    """A target's value with its unit, at the decimals its tables show (0.63%, 10.66亿元), or
    ``shown`` (the value as written) with the unit."""
    if shown is None:
        shown = formats.number(value, formats.UNIT_DECIMALS.get(unit_code, 2))
    space = "" if unit_code == "%" or lang == "zh" else " "
    return f"{shown}{space}{unit(unit_code, lang)}"


def _pace(value: float, unit_code: str, lang: str) -> Text:
    """A change per year with its unit: '+0.03个百分点/年' for a percentage, '+0.94亿元/年'."""
    per = t("reason.points", lang) if unit_code == "%" else unit(unit_code, lang)
    shown = formats.number(value, formats.UNIT_DECIMALS.get(unit_code, 2), signed=True)
    return t("reason.per_year", lang, value=shown, unit=per)


def _reason(ev, lang: str) -> str:
    v, r, u = ev.reason_values, ev.reason, ev.target.unit
    if r in ("no_metric", "no_data"):
        return t(f"reason.{r}", lang, data=ev.target.data)
    if r == "achieved":
        latest = _level(v["latest"], u, lang)
        target = _level(v["target"], u, lang, shown=f"{v['target']:g}")  # as the plan writes it
        return t("reason.achieved", lang, latest=latest, target=target)
    if r == "target_year_passed":
        return t("reason.target_year_passed", lang)
    if r in ("probability_on", "probability_on_falling"):
        p = chance(v["probability"], lang)
        recent = _pace(v["recent"], u, lang) if "recent" in v else ""
        return t(f"reason.{r}", lang, p=p, threshold=v["threshold"], recent=recent)
    if r in ("probability_risk", "probability_off"):
        return t("reason.probability", lang, p=chance(v["probability"], lang))
    if r == "projection":
        return t("reason.projection", lang, projected=_level(v["projected"], u, lang))
    if r == "pace_ratio":
        return t("reason.pace_ratio", lang, ratio=v["ratio"])
    pace = (
        t("reason.recent", lang, recent=_pace(v["recent"], u, lang))
        if v.get("recent") is not None
        else t("reason.recent_unknown", lang)
    )
    return t("reason.pace", lang, required=_pace(v["required"], u, lang), pace=pace)


def sources(board, lang: str = "zh") -> str:
    """The sources of every series on the dashboard, for a caption."""
    found = targets.sources(board.evaluations)
    return join((provenance.source(s, lang) for s in found), lang, "clause")


def rule_text(plan, lang: str = "zh") -> str:
    """The plan's status rule as written in it (Chinese plans: zh only), or stated from its
    numbers."""
    rule = plan.status_rule
    if rule.text and lang == "zh":
        return rule.text
    return t(
        "rule.default",
        lang,
        on=rule.on_track_probability,
        ratio=rule.at_risk_pace_ratio,
        risk=rule.at_risk_probability,
        years=rule.recent_years,
    )


def _status_word(status: str, lang: str) -> str:
    """A status as a word inside a sentence (lower case in English)."""
    word = str(t(f"tstatus.{status}", lang))
    return word.lower() if lang == "en" else word


def trajectories_reading(board, lang: str = "zh") -> str:
    tbl = board.table
    if board.mode == "assessment":
        res = board.assessment.results
        return t(
            "dash.trajectories_assessment",
            lang,
            n=len(tbl),
            done=(res["outcome"] == "achieved").sum(),
            year=board.plan.target_year,
            missed=(res["outcome"] == "missed").sum(),
        )
    counts = tbl["status"].value_counts()
    parts = [
        t("dash.status_count", lang, status=_status_word(s, lang), k=int(counts[s]))
        for s in _STATUSES
        if counts.get(s, 0)
    ]  # every status shown, in the table's order: the counts add up to n
    return t("dash.trajectories", lang, n=len(tbl), counts=join(parts, lang, "comma"))
