"""Tables as a reader sees them: every table a report shows is a :class:`Table`, declared from
the column registry (``text.formats``): labels with units in the report's language, codes as
words, numbers at their decimals, "—" for a missing value, names left and numbers right, the
row header fixed when the table scrolls.

A Table displays in JupyterLab as HTML and travels in the executed notebook as data (the
``exhibits.MIME`` output: columns with their specs, raw values and the cells as shown), from
which the report page draws the same HTML (:func:`to_html`) and the workbook writes the raw
values with the spec's number format. Every string is escaped here, where the HTML is made.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

import pandas as pd

from rdanalysis import exhibits, facts
from rdanalysis.text import formats
from rdanalysis.text.formats import Spec
from rdanalysis.text.i18n import literal, t

#: What a cell withheld under the confidentiality rule shows (explained under its table).
WITHHELD = "※"
#: Kinds of column that can label a table's rows (the first column, when no stub is named).
_ROW_LABELS = ("text", "name", "code", "year")
#: Tables with more columns than this print on a landscape page and scroll on a phone.
WIDE_AFTER = 8
#: Row fills by the status a row carries (HTML class rd-s-<status>; the workbook's fill).
STATUS_FILLS = {
    "achieved": "C6EFCE",
    "on_track": "DDEBF7",
    "at_risk": "FFEB9C",
    "off_track": "FFC7CE",
    "no_data": "EDEDED",
}


def _dynamic_spec(key: object, values: Spec, headers: str, lang: str) -> Spec:
    """The spec of a column whose name is data (a part code, a region, a year)."""
    if headers == "part":
        label = formats.code(key, "part", lang)
    elif headers == "year":
        label = str(int(key)) if isinstance(key, int | float) else str(key)
    else:
        label = formats.cell(key, formats.Spec("", "", kind="name"), lang)
    return Spec(str(key), label, values.unit, values.kind, values.decimals, values.values)


class Table:
    """A declared table: ``frame``'s columns shown by their registry specs in ``lang``.

    ``stub``: the column (or the index, when it has a name) that labels each row; ``values`` and
    ``headers``: for a frame whose column names are data (parts of a split, regions, years), the
    registry column their values are, and what the names are (``part``, ``name``, ``year``);
    ``index``: the registry column an unnamed index holds; ``rename``: frame column -> registry
    column; ``status``: a column of target-status codes
    that colours its rows; ``row_unit``: a column with each row's unit (numbers whose decimals
    follow the unit); ``hide``: columns not shown; ``notes``: lines under the table.
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        lang: str = "zh",
        *,
        title: str = "",
        stub: str | None = None,
        values: str | None = None,
        headers: str = "name",
        rename: Mapping[str, str] | None = None,
        status: str | None = None,
        row_unit: str | None = None,
        index: str | None = None,
        hide: Iterable[str] = (),
        notes: Iterable[str] = (),
    ) -> None:
        data = frame.copy()
        if {"enterprise_id", "enterprise_name"} & {*map(str, data.columns), data.index.name}:
            facts.mark_confidential()  # single firms on the page: it is for internal use only
        if index is not None:
            data.index.name = index
        if not isinstance(data.index, pd.RangeIndex) or data.index.name is not None:
            if data.index.name is None:
                raise ValueError("a table's index needs a name (a registry column)")
            data = data.reset_index()
            stub = stub or str(data.columns[0])
        if rename:
            data = data.rename(columns=dict(rename))
        self.lang = lang
        self.title = str(title)
        self.notes = [str(n) for n in notes]
        self.status = list(data[status]) if status else []
        # rows whose figures the confidentiality rule withholds: a mark and a note, not "—"
        self.withheld = [bool(w) for w in data["is_withheld"]] if "is_withheld" in data else []
        if any(self.withheld):
            self.notes.append(str(t("table.withheld_note", lang, mark=WITHHELD)))
        unit_column = row_unit or ("unit" if "unit" in data.columns else None)
        self.units = [str(u) for u in data[unit_column]] if unit_column else []
        hidden = {*hide, *([status] if status else []), "is_withheld"}
        data = data[[c for c in data.columns if c not in hidden]]
        value_spec = formats.spec(values, lang) if values else None
        self.specs = [self._spec(c, value_spec, headers) for c in data.columns]
        if stub is None and self.specs and self.specs[0].kind in _ROW_LABELS:
            stub = str(data.columns[0])  # a row number means nothing: the first column leads
        self.stub = stub is not None and len(data.columns) > 0
        if stub is not None and stub in data.columns and data.columns[0] != stub:
            data = data[[stub, *[c for c in data.columns if c != stub]]]
            self.specs = [self._spec(c, value_spec, headers) for c in data.columns]
        self.frame = data

    def _spec(self, column: object, value_spec: Spec | None, headers: str) -> Spec:
        try:
            return formats.spec(str(column), self.lang)
        except KeyError:
            if value_spec is None:
                raise
            return _dynamic_spec(column, value_spec, headers, self.lang)

    def cells(self) -> list[list[str]]:
        """Every cell as shown."""
        out = []
        for i, row in enumerate(self.frame.itertuples(index=False, name=None)):
            row_unit = self.units[i] if self.units else None
            shown = [
                formats.cell(v, s, self.lang, row_unit)
                for v, s in zip(row, self.specs, strict=True)
            ]
            if self.withheld and self.withheld[i]:
                shown = [WITHHELD if c == formats.MISSING else c for c in shown]
            out.append(shown)
        return out

    def payload(self) -> dict:
        """The table as data (``exhibits.MIME``): specs, raw values, shown cells, row status."""
        raw = exhibits.payload(self.frame, "table", self.title)
        cells = self.cells()
        # numbers stay numbers (the workbook formats them); names and codes travel as words
        raw["rows"] = [
            [v if s.numeric else c for v, c, s in zip(row, shown, self.specs, strict=True)]
            for row, shown in zip(raw["rows"], cells, strict=True)
        ]
        return {
            **raw,
            "format": 2,
            "columns": [s.header for s in self.specs],
            "specs": [
                {
                    "key": s.key,
                    "header": s.header,
                    "kind": s.kind,
                    "decimals": s.decimals,
                    "align": s.align,
                    "excel": s.excel_format(),
                }
                for s in self.specs
            ],
            "cells": cells,
            "status": [str(x) for x in self.status],
            "stub": self.stub,
            "notes": self.notes,
            "lang": self.lang,
        }

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        data = self.payload()
        return {exhibits.MIME: data, "text/html": to_html(data), "text/plain": to_text(data)}

    def __len__(self) -> int:
        return len(self.frame)


class Record(Table):
    """One record as a two-column table (item, value): each value shown by its own spec; the
    workbook keeps the raw values, each with its own number format."""

    def __init__(self, items: Mapping[str, object], lang: str = "zh", title: str = "") -> None:
        self.row_specs = [formats.spec(k, lang) for k in items]
        frame = pd.DataFrame(
            {"item": [s.header for s in self.row_specs], "shown": list(items.values())},
            dtype=object,
        )
        super().__init__(frame, lang, title=title, stub="item")

    def cells(self) -> list[list[str]]:
        return [
            [s.header, formats.cell(v, s, self.lang)]
            for s, v in zip(self.row_specs, self.frame["shown"], strict=True)
        ]

    def payload(self) -> dict:
        out = super().payload()
        for row, value, spec in zip(out["rows"], self.frame["shown"], self.row_specs, strict=True):
            if spec.numeric and isinstance(value, int | float) and not formats.is_missing(value):
                row[1] = exhibits.plain(value)  # the workbook keeps the number, in its format
        return {**out, "row_formats": [s.excel_format() for s in self.row_specs]}


def record(items: Mapping[str, object], lang: str = "zh", title: str = "") -> Record:
    """One record as a two-column table (item, value): each value shown by its own spec."""
    return Record(items, lang, title)


def _row_class(status: list[str], i: int) -> str:
    code = status[i] if i < len(status) else ""
    return f' class="rd-s-{html.escape(code)}"' if code in STATUS_FILLS else ""


def to_html(data: dict) -> str:
    """The table's HTML from its data (every string escaped here)."""
    e = html.escape
    specs = data["specs"]
    wide = len(specs) > WIDE_AFTER
    head = "".join(
        f'<th scope="col" class="rd-{s["align"][0]}">{e(literal(s["header"]))}</th>' for s in specs
    )
    body = []
    for i, row in enumerate(data["cells"]):
        tds = []
        for j, (value, s) in enumerate(zip(row, specs, strict=True)):
            tag = "th" if j == 0 and data.get("stub") else "td"
            scope = ' scope="row"' if tag == "th" else ""
            tds.append(f'<{tag}{scope} class="rd-{s["align"][0]}">{e(value)}</{tag}>')
        body.append(f"<tr{_row_class(data.get('status') or [], i)}>{''.join(tds)}</tr>")
    caption = f"<caption>{e(data['title'])}</caption>" if data.get("title") else ""
    label = e(data.get("title") or t("table.scroll_label", data.get("lang", "zh")))
    notes = "".join(f'<p class="rd-note">{e(n)}</p>' for n in data.get("notes") or [])
    classes = "rd-table rd-wide" if wide else "rd-table"
    return (
        f'<div class="{classes}"><div class="rd-scroll" role="region" aria-label="{label}" '
        f'tabindex="0"><table>{caption}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>{notes}</div>"
    )


def to_text(data: dict) -> str:
    """The table as plain text (a terminal or a text-only front end)."""
    lines = ["\t".join(s["header"] for s in data["specs"])]
    lines += ["\t".join(row) for row in data["cells"]]
    return "\n".join(lines)
