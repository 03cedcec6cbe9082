"""The loader API notebooks call: processed tables from data/processed.

Reading never writes: when no build exists, the loaders say so and name the command that makes
one (``rdanalysis data build``, the first step of ``make run``).
"""

from __future__ import annotations

import json

import pandas as pd

from rdanalysis import paths
from rdanalysis.data import build
from rdanalysis.errors import RDAnalysisError


def _ensure_built() -> None:
    if not (paths.PROCESSED / "build_info.json").exists():
        raise RDAnalysisError(
            f"{paths.PROCESSED}: no processed data (build_info.json is missing); "
            "run `rdanalysis data build` (or `make run`) first"
        )


def load(name: str) -> pd.DataFrame:
    """One processed table by name (see ``build.TABLES``).

    Raises:
        RDAnalysisError: unknown table name, or no build in the processed folder.
    """
    if name not in build.TABLES:
        raise RDAnalysisError(f"unknown table '{name}' (expected one of {', '.join(build.TABLES)})")
    _ensure_built()
    return pd.read_parquet(paths.PROCESSED / f"{name}.parquet")


def load_all() -> dict[str, pd.DataFrame]:
    """Every processed table, by name."""
    return {name: load(name) for name in build.TABLES}


def load_rd_expenditure() -> pd.DataFrame:
    """R&D spending (亿元) by region, year and performing sector ('total' for all sectors)."""
    return load("rd_expenditure")


def load_gdp() -> pd.DataFrame:
    """GDP (亿元) by region and year, with vintage and basis (pre-2018-correction flagged)."""
    return load("gdp")


def load_rd_intensity() -> pd.DataFrame:
    """Published R&D intensities (%) with their vintage (first release / revised / restated)."""
    return load("rd_intensity")


def load_population() -> pd.DataFrame:
    """Population (万人): resident (the statistical convention), registered, census resident."""
    return load("population")


def load_innovation() -> pd.DataFrame:
    """Patents, high-tech enterprises and IP-pledge financing; units in the 'unit' column."""
    return load("innovation")


def load_enterprises() -> pd.DataFrame:
    """Industrial enterprises above designated size (confidential where real: aggregate first)."""
    return load("enterprises")


def load_sources() -> pd.DataFrame:
    """The data/raw manifest: producer, title, URL, date accessed, licence, status."""
    return load("sources")


def build_info() -> dict:
    """What the last build read (input hashes), when, with which options and versions."""
    _ensure_built()
    return json.loads((paths.PROCESSED / "build_info.json").read_text(encoding="utf-8"))
