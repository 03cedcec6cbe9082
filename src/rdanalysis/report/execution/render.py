"""One report, start to finish, in the process that runs it: execute the notebook with its
parameters, take the facts it recorded into its metadata, render the HTML (or an error page),
and leave a small result file for the runner. Runs in a worker started by
``report.execution.executor``.
"""

from __future__ import annotations

import ast
import json
import os
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from rdanalysis import facts, paths, reference
from rdanalysis.data import load as data_load
from rdanalysis.errors import RDAnalysisError
from rdanalysis.report import config, titles
from rdanalysis.report.config import Job
from rdanalysis.report.publishing import html as report_html
from rdanalysis.report.publishing import page
from rdanalysis.report.publishing import workbook as report_workbook
from rdanalysis.text.i18n import t

FACTS_TAG = "rdanalysis-facts"
PROCESSED_ENV = "RDANALYSIS_PROCESSED"
FACTS_CELL = "import rdanalysis.facts as _rdanalysis_facts\n_rdanalysis_facts.emit()"


@dataclass
class Task:
    """What a worker needs to render one report (picklable: it crosses a process boundary)."""

    job: Job
    run_dir: Path
    run_id: str
    timeout: int
    processed: str  # folder of the processed tables the notebook reads
    footer: dict = field(default_factory=dict)
    project: str = ""  # the project's folder (its plans/; the notebook runs there)

    @property
    def name(self) -> str:
        return self.job.name


def result_path(run_dir: Path, name: str) -> Path:
    return run_dir / f".{name}.result.json"


def error_path(run_dir: Path, name: str) -> Path:
    return run_dir / f"{name}.error.txt"


def _with_facts_cell(notebook: Path):
    # lazy: nbformat is 0.2 s, not needed when every report is reused
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(FACTS_CELL, metadata={"tags": [FACTS_TAG]}))
    return nb


def take_facts(nb) -> dict | None:
    """Remove the runner's facts cell; return the facts it displayed (None if it never ran)."""
    found = None
    kept = []
    for cell in nb.cells:
        if FACTS_TAG not in cell.get("metadata", {}).get("tags", []):
            kept.append(cell)
            continue
        for out in cell.get("outputs", []):
            if facts.MIMETYPE in out.get("data", {}):
                found = out["data"][facts.MIMETYPE]
    nb.cells = kept
    return found


def processed_dir() -> Path:
    """The processed tables reports read: ``$RDANALYSIS_PROCESSED`` as it is now, else the
    project's data/processed (read at each run, so that a caller who changes it is heard)."""
    return paths.processed()


def _record_metadata(task: Task, ipynb: Path, nb=None):
    """The executed notebook (``nb``, else read from ``ipynb``) without the runner's facts cell
    and with the report's name, parameters and facts in its metadata, written to ``ipynb``."""
    # lazy: nbformat is 0.2 s, not needed when every report is reused
    import nbformat

    if nb is None:
        nb = nbformat.read(ipynb, as_version=4)
    recorded = take_facts(nb)
    for cell in nb.cells:  # papermill gives its cell a random id: make pages reproducible
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell.id = "injected-parameters"
    # papermill records what it was given as its input: here the notebook itself (with the
    # runner's cell), which would double the file; the notebook's path is what it means
    nb.metadata.setdefault("papermill", {})["input_path"] = str(task.job.notebook)
    nb.metadata["rdanalysis"] = {
        "report": task.job.name,
        "notebook": task.job.notebook.name,
        "parameters": task.job.parameters,
        "facts": recorded,
    }
    nbformat.write(nb, ipynb)
    return nb


def execute(task: Task, ipynb: Path):
    """Run the notebook through papermill's in-process engine; return the executed notebook."""
    # lazy: papermill 0.35 s + engine 0.44 s, only when a report executes
    import papermill

    from rdanalysis.report.execution import engine

    try:
        nb = papermill.execute_notebook(
            _with_facts_cell(task.job.notebook),
            str(ipynb),
            parameters=task.job.parameters,
            engine_name=engine.NAME,
            kernel_name="python3",
            language="python",
            cwd=task.project or str(paths.NOTEBOOKS),
            progress_bar=False,
            request_save_on_cell_execute=False,
        )
    except Exception:
        if ipynb.exists():  # the kept notebook is the reader's: without the runner's cell
            _record_metadata(task, ipynb)
        raise
    return _record_metadata(task, ipynb, nb)  # the notebook papermill has just written


def _page(task: Task, nb, seconds: float) -> tuple[str, dict, page.Page]:
    """The report's HTML page, the footer facts it shows, and its blocks."""
    recorded = report_html.facts(nb)
    lang = language(task)
    finished = datetime.now().isoformat(timespec="seconds")
    info = {
        **task.footer,
        "name": task.job.name,
        "parameters": task.job.parameters,
        "facts": recorded,
        "run_id": task.run_id,
        "finished": finished,
        "seconds": seconds,
    }
    shown_title = title(task, nb)
    if recorded.get("confidential"):  # single firms listed: the title says it is internal
        shown_title = str(t("report.confidential_title", lang, title=shown_title))
    context = {
        "name": task.job.name,
        "title": shown_title,
        "lang": lang,
        "workbook": f"{task.job.name}.xlsx",
        "pdf": "",
        "facts": recorded,
        "sources": page.sources(recorded, lang),
        "tiers": page.tiers(recorded, lang),
        "files": page.files(recorded, task.footer, lang),
        "parameters": page.parameters(task.job.parameters, lang),
        "finished": finished.replace("T", " "),
        "run_id": task.run_id,
        "versions": page.versions(task.footer),
    }
    info["parameter_labels"] = context["parameters"]
    text, blocks = page.assemble(nb, context)
    return text, info, blocks


def title(task: Task, nb) -> str:
    """The report's title: the suite's (Chinese) where the suite gives one, else the report's
    first heading (its own words, in its language)."""
    if language(task) == "zh":
        return task.job.title
    shown = titles.title(task.job.notebook, task.job.parameters, config.declared(task.job.notebook))
    return shown if shown != task.job.notebook.stem else report_html.first_heading(nb) or shown


def language(task: Task) -> str:
    """The report's language: its ``lang`` parameter (validated before the run), else Chinese."""
    return str(task.job.parameters.get("lang", "zh"))


def error_page(task: Task, error: str, notebook_link: str) -> str:
    """The page of a report that failed, in its language. Its title is the suite's (Chinese), or
    in English the report's name (no notebook to take an English heading from)."""
    lang = language(task)
    shown = task.job.title if lang == "zh" else task.name
    return report_html.error_page(task.name, shown, task.job.parameters, error, notebook_link, lang)


def record_failure(task: Task, error: str) -> None:
    """A failed report's error text and its error page (linking the executed notebook), in its
    run folder: written by the worker when the notebook fails, by the runner when the worker
    left no result."""
    run_dir, name = task.run_dir, task.name
    report_html.write_atomic(error_path(run_dir, name), error)
    report_html.write_atomic(run_dir / f"{name}.html", error_page(task, error, f"{name}.ipynb"))


#: The parameters that name what a report is about (in this order), and the plan's region.
SUBJECT_PARAMETERS = ("region", "parent", "county")


def subject(job: Job, regions: reference.Hierarchy) -> str | None:
    """The region a report is about: its region, parent or county parameter (the notebook's
    default when not given), or its plan's region; None when it names none."""
    declared = config.declared(job.notebook)
    for name in SUBJECT_PARAMETERS:
        if name in job.parameters:
            value = job.parameters[name]
        elif name in declared:
            try:
                value = ast.literal_eval(str(declared[name]["default"]))
            except (ValueError, SyntaxError):
                continue
        else:
            continue
        if value == "全市":  # the enterprise report's whole city: the enterprises' own city
            return None
        return regions.resolve(str(value)) if isinstance(value, str) else None
    if "plan" in job.parameters:
        plan = config.read_plan(job.parameters["plan"])
        return plan.region if plan is not None else None
    return None


def refuse_other_region(task: Task, shown: dict, regions: reference.Hierarchy) -> None:
    """A report whose figures are all of regions outside its subject's family (itself, its
    parents, its sub-regions) shows a result for another region than the one asked: it fails,
    and the page is not published."""
    about = subject(task.job, regions)
    found = set(shown.get("regions") or ())
    if about is None or about not in regions or not found:
        return
    if found & set(regions.family(about)):
        return
    raise RDAnalysisError(
        f"report '{task.name}' was asked for {about} but shows figures of "
        f"{', '.join(sorted(found)[:5])} only: a result for another region is not published"
    )


def _error(err: BaseException) -> str:
    # lazy: papermill, 0.35 s (see execute)
    from papermill.exceptions import PapermillExecutionError

    if isinstance(err, PapermillExecutionError):
        return f"cell {err.exec_count}: {err.ename}: {err.evalue}\n" + "\n".join(err.traceback)
    return "".join(traceback.format_exception(err))


def render(task: Task) -> None:
    """Worker entry point: execute, render, record. A failure is recorded, never raised."""
    os.environ[PROCESSED_ENV] = task.processed
    if task.project:
        os.environ[paths.PROJECT_ENV] = task.project
    start = time.time()
    run_dir, name = task.run_dir, task.job.name
    ipynb, page = run_dir / f"{name}.ipynb", run_dir / f"{name}.html"
    result = {"status": "ok", "error": "", "illustrative": False, "facts": None}
    try:
        # the report reads names against its build's regions (those its regions.csv declares
        # too): the tables carry them to the analysis; the words and charts read them here
        regions = data_load.hierarchy()
        with reference.using(regions):
            nb = execute(task, ipynb)
        refuse_other_region(task, report_html.facts(nb), regions)
        text, info, blocks = _page(task, nb, time.time() - start)
        result["dropped"] = blocks.dropped
        result["facts"] = report_html.facts(nb)
        result["illustrative"] = result["facts"]["illustrative"]
        report_workbook.write(
            nb,
            run_dir / f"{name}.xlsx",
            title(task, nb),
            info,
            result["illustrative"],
            language(task),
        )
        report_html.write_atomic(page, text)
    except Exception as err:  # a report must never take the others down; record and move on
        result.update(status="failed", error=_error(err))
        record_failure(task, result["error"])
    result["seconds"] = time.time() - start
    result["cpu_seconds"] = time.process_time()  # this process's CPU: a forked worker's own
    report_html.write_atomic(result_path(run_dir, name), json.dumps(result, ensure_ascii=False))
