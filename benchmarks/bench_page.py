"""Benchmark: what the exhibit layer (declared tables, page assembly, sanitiser, workbook) costs a
report, against the page assembly it replaced, in one run on this machine (not a test).

1. Six reports of the shipped suite are executed in this process through the production engine
   (report.execution.render.execute), with every declared table's construction and rendering timed
   (text.tables.Table: the spec resolution, the cells, the HTML).
2. For each executed notebook, the page and the workbook are made the current way
   (report.publishing.page.assemble + report.publishing.workbook.build) and the way of commit
   47e7d7c (nbconvert's
   HTMLExporter with that commit's template, BeautifulSoup decoration, its workbook module), read
   from the git history into a temporary folder: before and after, the same notebooks, one run.

Printed per report: its execution CPU, the tables' CPU inside it, the page + workbook CPU now
and before, and the exhibit layer's share of the report (tables + page + workbook now, minus
page + workbook before) — the issue's goal is at most 10 %.

    .venv/bin/python benchmarks/bench_page.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdanalysis import paths
from rdanalysis.report import config as report_config
from rdanalysis.report.execution import render
from rdanalysis.report.publishing import page
from rdanalysis.report.publishing import workbook as report_workbook
from rdanalysis.text import tables

BEFORE = "47e7d7c"
SHIM = (
    "from rdanalysis.text import i18n as _i18n\n"
    "has = _i18n.has\n"
    "def t(key, lang='zh', **values):\n"
    "    return _i18n.t(key, lang, **values) if _i18n.has(key) else key\n"
)
REPORTS = {
    "dashboard": ("00_dashboard.ipynb", {"n_paths": 2000}),
    "trajectory": ("01_trajectory.ipynb", {}),
    "counties": ("03_counties.ipynb", {}),
    "county-profile": ("04_county_profile.ipynb", {"county": "库伦旗"}),
    "province-profile": ("08_province_profile.ipynb", {"region": "广东省"}),
    "data-overview": ("06_data_overview.ipynb", {}),
}


def cpu() -> float:
    return time.process_time()


class TableClock:
    """Adds up the CPU spent building and rendering declared tables while it is installed."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._init, self._bundle = tables.Table.__init__, tables.Table._repr_mimebundle_

    def __enter__(self):
        clock = self

        def init(obj, *args, **kwargs):
            start = cpu()
            clock._init(obj, *args, **kwargs)
            clock.seconds += cpu() - start

        def bundle(obj, *args, **kwargs):
            start = cpu()
            out = clock._bundle(obj, *args, **kwargs)
            clock.seconds += cpu() - start
            return out

        tables.Table.__init__, tables.Table._repr_mimebundle_ = init, bundle
        return self

    def __exit__(self, *exc) -> None:
        tables.Table.__init__, tables.Table._repr_mimebundle_ = self._init, self._bundle


def legacy(folder: Path):
    """The page and workbook modules of commit BEFORE, with that commit's report template."""

    def show(path: str) -> str:
        return subprocess.run(
            ["git", "show", f"{BEFORE}:{path}"],
            cwd=paths.PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    templates = folder / "templates" / "rdreport"
    templates.mkdir(parents=True)
    for name in ("index.html.j2", "conf.json"):
        (templates / name).write_text(
            show(f"src/rdanalysis/resources/templates/rdreport/{name}"), encoding="utf-8"
        )
    modules = {}
    for name in ("html", "workbook"):
        source = (
            show(f"src/rdanalysis/report/{name}.py")
            .replace(
                "from rdanalysis.paths import RESOURCES",
                f"RESOURCES = __import__('pathlib').Path({str(folder)!r})",
            )
            # messages that commit had and today's catalogue has not: the key stands in
            .replace("from rdanalysis.text.i18n import has, t", SHIM)
            .replace("from rdanalysis.text.i18n import t", SHIM)
        )
        path = folder / f"legacy_{name}.py"
        path.write_text(source, encoding="utf-8")
        spec = importlib.util.spec_from_file_location(f"legacy_{name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules[name] = module
    return modules["html"], modules["workbook"]


def execute(name: str, notebook: str, parameters: dict, out: Path):
    from rdanalysis import facts

    facts.reset()  # each report records its own facts, as in its own worker
    job = report_config.Job(name, name, paths.NOTEBOOKS / notebook, parameters)
    task = render.Task(job, out, "bench", 900, str(render.processed_dir()))
    with TableClock() as clock:
        start = cpu()
        nb = render.execute(task, out / f"{name}.ipynb")
        seconds = cpu() - start
    return nb, seconds, clock.seconds


def _now(nb, context: dict, info: dict, illustrative: bool) -> None:
    """Today's page and workbook of an executed notebook."""
    page.assemble(nb, context)
    report_workbook.build(nb, context["name"], info, illustrative)


def _before(nb, context: dict, info: dict, illustrative: bool, legacy_: tuple) -> None:
    """The page and workbook of commit BEFORE, of the same notebook."""
    old_html, old_workbook = legacy_
    name = context["name"]
    soup = old_html.parse(old_html.notebook_html(nb))
    old_html.decorate_in(soup, name, illustrative, {"name": name, "facts": context["facts"]})
    old_html.external_references_in(soup)
    str(soup)
    old_workbook.build(nb, name, info, illustrative)


def median_cpu(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = cpu()
        fn()
        times.append(cpu() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bench-page-"))
    legacy_ = legacy(out / "legacy")
    print(f"{'report':<18}{'execute':>9}{'tables':>8}{'now':>8}{'before':>8}{'layer':>8}  share")
    shares = []
    for name, (notebook, parameters) in REPORTS.items():
        nb, run_cpu, table_cpu = execute(name, notebook, parameters, out)
        context = {
            "name": name,
            "title": name,
            "lang": "zh",
            "workbook": f"{name}.xlsx",
            "pdf": "",
            "facts": page_facts(nb),
            "sources": [],
            "tiers": [],
            "files": [],
            "parameters": [],
            "finished": "",
            "run_id": "bench",
            "versions": "",
        }
        info = {"name": name, "facts": context["facts"]}
        ill = bool(context["facts"].get("illustrative"))

        new_cpu = median_cpu(lambda a=(nb, context, info, ill): _now(*a), args.repeat)
        old_cpu = median_cpu(lambda a=(nb, context, info, ill, legacy_): _before(*a), args.repeat)
        layer = table_cpu + new_cpu - old_cpu
        report = run_cpu + old_cpu  # the report as it was: execution + the old page and workbook
        share = layer / report
        shares.append(share)
        print(
            f"{name:<18}{run_cpu:>8.2f}s{table_cpu:>7.3f}s{new_cpu:>7.3f}s{old_cpu:>7.3f}s"
            f"{layer:>+7.3f}s  {share:+.1%}"
        )
    print(
        f"exhibit layer, median share of a report's CPU: {statistics.median(shares):+.1%} "
        f"(goal: at most +10 %)"
    )


def page_facts(nb) -> dict:
    from rdanalysis.report.publishing import html as report_html

    return report_html.facts(nb)


if __name__ == "__main__":
    sys.exit(main())
