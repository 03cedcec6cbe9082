"""The sections of a plan's dashboard (notebook 00) in the report's language: each function takes
the dashboard view (``views.dashboard.build``) and returns what its section shows, in order
(Markdown paragraphs and declared tables), for ``display(*section)``. The words themselves are
made in ``text.targets``; here they are put in the order a reader meets them."""

from __future__ import annotations

import pandas as pd

from rdanalysis.text import i18n, labels, provenance
from rdanalysis.text import targets as words


def opening(board, observations: pd.DataFrame, lang: str = "zh") -> list:
    """The illustrative-data banner (only when the plan's region has illustrative values) and
    the headline: how many targets are on track, at risk, off track."""
    region = board.plan.region
    shown = []
    if board.illustrative:
        rows = observations[observations["region"] == region]
        illustrative = rows[rows["status"] == "illustrative"]
        shown.append(i18n.markdown(provenance.status_banner(illustrative, region, lang)))
    return [*shown, i18n.markdown(words.headline(board, lang))]


def rule(board, shown: pd.DataFrame, lang: str = "zh") -> list:
    """The plan's status rule, and which targets have no data (``shown``: the dashboard table)."""
    out = [i18n.markdown(i18n.t("dash.rule", lang) + words.rule_text(board.plan, lang))]
    missing = words.no_data_sentences(shown, lang)
    if missing:
        out += [i18n.md("dash.missing", lang), i18n.markdown(i18n.bullets(missing))]
    return out


def assessment(board, lang: str = "zh") -> list:
    """The end-of-plan assessment (achieved / missed by how much), or why there is none yet."""
    a = board.assessment
    if a is None:
        return [i18n.markdown(words.not_yet(board, lang))]
    return [
        i18n.markdown(words.assessment_reading(a, board.plan, lang)),
        words.assessment_table(a, board.plan, lang),
    ]


def drivers(board, lang: str = "zh") -> list:
    """What drove the change in intensity over the plan (sector and county decompositions);
    nothing before the assessment."""
    a = board.assessment
    if a is None:
        return []
    out = [i18n.markdown(i18n.t("dash.drivers", lang) + words.drivers_reading(a, lang))]
    for found in (a.sector, a.county):
        if found is not None:
            out.append(labels.table(found.effects, lang, rename={"unit": "effect_unit"}))
    return out


def units(board, lang: str = "zh") -> list:
    """Whose targets were missed, per responsible unit; nothing before the assessment."""
    a = board.assessment
    if a is None:
        return []
    return [
        i18n.markdown(i18n.t("dash.units_heading", lang) + words.units_reading(a, lang)),
        words.units_table(a, board.plan, lang),
    ]


def drafting(board, lang: str = "zh") -> list:
    """What each intensity target implies per sector and county, or why nothing is drafted."""
    out = [] if board.drafting else [i18n.markdown(words.no_drafting(board, lang))]
    for d in board.drafting:
        out += [i18n.markdown(words.drafting_reading(d, lang)), words.required_table(d, lang)]
        for by, frame in (("sector", d.sectors), ("county", d.counties)):
            found = words.inverse_table(frame, by, lang)
            out.append(found if isinstance(found, labels.Table) else i18n.markdown(found))
    return out


def behind(shown: pd.DataFrame, lang: str = "zh") -> list:
    """A sentence per target behind or missed, or that all are fine."""
    sentences = words.off_track_sentences(shown, lang)
    return [i18n.markdown(i18n.bullets(sentences) if sentences else i18n.t("dash.all_fine", lang))]
