"""Assemble the structure decompositions for one region from the processed tables (pure)."""

from __future__ import annotations

import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import decompose, indicators
from rdanalysis.errors import RDAnalysisError


def decomposition_table(
    tables: dict[str, pd.DataFrame],
    by: str,
    region: str = reference.CITY,
    start: int = 0,
    end: int = 0,
) -> tuple[pd.DataFrame, dict]:
    """The effects table for ``by`` = 'sector' or 'county', and what it covers."""
    if by == "sector":
        name = reference.resolve_region(region)
        if name is None:
            hint = reference.suggest_region(region)
            raise RDAnalysisError(
                f"unknown region '{region}'{f' (did you mean {hint}?)' if hint else ''}"
            )
        matrix = decompose.sector_matrix(tables["rd_expenditure"], name)
        gdp = indicators.comparable_gdp(tables["gdp"], name).set_index("year")["gdp_100m_yuan"]
        usable = [y for y in decompose.sector_years(matrix) if y in gdp.index]
        y0, y1 = decompose.pick_years(usable, start, end)
        parts = matrix.drop(columns="total", errors="ignore")
        x0, x1 = parts.loc[y0].dropna(), parts.loc[y1].dropna()
        dec = decompose.decompose_sectors(x0, x1, gdp[y0], gdp[y1], y0, y1)
        frame = decompose.sector_effects_table(dec, x0, x1, gdp[y0], gdp[y1])
        rows = tables["rd_expenditure"][tables["rd_expenditure"]["region"] == name]
    else:
        name = reference.CITY
        rd_w, gdp_w, _ = decompose.county_panel(tables["rd_expenditure"], tables["gdp"])
        years = [
            y
            for y in rd_w.columns
            if rd_w[y].notna().any() and y in gdp_w.columns and gdp_w[y].notna().all()
        ]
        y0, y1 = decompose.pick_years(years, start, end)
        dec = decompose.decompose_counties(
            rd_w[y0], rd_w[y1], gdp_w[y0], gdp_w[y1], y0, y1, missing="zero"
        )
        frame = dec.effects
        rows = tables["rd_expenditure"][
            tables["rd_expenditure"]["region"].isin(reference.counties())
        ]
    rows = rows[rows["year"].isin([y0, y1])]
    meta = {
        "region": name,
        "by": by,
        "from": y0,
        "to": y1,
        "intensity_from_pct": round(dec.intensity_start, 6),
        "intensity_to_pct": round(dec.intensity_end, 6),
        "change_pp": round(dec.change, 6),
        "residual_pp": float(f"{dec.residual:.1e}"),
        "status": "illustrative" if rows["status"].eq("illustrative").any() else "real",
    }
    return frame, meta
