"""The views: one module per thing a page or a command is fed, each with one entry point,
``build``, returning its dataclass. A notebook and the CLI call the same ``build``, so their
numbers cannot drift apart.

- ``outlook`` (01, ``rdanalysis forecast``): intensity series, forecast, required growth;
- ``dashboard`` (00, ``rdanalysis targets``): a plan's targets, assessment or drafting;
- ``splits`` (02): one region's R&D by performing sector, source of funds or type of activity;
- ``regions`` (03): a parent and its sub-regions: decomposition, league table, shift-share;
- ``profiles`` (04): one sub-region against its parent and siblings;
- ``enterprises`` (05): enterprise R&D coverage, safe to publish;
- ``overview`` (06): what was loaded for a region, and where it comes from;
- ``provinces`` (07): a parent and its provinces, with its funding and activity splits;
- ``province`` (08): one province's trajectory, rank and splits against the national line;
- ``decomposition`` (``rdanalysis decompose``): the effects table of any of the above.

Pure: processed tables in, dataclasses out. What is computed and is not a view (forecast,
decompose, indicators, disclosure …) lives in ``rdanalysis.analysis`` modules named for the idea.

A notebook writes ``views.splits.build(tables, region, ...)``; a view's module is imported when
first named (PEP 562), so importing a view imports only the views it uses. ``views.optional``
calls a view that may lack data; ``views.same_region`` refuses a result for another region.
"""

from importlib import import_module

from rdanalysis.analysis.views._common import RegionMismatchError, optional, same_region

VIEWS = (
    "outlook", "dashboard", "splits", "regions", "profiles", "enterprises", "overview",
    "provinces", "province", "decomposition",
)  # fmt: skip

__all__ = ["VIEWS", "RegionMismatchError", "optional", "same_region", *VIEWS]


def __getattr__(name: str):
    if name in VIEWS:
        return import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
