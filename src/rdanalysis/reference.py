"""The one reader of ``resources/``: regions, sectors, measures, plan categories, the public
crosswalk and the project-wide tolerances, with alias resolution and 'did you mean' suggestions.

Every other module asks this one; none opens a file under ``resources/`` itself.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache

import yaml

from rdanalysis.paths import RESOURCES

CITY = "通辽市"
PROVINCE = "内蒙古自治区"
COUNTRY = "全国"
DEV_ZONE = "通辽经济技术开发区"


#: Parts may differ from their total by rounding only: 0.1 % of the total plus 0.005 亿元. The one
#: home of this rule (template checks, the build's consistency checks and the decompositions).
PARTS_REL_TOL = 1e-3
PARTS_ABS_TOL = 0.005


def parts_tolerance(total: float) -> float:
    """Largest rounding difference allowed between parts and ``total`` (same unit as total)."""
    return abs(total) * PARTS_REL_TOL + PARTS_ABS_TOL


#: PyYAML's safe loader, in C when libyaml is there (regions.yml parses 10x faster).
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def resource(name: str):
    """The parsed YAML file ``resources/<name>.yml`` (cached; callers must not mutate it)."""
    text = (RESOURCES / f"{name}.yml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=YAML_LOADER)  # a safe loader (libyaml when built)


LEVELS = ("country", "province", "league", "county")


@dataclass(frozen=True)
class Region:
    name: str
    en: str
    level: str
    parent: str | None
    aliases: tuple[str, ...]
    code: str = ""
    declared: bool = False  # declared by the user (regions.csv), not in resources/regions.yml


#: Regions declared by the user beside their data (see ``declare_regions``).
_DECLARED: dict[str, Region] = {}


@cache
def known_regions() -> dict[str, Region]:
    """The regions in resources/regions.yml, by official name."""
    rows = resource("regions")
    return {
        r["name"]: Region(
            r["name"],
            r["en"],
            r["level"],
            r["parent"],
            tuple(r.get("aliases") or ()),
            str(r.get("code") or ""),
        )
        for r in rows
    }


def regions() -> dict[str, Region]:
    """All regions by official name: the known ones, then any the user declared."""
    return {**known_regions(), **_DECLARED} if _DECLARED else known_regions()


def declare_regions(declared: list[Region]) -> list[str]:
    """Add user-declared regions (replacing earlier declarations); return what is wrong.

    A declared name, code or English name that is a known region's name, alias or code is a
    clash (an error, never a silent override); a parent must be known or declared too.
    Nothing is declared if anything is wrong.
    """
    known = {_fold(k) for r in known_regions().values() for k in (r.name, r.en, *r.aliases)}
    codes = {r.code for r in known_regions().values() if r.code}
    names = {r.name for r in declared}
    errors = []
    for r in declared:
        clash = [k for k in (r.name, r.en) if k and _fold(k) in known]
        if clash or (r.code and r.code in codes):
            what = clash[0] if clash else f"code {r.code}"
            errors.append(f"region '{r.name}': {what} is already a known region")
        if r.parent is not None and r.parent not in names and r.parent not in known_regions():
            errors.append(f"region '{r.name}': parent '{r.parent}' is neither known nor declared")
        if r.level not in LEVELS:
            errors.append(f"region '{r.name}': level '{r.level}' (expected one of {LEVELS})")
    if not errors:
        _DECLARED.clear()
        _DECLARED.update({r.name: Region(**{**r.__dict__, "declared": True}) for r in declared})
        _region_aliases.cache_clear()
    return errors


def declared_regions() -> list[Region]:
    """The regions the user declared (empty if none)."""
    return list(_DECLARED.values())


@cache
def _region_aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for r in regions().values():
        for key in (r.name, r.en, *r.aliases):
            table[_fold(key)] = r.name
    return table


def _fold(text: str) -> str:
    return "".join(str(text).split()).casefold()


def resolve_region(text: str) -> str | None:
    """The official name for ``text`` (a name, alias or English name), or None if unknown."""
    return _region_aliases().get(_fold(text))


def suggest_region(text: str) -> str | None:
    """The closest known region name to an unknown ``text``, for 'did you mean' messages."""
    folded = _fold(text)
    candidates = list(_region_aliases())
    match = difflib.get_close_matches(folded, candidates, n=1, cutoff=0.4)
    if not match:
        # Chinese names: a shared character run is the best hint (e.g. 科尔沁左中旗).
        scored = sorted(
            candidates,
            key=lambda c: difflib.SequenceMatcher(None, folded, c).ratio(),
            reverse=True,
        )
        match = scored[:1]
    return _region_aliases()[match[0]] if match else None


def counties(parent: str = CITY) -> list[str]:
    """The banners/counties (and the development zone) of ``parent``, in official order."""
    return [r.name for r in regions().values() if r.parent == parent and r.level == "county"]


def children(parent: str) -> list[str]:
    """The regions whose parent is ``parent`` (any level), in the order they are listed."""
    return [r.name for r in regions().values() if r.parent == parent]


def region_code(name: str) -> str:
    """GB/T 2260 code of a region ('' if it has none, e.g. the development zone)."""
    return regions()[name].code


def region_by_code(code: str) -> str | None:
    """The official name of the region with GB/T 2260 ``code``, or None."""
    return next((r.name for r in regions().values() if r.code == code), None)


def english_name(name: str) -> str:
    return regions()[name].en


def region_level(name: str) -> str:
    return regions()[name].level


@cache
def sectors() -> dict[str, str]:
    """Sector code -> Chinese name, in official order (``total`` first)."""
    return {r["code"]: r["name"] for r in resource("sectors")}


def sector_order() -> list[str]:
    """The performing sectors (parts of the total), in the order tables and charts show them."""
    return [code for code in sectors() if code != "total"]


def sector_colors() -> dict[str, str]:
    """Part code -> chart colour (house style): sectors.yml, then the other splits (splits.yml)."""
    colours = {r["code"]: r["color"] for r in resource("sectors") if r.get("color")}
    for spec in resource("splits").values():
        colours.update(spec.get("colors") or {})
    return colours


@cache
def _sector_aliases() -> dict[str, str]:
    rows = resource("sectors")
    table: dict[str, str] = {}
    for r in rows:
        for key in (r["code"], r["name"], *(r.get("aliases") or ())):
            table[_fold(key)] = r["code"]
    return table


def resolve_sector(text: str) -> str | None:
    """The sector code for ``text`` (code, Chinese name or alias); blank means the total."""
    return _sector_aliases().get(_fold(text))


def columns() -> dict[str, dict]:
    """The column registry: name -> {zh, en, unit, dtype, description, checks} (columns.yml)."""
    return resource("columns")["columns"]


def tables() -> dict[str, dict]:
    """Each processed table: {columns: [...], unique: [...]} (columns.yml, ``tables``)."""
    common = resource("columns")["common"]
    return {
        name: {
            "columns": [*common, *spec["columns"]] if spec.get("common") else spec["columns"],
            "unique": spec["unique"],
        }
        for name, spec in resource("columns")["tables"].items()
    }


def measures() -> dict[str, dict]:
    """Canonical measures: code -> {unit, label, table}."""
    return resource("measures")


def public_crosswalk() -> dict[str, dict]:
    """Every public indicator label mapped to a measure, or skipped with a reason."""
    return resource("public_crosswalk")


def plan_categories() -> dict:
    """How performing sectors count toward the plan's structure targets."""
    return resource("plan_categories")


@cache
def forecast_calibration():
    """Coverage of the default forecast's intervals on real held-out series, by kind of series,
    training length and horizon (resources/forecast_calibration.csv, written by
    benchmarks/bench_forecast.py --write-calibration)."""
    import pandas as pd

    return pd.read_csv(RESOURCES / "forecast_calibration.csv", comment="#", dtype={"n_points": str})


def forecast_pool() -> dict:
    """The pooled forecast's rule, fitted on the reference panels (resources/forecast_pool.yml,
    written by benchmarks/bench_forecast.py --fit --write-pool)."""
    return resource("forecast_pool")


def messages() -> dict[str, dict[str, str]]:
    """The catalog of report text (resources/text.yml): message id -> {zh: ..., en: ...}."""
    return resource("text")


def vintage_rules() -> dict:
    """The vintage rule (resources/vintages.yml): ``rule`` (zh, en), ``preference`` by measure."""
    return resource("vintages")


@cache
def splits() -> dict[str, dict]:
    """The splits of R&D (sector, funding, activity): label and part code -> Chinese name."""
    rows = {k: dict(v) for k, v in resource("splits").items()}
    rows["sector"]["parts"] = {k: v for k, v in sectors().items() if k != "total"}
    return rows


@cache
def _part_names_en() -> dict[str, str]:
    names = {r["code"]: r.get("en", r["name"]) for r in resource("sectors")}
    for spec in resource("splits").values():
        names.update(spec.get("parts_en") or {})
    return names


def part_name(code: str, lang: str = "zh") -> str:
    """Name of a part of any split in ``lang`` (zh, en; codes are unique across splits; else
    the code)."""
    if lang == "en":
        return _part_names_en().get(code, code)
    for spec in splits().values():
        if code in spec["parts"]:
            return spec["parts"][code]
    return sectors().get(code, code)
