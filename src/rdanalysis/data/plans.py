"""Plans as user files: read a plan (YAML, format in docs/plans.md), check every field, and
report every problem at once as ``file:line:field: problem (expected ...)``.

A plan names its document, region, baseline and target year, its quantified targets (each with
the metric it is measured on, or ``none`` when the project has no data for it), its tasks and the
status rule. Nothing here computes a status: that is ``analysis.targets``.
"""

from __future__ import annotations

import difflib
import math
import re
from pathlib import Path

import yaml

from rdanalysis import paths, reference
from rdanalysis.data import cells, intensity, useryaml
from rdanalysis.data import load as data_load
from rdanalysis.errors import Problem, RDAnalysisError
from rdanalysis.plan import (  # noqa: F401  (re-exported: the plan's types, with the reader)
    DIRECTIONS,
    KINDS,
    METRICS,
    NO_METRIC,
    Plan,
    StatusRule,
    Target,
    Task,
    metric_unit,
    metrics,
)

#: A target's id: a plain identifier (it names the target in tables, files and code).
TARGET_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
#: The values a target may take, by the unit its metric is computed in (low, high): shares and
#: coverage rates from 1 % (below, a fraction such as 0.8 for 80 % is meant) to 100 %; amounts
#: up to 100,000 亿元 (China's R&D is about 36,000 亿元 a year); counts up to 100 million (China
#: holds about 5 million valid invention patents); per 10,000 residents up to 1,000 (Beijing:
#: about 260 patents). R&D intensity: ``intensity.MIN_INTENSITY_PCT`` to the ceiling of the
#: plan's region (``intensity.ceiling``).
VALUE_RANGES = {
    "%": (1.0, 100.0),
    "亿元": (0.0, 1e5),
    "件": (0.0, 1e8),
    "家": (0.0, 1e8),
    "件/万人": (0.0, 1e3),
}
#: A target without a metric: any finite number of at most this size.
MAX_UNMEASURED_VALUE = 1e9

DEFAULT_PLAN = "tongliao-2023"
TOP_KEYS = {
    "document": True,
    "region": True,
    "baseline_year": True,
    "target_year": True,
    "status_rule": True,
    "targets": True,
    "tasks": False,
}
DOCUMENT_KEYS = {"title": True, "number": False, "issued": False, "kind": True, "note": False}
TARGET_KEYS = {
    "id": True,
    "name": True,
    "name_en": False,
    "definition": True,
    "unit": True,
    "direction": True,
    "value": True,
    "responsible": True,
    "tasks": False,
    "measured_on": True,
    "data": True,
    "forecast": False,
    "cumulative_from": False,
    "population": False,
    "text_gap": False,
}
TASK_KEYS = {"number": True, "title": True, "responsible": True}
RULE_KEYS = {
    "recent_years": True,
    "at_risk_pace_ratio": True,
    "on_track_probability": True,
    "at_risk_probability": True,
    "text": False,
}


def plan_path(plan: str | Path) -> Path:
    """A plan file: a path, or the name of a file in plans/ (``tongliao-2023``)."""
    p = Path(plan)
    if p.suffix in (".yml", ".yaml") and (p.exists() or p.is_absolute() or len(p.parts) > 1):
        return p
    candidate = paths.plans() / f"{p.name}.yml"
    if candidate.exists():
        return candidate
    known = ", ".join(available())
    raise RDAnalysisError(f"plan '{plan}': no such file (expected a .yml path or one of: {known})")


def available() -> list[str]:
    """The plans shipped in plans/ (names without .yml; the blank template excluded)."""
    return sorted(p.stem for p in paths.plans().glob("*.yml") if not p.stem.startswith("_"))


def load(plan: str | Path = DEFAULT_PLAN, regions: reference.Hierarchy | None = None) -> Plan:
    """Read and check a plan; raise RDAnalysisError listing every problem if any. Its region is
    read against ``regions`` (default: the regions of the project's build, with those its
    regions.csv declares)."""
    path = plan_path(plan)
    if not path.exists():
        raise RDAnalysisError(f"plan file {path}: not found")
    problems, result = check_text(useryaml.text(path), str(path), path.stem, regions)
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        raise RDAnalysisError(f"{path}: {len(problems)} problem(s) in the plan", problems)
    return result


#: The plan's structure targets: the metrics that are shares of R&D by performing sector.
STRUCTURE_METRICS = ("enterprise_share", "institutes_hospitals_share")


def project_plan() -> str:
    """The name or path of the project's plan (reports.yml ``project: plan``; the worked
    example's when the project names none or outside a project)."""
    if not paths.in_project() or not paths.config_file().exists():
        return DEFAULT_PLAN
    config = useryaml.value(useryaml.text(paths.config_file()), str(paths.config_file()))
    own = (config or {}).get("project") if isinstance(config, dict) else None
    plan = own.get("plan") if isinstance(own, dict) else None
    return str(plan) if plan else DEFAULT_PLAN


def structure_targets(plan: str | Path | None = None) -> tuple[str, dict[str, float]]:
    """The region of ``plan`` (default: the project's plan) and its structure targets
    (``STRUCTURE_METRICS`` -> value, %): they apply to that region only."""
    found = load(plan or project_plan())
    goals = {
        t.measured_on: float(t.value)
        for t in found.targets
        if t.measured_on in STRUCTURE_METRICS and t.direction == "at_least"
    }
    return found.region, goals


def structure_goals(region: str, plan: str | Path | None = None) -> tuple[dict, str]:
    """The structure targets of ``plan`` (default: the project's) as they apply to ``region``
    (``{}`` when the plan is about another region), and the plan's region: the last two
    arguments of ``split_view``."""
    plan_region, goals = structure_targets(plan)
    return (goals if region == plan_region else {}), plan_region


def check_text(
    text: str, source: str, name: str = "plan", regions: reference.Hierarchy | None = None
) -> tuple[list[Problem], Plan | None]:
    """Every problem of a plan's text, and the plan when there is none (its region read
    against ``regions``; default: the project's build's, see ``load``)."""
    try:
        node, raw = useryaml.read(text, source)  # no aliases: a plan cannot expand to billions
    except RDAnalysisError as err:
        return err.problems, None
    lines: dict[tuple, int] = {}
    _lines(node, (), lines)
    c = _Checker(source, lines)
    with reference.using(regions if regions is not None else project_regions()):
        plan = c.plan(raw, name)
    return c.problems, (plan if not c.problems else None)


def project_regions() -> reference.Hierarchy:
    """The regions of the project's build (``data.load.hierarchy``); the known ones where there
    is no build (or no project) to read."""
    try:
        return data_load.hierarchy()
    except RDAnalysisError:
        return reference.known()


def _lines(node, path: tuple, out: dict[tuple, int]) -> None:
    if node is None:
        return
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _lines(value, (*path, key.value), out)
            out[(*path, key.value)] = key.start_mark.line + 1  # the key's line, not the value's
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _lines(item, (*path, i), out)


def _where(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Checker:
    """Collects problems while turning the parsed YAML into a Plan."""

    def __init__(self, source: str, lines: dict[tuple, int]) -> None:
        self.source, self.lines, self.problems = source, lines, []
        self.region: str | None = None  # the plan's region, once read

    def add(self, path: tuple, problem: str, expected: str = "") -> None:
        line = next(
            (self.lines[path[:k]] for k in range(len(path), -1, -1) if path[:k] in self.lines), None
        )
        self.problems.append(Problem(self.source, line, _where(path) or None, problem, expected))

    def mapping(self, value, path: tuple, keys: dict[str, bool]) -> dict:
        if not isinstance(value, dict):
            self.add(path, "is not a mapping of fields", "field: value lines")
            return {}
        for key in value:
            if key not in keys:
                hint = difflib.get_close_matches(str(key), list(keys), n=1)
                self.add(
                    (*path, key),
                    f"unknown field '{key}'" + (f" (did you mean '{hint[0]}'?)" if hint else ""),
                    "one of " + ", ".join(keys),
                )
        for key, required in keys.items():
            if required and value.get(key) in (None, "", []):
                where = (*path, key) if key in value else path
                self.add(
                    where,
                    f"missing value for '{key}'" if key in value else f"missing field '{key}'",
                )
        return value

    def text(self, value, path: tuple, default: str = "") -> str:
        if value is None:
            return default
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.add(path, f"'{value}' is not text")
            return default
        return str(value).strip()

    def number(self, value, path: tuple, lo: float, hi: float, integer: bool = False):
        if value is None:  # reported as missing by mapping()
            return None
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if ok and integer and not float(value).is_integer():
            ok = False
        if not ok or not lo <= value <= hi:
            kind = "a whole number" if integer else "a number"
            self.add(path, f"'{value}' is not valid", f"{kind} from {lo:g} to {hi:g}")
            return None
        return int(value) if integer else float(value)

    def names(self, value, path: tuple) -> tuple[str, ...]:
        if value in (None, []):  # reported as missing by mapping()
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            self.add(path, f"'{value}' is not a list of names", "e.g. [市科技局, 市工信局]")
            return ()
        return tuple(v.strip() for v in value)

    def choice(self, value, path: tuple, choices) -> str | None:
        if value is None:  # reported as missing by mapping()
            return None
        if value not in choices:
            hint = difflib.get_close_matches(str(value), list(choices), n=1)
            self.add(
                path,
                f"'{value}' is not known" + (f" (did you mean '{hint[0]}'?)" if hint else ""),
                "one of " + ", ".join(choices),
            )
            return None
        return value

    def plan(self, raw, name: str) -> Plan | None:
        top = self.mapping(raw, (), TOP_KEYS)
        doc = self.mapping(top.get("document") or {}, ("document",), DOCUMENT_KEYS)
        kind = self.choice(doc.get("kind"), ("document", "kind"), KINDS)
        region = top.get("region")
        official = cells.region_name(region) if region is not None else None
        if region is not None and official is None:
            hint = reference.suggest_region(str(region))
            self.add(
                ("region",),
                f"unknown region '{region}'" + (f" (did you mean {hint}?)" if hint else ""),
            )
        self.region = official
        base = self.number(top.get("baseline_year"), ("baseline_year",), 1990, 2100, True)
        end = self.number(top.get("target_year"), ("target_year",), 1990, 2100, True)
        if base is not None and end is not None and end <= base:
            self.add(("target_year",), f"{end} is not after the baseline year {base}")
        rule = self.rule(top.get("status_rule"))
        tasks = self.tasks(top.get("tasks") or [])
        targets = self.targets(top.get("targets"), {t.number for t in tasks})
        if self.problems:
            return None
        return Plan(
            name,
            self.source,
            self.text(doc.get("title"), ("document", "title")),
            self.text(doc.get("number"), ("document", "number")),
            kind,
            self.text(doc.get("note"), ("document", "note")),
            official,
            base,
            end,
            rule,
            targets,
            tasks,
        )

    def target_value(self, value: float, metric: str, direction: str, unit: str, path) -> None:
        """A target's value in its metric's unit and plausible range (``VALUE_RANGES``); a
        percentage written as a fraction (0.01 for 1 %, 0.8 for 80 %) with the likely fix."""
        where = (*path, "value")
        expected_unit = metric_unit(metric)
        if expected_unit is None:  # measured on nothing: any finite value of a sane size
            if not abs(value) <= MAX_UNMEASURED_VALUE:
                self.add(where, f"'{value:g}' is not valid", f"at most {MAX_UNMEASURED_VALUE:g}")
            return
        if "".join(cells.normalise_text(unit).split()) != expected_unit:
            self.add(
                (*path, "unit"),
                f"unit '{cells.clip(unit, 30)}' is not the unit {metric} is computed in "
                f"({expected_unit})",
                f"unit: {expected_unit}, and the value in {expected_unit}",
            )
            return
        if direction == "at_least" and value <= 0:
            self.add(where, f"at least {value:g} is met by any value", "a value above 0")
            return
        low, high, what = self.value_range(metric, expected_unit)
        if low <= value <= high:
            return
        if expected_unit == "%" and 0 < value < low and low <= value * 100 <= high:
            self.add(
                where,
                f"{value:g} looks like a fraction: {value:g} = {value * 100:g}%",
                f"the percentage, {value * 100:g} (not {value:g})",
            )
            return
        self.add(where, f"'{value:g}' is out of range for {metric}", what)

    def value_range(self, metric: str, unit: str) -> tuple[float, float, str]:
        """(low, high, what is expected) of a target's value on ``metric``."""
        if metric == "rd_intensity":
            low, region = intensity.MIN_INTENSITY_PCT, self.region
            high = intensity.ceiling(region) if region else intensity.DEFAULT_CEILING_PCT
            level = f" for {region}" if region else ""
            return low, high, f"a percentage of GDP from {low:g} to {high:g}{level}, e.g. 1.5"
        low, high = VALUE_RANGES[unit]
        return low, high, f"a value in {unit} from {low:g} to {high:g}"

    def rule(self, raw) -> StatusRule | None:
        path = ("status_rule",)
        r = self.mapping(raw, path, RULE_KEYS)
        if not r:
            return None
        years = self.number(r.get("recent_years"), (*path, "recent_years"), 1, 50, True)
        ratio = self.number(r.get("at_risk_pace_ratio"), (*path, "at_risk_pace_ratio"), 1, 100)
        on = self.number(r.get("on_track_probability"), (*path, "on_track_probability"), 0, 1)
        risk = self.number(r.get("at_risk_probability"), (*path, "at_risk_probability"), 0, 1)
        if on is not None and risk is not None and risk > on:
            self.add(
                (*path, "at_risk_probability"),
                f"{risk:g} is above on_track_probability {on:g}",
                "at_risk_probability <= on_track_probability",
            )
        return StatusRule(years, ratio, on, risk, self.text(r.get("text"), (*path, "text")))

    def tasks(self, raw) -> tuple[Task, ...]:
        if not isinstance(raw, list):
            self.add(("tasks",), "is not a list of tasks")
            return ()
        out, seen = [], set()
        for i, item in enumerate(raw):
            path = ("tasks", i)
            t = self.mapping(item, path, TASK_KEYS)
            number = self.number(t.get("number"), (*path, "number"), 1, 999, True)
            if number in seen:
                self.add((*path, "number"), f"task number {number} is used twice")
            seen.add(number)
            responsible = self.names(t.get("responsible"), (*path, "responsible"))
            out.append(Task(number, self.text(t.get("title"), (*path, "title")), responsible))
        return tuple(out)

    def targets(self, raw, task_numbers: set[int]) -> tuple[Target, ...]:
        if not isinstance(raw, list) or not raw:
            self.add(("targets",), "is not a non-empty list of targets")
            return ()
        out, seen = [], set()
        for i, item in enumerate(raw):
            t = self.target(item, ("targets", i), task_numbers)
            if t is None:
                continue
            if t.id in seen:
                self.add(("targets", i, "id"), f"target id '{t.id}' is used twice")
            seen.add(t.id)
            out.append(t)
        return tuple(out)

    def target(self, raw, path: tuple, task_numbers: set[int]) -> Target | None:
        t = self.mapping(raw, path, TARGET_KEYS)
        if not t:
            return None
        tid = self.text(t.get("id"), (*path, "id"))
        if tid and not TARGET_ID.fullmatch(tid):
            self.add(
                (*path, "id"),
                f"'{cells.clip(tid, 30)}' is not a plain identifier",
                "letters, digits and _, starting with a letter, e.g. rd_intensity",
            )
        value = self.number(t.get("value"), (*path, "value"), -math.inf, math.inf)
        direction = self.choice(t.get("direction"), (*path, "direction"), DIRECTIONS)
        metric = self.choice(t.get("measured_on"), (*path, "measured_on"), [*metrics(), NO_METRIC])
        if value is not None and direction is not None and metric is not None:
            self.target_value(value, metric, direction, self.text(t.get("unit"), ()), path)
        tasks = t.get("tasks") or []
        if not isinstance(tasks, list):
            self.add((*path, "tasks"), f"'{tasks}' is not a list of task numbers", "e.g. [1, 2]")
            tasks = []
        for n in tasks:
            if n not in task_numbers:
                self.add((*path, "tasks"), f"task {n} is not in the plan's tasks")
        forecast = t.get("forecast", False)
        if not isinstance(forecast, bool):
            self.add((*path, "forecast"), f"'{forecast}' is not true/false")
        options = {k: t[k] for k in ("cumulative_from", "population", "text_gap") if k in t}
        if "cumulative_from" in options:
            self.number(options["cumulative_from"], (*path, "cumulative_from"), 1990, 2100, True)
        if "population" in options:
            self.choice(options["population"], (*path, "population"), ["resident"])
        return Target(
            tid,
            self.text(t.get("name"), (*path, "name")),
            self.text(t.get("definition"), (*path, "definition")),
            self.text(t.get("unit"), (*path, "unit")),
            direction or "at_least",
            value if value is not None else 0.0,
            self.names(t.get("responsible"), (*path, "responsible")),
            metric or NO_METRIC,
            self.text(t.get("data"), (*path, "data")),
            tuple(n for n in tasks if isinstance(n, int)),
            bool(forecast),
            self.text(t.get("name_en"), (*path, "name_en")),
            options,
        )
