"""The decomposition `rdanalysis decompose` shows: of R&D intensity (two factors) or of R&D
spending (activity, structure, intensity), in the additive or the multiplicative LMDI-I form.
Pure: the processed tables go in, an effects table and what it covers come out."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import decompose, indicators
from rdanalysis.analysis.views import regions, splits
from rdanalysis.analysis.views._common import coverage, same_region
from rdanalysis.errors import RDAnalysisError

FORMS = ("additive", "multiplicative")
FACTORS = ("intensity", "spending")
#: --by values: 'region' (or 'county', the same) decomposes over the sub-regions of ``region``.
BY = ("region", "county", *splits.SPLITS)


@dataclass(frozen=True)
class DecompositionView:
    """A decomposition's effects and what it covers."""

    #: unit, factor and ``effect_pp`` (intensity) or ``effect_100m_yuan`` (spending); ``index``
    #: too in the multiplicative form
    effects: pd.DataFrame
    #: region, by, from, to, the levels and the change, status (and how much of the region its
    #: sub-regions cover, over sub-regions)
    meta: dict

    @property
    def region(self) -> str:
        return self.meta["region"]


def build(
    tables: dict[str, pd.DataFrame],
    by: str,
    region: str = reference.CITY,
    start: int = 0,
    end: int = 0,
    form: str = "additive",
    factors: str = "intensity",
) -> DecompositionView:
    """Effects table and metadata for ``by`` ('sector', 'funding', 'activity', or 'region' /
    'county': the sub-regions of ``region``), ``factors`` and ``form``; for ``region`` and no
    other. Over sub-regions, the intensity and spending are the children's sums (keys named
    ``children_…``) and the metadata say how much of the region's own GDP and R&D they cover.

    Additive: ``effect_pp`` (intensity) or ``effect_100m_yuan`` (spending) add up to the change.
    Multiplicative: an ``index`` column is added, exp(effect / L(V_T, V_0)); the product of the
    indices is V_T / V_0 (``ratio`` in the metadata).
    """
    if form not in FORMS or factors not in FACTORS:
        raise RDAnalysisError(
            f"form '{form}' / factors '{factors}': expected form in {FORMS}, factors in {FACTORS}"
        )
    if factors == "intensity":
        found = effects(tables, by, region, start, end)
        frame, meta = found.effects, found.meta
        value, v0 = "effect_pp", _start(meta, "intensity_from_pct")
    else:
        frame, meta = _spending(tables, by, region, start, end)
        value, v0 = "effect_100m_yuan", _start(meta, "spending_from_100m_yuan")
    # The end value as start + the effects (they add up to the change exactly), so that the
    # product of the indices is the ratio up to floating point, not up to the rounding in meta.
    v1 = v0 + float(frame[value].sum())
    meta = {**meta, "factors": factors, "form": form}
    if form == "multiplicative":
        frame = decompose.with_indices(frame, value, v0, v1)
        meta["ratio"] = round(v1 / v0, 6)
        meta["product_of_indices"] = round(float(frame["index"].prod()), 6)
    return DecompositionView(frame, meta)


def effects(
    tables: dict[str, pd.DataFrame],
    by: str,
    region: str = reference.CITY,
    start: int = 0,
    end: int = 0,
) -> DecompositionView:
    """The intensity effects table for ``by`` (region / county / sector / funding / activity)
    and what it covers: the same numbers the notebooks show (``regions.build`` /
    ``splits.build``)."""
    asked = reference.check_region(region, reference.of(tables))
    if by in ("region", "county"):
        view = regions.build(tables, asked, start, end)
        same_region(asked, view.region, "decomposition")
        return DecompositionView(view.decomposition.effects, view.meta(by))
    split = splits.build(tables, asked, by, start, end)
    same_region(asked, split.region, "decomposition")
    return DecompositionView(split.effects, split.meta())


def _start(meta: dict, key: str) -> float:
    """The start value: the region's own, or its children's sum (``children_`` + key)."""
    return meta[key] if key in meta else meta[f"children_{key}"]


def _spending(
    tables: dict[str, pd.DataFrame], by: str, region: str, start: int, end: int
) -> tuple[pd.DataFrame, dict]:
    name = reference.check_region(region, reference.of(tables))
    covered = None
    if by == "sector":
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
    elif by in ("region", "county"):
        if not reference.of(tables).children(name):
            raise RDAnalysisError(
                f"region '{name}' has no sub-regions (declare them in regions.csv beside your "
                "data: name, parent, level)"
            )
        dec, status = decompose.spending_table(tables, name, start, end)
        is_illustrative = bool((status == "illustrative").to_numpy().any())
        covered = coverage(tables, name, dec.end)
    else:
        raise RDAnalysisError(
            f"--by {by} with --factors spending: expected sector, region or county (the "
            "spending of a split by funding or activity is not decomposed)"
        )
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
    if by != "sector":  # the spending here is the children's sum, not the parent's own
        meta["children"] = len(reference.of(tables).children(name))
        for key in ("spending_from_100m_yuan", "spending_to_100m_yuan"):
            meta[f"children_{key}"] = meta.pop(key)
        if covered is not None:
            meta.update(covered.meta())
    same_region(name, meta["region"], "decomposition")
    return dec.effects, meta
