"""Provenance in words: source captions, the illustrative-data banner and the build summary."""

from __future__ import annotations

import pandas as pd

from rdanalysis import facts
from rdanalysis.analysis.indicators import sources_of
from rdanalysis.text.i18n import join, region, t


def source_line(*frames: pd.DataFrame, lang: str = "zh") -> str:
    """The distinct sources of the given rows, joined for a figure caption. Sources are quoted as
    published (Chinese titles stay Chinese); only the illustrative-data label is translated."""
    for frame in frames:
        facts.record(frame)  # a caption's sources are sources the report shows
    return join((source(s, lang) for s in sources_of(*frames)), lang, "clause")


def source(text: str, lang: str = "zh") -> str:
    """A source as published; only the label of the illustrative data is translated."""
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
    return "\n\n".join(lines)


def status_banner(rows: pd.DataFrame, region_name: str, lang: str = "zh") -> str:
    """A Markdown warning when any of ``rows`` is illustrative (empty string otherwise)."""
    facts.record(rows, region_name)  # the report runner reads this, not the sentence below
    if not rows["status"].eq("illustrative").any():
        return ""
    return t("banner.status", lang, region=region(region_name, lang))
