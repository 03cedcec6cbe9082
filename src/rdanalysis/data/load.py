"""The loader API notebooks call: processed tables from data/processed.

Reading never writes: when no build exists, the loaders say so and name the command that makes
one (``rdanalysis data build``, the first step of ``make run``).
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

from rdanalysis import paths
from rdanalysis.data import store, user_regions
from rdanalysis.data.tables import TABLES
from rdanalysis.errors import RDAnalysisError

_REBUILD = "run `rdanalysis data build` (or `make run`), with --user-data DIR if you use one"


def _folder() -> Path:
    """The published generation (one build, read whole), or the folder itself (flat layout)."""
    return store.published(paths.PROCESSED)


def _read_info(folder: Path) -> dict:
    """build_info.json of ``folder``; RDAnalysisError if it is absent or damaged."""
    path = folder / "build_info.json"
    if not path.exists():
        raise RDAnalysisError(
            f"{paths.PROCESSED}: no processed data (build_info.json is missing); {_REBUILD}"
        )
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(info, dict):
            raise ValueError("not a JSON object")
    except (ValueError, UnicodeDecodeError) as exc:
        raise RDAnalysisError(
            f"{paths.PROCESSED / 'build_info.json'} is damaged ({exc}); {_REBUILD}"
        ) from None
    return info


def _read(file, name: str) -> pd.DataFrame:
    try:
        return pd.read_parquet(file)
    except (OSError, ValueError) as exc:  # missing or damaged file (pyarrow raises both)
        raise RDAnalysisError(
            f"{paths.PROCESSED / (name + '.parquet')} is missing or damaged "
            f"({type(exc).__name__}); {_REBUILD}"
        ) from None


class Tables(Mapping[str, pd.DataFrame]):
    """The processed tables ``names`` of one build, each read the first time it is asked for:
    a report that uses three of the twelve tables reads three.

    Every file is opened when the tables are loaded and read from that open file later, so a
    table read later is still the one of this build, even if newer builds have replaced (and
    removed) its folder in between."""

    def __init__(self, folder: Path, names: list[str]) -> None:
        self._names = list(names)
        self._data: dict[str, pd.DataFrame] = {}
        self._files: dict = {}
        try:
            for name in self._names:
                self._files[name] = open(folder / f"{name}.parquet", "rb")  # noqa: SIM115
        except OSError as exc:
            self.close()
            raise RDAnalysisError(
                f"{paths.PROCESSED / (name + '.parquet')} is missing or damaged "
                f"({type(exc).__name__}); {_REBUILD}"
            ) from None
        weakref.finalize(self, _close, self._files)

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._data:
            if name not in self._names:
                raise KeyError(name)
            file = self._files.pop(name)
            try:
                self._data[name] = _read(file, name)
            finally:
                file.close()
        return self._data[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        read = ", ".join(n for n in self._names if n in self._data) or "none yet"
        return f"<{len(self._names)} processed tables of one build; read: {read}>"

    def close(self) -> None:
        """Close the files of the tables not read (they can no longer be read)."""
        _close(self._files)


def _close(files: dict) -> None:
    for file in files.values():
        file.close()
    files.clear()


def _tables(names: list[str]) -> Tables:
    """``names`` of one generation (one build), never a mix of two, read as they are used.

    The regions the user declared (regions.csv) are declared again, so every name in the
    tables is known to the analysis.
    """
    folder = _folder()
    _read_info(folder)
    _declare(folder)
    return Tables(folder, names)


def _declare(folder: Path) -> None:
    path = folder / "regions.parquet"
    if path.exists():
        user_regions.redeclare(pd.read_parquet(path))


def declare_user_regions() -> None:
    """Declare the regions of the last build's regions.csv (none if it had none or no build)."""
    _declare(_folder())


def load(name: str) -> pd.DataFrame:
    """One processed table by name (see ``data.tables.TABLES``).

    Raises:
        RDAnalysisError: unknown table name, no build in the processed folder, or a missing or
            damaged file (the message names the command that rebuilds it).
    """
    if name not in TABLES:
        raise RDAnalysisError(f"unknown table '{name}' (expected one of {', '.join(TABLES)})")
    return _tables([name])[name]


def load_all() -> dict[str, pd.DataFrame]:
    """Every processed table, by name, all from the same build."""
    return _tables(list(TABLES))


def load_tables(*names: str) -> dict[str, pd.DataFrame]:
    """The processed tables ``names``, by name, all from the same build (a command that needs
    three tables need not read twelve).

    Raises:
        RDAnalysisError: as ``load``.
    """
    unknown = [n for n in names if n not in TABLES]
    if unknown:
        raise RDAnalysisError(
            f"unknown table(s) {', '.join(unknown)} (expected some of {', '.join(TABLES)})"
        )
    return _tables(list(names))


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
    return _read_info(_folder())
