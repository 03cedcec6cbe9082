"""The dashboard's words: status names, the reason for each status, sentences about targets
behind or missed, the task list, and the readings of the assessment and the drafting tables."""

from __future__ import annotations

import pandas as pd

from rdanalysis import reference
from rdanalysis.text import labels

STATUS_ZH = {
    "achieved": "达到目标",
    "on_track": "按期推进",
    "at_risk": "存在风险",
    "off_track": "偏离目标",
    "no_data": "无数据",
}
#: A plain dot, coloured by status in the dashboard (emoji need a colour-emoji font, which
#: intranet Linux machines often lack); the status is also written in words.
STATUS_LIGHT = dict.fromkeys(("achieved", "on_track", "at_risk", "off_track", "no_data"), "●")


def _chance(p: float) -> str:
    """A simulated probability in words without false precision: never '0%' or '100%' (a finite
    number of paths cannot show either), '不足1%' / '超过99%' at the ends."""
    if p < 0.01:
        return "不足1%"
    if p > 0.99:
        return "超过99%"
    return f"约{p:.0%}"


def _name(code: str) -> str:
    """A sector code in words (county names and 'GDP' pass through)."""
    return reference.sectors().get(code, code)


OUTCOME_ZH = {"achieved": "已完成", "missed": "未完成", "no_data": "无目标年数据"}
DATA_ZH = {"illustrative": "示例数据", "real": "真实数据", "none": "无数据"}
KIND_ZH = {"official": "正式文件", "draft": "草案", "example": "示例(非正式文件)"}
DIRECTION_ZH = {"at_least": "不低于", "at_most": "不高于"}
DEFAULT_RULE_TEXT = (
    "达到目标:最新值已达到目标。按期推进:按近期速度外推到目标年可达到目标,或预测达标概率≥{on:.0%}。"
    "存在风险:所需速度不超过近期速度的{ratio:g}倍,或达标概率≥{risk:.0%}。"
    "偏离目标:其余情况,或目标年已到仍未达到。近期速度为最近{years}年的年均变化。"
)


def reason(ev) -> str:
    """Why an evaluation has its status, in one clause."""
    v, r = ev.reason_values, ev.reason
    if r == "no_metric":
        return f"项目尚无此项数据;需要:{ev.target.data}"
    if r == "no_data":
        return f"无数据;需要:{ev.target.data}"
    if r == "achieved":
        return f"最新值{v['latest']:.3g}已达到目标{v['target']:g}"
    if r == "target_year_passed":
        return "目标年已到,仍未达到"
    if r == "probability_on":
        return f"预测达标概率{_chance(v['probability'])}≥{v['threshold']:.0%}"
    if r in ("probability_risk", "probability_off"):
        return f"预测达标概率{_chance(v['probability'])}"
    if r == "projection":
        return f"按近期速度外推至目标年为{v['projected']:.3g}"
    if r == "pace_ratio":
        return f"所需速度为近期速度的{v['ratio']:.1f}倍"
    pace = f"近期速度{v['recent']:.3g}/年" if v.get("recent") is not None else "近期速度未知"
    return f"所需速度{v['required']:.3g}/年,{pace}"


def sources(board) -> str:
    """The sources of every series on the dashboard, for a caption."""
    from rdanalysis.analysis import targets

    return ";".join(targets.sources(board.evaluations))


def rule_text(plan) -> str:
    """The plan's status rule as written in it, or stated from its numbers."""
    rule = plan.status_rule
    return rule.text or DEFAULT_RULE_TEXT.format(
        on=rule.on_track_probability,
        ratio=rule.at_risk_pace_ratio,
        risk=rule.at_risk_probability,
        years=rule.recent_years,
    )


def dashboard_table(board) -> pd.DataFrame:
    """The dashboard's table with the words: light, status, reason, data status."""
    t = board.table.copy()
    t["light"] = t["status"].map(STATUS_LIGHT)
    t["status_zh"] = t["status"].map(STATUS_ZH)
    t["reason"] = [reason(ev) for ev in board.evaluations]
    t["data_status"] = t["data"].map(DATA_ZH)
    return t


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
        t = board.assessment.results.copy()
        t.insert(t.columns.get_loc("outcome"), "outcome_code", t["outcome"])
        t["outcome"] = t["outcome"].map(OUTCOME_ZH)
    else:
        shown = dashboard_table(board)
        t = shown[["id", *(c for c in DASHBOARD_COLUMNS if c not in ("light", "status_zh"))]]
        t.insert(t.columns.get_loc("reason"), "status", shown["status_zh"])
        t.insert(t.columns.get_loc("reason"), "status_code", shown["status"])
    for col in YEAR_COLUMNS:
        if col in t:
            t[col] = pd.to_numeric(t[col]).astype("Int64")
    return t.astype(object).where(t.notna(), None)


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


def off_track_sentences(table: pd.DataFrame) -> list[str]:
    """For each target off track or at risk: what is behind and who is responsible."""
    out = []
    for r in table[table["status"].isin(["off_track", "at_risk"])].itertuples():
        latest = "无数据" if r.latest is None or pd.isna(r.latest) else f"{r.latest:.3g}{r.unit}"
        out.append(
            f"**{r.target_name}**({r.status_zh}):最新{latest}({r.latest_year}年),目标"
            f"{r.target:g}{r.unit};{r.reason}。责任单位:{r.responsible}。"
        )
    return out


def no_data_sentences(table: pd.DataFrame) -> list[str]:
    """For each target without data: what data would feed it."""
    return [
        f"**{r.target_name}**:无数据。需要的数据:{r.data_needed}。"
        for r in table[table["data"] == "none"].itertuples()
    ]


def tasks_table(plan) -> pd.DataFrame:
    """The plan's tasks and their responsible units."""
    return pd.DataFrame(
        [
            {"任务": f"({t.number}) {t.title}", "责任单位": "、".join(t.responsible)}
            for t in plan.tasks
        ],
        columns=["任务", "责任单位"],
    ).set_index("任务")


def headline(board) -> str:
    """One line: the plan, its mode and how many targets are in each status."""
    plan = board.plan
    counts = board.table["status"].map(STATUS_ZH).value_counts()
    summary = ",".join(f"{k}{v}项" for k, v in counts.items())
    if board.mode == "assessment":
        res = board.assessment.results["outcome"].map(OUTCOME_ZH).value_counts()
        done = ",".join(f"{k}{v}项" for k, v in res.items())
        return (
            f"**{plan.label}期末评估:{plan.target_year}年数据已有,{len(board.table)}项目标中"
            f"{done}。**"
        )
    latest = f"最新数据年份{board.latest_year}年" if board.latest_year else "尚无数据"
    return f"**{plan.label}:{plan.target_year}年目标{len(board.table)}项,{latest};{summary}。**"


def plan_summary(plan) -> pd.DataFrame:
    """The plan's particulars as a two-column table (for the report and the workbook)."""
    rows = {
        "文件": plan.label,
        "文件性质": KIND_ZH[plan.kind],
        "地区": plan.region,
        "基期年": plan.baseline_year,
        "目标年": plan.target_year,
        "目标数": len(plan.targets),
        "计划文件": plan.name,
    }
    if plan.note:
        rows["说明"] = plan.note
    return pd.DataFrame({"项目": list(rows), "内容": list(rows.values())}).set_index("项目")


# --- the end-of-plan assessment -----------------------------------------------------------------

ASSESSMENT_COLUMNS = {
    "target_name": "目标",
    "unit": "单位",
    "baseline_year": "基期年",
    "baseline": "基期值",
    "final_year": "目标年",
    "final": "目标年实际值",
    "target": "目标值",
    "outcome_zh": "结果",
    "shortfall": "差距(目标单位)",
    "shortfall_pct": "差距(占目标%)",
    "responsible": "责任单位",
}


def assessment_table(a):
    t = a.results.assign(outcome_zh=a.results["outcome"].map(OUTCOME_ZH))
    shown = t[list(ASSESSMENT_COLUMNS)].rename(columns=ASSESSMENT_COLUMNS).set_index("目标")
    return shown.style.format(
        {
            "基期年": "{:.0f}",
            "基期值": "{:.3g}",
            "目标年实际值": "{:.3g}",
            "目标值": "{:g}",
            "差距(目标单位)": "{:.3g}",
            "差距(占目标%)": "{:.1f}",
        },
        na_rep="—",
    )


def assessment_reading(a) -> str:
    missed = a.missed
    n = len(a.results)
    if missed.empty:
        return f"{a.final_year}年{n}项目标中没有未完成的目标。"
    worst = missed.sort_values("shortfall_pct", ascending=False).iloc[0]
    return (
        f"{a.final_year}年{n}项目标中{len(missed)}项未完成;差距最大的是{worst['target_name']}"
        f"(实际{worst['final']:.3g}{worst['unit']},目标{worst['target']:g}{worst['unit']},"
        f"差{worst['shortfall']:.3g}{worst['unit']},占目标的{worst['shortfall_pct']:.0f}%)。"
    )


def units_table(a) -> pd.DataFrame:
    cols = {
        "responsible": "责任单位",
        "n_targets": "牵头/参与目标数(项)",
        "n_missed": "未完成目标数(项)",
        "missed_targets": "未完成的目标",
    }
    return a.units.rename(columns=cols).set_index("责任单位")


def units_reading(a) -> str:
    behind = a.units[a.units["n_missed"] > 0]
    if behind.empty:
        return "没有责任单位的目标未完成。"
    names = "、".join(f"{r.responsible}({r.n_missed}项)" for r in behind.itertuples())
    return f"有未完成目标的责任单位:{names}。"


def path_table(a) -> pd.DataFrame:
    cols = {
        "target_name": "目标",
        "unit": "单位",
        "year": "年份",
        "actual": "实际值",
        "required": "按直线路径应达到",
    }
    return a.paths.rename(columns=cols).set_index(["目标", "年份"])


def drivers_reading(a) -> str:
    parts = []
    for by, zh in (("sector", "执行主体"), ("county", "旗县市区")):
        found = getattr(a, by)
        if found is None:
            parts.append(f"按{zh}的分解无法计算({a.decomposition_notes.get(by, '')})")
            continue
        frame, meta = found
        top = frame.groupby("unit")["effect_pp"].sum().sort_values()
        lead = top.index[-1] if top.iloc[-1] >= abs(top.iloc[0]) else top.index[0]
        parts.append(
            f"按{zh}:{meta['from']}–{meta['to']}年强度变化{meta['change_pp']:+.3f}个百分点,"
            f"作用最大的是{_name(lead)}({top[lead]:+.3f}个百分点)"
        )
    return ";".join(parts) + "。"


# --- drafting the next plan ---------------------------------------------------------------------


def drafting_reading(d) -> str:
    mid = d.required.iloc[len(d.required) // 2]
    prob = f",按当前趋势达标概率{_chance(d.probability)}" if d.probability is not None else ""
    return (
        f"从{d.last_year}年的{d.last_pct:.2f}%到{d.target_year}年{d.target_pct:g}%:若名义GDP年增"
        f"{mid['gdp_growth_pct']:.0f}%,R&D经费需年均增长{mid['rd_growth_pct']:.1f}%(强度年均提高"
        f"{mid['linear_pp_per_year']:.3f}个百分点){prob}。各执行主体、各旗县市区保持现有占比时,"
        f"都须按同一增速增长;下表给出各自需要达到的金额。"
    )


def inverse_table(frame: pd.DataFrame, by: str):
    cols = {
        by: "执行主体" if by == "sector" else "旗县市区",
        "share_pct": "占全市R&D经费比重(%)",
        "rd_last_100m_yuan": "最新R&D经费(亿元)",
        "rd_needed_100m_yuan": "目标年需达到(亿元)",
        "extra_100m_yuan": "需增加(亿元)",
        "rd_growth_pct": "所需年均增速(%)",
        "gdp_needed_year_100m_yuan": "目标年GDP(亿元,按情景增速)",
        "intensity_now_pct": "最新强度(%)",
        "intensity_implied_pct": "目标年隐含强度(%)",
    }
    if frame.empty:
        what = "执行主体" if by == "sector" else "旗县市区"
        return pd.DataFrame({"说明": [f"没有按{what}分的R&D经费数据,无法测算。"]})
    out = frame.copy()
    if by == "sector":
        out[by] = out[by].map(_name)
    return _rounded(out.rename(columns=cols).set_index(cols[by]))


def _rounded(frame: pd.DataFrame, digits: int = 2):
    """The frame for display with ``digits`` decimals (the workbook keeps full precision)."""
    numeric = frame.select_dtypes("number").columns
    return frame.style.format(dict.fromkeys(numeric, f"{{:.{digits}f}}"), na_rep="—")


def required_table(d):
    """The required-growth scenarios of a drafting target, with Chinese headers and units."""
    return _rounded(labels.zh(d.required))


def trajectories_reading(board) -> str:
    t = board.table
    if board.mode == "assessment":
        res = board.assessment.results
        return (
            f"{len(t)}项目标中{(res['outcome'] == 'achieved').sum()}项到{board.plan.target_year}年"
            f"已完成,{(res['outcome'] == 'missed').sum()}项未完成;红点线为从基期到目标的直线路径。"
        )
    return (
        f"{len(t)}项目标中{(t['status'] == 'achieved').sum()}项已达到,"
        f"{(t['status'] == 'off_track').sum()}项偏离目标,{(t['data'] == 'none').sum()}项无数据。"
    )


def not_yet(board) -> str:
    latest = f"最新数据为{board.latest_year}年" if board.latest_year else "尚无数据"
    return (
        f"目标年{board.plan.target_year}年的数据尚未发布({latest}):本看板为展望。"
        "数据覆盖目标年后,这里自动给出期末评估。"
    )


def no_drafting(board) -> str:
    if board.mode == "assessment":
        return "本计划已到目标年(见上方期末评估);测算下一期目标请使用新的计划文件。"
    return "本计划没有以R&D经费投入强度计量且有数据的目标,无法测算。"
