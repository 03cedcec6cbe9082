"""The sections of a split report (notebook 02; the splits of 07 and 08) in the report's
language: each takes the split view (``views.splits.SplitView``; None when its data are
missing) and returns what it shows, in order, for ``display(*section)`` (Markdown paragraphs and
declared tables; nothing without a view). The sentences are made in ``text.readings``."""

from __future__ import annotations

from rdanalysis.text import i18n, labels, missing, provenance, readings


def opening(v, gap, lang: str = "zh") -> list:
    """What is missing (``gap``), else the banner, how missing parts were handled and whose GDP
    divides R&D."""
    if gap:
        return [i18n.markdown(missing.sentence(gap, lang))]
    return [
        i18n.markdown(provenance.status_banner(v.rows, v.region, lang)),
        i18n.markdown(readings.split_gaps(v.gaps, v.region, lang)),
        i18n.markdown(readings.split_denominator(v, lang)),
    ]


def decomposition(v, lang: str = "zh") -> list:
    """Under the waterfall: the residual, and the effects table."""
    if v is None:
        return []
    return [
        i18n.markdown(readings.residual(v.decomposition.residual, lang)),
        labels.table(v.effects, lang, rename={"unit": "effect_unit"}),
    ]


def contributions(v, lang: str = "zh") -> list:
    """Each part's contribution to R&D growth (贡献率, 拉动)."""
    if v is None:
        return []
    reading = readings.contributions(v.contributions, v.start, v.end, lang)
    return [i18n.reading(reading, lang), labels.table(v.contributions, lang)]
