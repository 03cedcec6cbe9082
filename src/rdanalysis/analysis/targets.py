"""Every quantified target of a plan: its series, latest value, paces and status. The
dashboard view that notebook 00 and ``rdanalysis targets`` both call is ``views.dashboard``.

A plan (``rdanalysis.plan.Plan``, read from a user's YAML file by ``data.plans``) names each
target, the metric it is measured on, its responsible units and the status rule.
This module computes (pure: processed tables and a plan in, dataclasses out); the words are
in ``text.targets`` (statuses, reasons) and ``text.dashboard`` (the dashboard table).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import base_rate, decompose, enterprises, forecast, indicators
from rdanalysis.errors import RDAnalysisError
from rdanalysis.facts import PART_STATUSES
from rdanalysis.plan import NO_METRIC, Plan, StatusRule, Target

COVERAGE_FLAGS = {
    "coverage_institution": "has_rd_institution",
    "coverage_activity": "has_rd_activity",
}
SERIES_COLUMNS = ["year", "value", "status", "source"]


def _kind(status: str) -> str:
    """What a value is to a reader: illustrative, the user's own statistics, or published."""
    return status if status in ("illustrative", "user") else "real"


def _status_of(rows: pd.DataFrame) -> pd.Series:
    return rows["status"].map(_kind)


def _any_illustrative(s: pd.Series) -> str:
    """One value from several: illustrative if any is, else the user's if any is, else real."""
    kinds = {_kind(x) for x in s}
    return "illustrative" if "illustrative" in kinds else "user" if "user" in kinds else "real"


def _innovation(tables: dict, region: str, measure: str) -> pd.DataFrame:
    inn = tables["innovation"]
    sub = inn[(inn["region"] == region) & (inn["measure"] == measure) & (inn["period"] == "")]
    return sub.sort_values("year")


def _frame(year, value, status, source) -> pd.DataFrame:
    return pd.DataFrame({"year": year, "value": value, "status": status, "source": source})


def _intensity(tables: dict, region: str) -> pd.DataFrame:
    s = indicators.intensity_series(
        tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], region
    )
    out = _frame(s["year"], s["rd_intensity_pct"], _status_of(s), s["source"])
    # each input's own status, in the order of the source's parts ('R&D source / GDP source')
    out[PART_STATUSES] = list(zip(s["rd_status"], s["gdp_status"], strict=True))
    return out


def _rd_total(tables: dict, region: str) -> pd.DataFrame:
    rd = tables["rd_expenditure"]
    sub = rd[(rd["region"] == region) & (rd["sector"] == "total") & (rd["basis"] == "comparable")]
    sub = sub.sort_values("year")
    return _frame(sub["year"], sub["rd_expenditure_100m_yuan"], _status_of(sub), sub["source"])


def _sector_share(tables: dict, region: str, indicator: str) -> pd.DataFrame:
    rd = tables["rd_expenditure"]
    shares = decompose.plan_shares(decompose.sector_matrix(rd, region))
    shares = shares[shares["indicator"] == indicator] if not shares.empty else shares
    if shares.empty:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    parts = rd[(rd["region"] == region) & (rd["sector"] != "total")].groupby("year")
    status = parts["status"].agg(_any_illustrative)
    source = parts["source"].agg(lambda s: " / ".join(dict.fromkeys(s)))
    return _frame(
        shares["year"],
        shares["value_pct"],
        shares["year"].map(status),
        shares["year"].map(source),
    )


def _cumulative(tables: dict, region: str, target: Target) -> pd.DataFrame:
    flows = _innovation(tables, region, "ip_pledge_financing")
    flows = flows[flows["year"] >= target.options.get("cumulative_from", 0)]
    return _frame(flows["year"], flows["value"].cumsum(), _status_of(flows), flows["source"])


def _measure(tables: dict, region: str, measure: str) -> pd.DataFrame:
    sub = _innovation(tables, region, measure)
    return _frame(sub["year"], sub["value"], _status_of(sub), sub["source"])


def _nothing(tables: dict, region: str, target: Target) -> pd.DataFrame:
    return pd.DataFrame(columns=SERIES_COLUMNS)


def _coverage(tables: dict, region: str, target: Target) -> pd.DataFrame:
    ent = tables["enterprises"]  # the plan region's firms only (another city's are not)
    return _coverage_series(
        ent[enterprises.within(ent, region, reference.of(tables))], target.measured_on
    )


#: How the yearly series of each metric of ``rdanalysis.plan.METRICS`` is made from the tables
#: (``none``: no data); any other metric is an innovation measure (measures.yml), read as it is.
#: A test holds this to ``plan.METRICS``: a metric is added in both places.
SERIES = {
    NO_METRIC: _nothing,
    "rd_intensity": lambda tables, region, target: _intensity(tables, region),
    "rd_expenditure": lambda tables, region, target: _rd_total(tables, region),
    "enterprise_share": lambda tables, region, target: _sector_share(
        tables, region, target.measured_on
    ),
    "institutes_hospitals_share": lambda tables, region, target: _sector_share(
        tables, region, target.measured_on
    ),
    "coverage_institution": _coverage,
    "coverage_spending": _coverage,
    "coverage_activity": _coverage,
    "high_value_patents_per_10k": lambda tables, region, target: _per_10k(tables, region),
    "ip_pledge_cumulative": _cumulative,
}


def series_for(tables: dict[str, pd.DataFrame], target: Target, region: str) -> pd.DataFrame:
    """Yearly values of the metric a target is measured on: year, value, status, source.

    Empty when the project has no data for it (or the target is measured on ``none``).
    """
    make = SERIES.get(target.measured_on)
    if make is not None:
        out = make(tables, region, target)
    else:  # an innovation measure
        out = _measure(tables, region, target.measured_on)
    out = out.dropna(subset=["value"]).reset_index(drop=True)
    return out.astype({"year": int, "value": float})


def _coverage_series(ent: pd.DataFrame, metric: str) -> pd.DataFrame:
    if ent.empty:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    flag = (
        ent["rd_expenditure_10k_yuan"] > 0
        if metric == "coverage_spending"
        else ent[COVERAGE_FLAGS[metric]].astype(bool)
    )
    # A year whose city total fails the confidentiality rule (fewer than 3 enterprises, or one
    # holding over 85 % of the R&D) is withheld, as the enterprise report withholds that total.
    rd = ent["rd_expenditure_10k_yuan"].fillna(0)
    fails = rd.groupby(ent["year"]).apply(lambda v: enterprises.RULE.fails(v.to_numpy(float)))
    keep = ~ent["year"].map(fails).astype(bool)
    ent, flag = ent[keep], flag[keep]
    if ent.empty:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    g = ent.assign(flag=flag).groupby("year")
    return pd.DataFrame(
        {
            "value": g["flag"].mean() * 100,
            "status": g["status"].agg(_any_illustrative),
            "source": g["source"].agg(lambda s: " / ".join(dict.fromkeys(s))),
        }
    ).reset_index()


def _per_10k(tables: dict, region: str) -> pd.DataFrame:
    hv = _innovation(tables, region, "high_value_invention_patents")
    pop = tables["population"]
    pop = pop[pop["region"] == region]
    resident = pop[pop["population_type"] == "resident"].set_index("year")
    census = pop[pop["population_type"] == "census_resident"].set_index("year")
    rows = []
    for _, r in hv.iterrows():
        year = int(r["year"])
        src = resident if year in resident.index else census if year in census.index else None
        if src is None:
            continue
        p = src.loc[year]
        status = _any_illustrative(pd.Series([r["status"], p["status"]]))
        rows.append(
            {
                "year": year,
                "value": r["value"] / p["population_10k"],
                "status": status,
                "source": f"{r['source']} / {p['source']}",
                PART_STATUSES: (r["status"], p["status"]),
            }
        )
    return pd.DataFrame(rows, columns=[*SERIES_COLUMNS, PART_STATUSES])


@dataclass
class Evaluation:
    """One target against its series. ``reason`` is a code; ``reason_values`` its numbers
    (``text.targets.reason`` writes the sentence)."""

    target: Target
    series: pd.DataFrame
    latest_year: int | None = None
    latest: float | None = None
    gap: float | None = None  # still to go, in the metric's unit (0 when achieved)
    recent_pace: float | None = None  # change per year, recent window
    required_pace: float | None = None  # change per year still needed
    projected: float | None = None  # latest + recent pace x years left
    probability: float | None = None  # forecast probability of meeting the target
    #: how often real regions near the latest value reached the target as many years later
    #: (intensity targets; China's provinces of the reference panel)
    base_rate: base_rate.BaseRate | None = None
    status: str = "no_data"
    reason: str = "no_data"
    reason_values: dict = field(default_factory=dict)


def _sign(target: Target) -> int:
    return 1 if target.direction == "at_least" else -1


def evaluate(
    series: pd.DataFrame,
    target: Target,
    target_year: int,
    rule: StatusRule,
    use_forecast: bool = True,
    n_paths: int = 2000,
    panel: pd.DataFrame | None = None,
) -> Evaluation:
    """Latest value, gap, recent and required pace, projection, probability and status; with
    ``panel`` (the reference_panel table), the base rate of an R&D-intensity target."""
    if series.empty:
        reason = "no_metric" if not target.has_metric else "no_data"
        return Evaluation(target, series, reason=reason)
    s = series.sort_values("year")
    last = s.iloc[-1]
    year, value, goal = int(last["year"]), float(last["value"]), float(target.value)
    sign = _sign(target)
    gap = max(sign * (goal - value), 0.0)
    window = s[s["year"] >= year - rule.recent_years]
    span = int(window["year"].iloc[-1] - window["year"].iloc[0])
    recent = (window["value"].iloc[-1] - window["value"].iloc[0]) / span if span else None
    left = target_year - year
    required = (goal - value) / left if left > 0 else None
    projected = value + recent * left if recent is not None and left > 0 else None
    probability = None
    if use_forecast and target.forecast and left > 0 and len(s) >= forecast.MIN_POINTS:
        probability = _probability(s, goal, target_year, n_paths)
        if probability is not None and sign < 0:
            probability = 1 - probability
    ev = Evaluation(target, s, year, value, gap, recent, required, projected, probability)
    if panel is not None and target.measured_on == "rd_intensity" and left > 0 and sign > 0:
        ev.base_rate = base_rate.base_rate(panel, value, goal, left)
    ev.status, ev.reason, ev.reason_values = _status(ev, left, rule)
    return ev


def _probability(s: pd.DataFrame, goal: float, target_year: int, n_paths: int) -> float | None:
    values = s.set_index("year")["value"]
    if not ((values > 0) & (values < 100)).all():
        return None
    try:
        res = forecast.forecast_series(values, target_year, n_paths=n_paths, diagnostics=False)
    except RDAnalysisError:
        return None
    return res.forecast.probability_at_least(goal, target_year)


def _status(ev: Evaluation, left: int, rule: StatusRule) -> tuple[str, str, dict]:
    sign, goal = _sign(ev.target), float(ev.target.value)
    if sign * (ev.latest - goal) >= 0:
        return "achieved", "achieved", {"latest": ev.latest, "target": goal}
    if left <= 0:
        return "off_track", "target_year_passed", {}
    p = ev.probability
    if p is not None:
        values = {"probability": p, "threshold": rule.on_track_probability}
        if p >= rule.on_track_probability:
            recent = ev.recent_pace
            if recent is not None and sign * recent < 0:  # likely, but moving away from it now
                return "at_risk", "probability_on_falling", {**values, "recent": recent}
            return "on_track", "probability_on", values
        if p >= rule.at_risk_probability:
            return "at_risk", "probability_risk", values
        return "off_track", "probability_off", values
    if ev.projected is not None and sign * (ev.projected - goal) >= 0:
        return "on_track", "projection", {"projected": ev.projected}
    recent, required = ev.recent_pace, ev.required_pace
    if recent and sign * recent > 0 and abs(required) <= rule.at_risk_pace_ratio * abs(recent):
        return "at_risk", "pace_ratio", {"ratio": required / recent}
    return "off_track", "pace_off", {"required": required, "recent": recent}


def baseline(series: pd.DataFrame, year: int) -> tuple[int | None, float | None]:
    """The value in the plan's baseline year, or the first year after it with data."""
    after = series[series["year"] >= year].sort_values("year") if not series.empty else series
    if after.empty:
        return None, None
    return int(after["year"].iloc[0]), float(after["value"].iloc[0])


def table(plan: Plan, evals: list[Evaluation]) -> pd.DataFrame:
    """One row per target: codes and numbers (``text.dashboard.dashboard_table`` adds the words)."""
    rows = []
    for ev in evals:
        t = ev.target
        base_year, base = baseline(ev.series, plan.baseline_year)
        illustrative = not ev.series.empty and ev.series["status"].eq("illustrative").any()
        rows.append(
            {
                "id": t.id,
                "target_name": t.name,
                "baseline_year": base_year,
                "baseline": base,
                "unit": t.unit,
                "direction": t.direction,
                "latest_year": ev.latest_year,
                "latest": ev.latest,
                "target": t.value,
                "gap": ev.gap,
                "recent_pace": ev.recent_pace,
                "required_pace": ev.required_pace,
                "probability": ev.probability,
                "status": ev.status,
                "reason": ev.reason,
                "responsible": "、".join(t.responsible),
                "data": "illustrative"
                if illustrative
                else (_any_illustrative(ev.series["status"]) if ev.latest is not None else "none"),
                "measured_on": t.measured_on,
                "data_needed": t.data,
            }
        )
    return pd.DataFrame(rows)


def sources(evals: list[Evaluation]) -> list[str]:
    """The distinct sources of the series behind the evaluations."""
    frames = [ev.series for ev in evals if not ev.series.empty and "source" in ev.series]
    return indicators.sources_of(*frames) if frames else []
