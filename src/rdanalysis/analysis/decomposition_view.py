"""The decomposition `rdanalysis decompose` shows: of R&D intensity (two factors) or of R&D
spending (activity, structure, intensity), in the additive or the multiplicative LMDI-I form.
Pure: the processed tables go in, an effects table and what it covers come out."""

from __future__ import annotations

import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import decompose, indicators, outlook, structure
from rdanalysis.errors import RDAnalysisError

FORMS = ("additive", "multiplicative")
FACTORS = ("intensity", "spending")


def view(
    tables: dict[str, pd.DataFrame],
    by: str,
    region: str = reference.CITY,
    start: int = 0,
    end: int = 0,
    form: str = "additive",
    factors: str = "intensity",
) -> tuple[pd.DataFrame, dict]:
    """Effects table and metadata for ``by`` ('sector' or 'county'), ``factors`` and ``form``.

    Additive: ``effect_pp`` (intensity) or ``effect_100m_yuan`` (spending) add up to the change.
    Multiplicative: an ``index`` column is added, exp(effect / L(V_T, V_0)); the product of the
    indices is V_T / V_0 (``ratio`` in the metadata).
    """
    if form not in FORMS or factors not in FACTORS:
        raise RDAnalysisError(
            f"form '{form}' / factors '{factors}': expected form in {FORMS}, factors in {FACTORS}"
        )
    if factors == "intensity":
        frame, meta = structure.decomposition_table(tables, by, region, start, end)
        value, v0 = "effect_pp", meta["intensity_from_pct"]
    else:
        frame, meta = _spending(tables, by, region, start, end)
        value, v0 = "effect_100m_yuan", meta["spending_from_100m_yuan"]
    # The end value as start + the effects (they add up to the change exactly), so that the
    # product of the indices is the ratio up to floating point, not up to the rounding in meta.
    v1 = v0 + float(frame[value].sum())
    meta = {**meta, "factors": factors, "form": form}
    if form == "multiplicative":
        frame = decompose.with_indices(frame, value, v0, v1)
        meta["ratio"] = round(v1 / v0, 6)
        meta["product_of_indices"] = round(float(frame["index"].prod()), 6)
    return frame, meta


def _spending(
    tables: dict[str, pd.DataFrame], by: str, region: str, start: int, end: int
) -> tuple[pd.DataFrame, dict]:
    if by == "sector":
        name = outlook.check_region(region)
        matrix = decompose.sector_matrix(tables["rd_expenditure"], name)
        gdp = indicators.comparable_gdp(tables["gdp"], name).set_index("year")["gdp_100m_yuan"]
        usable = [y for y in decompose.sector_years(matrix) if y in gdp.index]
        y0, y1 = decompose.pick_years(usable, start, end)
        parts = matrix.drop(columns="total", errors="ignore")
        dec = decompose.sector_spending(
            parts.loc[y0].dropna(), parts.loc[y1].dropna(), gdp[y0], gdp[y1], y0, y1
        )
        rows = tables["rd_expenditure"][tables["rd_expenditure"]["region"] == name]
        is_illustrative = rows[rows["year"].isin([y0, y1])]["status"].eq("illustrative").any()
    else:
        name = reference.CITY
        dec, status = decompose.spending_table(tables, name, start, end)
        is_illustrative = bool((status == "illustrative").to_numpy().any())
    meta = {
        "region": name,
        "by": by,
        "from": dec.start,
        "to": dec.end,
        "spending_from_100m_yuan": round(dec.spending_start, 6),
        "spending_to_100m_yuan": round(dec.spending_end, 6),
        "change_100m_yuan": round(dec.change, 6),
        "residual_100m_yuan": float(f"{dec.residual:.1e}"),
        "status": "illustrative" if is_illustrative else "real",
    }
    return dec.effects, meta
