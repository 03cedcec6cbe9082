"""reports/index.html, the suite's front page: every report of the suite grouped by section
(``reports.yml``: the dashboard of each plan first, then trajectories, counties, enterprises,
provinces, the data appendix), each with its title, status, data status, date and links to its
HTML, workbook and PDF; a matrix of many reports (8 counties, 31 provinces) as a compact grid.
Whatever a run rendered, the whole suite is shown with each report's last known state (a
``--only`` run updates its rows, the others keep theirs); one-off reports (``--notebook ... -p
...``) have a section of their own. The state behind it is reports/state.json.

Whether a report showed real or illustrative data comes from the facts its executed notebook
recorded in its metadata (``metadata.rdanalysis.facts``, carried here by the runner), never from
its text. The page is drawn by a Jinja2 template (``templates/rdindex``) that escapes every
string; it fetches nothing from the network.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from rdanalysis.errors import RDAnalysisError
from rdanalysis.report import config as report_config
from rdanalysis.report.publishing import html as report_html
from rdanalysis.text.i18n import has, t

if TYPE_CHECKING:
    from rdanalysis.report.config import Job
    from rdanalysis.report.outcome import Outcome

STATE = "state.json"
TEMPLATE = "rdindex/index.html.j2"
_KEPT = ("title", "status", "seconds", "error", "illustrative", "adhoc", "facts")
_GOOD = ("ok", "reused")
#: A report's outcomes as the index counts them (words: ``index.st.*`` / ``index.sts.*``).
STATUSES = ("ok", "reused", "failed", "missing")
#: What data a report showed, from its recorded statuses (``data_status``; words: ``index.d.*``).
DATA_KINDS = ("real", "partly", "illustrative", "none", "unknown")
#: A suite entry with more reports than this (a matrix) is shown as a grid, not as rows.
GRID_AFTER = 4
OTHER_SECTION = {"id": "other", "title": "", "about": ""}


def data_status(facts: dict | None) -> str:
    """``real``, ``partly`` (illustrative beside real), ``illustrative``, ``none`` (the report
    ran and showed no data row: it says what is missing) or ``unknown`` (nothing recorded: a
    failed report), from a report's facts."""
    if facts is None:
        return "unknown"
    statuses = set(facts.get("statuses") or [])
    if not statuses:
        return "none" if "statuses" in facts else "unknown"
    if "illustrative" not in statuses:
        return "real"
    return "illustrative" if statuses == {"illustrative"} else "partly"


def update(state: dict, run_id: str, outcomes: list[Outcome]) -> dict:
    """The state after this run: each report's latest outcome, with the run that produced it,
    when its pages were made, and for a failure the last good version still in latest/."""
    reports = state.get("reports") if isinstance(state.get("reports"), dict) else {}
    now = datetime.now().isoformat(timespec="seconds")
    for o in outcomes:
        entry = {k: v for k, v in asdict(o).items() if k in _KEPT}
        entry.update(run=run_id, finished=o.finished or now)
        prev = reports.get(o.name)
        if o.status == "failed" and isinstance(prev, dict):
            good = prev if prev.get("status") in _GOOD else prev.get("last_good")
            if isinstance(good, dict):
                entry["last_good"] = {k: good.get(k) for k in ("run", "finished", "facts")}
        reports[o.name] = entry
    return {"last_run": run_id, "reports": reports}


@dataclass
class Item:
    """One report as the index shows it."""

    name: str
    title: str
    label: str  # its name inside a grid (the matrix value)
    status: str  # ok / reused / failed / missing
    data: str  # real / partly / illustrative / unknown
    date: str
    html: str = ""  # links relative to the index ("" when the file is not there)
    xlsx: str = ""
    pdf: str = ""
    error: str = ""  # a failure's first line
    error_link: str = ""
    stale: bool = False  # failed, but the last good version is linked
    plan: str = ""  # a dashboard's plan, as cited
    confidential: bool = False  # it lists single enterprises: for internal use only


@dataclass
class Block:
    """Reports of a section shown together: plain rows, or a grid for a large matrix."""

    grid: bool
    items: list[Item]
    title: str = ""
    anchor: str = ""

    def count(self, attr: str, value: str) -> int:
        return sum(getattr(i, attr) == value for i in self.items)


@dataclass
class Section:
    id: str
    title: str
    about: str = ""
    blocks: list[Block] = field(default_factory=list)


def _date(iso: object) -> str:
    try:
        return datetime.fromisoformat(str(iso)).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return ""


def _link(out_dir: Path, *parts: str) -> str:
    """A link relative to the index when the file exists, else ""."""
    return "/".join(quote(p) for p in parts) if out_dir.joinpath(*parts).is_file() else ""


def _plan_label(value: object, lang: str = "zh") -> str:
    """A dashboard's plan as cited, with its kind and period (the parameter itself if the plan
    cannot be read now)."""
    plan = report_config.read_plan(value)
    if plan is None:
        return str(value)
    kind = t(f"index.kind.{plan.kind}", lang) if has(f"index.kind.{plan.kind}") else plan.kind
    number = f"({plan.number})" if plan.number else ""
    period = t("index.period", lang, start=plan.baseline_year, end=plan.target_year)
    return f"《{plan.title}》{number}· {kind} · {period}"


def item(out_dir: Path, name: str, entry: dict | None, job: Job | None, lang: str = "zh") -> Item:
    """What the index shows for report ``name`` from its state ``entry`` (None: never run)."""
    entry = entry or {}
    status = str(entry.get("status") or "missing")
    run = str(entry.get("run") or "")
    html = _link(out_dir, "latest", f"{name}.html")
    facts, finished = entry.get("facts"), entry.get("finished")
    stale = status not in _GOOD and bool(html)
    if stale:  # the reader gets the last good version: its data and date are the ones to show
        good = entry.get("last_good") or {}
        facts, finished = good.get("facts"), good.get("finished")
    lines = str(entry.get("error") or "").strip().splitlines()
    plan = (job.parameters if job else {}).get("plan")
    return Item(
        name=name,
        title=str(job.title if job else entry.get("title") or name),
        label=(job.label if job else "") or name,
        status=status,
        data=data_status(facts),
        date=_date(finished),
        html=html,
        xlsx=_link(out_dir, "latest", f"{name}.xlsx"),
        pdf=_link(out_dir, "latest", f"{name}.pdf"),
        error=_error(lines, status, entry, lang),
        error_link=_link(out_dir, run, f"{name}.error.txt") if run else "",
        stale=stale,
        plan=_plan_label(plan, lang) if plan else "",
        confidential=bool((facts or {}).get("confidential")),
    )


def _error(lines: list[str], status: str, entry: dict, lang: str) -> str:
    """What went wrong with a report, in one line (its PDF's failure where only that failed)."""
    if lines:
        return lines[0]
    if status not in _GOOD:
        return str(t("index.not_rendered", lang))
    if entry.get("pdf_error"):
        return str(t("index.pdf_failed", lang)) + str(entry["pdf_error"]).splitlines()[0]
    return ""


def _blocks(jobs: list[Job], items: dict[str, Item], groups: dict[str, str]) -> list[Block]:
    """Consecutive single reports as rows; a suite entry of more than GRID_AFTER as a grid."""
    blocks: list[Block] = []
    by_group: dict[str, list[Job]] = {}
    for job in jobs:
        by_group.setdefault(job.group or job.name, []).append(job)
    for group, members in by_group.items():
        shown = [items[j.name] for j in members]
        if len(members) > GRID_AFTER:
            title = groups.get(group) or group
            anchor = "grid-" + re.sub(r"[^A-Za-z0-9]+", "-", group).strip("-")
            blocks.append(Block(True, shown, title, anchor))
        elif blocks and not blocks[-1].grid:
            blocks[-1].items.extend(shown)
        else:
            blocks.append(Block(False, shown))
    return blocks


def sections(suite: list[Job], items: dict[str, Item], layout: dict) -> list[Section]:
    """The suite's sections in the layout's order; reports of no (known) section last."""
    other = {**OTHER_SECTION, "title": t("index.other", layout.get("lang") or "zh")}
    declared = [*layout.get("sections", []), other]
    known = {s["id"] for s in declared}
    out = []
    for s in declared:
        members = [j for j in suite if (j.section if j.section in known else "other") == s["id"]]
        if members:
            blocks = _blocks(members, items, layout.get("groups", {}))
            out.append(Section(s["id"], str(s["title"]), str(s.get("about") or ""), blocks))
    return out


def _suite(config: dict | None, reports: dict) -> tuple[list[Job], dict]:
    """The suite's reports and the index layout; when the configuration cannot be expanded (a
    one-off run beside a broken reports.yml), the non-one-off reports of the state, ungrouped."""
    try:
        suite = report_config.jobs(config) if config is not None else []
        if suite:
            return suite, report_config.index_layout(config)
    except RDAnalysisError:
        pass
    names = [n for n, r in reports.items() if isinstance(r, dict) and not r.get("adhoc")]
    return [report_config.Job(n, str(reports[n].get("title") or n), Path(n)) for n in names], {}


def run_order(name: str) -> tuple[str, int]:
    """Sort key of run folders: by time, then by the number of a run started in the same
    second ("-2" before "-10")."""
    base, number = name[:15], name[16:]  # YYYYMMDD-HHMMSS[-N]
    return base, int(number) if number.isdigit() else 0


def runs(out_dir: Path) -> list[Path]:
    """The recorded runs under ``out_dir``, oldest first."""
    found = [p for p in out_dir.iterdir() if p.is_dir() and (p / "run.json").exists()]
    return sorted(found, key=lambda p: run_order(p.name))


def page(out_dir: Path, run_id: str, state: dict, config: dict | None) -> str:
    """The index page: header (what the suite is, its data status, the last run, failures),
    the suite by section, one-off reports, the runs kept."""
    reports = state.get("reports") if isinstance(state.get("reports"), dict) else {}
    suite, layout = _suite(config, reports)
    lang = str(layout.get("lang") or "zh")
    items = {j.name: item(out_dir, j.name, reports.get(j.name), j, lang) for j in suite}
    one_offs = [
        item(out_dir, n, r, None, lang)
        for n, r in sorted(reports.items())
        if isinstance(r, dict) and r.get("adhoc")
    ]
    shown = list(items.values())
    counts = {k: sum(i.status == k for i in shown) for k in ("ok", "reused", "failed", "missing")}
    data = {k: sum(i.data == k for i in shown) for k in DATA_KINDS}
    template = report_html.templates().get_template(TEMPLATE)
    return template.render(
        t=lambda key, **values: t(key, lang, **values),
        html_lang=report_html.HTML_LANG.get(lang, "zh-CN"),
        data_keys=list(DATA_KINDS),
        status_keys=list(STATUSES),
        title=layout.get("title") or t("index.default_title", lang),
        about=layout.get("about") or "",
        run_id=run_id,
        run_record=_link(out_dir, run_id, "run.json"),
        written=datetime.now().strftime("%Y-%m-%d %H:%M"),
        total=len(shown),
        counts=counts,
        data=data,
        problems=[i for i in shown if i.status not in _GOOD or i.error],
        sections=sections(suite, items, layout),
        one_offs=one_offs,
        runs=[(r.name, _link(out_dir, r.name, "run.json")) for r in reversed(runs(out_dir))],
    )
