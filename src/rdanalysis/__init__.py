"""rdanalysis: data, forecasts, decompositions, targets and reports for Tongliao's R&D action plan.

Notebooks import from here: ``import rdanalysis as rd; rd.load_all()``. The loaders are imported
on first use (PEP 562), so the command line starts without pandas where it does not need it.
"""

import sys
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("rdanalysis")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

_LAZY = {
    "build_info": "rdanalysis.data.load",
    "load": "rdanalysis.data.load",
    "load_all": "rdanalysis.data.load",
    "load_enterprises": "rdanalysis.data.load",
    "load_gdp": "rdanalysis.data.load",
    "load_innovation": "rdanalysis.data.load",
    "load_population": "rdanalysis.data.load",
    "load_rd_expenditure": "rdanalysis.data.load",
    "load_rd_intensity": "rdanalysis.data.load",
    "load_sources": "rdanalysis.data.load",
    "RDAnalysisError": "rdanalysis.errors",
}

__all__ = ["__version__", *_LAZY]

if "IPython" in sys.modules:  # in a kernel: every table and chart shown is recorded (exhibits)
    import_module("rdanalysis.exhibits").install()


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    try:
        return import_module(f"rdanalysis.{name}")
    except ModuleNotFoundError:
        raise AttributeError(f"module 'rdanalysis' has no attribute {name!r}") from None
