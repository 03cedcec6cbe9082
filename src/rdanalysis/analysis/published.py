"""How the processed figures compare with what is published (pure): the revision of each
intensity between its first release and its revision, and the upper bounds inferred from
published rankings that illustrative figures must respect."""

from __future__ import annotations

import operator

import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import indicators

_RELATIONS = {"<": operator.lt, "<=": operator.le}


def revised_vintage(observations: pd.DataFrame) -> str | None:
    """The intensity vintage the rule prefers that the data has (e.g. yearbook_2024)."""
    present = set(observations.loc[observations["measure"] == "rd_intensity", "vintage"])
    for entry in reference.vintage_rules()["preference"]["rd_intensity"]:
        if entry in present and entry != "first_release":
            return entry
    return None


def revision_table(observations: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """First release vs revised R&D intensity (%) per region and year, largest revisions first.

    Columns: region, year, first_release_pct, revised_pct (the vintage the rule prefers),
    computed_pct (yearbook R&D / NBS latest GDP, where both exist), revision_pp (revised minus
    first release), vintage. Rows need both a first release and a revision.
    """
    vintage = revised_vintage(observations)
    cols = ["region", "year", "first_release_pct", "revised_pct", "computed_pct", "revision_pp"]
    if vintage is None:
        return pd.DataFrame(columns=[*cols, "vintage"])
    obs = observations[
        (observations["sector"] == "total") & (observations["basis"] == "comparable")
    ]

    def pick(measure: str, vint: str, name: str) -> pd.DataFrame:
        sub = obs[(obs["measure"] == measure) & (obs["vintage"] == vint)]
        return sub.drop_duplicates(["region", "year"])[["region", "year", "value"]].rename(
            columns={"value": name}
        )

    table = pick("rd_intensity", "first_release", "first_release_pct").merge(
        pick("rd_intensity", vintage, "revised_pct"), on=["region", "year"]
    )
    computed = pick("rd_expenditure", "yearbook", "rd").merge(
        pick("gdp", "nbs_latest", "gdp"), on=["region", "year"]
    )
    computed["computed_pct"] = computed["rd"] / computed["gdp"] * 100
    table = table.merge(computed[["region", "year", "computed_pct"]], how="left")
    table["revision_pp"] = table["revised_pct"] - table["first_release_pct"]
    table["vintage"] = vintage
    table = table.reindex(table["revision_pp"].abs().sort_values(ascending=False).index)
    table = table.reset_index(drop=True)
    return table.head(limit) if limit else table


def bounds_check(tables: dict[str, pd.DataFrame], region: str | None = None) -> pd.DataFrame:
    """Each published upper bound next to the loaded value it constrains, and whether it holds;
    with ``region``, only the bounds of its family (itself, its parents, its sub-regions).

    Columns: region, year, measure, relation, bound, unit, value, status (of the value), holds.
    Intensity values come from ``indicators.intensity_series`` (what every report shows). A
    bound without a loaded value has value NaN and holds None: it could not be checked.
    """
    rows = []
    bounds = tables["bounds"]
    if region is not None:
        bounds = bounds[bounds["region"].isin(reference.of(tables).family(region))]
    for b in bounds.itertuples():
        series = indicators.intensity_series(
            tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], b.region
        ).set_index("year")
        column = "rd_intensity_pct" if b.measure == "rd_intensity" else "rd_expenditure_100m_yuan"
        value = series[column].get(b.year) if b.year in series.index else None
        value = float("nan") if value is None or pd.isna(value) else float(value)
        status = series["status"].get(b.year) if b.year in series.index else None
        ok = None if pd.isna(value) else bool(_RELATIONS[b.relation](value, b.bound))
        rows.append(
            {
                "region": b.region,
                "year": b.year,
                "measure": b.measure,
                "relation": b.relation,
                "bound": b.bound,
                "unit": b.unit,
                "value": value,
                "status": status,
                "holds": ok,
                "source": b.source,
            }
        )
    columns = ["region", "year", "measure", "relation", "bound", "unit", "value", "status"]
    return pd.DataFrame(rows, columns=[*columns, "holds", "source"])


#: Where a build names the shipped raw files (``origin``: data/raw/<manifest path>:<line>).
RAW_PREFIX = "data/raw/"


def _files(origins: pd.Series) -> pd.Series:
    """The file of each origin ('data/raw/public/x.csv:12'; a derived row joins several with
    ' / '), one row per file."""
    parts = origins.astype(str).str.split(" / ").explode()
    return parts.str.rpartition(":")[0].where(parts.str.contains(":"), parts)


def files_for(tables: dict[str, pd.DataFrame], region: str) -> pd.DataFrame:
    """The raw files of a project about ``region``: the shipped files that hold a figure of its
    family (itself, its parents, its sub-regions: observations, enterprises, bounds), a file its
    family's manifest entry names (``region``), the files every project uses (the reference
    panels and source registers: no figure of any region), then the user's own files the build
    read. Never the files of another region (Tongliao's, for any other project) nor data the
    build left out.

    Columns: those of ``tables['sources']`` (path relative to data/raw; a user's file by its
    place in the project), plus ``is_user``."""
    family = set(reference.of(tables).family(region))
    whose = _whose_files(tables)
    mine = {f for r, f in whose if r in family}
    with_figures = {f for _, f in whose}
    sources = tables["sources"]
    owners = sources["region"] if "region" in sources else pd.Series("", index=sources.index)

    def keep(path: str, status: str, owner: object) -> bool:
        shipped = RAW_PREFIX + path
        if shipped in mine or (isinstance(owner, str) and owner in family):
            return True
        if shipped in with_figures or (isinstance(owner, str) and owner not in ("", "nan")):
            return False  # another region's
        return not status.startswith("illustrative")  # left out of this build

    rows = zip(sources["path"], sources["status"], owners, strict=True)
    kept = sources[[keep(str(p), str(s), o) for p, s, o in rows]].assign(is_user=False)
    return pd.concat([kept, _user_files(tables["observations"])], ignore_index=True)


def _whose_files(tables: dict[str, pd.DataFrame]) -> set[tuple[str, str]]:
    """(region, file) of every figure the tables hold: observations and bounds by region,
    enterprises by county."""
    pairs: set[tuple[str, str]] = set()
    for name, column in (
        ("observations", "region"),
        ("bounds", "region"),
        ("enterprises", "county"),
    ):
        frame = tables.get(name) if name in tables else None
        if frame is None or frame.empty or "origin" not in frame:
            continue
        files = _files(frame["origin"])
        regions = frame.loc[files.index, column].astype(str)
        pairs |= set(zip(regions.to_numpy(), files.to_numpy(), strict=True))
    return pairs


def _user_files(obs: pd.DataFrame) -> pd.DataFrame:
    """The user's files the build read, each with the first source it gives."""
    user = obs.loc[obs["status"] == "user"]
    found: dict[str, str] = {}
    for origin, source in zip(user["origin"], user["source"], strict=True):
        for f in _files(pd.Series([origin])):
            if f:
                found.setdefault(f, str(source))
    files = sorted(found)
    return pd.DataFrame(
        {"path": files, "title": [found[f] for f in files], "status": "user", "is_user": True}
    )
