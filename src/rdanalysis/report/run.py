"""Run the report suite: parallel papermill executions (one process per report), per-report
timeouts, reuse of unchanged reports, atomic publishing to reports/latest/, an index page, a lock
against concurrent runs, and retention of the last K runs.

Layout under the output folder (default reports/):
    <run-id>/<name>.html, <name>.ipynb, run.json    every run, self-contained
    latest/<name>.html                               the last good version of each report
    index.html                                       every report, its status and links
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import platform
import shutil
import sys
import time
import traceback
from dataclasses import asdict, dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path

from rdanalysis import paths
from rdanalysis.errors import RDAnalysisError
from rdanalysis.report import config as report_config
from rdanalysis.report import html as report_html
from rdanalysis.report import workbook as report_workbook

EXIT_FAILED, EXIT_BUSY = 1, 3
#: Parallel reports run one BLAS/OpenMP thread per kernel: with several kernels each spinning a
#: thread per core, numeric work slowed down 15x on 2 cores (measured: 5.8 s alone, 91 s paired).
SINGLE_THREADED = {
    name: "1"
    for name in (
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "NUMEXPR_NUM_THREADS",
    )
}
VERSIONED = (
    "rdanalysis",
    "pandas",
    "numpy",
    "matplotlib",
    "statsmodels",
    "papermill",
    "nbconvert",
    "geopandas",
)


class BusyError(RDAnalysisError):
    """Another run holds the lock."""

    exit_code = EXIT_BUSY


@dataclass
class Outcome:
    name: str
    title: str
    status: str  # ok / reused / failed
    seconds: float = 0.0
    error: str = ""
    illustrative: bool = False
    key: str = ""


def _sha(paths_: list[Path], extra: str = "") -> str:
    h = hashlib.sha256(extra.encode())
    for p in sorted(paths_):
        h.update(str(p.name).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def fingerprints() -> dict[str, str]:
    """What a report depends on besides its notebook and parameters: the processed data, the
    package's code and resources, and the Python version."""
    code = [p for p in paths.PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return {
        "data": _sha(sorted(paths.PROCESSED.glob("*.parquet"))),
        "code": _sha(code),
        "python": platform.python_version(),
    }


def job_key(job: report_config.Job, fps: dict[str, str]) -> str:
    payload = json.dumps({"params": job.parameters, **fps}, sort_keys=True, ensure_ascii=False)
    return _sha([job.notebook], payload)


def _footer_base() -> dict:
    from rdanalysis.data import load as data

    info = data.build_info()
    sources = data.load_sources()[["path", "title", "status"]].to_dict("records")
    versions = {"python": platform.python_version()}
    for pkg in VERSIONED:
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            continue
    return {
        "sources": sources,
        "inputs": info["inputs_sha256"],
        "versions": versions,
        "observations_by_status": info["observations_by_status"],
    }


def _worker(
    job: report_config.Job, run_dir: Path, footer: dict, timeout: int, kernel: str, run_id: str
) -> None:
    """Child process: execute one notebook, render its HTML (or an error page), record it."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    os.environ.update(SINGLE_THREADED)  # inherited by the kernel this worker starts
    start = time.time()
    ipynb, page = run_dir / f"{job.name}.ipynb", run_dir / f"{job.name}.html"
    result = {"status": "ok", "error": "", "illustrative": False}
    try:
        papermill.execute_notebook(
            str(job.notebook),
            str(ipynb),
            parameters=job.parameters,
            kernel_name=kernel,
            cwd=str(paths.NOTEBOOKS),
            progress_bar=False,
            execution_timeout=timeout,
        )
        nb = nbformat.read(ipynb, as_version=4)
        result["illustrative"] = report_html.illustrative_used(nb)
        info = {
            **footer,
            "name": job.name,
            "parameters": job.parameters,
            "run_id": run_id,
            "finished": datetime.now().isoformat(timespec="seconds"),
            "seconds": time.time() - start,
        }
        text = report_html.decorate(
            report_html.notebook_html(nb), job.title, result["illustrative"], info
        )
        text = report_workbook.link(text, f"{job.name}.xlsx")
        external = report_html.external_references(text)
        if external:
            raise RuntimeError(f"the page would fetch from the network: {external}")
        report_workbook.write(
            nb, run_dir / f"{job.name}.xlsx", job.title, info, result["illustrative"]
        )
        report_html.write_atomic(page, text)
    except PapermillExecutionError as err:
        result = {
            "status": "failed",
            "illustrative": False,
            "error": f"cell {err.exec_count}: {err.ename}: {err.evalue}\n"
            + "\n".join(err.traceback),
        }
    except Exception:  # a report must never take the others down; record and move on
        result = {"status": "failed", "illustrative": False, "error": traceback.format_exc()}
    if result["status"] == "failed":
        report_html.write_atomic(
            page,
            report_html.error_page(
                job.name, job.title, job.parameters, result["error"], ipynb.name
            ),
        )
    result["seconds"] = time.time() - start
    report_html.write_atomic(run_dir / f".{job.name}.result.json", json.dumps(result))


def _kill_tree(pid: int) -> None:
    import psutil

    try:
        parent = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    for proc in [*parent.children(recursive=True), parent]:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            continue


def _execute(
    todo: list[tuple[report_config.Job, str]],
    run_dir: Path,
    n_jobs: int,
    timeout: int,
    progress: bool,
    run_id: str,
) -> dict[str, dict]:
    """Run the jobs, at most ``n_jobs`` at once, each in its own process; return their results."""
    from tqdm import tqdm

    from rdanalysis.report.notebooks import ensure_kernel

    kernel, footer = ensure_kernel(), _footer_base()
    ctx = multiprocessing.get_context("fork")
    pending, running, results = list(todo), {}, {}
    bar = tqdm(
        total=len(todo), desc="reports", unit="report", file=sys.stderr, disable=not progress
    )
    while pending or running:
        while pending and len(running) < n_jobs:
            job, _ = pending.pop(0)
            proc = ctx.Process(
                target=_worker, args=(job, run_dir, footer, timeout, kernel, run_id), daemon=False
            )
            proc.start()
            running[job.name] = (proc, job, time.time())
        time.sleep(0.2)
        for name, (proc, job, started) in list(running.items()):
            late = time.time() - started > timeout
            if proc.is_alive() and not late:
                continue
            if proc.is_alive():
                _kill_tree(proc.pid)
                proc.join(5)
            results[name] = _read_result(run_dir, job, late, timeout)
            del running[name]
            bar.set_postfix_str(f"{name}: {results[name]['status']}")
            bar.update(1)
    bar.close()
    return results


def _read_result(run_dir: Path, job: report_config.Job, late: bool, timeout: int) -> dict:
    path = run_dir / f".{job.name}.result.json"
    if path.exists() and not late:
        result = json.loads(path.read_text(encoding="utf-8"))
        path.unlink()
        return result
    error = (
        f"stopped after the {timeout}-second timeout"
        if late
        else "the worker process ended without a result"
    )
    report_html.write_atomic(
        run_dir / f"{job.name}.html",
        report_html.error_page(job.name, job.title, job.parameters, error, f"{job.name}.ipynb"),
    )
    return {"status": "failed", "error": error, "illustrative": False, "seconds": float(timeout)}


def _load_cache(out_dir: Path) -> dict:
    path = out_dir / "cache.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _reuse(entry: dict | None, out_dir: Path, run_dir: Path, name: str) -> bool:
    """Hard-link a previous run's files for an unchanged report (they survive its deletion)."""
    if not entry:
        return False
    src = out_dir / entry["run"]
    files = [src / f"{entry['name']}.html", src / f"{entry['name']}.ipynb"]
    if not all(f.exists() for f in files):
        return False
    book = src / f"{entry['name']}.xlsx"  # the report's workbook (reports before it had none)
    for f, suffix in zip([*files, book], (".html", ".ipynb", ".xlsx"), strict=False):
        if not f.exists():
            continue
        dst = run_dir / f"{name}{suffix}"
        try:
            os.link(f, dst)
        except OSError:
            shutil.copy2(f, dst)
    return True


def _publish(out_dir: Path, run_dir: Path, outcome: Outcome) -> None:
    """Copy a good report into latest/ atomically; a failed one never replaces the last good."""
    if outcome.status == "failed":
        return
    latest = out_dir / "latest"
    latest.mkdir(parents=True, exist_ok=True)
    tmp = latest / f".{outcome.name}.html.tmp"
    shutil.copyfile(run_dir / f"{outcome.name}.html", tmp)
    tmp.replace(latest / f"{outcome.name}.html")
    book = run_dir / f"{outcome.name}.xlsx"
    if book.exists():
        shutil.copyfile(book, latest / f".{outcome.name}.xlsx.tmp")
        (latest / f".{outcome.name}.xlsx.tmp").replace(latest / f"{outcome.name}.xlsx")


def _prune(out_dir: Path, keep: int) -> None:
    runs = sorted(p for p in out_dir.iterdir() if p.is_dir() and (p / "run.json").exists())
    for old in runs[:-keep] if keep > 0 else []:
        shutil.rmtree(old, ignore_errors=True)


def run(
    config_path: Path | None = None,
    only: list[str] | None = None,
    adhoc: report_config.Job | None = None,
    n_jobs: int | None = None,
    force: bool = False,
    timeout: int | None = None,
    keep: int | None = None,
    out_dir: Path | None = None,
    progress: bool = True,
) -> list[Outcome]:
    """Render the suite (or ``only`` some reports, or one ``adhoc`` job); see the module doc."""
    from filelock import FileLock, Timeout

    config = report_config.load(config_path)
    settings = config.get("settings") or {}
    job_list = [adhoc] if adhoc else report_config.jobs(config)
    if only:
        unknown = sorted(set(only) - {j.name for j in job_list})
        if unknown:
            raise RDAnalysisError(
                f"unknown report(s) {', '.join(unknown)} (see `rdanalysis report --list`)"
            )
        job_list = [j for j in job_list if j.name in only]
    out_dir = (out_dir or paths.REPORTS).resolve()
    schema_cache = out_dir / "parameters-cache.json"
    report_config.load_declared_cache(schema_cache)
    report_config.validate(job_list, config)
    out_dir.mkdir(parents=True, exist_ok=True)
    report_config.save_declared_cache(schema_cache)
    lock = FileLock(str(out_dir / ".lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BusyError(
            f"another report run is in progress (lock {out_dir / '.lock'}); nothing was run"
        ) from None
    try:
        if not (paths.PROCESSED / "build_info.json").exists():
            from rdanalysis.data import load as data

            data.load_all()  # builds data/processed on first use
        return _run_locked(job_list, out_dir, settings, n_jobs, force, timeout, keep, progress)
    finally:
        lock.release()


def _run_locked(
    job_list: list[report_config.Job],
    out_dir: Path,
    settings: dict,
    n_jobs: int | None,
    force: bool,
    timeout: int | None,
    keep: int | None,
    progress: bool,
) -> list[Outcome]:
    run_id = datetime.now().strftime("%Y%m%d-%H%M%S")
    run_dir = out_dir / run_id
    suffix = 1
    while run_dir.exists():
        run_dir, suffix = out_dir / f"{run_id}-{suffix}", suffix + 1
    run_dir.mkdir(parents=True)
    for stale in (out_dir / "latest").glob(".*.tmp") if (out_dir / "latest").exists() else []:
        stale.unlink()  # left by a run that was killed while publishing
    fps, cache = fingerprints(), _load_cache(out_dir)
    outcomes, todo = {}, []
    for job in job_list:
        key = job_key(job, fps)
        if not force and _reuse(cache.get(key), out_dir, run_dir, job.name):
            prev = cache[key]
            outcomes[job.name] = Outcome(
                job.name, job.title, "reused", 0.0, "", prev.get("illustrative", False), key
            )
        else:
            todo.append((job, key))
    timeout = timeout or int(settings.get("timeout_seconds", 900))
    results = (
        _execute(todo, run_dir, n_jobs or os.cpu_count() or 1, timeout, progress, run_dir.name)
        if todo
        else {}
    )
    for job, key in todo:
        r = results[job.name]
        outcomes[job.name] = Outcome(
            job.name, job.title, r["status"], r["seconds"], r["error"], r["illustrative"], key
        )
    ordered = [outcomes[j.name] for j in job_list]
    for o in ordered:
        _publish(out_dir, run_dir, o)
        if o.status == "ok":
            cache[o.key] = {"run": run_dir.name, "name": o.name, "illustrative": o.illustrative}
    report_html.write_atomic(
        run_dir / "run.json",
        json.dumps(
            {"run": run_dir.name, "reports": [asdict(o) for o in ordered]},
            ensure_ascii=False,
            indent=1,
        ),
    )
    report_html.write_atomic(out_dir / "cache.json", json.dumps(cache, ensure_ascii=False))
    _prune(out_dir, keep if keep is not None else int(settings.get("keep_runs", 5)))
    report_html.write_atomic(out_dir / "index.html", index_page(out_dir, run_dir.name, ordered))
    return ordered


STATUS_ZH = {"ok": "成功", "reused": "未变化,沿用", "failed": "失败"}


def index_page(out_dir: Path, run_id: str, outcomes: list[Outcome]) -> str:
    """reports/index.html: every report with its status and links, and the runs kept."""
    import html

    e = html.escape
    rows = []
    for o in outcomes:
        latest = out_dir / "latest" / f"{o.name}.html"
        link = (
            f'<a href="latest/{e(o.name)}.html">{e(o.title)}</a>' if latest.exists() else e(o.title)
        )
        this_run = f'<a href="{e(run_id)}/{e(o.name)}.html">本次输出</a>'
        if (out_dir / "latest" / f"{o.name}.xlsx").exists():
            this_run += f' <a href="latest/{e(o.name)}.xlsx">数据表(Excel)</a>'
        if (out_dir / "latest" / f"{o.name}.pdf").exists():
            this_run += f' <a href="latest/{e(o.name)}.pdf">PDF</a>'
        flag = "示例数据" if o.illustrative else ""
        note = e(o.error.splitlines()[0]) if o.error else ""
        color = {"ok": "#e8f5e9", "reused": "#f1f8e9", "failed": "#ffebee"}[o.status]
        rows.append(
            f'<tr style="background:{color}"><td>{link}</td><td>{e(o.name)}</td>'
            f"<td>{STATUS_ZH[o.status]}</td><td>{o.seconds:.1f}</td><td>{flag}</td>"
            f"<td>{this_run}</td><td>{note}</td></tr>"
        )
    runs = sorted(
        (p.name for p in out_dir.iterdir() if p.is_dir() and (p / "run.json").exists()),
        reverse=True,
    )
    failed = sum(o.status == "failed" for o in outcomes)
    summary = f"共 {len(outcomes)} 份报告,失败 {failed} 份。" + (
        "失败的报告保留上一次成功的版本(latest/)。" if failed else ""
    )
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>rdanalysis 报告'
        "</title><style>body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
        "max-width:1100px;margin:24px auto}table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}</style></head><body>"
        "<h1>通辽市全社会研发经费投入提升专项行动:分析报告</h1>"
        f"<p>运行 Run {e(run_id)}({datetime.now().isoformat(timespec='seconds')}):{summary}</p>"
        "<table><tr><th>报告</th><th>名称</th><th>状态</th><th>用时(秒)</th><th>数据</th>"
        f"<th>链接</th><th>说明</th></tr>{''.join(rows)}</table>"
        f"<p>保留的运行 Kept runs: {', '.join(e(r) for r in runs)}</p></body></html>"
    )
