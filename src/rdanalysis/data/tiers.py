"""Where each published figure comes from: its official publication, the copy that was read, and
a source tier (docs/data.md, "Source tiers").

Every row of a public file names the publication it reports (``publication_id``, a key of
``data/raw/sources/publications.csv``: title in simplified characters, publisher, date, official
URL where known) separately from the page that was read (``source_url``), and says how that page
relates to the publication (``access``):

- ``official``: the publisher's own site or publication -> tier 1;
- ``copy``: the publication reproduced elsewhere (a mirror, a reprint, a repository holding the
  official table) -> tier 2;
- ``quoted``: the figure quoted second-hand (media, aggregator, encyclopedia) -> tier 3.

A row whose page names no publication is marked ``unsourced`` and never loaded. Every host cited
is classified in ``data/raw/sources/hosts.csv``; a page on an ``unrelated`` host (a content farm)
must name the publication it copies, and only an ``official`` host can be read as the publisher's
own site.

Copies are checked against each other: a figure (region, year, measure, sector, basis) given with
the same value by another page, or by a later official table, is recorded in
``checked_against``, beside any check written in the raw file. Where two copies of the same
figure (same vintage too) exist the better tier is kept; if their values differ, both are
recorded in the ``disagreements`` table.
"""

from __future__ import annotations

import math
from urllib.parse import urlsplit

import pandas as pd

from rdanalysis import paths
from rdanalysis.errors import Problem

SOURCES = paths.RAW / "sources"
PUBLICATIONS = SOURCES / "publications.csv"
HOSTS = SOURCES / "hosts.csv"

ACCESS_TIER = {"official": 1, "copy": 2, "quoted": 3}
#: The ``publication_id`` prefix of rows whose manifest entry names their publication.
MANIFEST_PUBLICATION = "manifest:"
#: The tier of a figure that is not a published one (illustrative, the user's).
NO_TIER = 0
#: Host classes (hosts.csv); pages on an ``unrelated`` host must name what they copy.
HOST_CLASSES = ("official", "media", "reference", "encyclopedia", "aggregator", "unrelated")

#: The provenance columns every observation carries (empty / 0 for unpublished figures).
COLUMNS = [
    "publication_id",
    "access",
    "tier",
    "publisher",
    "publication_date",
    "official_url",
    "checked_against",
]
#: What identifies one figure across copies and publications (vintages compared too: a later
#: official table giving the same value checks a copy).
FIGURE = ["region", "year", "period", "measure", "sector", "population_type", "basis"]
DISAGREEMENT_COLUMNS = [
    "region",
    "year",
    "measure",
    "sector",
    "vintage",
    "value",
    "tier",
    "source",
    "origin",
    "other_value",
    "other_tier",
    "other_source",
    "other_origin",
]
#: How many agreeing figures a row's ``checked_against`` names before "and N more".
MAX_CHECKS_NAMED = 3


def empty_columns() -> dict:
    """The provenance columns of a figure that is not published (illustrative or the user's)."""
    return {c: (NO_TIER if c == "tier" else "") for c in COLUMNS}


def _read(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def publications() -> pd.DataFrame:
    """The publications register, one row per ``publication_id``."""
    return _read(PUBLICATIONS)


def hosts() -> pd.DataFrame:
    """The hosts register: every host a public file cites, with its class."""
    return _read(HOSTS)


def host(url: str) -> str:
    """The host a ``source_url`` points to ('' when it is no web address, e.g. a repository
    reference ``owner/name@commit:path`` or "URL not returned by search tool")."""
    text = str(url).strip()
    if not text.startswith(("http://", "https://")):
        return ""
    return (urlsplit(text.split()[0].rstrip(";")).hostname or "").lower()


def attach(obs: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Publication, tier and the checks written in the raw files, for every public row.

    ``obs`` carries ``publication_id``, ``access`` and ``checked_against`` as read (a panel
    file's rows carry the title their manifest entry gives in ``source``, and the id
    ``manifest:<file>``). Returns the rows
    with ``source`` set to the publication's own title, and the problems: an unknown publication
    or host, an access that is not official / copy / quoted, an ``official`` access on a host
    that is not official, a row without a publication.
    """
    pubs = publications().set_index("publication_id")
    classes = dict(zip(hosts()["host"], hosts()["class"], strict=True))
    out = obs.copy()
    problems: list[Problem] = []
    for col in ("publication_id", "access", "checked_against", "publisher", "publication_date"):
        if col not in out.columns:
            out[col] = ""
    if "official_url" not in out.columns:
        out["official_url"] = ""
    pid = out["publication_id"].fillna("").astype(str).str.strip()
    known = pid.isin(pubs.index)
    title = pid.map(pubs["title"]).where(known)
    out["source"] = title.fillna(out["source"])
    for col, field in (
        ("publisher", "publisher"),
        ("publication_date", "date"),
        ("official_url", "official_url"),
    ):
        out[col] = pid.map(pubs[field]).where(known).fillna(out[col]).astype(str)
    out["tier"] = out["access"].map(ACCESS_TIER).fillna(NO_TIER).astype(int)
    named = known | pid.str.startswith(MANIFEST_PUBLICATION)
    kinds = out["source_url"].map(host).map(classes)
    # Only rows that can have a problem are looked at one by one (7,600 rows, a few suspects).
    suspect = (
        ~named
        | ~out["access"].isin(list(ACCESS_TIER))
        | (out["source_url"].map(host).ne("") & kinds.isna())
        | (out["access"].eq("official") & kinds.notna() & kinds.ne("official"))
    )
    for idx, row in out[suspect].iterrows():
        problems.extend(_row_problems(row, pid[idx], bool(named[idx]), classes))
    return out, problems


def _row_problems(row: pd.Series, pid: str, named: bool, classes: dict) -> list[Problem]:
    where, line = _where(row["origin"])
    name = host(row["source_url"])
    kind = classes.get(name)
    registry = f"a publication_id of {_rel(PUBLICATIONS)}"
    problems = []
    if not pid:
        what = f"a page on an unrelated host ({name})" if kind == "unrelated" else "the figure"
        problems.append(
            Problem(where, line, "publication_id", f"{what} names no publication", registry)
        )
    elif not named:
        problems.append(
            Problem(where, line, "publication_id", f"unknown publication '{pid}'", registry)
        )
    if row["access"] not in ACCESS_TIER:
        problems.append(
            Problem(
                where,
                line,
                "access",
                f"access '{row['access']}'",
                "official, copy or quoted (unsourced rows are not loaded)",
            )
        )
    if name and kind is None:
        problems.append(
            Problem(
                where,
                line,
                "source_url",
                f"host '{name}' is not classified",
                f"a row of {_rel(HOSTS)}",
            )
        )
    elif row["access"] == "official" and name and kind != "official":
        problems.append(
            Problem(
                where,
                line,
                "access",
                f"'official' access on a {kind} host ({name})",
                "copy or quoted: only the publisher's own site is official",
            )
        )
    return problems


def _where(origin: str) -> tuple[str, int | None]:
    path, _, line = str(origin).rpartition(":")
    return (path, int(line)) if line.isdigit() else (str(origin), None)


def _rel(path) -> str:
    return paths.label(path)


def decimals(value: float) -> int:
    """Decimal places of ``value`` as written (trailing zeros dropped; 6 for very small ones)."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        return 6
    frac = text.partition(".")[2].rstrip("0")
    return len(frac)


def agree(a: float, b: float) -> bool:
    """Two published values agree when they are equal at the coarser precision of the two
    (161.07 and 161.1 agree; 17359.8 and 17360 agree; 2.54 and 2.56 do not)."""
    d = min(decimals(a), decimals(b))
    return math.isclose(a, b, abs_tol=0.5 * 10**-d + 1e-9)


def _pairs(obs: pd.DataFrame) -> pd.DataFrame:
    """Every pair of public rows giving the same figure from different pages."""
    pub = obs[obs["tier"] > NO_TIER].reset_index().rename(columns={"index": "_row"})
    cols = ["_row", *FIGURE, "vintage", "value", "tier", "source", "source_url", "origin"]
    both = pub[cols].merge(pub[cols], on=FIGURE, suffixes=("", "_o"))
    both = both[(both["_row"] != both["_row_o"]) & (both["source_url"] != both["source_url_o"])]
    agrees = [agree(a, b) for a, b in zip(both["value"], both["value_o"], strict=True)]
    both["agrees"] = pd.Series(agrees, index=both.index, dtype=bool)
    return both


def cross_check(obs: pd.DataFrame) -> pd.DataFrame:
    """``obs`` with ``checked_against`` extended by every other page (or later table) giving
    the same figure with the same value."""
    if obs.empty:
        return obs
    both = _pairs(obs)
    found = both[both["agrees"]]
    if found.empty:
        return obs
    text = (
        found["source_o"].astype(str)
        + " ("
        + found["origin_o"].astype(str)
        + "): "
        + found["value_o"].map("{:g}".format)
    )
    named: dict[int, list[str]] = {}
    for row, item in zip(found["_row"], text, strict=True):
        named.setdefault(row, []).append(item)
    added = pd.Series({row: _named(items) for row, items in named.items()}, dtype=object)
    added = added.reindex(obs.index).fillna("").astype(str)
    before = obs["checked_against"].fillna("").astype(str).str.strip()
    sep = pd.Series("; ", index=obs.index).where(before.ne("") & added.ne(""), "")
    return obs.assign(checked_against=before + sep + added)


def _named(items: list[str]) -> str:
    extra = len(items) - MAX_CHECKS_NAMED
    return "; ".join(items[:MAX_CHECKS_NAMED]) + (f"; and {extra} more" if extra > 0 else "")


def best_copies(obs: pd.DataFrame, key: list[str]) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """One row per ``key``: the best tier (then the first in manifest order). Returns the kept
    rows, the disagreements (two copies of one figure with different values, the kept one first)
    and the problems: a disagreement between copies of the same tier is an error (nothing says
    which is right), one the better tier settles is a note."""
    ranked = obs.assign(
        _order=range(len(obs)),
        _rank=obs["tier"].where(obs["tier"] > NO_TIER, len(ACCESS_TIER) + 1),  # unpublished last
    ).sort_values(["_rank", "_order"], kind="stable")
    dup = ranked[ranked.duplicated(key, keep=False)]
    records, problems = [], []
    for _, group in dup.groupby(key, sort=False):
        first = group.iloc[0]
        for _, other in group.iloc[1:].iterrows():
            if agree(first["value"], other["value"]):
                continue
            records.append(_disagreement(first, other))
            same_tier = first["tier"] == other["tier"]
            problems.append(
                Problem(
                    other["origin"],
                    None,
                    "value",
                    f"{other['value']:g} conflicts with {first['value']:g} at "
                    f"{first['origin']} for the same figure"
                    + ("" if same_tier else f" (tier {first['tier']} kept, tier {other['tier']})"),
                    "one value per region, year, measure, vintage and basis",
                    "error" if same_tier else "note",
                )
            )
    kept = ranked.drop_duplicates(key, keep="first").sort_values("_order")
    kept = kept.drop(columns=["_order", "_rank"])
    table = pd.DataFrame(records, columns=DISAGREEMENT_COLUMNS)
    return kept.reset_index(drop=True), typed_disagreements(table), problems


def _disagreement(first: pd.Series, other: pd.Series) -> dict:
    return {
        "region": first["region"],
        "year": int(first["year"]),
        "measure": first["measure"],
        "sector": first["sector"],
        "vintage": first["vintage"],
        "value": float(first["value"]),
        "tier": int(first["tier"]),
        "source": first["source"],
        "origin": first["origin"],
        "other_value": float(other["value"]),
        "other_tier": int(other["tier"]),
        "other_source": other["source"],
        "other_origin": other["origin"],
    }


def typed_disagreements(table: pd.DataFrame) -> pd.DataFrame:
    """The disagreements table with the dtypes of the column registry (also when empty)."""
    ints = {"year": "int64", "tier": "int64", "other_tier": "int64"}
    floats = {"value": "float64", "other_value": "float64"}
    return table.astype(
        {c: ints.get(c, floats.get(c, str)) for c in DISAGREEMENT_COLUMNS}
    ).reset_index(drop=True)
