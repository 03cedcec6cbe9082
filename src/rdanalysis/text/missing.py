"""What a report cannot show, in words: the analysis, the data it needs and what was found
(from an ``analysis.missing.Missing`` record), in the report's language (``lang``: zh or en;
the words are the ``missing.*`` messages of resources/text.yml)."""

from __future__ import annotations

from rdanalysis import reference
from rdanalysis.analysis.missing import Missing
from rdanalysis.text.i18n import join, part, region, t


def data_name(code: str, lang: str = "zh") -> str:
    """What a data code of ``analysis.missing.NEEDS`` is ('rd_total': R&D经费合计 …)."""
    return t(f"missing.data_{code}", lang)


def children_word(parent: str, lang: str = "zh", plural: bool = False) -> str:
    """What a parent's sub-regions are called: 旗县市区 / 省份 / 下级地区 (banner/county,
    province, sub-region; ``plural``: banners and counties, provinces, sub-regions)."""
    return t(f"missing.{'units' if plural else 'unit'}_{_kind(parent)}", lang)


def _kind(parent: str) -> str:
    """'province' for China's provinces, 'county' for the banners and counties of a city of
    Inner Mongolia (旗县市区), 'other' for any other sub-regions (下级地区)."""
    if parent == reference.COUNTRY:
        return "province"
    regions = reference.regions()
    if parent in regions and reference.PROVINCE in regions.ancestors(parent):
        return "county"
    return "other"


def _found(years: tuple[int, ...], lang: str) -> str:
    if not years:
        return t("missing.years_none", lang)
    return t("missing.years", lang, years=join(years, lang))


def _names(names, lang: str) -> str:
    return join((region(n, lang) for n in names), lang)


def sentence(m: Missing, lang: str = "zh") -> str:
    """One paragraph: what is missing, what the analysis needs, which years were found."""
    if m.analysis == "trajectory":
        return _trajectory(m, lang)
    if m.analysis == "split":
        return _split(m, lang)
    return _subregions(m, lang)


def _trajectory(m: Missing, lang: str) -> str:
    name, found = region(m.region, lang), _found(m.years, lang)
    if m.years:
        head = t("missing.trajectory_short", lang, region=name, n=len(m.years), found=found)
    else:
        what = t("missing.and", lang).join(data_name(n, lang) for n in m.needs)
        head = t("missing.trajectory_none", lang, region=name, what=what)
    return t("missing.trajectory", lang, head=head, region=name, minimum=m.minimum, found=found)


def _split(m: Missing, lang: str) -> str:
    spec = reference.splits()[m.split]
    label = spec["label"] if lang == "zh" else spec["en"]
    values = {"region": region(m.region, lang), "label": label, "found": _found(m.years, lang)}
    if "gdp" in m.needs:
        return t("missing.split_gdp", lang, **values)
    parts = join((part(code, lang) for code in spec["parts"]), lang)
    return t("missing.split", lang, parts=parts, **values)


def _subregions(m: Missing, lang: str) -> str:
    unit, name = children_word(m.region, lang), region(m.region, lang)
    if "children" in m.needs:
        return t("missing.subregions_undeclared", lang, region=name)
    if "rd_by_child" in m.needs and not m.years:
        return t("missing.subregions_rd", lang, unit=unit, region=name)
    if "rd_by_child" in m.needs:
        without = (
            t("missing.subregions_rd_without", lang, lacking=_names(m.lacking, lang))
            if m.lacking
            else ""
        )
        values = {"unit": unit, "region": name, "found": _found(m.years, lang)}
        return t("missing.subregions_rd_years", lang, without=without, **values)
    lacking = _names(m.lacking, lang) or t(
        "missing.some", lang, units=children_word(m.region, lang, plural=True)
    )
    return t(
        "missing.subregions_gdp",
        lang,
        lacking=lacking,
        unit=unit,
        region=name,
        found=_found(m.years, lang),
    )


def unreported(names: tuple[str, ...], parent: str, start: int, end: int, lang: str = "zh") -> str:
    """The sub-regions without R&D in the start or end year, counted as 0 ('' if none)."""
    if not names:
        return ""
    return t(
        "missing.unreported",
        lang,
        names=_names(names, lang),
        start=start,
        end=end,
        unit=children_word(parent, lang),
    )


def no_series(name: str, lang: str = "zh") -> str:
    """A region without an intensity series (its chart is not drawn)."""
    return t("missing.no_series", lang, name=region(name, lang))
