"""Decompositions of R&D intensity (pure functions; DataFrames in, DataFrames out).

By performing sector (R = sum_i X_i / Y x 100): the change between two years is split exactly,
LMDI-I additive (Ang 2005, 2015), into one R&D-spending effect per sector and one GDP-denominator
effect. By banner/county (R = sum_c s_c r_c, s_c = Y_c / Y, r_c = X_c / Y_c x 100): into a
structure effect (GDP shares shifting) and an intensity effect per county.

Zero values take their analytical limits (Ang & Liu 2007; Wood & Lenzen 2006), not a small number:
L(a, 0) = 0, so a sector or county that appears (or disappears) contributes its whole change
X/Y through its own spending or intensity effect, and nothing through the others.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis.indicators import one_gdp_per_year
from rdanalysis.errors import RDAnalysisError

SECTOR_ORDER = reference.sector_order()


def _log(x: np.ndarray) -> np.ndarray:
    out = np.full(np.shape(x), -np.inf)
    pos = np.asarray(x) > 0
    out[pos] = np.log(np.asarray(x)[pos])
    return out


def _weight(c1: np.ndarray, c0: np.ndarray, lc1: np.ndarray, lc0: np.ndarray) -> np.ndarray:
    """L(c1, c0) from the same logs the effects use, so that the effects add up exactly even for
    tiny values, where c = x / y rounds differently from exp(ln x - ln y)."""
    out = np.zeros_like(c1, dtype=float)
    both = (c1 > 0) & (c0 > 0)
    diff = both & (lc1 != lc0)
    out[both & ~diff] = c1[both & ~diff]
    out[diff] = (c1[diff] - c0[diff]) / (lc1[diff] - lc0[diff])
    return out


def _ln_ratio(new: np.ndarray, old: np.ndarray) -> np.ndarray:
    # log(new) - log(old), not log(new / old): the ratio overflows for tiny (subnormal) values.
    both = (new > 0) & (old > 0)
    out = np.zeros(np.broadcast(new, old).shape)
    out[both] = np.log(np.asarray(new)[both]) - np.log(np.asarray(old)[both])
    return out


class _Additive:
    """What both decompositions share: effects (a frame with columns factor, unit and
    ``EFFECT``) that add up to the change between the two values ``ends()`` returns."""

    EFFECT = ""

    def ends(self) -> tuple[float, float]:
        raise NotImplementedError

    @property
    def change(self) -> float:
        start, end = self.ends()
        return end - start

    @property
    def residual(self) -> float:
        """Change minus the sum of effects: zero up to rounding for an exact decomposition."""
        return self.change - float(self.effects[self.EFFECT].sum())

    def by_factor(self) -> pd.Series:
        return self.effects.groupby("factor", sort=False)[self.EFFECT].sum()


@dataclass
class Decomposition(_Additive):
    """Effects (percentage points) that add up to the change in intensity from start to end."""

    EFFECT = "effect_pp"

    start: int
    end: int
    intensity_start: float
    intensity_end: float
    effects: pd.DataFrame  # columns: factor, unit (sector or county), effect_pp

    def ends(self) -> tuple[float, float]:
        return self.intensity_start, self.intensity_end


def _check_values(x: pd.Series, label: str, missing: str) -> pd.Series:
    if x.isna().any():
        holes = ", ".join(map(str, x.index[x.isna()]))
        if missing != "zero":
            raise RDAnalysisError(
                f"{label}: no value for {holes} (expected a number, or 0 if "
                "there was none; pass missing='zero' to treat gaps as 0)"
            )
        x = x.fillna(0.0)
    if (x < 0).any():
        raise RDAnalysisError(f"{label}: negative values for {', '.join(map(str, x.index[x < 0]))}")
    return x.astype(float)


def decompose_sectors(
    x0: pd.Series,
    x1: pd.Series,
    y0: float,
    y1: float,
    start: int = 0,
    end: int = 1,
    missing: str = "error",
) -> Decomposition:
    """Split the change in R = sum(X_i)/Y x 100 into spending effects per sector and a GDP effect.

    ``x0``, ``x1``: R&D by sector (亿元) in the two years; a sector absent from one side is 0 there
    (it appeared or disappeared); NaN is an error unless ``missing='zero'``. ``y0``, ``y1``: GDP.
    """
    if not (y0 > 0 and y1 > 0):
        raise RDAnalysisError(f"GDP must be positive in both years (got {y0} and {y1})")
    units = list(dict.fromkeys([*x0.index, *x1.index]))
    a = _check_values(x0.reindex(units, fill_value=0.0), f"R&D by sector in {start}", missing)
    b = _check_values(x1.reindex(units, fill_value=0.0), f"R&D by sector in {end}", missing)
    r0, r1 = a.to_numpy() / y0 * 100, b.to_numpy() / y1 * 100
    lr0 = _log(a.to_numpy()) - np.log(y0) + np.log(100)
    lr1 = _log(b.to_numpy()) - np.log(y1) + np.log(100)
    weight = _weight(r1, r0, lr1, lr0)
    gdp_part = weight * (np.log(y0) - np.log(y1))
    spend = np.where(weight > 0, weight * _ln_ratio(b.to_numpy(), a.to_numpy()), r1 - r0)
    effects = pd.DataFrame({"factor": "spending", "unit": units, "effect_pp": spend})
    effects = pd.concat(
        [
            effects,
            pd.DataFrame({"factor": ["gdp"], "unit": ["GDP"], "effect_pp": [gdp_part.sum()]}),
        ],
        ignore_index=True,
    )
    return Decomposition(start, end, float(r0.sum()), float(r1.sum()), effects)


def simple_changes(x0: pd.Series, x1: pd.Series, y0: float, y1: float) -> pd.Series:
    """Change of each sector's X_i / Y (pp): they sum to the change in R, with GDP mixed in."""
    units = list(dict.fromkeys([*x0.index, *x1.index]))
    return x1.reindex(units, fill_value=0) / y1 * 100 - x0.reindex(units, fill_value=0) / y0 * 100


def decompose_counties(
    x0: pd.Series,
    x1: pd.Series,
    y0: pd.Series,
    y1: pd.Series,
    start: int = 0,
    end: int = 1,
    missing: str = "error",
) -> Decomposition:
    """Split the change in R = sum_c s_c r_c into a structure and an intensity effect per county.

    ``x``: R&D by county (亿元; a county with GDP but no R&D is 0); ``y``: GDP by county (亿元,
    must be positive). The city total here is the sum of the counties (county GDP is accounted
    banner by banner and need not equal the city figure).
    """
    units = list(dict.fromkeys([*y0.index, *y1.index]))
    g0 = _check_values(y0.reindex(units), f"county GDP in {start}", "error")
    g1 = _check_values(y1.reindex(units), f"county GDP in {end}", "error")
    if (g0 <= 0).any() or (g1 <= 0).any():
        raise RDAnalysisError("county GDP must be positive in both years")
    a = _check_values(x0.reindex(units), f"county R&D in {start}", missing)
    b = _check_values(x1.reindex(units), f"county R&D in {end}", missing)
    s0, s1 = g0 / g0.sum(), g1 / g1.sum()
    i0, i1 = a / g0 * 100, b / g1 * 100
    c0, c1 = (s0 * i0).to_numpy(), (s1 * i1).to_numpy()
    # ln c = ln s + ln i, with the same logs as the two effects below.
    lc0 = _log(s0.to_numpy()) + _log(i0.to_numpy())
    lc1 = _log(s1.to_numpy()) + _log(i1.to_numpy())
    weight = _weight(c1, c0, lc1, lc0)
    structure = weight * _ln_ratio(s1.to_numpy(), s0.to_numpy())
    intensity = np.where(weight > 0, weight * _ln_ratio(i1.to_numpy(), i0.to_numpy()), c1 - c0)
    effects = pd.concat(
        [
            pd.DataFrame({"factor": "structure", "unit": units, "effect_pp": structure}),
            pd.DataFrame({"factor": "intensity", "unit": units, "effect_pp": intensity}),
        ],
        ignore_index=True,
    )
    return Decomposition(start, end, float(c0.sum()), float(c1.sum()), effects)


def growth_contributions(x0: pd.Series, x1: pd.Series) -> pd.DataFrame:
    """Each sector's share of the increase in R&D spending (贡献率, %) and its pull (拉动, pp).

    Parts are compared with the total given as 'total' when present, else with their sum.
    """
    total0 = x0.get("total", x0.drop("total", errors="ignore").sum())
    total1 = x1.get("total", x1.drop("total", errors="ignore").sum())
    parts = list(dict.fromkeys([u for u in (*x0.index, *x1.index) if u != "total"]))
    d = x1.reindex(parts, fill_value=0.0) - x0.reindex(parts, fill_value=0.0)
    increase = total1 - total0
    if increase == 0:
        raise RDAnalysisError("R&D spending did not change: contributions are undefined")
    return pd.DataFrame(
        {
            "sector": parts,
            "change_100m_yuan": d.to_numpy(),
            "contribution_pct": (d / increase * 100).to_numpy(),
            "pull_pp": (d / total0 * 100).to_numpy(),
        }
    ).assign(total_growth_pct=(total1 / total0 - 1) * 100)


def shift_share(x0: pd.DataFrame, x1: pd.DataFrame) -> pd.DataFrame:
    """Shift-share of R&D growth by county (rows) x sector (columns), 亿元.

    city-wide = X0 * g; sector mix = X0 * (g_s - g); local shift = the rest of the change, where
    g is city growth and g_s the city growth of the sector. Per county, the three add up exactly.
    """
    a = x0.fillna(0.0)
    b = x1.reindex(
        index=a.index.union(x1.index), columns=a.columns.union(x1.columns), fill_value=0.0
    ).fillna(0.0)
    a = a.reindex(index=b.index, columns=b.columns, fill_value=0.0)
    g = b.to_numpy().sum() / a.to_numpy().sum() - 1
    col0, col1 = a.sum(axis=0), b.sum(axis=0)
    g_s = (col1 / col0.where(col0 > 0) - 1).fillna(0.0)
    city = a * g
    mix = a.mul(g_s - g, axis=1)
    local = (b - a) - city - mix
    return pd.DataFrame(
        {
            "change_100m_yuan": (b - a).sum(axis=1),
            "city_growth": city.sum(axis=1),
            "sector_mix": mix.sum(axis=1),
            "local_shift": local.sum(axis=1),
        }
    )


def chained(frames: dict[int, tuple], fn) -> pd.DataFrame:
    """Apply a two-year decomposition to each pair of consecutive years; one row per effect.

    ``frames`` maps year -> (R&D, GDP); ``fn`` is decompose_sectors or decompose_counties.
    """
    years = sorted(frames)
    out = []
    for y0, y1 in itertools.pairwise(years):
        (x0, g0), (x1, g1) = frames[y0], frames[y1]
        dec = fn(x0, x1, g0, g1, y0, y1)
        out.append(dec.effects.assign(start=y0, end=y1))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame()


# --- data helpers: from the processed tables to the series above --------------------------------


def sector_matrix(rd_expenditure: pd.DataFrame, region: str) -> pd.DataFrame:
    """R&D (亿元) of ``region``: rows years, columns sectors (+ 'total').

    Where the total and the three official sectors are known but 'other' is not (China 2021),
    'other' is the residual (years in ``attrs['residual_years']``). Nothing else is guessed.
    """
    sub = rd_expenditure[
        (rd_expenditure["region"] == region) & (rd_expenditure["basis"] == "comparable")
    ]
    m = sub.pivot_table(
        index="year", columns="sector", values="rd_expenditure_100m_yuan", aggfunc="first"
    )
    residual_years = []
    if "total" in m.columns:
        official = ["enterprise", "government_institute", "higher_education"]
        for year, row in m.iterrows():
            have = [c for c in official if c in m.columns and pd.notna(row.get(c))]
            if len(have) == 3 and pd.isna(row.get("other")) and pd.isna(row.get("hospital")):
                m.loc[year, "other"] = row["total"] - row[have].sum()
                residual_years.append(int(year))
    cols = [c for c in SECTOR_ORDER if c in m.columns] + (["total"] if "total" in m.columns else [])
    m = m[cols]
    m.attrs["residual_years"] = residual_years
    return m


def plan_categories() -> dict:
    return reference.plan_categories()


def plan_shares(
    matrix: pd.DataFrame,
    other_hospital_share: float | None = None,
    targets: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Per year: each plan structure indicator (%) and how it was computed.

    Columns: year, indicator, label, value_pct, target_pct, categories (which performer columns fed
    the numerator), note. Rows need the sectors present (a year with only a total is skipped).
    ``targets`` (indicator -> %): the plan's own targets, NaN for an indicator it has none of
    (``{}``: a region the plan is not about); None: the categories' (the 2023 plan's).
    """
    rows = []
    for key, spec in plan_categories().items():
        share_other = (
            spec.get("other_hospital_share", 0.0)
            if other_hospital_share is None
            else other_hospital_share
        )
        for year, row in matrix.iterrows():
            parts = row.drop("total", errors="ignore").dropna()
            if parts.empty:
                continue
            denominator = row["total"] if pd.notna(row.get("total", np.nan)) else parts.sum()
            used, note = [c for c in spec["numerator"] if c in parts.index], ""
            numerator = parts[used].sum()
            if "hospital" in spec["numerator"] and "hospital" not in parts.index:
                numerator += share_other * parts.get("other", 0.0)
                note = f"医院未单列:按“其他”的{share_other:.0%}计入" + (
                    "(下限)" if share_other == 0 else ""
                )
                used = [*used, f"other×{share_other:g}"]
            rows.append(
                {
                    "year": int(year),
                    "indicator": key,
                    "label": spec["label"],
                    "value_pct": numerator / denominator * 100,
                    "target_pct": (
                        spec["target_pct"] if targets is None else targets.get(key, np.nan)
                    ),
                    "categories": "+".join(used),
                    "note": note,
                }
            )
    cols = ["year", "indicator", "label", "value_pct", "target_pct", "categories", "note"]
    return pd.DataFrame(rows, columns=cols)


def league_table(
    rd_county: pd.DataFrame,
    gdp_county: pd.DataFrame,
    start: int,
    end: int,
    target_pct: float = 1.0,
    target_year: int = 2025,
    gdp_growth: float = 0.05,
) -> pd.DataFrame:
    """Assessment table of banners/counties (rows) from R&D and GDP by county x year (亿元).

    Columns: intensity_pct (end year), change_pp (since start), rank (1 = highest intensity),
    contribution_pp (the county's term of the city's change: X_c/Y at end minus at start),
    structure_pp and intensity_effect_pp (its LMDI split), gap_pp to the target, and the yearly
    intensity and R&D growth (%) needed to reach the target by ``target_year``.
    """
    x0, x1 = rd_county[start], rd_county[end]
    y0, y1 = gdp_county[start], gdp_county[end]
    dec = decompose_counties(x0, x1, y0, y1, start, end, missing="zero")
    eff = dec.effects.pivot(index="unit", columns="factor", values="effect_pp")
    r0, r1 = x0.fillna(0) / y0 * 100, x1.fillna(0) / y1 * 100
    n = target_year - end
    out = pd.DataFrame(
        {
            "intensity_pct": r1,
            "change_pp": r1 - r0,
            "rank": r1.rank(ascending=False, method="min").astype(int),
            "contribution_pp": eff["structure"] + eff["intensity"],
            "structure_pp": eff["structure"],
            "intensity_effect_pp": eff["intensity"],
            "gap_pp": (target_pct - r1).clip(lower=0),
        }
    )
    if n >= 1:
        positive = r1.where(r1 > 0)
        g_r = ((target_pct / positive) ** (1 / n) - 1).fillna(np.inf)  # no R&D: unreachable
        g_r = g_r.where(r1 < target_pct, 0.0)  # index-aligned with ``out``
        out["required_intensity_growth_pct"] = g_r * 100
        out["required_rd_growth_pct"] = ((1 + g_r) * (1 + gdp_growth) - 1) * 100
    out.index.name = "county"
    return out.sort_values("rank")


def county_panel(
    rd_expenditure: pd.DataFrame, gdp: pd.DataFrame, names: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """R&D (total), GDP (亿元) and the rows' status of each region of ``names`` (the children of
    a parent: its banners/counties, provinces or leagues, as regions.yml or the user's
    regions.csv declare them; ``reference.of(tables).children(parent)``) x year (columns).

    A child with GDP but no R&D row in a year shows NaN there (use missing='zero' where a
    missing row means no R&D). Status is 'illustrative' where either input is.
    """
    rd = rd_expenditure[
        rd_expenditure["region"].isin(names)
        & (rd_expenditure["sector"] == "total")
        & (rd_expenditure["basis"] == "comparable")
    ]
    g = one_gdp_per_year(gdp[gdp["region"].isin(names)], ("region", "year"))
    rd_w = _region_by_year(rd, "rd_expenditure_100m_yuan").reindex(names)
    gdp_w = _region_by_year(g, "gdp_100m_yuan").reindex(names)
    both = rd[["region", "year", "status"]].merge(
        g[["region", "year", "status"]], on=["region", "year"], how="outer"
    )
    both["status"] = np.where(
        (both["status_x"] == "illustrative") | (both["status_y"] == "illustrative"),
        "illustrative",
        "real",
    )
    status = _region_by_year(both, "status").reindex(names)
    return rd_w, gdp_w, status


def _region_by_year(rows: pd.DataFrame, values: str) -> pd.DataFrame:
    """``values`` as region (rows) x year (columns): the first value given for each pair, years
    with none left out (what ``pivot_table(aggfunc="first")`` gives, at a fifth of its cost)."""
    rows = rows.dropna(subset=[values]).drop_duplicates(["region", "year"])
    return rows.pivot(index="region", columns="year", values=values)


def county_sector_matrix(rd_expenditure: pd.DataFrame, year: int, names: list[str]) -> pd.DataFrame:
    """R&D (亿元) by region of ``names`` (a parent's children; rows) x sector (columns) in
    ``year``; empty if not reported."""
    sub = rd_expenditure[
        rd_expenditure["region"].isin(names)
        & (rd_expenditure["sector"] != "total")
        & (rd_expenditure["year"] == year)
        & (rd_expenditure["basis"] == "comparable")
    ]
    m = sub.pivot_table(
        index="region", columns="sector", values="rd_expenditure_100m_yuan", aggfunc="first"
    )
    return m.reindex(columns=[c for c in SECTOR_ORDER if c in m.columns])


def pick_years(available: list[int], start: int = 0, end: int = 0) -> tuple[int, int]:
    """Start and end years among ``available`` (0 = first / latest); a clear error otherwise."""
    years = sorted(int(y) for y in available)
    if len(years) < 2:
        raise RDAnalysisError(f"need two years with data, found {years or 'none'}")
    start, end = start or years[0], end or years[-1]
    for name, year in (("start_year", start), ("end_year", end)):
        if year not in years:
            raise RDAnalysisError(
                f"{name} {year} has no data (years with data: {', '.join(map(str, years))})"
            )
    if start >= end:
        raise RDAnalysisError(f"start_year {start} must be before end_year {end}")
    return start, end


def sector_years(matrix: pd.DataFrame) -> list[int]:
    """Years in which the sector split is reported."""
    parts = matrix.drop(columns="total", errors="ignore")
    return [int(y) for y in parts.index[parts.notna().sum(axis=1) >= 2]]


def sector_effects_table(
    dec: Decomposition, x0: pd.Series, x1: pd.Series, y0: float, y1: float
) -> pd.DataFrame:
    """The LMDI effects next to the simple change of each sector's X_i/Y (pp), with names."""
    simple = simple_changes(x0, x1, y0, y1)
    eff = dec.effects.copy()
    eff["simple_change_pp"] = eff["unit"].map(simple)
    return eff


# --- three-factor decomposition of R&D spending, and multiplicative forms (LMDI-I) -------------

SPENDING_FACTORS = ("activity", "structure", "intensity")


def log_mean(a: float, b: float) -> float:
    """L(a, b) = (a - b) / (ln a - ln b), L(a, a) = a, L(a, 0) = 0 (Ang 2005).

    For a and b close, ln a - ln b loses its digits to cancellation (5 and 5.000000001 gave
    5.0, not 5.0000000005) or is 0 for two different floats (a division by zero): there the
    logarithm of the ratio is taken as log1p((a - b) / b), which keeps them."""
    if a <= 0 or b <= 0:
        return 0.0
    if a == b:
        return a
    x = (a - b) / b
    d = np.log1p(x) if abs(x) < 0.5 else np.log(a) - np.log(b)
    return (a + b) / 2 if d == 0 else (a - b) / d


@dataclass
class SpendingDecomposition(_Additive):
    """Effects (亿元) that add up to the change in R&D spending X = sum_i Y * s_i * r_i from
    start to end: activity (total GDP Y), structure (GDP shares s_i = Y_i / Y) and intensity
    (r_i = X_i / Y_i) — LMDI-I additive; ``indices()`` gives the multiplicative form."""

    EFFECT = "effect_100m_yuan"

    start: int
    end: int
    spending_start: float
    spending_end: float
    effects: pd.DataFrame  # columns: factor, unit, effect_100m_yuan

    def ends(self) -> tuple[float, float]:
        return self.spending_start, self.spending_end

    def indices(self) -> pd.Series:
        """Multiplicative LMDI-I: D_k = exp(dX_k / L(X_T, X_0)); their product is X_T / X_0."""
        return multiplicative(self.by_factor(), self.spending_start, self.spending_end)


def multiplicative(effects: pd.Series, v0: float, v1: float) -> pd.Series:
    """The multiplicative LMDI-I indices from additive LMDI-I effects: D_k = exp(dV_k / L(V_T,
    V_0)) (Ang 2005: the two forms are linked by dV_k / ln D_k = dV / ln D), so that the product
    of the indices is V_T / V_0 exactly when the effects add up to V_T - V_0."""
    if not (v0 > 0 and v1 > 0):
        raise RDAnalysisError(
            f"a multiplicative decomposition needs positive totals in both years (got {v0}, {v1})"
        )
    return np.exp(effects / log_mean(v1, v0))


def decompose_spending(
    x0: pd.Series,
    x1: pd.Series,
    y0: pd.Series,
    y1: pd.Series,
    start: int = 0,
    end: int = 1,
    missing: str = "error",
) -> SpendingDecomposition:
    """Split the change in total R&D spending (亿元) into activity, structure and intensity
    effects per unit (county, region or GDP sector), LMDI-I additive.

    ``x``: R&D by unit (亿元; NaN is an error unless ``missing='zero'``); ``y``: GDP by unit (亿元,
    positive). A unit whose R&D appears or disappears (0 in one year) takes its whole change as
    intensity effect (the analytical limit L(a, 0) = 0, as in ``decompose_counties``).
    """
    units = list(dict.fromkeys([*y0.index, *y1.index]))
    g0 = _check_values(y0.reindex(units), f"GDP by unit in {start}", "error")
    g1 = _check_values(y1.reindex(units), f"GDP by unit in {end}", "error")
    if (g0 <= 0).any() or (g1 <= 0).any():
        raise RDAnalysisError("GDP by unit must be positive in both years")
    a = _check_values(x0.reindex(units), f"R&D by unit in {start}", missing).to_numpy()
    b = _check_values(x1.reindex(units), f"R&D by unit in {end}", missing).to_numpy()
    total0, total1 = float(g0.sum()), float(g1.sum())
    s0, s1 = g0.to_numpy() / total0, g1.to_numpy() / total1
    la, lb = _log(a), _log(b)
    weight = _weight(b, a, lb, la)
    ln_activity = np.log(total1) - np.log(total0)
    ln_structure = _ln_ratio(s1, s0)
    # ln(r_T / r_0) as the rest of ln(X_T / X_0), from the same logs as the weight: exact even
    # where X / Y underflows (tiny values).
    ln_total = np.subtract(lb, la, out=np.zeros_like(lb), where=weight > 0)
    ln_intensity = ln_total - ln_activity - ln_structure
    activity, structure = weight * ln_activity, weight * ln_structure
    intensity = np.where(weight > 0, weight * ln_intensity, b - a)
    effects = pd.concat(
        [
            pd.DataFrame({"factor": name, "unit": units, "effect_100m_yuan": values})
            for name, values in zip(SPENDING_FACTORS, (activity, structure, intensity), strict=True)
        ],
        ignore_index=True,
    )
    return SpendingDecomposition(start, end, float(a.sum()), float(b.sum()), effects)


def with_indices(frame: pd.DataFrame, value: str, v0: float, v1: float) -> pd.DataFrame:
    """``frame`` (one row per factor and unit) with the multiplicative index of each row,
    exp(effect / L(V_T, V_0)): the product of the column is V_T / V_0."""
    return frame.assign(index=multiplicative(frame[value], v0, v1).to_numpy())


def spending_table(
    tables: dict[str, pd.DataFrame], region: str, start: int = 0, end: int = 0
) -> tuple[SpendingDecomposition, pd.DataFrame]:
    """The three-factor decomposition of R&D spending across ``region``'s counties (activity =
    the counties' total GDP, structure = their GDP shares, intensity = their R&D / GDP), between
    two years with R&D for some county and GDP for all; and the status rows used."""
    kids = reference.of(tables).children(region)
    rd_w, gdp_w, status = county_panel(tables["rd_expenditure"], tables["gdp"], kids)
    years = [
        y
        for y in rd_w.columns
        if rd_w[y].notna().any() and y in gdp_w.columns and gdp_w[y].notna().all()
    ]
    y0, y1 = pick_years(years, start, end)
    dec = decompose_spending(rd_w[y0], rd_w[y1], gdp_w[y0], gdp_w[y1], y0, y1, missing="zero")
    return dec, status[[y0, y1]]


def sector_spending(
    x0: pd.Series, x1: pd.Series, y0: float, y1: float, start: int = 0, end: int = 1
) -> SpendingDecomposition:
    """R&D spending by performing sector, X = Y * sum_i (X_i / Y): an activity effect (GDP) and
    one intensity effect per sector (performing sectors have no GDP share: no structure effect),
    LMDI-I additive."""
    units = list(dict.fromkeys([*x0.index, *x1.index]))
    gdp0 = pd.Series(float(y0), index=units)
    gdp1 = pd.Series(float(y1), index=units)
    dec = decompose_spending(
        x0.reindex(units, fill_value=0.0), x1.reindex(units, fill_value=0.0), gdp0, gdp1, start, end
    )
    # With the same GDP for every sector, total GDP is n * Y and the shares are 1/n both years:
    # the structure effect is exactly 0 and the activity effect is L(X_i) ln(Y_T / Y_0).
    effects = dec.effects[dec.effects["factor"] != "structure"].reset_index(drop=True)
    return SpendingDecomposition(start, end, dec.spending_start, dec.spending_end, effects)


#: Parts may differ from their total by rounding only (the one rule, in reference.py).
PARTS_REL_TOL, PARTS_ABS_TOL = reference.PARTS_REL_TOL, reference.PARTS_ABS_TOL


def split_matrix(rd_split: pd.DataFrame, region: str, split: str, parts: list[str]) -> pd.DataFrame:
    """R&D (亿元) of ``region`` by the parts of ``split`` ('funding' or 'activity'): rows years,
    columns ``parts`` + 'total'.

    Gaps follow the missing-value rule, visibly (``attrs['notes']``): a part without a figure is
    0 only where the other parts add up to the total within the tolerance (the yearbook leaves
    a cell blank when there is nothing to report); otherwise the year is incomplete and left
    out of ``attrs['complete_years']``, never filled.
    """
    sub = rd_split[(rd_split["region"] == region) & (rd_split["split"] == split)]
    m = sub.pivot_table(
        index="year", columns="part", values="rd_expenditure_100m_yuan", aggfunc="first"
    ).reindex(columns=[*parts, "total"])
    notes, complete = [], []
    for year, row in m.iterrows():
        gaps = [p for p in parts if pd.isna(row[p])]
        have = row[parts].sum()
        tol = (row["total"] * PARTS_REL_TOL + PARTS_ABS_TOL) if pd.notna(row["total"]) else 0.0
        if pd.isna(row["total"]) or abs(have - row["total"]) > tol:
            short = (1 - have / row["total"]) * 100 if pd.notna(row["total"]) else np.nan
            notes.append(
                {"year": int(year), "parts": ",".join(gaps), "gap_pct": short, "used": False}
            )
            continue
        if gaps:
            m.loc[year, gaps] = 0.0
            notes.append({"year": int(year), "parts": ",".join(gaps), "gap_pct": 0.0, "used": True})
        complete.append(int(year))
    m.attrs["notes"] = pd.DataFrame(notes, columns=["year", "parts", "gap_pct", "used"])
    m.attrs["complete_years"] = complete
    return m


def shares(matrix: pd.DataFrame) -> pd.DataFrame:
    """Each part's share of the total (%), rows years; the total is the parts' sum if absent."""
    parts = matrix.drop(columns="total", errors="ignore")
    total = matrix["total"] if "total" in matrix.columns else parts.sum(axis=1)
    return parts.div(total.where(total > 0), axis=0) * 100
