"""The dashboard of a plan: one computation for notebook 00 and ``rdanalysis targets``.

Every target evaluated against the plan's target year (``analysis.targets``). When the data reach
the plan's target year the view is an end-of-plan assessment (``analysis.assessment``); before
that it is the outlook, with what a draft target implies (``analysis.drafting``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import assessment, drafting, enterprises
from rdanalysis.analysis.assessment import Assessment
from rdanalysis.analysis.drafting import Drafting
from rdanalysis.analysis.targets import Evaluation, evaluate, series_for, table
from rdanalysis.analysis.views import decomposition
from rdanalysis.errors import RDAnalysisError
from rdanalysis.plan import Plan


@dataclass
class Dashboard:
    """What a plan's dashboard shows: one computation for the notebook and the CLI."""

    plan: Plan
    region: str
    mode: str  # "outlook" before the target year has data, "assessment" once it has
    latest_year: int | None  # the latest actual year of any target
    table: pd.DataFrame
    evaluations: list[Evaluation]
    illustrative: bool
    assessment: Assessment | None = None
    drafting: list[Drafting] = field(default_factory=list)  # per intensity target
    #: enterprises left out of the coverage targets as outside the plan's region: file, county,
    #: enterprises (rows); empty when none is, or no target is measured on coverage
    outside_enterprises: pd.DataFrame = field(default_factory=pd.DataFrame)


def latest_year(evals: list[Evaluation]) -> int | None:
    years = [ev.latest_year for ev in evals if ev.latest_year is not None]
    return max(years) if years else None


def build(
    tables: dict[str, pd.DataFrame],
    plan: Plan,
    use_forecast: bool = True,
    n_paths: int = 2000,
    gdp_growths: tuple[float, ...] = (0.03, 0.05, 0.07),
) -> Dashboard:
    """The dashboard of ``plan``: every target evaluated against the plan's target year; an
    end-of-plan assessment when the data reach that year, else the outlook and what the
    intensity targets imply per sector and county."""
    panel = tables.get("reference_panel")
    evals = [
        evaluate(
            series_for(tables, t, plan.region),
            t,
            plan.target_year,
            plan.status_rule,
            use_forecast,
            n_paths,
            panel,
        )
        for t in plan.targets
    ]
    frame = table(plan, evals)
    last = latest_year(evals)
    mode = "assessment" if last is not None and last >= plan.target_year else "outlook"
    board = Dashboard(
        plan, plan.region, mode, last, frame, evals, bool(frame["data"].eq("illustrative").any())
    )
    if any(t.measured_on.startswith("coverage_") for t in plan.targets):
        ent = tables["enterprises"]
        board.outside_enterprises = enterprises.outside(ent, plan.region, reference.of(tables))
    if mode == "assessment":
        board.assessment = _assess(tables, plan, evals)
    else:
        board.drafting = [
            drafting.draft(tables, plan, ev, gdp_growths)
            for ev in evals
            if ev.target.measured_on == "rd_intensity" and ev.latest_year is not None
        ]
    return board


def _decomposition(
    tables: dict, plan: Plan, by: str
) -> tuple[decomposition.DecompositionView | None, str]:
    try:
        return (
            decomposition.effects(tables, by, plan.region, plan.baseline_year, plan.target_year),
            "",
        )
    except RDAnalysisError as err:
        return None, str(err)


def _assess(tables: dict[str, pd.DataFrame], plan: Plan, evals: list) -> Assessment:
    """The end-of-plan assessment, with the sector and county decompositions of the plan
    period (a missing one is None, and its note says why)."""
    sector, sector_note = _decomposition(tables, plan, "sector")
    county, county_note = (
        _decomposition(tables, plan, "region")
        if reference.of(tables).children(plan.region)
        else (None, f"{plan.region}: no sub-regions declared")
    )
    notes = {k: v for k, v in (("sector", sector_note), ("county", county_note)) if v}
    return assessment.assess(plan, evals, sector, county, notes)
