"""Provenance in words: source captions, the illustrative-data banner and the build summary."""

from __future__ import annotations

import ast
import re

import pandas as pd

from rdanalysis import facts
from rdanalysis.analysis.indicators import sources_of
from rdanalysis.text.i18n import Text, join, region, t
from rdanalysis.text.tables import Table


def source_line(*frames: pd.DataFrame, lang: str = "zh") -> str:
    """The distinct sources of the given rows, joined for a figure caption. Sources are quoted as
    published (Chinese titles stay Chinese); only the illustrative-data label is translated."""
    for frame in frames:
        facts.record(frame)  # a caption's sources are sources the report shows
    return join((source(s, lang) for s in sources_of(*frames)), lang, "clause")


_ILLUSTRATIVE_SOURCE = re.compile(r"示例数据\(非真实统计\) rdanalysis illustrative\.py seed=(\d+)")


def source(text: str, lang: str = "zh") -> str:
    """A source as published; the illustrative data's own label ('示例数据(非真实统计) rdanalysis
    illustrative.py seed=N') in the reader's words."""
    text = _ILLUSTRATIVE_SOURCE.sub(lambda m: str(t("source.generated", lang, seed=m[1])), text)
    return text.replace(t("source.illustrative"), t("source.illustrative", lang))


def build_summary(
    info: dict, observations: pd.DataFrame, region_name: str, lang: str = "zh"
) -> str:
    """A short Markdown paragraph: what the build read, how much of ``region`` is illustrative."""
    sub = observations[observations["region"] == region_name]
    facts.record(sub)  # the report runner reads this, not the sentences below
    n_ill = int(sub["status"].eq("illustrative").sum())
    name = region(region_name, lang)
    lines = [
        t(
            "build.summary",
            lang,
            built_at=info["built_at"],
            version=info["rdanalysis"],
            n_files=len(info["inputs_sha256"]),
        ),
        t(
            "build.counts",
            lang,
            region=name,
            n_real=len(sub) - n_ill,
            n_ill=n_ill,
            n_user=int(observations["status"].eq("user").sum()),
        ),
    ]
    if n_ill:
        lines.append(t("build.illustrative", lang, region=name))
    return Text.markup("\n\n").join(lines)


def status_banner(rows: pd.DataFrame, region_name: str, lang: str = "zh") -> str:
    """A Markdown warning when any of ``rows`` is illustrative (empty string otherwise)."""
    facts.record(rows, region_name)  # the report runner reads this, not the sentence below
    if not rows["status"].eq("illustrative").any():
        return ""
    return t("banner.status", lang, region=region(region_name, lang))


_DATE = re.compile(r"^\d{4}(-\d{2}){0,2}")


def _publication(row: pd.Series, lang: str) -> str:
    """The official publication a raw file copies, or where its rows name theirs."""
    found = row.get("publication")
    if isinstance(found, str) and found.startswith("{"):
        try:
            found = ast.literal_eval(found)
        except (ValueError, SyntaxError):
            found = None
    if isinstance(found, dict) and found.get("title"):
        return str(found["title"]).replace("{year}", "").replace("{edition}", "")
    path = str(row.get("path", ""))
    if row.get("is_user") is True:  # a file of the user's (data/user): the source it gives
        return t("raw.user", lang, source=str(row.get("title") or ""))
    if path.startswith("illustrative/"):
        return t("raw.illustrative", lang)
    if path.startswith("sources/"):
        return t("raw.project", lang)
    return t("raw.per_row", lang)


def raw_files(sources: pd.DataFrame, lang: str = "zh") -> Table:
    """Every raw file of ``sources`` (the build's, or a project's: ``published.files_for``): its
    path, the publication it copies (or a note that its rows name their own; a user's file: the
    source it gives), who published it, and when it was obtained (the date only)."""
    rows = []
    for _, row in sources.iterrows():
        found = row.get("publication")
        publisher = ""
        if isinstance(found, str) and found.startswith("{"):
            try:
                publisher = str(ast.literal_eval(found).get("publisher", ""))
            except (ValueError, SyntaxError):
                publisher = ""
        date = _DATE.match(str(row.get("accessed", "")))
        rows.append(
            {
                "path": row["path"],
                "publication": _publication(row, lang),
                "publisher": publisher or None,
                "accessed": date.group() if date else None,
            }
        )
    return Table(pd.DataFrame(rows, columns=["path", "publication", "publisher", "accessed"]), lang)
