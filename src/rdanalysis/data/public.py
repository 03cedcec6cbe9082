"""Load the real public figures (data/raw/public/*.csv) into observations, through the crosswalk.

Each reference row has a value (sometimes several joined by '/', with units joined the same way),
a status (verbatim / derived ... / DERIVED INFERENCE), the title, URL and quote of the page that
was read, and the publication it reports with how the page relates to it (``publication_id``,
``access``, ``checked_against``: see ``data.tiers``). Bounds, "not found" rows and rows whose page
names no publication are never loaded. Every label must be in resources/public_crosswalk.yml.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from rdanalysis import reference
from rdanalysis.data import panel, tiers
from rdanalysis.errors import Problem

OBS_COLUMNS = [
    "region",
    "region_level",
    "year",
    "period",
    "measure",
    "sector",
    "vintage",
    "basis",
    "population_type",
    "value",
    "unit",
    "status",
    "status_detail",
    "source",
    "source_url",
    "quote",
    "origin",
    *tiers.COLUMNS,
]
#: Inner Mongolia corrected inflated GDP in early 2018: GDP up to this year is on the old basis.
LAST_PRE_CORRECTION_YEAR = 2016


def crosswalk() -> dict[str, dict]:
    return reference.public_crosswalk()


def measure_units() -> dict[str, str]:
    return {k: v["unit"] for k, v in reference.measures().items()}


def read_reference(path: Path) -> pd.DataFrame:
    """The reference CSV as published (all text), with a 'line' column: its row in the file."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    df["line"] = range(2, len(df) + 2)
    if "quote" not in df.columns:
        df["quote"] = df.get("note", "")
    # '同上' ("same as above") names the source of the row above; resolve it so that every
    # figure, read on its own, still says where it comes from.
    titles = df["source_title"].str.strip()
    same = titles.str.startswith("同上")
    resolved = titles.mask(same).ffill().fillna("")
    df["source_title"] = resolved.where(~same, resolved + " (原表: 同上)")
    return df


def skip_reason(row: pd.Series) -> str | None:
    """Why a reference row is never loaded as a value (None if it may be)."""
    status = row["status"].strip().casefold()
    value = row["value"].strip()
    if status.startswith("derived inference"):
        return "a bound inferred from rankings, not a value"
    if status.startswith("not found") or value.upper() == "NOT FOUND":
        return "no figure was found"
    if value.startswith(("≈", ">", "<")):
        return f"'{value}' is approximate or a bound, not a value"
    if str(row.get("access", "")).strip() == "unsourced":
        return "the page names no publication for this figure (access: unsourced)"
    return None


def _status(raw: str) -> str:
    text = raw.strip().casefold()
    return "derived" if text.startswith("derived") else "verbatim"


def _region(raw: str) -> tuple[str | None, str]:
    """Official region name and the qualifier the source put in brackets, e.g. (含开发区)."""
    match = re.match(r"^(?P<name>[^()（）]+)\s*(?:[(（](?P<q>[^)）]*)[)）])?$", raw.strip())
    if not match:
        return None, ""
    return reference.resolve_region(match["name"]), match["q"] or ""


def _year(raw: str) -> tuple[int | None, str]:
    match = re.match(r"^(\d{4})", raw.strip())
    if not match:
        return None, raw
    year = int(match[1])
    return year, "" if raw.strip() == match[1] else raw.strip()


def _split(text: str, n: int) -> list[str]:
    parts = [p.strip() for p in text.split("/")]
    return parts if len(parts) == n else [text.strip()] * n if n == 1 else parts


def observations(path: Path, publication: dict | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """All loadable figures of one reference file, as observation rows; plus problems.

    Panel files (one row per region code and year, see ``data.panel``) have their own reader;
    ``publication`` (the file's manifest entry, ``publication``) names what they report.
    """
    if panel.is_panel(path):
        obs, problems = panel.observations(path, OBS_COLUMNS)
        return panel_publication(path, obs, publication or {}), problems
    df = read_reference(path)
    label = f"data/raw/public/{path.name}"
    records, problems = [], []
    for _, row in df.iterrows():
        if skip_reason(row):
            continue
        rule = crosswalk().get(row["indicator"].strip())
        if rule is None:
            problems.append(
                Problem(
                    label,
                    int(row["line"]),
                    "indicator",
                    f"indicator '{row['indicator']}' is not in the crosswalk",
                    "an entry in resources/public_crosswalk.yml",
                )
            )
            continue
        if "skip" in rule:
            continue
        recs, probs = _row_records(row, rule["parts"], label)
        records.extend(recs)
        problems.extend(probs)
    return pd.DataFrame(records, columns=OBS_COLUMNS), problems


def _row_records(row: pd.Series, parts: list[dict], label: str) -> tuple[list[dict], list[Problem]]:
    line = int(row["line"])
    region, qualifier = _region(row["region"])
    year, period = _year(row["year"])
    if region is None or year is None:
        what = "region" if region is None else "year"
        return [], [
            Problem(
                label, line, what, f"cannot read {what} '{row[what]}'", "a known region and a year"
            )
        ]
    values = _split(row["value"], len(parts))
    if len(values) != len(parts):
        return [], [
            Problem(
                label,
                line,
                "value",
                f"'{row['value']}' has {len(values)} parts, crosswalk {len(parts)}",
                "as many '/'-separated values as crosswalk parts",
            )
        ]
    records, problems = [], []
    for part, text in zip(parts, values, strict=True):
        if "skip" in part:
            continue
        try:
            value = float(text.replace(",", ""))
        except ValueError:
            problems.append(Problem(label, line, "value", f"'{text}' is not a number", "a number"))
            continue
        measure = part["measure"]
        basis = part.get("basis", "comparable")
        if (
            measure == "gdp"
            and basis == "comparable"
            and year <= LAST_PRE_CORRECTION_YEAR
            and region != reference.COUNTRY
        ):
            basis = "pre_2018_correction"
        detail = row["status"].strip() + (f"; region qualifier: {qualifier}" if qualifier else "")
        records.append(
            {
                "region": region,
                "region_level": reference.region_level(region),
                "year": year,
                "period": period,
                "measure": measure,
                "sector": part.get("sector", "total"),
                "vintage": part.get("vintage", "published"),
                "basis": basis,
                "population_type": part.get("population_type", ""),
                "value": value,
                "unit": measure_units()[measure],
                "status": _status(row["status"]),
                "status_detail": detail,
                "source": row["source_title"].strip(),
                "source_url": row["source_url"].strip(),
                "quote": row["quote"].strip(),
                "origin": f"{label}:{line}",
                **_provenance(row),
            }
        )
    return records, problems


def _provenance(row: pd.Series) -> dict:
    """The publication a row reports and how its page relates to it (``data.tiers``)."""
    out = tiers.empty_columns()
    for col in ("publication_id", "access", "checked_against"):
        out[col] = str(row.get(col, "")).strip()
    return out


def panel_publication(path: Path, obs: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """Panel rows with the publication their manifest entry names (``spec``: title, publisher,
    date, official_url and access, each a template filled from the row's columns, e.g.
    "{year}年全国科技经费投入统计公报"; ``official_url`` is also offered: the address a
    ``source_ref`` starts with, where it gives one)."""
    if obs.empty:
        return obs
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    rows = raw.to_dict("records")
    out = obs.copy()
    fields = {"title": "source", "publisher": "publisher", "date": "publication_date"}
    fields["official_url"] = "official_url"
    lines = out["origin"].str.rpartition(":")[2].astype(int) - 2
    out["checked_against"] = ""
    named = "title" in spec
    out["publication_id"] = f"{tiers.MANIFEST_PUBLICATION}{path.name}" if named else ""
    out["access"] = spec.get("access", "copy")
    out["tier"] = tiers.NO_TIER
    for field, col in fields.items():
        template = spec.get(field)
        if template is None:
            out[col] = out[col].astype(object).fillna("") if col in out.columns else ""
            continue
        out[col] = [_fill(template, rows[i]) for i in lines]
    return out


def _fill(template: str, row: dict) -> str:
    ref = str(row.get("source_ref", "")).strip()
    head = ref.split(";")[0].strip()
    url = head if head.startswith("http") and " " not in head else ""
    return str(template).format(**row, official_url=url).strip()


BOUND_COLUMNS = ["region", "year", "measure", "relation", "bound", "unit", "status", "source"]
BOUND_COLUMNS += ["source_url", "quote", "origin"]


def bounds(path: Path) -> pd.DataFrame:
    """The upper bounds a reference file infers from published rankings ('<10' rows marked
    DERIVED INFERENCE): never values, but what any illustrative figure must respect.

    ``relation`` is '<=' for amounts (a league "not among those above 10 亿元" spends at most
    10 亿元) and '<' for intensities (not above the average); rows for unknown regions
    (e.g. '其余8盟市') are left out.
    """
    if panel.is_panel(path):
        return pd.DataFrame(columns=BOUND_COLUMNS)
    df = read_reference(path)
    rows = []
    for _, row in df.iterrows():
        status, value = row["status"].strip().casefold(), row["value"].strip()
        region, _ = _region(row["region"])
        year, _ = _year(row["year"])
        match = re.fullmatch(r"<\s*([0-9.]+)", value)
        if not status.startswith("derived inference") or not match or None in (region, year):
            continue
        measure = "rd_intensity" if "强度" in row["indicator"] else "rd_expenditure"
        rows.append(
            {
                "region": region,
                "year": year,
                "measure": measure,
                "relation": "<" if measure == "rd_intensity" else "<=",
                "bound": float(match[1]),
                "unit": row["unit"].strip(),
                "status": "derived",  # an inference from published rankings, never a value
                "source": row["source_title"].strip(),
                "source_url": row["source_url"].strip(),
                "quote": row["quote"].strip(),
                "origin": f"data/raw/public/{path.name}:{int(row['line'])}",
            }
        )
    return pd.DataFrame(rows, columns=BOUND_COLUMNS)
