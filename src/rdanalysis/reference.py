"""The one reader of ``resources/``: regions, sectors, measures, plan categories, the public
crosswalk and the project-wide tolerances, with alias resolution and 'did you mean' suggestions.

Every other module asks this one; none opens a file under ``resources/`` itself.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, cached_property

import yaml

from rdanalysis.errors import RDAnalysisError
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


def _fold(text: str) -> str:
    return "".join(str(text).split()).casefold()


class Hierarchy(Mapping[str, Region]):
    """Regions by official name, in order: those of resources/regions.yml, then any a user
    declared (regions.csv). A value, never changed once made: a build's hierarchy travels with
    its tables (``of``), so two builds loaded in one process never see each other's regions."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self._by_name = {r.name: r for r in regions}

    def __getitem__(self, name: str) -> Region:
        return self._by_name[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def __repr__(self) -> str:
        return f"<Hierarchy: {len(self)} regions, {len(self.declared)} declared>"

    @cached_property
    def _aliases(self) -> dict[str, str]:
        table: dict[str, str] = {}
        for r in self._by_name.values():
            for key in (r.name, r.en, *r.aliases):
                if key:
                    table[_fold(key)] = r.name
        return table

    @cached_property
    def _children(self) -> dict[str | None, list[str]]:
        out: dict[str | None, list[str]] = {}
        for r in self._by_name.values():
            out.setdefault(r.parent, []).append(r.name)
        return out

    @property
    def declared(self) -> list[Region]:
        """The regions a user declared (empty if none)."""
        return [r for r in self._by_name.values() if r.declared]

    def resolve(self, text: object) -> str | None:
        """The official name for ``text`` (a name, alias or English name), or None if unknown."""
        return self._aliases.get(_fold(text))

    def suggest(self, text: object) -> str | None:
        """The closest region name to an unknown ``text``, for 'did you mean' messages."""
        folded = _fold(text)
        candidates = list(self._aliases)
        match = difflib.get_close_matches(folded, candidates, n=1, cutoff=0.4)
        if not match:
            # Chinese names: a shared character run is the best hint (e.g. 科尔沁左中旗).
            scored = sorted(
                candidates,
                key=lambda c: difflib.SequenceMatcher(None, folded, c).ratio(),
                reverse=True,
            )
            match = scored[:1]
        return self._aliases[match[0]] if match else None

    def children(self, parent: str) -> list[str]:
        """The regions whose parent is ``parent`` (any level), in the order they are listed."""
        return list(self._children.get(parent, ()))

    def counties(self, parent: str = CITY) -> list[str]:
        """The banners/counties (and development zones) of ``parent``, in official order."""
        return [n for n in self.children(parent) if self._by_name[n].level == "county"]

    def ancestors(self, name: str) -> list[str]:
        """``name``'s parent, its parent's parent, ... (nearest first)."""
        out: list[str] = []
        parent = self._by_name[name].parent if name in self._by_name else None
        while parent is not None and parent not in out and parent in self._by_name:
            out.append(parent)
            parent = self._by_name[parent].parent
        return out

    def descendants(self, name: str) -> list[str]:
        """Every region below ``name`` (children first, then theirs)."""
        out, todo = [], self.children(name)
        while todo:
            child = todo.pop(0)
            if child not in out and child != name:
                out.append(child)
                todo.extend(self.children(child))
        return out

    def family(self, name: str) -> list[str]:
        """``name``, its ancestors and its descendants: whose figures a report on ``name`` may
        show (its sources are the project's sources)."""
        return [name, *self.ancestors(name), *self.descendants(name)]

    def level(self, name: str) -> str:
        return self._by_name[name].level

    def english(self, name: str) -> str:
        return self._by_name[name].en

    def code(self, name: str) -> str:
        """GB/T 2260 code of a region ('' if it has none, e.g. the development zone)."""
        return self._by_name[name].code

    def by_code(self, code: str) -> str | None:
        """The official name of the region with GB/T 2260 ``code``, or None."""
        return next((r.name for r in self._by_name.values() if r.code == code), None)

    def with_declared(self, declared: list[Region]) -> tuple[Hierarchy, list[str]]:
        """This hierarchy and the user's ``declared`` regions, and what is wrong (then the
        hierarchy is this one, unchanged).

        A declared name, code or English name that is a region's name, alias or code here is a
        clash (an error, never a silent override); a parent must be here or declared too.
        """
        known = {_fold(k) for r in self.values() for k in (r.name, r.en, *r.aliases) if k}
        codes = {r.code for r in self.values() if r.code}
        names = {r.name for r in declared}
        errors = []
        for r in declared:
            clash = [k for k in (r.name, r.en) if k and _fold(k) in known]
            if clash or (r.code and r.code in codes):
                what = clash[0] if clash else f"code {r.code}"
                errors.append(f"region '{r.name}': {what} is already a known region")
            if r.parent is not None and r.parent not in names and r.parent not in self:
                errors.append(
                    f"region '{r.name}': parent '{r.parent}' is neither known nor declared"
                )
            if r.level not in LEVELS:
                errors.append(f"region '{r.name}': level '{r.level}' (expected one of {LEVELS})")
        if errors or not declared:
            return self, errors
        mine = [Region(**{**r.__dict__, "declared": True}) for r in declared]
        return Hierarchy([*self.values(), *mine]), []


@cache
def known() -> Hierarchy:
    """The regions of resources/regions.yml."""
    return Hierarchy(
        Region(
            r["name"],
            r["en"],
            r["level"],
            r["parent"],
            tuple(r.get("aliases") or ()),
            str(r.get("code") or ""),
        )
        for r in resource("regions")
    )


def known_regions() -> Hierarchy:
    """The regions in resources/regions.yml, by official name (``known()``)."""
    return known()


def declare(declared: list[Region]) -> tuple[Hierarchy, list[str]]:
    """The known regions and the user's ``declared`` ones; what is wrong (``with_declared``)."""
    return known().with_declared(declared)


#: The columns of a build's ``regions`` table (``data.user_regions.table``).
REGION_COLUMNS = ("name", "parent", "level", "code", "en")


def of(tables: Mapping | None) -> Hierarchy:
    """The hierarchy a set of processed tables was built with: the known regions and those its
    ``regions`` table declares (a build's regions.csv). Tables without one: the known regions."""
    frame = tables.get("regions") if tables is not None and "regions" in tables else None
    if frame is None or len(frame) == 0:
        return known()
    rows = tuple(zip(*(frame[c].astype(str) for c in REGION_COLUMNS), strict=True))
    return _from_rows(rows)


@cache
def _from_rows(rows: tuple[tuple[str, ...], ...]) -> Hierarchy:
    declared = [Region(n, en or n, lvl, p or None, (), c) for n, p, lvl, c, en in rows]
    found, errors = declare(declared)
    if errors:
        raise RDAnalysisError(
            "the regions of the processed data no longer fit the known regions ("
            + "; ".join(errors)
            + "); run `rdanalysis data build` again"
        )
    return found


#: The hierarchy the data layer reads names against while it reads a user folder (``using``);
#: the known regions outside such a block. Analysis never reads it: it takes ``of(tables)``.
_IN_USE: ContextVar[Hierarchy | None] = ContextVar("rdanalysis_regions", default=None)


def current() -> Hierarchy:
    """The hierarchy in use (``using``), else the known regions."""
    return _IN_USE.get() or known()


@contextmanager
def using(hierarchy: Hierarchy) -> Iterator[Hierarchy]:
    """Read names against ``hierarchy`` inside the block (a build reading the user's files, a
    report run of one project); the previous one again after it, whatever happens."""
    token = _IN_USE.set(hierarchy)
    try:
        yield hierarchy
    finally:
        _IN_USE.reset(token)


def regions() -> Hierarchy:
    """All regions by official name: the hierarchy in use (``current``)."""
    return current()


def resolve_region(text: str) -> str | None:
    """The official name for ``text`` (a name, alias or English name), or None if unknown."""
    return current().resolve(text)


def suggest_region(text: str) -> str | None:
    """The closest region name to an unknown ``text``, for 'did you mean' messages."""
    return current().suggest(text)


def check_region(region: str, regions: Hierarchy | None = None) -> str:
    """The official name of ``region`` in ``regions`` (the hierarchy of the tables at hand:
    ``reference.of(tables)``; the known regions when None), or an error with a 'did you mean'."""
    regions = regions if regions is not None else known()
    name = regions.resolve(region)
    if name is None:
        hint = regions.suggest(region)
        raise RDAnalysisError(
            f"unknown region '{region}'{f' (did you mean {hint}?)' if hint else ''}"
        )
    return name


def counties(parent: str = CITY) -> list[str]:
    """The banners/counties (and the development zone) of ``parent``, in official order."""
    return current().counties(parent)


def children(parent: str) -> list[str]:
    """The regions whose parent is ``parent`` (any level), in the order they are listed."""
    return current().children(parent)


def region_code(name: str) -> str:
    """GB/T 2260 code of a region ('' if it has none, e.g. the development zone)."""
    return current().code(name)


def region_by_code(code: str) -> str | None:
    """The official name of the region with GB/T 2260 ``code``, or None."""
    return current().by_code(code)


def english_name(name: str) -> str:
    return current().english(name)


def region_level(name: str) -> str:
    return current().level(name)


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
    # lazy: pandas is 0.44 s the light commands (--help, report --check) need not pay
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
