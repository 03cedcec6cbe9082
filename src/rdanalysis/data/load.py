"""The loader API notebooks call: processed tables from data/processed.

Reading never writes: when no build exists, the loaders say so and name the command that makes
one (``rdanalysis data build``, the first step of ``make run``).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path

import pandas as pd

from rdanalysis import paths, reference
from rdanalysis.data import store
from rdanalysis.data.tables import TABLES
from rdanalysis.errors import RDAnalysisError

_REBUILD = "run `rdanalysis data build` (or `make run`), with --user-data DIR if you use one"


#: What every reader of build_info.json relies on (``data.build.build_info`` writes them all).
INFO_FIELDS = {
    "built_at": str,
    "rdanalysis": str,
    "inputs_sha256": dict,
    "rows": dict,
    "observations_by_status": dict,
}


def _folder() -> Path:
    """The published generation (one build, read whole), or the folder itself (flat layout)."""
    return store.published(paths.processed())


def _read_info(folder: Path) -> dict:
    """build_info.json of ``folder``; RDAnalysisError if it is absent or damaged."""
    path = folder / "build_info.json"
    if not path.exists():
        raise RDAnalysisError(
            f"{paths.processed()}: no processed data (build_info.json is missing); {_REBUILD}"
        )
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(info, dict):
            raise ValueError("not a JSON object")
        wrong = [k for k, kind in INFO_FIELDS.items() if not isinstance(info.get(k), kind)]
        if wrong:
            raise ValueError(f"no valid {', '.join(wrong)}")
    except (ValueError, UnicodeDecodeError) as exc:
        raise RDAnalysisError(
            f"{paths.processed() / 'build_info.json'} is damaged ({exc}); {_REBUILD}"
        ) from None
    except OSError as exc:  # a folder where the file should be, or unreadable
        raise RDAnalysisError(
            f"{paths.processed() / 'build_info.json'} cannot be read ({exc.strerror or exc}); "
            f"{_REBUILD}"
        ) from None
    return info


def _unreadable(name: str, why: str) -> RDAnalysisError:
    return RDAnalysisError(
        f"{paths.processed() / (name + '.parquet')} is missing or damaged ({why}); {_REBUILD}"
    )


def _read(source, name: str) -> pd.DataFrame:
    try:
        return pd.read_parquet(source)
    except (OSError, ValueError) as exc:  # missing or damaged file (pyarrow raises both)
        raise _unreadable(name, type(exc).__name__) from None


class Tables(MutableMapping[str, pd.DataFrame]):
    """The processed tables ``names`` of one build, by name, each parsed the first time it is
    asked for: a report that uses three of the twelve tables parses three.

    The files' bytes are all read when the tables are loaded (a few hundred kB), so a table
    parsed later is still the one of this build, even if newer builds have replaced (and
    removed) its folder in between; no file stays open. Otherwise it behaves as a dict (a table
    can be replaced or added; ``copy()`` gives a plain dict)."""

    def __init__(self, folder: Path, names: list[str]) -> None:
        self._raw: dict[str, bytes] = {}
        self._data: dict[str, pd.DataFrame] = {}
        self._order = dict.fromkeys(names)
        for name in self._order:
            try:
                self._raw[name] = (folder / f"{name}.parquet").read_bytes()
            except OSError as exc:
                raise _unreadable(name, exc.strerror or type(exc).__name__) from None

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._data:
            if name not in self._raw:
                raise KeyError(name)
            self._data[name] = _read(io.BytesIO(self._raw[name]), name)
            del self._raw[name]
        return self._data[name]

    def __setitem__(self, name: str, frame: pd.DataFrame) -> None:
        self._order[name] = None
        self._data[name] = frame
        self._raw.pop(name, None)

    def __delitem__(self, name: str) -> None:
        del self._order[name]
        self._data.pop(name, None)
        self._raw.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._order  # without parsing the table

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def copy(self) -> dict[str, pd.DataFrame]:
        return dict(self)

    def __or__(self, other: Mapping) -> dict[str, pd.DataFrame]:
        return {**self, **other}

    def __repr__(self) -> str:
        parsed = ", ".join(n for n in self._order if n in self._data) or "none yet"
        return f"<{len(self)} processed tables of one build; parsed so far: {parsed}>"


def _tables(names: list[str]) -> Tables:
    """``names`` of one generation (one build), never a mix of two, read as they are used;
    always with the build's ``regions`` table (the regions a user declared), so that
    ``reference.of(tables)`` gives the hierarchy the build was made with."""
    folder = _folder()
    _read_info(folder)
    return Tables(folder, list(dict.fromkeys([*names, "regions"])))


def hierarchy() -> reference.Hierarchy:
    """The regions of the published build (the known ones and its regions.csv); the known
    regions alone when there is no build yet."""
    folder = _folder()
    if not (folder / "regions.parquet").exists():
        return reference.known()
    return reference.of({"regions": _read(folder / "regions.parquet", "regions")})


def load(name: str) -> pd.DataFrame:
    """One processed table by name (see ``data.tables.TABLES``).

    Raises:
        RDAnalysisError: unknown table name, no build in the processed folder, or a missing or
            damaged file (the message names the command that rebuilds it).
    """
    if name not in TABLES:
        raise RDAnalysisError(f"unknown table '{name}' (expected one of {', '.join(TABLES)})")
    return _tables([name])[name]


def load_all() -> Tables:
    """Every processed table, by name, all from the same build."""
    return _tables(list(TABLES))


def load_tables(*names: str) -> Tables:
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
