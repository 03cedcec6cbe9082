"""Build data/processed from data/raw (+ the user's files): read, normalise, merge, validate, write.

Where figures overlap, the rules of ``data.merge`` apply (docs/data.md, "Your figures and ours"):
a user's measure drops the illustrative values of that measure for the region's whole hierarchy;
published figures are kept, and one the user supplies again is recorded as an override.
Validation runs on everything before anything is written; a failed build writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pandas as pd
import yaml

from rdanalysis import paths, reference
from rdanalysis.data import (
    enterprise_checks,
    jumps,
    magnitudes,
    public,
    reference_panels,
    store,
    template,
    tiers,
    user_regions,
    vintages,
)
from rdanalysis.data import merge as merge_rules
from rdanalysis.data.tables import TABLES as TABLES  # the names, also as build.TABLES
from rdanalysis.errors import Problem, RDAnalysisError, errors_only

KEY = ["region", "year", "period", "measure", "sector", "vintage", "basis", "population_type"]
#: Parts may exceed a total by rounding only.
REL_TOL, ABS_TOL = reference.PARTS_REL_TOL, reference.PARTS_ABS_TOL
MAX_PLAUSIBLE_INTENSITY_PCT = magnitudes.MAX_PLAUSIBLE_INTENSITY_PCT
#: The enterprise table: the template's columns ("region" is the enterprise's county), then
#: status and origin.
ENTERPRISE_OUT = [
    "county" if c == "region" else c
    for c in template.ENTERPRISE_COLUMNS
    if c not in ("note", "file", "row")
] + ["status", "origin"]


@dataclass
class BuildResult:
    tables: dict[str, pd.DataFrame]
    problems: list[Problem] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)  # file -> sha256
    #: What the user's figures replaced (illustrative series, published figures), in lines.
    summary: list[str] = field(default_factory=list)


def manifest() -> list[dict]:
    """The data/raw manifest entries, in priority order."""
    text = paths.MANIFEST.read_text(encoding="utf-8")
    return yaml.load(text, Loader=reference.YAML_LOADER)["files"]  # safe (libyaml when built)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _labels(files: pd.Series) -> pd.Series:
    """The files rows were read from, named as ``_rel`` names them (one name everywhere: a
    row's origin, the build's inputs, the page's list of files); once per file, not per row."""
    return files.map({f: _rel(Path(f)) for f in files.unique()})


def _rel(path: Path) -> str:
    """A file's name in the data: ``data/raw/...`` for a shipped file, its place in the project
    for a project's file, else its full path (``paths.label``)."""
    return paths.label(path)


def reference_gdp(obs: pd.DataFrame) -> dict[tuple[str, int], float]:
    """(region, year) -> comparable-basis GDP, to sanity-check amounts in users' files."""
    g = obs[(obs["measure"] == "gdp") & (obs["basis"] == "comparable")]
    return {
        (r, int(y)): float(v) for r, y, v in zip(g["region"], g["year"], g["value"], strict=True)
    }


def reference_population(obs: pd.DataFrame) -> dict[tuple[str, int], float]:
    """(region, year) -> published resident population (万人; census count where no other)."""
    p = obs[(obs["measure"] == "population") & (obs["status"] != "illustrative")]
    p = p[p["population_type"].isin(["resident", "census_resident"])]
    p = p.sort_values("population_type", ascending=False)  # resident before census_resident
    p = p.drop_duplicates(["region", "year"])
    return {
        (r, int(y)): float(v) for r, y, v in zip(p["region"], p["year"], p["value"], strict=True)
    }


def reference_series(obs: pd.DataFrame) -> dict[tuple[str, str], dict[int, float]]:
    """(region, measure) -> {year: value}: the published totals of R&D intensity, R&D and GDP
    (comparable basis; the median of a year's vintages), to check users' series against
    (``data.jumps``, ``data.parents``)."""
    rows = obs[
        obs["measure"].isin(jumps.MEASURES)
        & (obs["basis"] == "comparable")
        & (obs["sector"] == "total")
        & (obs["status"] != "illustrative")
    ]
    # values come as objects from the readers: as floats, the median is pandas' fast one
    values = pd.to_numeric(rows["value"]).astype(float)
    medians = values.groupby([rows["region"], rows["measure"], rows["year"]]).median()
    out: dict[tuple[str, str], dict[int, float]] = {}
    for (region, measure, year), value in medians.items():
        out.setdefault((region, measure), {})[int(year)] = float(value)
    return out


def public_observations() -> tuple[pd.DataFrame, list[Problem], dict[str, str]]:
    obs, _, problems, inputs = published_figures()
    return obs, problems, inputs


def published_figures() -> tuple[pd.DataFrame, pd.DataFrame, list[Problem], dict[str, str]]:
    """Every public figure with its publication and tier (``data.tiers``), one row per figure
    and vintage (the better tier where two copies exist); the disagreements between copies, the
    problems and the inputs' hashes.

    Read once per process for given file contents and regions: the key is every raw file's
    sha256 (hashed on every call, 0.02 s) and the regions names are read against, so an edited
    file or another hierarchy is read afresh; callers get their own copies."""
    # an entry's publication is a mapping: held as JSON text in the key
    entries = tuple(
        (e["path"], json.dumps(e.get("publication"), sort_keys=True)) for e in manifest()
    )
    inputs = {_rel(paths.RAW / p): sha256(paths.RAW / p) for p, _ in entries}
    key = (str(paths.RAW), entries, tuple(inputs.values()), tuple(reference.current().values()))
    obs, disagreements, problems = _published(key)
    return obs.copy(), disagreements.copy(), list(problems), inputs


@lru_cache(maxsize=2)
def _published(key: tuple) -> tuple[pd.DataFrame, pd.DataFrame, tuple[Problem, ...]]:
    entries = key[1]
    frames, problems = [], []
    for path, publication in entries:
        if not _quoted(path):
            continue
        obs, probs = public.observations(paths.RAW / path, json.loads(publication))
        frames.append(obs)
        problems.extend(probs)
    obs, probs = tiers.attach(pd.concat(frames, ignore_index=True))
    obs, disagreements, dups = tiers.best_copies(tiers.cross_check(obs), KEY)
    return obs, disagreements, tuple(problems + probs + dups)


def _quoted(path: str) -> bool:
    """A public file of quoted figures or the province panel (not a reference panel of other
    countries' regions, which ``data.reference_panels`` reads)."""
    return (
        path.startswith("public/")
        and path.endswith(".csv")
        and not reference_panels.is_panel_file(path)
    )


def template_observations(result: template.ReadResult, status: str) -> pd.DataFrame:
    """Measures read through the template, as observation rows with the given status."""
    m = result.measures
    if m.empty:
        return pd.DataFrame(columns=public.OBS_COLUMNS)
    pop_type = (
        m["measure"]
        .map({"population_resident": "resident", "population_registered": "registered"})
        .fillna("")
    )
    measure = m["measure"].replace(
        {"population_resident": "population", "population_registered": "population"}
    )
    return pd.DataFrame(
        {
            "region": m["region"],
            "region_level": m["region"].map(reference.region_level),
            "year": m["year"].astype(int),
            "period": "",
            "measure": measure,
            "sector": m["sector"],
            "vintage": "published",
            "basis": "comparable",
            "population_type": pop_type,
            "value": m["value"].astype(float),
            "unit": measure.map(public.measure_units()),
            "status": status,
            "status_detail": status,
            "source": m["source"],
            "source_url": "",
            "quote": m["note"].fillna(""),
            "origin": _labels(m["file"]) + ":" + m["row"].astype(str),
            **tiers.empty_columns(),
        }
    )[public.OBS_COLUMNS]


def _enterprise_frame(result: template.ReadResult, status: str) -> pd.DataFrame:
    """The enterprise rows to build, without those with a cell that could not be read (an
    error where it was read: the schema never meets them)."""
    e = result.enterprises
    if not e.empty:
        e = e[~enterprise_checks.unread(e)]
    if e.empty:
        return pd.DataFrame(columns=ENTERPRISE_OUT)
    out = e.rename(columns={"region": "county"}).assign(
        status=status, origin=_labels(e["file"]) + ":" + e["row"].astype(str)
    )
    out["year"] = out["year"].astype(int)
    for col in ("has_rd_institution", "has_rd_activity", "is_high_tech"):
        out[col] = out[col].astype(bool)
    return out[ENTERPRISE_OUT]


def derive_tables(obs: pd.DataFrame, enterprises: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The analysis-ready tables, units in column names, each row with source and status."""
    obs = obs.astype({"year": int, "value": float, "tier": int})
    base = ["region", "region_level", "year"]
    tail = ["status", "source", "source_url", "origin", "tier"]

    def pick(measure: str, cols: list[str], value_name: str) -> pd.DataFrame:
        sub = obs[obs["measure"] == measure].rename(columns={"value": value_name})
        return sub[base + cols + [value_name] + tail].reset_index(drop=True)

    innovation = obs[obs["measure"].isin(_innovation_measures())]
    text_cols = [
        "enterprise_id",
        "enterprise_name",
        "county",
        "industry",
        "status",
        "source",
        "origin",
    ]
    enterprises = enterprises.astype(
        {
            **dict.fromkeys(text_cols, "str"),
            "year": int,
            "revenue_10k_yuan": float,
            "rd_expenditure_10k_yuan": float,
            "has_rd_institution": bool,
            "has_rd_activity": bool,
            "is_high_tech": bool,
        }
    )
    return {
        "observations": obs.reset_index(drop=True),
        "rd_expenditure": pick(
            "rd_expenditure", ["sector", "basis", "vintage"], "rd_expenditure_100m_yuan"
        ),
        "gdp": pick("gdp", ["vintage", "basis"], "gdp_100m_yuan"),
        "rd_intensity": pick("rd_intensity", ["vintage", "basis"], "rd_intensity_pct"),
        "population": pick("population", ["population_type"], "population_10k"),
        "innovation": innovation[[*base, "period", "measure", "value", "unit", *tail]].reset_index(
            drop=True
        ),
        "enterprises": enterprises.reset_index(drop=True),
        "sources": pd.DataFrame(manifest()).astype(str),
    }


def _innovation_measures() -> list[str]:
    return [k for k, v in reference.measures().items() if v["table"] == "innovation"]


def panel_tables(tables: dict[str, pd.DataFrame], obs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One vintage per series (resources/vintages.yml), the R&D splits, region codes."""
    tables = vintages.select_tables({**tables, "rd_split": vintages.split_table(obs)})
    return vintages.add_region_codes(tables)


def published_bounds() -> pd.DataFrame:
    """Upper bounds inferred from published rankings, from every public reference file."""
    frames = [public.bounds(paths.RAW / e["path"]) for e in manifest() if _quoted(e["path"])]
    return pd.concat(frames, ignore_index=True)


def check_consistency(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Checks across rows and tables: parts vs totals, counties vs city, intensity plausibility."""
    rd = tables["rd_expenditure"]
    # Duplicates are reported where they are read; the checks below see each figure once.
    rd = rd[(rd["basis"] == "comparable")].drop_duplicates(["region", "year", "sector"])
    problems = _parts_vs_total(rd)
    problems += _counties_vs_city(rd)
    problems += _intensity_plausible(rd, tables["gdp"])
    problems += _enterprises_vs_sector(rd, tables["enterprises"])
    return problems


def _parts_vs_total(rd: pd.DataFrame) -> list[Problem]:
    total = rd[rd["sector"] == "total"].set_index(["region", "year"])
    parts = rd[rd["sector"] != "total"].groupby(["region", "year"])
    problems = []
    for key, group in parts:
        if key not in total.index:
            continue
        t = total.loc[key]
        s = group["rd_expenditure_100m_yuan"].sum()
        tol = t["rd_expenditure_100m_yuan"] * REL_TOL + ABS_TOL
        complete = {"enterprise", "government_institute", "higher_education", "other"} <= set(
            group["sector"]
        )
        if s > t["rd_expenditure_100m_yuan"] + tol or (
            complete and abs(s - t["rd_expenditure_100m_yuan"]) > tol
        ):
            problems.append(
                Problem(
                    t["origin"],
                    None,
                    "rd_expenditure_100m_yuan",
                    f"sectors of {key[0]} {key[1]} sum to {s:.4f} 亿元, total is "
                    f"{t['rd_expenditure_100m_yuan']:.4f} 亿元",
                    f"parts equal to the total within {REL_TOL:.1%} + {ABS_TOL} 亿元",
                )
            )
    return problems


def _counties_vs_city(rd: pd.DataFrame) -> list[Problem]:
    tot = rd[rd["sector"] == "total"]
    problems = []
    # Only where the full list of banners/counties is known (regions.yml lists all of Tongliao's).
    for parent in (reference.CITY,):
        kids = reference.counties(parent)
        city = tot[tot["region"] == parent].set_index("year")
        sums = (
            tot[tot["region"].isin(kids)]
            .groupby("year")["rd_expenditure_100m_yuan"]
            .agg(["sum", "size"])
        )
        kid_status = tot[tot["region"].isin(kids)].groupby("year")["status"].agg(set)
        for year, row in sums.iterrows():
            if year not in city.index or row["size"] < len(kids):
                continue
            c = city.loc[year]
            if (c["status"] == "illustrative") != ("illustrative" in kid_status[year]):
                problems.append(
                    Problem(
                        c["origin"],
                        None,
                        "rd_expenditure_100m_yuan",
                        f"{parent} {year}: the city total is {c['status']} but the "
                        "banners/counties are illustrative (or the reverse); "
                        "county analyses use the illustrative split",
                        severity="note",
                    )
                )
                continue
            tol = c["rd_expenditure_100m_yuan"] * REL_TOL + ABS_TOL
            if abs(row["sum"] - c["rd_expenditure_100m_yuan"]) > tol:
                problems.append(
                    Problem(
                        c["origin"],
                        None,
                        "rd_expenditure_100m_yuan",
                        f"banners/counties of {parent} {year} sum to "
                        f"{row['sum']:.4f} 亿元, the city total is "
                        f"{c['rd_expenditure_100m_yuan']:.4f} 亿元",
                        f"equal within {REL_TOL:.1%} + {ABS_TOL} 亿元",
                    )
                )
    return problems


def _intensity_plausible(rd: pd.DataFrame, gdp: pd.DataFrame) -> list[Problem]:
    g = gdp[gdp["basis"] == "comparable"].drop_duplicates(["region", "year"], keep="last")
    both = rd[rd["sector"] == "total"].merge(g, on=["region", "year"], suffixes=("", "_gdp"))
    both = both[
        (
            both["rd_expenditure_100m_yuan"] / both["gdp_100m_yuan"] * 100
            > MAX_PLAUSIBLE_INTENSITY_PCT
        )
        & _same_kind(both["status"], both["status_gdp"])
    ]
    return [
        Problem(
            r["origin"],
            None,
            "rd_expenditure_100m_yuan",
            f"R&D {r['rd_expenditure_100m_yuan']:g} 亿元 is "
            f"{r['rd_expenditure_100m_yuan'] / r['gdp_100m_yuan']:.1%} of GDP "
            f"{r['gdp_100m_yuan']:g} 亿元 ({r['region']} {r['year']}): 万元 given as 亿元?",
            f"R&D below {MAX_PLAUSIBLE_INTENSITY_PCT:g}% of GDP",
        )
        for _, r in both.iterrows()
    ]


def _same_kind(a: pd.Series, b: pd.Series) -> pd.Series:
    """True where both rows are illustrative or both are not: no check compares user or
    published figures with illustrative ones."""
    return (a == "illustrative") == (b == "illustrative")


def _enterprises_vs_sector(rd: pd.DataFrame, ent: pd.DataFrame) -> list[Problem]:
    if ent.empty:
        return []
    sums = ent.groupby(["county", "year"])["rd_expenditure_10k_yuan"].sum() / 1e4
    sector = rd[rd["sector"] == "enterprise"]
    ent_illustrative = (ent["status"] == "illustrative").all()
    sector = sector[(sector["status"] == "illustrative") == ent_illustrative]
    sector = sector.set_index(["region", "year"])
    problems = []
    for (county, year), s in sums.items():
        if (county, year) in sector.index:
            limit = sector.loc[(county, year), "rd_expenditure_100m_yuan"]
            if s > limit * (1 + REL_TOL) + ABS_TOL:
                problems.append(
                    Problem(
                        "enterprises",
                        None,
                        "rd_expenditure_10k_yuan",
                        f"industrial enterprises of {county} {year} spend "
                        f"{s:.4f} 亿元, more than the enterprise sector "
                        f"{limit:.4f} 亿元",
                        "enterprise-level R&D within the enterprise sector",
                    )
                )
    return problems


#: The files of a user folder that are read (regions.csv apart: ``user_regions``).
READ_SUFFIXES = frozenset({".csv", ".xlsx", ".xlsm"})
#: Workbooks in a format that is not read, and what to do.
OTHER_WORKBOOKS = {
    ".xls": "an old .xls workbook",
    ".xlsb": "a binary .xlsb workbook",
    ".et": "a WPS .et workbook",
    ".ods": "an OpenDocument .ods spreadsheet",
    ".numbers": "a Numbers spreadsheet",
}


def user_files(folder: Path | None) -> list[Path]:
    """The data files of a user folder that are read, by name."""
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _is_read(p))


def _is_read(path: Path) -> bool:
    return (
        path.suffix.lower() in READ_SUFFIXES
        and not path.name.startswith(("~$", "."))
        and path.name != user_regions.FILE_NAME
    )


def unread_files(folder: Path | None) -> list[Problem]:
    """A note for every entry of a user folder that is not read (a file of another format, a
    sub-folder, a lock file of a workbook open in Excel/WPS): nothing there is ignored without
    a word. Hidden files (.DS_Store) are not listed."""
    if folder is None or not folder.is_dir():
        return []
    notes = []
    for path in sorted(folder.iterdir()):
        if _is_read(path) or path.name == user_regions.FILE_NAME or path.name.startswith("."):
            continue
        if path.stem.upper() == "README":  # the folder's own instructions (data/user/README.md)
            continue
        notes.append(Problem(str(path), None, None, *_why_unread(path), severity="note"))
    return notes


def _why_unread(path: Path) -> tuple[str, str]:
    """(problem, expected) for an entry of a user folder that is not read."""
    if path.name.startswith("~$"):
        return (
            f"not read: the lock file of {path.name[2:]}, which is open in Excel/WPS (its last "
            "saved version is read)",
            "the workbook saved and closed before the build",
        )
    if path.is_dir():
        return (
            "not read: a folder (files in sub-folders are not read)",
            "its files moved up into the data folder",
        )
    kind = OTHER_WORKBOOKS.get(path.suffix.lower())
    if kind:
        return f"not read: {kind}", "a .xlsx copy (open it in Excel/WPS, save as .xlsx)"
    return (
        f"not read: only .csv, .xlsx and .xlsm files are read ({path.suffix or 'no suffix'})",
        "a .csv, .xlsx or .xlsm table, or the file moved out of the data folder",
    )


def collect(user_dir: Path | None = None, include_illustrative: bool = True) -> BuildResult:
    """Read and validate everything; return the tables and all problems (nothing is written).

    The regions of the user's regions.csv are read first; every name in the folder is read
    against them and the known regions, inside this call only (``reference.using``): the
    tables carry them afterwards, in their ``regions`` table."""
    declared, problems, region_inputs, hierarchy = user_regions.declare(user_dir)
    with reference.using(hierarchy):
        return _collect(user_dir, include_illustrative, declared, problems, region_inputs)


def _collect(
    user_dir: Path | None,
    include_illustrative: bool,
    declared: pd.DataFrame,
    problems: list[Problem],
    region_inputs: dict[str, str],
) -> BuildResult:
    pub, disagreements, pub_problems, inputs = published_figures()
    inputs.update({_rel(Path(f)): h for f, h in region_inputs.items()})
    problems += pub_problems
    ref_gdp, ref_pop = reference_gdp(pub), reference_population(pub)
    ill_obs, ill_ent = [], []
    for entry in manifest():
        if entry["status"] != "illustrative" or not include_illustrative:
            continue
        res = template.read_file(paths.RAW / entry["path"], ref_gdp, ref_pop)
        inputs.update({_rel(Path(f)): h for f, h in res.inputs.items()})  # the bytes read
        problems.extend(res.problems)
        ill_obs.append(template_observations(res, "illustrative"))
        ill_ent.append(_enterprise_frame(res, "illustrative"))
    files = user_files(user_dir)
    user = template.read_files(files, ref_gdp, ref_pop, reference_series(pub))
    problems.extend(user.problems)
    unread = unread_files(user_dir)
    problems.extend(unread)
    inputs.update({_rel(Path(f)): h for f, h in user.inputs.items()})  # the bytes read
    # A figure given twice is already an error from the reader; the tables hold it once, so
    # that the schema checks do not report it again, once per column.
    user_obs = template_observations(user, "user").drop_duplicates(KEY)
    user_ent = _enterprise_frame(user, "user").drop_duplicates(["enterprise_id", "year"])
    ill = [f for f in ill_obs if not f.empty]
    merged = merge_rules.merge(
        pub, pd.concat(ill, ignore_index=True) if ill else pub.iloc[0:0], user_obs
    )
    ents = (
        user_ent
        if not user_ent.empty
        else (pd.concat(ill_ent, ignore_index=True) if ill_ent else user_ent)
    )
    obs = merged.observations
    panels, panel_problems = reference_panels.table(obs, paths.RAW)
    problems += panel_problems
    tables = {
        **panel_tables(derive_tables(obs, ents), obs),
        "regions": declared,
        "bounds": published_bounds(),
        "overrides": merged.overrides,
        "reference_panel": panels,
        "disagreements": disagreements,
    }
    # lazy: pandera (schemas) is 0.37 s, only when a build validates
    from rdanalysis.data import schemas  # pandera: imported only when tables are validated

    for name in schemas.SCHEMAS:
        problems.extend(schemas.validate(name, tables[name]))
    problems.extend(check_consistency(tables))
    summary = merge_rules.summary(merged, user_obs)
    summary += [str(p) for p in unread]
    if not user_ent.empty and ill_ent:
        n_ill = sum(len(f) for f in ill_ent)
        summary.append(
            f"enterprises: your {len(user_ent)} row(s) replace the {n_ill} illustrative ones"
        )
    return BuildResult(tables, problems, inputs, summary)


def write(result: BuildResult, out_dir: Path | None = None, options: dict | None = None) -> Path:
    """Write every table and build_info.json as one generation and publish it in one rename
    (``data.store``): a build killed midway leaves the previous complete set."""
    out_dir = paths.processed() if out_dir is None else out_dir
    info = build_info(result, options or {})

    def table_writer(frame: pd.DataFrame):
        return lambda path: frame.to_parquet(path, index=False)

    files = {f"{name}.parquet": table_writer(frame) for name, frame in result.tables.items()}
    files["build_info.json"] = lambda path: path.write_text(
        json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    store.publish(out_dir, files)
    return out_dir


def build_info(result: BuildResult, options: dict) -> dict:
    counts = result.tables["observations"]["status"].value_counts().to_dict()
    return {
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "rdanalysis": metadata.version("rdanalysis"),
        "python": platform.python_version(),
        "inputs_sha256": result.inputs,
        "options": options,
        "rows": {k: len(v) for k, v in result.tables.items()},
        "observations_by_status": {str(k): int(v) for k, v in counts.items()},
        # published figures by source tier (data.tiers; 0: not published)
        "observations_by_tier": {
            str(k): int(v)
            for k, v in result.tables["observations"]["tier"].value_counts().sort_index().items()
        },
        "notes": [str(p) for p in result.problems if p.severity != "error"],
        "merge_summary": result.summary,
    }


def build(
    user_dir: Path | None = None, include_illustrative: bool = True, out_dir: Path | None = None
) -> BuildResult:
    """Validate all inputs and write data/processed; raise RDAnalysisError with every problem."""
    user_dir = paths.user_data_dir() if user_dir is None else user_dir
    out_dir = paths.processed() if out_dir is None else out_dir
    result = collect(user_dir, include_illustrative)
    errors = errors_only(result.problems)
    if errors:
        raise RDAnalysisError(
            f"data build failed with {len(errors)} problem(s); {out_dir} was not changed",
            errors,
        )
    write(
        result, out_dir, {"user_data": str(user_dir), "include_illustrative": include_illustrative}
    )
    return result
