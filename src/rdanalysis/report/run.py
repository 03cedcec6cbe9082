"""Run the report suite: parallel papermill executions (one process per report), per-report
timeouts, reuse of unchanged reports, atomic publishing to reports/latest/, an index page, a lock
against concurrent runs, and retention of the last K runs.

Layout under the output folder (default reports/):
    <run-id>/<name>.html, <name>.ipynb, run.json    every run, self-contained
    latest/<name>.html                               the last good version of each report
    latest/<name>.pdf                                its PDF (``--pdf``)
    index.html                                       every report, its status and links

A fault of the machine (a full disk, a folder made read-only or removed during the run, a
browser that cannot print, a damaged state file) ends the same way as a failed report: the
report it hits is marked failed with the reason, the others are published, and the run record,
the state and the index are written wherever the disk still takes them, each write that fails
said in one line on stderr. Nothing raises past :func:`run` but a mistake in the configuration
(:class:`RDAnalysisError`, before anything runs) or another run holding the lock.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import shutil
import sys
from dataclasses import asdict
from datetime import datetime
from importlib import metadata
from pathlib import Path

from filelock import FileLock, Timeout
from tqdm import tqdm

from rdanalysis import paths
from rdanalysis.data import load as data
from rdanalysis.errors import Problem, RDAnalysisError
from rdanalysis.report import config as report_config
from rdanalysis.report.execution import executor, render
from rdanalysis.report.outcome import Outcome
from rdanalysis.report.publishing import index, outputs
from rdanalysis.report.publishing import pdf as report_pdf

EXIT_FAILED, EXIT_BUSY = 1, 3
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


def headline(error: str) -> str:
    """The line that says what went wrong: the error's first line, or for a Python traceback
    the exception that matters. A chain of exceptions (one raised while handling another)
    names the machine's fault where there is one (``OSError: [Errno 28] No space left on
    device``, which a library may raise while handling an error of its own, or be masked by
    another error raised while cleaning up), else the exception finally raised."""
    lines = [ln.strip() for ln in error.strip().splitlines() if ln.strip()]
    if not lines or not lines[0].startswith("Traceback (most recent call last)"):
        return lines[0] if lines else ""
    chained = ("During handling of the above exception", "The above exception was the direct")
    raised = [lines[i - 1] for i, ln in enumerate(lines) if ln.startswith(chained)]
    raised.append(lines[-1])
    return next((ln for ln in raised if "[Errno " in ln), raised[-1])


def note(text: str) -> None:
    """One line on stderr: what the run could not do (it goes on)."""
    print(text, file=sys.stderr)


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
        "data": _sha(sorted(render.processed_dir().glob("*.parquet"))),
        "code": _sha(code),
        "python": platform.python_version(),
    }


def job_key(job: report_config.Job, fps: dict[str, str]) -> str:
    """What a report's output depends on: notebook, parameters, the files they name (a plan
    file: editing it re-runs the dashboard), data, code and Python."""
    inputs = {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in job.inputs}
    payload = json.dumps(
        {"params": job.parameters, "inputs": inputs, **fps}, sort_keys=True, ensure_ascii=False
    )
    return _sha([job.notebook], payload)


#: What the footer of every page shows from build_info.json.
BUILD_FIELDS = ("inputs_sha256", "observations_by_status")


def _check_build() -> None:
    """The processed data's build record is there and has what every page's footer shows; a
    clear error naming `rdanalysis data build` otherwise (before any report runs)."""
    info = data.build_info()  # no build, or a damaged record: its own clear error
    missing = [k for k in BUILD_FIELDS if not isinstance(info.get(k), dict)]
    if missing:
        raise RDAnalysisError(
            f"{render.processed_dir() / 'build_info.json'} lacks {', '.join(missing)} (expected "
            "the record `rdanalysis data build` writes); run `rdanalysis data build` again; "
            "nothing was run"
        )


def _footer_base() -> dict:
    info = data.build_info()
    manifest = data.load_sources()
    columns = ["path", "title", "caption_zh", "caption_en", "status"]
    sources = manifest.reindex(columns=columns).fillna("").to_dict("records")
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


def error_file(run_dir: Path, name: str) -> bool:
    """Whether a failed report's error text could be written (not on a full disk)."""
    try:
        return render.error_path(run_dir, name).is_file()
    except OSError:
        return False


def _line(name: str, result: dict, run_dir: Path | None = None) -> str:
    """The one console line of a report: name, status, seconds (and where a failure's detail is)."""
    text = f"{name:<34} {result['status']:<7} {result.get('seconds', 0.0):6.1f} s"
    if result["status"] == "failed" and run_dir is not None and error_file(run_dir, name):
        text += f"  (details: {render.error_path(run_dir, name)})"
    return text


def _execute(tasks: list[render.Task], n_jobs: int, progress: bool, warm: bool) -> dict[str, dict]:
    """Run the tasks through the executor, one console line per report as it ends."""
    bar = tqdm(
        total=len(tasks), desc="reports", unit="report", file=sys.stderr, disable=not progress
    )

    def done(task: render.Task, result: dict) -> None:
        bar.write(_line(task.name, result, task.run_dir), file=sys.stderr)
        bar.update(1)

    try:
        return executor.LocalExecutor(n_jobs, warm=warm).map(tasks, done)
    finally:
        bar.close()


def read_json(path: Path) -> dict:
    """A JSON mapping the runner wrote, or {} when it is missing, unreadable, damaged or not a
    mapping (a run killed mid-write, a full disk, an edit by hand): the caller then rebuilds
    what it held. Any case but a missing file is noted on stderr."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except OSError as err:
        note(f"note: {path} cannot be read ({outputs.reason(err)}); counted as empty")
        return {}
    except ValueError as err:
        note(f"note: {path} is damaged ({err}); counted as empty, it is written again")
        return {}
    if not isinstance(data, dict):
        note(f"note: {path} holds no JSON mapping; counted as empty, it is written again")
        return {}
    return data


def _save(path: Path, text: str) -> str:
    """``text`` at ``path``, atomically (a temporary file beside it, then renamed); "" when
    written. When the disk refuses (full, read-only, the folder gone) the temporary file is
    removed, the failure said on stderr and its reason returned. No folder is made: a reports
    folder removed during the run is not brought back half-filled."""
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as err:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        note(f"warning: could not write {path}: {outputs.reason(err)}")
        return outputs.reason(err)
    return ""


def _reuse(entry: dict | None, out_dir: Path, run_dir: Path, name: str) -> bool:
    """Hard-link a previous run's files for an unchanged report (they survive its deletion)."""
    if not isinstance(entry, dict) or not {"run", "name"} <= set(entry):
        return False
    src = out_dir / str(entry["run"])
    files = [src / f"{entry['name']}.html", src / f"{entry['name']}.ipynb"]
    if not all(f.is_file() for f in files):
        return False
    book = src / f"{entry['name']}.xlsx"  # the report's workbook (reports before it had none)
    made = []
    try:
        for f, suffix in zip([*files, book], (".html", ".ipynb", ".xlsx"), strict=True):
            if not f.is_file():
                continue
            dst = run_dir / f"{name}{suffix}"
            made.append(dst)
            try:
                os.link(f, dst)
            except OSError:
                shutil.copy2(f, dst)
    except OSError as err:  # a full disk: the report is rendered again (and fails, saying why)
        for dst in made:
            with contextlib.suppress(OSError):
                dst.unlink(missing_ok=True)
        note(f"note: {name}: the unchanged report could not be reused ({outputs.reason(err)})")
        return False
    return True


def _writable(out_dir: Path) -> None:
    """Exit 2, naming the folder, when the reports cannot be written there."""
    probe = out_dir / f".tmp-{os.getpid()}-probe"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"x")  # a byte, not an empty file: a full disk refuses it
        # a run holding the lock may already have removed it as a leftover (its name matches)
        probe.unlink(missing_ok=True)
    except OSError as err:
        with contextlib.suppress(OSError):
            probe.unlink(missing_ok=True)
        raise RDAnalysisError(
            f"{out_dir}: cannot write the reports there ({outputs.reason(err)}); make room, fix "
            "its permissions or choose another folder with --out; nothing was run"
        ) from None


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
    warm: bool = True,
    pdf: bool = False,
) -> list[Outcome]:
    """Render the suite (or ``only`` some reports, or one ``adhoc`` job); see the module doc.
    ``warm=False`` starts every report in a fresh interpreter (slower; same pages); ``pdf``
    also prints each good report to ``latest/<name>.pdf``."""
    if pdf:
        report_pdf.check()  # no Chromium or no Chinese font: exit 2 before anything runs
    config = report_config.load(config_path)
    # the suite's and its parameters' problems are listed together, by validate
    job_list, found = ([adhoc], []) if adhoc else report_config.expand(config)
    if only:
        unknown = sorted(set(only) - {j.name for j in job_list})
        if unknown and not found:
            raise RDAnalysisError(
                f"unknown report(s) {', '.join(unknown)} (see `rdanalysis report --list`)"
            )
        if unknown:  # an entry with a problem makes no report: said with the problems
            found = [
                Problem(
                    str(config["_path"]),
                    None,
                    None,
                    f"unknown report(s) {', '.join(unknown)} (see `rdanalysis report --list` "
                    "once the problems below are mended)",
                ),
                *found,
            ]
        job_list = [j for j in job_list if j.name in only]
    out_dir = (out_dir or paths.reports()).resolve()
    schema_cache = out_dir / "parameters-cache.json"
    damaged = report_config.load_declared_cache(schema_cache)
    if damaged:
        note(f"note: {schema_cache} {damaged}; counted as empty, it is written again")
    report_config.validate(job_list, config, found)
    _writable(out_dir)
    lock = FileLock(str(out_dir / ".lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BusyError(
            f"another report run is in progress (lock {out_dir / '.lock'}); nothing was run"
        ) from None
    except OSError as err:
        raise RDAnalysisError(f"{out_dir / '.lock'}: cannot take the lock ({err})") from None
    try:
        report_config.save_declared_cache(schema_cache)
        outputs.clean_leftovers(out_dir)
        _check_build()
        return _run_locked(
            job_list,
            config,
            adhoc is not None,
            out_dir,
            n_jobs,
            force,
            timeout,
            keep,
            progress,
            warm,
            pdf,
        )
    finally:
        lock.release()


def _new_run_dir(out_dir: Path) -> Path:
    """A new run folder named by the time, numbered after every run of the same second (even
    one since pruned), so that it sorts as the newest."""
    run_id = datetime.now().strftime("%Y%m%d-%H%M%S")
    same = [
        index.run_order(p.name)[1]
        for p in out_dir.glob(f"{run_id}*")
        if outputs.RUN_ID.match(p.name)
    ]
    run_dir = out_dir / (f"{run_id}-{max(same) + 1}" if same else run_id)
    try:
        run_dir.mkdir()
    except OSError as err:  # a full disk, or the folder made read-only since it was checked
        raise RDAnalysisError(
            f"{run_dir}: cannot make the run's folder ({outputs.reason(err)}); nothing was run"
        ) from None
    return run_dir


def _run_locked(
    job_list: list[report_config.Job],
    config: dict,
    adhoc: bool,
    out_dir: Path,
    n_jobs: int | None,
    force: bool,
    timeout: int | None,
    keep: int | None,
    progress: bool,
    warm: bool,
    pdf: bool = False,
) -> list[Outcome]:
    run_dir = _new_run_dir(out_dir)
    fps, cache = fingerprints(), read_json(out_dir / "cache.json")
    settings = config.get("settings") or {}
    outcomes, todo = {}, []
    timeout = timeout or int(settings.get("timeout_seconds", 900))
    for job in job_list:
        key = job_key(job, fps)
        if not force and _reuse(cache.get(key), out_dir, run_dir, job.name):
            prev = cache[key]
            outcomes[job.name] = Outcome(
                job.name,
                job.title,
                "reused",
                illustrative=bool(prev.get("illustrative")),
                key=key,
                adhoc=adhoc,
                facts=prev.get("facts"),
                finished=str(prev.get("finished") or ""),
            )
            print(_line(job.name, asdict(outcomes[job.name])), file=sys.stderr)
        else:
            todo.append((job, key))
    if todo:
        processed, footer = str(render.processed_dir()), _footer_base()
        project = str(paths.project_or_none() or "")
        tasks = [
            render.Task(job, run_dir, run_dir.name, timeout, processed, footer, project)
            for job, _ in todo
        ]
        results = _execute(tasks, n_jobs or os.cpu_count() or 1, progress, warm)
        outputs.remove_partial_files(run_dir)
        for job, key in todo:
            r = results[job.name]
            error = str(r.get("error") or "")
            first = headline(error)  # a traceback's first line says nothing: the cause first
            outcomes[job.name] = Outcome(
                job.name,
                job.title,
                r["status"],
                r.get("seconds", 0.0),
                f"{first}\n{error}" if first and not error.startswith(first) else error,
                bool(r.get("illustrative")),
                key,
                adhoc,
                r.get("facts"),
                r.get("cpu_seconds", 0.0),
                datetime.now().isoformat(timespec="seconds"),
            )
    ordered = [outcomes[j.name] for j in job_list]
    for o in ordered:
        outputs.publish(out_dir, run_dir, o)
    if pdf:
        _print_pdfs(out_dir, ordered)
    _record(out_dir, run_dir, ordered, cache)
    outputs.prune(out_dir, keep if keep is not None else int(settings.get("keep_runs", 5)))
    _write_index(out_dir, run_dir, ordered, config)
    return ordered


def _print_pdfs(out_dir: Path, ordered: list[Outcome]) -> None:
    """A PDF beside each good report in latest/. A reused report whose PDF was printed after
    its page is not printed again. A PDF that cannot be printed is recorded on its report
    (``pdf_error``) and an older PDF of it, which would show another version, is removed; the
    other PDFs are still printed."""
    latest = out_dir / "latest"

    def current(o: Outcome) -> bool:
        page, printed = latest / f"{o.name}.html", latest / f"{o.name}.pdf"
        try:
            return o.status == "reused" and printed.stat().st_mtime >= page.stat().st_mtime
        except OSError:
            return False

    todo = [o for o in ordered if o.status in ("ok", "reused") and not current(o)]

    def done(name: str, error: str, seconds: float) -> None:
        status = "PDF" if not error else "PDF failed"
        note(
            f"{name:<34} {status:<7} {seconds:6.1f} s" + (f"  ({headline(error)})" if error else "")
        )

    errors = report_pdf.print_all(latest, [o.name for o in todo], done)
    for o in todo:
        o.pdf_error = errors.get(o.name, "")
        if o.pdf_error:
            with contextlib.suppress(OSError):
                (latest / f"{o.name}.pdf").unlink(missing_ok=True)


def _record(out_dir: Path, run_dir: Path, ordered: list[Outcome], cache: dict) -> None:
    """Write the run record and the reuse cache (published reports only). Each write that
    fails (a full disk) is said on stderr; the index still says what happened."""
    for o in ordered:
        if o.status == "reused" and isinstance(cache.get(o.key), dict):
            # its files are now in this run too: the entry follows them, so that pruning the
            # run that made them (keep_runs) does not make every report run again
            cache[o.key] = {**cache[o.key], "run": run_dir.name}
        if o.status == "ok":
            cache[o.key] = {
                "run": run_dir.name,
                "name": o.name,
                "illustrative": o.illustrative,
                "facts": o.facts,  # what data it showed, from its notebook's metadata
                "finished": o.finished,
            }
    record = {"run": run_dir.name, "reports": [asdict(o) for o in ordered]}
    _save(run_dir / "run.json", json.dumps(record, ensure_ascii=False, indent=1))
    _save(out_dir / "cache.json", json.dumps(cache, ensure_ascii=False))


def _write_index(out_dir: Path, run_dir: Path, ordered: list[Outcome], config: dict) -> None:
    """The state (each report's last outcome, and why its PDF is missing) and the index page.
    When the page cannot be written, the reports it would list as published are marked failed:
    the reader of the index would not see them."""
    state = index.update(read_json(out_dir / index.STATE), run_dir.name, ordered)
    for o in ordered:  # a field index.update does not keep (the index does not show it yet)
        if o.pdf_error:
            state["reports"][o.name]["pdf_error"] = o.pdf_error
    _save(out_dir / index.STATE, json.dumps(state, ensure_ascii=False))
    try:
        why = _save(out_dir / "index.html", index.page(out_dir, run_dir.name, state, config))
    except OSError as err:  # the reports folder is gone: its runs cannot be listed
        note(f"warning: could not write {out_dir / 'index.html'}: {outputs.reason(err)}")
        why = outputs.reason(err)
    if why:
        for o in ordered:
            if o.status != "failed":
                o.status, o.error = "failed", f"index not written: {why}"
