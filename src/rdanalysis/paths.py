"""Every path the project uses, from one place: what ships with the package, and the project's
own files, found the way git and Quarto find theirs.

Shipped with the package (inside the wheel, wherever it is installed): ``resources/`` (the
catalogue, registries and page templates), the public and illustrative data the build reads
and the notebooks, and the blank plan. In the repository the data and the notebooks keep the
project's layout (``data/raw/``, ``notebooks/`` at the top); building the wheel copies them into
the package (``resources/data/raw``, ``resources/notebooks``: setup.py), and a checkout reads
them where they are.

A project is a folder holding ``reports.yml`` (the project's config: its region, its plan and
its report suite). Its files: ``reports.yml``, ``plans/``, ``data/user/``, ``data/processed/``,
``reports/`` and ``templates/``. The project is ``--project DIR`` (the CLI sets
``$RDANALYSIS_PROJECT``), else ``$RDANALYSIS_PROJECT``, else the nearest folder from the current
one upwards that holds ``reports.yml``. Outside any project, a command that needs one says so
and names ``rdanalysis init``. The repository's checkout is a project like any other: Tongliao's
worked example. Nothing is read from the current folder but the search for the project.
"""

from __future__ import annotations

import os
from pathlib import Path

from rdanalysis.errors import RDAnalysisError

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES = PACKAGE_DIR / "resources"
#: The repository, when the package runs from a checkout (src layout).
CHECKOUT = PACKAGE_DIR.parent.parent


def _shipped(*parts: str) -> Path:
    """A shipped folder: inside the installed package, else the checkout's own (``parts`` from
    the repository's top)."""
    inside = RESOURCES.joinpath(*parts)
    return inside if inside.is_dir() else CHECKOUT.joinpath(*parts)


#: The public and illustrative data shipped with the package (as obtained; manifest.yml).
RAW = _shipped("data", "raw")
RAW_PUBLIC = RAW / "public"
RAW_ILLUSTRATIVE = RAW / "illustrative"
MANIFEST = RAW / "manifest.yml"
#: The shipped notebooks (a project's own ``notebooks/`` folder is looked in first).
NOTEBOOKS = _shipped("notebooks")
#: The blank plan file (``rdanalysis init`` copies it into a project's plans/).
PLAN_TEMPLATE = RESOURCES / "plans" / "_template.yml"

#: The file that makes a folder a project, and the variable that names a project.
CONFIG_NAME = "reports.yml"
PROJECT_ENV = "RDANALYSIS_PROJECT"
#: Processed tables elsewhere than the project's data/processed (e.g. a build of another dataset).
PROCESSED_ENV = "RDANALYSIS_PROCESSED"
#: Environment variable naming a folder of the user's own statistics (template files).
USER_DATA_ENV = "RDANALYSIS_USER_DATA"


class NoProjectError(RDAnalysisError):
    """The command needs a project and none was found (the message says how to make one)."""


def find_project(start: Path | None = None) -> Path | None:
    """The nearest folder from ``start`` (default: the current folder) upwards that holds
    ``reports.yml``; None when there is none."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def project_root() -> Path:
    """The project's folder: ``$RDANALYSIS_PROJECT`` (set by ``--project DIR``), else the
    nearest folder upwards holding reports.yml. NoProjectError, saying how to make one, when
    there is none."""
    named = os.environ.get(PROJECT_ENV)
    if named:
        folder = Path(named).expanduser().resolve()
        if not (folder / CONFIG_NAME).is_file():
            raise NoProjectError(
                f"{folder}: not an rdanalysis project (no {CONFIG_NAME} there; named by "
                f"--project or {PROJECT_ENV}); make one with `rdanalysis init {named} --region "
                "NAME`, or name the folder that holds your reports.yml"
            )
        return folder
    found = find_project()
    if found is None:
        raise NoProjectError(
            f"no rdanalysis project here: neither {Path.cwd()} nor a folder above it holds "
            f"{CONFIG_NAME}. Make one with `rdanalysis init DIR --region NAME` (for example "
            "`rdanalysis init chifeng --region 赤峰市`), then `cd DIR` and `rdanalysis run`; or "
            f"name an existing project with --project DIR (or {PROJECT_ENV}=DIR)"
        )
    return found


def in_project() -> bool:
    """Whether a project is found (without raising)."""
    try:
        project_root()
    except NoProjectError:
        return False
    return True


def config_file() -> Path:
    """The project's reports.yml."""
    return project_root() / CONFIG_NAME


def processed() -> Path:
    """The processed tables: ``$RDANALYSIS_PROCESSED``, else the project's data/processed."""
    env = os.environ.get(PROCESSED_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return project_root() / "data" / "processed"


def user_data_dir() -> Path:
    """The folder of user-supplied statistics: ``$RDANALYSIS_USER_DATA``, else the project's
    data/user."""
    env = os.environ.get(USER_DATA_ENV)
    return Path(env).expanduser().resolve() if env else project_root() / "data" / "user"


def reports() -> Path:
    """The project's reports/ folder (each run, latest/, index.html)."""
    return project_root() / "reports"


def plans() -> Path:
    """The project's plan files (YAML)."""
    return project_root() / "plans"


def templates() -> Path:
    """The project's blank data templates (``rdanalysis data template`` writes them)."""
    return project_root() / "templates"


def label(path: Path | str) -> str:
    """How a file is named in the data (a row's ``origin``) and on the page: a shipped file by
    its place in the package's data (``data/raw/public/x.csv``), a project's file by its place
    in the project (``data/user/x.csv``), any other by its full path."""
    path = Path(path)
    absolute = path.resolve() if path.is_absolute() or path.exists() else path
    for base in (RESOURCES, project_or_none()):
        if base is None:
            continue
        try:
            return absolute.relative_to(base).as_posix()
        except ValueError:
            continue
    return str(path)


def exists(path: Path) -> bool:
    """Whether a file or folder the user named exists: a name the file system cannot hold
    (longer than 255 bytes) names nothing, where ``Path.exists`` raises."""
    try:
        return path.exists()
    except OSError:
        return False


def project_or_none() -> Path | None:
    """The project's folder, or None outside any project."""
    try:
        return project_root()
    except NoProjectError:
        return None
