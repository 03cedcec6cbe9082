"""Facts a report shows, recorded as data (not prose) while its notebook runs.

The lowest layer: no project imports. Code that shows rows to a reader (the data-status banner)
calls :func:`record`; the report runner appends a last cell that calls :func:`emit`, which puts
the facts in the executed notebook as a display output of type :data:`MIMETYPE`; the runner
moves them into the notebook's metadata (``metadata.rdanalysis.facts``) and the HTML layer reads
them there: whether illustrative data were shown, which statuses and sources.
"""

from __future__ import annotations

from typing import Any

MIMETYPE = "application/vnd.rdanalysis.facts+json"

_statuses: set[str] = set()
_sources: set[tuple[str, str]] = set()


def record(rows: Any) -> None:
    """Note the ``status`` (and ``source``) of every row of a table a report shows."""
    columns = getattr(rows, "columns", ())
    if "status" not in columns or len(rows) == 0:
        return
    statuses = [str(s) for s in rows["status"]]
    _statuses.update(statuses)
    if "source" in columns:  # a derived row names its inputs' sources joined by " / "
        for status, text in zip(statuses, rows["source"], strict=True):
            _sources.update((status, part) for part in str(text).split(" / ") if part)


def collected() -> dict:
    """The facts recorded so far in this process."""
    return {
        "statuses": sorted(_statuses),
        "illustrative": "illustrative" in _statuses,
        "sources": [{"status": st, "source": so} for st, so in sorted(_sources)],
    }


def emit() -> None:
    """Display the facts as one output of type :data:`MIMETYPE` (no text a reader would see)."""
    from IPython.display import display

    display({MIMETYPE: collected()}, raw=True)


def reset() -> None:
    """Forget what was recorded (a new report in the same process)."""
    _statuses.clear()
    _sources.clear()
