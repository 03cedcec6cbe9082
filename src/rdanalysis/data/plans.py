"""Plans as user files: read a plan (YAML, format in docs/plans.md), check every field, and
report every problem at once as ``file:line:field: problem (expected ...)``.

A plan names its document, region, baseline and target year, its quantified targets (each with
the metric it is measured on, or ``none`` when the project has no data for it), its tasks and the
status rule. Nothing here computes a status: that is ``analysis.targets``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdanalysis import paths, reference
from rdanalysis.data import load as data_load
from rdanalysis.data import plan_model, usermodel, useryaml
from rdanalysis.errors import Problem, RDAnalysisError
from rdanalysis.plan import Plan

DEFAULT_PLAN = "tongliao-2023"


def plan_path(plan: str | Path) -> Path:
    """A plan file: a path, or the name of a file in plans/ (``tongliao-2023``)."""
    p = Path(plan)
    if p.suffix in (".yml", ".yaml") and (paths.exists(p) or p.is_absolute() or len(p.parts) > 1):
        return p
    candidate = paths.plans() / f"{p.name}.yml"
    if paths.exists(candidate):
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
    if not paths.exists(path):
        raise RDAnalysisError(f"plan file {path}: not found")
    problems, result = check_text(useryaml.text(path), str(path), path.stem, regions)
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        raise RDAnalysisError(f"{path}: {len(problems)} problem(s) in the plan", problems)
    return result


# A plan as a report parameter (``plan`` in reports.yml or ``-p plan=...``): a name in plans/
# or the path of a plan file, checked in full before any report starts.


def file_of(value: object) -> Path | None:
    """The plan file a ``plan`` value names (a name in plans/ or a path), if it exists."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        path = plan_path(value)
        return path.resolve() if path.is_file() else None
    except (RDAnalysisError, OSError):  # none, or a name the file system cannot hold
        return None


def as_argument(value: object) -> object:
    """A plan as the notebook gets it: a name in plans/ as it is, a path made absolute (the
    notebook runs in notebooks/, not in the folder where the path was given)."""
    if isinstance(value, str) and value in available():
        return value
    path = file_of(value)
    return str(path) if path is not None else value


def _checked(path: Path) -> tuple[list[Problem], Plan | None]:
    """A plan file's problems (by line) and the plan, read once per version of the file."""
    return _checked_version(path, path.stat().st_mtime_ns)


@cache
def _checked_version(path: Path, mtime_ns: int) -> tuple[list[Problem], Plan | None]:
    problems, plan = check_text(useryaml.text(path), str(path), path.stem)
    return sorted(problems, key=lambda p: p.row or 0), plan


def named(value: object) -> Plan | None:
    """The plan a ``plan`` value names, or None when it names no usable plan."""
    path = file_of(value)
    return _checked(path)[1] if path is not None else None


def parameter_problem(value: object) -> str | None:
    """Why ``value`` names no usable plan: no such plan in plans/, no such file, or a file with
    problems (the first few, as ``rdanalysis targets --plan FILE --check`` lists them)."""
    path = file_of(value)
    if path is None:
        known = ", ".join(available()) or "none"
        return (
            f"{value!r} is not a plan in plans/ nor a plan file (expected one of: "
            f"{known}; or the path of a .yml plan file)"
        )
    problems, _ = _checked(path)
    if not problems:
        return None
    shown = "; ".join(str(p) for p in problems[:3])
    more = f"; and {len(problems) - 3} more" if len(problems) > 3 else ""
    return (
        f"{value!r}: the plan file has {len(problems)} problem(s): {shown}{more} (check it with "
        f"`rdanalysis targets --plan {path} --check`)"
    )


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
    arguments of ``views.splits.build``."""
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
    with reference.using(regions if regions is not None else project_regions()):
        return plan_model.read(raw, usermodel.lines(node), source, name)


def project_regions() -> reference.Hierarchy:
    """The regions of the project's build (``data.load.hierarchy``); the known ones where there
    is no build (or no project) to read."""
    try:
        return data_load.hierarchy()
    except RDAnalysisError:
        return reference.known()
