"""Every quantified target of the action plan: its series, latest value, paces and status.

The registry (plans/tongliao-2023.yml) defines each target, its responsible units and the status
rule; this module computes (pure: processed tables in, DataFrames out).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import decompose, forecast, indicators
from rdanalysis.errors import RDAnalysisError
from rdanalysis.text.targets import STATUS_LIGHT, STATUS_ZH

COVERAGE_FLAGS = {
    "coverage_institution": "has_rd_institution",
    "coverage_activity": "has_rd_activity",
}


def registry() -> dict:
    """The target registry (plan, status rule, targets, tasks)."""
    return reference.target_registry()


def _status_of(rows: pd.DataFrame) -> pd.Series:
    return rows["status"].map(lambda s: "illustrative" if s == "illustrative" else "real")


def _innovation(tables: dict, region: str, measure: str) -> pd.DataFrame:
    inn = tables["innovation"]
    sub = inn[(inn["region"] == region) & (inn["measure"] == measure) & (inn["period"] == "")]
    return sub.sort_values("year")


def series_for(
    tables: dict[str, pd.DataFrame], spec: dict, region: str = reference.CITY
) -> pd.DataFrame:
    """Yearly values of one target's metric: columns year, value, status (real/illustrative)."""
    tid = spec["id"]
    if tid == "rd_intensity":
        s = indicators.intensity_series(
            tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], region
        )
        out = pd.DataFrame(
            {
                "year": s["year"],
                "value": s["rd_intensity_pct"],
                "status": _status_of(s),
                "source": s["source"],
            }
        )
    elif tid in ("enterprise_share", "institutes_hospitals_share"):
        rd = tables["rd_expenditure"]
        matrix = decompose.sector_matrix(rd, region)
        shares = decompose.plan_shares(matrix)
        shares = shares[shares["indicator"] == tid]
        parts = rd[(rd["region"] == region) & (rd["sector"] != "total")].groupby("year")
        status = parts["status"].agg(
            lambda s: "illustrative" if (s == "illustrative").any() else "real"
        )
        source = parts["source"].agg(lambda s: " / ".join(dict.fromkeys(s)))
        out = pd.DataFrame(
            {
                "year": shares["year"],
                "value": shares["value_pct"],
                "status": shares["year"].map(status),
                "source": shares["year"].map(source),
            }
        )
    elif tid.startswith("coverage_"):
        out = _coverage_series(tables["enterprises"], tid)
    elif tid == "high_value_patents_per_10k":
        out = _per_10k(tables, region)
    elif tid == "ip_pledge_cumulative":
        flows = _innovation(tables, region, "ip_pledge_financing")
        flows = flows[flows["year"] >= spec.get("cumulative_from", 0)]
        out = pd.DataFrame(
            {
                "year": flows["year"],
                "value": flows["value"].cumsum(),
                "status": _status_of(flows),
                "source": flows["source"],
            }
        )
    else:
        sub = _innovation(tables, region, tid)
        out = pd.DataFrame(
            {
                "year": sub["year"],
                "value": sub["value"],
                "status": _status_of(sub),
                "source": sub["source"],
            }
        )
    return out.dropna(subset=["value"]).astype({"year": int}).reset_index(drop=True)


def _coverage_series(ent: pd.DataFrame, tid: str) -> pd.DataFrame:
    if ent.empty:
        return pd.DataFrame(columns=["year", "value", "status", "source"])
    flag = (
        ent["rd_expenditure_10k_yuan"] > 0
        if tid == "coverage_spending"
        else ent[COVERAGE_FLAGS[tid]].astype(bool)
    )
    g = ent.assign(flag=flag).groupby("year")
    return pd.DataFrame(
        {
            "value": g["flag"].mean() * 100,
            "status": g["status"].agg(
                lambda s: "illustrative" if (s == "illustrative").any() else "real"
            ),
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
        status = "illustrative" if "illustrative" in (r["status"], p["status"]) else "real"
        rows.append(
            {
                "year": year,
                "value": r["value"] / p["population_10k"],
                "status": status,
                "source": f"{r['source']} / {p['source']}",
            }
        )
    return pd.DataFrame(rows, columns=["year", "value", "status", "source"])


@dataclass
class Evaluation:
    spec: dict
    series: pd.DataFrame
    latest_year: int | None
    latest: float | None
    gap: float | None
    recent_pace: float | None
    required_pace: float | None
    projected: float | None
    probability: float | None
    status: str
    reason: str


def evaluate(
    series: pd.DataFrame,
    spec: dict,
    target_year: int,
    rule: dict | None = None,
    use_forecast: bool = True,
    n_paths: int = 2000,
) -> Evaluation:
    """Latest value, gap, recent and required pace, projection, probability and status."""
    rule = rule or registry()["status_rule"]
    if series.empty:
        return Evaluation(
            spec,
            series,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "no_data",
            "no data for this target",
        )
    s = series.sort_values("year")
    last = s.iloc[-1]
    year, value, target = int(last["year"]), float(last["value"]), float(spec["target"])
    gap = max(target - value, 0.0)
    window = s[s["year"] >= year - rule["recent_years"]]
    span = int(window["year"].iloc[-1] - window["year"].iloc[0])
    recent = (window["value"].iloc[-1] - window["value"].iloc[0]) / span if span else None
    left = target_year - year
    required = gap / left if left > 0 else None
    projected = value + recent * left if recent is not None and left > 0 else None
    probability = None
    if use_forecast and spec.get("forecast") and left > 0 and len(s) >= forecast.MIN_POINTS:
        probability = _probability(s, target, target_year, n_paths)
    status, reason = _status(value, target, left, recent, required, projected, probability, rule)
    return Evaluation(
        spec, s, year, value, gap, recent, required, projected, probability, status, reason
    )


def _probability(s: pd.DataFrame, target: float, target_year: int, n_paths: int) -> float | None:
    values = s.set_index("year")["value"]
    if not ((values > 0) & (values < 100)).all():
        return None
    try:
        res = forecast.forecast_series(values, target_year, n_paths=n_paths, diagnostics=False)
    except RDAnalysisError:
        return None
    return res.forecast.probability_at_least(target, target_year)


def _status(
    value: float,
    target: float,
    left: int,
    recent: float | None,
    required: float | None,
    projected: float | None,
    probability: float | None,
    rule: dict,
) -> tuple[str, str]:
    if value >= target:
        return "achieved", f"最新值{value:.3g}已达到目标{target:g}"
    if left <= 0:
        return "off_track", "目标年已到,仍未达到"
    if probability is not None:
        if probability >= rule["on_track_probability"]:
            return "on_track", f"预测达标概率{probability:.0%}≥{rule['on_track_probability']:.0%}"
        if probability >= rule["at_risk_probability"]:
            return "at_risk", f"预测达标概率{probability:.0%}"
        return "off_track", f"预测达标概率仅{probability:.0%}"
    if projected is not None and projected >= target:
        return "on_track", f"按近期速度外推至目标年为{projected:.3g}"
    if recent is not None and recent > 0 and required <= rule["at_risk_pace_ratio"] * recent:
        return "at_risk", f"所需速度为近期速度的{required / recent:.1f}倍"
    pace = f"近期速度{recent:.3g}/年" if recent is not None else "近期速度未知"
    return "off_track", f"所需速度{required:.3g}/年,{pace}"


def dashboard(
    tables: dict[str, pd.DataFrame],
    target_year: int | None = None,
    region: str = reference.CITY,
    use_forecast: bool = True,
    n_paths: int = 2000,
) -> tuple[pd.DataFrame, list[Evaluation]]:
    """One row per target of the registry, with its evaluation; and the evaluations."""
    reg = registry()
    target_year = target_year or reg["plan"]["target_year"]
    baseline_year = reg["plan"]["baseline_year"]
    evals, rows = [], []
    for spec in reg["targets"]:
        ev = evaluate(
            series_for(tables, spec, region),
            spec,
            target_year,
            reg["status_rule"],
            use_forecast,
            n_paths,
        )
        evals.append(ev)
        illustrative = (
            ev.series["status"].eq("illustrative").any() if not ev.series.empty else False
        )
        base_year, base = baseline(ev.series, baseline_year)
        rows.append(
            {
                "id": spec["id"],
                "target_name": spec["name"],
                "baseline_year": base_year,
                "baseline": base,
                "unit": spec["unit"],
                "latest_year": ev.latest_year,
                "latest": ev.latest,
                "target": spec["target"],
                "gap": ev.gap,
                "recent_pace": ev.recent_pace,
                "required_pace": ev.required_pace,
                "probability": ev.probability,
                "status": ev.status,
                "light": STATUS_LIGHT[ev.status],
                "status_zh": STATUS_ZH[ev.status],
                "reason": ev.reason,
                "responsible": "、".join(spec["responsible"]),
                "data_status": "示例数据"
                if illustrative
                else ("真实数据" if ev.latest is not None else "无数据"),
            }
        )
    return pd.DataFrame(rows), evals


def sources(evals: list[Evaluation]) -> str:
    """The distinct sources of the series behind the evaluations, for a caption."""
    frames = [ev.series for ev in evals if not ev.series.empty and "source" in ev.series]
    return ";".join(indicators.sources_of(*frames)) if frames else ""


def baseline(series: pd.DataFrame, year: int) -> tuple[int | None, float | None]:
    """The value in the plan's baseline year, or the first year after it with data."""
    after = series[series["year"] >= year].sort_values("year") if not series.empty else series
    if after.empty:
        return None, None
    return int(after["year"].iloc[0]), float(after["value"].iloc[0])
