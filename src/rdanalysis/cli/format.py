"""Format analysis results for the command line: a readable table, CSV or JSON."""

from __future__ import annotations

import io
import json
import math
import re
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # pandas is imported by the commands that format tables, not by every command
    import pandas as pd


def _frame(o) -> pd.DataFrame:
    table = o.result.forecast.table()
    table.insert(0, "region", o.region)
    table["status"] = o.status
    return table


def emit_forecast(o, fmt: str) -> str:
    """The forecast table plus probability, method and required growth, as ``fmt``.

    The probability carries its resolution ('< 0.05 %' when no simulated path reaches the
    target); JSON never contains NaN (missing numbers are null)."""
    # lazy: text.outlook brings pandas, 0.65 s of every command's start
    from rdanalysis.text.outlook import (
        base_rate_sentence,
        describe_base_rate,
        probability_text,
        shown_base_rates,
    )

    table = _frame(o)
    if fmt == "csv":
        buf = io.StringIO()
        table.round(4).to_csv(buf, index=False)
        return buf.getvalue().rstrip("\n")
    fc = o.result.forecast
    p_text = probability_text(o.probability, fc.resolution)
    payload = {
        "region": o.region,
        "status": o.status,
        "target_pct": o.target_pct,
        "target_year": o.target_year,
        "last_actual_year": int(o.last["year"]),
        "last_actual_pct": round(float(o.last["rd_intensity_pct"]), 4),
        "years_used": [int(y) for y in o.result.prepared.years],
        "method": list(o.result.chosen),
        "probability_reaching_target": round(o.probability, 4),
        "probability_resolution": fc.resolution,
        "probability_text": p_text,
        "forecast": table.drop(columns=["region", "status"]).round(4).to_dict("records"),
        "required_growth": o.required.round(4).to_dict("records"),
        "calibration": o.calibration.round(4).to_dict("records"),
        "base_rate": [_base_rate(b) for b in o.base_rates],
        "warnings": o.result.warnings,
    }
    if fmt == "json":
        return _json(payload)
    lines = [
        f"{o.region} ({'ILLUSTRATIVE data' if o.status == 'illustrative' else 'real data'}):"
        f" last actual {payload['last_actual_pct']:.2f}% in {payload['last_actual_year']};"
        f" method {', '.join(o.result.chosen)}",
        table.drop(columns=["region", "status"]).round(3).to_string(index=False),
        f"P(intensity >= {o.target_pct:g}% in {o.target_year}) = {p_text}"
        f" ({len(fc.paths)} simulated paths)",
        "required growth by GDP scenario (% a year):",
        o.required[
            ["gdp_growth_pct", "intensity_growth_pct", "rd_growth_pct", "linear_pp_per_year"]
        ]
        .round(2)
        .to_string(index=False),
    ]
    lines += [
        f"base rate: {base_rate_sentence(b, 'en')}\n           {base_rate_sentence(b, 'zh')}"
        for b in shown_base_rates(o)
    ]
    if not o.base_rates:
        lines.append(f"base rate: {describe_base_rate(o, 'en')}")
    lines += [f"warning: {w}" for w in o.result.warnings]
    return "\n".join(lines)


def _base_rate(b) -> dict:
    """A base rate as numbers and its sentence in both languages."""
    # lazy: text.outlook brings pandas, 0.65 s of every command's start
    from rdanalysis.text.outlook import base_rate_sentence

    return {
        "panels": list(b.panels),
        "regions_near_level": b.regions,
        "reached_target": b.reached,
        "level_pct": round(b.level_pct, 4),
        "band_pct": [round(b.low_pct, 4), round(b.high_pct, 4)],
        "target_pct": b.target_pct,
        "years": b.years,
        "period": [b.first_year, b.last_year],
        "text_zh": base_rate_sentence(b, "zh"),
        "text_en": base_rate_sentence(b, "en"),
    }


def _clean(value):
    """JSON-safe copy: NaN/inf -> None, numpy scalars -> Python numbers."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def emit_table(frame: pd.DataFrame, meta: dict, fmt: str) -> str:
    """A result table with its metadata (region, years, status) as table, CSV or JSON."""
    if fmt == "csv":
        buf = io.StringIO()
        frame.round(6).to_csv(buf, index=False)
        return buf.getvalue().rstrip("\n")
    if fmt == "json":
        # Full precision: the effects of a decomposition add up to its change exactly.
        return _json({**meta, "rows": frame.to_dict("records")})
    head = "; ".join(
        f"{k}: {v:.6g}" if isinstance(v, float) else f"{k}: {'—' if v is None else v}"
        for k, v in meta.items()
    )
    return head + "\n" + frame.round(4).to_string(index=False)


#: C0 and C1 control characters but tab and newline (terminal escape sequences start with ESC or
#: CSI), bidi marks, overrides and isolates, line/paragraph separators and zero-width characters:
#: printed as visible escapes so a cell's text cannot drive the terminal or reorder a line.
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]"
)


def safe_text(text: str) -> str:
    """``text`` with control, bidi and zero-width characters shown as escapes (e.g. ``\\x1b``)."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def echo(text: str = "", err: bool = False, nl: bool = True) -> None:
    """Print ``text`` to the terminal (stderr when ``err``) through ``safe_text``: the one way
    the command prints, so nothing read from a file (a plan's target name, a cell, a file name)
    can send the terminal an escape sequence, a bell or reorder what is shown."""
    click.echo(safe_text(text), err=err, nl=nl)


def _json(payload: object) -> str:
    """JSON of ``payload`` (no NaN); the characters ``safe_text`` would escape are written as
    JSON escapes (``\\u009b``), so the output stays valid JSON with the same strings."""
    text = json.dumps(_clean(payload), ensure_ascii=False, indent=2, allow_nan=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
