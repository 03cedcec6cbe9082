"""reports/index.html: the whole suite with each report's last known status, whatever a run
rendered (a ``--only`` run updates its rows, the others keep theirs), and one-off reports
(``--notebook ... -p ...``) in a section of their own. The state behind it is reports/state.json.
"""

from __future__ import annotations

import html
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdanalysis.report.config import Job
    from rdanalysis.report.run import Outcome

STATE = "state.json"
STATUS_ZH = {"ok": "成功", "reused": "未变化,沿用", "failed": "失败"}
COLOR = {"ok": "#e8f5e9", "reused": "#f1f8e9", "failed": "#ffebee"}
_KEPT = ("title", "status", "seconds", "error", "illustrative", "adhoc")


def update(state: dict, run_id: str, outcomes: list[Outcome]) -> dict:
    """The state after this run: each report's latest outcome, with the run that produced it."""
    reports = state.get("reports") if isinstance(state.get("reports"), dict) else {}
    finished = datetime.now().isoformat(timespec="seconds")
    for o in outcomes:
        entry = {k: v for k, v in asdict(o).items() if k in _KEPT}
        reports[o.name] = {**entry, "run": run_id, "finished": finished}
    return {"last_run": run_id, "reports": reports}


def _row(out_dir: Path, name: str, entry: dict) -> str:
    e = html.escape
    title = str(entry.get("title", name))
    status = str(entry.get("status", "failed"))
    latest = out_dir / "latest" / f"{name}.html"
    link = f'<a href="latest/{e(name)}.html">{e(title)}</a>' if latest.exists() else e(title)
    run = str(entry.get("run", ""))
    run_link = (
        f'<a href="{e(run)}/{e(name)}.html">{e(run)}</a>'
        if (out_dir / run / f"{name}.html").exists()
        else e(run)
    )
    for suffix, label in ((".xlsx", "数据表(Excel)"), (".pdf", "PDF")):
        if (out_dir / "latest" / f"{name}{suffix}").exists():
            link += f' <a href="latest/{e(name)}{suffix}">{label}</a>'

    error = str(entry.get("error") or "").strip().splitlines()
    note = e(error[0]) if error else ""
    if status == "failed" and (out_dir / run / f"{name}.error.txt").exists():
        note += f' (<a href="{e(run)}/{e(name)}.error.txt">详情 details</a>)'
    return (
        f'<tr style="background:{COLOR.get(status, "#ffebee")}"><td>{link}</td><td>{e(name)}'
        f"</td><td>{STATUS_ZH.get(status, e(status))}</td>"
        f"<td>{float(entry.get('seconds') or 0):.1f}</td>"
        f"<td>{'示例数据' if entry.get('illustrative') else ''}</td><td>{run_link}</td>"
        f"<td>{note}</td></tr>"
    )


def _table(rows: list[str]) -> str:
    return (
        "<table><tr><th>报告</th><th>名称</th><th>状态</th><th>用时(秒)</th><th>数据</th>"
        f"<th>运行 Run</th><th>说明</th></tr>{''.join(rows)}</table>"
    )


def page(out_dir: Path, run_id: str, state: dict, suite: list[Job]) -> str:
    """The index: the suite in reports.yml order, then one-offs, then the runs kept."""
    e = html.escape
    reports = state.get("reports", {})
    names = [j.name for j in suite] or [n for n, r in reports.items() if not r.get("adhoc")]
    titles = {j.name: j.title for j in suite}
    rows = [
        _row(
            out_dir,
            n,
            reports.get(n)
            or {
                "title": titles.get(n, n),
                "status": "failed",
                "error": "尚未生成 not rendered yet",
            },
        )
        for n in names
    ]
    one_offs = [_row(out_dir, n, r) for n, r in sorted(reports.items()) if r.get("adhoc")]
    failed = sum(
        (reports.get(n) or {}).get("status") != "ok"
        and (reports.get(n) or {}).get("status") != "reused"
        for n in names
    )
    runs = sorted(
        (p.name for p in out_dir.iterdir() if p.is_dir() and (p / "run.json").exists()),
        reverse=True,
    )
    summary = f"共 {len(names)} 份报告,失败或未生成 {failed} 份。" + (
        "失败的报告保留上一次成功的版本(latest/)。" if failed else ""
    )
    extra = f"<h2>一次性报告 One-off reports</h2>{_table(one_offs)}" if one_offs else ""
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>rdanalysis 报告'
        "</title><style>body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
        "max-width:1100px;margin:24px auto}table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}</style></head><body>"
        "<h1>通辽市全社会研发经费投入提升专项行动:分析报告</h1>"
        f"<p>最近运行 Last run {e(run_id)}({datetime.now().isoformat(timespec='seconds')}):"
        f"{summary}</p><h2>报告 Reports</h2>{_table(rows)}{extra}"
        f"<p>保留的运行 Kept runs: {', '.join(e(r) for r in runs)}</p></body></html>"
    )
