"""The sections of a plan's dashboard (notebook 00) in the report's language: each function takes
the dashboard view (``views.dashboard.build``) and returns what its section shows, in order
(Markdown paragraphs and declared tables), for ``display(*section)``; then the dashboard table
(its cells as the page and ``rdanalysis targets`` print them) and the page's own sentences and
tables (headline, targets behind, tasks, the plan's particulars). Statuses and
reasons are worded in ``text.targets``, the assessment in ``text.assessment``, the drafting
tables in ``text.drafting``. Responsible units and task titles are quoted from the plan as
written."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rdanalysis import facts
from rdanalysis.text import assessment as assessed
from rdanalysis.text import drafting as drafted
from rdanalysis.text import i18n, labels, provenance
from rdanalysis.text.i18n import Text, join, region, t, unit
from rdanalysis.text.tables import Table
from rdanalysis.text.targets import (
    OUTCOME_ZH,
    STATUS_LIGHT,
    plan_label,
    reason,
    rule_text,
    status_name,
    target_names,
    trailing_unit,
)


def opening(board, observations: pd.DataFrame, lang: str = "zh") -> list:
    """The illustrative-data banner (only when the plan's region has illustrative values) and
    the headline: how many targets are on track, at risk, off track."""
    region = board.plan.region
    shown = []
    if board.illustrative:
        rows = observations[observations["region"] == region]
        illustrative = rows[rows["status"] == "illustrative"]
        shown.append(i18n.markdown(provenance.status_banner(illustrative, region, lang)))
    return [*shown, i18n.markdown(headline(board, lang))]


def rule(board, shown: pd.DataFrame, lang: str = "zh") -> list:
    """The plan's status rule, and which targets have no data (``shown``: the dashboard table)."""
    out = [i18n.markdown(i18n.t("dash.rule", lang) + rule_text(board.plan, lang))]
    missing = no_data_sentences(shown, lang)
    if missing:
        out += [i18n.md("dash.missing", lang), i18n.markdown(i18n.bullets(missing))]
    return out


def assessment(board, lang: str = "zh") -> list:
    """The end-of-plan assessment (achieved / missed by how much), or why there is none yet."""
    a = board.assessment
    if a is None:
        return [i18n.markdown(not_yet(board, lang))]
    return [
        i18n.markdown(assessed.assessment_reading(a, board.plan, lang)),
        assessed.assessment_table(a, board.plan, lang),
    ]


def drivers(board, lang: str = "zh") -> list:
    """What drove the change in intensity over the plan (sector and county decompositions);
    nothing before the assessment."""
    a = board.assessment
    if a is None:
        return []
    out = [i18n.markdown(i18n.t("dash.drivers", lang) + assessed.drivers_reading(a, lang))]
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
        i18n.markdown(i18n.t("dash.units_heading", lang) + assessed.units_reading(a, lang)),
        assessed.units_table(a, board.plan, lang),
    ]


def drafting(board, lang: str = "zh") -> list:
    """What each intensity target implies per sector and county, or why nothing is drafted."""
    out = [] if board.drafting else [i18n.markdown(no_drafting(board, lang))]
    for d in board.drafting:
        out += [i18n.markdown(drafted.drafting_reading(d, lang)), drafted.required_table(d, lang)]
        for by, frame in (("sector", d.sectors), ("county", d.counties)):
            found = drafted.inverse_table(frame, by, lang)
            out.append(found if isinstance(found, labels.Table) else i18n.markdown(found))
    return out


def behind(shown: pd.DataFrame, lang: str = "zh") -> list:
    """A sentence per target behind or missed, or that all are fine."""
    sentences = off_track_sentences(shown, lang)
    return [i18n.markdown(i18n.bullets(sentences) if sentences else i18n.t("dash.all_fine", lang))]


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
        names = target_names(board.plan, lang)
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
    return f"{r.latest:.3g}{trailing_unit(r.unit, lang)}"


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
            unit=trailing_unit(r.unit, lang),
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
