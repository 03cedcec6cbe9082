"""A new project for any region: ``rdanalysis init DIR --region NAME``.

The folder gets what ``rdanalysis run`` needs to build the data and render a suite for that
region, and nothing it would have to delete:

- ``reports.yml``: the project's config (its region, plan, whether the shipped illustrative
  Tongliao data is added) and a suite generated for the region: its dashboard, its trajectory,
  its performing sectors, its sub-regions' league table and map, one profile per sub-region (a
  ``{children_of: REGION}`` matrix: the sub-regions regions.csv declares appear when the data
  are built) and the data appendix;
- ``plans/<region>.yml``: the blank plan (``resources/plans/_template.yml``) with the region,
  years and an R&D-intensity target filled in (``--target``; without it, an *example* target,
  labelled so on every page: the latest national intensity), and the blank plan beside it;
- ``templates/``: the blank data templates; ``data/user/``: the folder the build reads, with a
  ``regions.csv`` stub when the region's sub-regions are not known (and the region itself when
  it is not known either);
- ``README.md``: the next three steps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from rdanalysis import paths, reference
from rdanalysis.analysis import indicators
from rdanalysis.data import blank_templates, build, plans, user_regions
from rdanalysis.errors import RDAnalysisError
from rdanalysis.report import config
from rdanalysis.text.i18n import t

LEVEL_WORDS = {"country": "国家", "province": "省", "league": "市", "county": "县"}
#: The illustrative dataset shipped with the package is Tongliao's: a project of Tongliao (or of
#: one of its units) adds it, as the repository's does; any other project leaves it out.
ILLUSTRATIVE_OF = reference.CITY


@dataclass(frozen=True)
class Target:
    """The plan's R&D-intensity target: ``value`` (%) by ``year``, from ``baseline`` on;
    ``example``: not given by the user (the latest national intensity, labelled an example)."""

    value: float
    year: int
    baseline: int
    example: bool


def region_of(
    text: str, parent: str | None = None, level: str | None = None, en: str | None = None
) -> tuple[reference.Region, reference.Hierarchy]:
    """The project's region (a known one, or one to declare: ``parent``, ``level``, ``en``) and
    the hierarchy with it. RDAnalysisError naming the option when something does not fit."""
    known = reference.known()
    name = known.resolve(text)
    if name is not None:
        return known[name], known
    name = " ".join(str(text).split())
    if not name:
        raise RDAnalysisError("--region: expected a region's name, e.g. --region 赤峰市")
    level = _level(level) if level else "league"
    if level is None:
        raise RDAnalysisError("--level: expected country/国家, province/省, league/市 or county/县")
    official_parent = None
    if parent:
        official_parent = known.resolve(parent)
        if official_parent is None:
            hint = known.suggest(parent)
            raise RDAnalysisError(
                f"--parent '{parent}': not a known region"
                + (f" (did you mean {hint}?)" if hint else "")
                + "; leave it out for a region with no known parent"
            )
    region = reference.Region(name, en or name, level, official_parent, ())
    hierarchy, errors = known.with_declared([region])
    if errors:
        raise RDAnalysisError(f"--region '{text}': {'; '.join(errors)}")
    return hierarchy[name], hierarchy


def _level(text: str) -> str | None:
    key = text.strip().casefold()
    return next((lvl for lvl, words in user_regions.LEVEL_WORDS.items() if key in words), None)


@cache
def national_intensity() -> tuple[float, int]:
    """China's latest R&D intensity in the shipped data (value %, year), in the one vintage the
    reports use (the shipped data do not change while a process runs: read once)."""
    tables = build.collect(None, include_illustrative=False).tables
    series = indicators.intensity_series(
        tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], reference.COUNTRY
    )
    last = series.iloc[-1]
    return round(float(last["rd_intensity_pct"]), 2), int(last["year"])


def target_for(value: float | None, year: int | None) -> Target:
    """The plan's target: ``value`` by ``year`` as given, else the example (the latest national
    intensity) by 2030; the baseline is the latest year of national statistics shipped."""
    national, latest = national_intensity()
    year = year or max(2030, latest + 1)
    if year <= latest:
        raise RDAnalysisError(
            f"--target-year {year}: expected a year after {latest} (the latest year of the "
            "shipped national statistics, the plan's baseline year)"
        )
    if value is not None and not 0 < value < 100:
        raise RDAnalysisError(f"--target {value}: expected a percentage between 0 and 100")
    return Target(value if value is not None else national, year, latest, value is None)


def file_name(region: reference.Region) -> str:
    """A file-name form of the region (its English name; its own letters when it has none)."""
    return config.slug(region.name, reference.known().with_declared([region])[0])


def _scalar(value: object) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000)
    return text.removesuffix("\n").removesuffix("\n...").strip()


_LINE = re.compile(r"^(?P<indent>\s*)(?P<dash>- )?(?P<key>\w+):(?P<value>[^#]*?)(?P<tail>\s*#.*)?$")


def fill_template(text: str, values: dict[tuple[str, ...], object]) -> str:
    """The blank plan's text with ``values`` (by field path: ('region',), ('document',
    'title'), ('targets', 'id') for the first target) in place of the blanks; its comments
    kept. Its example task line gives way to an empty task list."""
    out, section, skip = [], "", False
    for line in text.splitlines():
        if skip and line.startswith("  - {number"):
            continue
        skip = False
        match = _LINE.match(line)
        if match is None:
            out.append(line)
            continue
        key, indent = match["key"], len(match["indent"]) + (2 if match["dash"] else 0)
        if indent == 0:
            section = key
            path: tuple[str, ...] = (key,)
        else:
            path = (section, key)
        if path == ("tasks",):
            out.append("tasks: []")
            skip = True
            continue
        if path not in values:
            out.append(line)
            continue
        value = _scalar(values[path])
        head = f"{match['indent']}{match['dash'] or ''}{key}: {value}"
        tail = (match["tail"] or "").strip()
        out.append(f"{head:<24} {tail}".rstrip() if tail else head)
        if path == ("targets", "name") and ("targets", "name_en") in values:
            pad = " " * indent
            out.append(f"{pad}name_en: {_scalar(values[('targets', 'name_en')])}")
    return "\n".join(out) + "\n"


def plan_text(region: reference.Region, target: Target, lang: str) -> str:
    """The project's first plan: the blank plan with the region, years and target filled in."""
    name = region.name
    example = "example" if target.example else "draft"
    values = {
        ("document", "title"): str(t(f"init.plan_title_{example}", "zh", region=name)),
        ("document", "kind"): example,
        ("document", "note"): str(
            t(f"init.plan_note_{example}", "zh", value=target.value, year=target.baseline)
        ),
        ("region",): name,
        ("baseline_year",): target.baseline,
        ("target_year",): target.year,
        ("targets", "id"): "rd_intensity",
        ("targets", "name"): "全社会R&D经费投入强度",
        ("targets", "name_en"): "R&D spending / GDP",
        ("targets", "definition"): "全社会R&D经费 ÷ 地区生产总值 × 100",
        ("targets", "unit"): "%",
        ("targets", "value"): target.value,
        ("targets", "responsible"): ["科技主管部门", "统计部门"],
        ("targets", "measured_on"): "rd_intensity",
        ("targets", "data"): "R&D经费合计与地区生产总值",
        ("targets", "forecast"): True,
    }
    del lang  # a plan file's own words are Chinese, as the shipped plans' (quoted in English)
    head = (
        f"# The plan of this project ({name}), started by `rdanalysis init` from the blank plan\n"
        "# (plans/_template.yml). Replace the title, years, target and responsible units by your\n"
        "# plan's; check it with `rdanalysis targets --check`. Format: docs/plans.md.\n"
    )
    body = paths.PLAN_TEMPLATE.read_text(encoding="utf-8").split("\ndocument:", 1)[1]
    return head + fill_template("document:" + body, values)


def suite(
    region: reference.Region, hierarchy: reference.Hierarchy, plan: str, target: Target, lang: str
) -> dict:
    """The reports.yml of a project of ``region``: its settings, index and generated suite."""
    name = region.name
    shown = name if lang == "zh" else (region.en or name)
    provinces = region.name == reference.COUNTRY
    common = {"lang": lang} if lang != "zh" else {}
    goal = {"target_pct": target.value, "target_year": target.year}
    child, profile = (
        ("region", "08_province_profile.ipynb")
        if provinces
        else (
            "county",
            "04_county_profile.ipynb",
        )
    )
    profile_params = {**common} if provinces else {**common, **goal}

    def title(key: str, **values) -> str:
        return str(t(f"init.title_{key}", lang, **values))

    reports = [
        _entry(
            "dashboard",
            title("dashboard", region=shown),
            "00_dashboard.ipynb",
            "plans",
            {**common, "plan": plan},
        ),
        _entry(
            "trajectory",
            title("trajectory", region=shown),
            "01_trajectory.ipynb",
            "trajectory",
            {**common, "region": name, **goal},
        ),
        _entry(
            "sectors",
            title("sectors", region=shown),
            "02_sectors.ipynb",
            "trajectory",
            {**common, "region": name},
        ),
        _entry(
            "subregions",
            title("subregions", region=shown),
            "03_counties.ipynb",
            "subregions",
            {**common, "parent": name, **goal},
        ),
        {
            **_entry(
                f"profile-{{{child}}}",
                title("profile", name=f"{{{child}}}"),
                profile,
                "subregions",
                profile_params,
            ),
            "matrix": {child: {"children_of": name}},
            "group_title": title("profiles", region=shown),
        },
        _entry(
            "data-overview",
            title("overview", region=shown),
            "06_data_overview.ipynb",
            "appendix",
            {**common, "region": name, "target_pct": target.value},
        ),
    ]
    return {
        "project": {
            "region": name,
            "plan": plan,
            "illustrative": name == ILLUSTRATIVE_OF or ILLUSTRATIVE_OF in hierarchy.ancestors(name),
        },
        "settings": {"keep_runs": 5, "timeout_seconds": 900},
        "index": {
            "lang": lang,
            "title": str(t("init.index_title", lang, region=shown)),
            "about": str(t("init.index_about", lang, region=shown)),
        },
        "sections": [
            {"id": s, "title": str(t(f"init.section_{s}", lang))}
            for s in ("plans", "trajectory", "subregions", "appendix")
        ],
        "suite": reports,
        # a profile of any sub-region: the region's may be leagues, or cities declared as 市
        "notebook_rules": {"04_county_profile": {"county": {"choices": "subregions"}}},
    }


def _entry(name: str, title: str, notebook: str, section: str, parameters: dict) -> dict:
    entry = {"name": name, "title": title, "notebook": notebook, "section": section}
    if parameters:
        entry["parameters"] = parameters
    return entry


def regions_stub(region: reference.Region) -> str:
    """regions.csv for a project whose region's sub-regions are not known: the header, and the
    region itself when it is not known either (its sub-regions are added below it)."""
    lines = ["地区,上级地区,层级,代码,英文名"]
    if region.declared:
        en = region.en if region.en != region.name else ""
        cells = [region.name, region.parent or "", LEVEL_WORDS[region.level], region.code, en]
        lines.append(",".join(_csv_cell(c) for c in cells))
    return "\n".join(lines) + "\n"


def _csv_cell(text: str) -> str:
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in ',"\n') else text


def readme(region: reference.Region, plan: str, target: Target, stub: bool, lang: str) -> str:
    shown = region.name if lang == "zh" else (region.en or region.name)
    steps = [
        str(t("init.readme_data", lang)),
        str(t("init.readme_regions" if stub else "init.readme_regions_known", lang, region=shown)),
        str(
            t(
                "init.readme_plan_example" if target.example else "init.readme_plan",
                lang,
                plan=plan,
                value=target.value,
                year=target.baseline,
            )
        ),
    ]
    head = str(t("init.readme_title", lang, region=shown))
    body = "\n".join(f"{i}. {step}" for i, step in enumerate(steps, 1))
    return f"# {head}\n\n{t('init.readme_intro', lang)!s}\n\n{body}\n\n" + (
        str(t("init.readme_run", lang)) + "\n"
    )


def init(
    folder: Path,
    region_text: str,
    parent: str | None = None,
    level: str | None = None,
    en: str | None = None,
    target: float | None = None,
    target_year: int | None = None,
    lang: str = "zh",
) -> list[Path]:
    """Make the project ``folder`` for ``region_text`` (see the module); the files written.

    Raises RDAnalysisError (nothing written) when the folder holds anything already, the region
    cannot be made, or an option is out of range.
    """
    if lang not in ("zh", "en"):
        raise RDAnalysisError(f"--lang {lang}: expected zh or en")
    folder = folder.expanduser()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise RDAnalysisError(
            f"{folder}: already exists and is not an empty folder; nothing was written "
            "(expected a new folder's name)"
        )
    region, hierarchy = region_of(region_text, parent, level, en)
    goal = target_for(target, target_year)
    plan = file_name(region)
    stub = not hierarchy.children(region.name)
    config = suite(region, hierarchy, plan, goal, lang)
    text = plan_text(region, goal, lang)
    problems, _ = plans.check_text(text, f"plans/{plan}.yml", plan, hierarchy)
    if problems:  # a bug, not the user's: the template and the filler disagree
        raise RDAnalysisError(f"the generated plan has problems: {problems[0]}", problems)
    files = {
        paths.CONFIG_NAME: _config_text(config, region),
        f"plans/{plan}.yml": text,
        "plans/_template.yml": paths.PLAN_TEMPLATE.read_text(encoding="utf-8"),
        "README.md": readme(region, plan, goal, stub, lang),
        ".gitignore": "data/processed/\nreports/\ndata/user/*\n!data/user/regions.csv\n",
    }
    if stub:
        files["data/user/regions.csv"] = regions_stub(region)
    try:
        return _write(folder, files)
    except OSError as err:
        raise RDAnalysisError(
            f"{folder}: cannot write the project ({err.strerror or err})"
        ) from None


def _write(folder: Path, files: dict[str, str]) -> list[Path]:
    written = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    (folder / "data" / "user").mkdir(parents=True, exist_ok=True)
    written += blank_templates.write_templates(folder / "templates")
    return written


def _config_text(config: dict, region: reference.Region) -> str:
    head = (
        f"# An rdanalysis project: {region.name}. Made by `rdanalysis init`; every command run in\n"
        "# this folder (or below it) uses it. `project:` says what the project is about; `suite:`\n"
        "# is the report suite `rdanalysis run` renders (a matrix {children_of: REGION} makes one\n"
        "# report per sub-region, those data/user/regions.csv declares included).\n"
    )
    return head + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100)
