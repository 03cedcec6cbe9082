"""rdanalysis: data, forecasts, decompositions, targets and reports for Tongliao's R&D action plan.

The public API (``import rdanalysis as rd``):

- loaders: ``rd.load_all()``, ``rd.load(name)``, ``rd.load_rd_expenditure()`` … and
  ``rd.build_info()``; ``rd.load_plan(file)`` reads and checks a plan file;
- views, one per analysis, each returning a dataclass that notebooks and the CLI share:
  ``rd.outlook_view`` (forecast and required growth), ``rd.dashboard_view`` (a plan's targets),
  ``rd.region_view`` (a parent and its sub-regions), ``rd.split_view`` (sector / funding /
  activity), ``rd.profile_view``, ``rd.province_view``, ``rd.provinces_view``,
  ``rd.enterprise_view``, ``rd.overview_view``, ``rd.decomposition_view`` (what ``rdanalysis
  decompose`` prints): each is the ``build`` of a module of ``rdanalysis.analysis.views``;
- ``rd.RDAnalysisError``: every mistake a user can make.

Names are imported on first use (PEP 562), so the command line starts without pandas where it
does not need it. The layers themselves (``rdanalysis.data``, ``.analysis``, ``.text``,
``.plots``, ``.report``) are importable as subpackages.
"""

import sys
from importlib import import_module

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
#: Public name -> (module, attribute) where the attribute's own name differs.
_VIEWS = {
    "load_plan": ("rdanalysis.data.plans", "load"),
    "plan_structure_goals": ("rdanalysis.data.plans", "structure_goals"),
    "outlook_view": ("rdanalysis.analysis.views.outlook", "build"),
    "dashboard_view": ("rdanalysis.analysis.views.dashboard", "build"),
    "region_view": ("rdanalysis.analysis.views.regions", "build"),
    "split_view": ("rdanalysis.analysis.views.splits", "build"),
    "profile_view": ("rdanalysis.analysis.views.profiles", "build"),
    "province_view": ("rdanalysis.analysis.views.province", "build"),
    "provinces_view": ("rdanalysis.analysis.views.provinces", "build"),
    "enterprise_view": ("rdanalysis.analysis.views.enterprises", "build"),
    "overview_view": ("rdanalysis.analysis.views.overview", "build"),
    "decomposition_view": ("rdanalysis.analysis.views.decomposition", "build"),
}

__all__ = ["__version__", *_LAZY, *_VIEWS]

if "IPython" in sys.modules:  # in a kernel: every table and chart shown is recorded (exhibits)
    import_module("rdanalysis.exhibits").install()


def _version() -> str:
    # importlib.metadata scans the installed distributions (0.15 s): only when asked for.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rdanalysis")
    except PackageNotFoundError:  # running from a source tree without installation
        return "0.0.0"


def __getattr__(name: str):
    if name == "__version__":
        return _version()
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    if name in _VIEWS:
        module, attribute = _VIEWS[name]
        return getattr(import_module(module), attribute)
    try:
        return import_module(f"rdanalysis.{name}")
    except ModuleNotFoundError:
        raise AttributeError(f"module 'rdanalysis' has no attribute {name!r}") from None
