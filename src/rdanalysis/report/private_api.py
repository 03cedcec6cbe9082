"""The report layer's every use of another library's private or undocumented behaviour, one named
function each, so that an upgrade that breaks one breaks it here, where a unit test
(``tests/unit/test_private_api.py``) names the library's version and what changed.

Both uses exist only for speed; each has a public way that gives the same pages, slower.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterable

#: matplotlib's private font lookup by properties (``FontManager._find_fonts_by_props``).
FONT_LOOKUP = "_find_fonts_by_props"


def skip_rfc3987_syntax() -> None:
    """Mark ``rfc3987_syntax`` as absent, so that jsonschema (which nbformat uses to validate
    every notebook) does not import it.

    jsonschema imports that package when it is installed (jupyterlab brings it in through
    ``jsonschema[format-nongpl]``) and it compiles about 38 Earley grammars at import time:
    about 2 s in every process that reads a notebook (the runner, each report worker, the warm
    server), measured 2.1 s against 0.2 s for ``import nbformat``. It only serves jsonschema's
    ``iri``/``iri-reference`` format checks, which no notebook schema uses.

    Relies on: jsonschema importing it inside ``suppress(ImportError)`` (``jsonschema._format``,
    4.x), which a ``None`` in ``sys.modules`` turns into an ImportError. If jsonschema ever
    imports it unguarded, ``import nbformat`` fails with an ImportError naming it; removing this
    call restores the public path (the grammars are compiled, 2 s slower). A process that
    imported it already keeps it (``setdefault``).
    """
    sys.modules.setdefault("rfc3987_syntax", None)


def warm_font_lookups(sizes: Iterable[float], weight: str = "normal") -> None:
    """Fill matplotlib's caches of the font lookups every chart repeats (one per text size), in
    the fork server's preload, so that each report finds them made (under the current rcParams:
    call it with the house style set).

    Relies on: the private ``matplotlib.font_manager.fontManager._find_fonts_by_props(prop)``
    (matplotlib 3.6 and later), the lookup text layout itself makes (every family of the font
    list, with fallback), which fills ``findfont``'s cache for each family. If an upgrade
    removes it or changes its signature, this falls back to the public ``findfont`` (the first
    family only: the others are looked up in each report, a little slower) with a
    ``RuntimeWarning``; pages are the same either way.
    """
    # lazy: matplotlib.font_manager is 1.5-2.6 s to import (measured on this machine), and this
    # module is imported with rdanalysis.report by every command that only reuses reports
    from matplotlib import font_manager

    lookup = getattr(font_manager.fontManager, FONT_LOOKUP, None)
    if lookup is None:
        warnings.warn(
            f"matplotlib {_version()} has no FontManager.{FONT_LOOKUP}: fonts are warmed "
            "through the public findfont",
            RuntimeWarning,
            stacklevel=2,
        )
    for size in sizes:
        prop = font_manager.FontProperties(size=size, weight=weight)
        if lookup is not None:
            try:
                lookup(prop)
                continue
            except TypeError as err:  # its signature changed: the public path from here on
                warnings.warn(
                    f"matplotlib {_version()}: FontManager.{FONT_LOOKUP} changed ({err}); fonts "
                    "are warmed through the public findfont",
                    RuntimeWarning,
                    stacklevel=2,
                )
                lookup = None
        font_manager.findfont(prop)


def _version() -> str:
    import matplotlib  # already imported by the caller

    return matplotlib.__version__
