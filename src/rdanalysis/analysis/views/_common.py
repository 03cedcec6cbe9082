"""What several views share: calling a view that may lack data (``optional``), refusing a result
for another region than the one asked (``same_region``), how much of a parent its children cover
(``coverage``), and a view's status and decomposition metadata."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import decompose, indicators
from rdanalysis.analysis.missing import Missing, MissingDataError
from rdanalysis.errors import RDAnalysisError

#: Children whose GDP or R&D adds up to less than this share of their parent's own figure cover
#: only part of it: their combined intensity is theirs, not the parent's (said out loud).
PARTIAL_BELOW = 0.95

V = TypeVar("V")


def optional(view: Callable[..., V], *args, **kwargs) -> tuple[V | None, Missing | None]:
    """``(view(*args, **kwargs), None)``, or ``(None, missing)`` when data are missing. Other
    errors (a wrong parameter) still raise: ``v, gap = optional(splits.build, tables, ...)``."""
    try:
        return view(*args, **kwargs), None
    except MissingDataError as err:
        return None, err.missing


class RegionMismatchError(RDAnalysisError):
    """A result computed for another region than the one asked for: never shown."""


def same_region(asked: str, computed: str, what: str = "result") -> str:
    """``computed`` when it is ``asked`` (both official names); else RegionMismatchError: a
    result for another region is refused, not shown under the name asked for."""
    if computed != asked:
        raise RegionMismatchError(
            f"the {what} was computed for '{computed}', not for '{asked}' as asked; it is not "
            "shown (a result is only shown for the region asked for)"
        )
    return computed


def status(rows: pd.DataFrame) -> str:
    """'illustrative' when any of ``rows`` is, else 'real'."""
    return "illustrative" if rows["status"].eq("illustrative").any() else "real"


def meta(view, by: str, dec: decompose.Decomposition) -> dict:
    """What a decomposition covers: region, split, years, intensities, change, status."""
    return {
        "region": view.region,
        "by": by,
        "from": view.start,
        "to": view.end,
        "intensity_from_pct": dec.intensity_start,
        "intensity_to_pct": dec.intensity_end,
        "change_pp": dec.change,
        "residual_pp": float(f"{dec.residual:.1e}"),
        "status": view.status,
    }


@dataclass(frozen=True)
class Coverage:
    """How much of a parent its children add up to in one year: the children's GDP and R&D sums
    over the parent's own published figures (None where the parent has none)."""

    parent: str
    year: int
    children: int
    gdp_share: float | None  # children's GDP sum / the parent's GDP
    rd_share: float | None  # children's R&D sum / the parent's R&D
    parent_intensity_pct: float | None  # the parent's own intensity that year (its series)

    @property
    def partial(self) -> bool:
        shares = [v for v in (self.gdp_share, self.rd_share) if v is not None]
        return any(v < PARTIAL_BELOW for v in shares)

    def meta(self) -> dict:
        out = {"coverage_year": self.year}
        for key, value in (("gdp", self.gdp_share), ("rd", self.rd_share)):
            if value is not None:
                out[f"children_{key}_share_pct"] = round(value * 100, 1)
        if self.parent_intensity_pct is not None:
            out["parent_intensity_pct"] = round(self.parent_intensity_pct, 4)
        out["children_cover_parent"] = not self.partial
        return out


def coverage(tables: dict[str, pd.DataFrame], parent: str, year: int) -> Coverage | None:
    """How much of ``parent``'s own GDP and R&D in ``year`` its children's sums make up; None
    when the parent has neither figure that year (or no children)."""
    kids = reference.of(tables).children(parent)
    if not kids:
        return None
    rd_w, gdp_w, _ = decompose.county_panel(tables["rd_expenditure"], tables["gdp"], kids)
    rd = rd_w[year] if year in rd_w.columns else pd.Series(dtype=float)
    gdp = gdp_w[year] if year in gdp_w.columns else pd.Series(dtype=float)
    own_gdp = indicators.comparable_gdp(tables["gdp"], parent).set_index("year")["gdp_100m_yuan"]
    series = indicators.intensity_series(
        tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], parent
    ).set_index("year")
    own_rd = series["rd_expenditure_100m_yuan"] if not series.empty else pd.Series(dtype=float)

    def share(kids: pd.Series, own: pd.Series) -> float | None:
        value = own.get(year)
        if value is None or pd.isna(value) or value <= 0:
            return None
        return float(kids.fillna(0.0).sum()) / float(value)

    gdp_share, rd_share = share(gdp, own_gdp), share(rd, own_rd)
    if gdp_share is None and rd_share is None:
        return None
    pct = series["rd_intensity_pct"].get(year) if not series.empty else None
    pct = float(pct) if pct is not None and pd.notna(pct) else None
    return Coverage(parent, int(year), len(kids), gdp_share, rd_share, pct)
