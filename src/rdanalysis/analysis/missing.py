"""What an analysis cannot show for lack of data, as a record (codes and years, no prose).

A view raises ``MissingDataError`` (an ``RDAnalysisError``: the CLI still exits 2 with its message);
a report calls the view through ``optional``, shows what exists and lets ``text.missing`` say
what is missing and what data would feed it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from rdanalysis.errors import RDAnalysisError

#: Data a view may lack (``text.missing`` words each).
NEEDS = (
    "rd_total",  # R&D spending, total (执行主体 = 合计)
    "gdp",  # GDP
    "rd_by_sector",  # R&D by performing sector
    "rd_by_funding",  # R&D by source of funds
    "rd_by_activity",  # R&D by type of activity
    "rd_by_child",  # R&D of each sub-region (banner/county, province)
    "gdp_by_child",  # GDP of each sub-region
)


@dataclass(frozen=True)
class Missing:
    """Why ``analysis`` cannot be shown for ``region``.

    ``analysis``: 'trajectory' (intensity series and forecast), 'split' (a sector / funding /
    activity split, ``split`` says which) or 'subregions' (the decomposition over sub-regions).
    ``needs``: codes from ``NEEDS``. ``years``: the years that do have the data (fewer than the
    analysis needs; empty when none). ``minimum``: how many years it needs. ``lacking``: the
    sub-regions without the data, where that is the gap.
    """

    analysis: str
    region: str
    needs: tuple[str, ...]
    years: tuple[int, ...] = ()
    minimum: int = 2
    split: str = ""
    lacking: tuple[str, ...] = ()


class MissingDataError(RDAnalysisError):
    """A view cannot be computed because data are missing (not because a parameter is wrong)."""

    def __init__(self, message: str, missing: Missing) -> None:
        super().__init__(message)
        self.missing = missing


V = TypeVar("V")


def optional(view: Callable[..., V], *args, **kwargs) -> tuple[V | None, Missing | None]:
    """``(view(*args, **kwargs), None)``, or ``(None, missing)`` when data are missing. Other
    errors (a wrong parameter) still raise."""
    try:
        return view(*args, **kwargs), None
    except MissingDataError as err:
        return None, err.missing
