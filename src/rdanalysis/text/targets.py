"""The dashboard's words, in the report's language (``lang``): status names, the reason for each
status, sentences about targets behind or missed, the task list, and the readings of the
assessment and the drafting tables. Target names come from the plan file (``name`` and
``name_en``); responsible units and task titles are quoted from the plan as written."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rdanalysis import facts, reference
from rdanalysis.analysis import targets
from rdanalysis.text import formats, labels, provenance
from rdanalysis.text.i18n import Text, join, part, region, t, unit
from rdanalysis.text.outlook import base_rate_clause
from rdanalysis.text.tables import Table

_STATUSES = ("achieved", "on_track", "at_risk", "off_track", "no_data")
STATUS_ZH = {k: t(f"tstatus.{k}") for k in _STATUSES}
#: A plain dot, coloured by status in the dashboard (emoji need a colour-emoji font, which
#: intranet Linux machines often lack); the status is also written in words.
STATUS_LIGHT = dict.fromkeys(_STATUSES, "●")
OUTCOME_ZH = {k: t(f"outcome.{k}") for k in ("achieved", "missed", "no_data")}
DATA_ZH = {k: t(f"tdata.{k}") for k in ("illustrative", "real", "user", "none")}
KIND_ZH = {k: t(f"kind.{k}") for k in ("official", "draft", "example")}
DIRECTION_ZH = {"at_least": "不低于", "at_most": "不高于"}


def status_name(status: str, lang: str = "zh") -> str:
    return t(f"tstatus.{status}", lang)


def _chance(p: float, lang: str = "zh") -> str:
    """A simulated probability in words without false precision: never '0%' or '100%' (a finite
    number of paths cannot show either), '不足1%' / '超过99%' at the ends."""
    if p < 0.01:
        return t("chance.low", lang)
    if p > 0.99:
        return t("chance.high", lang)
    return t("chance.about", lang, p=p)


def _name(code: str, lang: str = "zh") -> str:
    """A sector code in words (county names and 'GDP' pass through; regions in ``lang``)."""
    if code in reference.sectors():
        return part(code, lang)
    return region(code, lang)


def _target_names(plan, lang: str) -> dict[str, str]:
    """Each target's name (as the plan writes it) -> its name in ``lang``."""
    if lang == "zh":
        return {}
    return {x.name: x.name_en or x.name for x in plan.targets}


def _unit(text: str, lang: str) -> str:
    text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    shown = unit(text, lang)
    return shown if lang == "zh" or shown in ("", "%") else f" {shown}"


def plan_label(plan, lang: str = "zh") -> str:
    """The document as cited: its (official Chinese) title and number, 'draft'/'example' plain."""
    if lang == "zh":
        return plan.label
    tag = t(f"dash.tag_{plan.kind}", lang) if plan.kind in ("draft", "example") else ""
    number = f" ({plan.number})" if plan.number else ""
    return f"《{plan.title}》{number}{tag}"


def reason(ev, lang: str = "zh") -> str:
    """Why an evaluation has its status, in one clause; for an intensity target still to reach,
    with how often real provinces near its latest value reached it as many years later."""
    said = _reason(ev, lang)
    if ev.base_rate is None or ev.reason in ("achieved", "target_year_passed"):
        return said
    return join([said, base_rate_clause(ev.base_rate, lang)], lang, "clause")


def _level(value: float, unit_code: str, lang: str, shown: str | None = None) -> str:
    """A target's value with its unit, at the decimals its tables show (0.63%, 10.66亿元), or
    ``shown`` (the value as written) with the unit."""
    if shown is None:
        shown = formats.number(value, formats.UNIT_DECIMALS.get(unit_code, 2))
    space = "" if unit_code == "%" or lang == "zh" else " "
    return f"{shown}{space}{unit(unit_code, lang)}"


def _pace(value: float, unit_code: str, lang: str) -> Text:
    """A change per year with its unit: '+0.03个百分点/年' for a percentage, '+0.94亿元/年'."""
    per = t("reason.points", lang) if unit_code == "%" else unit(unit_code, lang)
    shown = formats.number(value, formats.UNIT_DECIMALS.get(unit_code, 2), signed=True)
    return t("reason.per_year", lang, value=shown, unit=per)


def _reason(ev, lang: str) -> str:
    v, r, u = ev.reason_values, ev.reason, ev.target.unit
    if r in ("no_metric", "no_data"):
        return t(f"reason.{r}", lang, data=ev.target.data)
    if r == "achieved":
        latest = _level(v["latest"], u, lang)
        target = _level(v["target"], u, lang, shown=f"{v['target']:g}")  # as the plan writes it
        return t("reason.achieved", lang, latest=latest, target=target)
    if r == "target_year_passed":
        return t("reason.target_year_passed", lang)
    if r in ("probability_on", "probability_on_falling"):
        p = _chance(v["probability"], lang)
        recent = _pace(v["recent"], u, lang) if "recent" in v else ""
        return t(f"reason.{r}", lang, p=p, threshold=v["threshold"], recent=recent)
    if r in ("probability_risk", "probability_off"):
        return t("reason.probability", lang, p=_chance(v["probability"], lang))
    if r == "projection":
        return t("reason.projection", lang, projected=_level(v["projected"], u, lang))
    if r == "pace_ratio":
        return t("reason.pace_ratio", lang, ratio=v["ratio"])
    pace = (
        t("reason.recent", lang, recent=_pace(v["recent"], u, lang))
        if v.get("recent") is not None
        else t("reason.recent_unknown", lang)
    )
    return t("reason.pace", lang, required=_pace(v["required"], u, lang), pace=pace)


def sources(board, lang: str = "zh") -> str:
    """The sources of every series on the dashboard, for a caption."""
    found = targets.sources(board.evaluations)
    return join((provenance.source(s, lang) for s in found), lang, "clause")


def rule_text(plan, lang: str = "zh") -> str:
    """The plan's status rule as written in it (Chinese plans: zh only), or stated from its
    numbers."""
    rule = plan.status_rule
    if rule.text and lang == "zh":
        return rule.text
    return t(
        "rule.default",
        lang,
        on=rule.on_track_probability,
        ratio=rule.at_risk_pace_ratio,
        risk=rule.at_risk_probability,
        years=rule.recent_years,
    )


def dashboard_table(board, lang: str = "zh") -> pd.DataFrame:
    """The dashboard's table with the words: light, status, reason, data status."""
    tbl = board.table.copy()
    tbl["light"] = tbl["status"].map(STATUS_LIGHT)
    tbl["status_zh"] = tbl["status"].map(lambda s: status_name(s, lang))
    tbl["reason"] = [reason(ev, lang) for ev in board.evaluations]
    tbl["data_status"] = tbl["data"].map(lambda d: t(f"tdata.{d}", lang))
    met = tbl["status"] == "achieved"  # a target already met needs no pace
    tbl["required_pace"] = tbl["required_pace"].where(~met)
    if lang != "zh":
        names = _target_names(board.plan, lang)
        tbl["target_name"] = tbl["target_name"].map(lambda n: names.get(n, n))
        tbl["unit"] = tbl["unit"].map(lambda u: unit(u, lang))
    return tbl


#: The dashboard table's columns (code -> Chinese header) and how each number is shown; the
#: dashboard and ``rdanalysis targets`` print the same cells from these.
DASHBOARD_COLUMNS = {
    "light": "",
    "target_name": "目标",
    "baseline_year": "基期年",
    "baseline": "基期值",
    "latest_year": "年份",
    "latest": "最新值",
    "target": "目标值",
    "unit": "单位",
    "gap": "差距",
    "recent_pace": "近期速度/年",
    "required_pace": "所需速度/年",
    "probability": "达标概率",
    "status_zh": "状态",
    "reason": "判定依据",
    "responsible": "责任单位",
    "data_status": "数据",
}
NUMBER_FORMATS = {
    "baseline_year": "{:.0f}",
    "baseline": "{:.3g}",
    "latest_year": "{:.0f}",
    "latest": "{:.3g}",
    "target": "{:g}",
    "gap": "{:.3g}",
    "recent_pace": "{:.3g}",
    "required_pace": "{:.3g}",
    "probability": "{:.0%}",  # shown by ``_probability_cell``: never '0%' or '100%'
    "final_year": "{:.0f}",
    "final": "{:.3g}",
    "shortfall": "{:.3g}",
    "shortfall_pct": "{:.1f}",
}
#: What an empty cell shows (a number that does not exist: no data, no forecast, no pace).
NOT_AVAILABLE = "—"
YEAR_COLUMNS = ("baseline_year", "latest_year", "final_year")


def command_rows(board) -> pd.DataFrame:
    """The rows ``rdanalysis targets`` prints, as the dashboard shows them: statuses and
    outcomes in Chinese (the code beside them in ``status_code`` / ``outcome_code``), years as
    integers, and a missing number as None (never NaN). A target without data reads
    '无数据;需要:…' in ``reason`` (outlook) or ``data_needed`` (assessment)."""
    if board.mode == "assessment":
        rows = board.assessment.results.copy()
        rows.insert(rows.columns.get_loc("outcome"), "outcome_code", rows["outcome"])
        rows["outcome"] = rows["outcome"].map(OUTCOME_ZH)
    else:
        shown = dashboard_table(board)
        rows = shown[["id", *(c for c in DASHBOARD_COLUMNS if c not in ("light", "status_zh"))]]
        rows.insert(rows.columns.get_loc("reason"), "status", shown["status_zh"])
        rows.insert(rows.columns.get_loc("reason"), "status_code", shown["status"])
    for col in YEAR_COLUMNS:
        if col in rows:
            rows[col] = pd.to_numeric(rows[col]).astype("Int64")
    return rows.astype(object).where(rows.notna(), None)


def _probability_cell(p: float) -> str:
    """A simulated probability in a table cell: '<1%' / '>99%' at the ends (see ``_chance``)."""
    return "<1%" if p < 0.01 else ">99%" if p > 0.99 else f"{p:.0%}"


def cell_formats(columns) -> dict:
    """How the dashboard shows each numeric column of ``columns`` (format string or function)."""
    out = {c: NUMBER_FORMATS[c].format for c in columns if c in NUMBER_FORMATS}
    if "probability" in out:
        out["probability"] = _probability_cell
    return out


def without_codes(rows: pd.DataFrame) -> pd.DataFrame:
    """``command_rows`` without the status and outcome codes (the words are there)."""
    return rows.drop(columns=["status_code", "outcome_code"], errors="ignore")


def printed(rows: pd.DataFrame) -> pd.DataFrame:
    """``command_rows`` as the dashboard's text cells: each number formatted as the dashboard
    formats it, an empty cell as '—'; no status codes."""
    out = without_codes(rows)
    formats = cell_formats(out.columns)
    for col in out.columns:
        fmt = formats.get(col, str)
        out[col] = [NOT_AVAILABLE if v is None else fmt(v) for v in out[col]]
    return out


def _latest(r, lang: str) -> str:
    if r.latest is None or pd.isna(r.latest):
        return t("word.no_data", lang)
    return f"{r.latest:.3g}{_unit(r.unit, lang)}"


def off_track_sentences(table: pd.DataFrame, lang: str = "zh") -> list[str]:
    """For each target off track or at risk: what is behind and who is responsible."""
    return [
        t(
            "dash.off_track",
            lang,
            name=r.target_name,
            status=r.status_zh,
            latest=_latest(r, lang),
            year=int(r.latest_year) if pd.notna(r.latest_year) else "—",
            target=r.target,
            unit=_unit(r.unit, lang),
            reason=r.reason,
            responsible=r.responsible,
        )
        for r in table[table["status"].isin(["off_track", "at_risk"])].itertuples()
    ]


def no_data_sentences(table: pd.DataFrame, lang: str = "zh") -> list[str]:
    """For each target without data: what data would feed it."""
    return [
        t("dash.no_data", lang, name=r.target_name, data=r.data_needed)
        for r in table[table["data"] == "none"].itertuples()
    ]


def tasks_table(plan, lang: str = "zh") -> Table:
    """The plan's tasks and their responsible units (quoted from the plan as written)."""
    frame = pd.DataFrame(
        [
            {"task": f"({x.number}) {x.title}", "responsible": "、".join(x.responsible)}
            for x in plan.tasks
        ],
        columns=["task", "responsible"],
    )
    return Table(frame, lang, stub="task")


def _counts(values: pd.Series, lang: str) -> str:
    return join(
        (t("dash.count", lang, what=k, n=v) for k, v in values.value_counts().items()),
        lang,
        "comma",
    )


def headline(board, lang: str = "zh") -> str:
    """One line: the plan, its mode and how many targets are in each status (and, when the
    enterprise data hold firms outside the plan's region, which were left out)."""
    series = [ev.series for ev in board.evaluations if not ev.series.empty]
    if series:  # the series behind every target are the page's data (sources reach the footer)
        facts.record(pd.concat(series, ignore_index=True), board.region, name_values=False)
    line = _headline(board, lang)
    note = outside_note(board, lang)
    return line + " " + note if note else line


def outside_note(board, lang: str = "zh") -> Text | None:
    """Which enterprises the coverage targets left out as outside the plan's region, by county
    and file (None when none was)."""
    out = getattr(board, "outside_enterprises", None)
    if out is None or out.empty:
        return None
    files = [Path(f).name for f in dict.fromkeys(out["file"])]
    return t(
        "dash.outside_enterprises",
        lang,
        n=int(out["enterprises"].sum()),
        region=region(board.region, lang),
        counties=join([region(c, lang) for c in dict.fromkeys(out["county"])], lang),
        files=join(files, lang),
    )


def _headline(board, lang: str) -> str:
    plan = board.plan
    label = plan_label(plan, lang)
    if board.mode == "assessment":
        res = board.assessment.results["outcome"].map(lambda o: t(f"outcome.{o}", lang))
        return t(
            "dash.headline_assessment",
            lang,
            plan=label,
            year=plan.target_year,
            n=len(board.table),
            done=_counts(res, lang),
        )
    latest = (
        t("dash.latest", lang, year=board.latest_year)
        if board.latest_year
        else t("dash.no_latest", lang)
    )
    statuses = board.table["status"].map(lambda s: status_name(s, lang))
    return t(
        "dash.headline",
        lang,
        plan=label,
        year=plan.target_year,
        n=len(board.table),
        latest=latest,
        summary=_counts(statuses, lang),
    )


def plan_summary(plan, lang: str = "zh") -> Table:
    """The plan's particulars as a two-column table (for the report and the workbook)."""
    rows = {
        t("dash.document", lang): plan_label(plan, lang),
        t("dash.document_kind", lang): t(f"kind.{plan.kind}", lang),
        t("dash.region", lang): region(plan.region, lang),
        t("dash.baseline_year", lang): f"{plan.baseline_year}",
        t("dash.target_year", lang): f"{plan.target_year}",
        t("dash.n_targets", lang): f"{len(plan.targets)}",
        t("dash.plan_file", lang): plan.name,
    }
    if plan.note:
        rows[t("dash.note", lang)] = plan.note
    frame = pd.DataFrame({"item": [str(k) for k in rows], "shown": [str(v) for v in rows.values()]})
    return Table(frame, lang, stub="item")


#: The dashboard table's columns (registry keys, columns.yml), in order.
DASHBOARD_SHOWN = (
    "target_name", "baseline_year", "baseline", "latest_year", "latest", "target", "target_unit",
    "gap", "recent_pace", "required_pace", "probability", "target_status", "reason",
    "responsible", "data_status",
)  # fmt: skip


def dashboard_exhibit(shown: pd.DataFrame, lang: str = "zh") -> Table:
    """The dashboard table as a declared table: one row per target, coloured by its status."""
    frame = shown.assign(
        target_unit=shown["unit"],
        target_status=shown["status"],
        status_code=shown["status"],
        unit=shown["unit"],
    )
    return Table(
        frame[[*DASHBOARD_SHOWN, "status_code", "unit"]],
        lang,
        stub="target_name",
        status="status_code",
        hide=("unit",),
        row_unit="unit",
    )


# --- the end-of-plan assessment -----------------------------------------------------------------

ASSESSMENT_COLUMNS = (
    "target_name",
    "unit",
    "baseline_year",
    "baseline",
    "final_year",
    "final",
    "target",
    "outcome",
    "shortfall",
    "shortfall_pct",
    "responsible",
)


def _columns(names, lang: str) -> dict[str, str]:
    return {c: t(f"col.{c}", lang) for c in names}


def _named(frame: pd.DataFrame, plan, lang: str) -> pd.DataFrame:
    """Target names and units of ``frame`` in ``lang``."""
    if lang == "zh":
        return frame
    names = _target_names(plan, lang)
    out = frame.copy()
    if "target_name" in out.columns:
        out["target_name"] = out["target_name"].map(lambda n: names.get(n, n))
    if "unit" in out.columns:
        out["unit"] = out["unit"].map(lambda u: unit(u, lang))
    if "missed_targets" in out.columns:
        out["missed_targets"] = out["missed_targets"].map(
            lambda s: join((names.get(n, n) for n in str(s).split("、") if n), lang)
        )
    return out


def assessment_table(a, plan=None, lang: str = "zh") -> Table:
    res = _named(a.results, plan, lang) if plan is not None else a.results
    frame = res.assign(target_unit=res["unit"])
    cols = [c if c != "unit" else "target_unit" for c in ASSESSMENT_COLUMNS]
    return Table(
        frame[[*cols, "unit"]],
        lang,
        stub="target_name",
        hide=("unit",),
        row_unit="unit",
    )


def assessment_reading(a, plan=None, lang: str = "zh") -> str:
    missed = a.missed
    n = len(a.results)
    if missed.empty:
        return t("dash.assessment_none", lang, year=a.final_year, n=n)
    worst = missed.sort_values("shortfall_pct", ascending=False).iloc[0]
    names = _target_names(plan, lang) if plan is not None else {}
    return t(
        "dash.assessment",
        lang,
        year=a.final_year,
        n=n,
        missed=len(missed),
        name=names.get(worst["target_name"], worst["target_name"]),
        final=worst["final"],
        unit=_unit(worst["unit"], lang),
        target=worst["target"],
        shortfall=worst["shortfall"],
        pct=worst["shortfall_pct"],
    )


def units_table(a, plan=None, lang: str = "zh") -> Table:
    frame = _named(a.units, plan, lang) if plan is not None else a.units
    columns = ["responsible", "n_targets", "n_missed", "missed_targets"]
    return Table(frame[columns], lang, stub="responsible")


def units_reading(a, lang: str = "zh") -> str:
    behind = a.units[a.units["n_missed"] > 0]
    if behind.empty:
        return t("dash.units_none", lang)
    names = join(
        (t("dash.units_item", lang, unit=r.responsible, n=r.n_missed) for r in behind.itertuples()),
        lang,
    )
    return t("dash.units", lang, names=names)


def path_table(a, plan=None, lang: str = "zh") -> Table:
    frame = _named(a.paths, plan, lang) if plan is not None else a.paths
    frame = frame.assign(target_unit=frame["unit"])
    columns = ["target_name", "target_unit", "year", "actual", "required", "unit"]
    return Table(frame[columns], lang, stub="target_name", hide=("unit",), row_unit="unit")


def drivers_reading(a, lang: str = "zh") -> str:
    parts = []
    for by in ("sector", "county"):
        what = t(f"dash.by_{by}", lang)
        found = getattr(a, by)
        if found is None:
            why = a.decomposition_notes.get(by, "")
            parts.append(t("dash.driver_none", lang, by=what, why=why))
            continue
        frame, meta = found.effects, found.meta
        top = frame.groupby("unit")["effect_pp"].sum().sort_values()
        lead = top.index[-1] if top.iloc[-1] >= abs(top.iloc[0]) else top.index[0]
        parts.append(
            t(
                "dash.driver",
                lang,
                by=what,
                start=meta["from"],
                end=meta["to"],
                change=meta["change_pp"],
                lead=_name(lead, lang),
                lead_pp=top[lead],
            )
        )
    return join(parts, lang, "clause") + ("。" if lang == "zh" else ".")


# --- drafting the next plan ---------------------------------------------------------------------


def drafting_reading(d, lang: str = "zh") -> str:
    """The drafting target's required growth in one sentence; notes the rows behind its tables
    as the page's data (their status reaches the banner and footer)."""
    if d.rows is not None:
        facts.record(d.rows)
    mid = d.required.iloc[len(d.required) // 2]
    prob = (
        t("dash.drafting_probability", lang, p=_chance(d.probability, lang))
        if d.probability is not None
        else ""
    )
    return t(
        "dash.drafting",
        lang,
        last_year=d.last_year,
        last=d.last_pct,
        year=d.target_year,
        target=d.target_pct,
        gdp=mid["gdp_growth_pct"],
        rd=mid["rd_growth_pct"],
        pp=mid["linear_pp_per_year"],
        prob=prob,
    )


def inverse_table(frame: pd.DataFrame, by: str, lang: str = "zh") -> Table | Text:
    """What a drafting intensity target means for each performing sector or sub-region."""
    what = t(f"dash.by_{by}", lang)
    if frame.empty:
        return t("inv.none", lang, by=what)
    return Table(frame, lang, stub=by, title=t(f"inv.title_{by}", lang))


def required_table(d, lang: str = "zh") -> Table:
    """The required-growth scenarios of a drafting target, with headers and units."""
    return labels.table(d.required, lang, title=t("inv.title_required", lang))


def _status_word(status: str, lang: str) -> str:
    """A status as a word inside a sentence (lower case in English)."""
    word = str(t(f"tstatus.{status}", lang))
    return word.lower() if lang == "en" else word


def trajectories_reading(board, lang: str = "zh") -> str:
    tbl = board.table
    if board.mode == "assessment":
        res = board.assessment.results
        return t(
            "dash.trajectories_assessment",
            lang,
            n=len(tbl),
            done=(res["outcome"] == "achieved").sum(),
            year=board.plan.target_year,
            missed=(res["outcome"] == "missed").sum(),
        )
    counts = tbl["status"].value_counts()
    parts = [
        t("dash.status_count", lang, status=_status_word(s, lang), k=int(counts[s]))
        for s in _STATUSES
        if counts.get(s, 0)
    ]  # every status shown, in the table's order: the counts add up to n
    return t("dash.trajectories", lang, n=len(tbl), counts=join(parts, lang, "comma"))


def not_yet(board, lang: str = "zh") -> str:
    latest = (
        t("dash.latest", lang, year=board.latest_year)
        if board.latest_year
        else t("dash.no_latest", lang)
    )
    return t("dash.not_yet", lang, year=board.plan.target_year, latest=latest)


def no_drafting(board, lang: str = "zh") -> str:
    key = "dash.no_drafting_assessment" if board.mode == "assessment" else "dash.no_drafting"
    return t(key, lang)
