"""The report suite (reports.yml): expand it into jobs and validate every parameter against the
notebook's own parameters cell and the rules, before any kernel starts."""

from __future__ import annotations

import ast
import hashlib
import itertools
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType

from rdanalysis import paths, reference
from rdanalysis.data import store, usermodel, useryaml
from rdanalysis.errors import Problem, RDAnalysisError
from rdanalysis.plan import Plan
from rdanalysis.report import suite_model, titles
from rdanalysis.report.suite_model import Rule


@dataclass
class Job:
    """One report. ``section``, ``group`` and ``label`` place it in the index: the section
    (``reports.yml`` ``sections``), the suite entry it comes from (its name template, shared by
    every report of a matrix) and what tells it apart inside that entry (the matrix values).
    ``inputs`` are files its parameters name (a plan file), set by :func:`validate`: their
    content is part of the report's reuse key. ``origin``: where reports.yml gives each
    parameter (its path of keys, as ``("suite", 2, "matrix", "region")``), for the problems."""

    name: str
    title: str
    notebook: Path
    parameters: dict = field(default_factory=dict)
    section: str = ""
    group: str = ""
    label: str = ""
    inputs: list[Path] = field(default_factory=list)
    origin: dict[str, tuple] = field(default_factory=dict)


def slug(value: object, regions: reference.Hierarchy | None = None) -> str:
    """File-name form of a parameter value: a region's English name, lower-case, dashed; a
    name with no letter or digit in A-Z (a region declared without an English name, 巴林左旗)
    keeps its own letters (巴林左旗), never collapsing to one placeholder."""
    text = str(value)
    if text.lower().endswith((".yml", ".yaml")):  # a plan file by its name, not its folder
        text = Path(text).stem
    regions = regions if regions is not None else project_regions()
    region = regions.get(regions.resolve(text) or "")
    if region is not None:
        text = region.en or region.name
    ascii_form = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    if ascii_form and (region is None or region.en != region.name or text.isascii()):
        return ascii_form
    return re.sub(r"[^\w]+", "-", text).strip("-").lower() or "x"


def load(path: Path | None = None) -> dict:
    """The suite configuration (``path``, default: the project's reports.yml), with the shipped
    parameter rules (``resources/report_rules.yml``) under its own."""
    path = path or paths.config_file()
    if not path.exists():
        raise RDAnalysisError(f"{path}: report configuration not found")
    node, config = useryaml.read(useryaml.text(path), str(path))  # no aliases (billion laughs)
    own = suite_model.read(suite_model.Suite, config, node, str(path))
    shipped = _shipped_rules()
    config["parameter_rules"] = {**shipped.parameter_rules, **own.parameter_rules}
    config["notebook_rules"] = {**shipped.notebook_rules, **own.notebook_rules}
    config["_dir"] = path.parent
    config["_path"] = path
    config["_lines"] = usermodel.lines(node)  # where each entry is, for what jobs() finds
    return config


@cache
def _shipped_rules() -> suite_model.Rules:
    """The package's parameter rules (``resources/report_rules.yml``), read once."""
    return suite_model.Rules.model_validate(reference.resource("report_rules"))


#: What a project is about when its reports.yml says nothing (``project:``): Tongliao's 2023
#: action plan, with the shipped illustrative dataset, as the repository's own project.
PROJECT_DEFAULTS = {"region": reference.CITY, "plan": "tongliao-2023", "illustrative": True}


def project(config: dict | None = None) -> dict:
    """The project's settings (reports.yml ``project:``): ``region`` (the default region of the
    commands), ``plan`` (the default plan) and ``illustrative`` (whether the build adds the
    shipped illustrative Tongliao dataset)."""
    config = config if config is not None else load()  # checked there (suite_model.Project)
    own = config.get("project") or {}
    return {**PROJECT_DEFAULTS, **{k: v for k, v in own.items() if v is not None}}


#: Matrix values that were keywords once; ``children_of`` replaces them.
_OLD_KEYWORDS = {"counties": reference.CITY, "provinces": reference.COUNTRY}


def _matrix_values(values: object, regions: reference.Hierarchy) -> list:
    """A matrix's values: a list, or ``{children_of: REGION}`` (every sub-region of REGION in
    the project's hierarchy, those its regions.csv declares included; none yet: no report)."""
    if isinstance(values, dict) and set(values) == {"children_of"}:
        parent = regions.resolve(str(values["children_of"]))
        if parent is None:
            hint = regions.suggest(str(values["children_of"]))
            raise RDAnalysisError(
                f"children_of: unknown region '{values['children_of']}'"
                + (f" (did you mean {hint}?)" if hint else "")
            )
        return regions.children(parent)
    if isinstance(values, str) and values in _OLD_KEYWORDS:
        raise RDAnalysisError(
            f"'{values}' is no longer a keyword: write "
            f"{{children_of: {_OLD_KEYWORDS[values]}}} (the sub-regions of any region)"
        )
    return values  # a list (suite_model.Entry)


def _notebook(entry: dict, base: Path) -> Path:
    """A suite entry's notebook: a path, else the project's own (beside reports.yml or in its
    notebooks/ folder), else the package's."""
    nb = Path(entry["notebook"])
    mine = [nb] if nb.is_absolute() else [base / nb, base / "notebooks" / nb]
    for candidate in (*mine, paths.NOTEBOOKS / nb):
        if paths.exists(candidate):
            return candidate
    shipped = [p.name for p in sorted(paths.NOTEBOOKS.glob("[0-9]*.ipynb"))]
    raise RDAnalysisError(
        f"notebook {entry['notebook']} not found{usermodel.suggestion(nb.name, shipped)} "
        "(expected one beside reports.yml or in its notebooks/ folder, or one of the "
        f"package's: {', '.join(shipped)})"
    )


def sections(config: dict) -> list[dict]:
    """The index's sections in order (``id``, ``title``, optional ``about``); [] when none."""
    return config.get("sections") or []


def index_layout(config: dict) -> dict:
    """What the index shows around the reports (``reports.yml``): its ``title`` and ``about``
    line, its language (``lang``: zh, the default, or en), the ``sections`` in order, and
    ``groups``: each matrix entry's ``group_title``."""
    index = config.get("index") or {}
    groups = {
        e["name"]: str(e["group_title"])
        for e in config["suite"]
        if isinstance(e, dict) and e.get("name") and e.get("group_title")
    }
    return {
        "title": str(index.get("title") or ""),
        "about": str(index.get("about") or ""),
        "lang": index.get("lang") or "zh",
        "sections": sections(config),
        "groups": groups,
    }


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template: str, values: dict, name: bool = False) -> str:
    """``template`` with each ``{param}`` replaced by the value of that parameter; nothing else
    is evaluated (no attribute, index, conversion or format: ``{region.__class__}``, ``{0}``).

    A title is the user's words: what is not a parameter is shown as written. A ``name``
    becomes a file name: any other placeholder is refused.
    """

    def value(match: re.Match) -> str:
        return str(values[match[1]]) if match[1] in values else match[0]

    text = _PLACEHOLDER.sub(value, template)
    left = re.search(r"\{[^{}]*\}?|\}", _PLACEHOLDER.sub("", template))
    unknown = [m[0] for m in _PLACEHOLDER.finditer(template) if m[1] not in values]
    if name and (unknown or left):
        raise RDAnalysisError(
            f"name placeholder {(unknown or [left[0]])[0]} is not a parameter of the report "
            f"(expected {{param}} for one of: {', '.join(values) or 'none'})"
        )
    return text


def jobs(config: dict) -> list[Job]:
    """Every report of the suite, with its matrix expanded. What only the suite's expansion
    finds (a notebook not found, a matrix region unknown, a name placeholder that is no
    parameter, two reports of one name) is one problem per mistake, at its line of
    reports.yml, all listed at once."""
    out, problems = expand(config)
    if problems:
        raise RDAnalysisError(_suite_problems(config, len(problems)), problems)
    return out


def _source(config: dict) -> str:
    """The suite's file as problems name it."""
    return str(config.get("_path") or "reports.yml")


def _suite_problems(config: dict, count: int) -> str:
    return f"{_source(config)}: {count} problem(s) in the report suite"


def expand(config: dict) -> tuple[list[Job], list[Problem]]:
    """The reports the suite's entries make, and the problems of those that make none (see
    :func:`jobs`), for :func:`validate` to list with the parameters' problems."""
    out: list[Job] = []
    problems: list[Problem] = []
    made: dict[str, int] = {}  # report name -> the entry that made it first
    repeated: set[tuple[int, str]] = set()
    regions = project_regions()
    source, lines = _source(config), config.get("_lines") or {}
    for i, entry in enumerate(config["suite"]):  # checked by load (suite_model.Entry)

        def refuse(at: tuple, why: object, expected: str = "", i: int = i) -> None:
            path, text = ("suite", i, *at), f"report '{config['suite'][i]['name']}': {why}"
            problems.append(usermodel.problem(source, lines, path, text, expected))

        for job in _expand(entry, ("suite", i), config["_dir"], regions, refuse):
            if job.name not in made:
                made[job.name] = i
                out.append(job)
            elif (i, job.name) not in repeated:  # once per entry and name
                repeated.add((i, job.name))
                first = made[job.name]
                row = usermodel.line(lines, ("suite", first))
                other = f"the entry on line {row}" if row else f"suite entry {first + 1}"
                refuse(("name",), *_repeated(job.name, entry, None if first == i else other))
    return out, problems


def _repeated(name: str, entry: dict, other: str | None) -> tuple[str, str]:
    """Why a report name is made twice (by ``entry`` itself, or by ``other`` too), and what
    would mend it."""
    if other is not None:
        return (
            f"makes a report named '{name}', as does {other}",
            "a name no other entry of the suite makes",
        )
    missing = [k for k in entry.get("matrix") or {} if f"{{{k}}}" not in str(entry["name"])]
    if missing:
        wanted = ", ".join(f"{{{k}}}" for k in missing)
        return (
            f"makes a report named '{name}' more than once",
            f"a {{param}} in the name for each parameter of the matrix: {wanted}",
        )
    return (
        f"makes a report named '{name}' more than once",
        "matrix values that name different things (two of them name one region, or differ "
        "only in what a file name leaves out)",
    )


def _title(entry: dict, nb: Path, params: dict, refuse: Callable) -> str | None:
    """A report's title: the entry's, its placeholders filled, else one made from the
    notebook's own parameters cell (None after ``refuse`` when that cannot be read)."""
    if entry.get("title"):
        return fill(str(entry["title"]), params)
    try:
        return titles.title(nb, params, declared(nb))
    except RDAnalysisError as err:
        refuse(("notebook",), err)
        return None


def _expand(
    entry: dict, at: tuple, base_dir: Path, regions: reference.Hierarchy, refuse: Callable
) -> list:
    """The reports of one suite entry (its matrix expanded), or none after ``refuse(path,
    why)`` for each mistake found in it (``path``: where in the entry, which is ``at``).
    Each report knows where the file gives each of its parameters (``Job.origin``)."""
    nb = None
    try:
        nb = _notebook(entry, base_dir)
    except RDAnalysisError as err:
        refuse(("notebook",), err)
    matrix = entry.get("matrix") or {}
    values = {}
    for key, given in matrix.items():
        try:
            values[key] = list(enumerate(_matrix_values(given, regions)))
        except RDAnalysisError as err:
            refuse(("matrix", key), err)
    if nb is None or len(values) < len(matrix):
        return []
    shared = dict(entry.get("parameters") or {})
    out = []
    for combo in itertools.product(*values.values()):
        chosen = {k: v for k, (_, v) in zip(values, combo, strict=True)}
        params = {**shared, **chosen}
        origin = {k: (*at, "parameters", k) for k in shared}
        for k, (n, _) in zip(values, combo, strict=True):  # a value of a list: its own line
            origin[k] = (*at, "matrix", k, *([n] if isinstance(matrix[k], list) else []))
        try:
            name = fill(str(entry["name"]), {k: slug(v, regions) for k, v in params.items()}, True)
        except RDAnalysisError as err:
            refuse(("name",), err)
            return []
        title = _title(entry, nb, params, refuse)
        if title is None:
            return []
        label = " · ".join(map(str, chosen.values()))
        section = str(entry.get("section") or "")
        out.append(Job(name, title, nb, params, section, entry["name"], label, origin=origin))
    return out


_DECLARED: dict[str, dict] = {}  # notebook content hash -> its parameters


def load_declared_cache(path: Path) -> str:
    """Reuse parameter schemas read before (keyed by notebook content): no papermill import.
    A missing, unreadable, truncated or foreign file counts as empty (the schemas are read
    again); returns why, except for a missing file ("" when read or missing)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ""
    except OSError as err:
        return f"cannot be read ({err.strerror or err})"
    except ValueError as err:
        return f"is damaged ({err})"
    if not isinstance(data, dict):
        return "holds no JSON mapping"
    _DECLARED.update({k: v for k, v in data.items() if isinstance(v, dict)})
    return ""


def save_declared_cache(path: Path) -> None:
    """Write the schemas atomically (a concurrent reader sees the old file or the new one)."""
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    try:
        tmp.write_text(json.dumps(_DECLARED, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)  # only a cache: the next run reads the notebooks again


def declared(notebook: Path) -> dict:
    """The notebook's parameters (name -> inferred type, default, help) from its tagged cell.
    RDAnalysisError, naming the notebook, when it cannot be read, is not a notebook, or is
    written for another language than Python."""
    try:
        content = notebook.read_bytes()
    except OSError as err:
        raise RDAnalysisError(
            f"notebook {notebook}: cannot be read ({err.strerror or err}); nothing was run"
        ) from None
    key = hashlib.sha256(content).hexdigest()
    if key not in _DECLARED:
        # lazy: papermill is 0.55 s of `rdanalysis report` start
        from papermill.translators import PythonTranslator

        cell = _parameters_cell(notebook, content)
        _DECLARED[key] = {
            p.name: {
                "inferred_type_name": p.inferred_type_name,
                "default": p.default,
                "help": p.help,
            }
            for p in (PythonTranslator.inspect(cell) if cell is not None else [])
        }
    return _DECLARED[key]


def _parameters_cell(notebook: Path, content: bytes):
    """The cell tagged ``parameters`` of a Python notebook (None when it has none).

    Reports run in this package's Python (``report.execution.engine``), not in the kernel a notebook
    names, so a notebook without a kernelspec (made by a script, or saved without one) runs
    as any other; one that declares another language is refused: its cells are not Python.
    """
    # lazy: nbformat is 0.13 s of `rdanalysis report` start
    import nbformat

    try:
        nb = nbformat.reads(content.decode("utf-8"), as_version=4)
        metadata = nb.metadata
    except Exception as err:  # nbformat raises many kinds (JSON, schema, version, type)
        why = str(err).splitlines()[0][:200] if str(err) else type(err).__name__
        raise RDAnalysisError(
            f"notebook {notebook}: not a readable Jupyter notebook ({why}); expected an .ipynb "
            "file as JupyterLab saves it; nothing was run"
        ) from None
    language = (metadata.get("kernelspec") or {}).get("language") or (
        metadata.get("language_info") or {}
    ).get("name")
    if language and str(language).strip().lower() != "python":
        raise RDAnalysisError(
            f"notebook {notebook}: written for {language} (its kernelspec), expected a Python "
            "notebook (kernel 'rdanalysis' or another Python kernel); nothing was run"
        )
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    return tagged[0] if tagged else None


#: Choice lists whose values are regions: an alias is rewritten to the official name.
REGION_CHOICES = {"regions", "subregions", "counties", "counties_or_city", "provinces"}


def project_regions() -> reference.Hierarchy:
    """The regions of the project's build: the known ones and those its regions.csv declares
    (read from build_info.json first: no table is read when it declares none)."""
    try:
        folder = paths.processed()
    except paths.NoProjectError:
        return reference.known()
    if not store.declares_regions(folder):
        return reference.known()
    # lazy: data.load brings pandas, 0.54 s of the CLI's start
    from rdanalysis.data import load as data_load

    return data_load.hierarchy()


def _choices(kind: object) -> list:
    if kind == "regions":
        return list(project_regions())
    if kind == "subregions":  # a region with a parent to be compared within
        return [name for name, r in project_regions().items() if r.parent]
    if kind == "counties":  # a banner, county or district, of any city
        return _counties()
    if kind == "counties_or_city":
        return [*_counties(), "全市"]
    if kind == "provinces":  # a province (or a declared region of that level)
        return [name for name, r in project_regions().items() if r.level == "province"]
    if kind == "enterprise_years":  # 0 (the latest) or a year of the build's enterprise table
        return _enterprise_years()
    return list(kind)


def _enterprise_years() -> list | None:
    """0 and the years of the build's enterprise table (None without a build: not checked)."""
    # lazy: data.load, data.plans and indicators add 0.5 s to importing config (0.2 s)
    from rdanalysis.data import load as data_load

    try:
        years = data_load.load_all()["enterprises"]["year"]
    except RDAnalysisError:
        return None
    return [0, *sorted(int(y) for y in years.unique())]


def _counties() -> list[str]:
    return [name for name, r in project_regions().items() if r.level == "county"]


def _plans() -> ModuleType:
    """``data.plans``, where a ``plan`` parameter is resolved, read and checked."""
    # lazy: data.plans brings pandas, 0.54 s of the CLI's start
    from rdanalysis.data import plans

    return plans


def read_plan(value: object) -> Plan | None:
    """The plan a ``plan`` parameter names, or None when it names no usable plan."""
    return _plans().named(value)


def official(value: object, rule: Rule | None) -> object:
    """The official name of a region given by any alias, where the rule's choices are regions."""
    kind = rule.choices if rule else None
    if kind == "plans":
        return _plans().as_argument(value)
    if isinstance(kind, str) and kind in REGION_CHOICES and isinstance(value, str):
        resolved = project_regions().resolve(value)
        if resolved in _choices(kind):
            return resolved
    return value


def check_value(name: str, value: object, spec: dict, rule: Rule | None) -> str | None:
    """Why ``value`` is not acceptable for parameter ``name`` (None if it is): its notebook's
    declared type and the rule's range (``suite_model.value_problem``), then its choices."""
    declared = spec.get("inferred_type_name", "None")
    why = suite_model.value_problem(value, declared, rule)
    if why is None and rule is not None:
        why = _choice_problem(value, rule)
    return f"{why}{_hint(rule)}" if why and rule else why


def _hint(rule: Rule) -> str:
    """The rule's own word on what is accepted (``hint`` in report_rules.yml), if any."""
    return f"; {rule.hint}" if rule.hint else ""


def _choice_problem(value: object, rule: Rule) -> str | None:
    """Why ``value`` is none of the rule's choices (a region by any of its names)."""
    if rule.choices == "plans":
        return _plans().parameter_problem(value)
    choices = _choices(rule.choices) if rule.choices is not None else None
    if choices is not None:  # None: choices from a build there is not (the run says so)
        resolved = project_regions().resolve(value) if isinstance(value, str) else None
        if value not in choices and resolved not in choices:
            shown = ", ".join(map(str, choices[:4]))
            expected = f"one of: {shown}" if len(choices) <= 4 else f"e.g. {shown}, ..."
            hint = usermodel.suggestion(value, map(str, choices))
            return f"{value!r} is not one of the known values (expected {expected}){hint}"
    return None


def _rule(config: dict, notebook: Path, name: str) -> Rule | None:
    """The rule for parameter ``name`` of ``notebook``: its own (``notebook_rules``) or shared."""
    own = (config.get("notebook_rules") or {}).get(notebook.stem) or {}
    return own.get(name) or (config.get("parameter_rules") or {}).get(name)


#: Rules between years (report_rules.yml): ``after``, ``before`` and ``not_after`` name where a
#: year parameter's bound comes from, in order: another parameter (the first one set: 0 means
#: "the first/latest year", not a bound) or ``data``, the latest year with data of the report's
#: region (its ``region``, ``parent`` or ``county``).
_ORDER = {
    "after": (lambda v, b: v > b, "after"),
    "before": (lambda v, b: v < b, "before"),
    "not_after": (lambda v, b: v <= b, "at most"),
}
_SUBJECTS = ("region", "parent", "county")


def _default(spec: dict) -> object:
    """A notebook default as its parameters cell declares it ('"通辽市"' -> 通辽市)."""
    try:
        return ast.literal_eval(str(spec.get("default")))
    except (ValueError, SyntaxError):
        return spec.get("default")


def _latest_years() -> Callable[[str], int | None]:
    """``latest(region)``: the latest year with data of a region in the project's build (None:
    none, or no build: the run says so), the tables read once per validation."""
    # lazy: data.load, data.plans and indicators add 0.5 s to importing config (0.2 s)
    from rdanalysis.analysis import indicators
    from rdanalysis.data import load as data_load

    found: dict[str, int | None] = {}
    tables: list = []

    def latest(region: str) -> int | None:
        if region not in found:
            if not tables:
                try:
                    tables.append(data_load.load_all())
                except RDAnalysisError:
                    tables.append(None)
            found[region] = indicators.latest_year(tables[0], region) if tables[0] else None
        return found[region]

    return latest


def _bound(refs: list, values: dict, latest: Callable) -> tuple[int, str, str] | None:
    """The first bound ``refs`` name that is set: (year, what it is, which ref), or None."""
    for ref in refs:
        if ref == "data":
            asked = next((values[k] for k in _SUBJECTS if isinstance(values.get(k), str)), None)
            region = project_regions().resolve(asked) if asked else None
            year = latest(region) if region else None
            if year is not None:
                return year, f"the latest year with data for {region} ({year})", ref
            return None
        value = values.get(ref)
        if isinstance(value, int) and not isinstance(value, bool) and value:
            return value, f"{ref} = {value}", ref
    return None


#: A problem of a report's parameters: the line of reports.yml it is at (0: none) and its text.
Said = tuple[int, str]


def _order_problems(job: Job, config: dict, latest: Callable) -> list[Said]:
    """The year parameters given against each other and the data (start before end, a target
    year after the latest year with data); the notebook's defaults count as bounds."""
    spec = declared(job.notebook)
    values = {**{k: _default(v) for k, v in spec.items()}, **job.parameters}
    problems = []
    for name in job.parameters:
        rule = _rule(config, job.notebook, name) or Rule()
        value = values.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not value:
            continue  # 0: the first or latest year with data, chosen by the report
        for key, (holds, word) in _ORDER.items():
            found = _bound(getattr(rule, key), values, latest)
            if found is not None and not holds(value, found[0]):
                # the same for every report of the entry when neither side comes from its matrix
                sides = (name, *(_SUBJECTS if found[2] == "data" else (found[2],)))
                every = all(_shared(job, k) for k in sides if k in job.parameters)
                row, at = _where(job, name, config)
                problems.append(
                    (
                        row,
                        f"{at}report '{job.group if every else job.name}': parameter '{name}' "
                        f"= {value} is not {word} {found[1]} (expected a year {word} "
                        f"{found[0]}){_hint(rule)}",
                    )
                )
    return problems


def _shared(job: Job, name: str) -> bool:
    """Whether ``name`` is given under the entry's ``parameters``: every report's value."""
    return job.origin.get(name, ())[2:3] == ("parameters",)


def _where(job: Job, name: str, config: dict) -> tuple[int, str]:
    """Where reports.yml gives parameter ``name`` of ``job``: its line and ``file:line:key: ``
    ((0, ""): a one-off report's, or a notebook default)."""
    path = job.origin.get(name)
    if path is None or "_path" not in config:
        return 0, ""
    found = usermodel.problem(str(config["_path"]), config.get("_lines") or {}, path, "")
    return found.row or 0, str(found)


def validate(job_list: list[Job], config: dict, found: list[Problem] | None = None) -> None:
    """Raise RDAnalysisError listing every bad parameter of every report (none run before),
    with the problems ``found`` expanding the suite (:func:`expand`), in the order of
    reports.yml's lines, each at its line (a value under an entry's ``parameters``, shared by
    its reports, once per entry); rewrite every region alias to its official name, so
    notebooks see official names only."""
    problems: list[Said] = [(p.row or 0, str(p)) for p in found or []]
    latest = _latest_years()
    for job in job_list:
        before = len(problems)
        _check_parameters(job, config, problems)
        if len(problems) == before:  # every value is of its type: the years can be compared
            problems.extend(_order_problems(job, config, latest))
    if problems:
        shown = dict.fromkeys(text for _, text in sorted(problems, key=lambda p: p[0]))
        what = _suite_problems(config, len(shown)) if found else "report parameters rejected"
        raise RDAnalysisError(f"{what}; nothing was run:\n" + "\n".join(shown))


def _check_parameters(job: Job, config: dict, problems: list[Said]) -> None:
    """Each parameter of ``job`` against its notebook's declared type and its rule."""
    spec = declared(job.notebook)
    for name, value in job.parameters.items():
        row, at = _where(job, name, config)
        start = f"{at}report '{job.group if _shared(job, name) else job.name}': "
        if name not in spec:
            problems.append(
                (
                    row,
                    f"{start}unknown parameter '{name}'"
                    f"{usermodel.suggestion(name, spec)} (expected one of {', '.join(spec)})",
                )
            )
            continue
        rule = _rule(config, job.notebook, name)
        why = check_value(name, value, spec[name], rule)
        if why:
            problems.append((row, f"{start}parameter '{name}' = {why}"))
        else:
            job.parameters[name] = official(value, rule)
            if rule is not None and rule.choices == "plans":
                job.inputs.append(_plans().file_of(value))


#: Notebook defaults that are the worked example's (Tongliao): a one-off report in another
#: project takes that project's region and plan instead (other defaults, such as 07's 全国 or
#: 08's 广东省, are kept).
EXAMPLE_DEFAULTS = {"region": reference.CITY, "parent": reference.CITY, "plan": "tongliao-2023"}


def _project_defaults(notebook: Path, given: dict) -> dict:
    """The project's region (and plan) for a one-off report's region, parent or plan that is
    not given and whose notebook default is the worked example's: a report asked for in a
    project is about the project's region."""
    if not paths.in_project():
        return {}
    settings = project()
    wanted = {"region": settings["region"], "parent": settings["region"], "plan": settings["plan"]}
    out = {}
    for name, spec in declared(notebook).items():
        default = str(spec.get("default", "")).strip("'\"")
        if name in wanted and name not in given and default == EXAMPLE_DEFAULTS[name]:
            out[name] = wanted[name]
    return {k: v for k, v in out.items() if v != EXAMPLE_DEFAULTS[k]}


def _digest(parameters: dict) -> str:
    """Six hex digits that tell one-off reports apart whose names' slugs are the same (two plan
    files of one stem in two folders, two regions of one English name, ``[]`` and ``[0.5]``): a
    hash of what the report is of, so an alias (Tongliao) or a plan's name or path gives the
    same report the same name."""
    regions = project_regions()

    def identity(name: str, value: object) -> object:
        if name == "plan":
            path = _plans().file_of(value)
            return str(path) if path is not None else value
        if name in ("region", "county", "parent") and isinstance(value, str):
            return regions.resolve(value) or value
        return value

    canonical = {k: identity(k, v) for k, v in sorted(parameters.items())}
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]


def adhoc(notebook: str, parameters: dict) -> Job:
    """A one-off report of ``notebook`` (file name or stem) with ``parameters``."""
    stem = Path(notebook).stem
    matches = sorted(paths.NOTEBOOKS.glob(f"{stem}*.ipynb")) or sorted(
        paths.NOTEBOOKS.glob(f"*{stem}*.ipynb")
    )
    if len(matches) != 1:
        known = ", ".join(p.stem for p in sorted(paths.NOTEBOOKS.glob("[0-9]*.ipynb")))
        raise RDAnalysisError(f"--notebook {notebook}: expected one of {known}")
    parameters = {**_project_defaults(matches[0], parameters), **parameters}
    suffix = "-".join(f"{slug(v)}" for v in parameters.values())
    if suffix:  # the slugs drop what tells some values apart: the digest keeps them apart
        suffix += f"-{_digest(parameters)}"
    name = matches[0].stem.split("_", 1)[-1].replace("_", "-") + (f"-{suffix}" if suffix else "")
    shown = titles.title(matches[0], parameters, declared(matches[0]))
    return Job(name, shown, matches[0], parameters)
