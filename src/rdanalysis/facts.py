"""Facts a report shows, recorded as data (not prose) while its notebook runs.

The lowest layer: no project imports. Code that shows rows to a reader (the data-status banner)
calls :func:`record`; the report runner appends a last cell that calls :func:`emit`, which puts
the facts in the executed notebook as a display output of type :data:`MIMETYPE`; the runner
moves them into the notebook's metadata (``metadata.rdanalysis.facts``) and the HTML layer reads
them there: whether illustrative data were shown, which statuses and sources, and how many of
the published figures shown come from each source tier (1: the publisher's own site; 2: the
official publication read from a copy; 3: quoted second-hand) with their publications.
"""

from __future__ import annotations

from typing import Any

MIMETYPE = "application/vnd.rdanalysis.facts+json"
#: The source tiers of published figures (a ``tier`` column; 0 or blank: not published).
TIERS = (1, 2, 3)
#: Columns that identify one figure when a table has no ``origin`` (a derived series).
_IDENTITY = ("region", "year", "period", "measure", "sector", "source")

_statuses: set[str] = set()
_sources: set[tuple[str, str]] = set()
#: figure identity -> its source tier (a figure shown in two tables counts once)
_tiers: dict[tuple, int] = {}
#: (tier, publication) of the published figures shown
_publications: set[tuple[int, str]] = set()


def record(rows: Any) -> None:
    """Note the ``status`` (and ``source``, and ``tier`` where a table has one) of every row of
    a table a report shows."""
    columns = getattr(rows, "columns", ())
    if "status" not in columns or len(rows) == 0:
        return
    statuses = [str(s) for s in rows["status"]]
    _statuses.update(statuses)
    if "source" in columns:  # a derived row names its inputs' sources joined by " / "
        for status, text in zip(statuses, rows["source"], strict=True):
            _sources.update((status, part) for part in str(text).split(" / ") if part)
    if "tier" in columns:
        _record_tiers(rows, columns)


def _tier(value: Any) -> int:
    try:
        tier = int(value)
    except (TypeError, ValueError):  # blank or NaN: not a published figure
        return 0
    return tier if tier in TIERS else 0


def _record_tiers(rows: Any, columns: Any) -> None:
    keys = ["origin"] if "origin" in columns else [c for c in _IDENTITY if c in columns]
    wanted = list(dict.fromkeys([*keys, "tier", *(["source"] if "source" in columns else [])]))
    for record_ in rows[wanted].to_dict("records"):
        tier = _tier(record_["tier"])
        if not tier:
            continue
        identity = tuple(str(record_[k]) for k in keys) or (str(len(_tiers)),)
        _tiers[identity] = tier
        source = str(record_.get("source", ""))
        if source and " / " not in source:  # a derived row's tier is that of its weakest input
            _publications.add((tier, source))


def collected() -> dict:
    """The facts recorded so far in this process."""
    counts = {str(t): 0 for t in TIERS}
    for tier in _tiers.values():
        counts[str(tier)] += 1
    return {
        "statuses": sorted(_statuses),
        "illustrative": "illustrative" in _statuses,
        "sources": [{"status": st, "source": so} for st, so in sorted(_sources)],
        "tiers": counts,
        "publications": [{"tier": t, "source": s} for t, s in sorted(_publications)],
    }


def emit() -> None:
    """Display the facts as one output of type :data:`MIMETYPE` (no text a reader would see)."""
    from IPython.display import display

    display({MIMETYPE: collected()}, raw=True)


def reset() -> None:
    """Forget what was recorded (a new report in the same process)."""
    _statuses.clear()
    _sources.clear()
    _tiers.clear()
    _publications.clear()
