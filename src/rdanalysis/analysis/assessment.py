"""The end of a plan: achieved or missed (by how much) for every target in the target year, the
path from the baseline against the required straight path, what drove the change in intensity
(the sector and county decompositions over the plan period) and whose targets were missed.

Pure: a plan, its evaluations and the decompositions of the plan period in, an ``Assessment`` out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rdanalysis.analysis.targets import baseline
from rdanalysis.plan import Plan


@dataclass
class Assessment:
    final_year: int  # the plan's target year
    results: pd.DataFrame  # one row per target: final value, outcome, shortfall
    paths: pd.DataFrame  # id, year, actual, required (straight line baseline -> target)
    #: the intensity decompositions of the plan period (``views.decomposition.effects``, a
    #: ``DecompositionView``: effects and meta), by sector and over the sub-regions; None: missing
    sector: object | None
    county: object | None
    units: pd.DataFrame  # one row per responsible unit: targets, missed, which
    decomposition_notes: dict  # by -> why a decomposition is missing

    @property
    def missed(self) -> pd.DataFrame:
        return self.results[self.results["outcome"] == "missed"]


def outcome(final: float | None, target: float, direction: str) -> tuple[str, float | None]:
    """'achieved' / 'missed' / 'no_data', and by how much it was missed (metric's unit, >= 0)."""
    if final is None or pd.isna(final):
        return "no_data", None
    short = (target - final) if direction == "at_least" else (final - target)
    return ("achieved", 0.0) if short <= 0 else ("missed", float(short))


def _results(plan: Plan, evals: list) -> pd.DataFrame:
    rows = []
    for ev in evals:
        t, s = ev.target, ev.series
        final_rows = s[s["year"] == plan.target_year] if not s.empty else s
        final = float(final_rows["value"].iloc[0]) if not final_rows.empty else None
        result, short = outcome(final, float(t.value), t.direction)
        base_year, base = baseline(s, plan.baseline_year)
        rows.append(
            {
                "id": t.id,
                "target_name": t.name,
                "unit": t.unit,
                "baseline_year": base_year,
                "baseline": base,
                "final_year": plan.target_year,
                "final": final,
                "target": float(t.value),
                "outcome": result,
                "shortfall": short,
                "shortfall_pct": short / abs(t.value) * 100 if short and t.value else short,
                "responsible": "、".join(t.responsible),
                "data_needed": t.data,
            }
        )
    return pd.DataFrame(rows)


def required_path(base_year: int, base: float, target_year: int, target: float) -> pd.DataFrame:
    """The straight path from the baseline value to the target: year, required."""
    years = list(range(base_year, target_year + 1))
    span = target_year - base_year
    values = [base + (target - base) * (y - base_year) / span if span else target for y in years]
    return pd.DataFrame({"year": years, "required": values})


def _paths(plan: Plan, results: pd.DataFrame, evals: list) -> pd.DataFrame:
    frames = []
    for ev, r in zip(evals, results.itertuples(), strict=True):
        if (
            r.baseline_year is None
            or pd.isna(r.baseline_year)
            or r.baseline_year >= plan.target_year
        ):
            continue
        path = required_path(int(r.baseline_year), r.baseline, plan.target_year, r.target)
        actual = ev.series.set_index("year")["value"]
        path["actual"] = path["year"].map(actual)
        frames.append(path.assign(id=r.id, target_name=r.target_name, unit=r.unit))
    cols = ["id", "target_name", "unit", "year", "actual", "required"]
    return pd.concat(frames, ignore_index=True)[cols] if frames else pd.DataFrame(columns=cols)


def _units(results: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    rows = []
    for t, r in zip(plan.targets, results.itertuples(), strict=True):
        for unit in t.responsible:
            rows.append({"responsible": unit, "target_name": t.name, "outcome": r.outcome})
    if not rows:
        return pd.DataFrame(columns=["responsible", "n_targets", "n_missed", "missed_targets"])
    frame = pd.DataFrame(rows)
    out = frame.groupby("responsible", sort=False).agg(
        n_targets=("target_name", "size"),
        n_missed=("outcome", lambda s: int((s == "missed").sum())),
        missed_targets=(
            "target_name",
            lambda s: "、".join(s[frame.loc[s.index, "outcome"] == "missed"]),
        ),
    )
    return out.reset_index().sort_values("n_missed", ascending=False, kind="stable")


def assess(
    plan: Plan,
    evals: list,
    sector: object | None,
    county: object | None,
    notes: dict,
) -> Assessment:
    """The end-of-plan assessment of ``plan`` (its target year has data), with the sector and
    county decompositions over the plan period (None where missing, ``notes`` say why)."""
    results = _results(plan, evals)
    return Assessment(
        plan.target_year,
        results,
        _paths(plan, results, evals),
        sector,
        county,
        _units(results, plan),
        notes,
    )
