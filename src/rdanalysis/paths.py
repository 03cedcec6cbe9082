"""Every path the project uses, built from the package location, never from the current dir."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES = PACKAGE_DIR / "resources"
PROJECT_ROOT = PACKAGE_DIR.parent.parent

DATA = PROJECT_ROOT / "data"
RAW = DATA / "raw"
RAW_PUBLIC = RAW / "public"
RAW_ILLUSTRATIVE = RAW / "illustrative"
MANIFEST = RAW / "manifest.yml"
#: Processed tables; RDANALYSIS_PROCESSED points elsewhere (e.g. a build of another dataset).
PROCESSED = Path(os.environ.get("RDANALYSIS_PROCESSED", DATA / "processed")).expanduser()
NOTEBOOKS = PROJECT_ROOT / "notebooks"
REPORTS = PROJECT_ROOT / "reports"
TEMPLATES = PROJECT_ROOT / "templates"
#: Plan files (YAML): the shipped plans and the blank template; users may point anywhere.
PLANS = PROJECT_ROOT / "plans"

#: Environment variable naming a folder of the user's own statistics (template files).
USER_DATA_ENV = "RDANALYSIS_USER_DATA"
DEFAULT_USER_DATA = DATA / "user"


def user_data_dir() -> Path:
    """The folder of user-supplied statistics: ``$RDANALYSIS_USER_DATA`` or ``data/user``."""
    env = os.environ.get(USER_DATA_ENV)
    return Path(env).expanduser().resolve() if env else DEFAULT_USER_DATA
