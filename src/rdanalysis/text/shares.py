"""A split's shares in one sentence: the last year's parts, largest first, each with its change
since the first year (a split view's, ``text.splits``, and a profile's sectors,
``text.profiles``)."""

from __future__ import annotations

import pandas as pd

from rdanalysis.text.i18n import join, part, region, t


def shares_sentence(shares: pd.DataFrame, name: str, label: str, lang: str) -> str:
    """'{region}{year}年R&D经费按{label}:…' from ``shares`` (%, years x parts): the last year's
    parts, largest first, each with its change since the first year."""
    last, first = shares.iloc[-1].dropna(), shares.iloc[0]
    parts = [
        t(
            "read.split_part",
            lang,
            name=part(k, lang),
            value=v,
            change=v - first.get(k, float("nan")),
        )
        for k, v in last.sort_values(ascending=False).items()
    ]
    return t(
        "read.split_shares",
        lang,
        region=region(name, lang),
        year=int(shares.index[-1]),
        label=label,
        parts=join(parts, lang),
        y0=int(shares.index[0]),
    )
