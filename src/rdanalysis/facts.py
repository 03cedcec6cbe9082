"""Facts a report shows, recorded as data (not prose) while its notebook runs.

The lowest layer: no project imports. Code that shows rows to a reader (the data-status banner,
a caption's sources) calls :func:`record`; the report runner appends a last cell that calls
:func:`emit`, which puts the facts in the executed notebook as a display output of type
:data:`MIMETYPE`; the runner moves them into the notebook's metadata
(``metadata.rdanalysis.facts``) and the page reads them there: which statuses and sources the
page shows, which raw files they come from, which values are illustrative (region, measure,
years), so that a banner names exactly those, and how many of the published figures shown come
from each source tier (1: the publisher's own site; 2: the official publication read from a
copy; 3: quoted second-hand) with their publications.
"""

from __future__ import annotations

from typing import Any

MIMETYPE = "application/vnd.rdanalysis.facts+json"
#: The source tiers of published figures (a ``tier`` column; 0 or blank: not published).
TIERS = (1, 2, 3)
#: Columns that identify one figure when a table has no ``origin`` (a derived series).
_IDENTITY = ("region", "year", "period", "measure", "sector", "source")

#: Value columns whose name says what a row of a series is (when it has no ``measure``).
VALUE_COLUMNS = (
    "rd_intensity_pct",
    "rd_expenditure_100m_yuan",
    "gdp_100m_yuan",
    "population_10k",
    "revenue_10k_yuan",
)

#: Column of a derived series: the statuses of its inputs, in the order of its source's parts.
PART_STATUSES = "part_statuses"
#: What rows of firm records are (counts, revenue, R&D and coverage all come from them).
ENTERPRISES = "enterprises"

_statuses: set[str] = set()
#: the regions of the rows shown (a report about one region must show some of its family's)
_regions: set[str] = set()
_sources: set[tuple[str, str]] = set()
_files: set[str] = set()
_illustrative: dict[tuple[str, str], set[int]] = {}
#: figure identity -> its source tier (a figure shown in two tables counts once)
_tiers: dict[tuple, int] = {}
#: (tier, publication) of the published figures shown
_publications: set[tuple[int, str]] = set()
#: whether the page shows single enterprises (names, codes): it is for internal use only
_confidential: list[bool] = []


def _what(rows: Any) -> list[str]:
    """What each row is: its ``measure``, else the first value column holding a value in that
    row (rows of R&D and of GDP stacked in one table each say what they are)."""
    if "measure" in rows.columns:
        return [str(m) for m in rows["measure"]]
    if "enterprise_id" in rows.columns:  # firm records: every figure made from them
        return [ENTERPRISES] * len(rows)
    present = [c for c in VALUE_COLUMNS if c in rows.columns]
    if not present:
        return [""] * len(rows)
    filled = rows[present].notna().to_numpy()
    return [
        next((c for c, has in zip(present, row, strict=True) if has), present[0]) for row in filled
    ]


def _note_illustrative(rows: Any, statuses: list[str], region: str) -> None:
    regions = [str(r) for r in rows["region"]] if "region" in rows.columns else None
    years = list(rows["year"]) if "year" in rows.columns else [None] * len(rows)
    for k, (status, what, year) in enumerate(zip(statuses, _what(rows), years, strict=True)):
        if status != "illustrative":
            continue
        key = (regions[k] if regions else region, what)
        found = _illustrative.setdefault(key, set())
        if year is not None and year == year:
            found.add(int(year))


def _note_sources(rows: Any, statuses: list[str]) -> None:
    """Each source with its status; a value computed from R&D and GDP ('R&D source / GDP
    source') gives each part its input's own status where the rows carry them, so that a
    published bulletin that gave the GDP is never listed as illustrative."""
    inputs = [c for c in ("rd_status", "gdp_status") if c in rows.columns]
    parts_status = list(zip(*(rows[c] for c in inputs), strict=True)) if len(inputs) == 2 else None
    if PART_STATUSES in rows.columns:  # a derived series: its inputs' statuses, part by part
        parts_status = [p if isinstance(p, tuple) else () for p in rows[PART_STATUSES]]
    for k, (status, text) in enumerate(zip(statuses, rows["source"], strict=True)):
        parts = [p for p in str(text).split(" / ") if p]
        if parts_status is not None and len(parts) == len(parts_status[k]) == 2:
            own = [str(s) if isinstance(s, str) else status for s in parts_status[k]]
            _sources.update(zip(own, parts, strict=True))
        else:
            _sources.update((status, part) for part in parts)


def record(rows: Any, region: str = "", name_values: bool = True) -> None:
    """Note the ``status``, ``source``, ``origin`` (and ``tier``, where a table has one) of every
    row of a table a report shows (``region``: whose rows they are, when the rows do not say).
    ``name_values=False``: rows that cannot say what they are (a series of a derived metric):
    their sources and statuses are noted, and their illustrative values are named by the rows
    recorded for the banner."""
    columns = getattr(rows, "columns", ())
    if "status" not in columns or len(rows) == 0:
        return
    statuses = [str(s) for s in rows["status"]]
    _statuses.update(statuses)
    if "region" in columns:
        _regions.update(str(r) for r in rows["region"].dropna().unique())
    if "source" in columns:  # a derived row names its inputs' sources joined by " / "
        _note_sources(rows, statuses)
    if "origin" in columns:  # 'data/raw/public/x.csv:12', joined by " / " for a derived row
        for text in rows["origin"]:
            _files.update(p.rsplit(":", 1)[0] for p in str(text).split(" / ") if p)
    if "illustrative" in statuses and name_values:
        _note_illustrative(rows, statuses, region)
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


def mark_confidential() -> None:
    """Note that the report shows single enterprises (a list with their names or codes)."""
    _confidential.append(True)


def collected() -> dict:
    """The facts recorded so far in this process."""
    counts = {str(t): 0 for t in TIERS}
    for tier in _tiers.values():
        counts[str(tier)] += 1
    return {
        "statuses": sorted(_statuses),
        "regions": sorted(_regions),
        "illustrative": "illustrative" in _statuses,
        "sources": [{"status": st, "source": so} for st, so in sorted(_sources)],
        "files": sorted(_files),
        "illustrative_values": [
            {"region": region, "what": what, "years": sorted(years)}
            for (region, what), years in sorted(_illustrative.items())
        ],
        "tiers": counts,
        "publications": [{"tier": t, "source": s} for t, s in sorted(_publications)],
        "confidential": bool(_confidential),
    }


def emit() -> None:
    """Display the facts as one output of type :data:`MIMETYPE` (no text a reader would see)."""
    # lazy: IPython.display is 0.24 s for the runner, which only reads facts
    from IPython.display import display

    display({MIMETYPE: collected()}, raw=True)


def reset() -> None:
    """Forget what was recorded (a new report in the same process)."""
    _statuses.clear()
    _regions.clear()
    _sources.clear()
    _files.clear()
    _illustrative.clear()
    _tiers.clear()
    _publications.clear()
    _confidential.clear()
