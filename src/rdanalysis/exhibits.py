"""What a report showed, as data: every table and the data behind every chart travel with the
executed notebook, so the report layer can publish them (one workbook per report) without any
extra code in the notebooks.

Tables are declared (``text.tables.Table``) and put their own data under ``MIME`` when
displayed. For charts, ``install()`` (called when ``rdanalysis`` is imported) adds one IPython
display formatter: whenever a matplotlib Figure is displayed, its data go into the same output,
under ``MIME``, with its alt text (title and reading, see :func:`describe`). A plot helper can
``attach`` the exact frame a chart was drawn from; otherwise the data are read off the chart's
lines and bars. Outside a kernel nothing happens.

This module is the lowest layer: it imports nothing from rdanalysis.
"""

from __future__ import annotations

import math
import sys
from typing import Any

import pandas as pd

MIME = "application/vnd.rdanalysis.exhibit+json"
_ATTR = "_rdanalysis_exhibit"
_READING = "_rdanalysis_reading"
MAX_ROWS = 100_000


def plain(value: Any) -> Any:
    """A JSON-safe cell: numbers stay numbers, NaN/NA become None, the rest text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, int | str):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def payload(frame: pd.DataFrame, kind: str, title: str = "", note: str = "") -> dict:
    """A table as a JSON-safe record: kind (table/chart), title, columns, rows, note."""
    out = frame
    if not isinstance(out.index, pd.RangeIndex) or out.index.name is not None:
        out = out.reset_index()
    if isinstance(out.columns, pd.MultiIndex):
        out.columns = [" / ".join(str(p) for p in c if str(p)) for c in out.columns]
    out = out.head(MAX_ROWS)
    rows = [[plain(v) for v in row] for row in out.itertuples(index=False, name=None)]
    return {
        "kind": kind,
        "title": title,
        "columns": [str(c) for c in out.columns],
        "rows": rows,
        "note": note,
    }


def attach(fig, frame: Any, title: str = "", note: str = "") -> None:
    """Record the frame a figure was drawn from (shown in the workbook beside the chart).

    ``frame`` may be a declared table (``text.tables.Table``, anything with ``payload()``): its
    column specs then give the chart's data sheet the same number formats as a table's. It is
    recorded as a chart's data (not drawn on the page as a table)."""
    if hasattr(frame, "payload"):
        data = {k: v for k, v in frame.payload().items() if k != "format"}
        data.update(kind="chart", title=title or data["title"], note=note)
        setattr(fig, _ATTR, data)
        return
    setattr(fig, _ATTR, payload(frame, "chart", title, note))


def describe(fig, reading: str) -> None:
    """Record the figure's one-line reading: with its title, the chart's alt text."""
    setattr(fig, _READING, str(reading))


def alt_text(fig) -> str:
    """What a reader who cannot see the chart is told: its title and its reading."""
    title = _figure_title(fig)
    reading = getattr(fig, _READING, "")
    return " ".join(x for x in (title, reading) if x).strip()


def _figure_title(fig) -> str:
    sup = getattr(fig, "_suptitle", None)
    if sup is not None and sup.get_text():
        return sup.get_text()
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    return titles[0] if titles else ""


def _axis_rows(ax, panel: str) -> list[dict]:
    rows = []
    xlabel, ylabel = ax.get_xlabel(), ax.get_ylabel()
    for line in ax.get_lines():
        label = line.get_label()
        if label.startswith("_"):
            label = ""
        for x, y in zip(line.get_xdata(), line.get_ydata(), strict=False):
            rows.append(
                {"图": panel, "系列": label, xlabel or "横轴": plain(x), ylabel or "数值": plain(y)}
            )
    for container in ax.containers:
        horizontal = getattr(container, "orientation", "vertical") == "horizontal"
        ticks = ax.get_yticklabels() if horizontal else ax.get_xticklabels()
        names = {
            round(float(t.get_position()[1 if horizontal else 0]), 6): t.get_text() for t in ticks
        }
        label = container.get_label() or ""
        for patch in getattr(container, "patches", []):
            centre = (
                patch.get_y() + patch.get_height() / 2
                if horizontal
                else patch.get_x() + patch.get_width() / 2
            )
            near = min(names, key=lambda v: abs(v - centre)) if names else None
            rows.append(
                {
                    "图": panel,
                    "系列": "" if label.startswith("_") else label,
                    "类别": names[near]
                    if near is not None and abs(near - centre) < 0.5
                    else plain(centre),
                    (xlabel if horizontal else ylabel) or "数值": plain(
                        patch.get_width() if horizontal else patch.get_height()
                    ),
                }
            )
    return rows


def from_figure(fig) -> dict:
    """The figure's attached frame, or the data read off its lines and bars."""
    found = getattr(fig, _ATTR, None)
    if found is None:
        rows = []
        for k, ax in enumerate(fig.axes, start=1):
            rows += _axis_rows(ax, ax.get_title() or f"子图{k}")
        found = payload(pd.DataFrame(rows), "chart", _figure_title(fig), "由图中线条和柱读取")
    return {**found, "alt": alt_text(fig)}


def _format(obj) -> dict | None:
    try:
        return from_figure(obj)
    except Exception:  # a record must never break the report that shows the table
        return None


def install() -> bool:
    """In an IPython kernel, record every displayed table and figure (idempotent)."""
    if "IPython" not in sys.modules:
        return False
    # lazy: only a kernel installs the recorder; IPython is 40 ms, matplotlib 0.5 s outside one
    from IPython import get_ipython

    ip = get_ipython()
    if ip is None or not hasattr(ip, "display_formatter"):
        return False
    formatters = ip.display_formatter.formatters
    if MIME in formatters:
        return True
    # only in a kernel, where IPython is loaded: nothing below imports IPython outside one
    from IPython.core.formatters import BaseFormatter

    class ExhibitFormatter(BaseFormatter):
        format_type = MIME
        print_method = "_repr_rdanalysis_exhibit_"
        _return_type = dict

    fmt = ExhibitFormatter(parent=ip.display_formatter)
    formatters[MIME] = fmt
    # matplotlib's inline backend drops every formatter's Figure printer when it starts, so
    # figures are reached through the print method the formatter looks for instead.
    from matplotlib.figure import Figure

    Figure._repr_rdanalysis_exhibit_ = _format
    return True


def collect(nb) -> list[dict]:
    """Every exhibit of an executed notebook, in order, each with the heading it sat under."""
    out, seen, heading = [], [], ""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            if "notebook-only" not in cell.get("metadata", {}).get("tags", []):
                heading = _heading(_text(cell.source), heading)
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if (
                "text/markdown" in data
            ):  # a heading a code cell displayed (in the report's language)
                heading = _heading("".join(data["text/markdown"]), heading)
            if MIME in data and data[MIME] not in seen:
                seen.append(data[MIME])
                out.append({**data[MIME], "heading": heading})
    return out


def _text(source) -> str:
    """A cell's source as one string (a notebook read without normalising keeps its lines)."""
    return "".join(source) if isinstance(source, list) else source


def _heading(markdown: str, heading: str) -> str:
    """The last heading in ``markdown`` (``heading`` if it has none)."""
    for line in markdown.splitlines():
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
    return heading
