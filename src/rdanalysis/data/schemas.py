"""One schema per processed table (pandera), checked on every build with all errors collected."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pandera.pandas as pa

from rdanalysis import reference
from rdanalysis.errors import Problem

STATUSES = ["verbatim", "derived", "illustrative", "user"]
REAL_STATUSES = ["verbatim", "derived", "user"]
LEVELS = ["country", "province", "league", "county"]


def _common() -> dict[str, pa.Column]:
    return {
        "region": pa.Column(str, pa.Check.isin(list(reference.regions()))),
        "region_level": pa.Column(str, pa.Check.isin(LEVELS)),
        "year": pa.Column(int, pa.Check.in_range(1978, date.today().year)),
        "status": pa.Column(str, pa.Check.isin(STATUSES)),
        "source": pa.Column(str, pa.Check.str_length(min_value=1)),
        "origin": pa.Column(str, pa.Check.str_length(min_value=1)),
    }


def _schema(name: str, columns: dict[str, pa.Column], unique: list[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {**_common(), **columns}, unique=unique, name=name, strict=False, coerce=False
    )


SECTOR_CODES = list(reference.sectors())

SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "rd_expenditure": _schema(
        "rd_expenditure",
        {
            "sector": pa.Column(str, pa.Check.isin(SECTOR_CODES)),
            "basis": pa.Column(str),
            "rd_expenditure_100m_yuan": pa.Column(float, pa.Check.ge(0)),
        },
        ["region", "year", "sector", "basis", "vintage"],
    ),
    "gdp": _schema(
        "gdp",
        {
            "basis": pa.Column(str, pa.Check.isin(["comparable", "pre_2018_correction"])),
            "gdp_100m_yuan": pa.Column(float, pa.Check.gt(0)),
        },
        ["region", "year", "vintage", "basis"],
    ),
    "rd_intensity": _schema(
        "rd_intensity",
        {
            "vintage": pa.Column(
                str, pa.Check.isin(["first_release", "revised", "restated", "published"])
            ),
            "rd_intensity_pct": pa.Column(float, [pa.Check.gt(0), pa.Check.lt(100)]),
        },
        ["region", "year", "vintage", "basis"],
    ),
    "population": _schema(
        "population",
        {
            "population_type": pa.Column(
                str, pa.Check.isin(["resident", "registered", "census_resident"])
            ),
            "population_10k": pa.Column(float, pa.Check.gt(0)),
        },
        ["region", "year", "population_type"],
    ),
    "innovation": _schema(
        "innovation",
        {
            "measure": pa.Column(str),
            "value": pa.Column(float, pa.Check.ge(0)),
            "unit": pa.Column(str),
        },
        ["region", "year", "period", "measure"],
    ),
    "enterprises": pa.DataFrameSchema(
        {
            "enterprise_id": pa.Column(str, pa.Check.str_length(min_value=1)),
            "enterprise_name": pa.Column(str, pa.Check.str_length(min_value=1)),
            "county": pa.Column(str, pa.Check.isin(list(reference.regions()))),
            "industry": pa.Column(str, pa.Check.str_length(min_value=1)),
            "year": pa.Column(int, pa.Check.in_range(1978, date.today().year)),
            "revenue_10k_yuan": pa.Column(float, pa.Check.ge(0)),
            "rd_expenditure_10k_yuan": pa.Column(float, pa.Check.ge(0)),
            "has_rd_institution": pa.Column(bool),
            "has_rd_activity": pa.Column(bool),
            "is_high_tech": pa.Column(bool),
            "status": pa.Column(str, pa.Check.isin(STATUSES)),
            "source": pa.Column(str, pa.Check.str_length(min_value=1)),
            "origin": pa.Column(str, pa.Check.str_length(min_value=1)),
        },
        unique=["enterprise_id", "year"],
        name="enterprises",
        checks=[
            pa.Check(
                lambda d: d["rd_expenditure_10k_yuan"] <= d["revenue_10k_yuan"],
                name="R&D at most revenue",
            )
        ],
    ),
}


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
        "see the table schema in rdanalysis/schemas.py",
    )
