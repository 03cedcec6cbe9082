"""rdanalysis: data, forecasts, decompositions, targets and reports for Tongliao's R&D action plan.

Notebooks import from here: ``from rdanalysis import data, indicators, plots``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("rdanalysis")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

from rdanalysis.data import (
    build_info,
    load,
    load_all,
    load_enterprises,
    load_gdp,
    load_innovation,
    load_population,
    load_rd_expenditure,
    load_rd_intensity,
    load_sources,
)
from rdanalysis.errors import RDAnalysisError

__all__ = [
    "RDAnalysisError",
    "__version__",
    "build_info",
    "load",
    "load_all",
    "load_enterprises",
    "load_gdp",
    "load_innovation",
    "load_population",
    "load_rd_expenditure",
    "load_rd_intensity",
    "load_sources",
]
