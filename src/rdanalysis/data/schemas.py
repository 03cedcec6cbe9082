"""One schema per processed table (pandera), checked on every build with all errors collected."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pandera.pandas as pa

from rdanalysis import reference
from rdanalysis.errors import Problem

#: Each processed table: its columns and unique key (resources/columns.yml, ``tables``).
TABLES: dict[str, tuple[list[str], list[str]]] = {
    name: (spec["columns"], spec["unique"]) for name, spec in reference.tables().items()
}

#: Checks across columns of one row, by table.
ROW_CHECKS = {
    "enterprises": [
        pa.Check(
            lambda d: d["rd_expenditure_10k_yuan"] <= d["revenue_10k_yuan"],
            name="R&D at most revenue",
        )
    ],
}

_DTYPES = {"str": str, "int": int, "float": float, "bool": bool}


def _isin_values(spec: list | str) -> list:
    if spec == "@regions":
        return list(reference.regions())
    if spec == "@sectors":
        return list(reference.sectors())
    return list(spec)


def _bound(value: int | float | str) -> int | float:
    return date.today().year if value == "@this_year" else value


def _isin(spec: list | str) -> pa.Check:
    if spec == "@regions":
        # Checked when validating, not at import: the user may declare regions (regions.csv).
        return pa.Check(lambda s: s.isin(list(reference.regions())), name="known region")
    return pa.Check.isin(_isin_values(spec))


def _checks(spec: dict | None) -> list[pa.Check]:
    """pandera checks from a registry entry's ``checks`` mapping."""
    makers = {
        "isin": _isin,
        "ge": pa.Check.ge,
        "gt": pa.Check.gt,
        "lt": pa.Check.lt,
        "in_range": lambda v: pa.Check.in_range(_bound(v[0]), _bound(v[1])),
        "str_length_min": lambda v: pa.Check.str_length(min_value=v),
    }
    return [makers[name](value) for name, value in (spec or {}).items()]


def column(name: str) -> pa.Column:
    """The pandera column for ``name``, built from its registry entry."""
    entry = reference.columns()[name]
    return pa.Column(_DTYPES[entry["dtype"]], _checks(entry.get("checks")))


def _schema(name: str) -> pa.DataFrameSchema:
    cols, unique = TABLES[name]
    return pa.DataFrameSchema(
        {c: column(c) for c in cols},
        unique=unique,
        name=name,
        strict=False,
        coerce=False,
        checks=ROW_CHECKS.get(name),
    )


SCHEMAS: dict[str, pa.DataFrameSchema] = {name: _schema(name) for name in TABLES}


def validate(name: str, frame: pd.DataFrame) -> list[Problem]:
    """Check ``frame`` against the table's schema; every failure becomes a Problem."""
    try:
        SCHEMAS[name].validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        return [_problem(name, frame, case) for _, case in err.failure_cases.iterrows()]
    return []


def _problem(name: str, frame: pd.DataFrame, case: pd.Series) -> Problem:
    index = case.get("index")
    origin = None
    if index is not None and not pd.isna(index) and "origin" in frame.columns:
        origin = frame.loc[index, "origin"] if index in frame.index else None
    where = origin or f"data/processed/{name}.parquet"
    column = case.get("column")
    return Problem(
        str(where),
        None,
        None if pd.isna(column) else str(column),
        f"{name}: value {case.get('failure_case')!r} fails {case.get('check')}",
        "see docs/data-dictionary.md (rdanalysis/resources/columns.yml)",
    )
