"""How the processed figures compare with what is published (pure): the revision of each
intensity between its first release and its revision, and the upper bounds inferred from
published rankings that illustrative figures must respect."""

from __future__ import annotations

import operator

import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import indicators

_RELATIONS = {"<": operator.lt, "<=": operator.le}


def revised_vintage(observations: pd.DataFrame) -> str | None:
    """The intensity vintage the rule prefers that the data has (e.g. yearbook_2024)."""
    present = set(observations.loc[observations["measure"] == "rd_intensity", "vintage"])
    for entry in reference.vintage_rules()["preference"]["rd_intensity"]:
        if entry in present and entry != "first_release":
            return entry
    return None


def revision_table(observations: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """First release vs revised R&D intensity (%) per region and year, largest revisions first.

    Columns: region, year, first_release_pct, revised_pct (the vintage the rule prefers),
    computed_pct (yearbook R&D / NBS latest GDP, where both exist), revision_pp (revised minus
    first release), vintage. Rows need both a first release and a revision.
    """
    vintage = revised_vintage(observations)
    cols = ["region", "year", "first_release_pct", "revised_pct", "computed_pct", "revision_pp"]
    if vintage is None:
        return pd.DataFrame(columns=[*cols, "vintage"])
    obs = observations[
        (observations["sector"] == "total") & (observations["basis"] == "comparable")
    ]

    def pick(measure: str, vint: str, name: str) -> pd.DataFrame:
        sub = obs[(obs["measure"] == measure) & (obs["vintage"] == vint)]
        return sub.drop_duplicates(["region", "year"])[["region", "year", "value"]].rename(
            columns={"value": name}
        )

    table = pick("rd_intensity", "first_release", "first_release_pct").merge(
        pick("rd_intensity", vintage, "revised_pct"), on=["region", "year"]
    )
    computed = pick("rd_expenditure", "yearbook", "rd").merge(
        pick("gdp", "nbs_latest", "gdp"), on=["region", "year"]
    )
    computed["computed_pct"] = computed["rd"] / computed["gdp"] * 100
    table = table.merge(computed[["region", "year", "computed_pct"]], how="left")
    table["revision_pp"] = table["revised_pct"] - table["first_release_pct"]
    table["vintage"] = vintage
    table = table.reindex(table["revision_pp"].abs().sort_values(ascending=False).index)
    table = table.reset_index(drop=True)
    return table.head(limit) if limit else table


def bounds_check(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each published upper bound next to the loaded value it constrains, and whether it holds.

    Columns: region, year, measure, relation, bound, unit, value, status (of the value), holds.
    Intensity values come from ``indicators.intensity_series`` (what every report shows). A
    bound without a loaded value has value NaN and holds None: it could not be checked.
    """
    rows = []
    for b in tables["bounds"].itertuples():
        series = indicators.intensity_series(
            tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], b.region
        ).set_index("year")
        column = "rd_intensity_pct" if b.measure == "rd_intensity" else "rd_expenditure_100m_yuan"
        value = series[column].get(b.year) if b.year in series.index else None
        value = float("nan") if value is None or pd.isna(value) else float(value)
        status = series["status"].get(b.year) if b.year in series.index else None
        ok = None if pd.isna(value) else bool(_RELATIONS[b.relation](value, b.bound))
        rows.append(
            {
                "region": b.region,
                "year": b.year,
                "measure": b.measure,
                "relation": b.relation,
                "bound": b.bound,
                "unit": b.unit,
                "value": value,
                "status": status,
                "holds": ok,
                "source": b.source,
            }
        )
    return pd.DataFrame(rows)
