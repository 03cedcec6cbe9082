"""The dashboard's words: status names, sentences about targets behind, the task list."""

from __future__ import annotations

import pandas as pd

from rdanalysis.analysis import targets

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


def tasks_table() -> pd.DataFrame:
    reg = targets.registry()
    return pd.DataFrame(
        [
            {"任务": f"({t['number']}) {t['title']}", "责任单位": "、".join(t["responsible"])}
            for t in reg["tasks"]
        ]
    ).set_index("任务")
