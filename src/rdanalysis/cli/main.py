"""The ``rdanalysis`` command. User mistakes print a clear message and exit 2, never a traceback."""

from __future__ import annotations

import filecmp
import heapq
import os
import sys
from pathlib import Path

import click

from rdanalysis import paths
from rdanalysis.cli.format import echo, emit_forecast, emit_table
from rdanalysis.errors import Problem, RDAnalysisError, errors_only

# Each command imports the layers it uses inside its function (lazy): `import rdanalysis.cli.main`
# takes 0.04 s, importing every command's layers at the top 1.4 s more (measured: median of 3),
# which --help, `report --list` and a mistyped option would all pay.

EXIT_USER_ERROR = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as the shell reports a program stopped by Ctrl-C
FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)


#: At most this many problems are printed; the rest are counted (a file may hold millions).
MAX_PRINTED_PROBLEMS = 200


def _print_problems(problems: list[Problem], err: bool = False) -> None:
    """The first ``MAX_PRINTED_PROBLEMS`` problems by file and row (errors first within a row),
    then a count of the rest (picked without sorting them all: a file can hold millions)."""
    shown = heapq.nsmallest(
        MAX_PRINTED_PROBLEMS, problems, key=lambda p: (p.file, p.row or 0, p.severity != "error")
    )
    if shown:
        echo("\n".join(str(p) for p in shown), err=err)
    if len(problems) > len(shown):
        n_rest = len(problems) - len(shown)
        n_err = len(errors_only(problems)) - len(errors_only(shown))
        echo(
            f"… and {n_rest:,} more problem(s) not shown ({n_err:,} error(s), "
            f"{n_rest - n_err:,} note(s)); the first {MAX_PRINTED_PROBLEMS} are above",
            err=err,
        )


def _parse_params(values: tuple[str, ...]) -> dict:
    """``-p name=value`` pairs; values are read as YAML scalars or lists (``useryaml``: tags
    and aliases refused)."""
    # lazy: --help starts in 0.09 s, 1.8 s with every layer (note at the top)
    from rdanalysis.data import useryaml

    out = {}
    for item in values:
        name, sep, raw = item.partition("=")
        if not sep or not name:
            raise RDAnalysisError(
                f"parameter '{item}' is not name=value (expected e.g. -p region=通辽市)"
            )
        try:  # tags and aliases refused
            out[name.strip()] = useryaml.value(raw, f"parameter '{name}'")
        except RDAnalysisError as err:
            first = err.problems[0] if err.problems else None
            problem = first.problem if first else str(err)
            hint = f"; expected {first.expected}" if first and first.expected else ""
            raise RDAnalysisError(
                f"parameter '{name}': cannot read {raw!r} ({problem}{hint})"
            ) from None
    return out


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rdanalysis", prog_name="rdanalysis")
@click.option(
    "--project",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The project's folder (default: $RDANALYSIS_PROJECT, else the nearest folder from here "
    "upwards holding reports.yml).",
)
def cli(project: Path | None) -> None:
    """rdanalysis: track a city's R&D-spending plan (Tongliao's 2023 action plan is the worked
    example: 《通辽市全社会研发经费投入提升专项行动方案》, 通政办发〔2023〕62号).

    Start a project for any region with `rdanalysis init DIR --region NAME`, then `cd DIR` and
    `rdanalysis run`. Data flows one way: the shipped public data and your data/user ->
    data/processed -> analysis -> notebooks -> reports.
    Exit codes: 0 ok; 1 a failed report (or a bug); 2 bad input or parameters (the message
    names the file, row, column or parameter), or no project here; 3 another report run is in
    progress.
    """
    if project is not None:  # the commands, and the report processes, find it there
        os.environ[paths.PROJECT_ENV] = str(project.expanduser().resolve())


def _project() -> dict:
    """The project's settings (reports.yml ``project:``); a clear error outside a project."""
    # lazy: --help starts in 0.09 s, 1.8 s with every layer (note at the top)
    from rdanalysis.report import config as report_config

    return report_config.project()


def _region(region: str | None) -> str:
    """--region as given, else the project's region."""
    return region if region is not None else str(_project()["region"])


@cli.group()
def data() -> None:
    """Build, check and describe the data (data/raw, your files, data/processed)."""


@data.command("build")
@click.option(
    "--user-data",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of your own statistics in the template format "
    "(default: $RDANALYSIS_USER_DATA or data/user).",
)
@click.option(
    "--no-illustrative", is_flag=True, help="Leave the illustrative Tongliao dataset out entirely."
)
def data_build(user_data: Path | None, no_illustrative: bool) -> None:
    """Validate every input and write the processed tables (nothing is written on failure)."""
    _build(user_data, no_illustrative)


def _build(user_data: Path | None, no_illustrative: bool) -> None:
    """The project's build: its data/user (or --user-data), the shipped public data, and the
    illustrative Tongliao dataset where the project says so (reports.yml project:)."""
    # lazy: --help starts in 0.09 s, 1.8 s with every layer (note at the top)
    from rdanalysis.data import build

    illustrative = bool(_project()["illustrative"]) and not no_illustrative
    user_data = _user_data_folder(user_data, paths)
    result = build.build(user_data, include_illustrative=illustrative)
    notes = [p for p in result.problems if p.severity != "error"]
    counts = result.tables["observations"]["status"].value_counts().to_dict()
    echo(f"wrote {len(result.tables)} tables to {paths.processed()}")
    echo("observations by status: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for line in result.summary:
        echo(line)
    if notes:
        echo(f"{len(notes)} note(s); see {paths.processed() / 'build_info.json'}")


def _user_data_folder(option: Path | None, paths) -> Path:
    """--user-data, else $RDANALYSIS_USER_DATA, else data/user; a named folder must exist."""
    if option is not None:
        if not option.is_dir():
            raise RDAnalysisError(f"--user-data {option}: folder not found")
        return option
    folder = paths.user_data_dir()
    if os.environ.get(paths.USER_DATA_ENV) and not folder.is_dir():
        raise RDAnalysisError(
            f"{paths.USER_DATA_ENV}={os.environ[paths.USER_DATA_ENV]}: folder not found "
            "(expected a folder of your template files; unset it to use data/user)"
        )
    return folder


@data.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def data_check(files: tuple[Path, ...]) -> None:
    """Check template files, or a folder as the build reads it (its regions.csv, its data
    files, and a note for each file it does not read); print every problem as
    file:row:column: problem (expected ...)."""
    # lazy: --help starts in 0.09 s, 1.8 s with every layer (note at the top)
    from rdanalysis import reference
    from rdanalysis.data import build, template, user_regions

    paths, problems, regions = [], [], reference.known()
    for item in files:
        if not item.is_dir() or item.suffix.lower() in build.READ_SUFFIXES:
            paths.append(item)  # a folder named like a file is refused as one
            continue
        _, declared, _, regions = user_regions.declare(item)  # its regions.csv, read first
        problems += declared + build.unread_files(item)
        found = build.user_files(item)
        if not found:
            what = "holds no .csv, .xlsx or .xlsm file"
            problems.append(Problem(str(item), None, None, what, "your template files"))
        paths += found
    pub, _, _ = build.public_observations()
    with reference.using(regions):
        result = template.read_files(
            paths,
            build.reference_gdp(pub),
            build.reference_population(pub),
            build.reference_series(pub),
        )
    problems += result.problems
    _print_problems(problems)
    errors = errors_only(problems)
    n_rows = len(result.measures) + len(result.enterprises)
    echo(
        f"{len(paths)} file(s) checked: {n_rows} value(s) read, {len(errors)} error(s), "
        f"{len(problems) - len(errors)} note(s)"
    )
    if errors:
        sys.exit(EXIT_USER_ERROR)


@data.command("illustrate")
@click.option("--check", is_flag=True, help="Only verify that the committed files match the seed.")
def data_illustrate(check: bool) -> None:
    """Regenerate the ILLUSTRATIVE Tongliao dataset in data/raw/illustrative (seeded)."""
    import tempfile  # lazy: 4 ms of every command's start

    # lazy: --help starts in 0.09 s, 1.8 s with every layer (note at the top)
    from rdanalysis.data import illustrative

    if not check:
        for path in illustrative.generate(paths.RAW_ILLUSTRATIVE):
            echo(f"wrote {path}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        fresh = illustrative.generate(Path(tmp))
        bad = [p.name for p in fresh if not filecmp.cmp(p, paths.RAW_ILLUSTRATIVE / p.name, False)]
    if bad:
        raise RDAnalysisError(f"illustrative files differ from the generator: {', '.join(bad)}")
    echo("illustrative files match the generator")


@data.command("template")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder to write the template files into (default: templates/).",
)
def data_template(out: Path | None) -> None:
    """Write the blank data templates (CSV and XLSX) for your own statistics."""
    # lazy: --help starts in 0.09 s, 1.8 s with every layer (note at the top)
    from rdanalysis.data import blank_templates

    for path in blank_templates.write_templates(out or paths.templates()):
        echo(f"wrote {path}")


@data.command("sources")
@click.option(
    "--figures",
    is_flag=True,
    help="Also list every published figure with its source tier and publication.",
)
@click.option("--region", default=None, help="Only the figures of this region (with --figures).")
def data_sources(figures: bool, region: str | None) -> None:
    """List the raw files with their provenance, then the source tier of the published figures:
    how many each tier holds and the publications behind them (tier 1: the publisher's own site;
    2: the official publication read from a copy; 3: quoted second-hand)."""
    # lazy: --help starts in 0.09 s, 1.8 s with every layer (note at the top)
    import pandas as pd

    # lazy: --help starts in 0.09 s, 1.8 s with every layer (note at the top)
    from rdanalysis import reference
    from rdanalysis.analysis import indicators
    from rdanalysis.data import build

    for entry in build.manifest():
        echo(
            f"{entry['path']}\n  {entry['title']}\n  producer: {entry['producer']}\n"
            f"  url: {entry['url']}\n  accessed: {entry['accessed']}; licence: "
            f"{entry['licence']}; status: {entry['status']}"
        )
    obs, disagreements, _, _ = build.published_figures()
    click.echo(
        "\nSource tiers of the published figures (1: publisher's own site; 2: official "
        "publication read from a copy; 3: quoted second-hand):"
    )
    with pd.option_context("display.width", 200, "display.max_colwidth", 80):
        click.echo(indicators.tier_summary(obs).to_string(index=False))
        click.echo("\nPublications, best tier first:")
        for _, row in indicators.publication_table(obs).iterrows():
            click.echo(
                f"[tier {row['tier']}] {row['source']}"
                + "".join(f"; {row[c]}" for c in ("publisher", "publication_date") if row[c])
                + f"\n  {row['figures']} figure(s), {row['checked']} checked"
                + (f"; official: {row['official_url']}" if row["official_url"] else "")
                + f"\n  read: {row['source_url'] or '(no address)'}"
            )
        click.echo(f"\nDisagreements between copies of one figure: {len(disagreements)}")
        if not disagreements.empty:
            click.echo(disagreements.to_string(index=False))
        if figures:
            if region is not None:
                name = reference.resolve_region(region)
                if name is None:
                    raise RDAnalysisError(f"--region '{region}': not a known region")
                obs = obs[obs["region"] == name]
            cols = ["region", "year", "period", "measure", "sector", "population_type", "basis"]
            cols += ["vintage", "value", "unit"]
            cols += ["tier", "source", "source_url"]
            click.echo("\nEvery published figure:")
            click.echo(obs[cols].sort_values(["region", "measure", "year"]).to_string(index=False))


@data.command("dictionary")
def data_dictionary() -> None:
    """Print the data dictionary (every column: label, unit, type, checks) as Markdown."""
    # lazy: --help starts in 0.09 s, 1.8 s with every layer (note at the top)
    from rdanalysis.text import labels

    echo(labels.data_dictionary(), nl=False)


@cli.command("init")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--region",
    required=True,
    help="The project's region: a known one (赤峰市, Chifeng, 内蒙古自治区, 全国) or a new one, "
    "declared in its regions.csv (with --parent and --level).",
)
@click.option("--parent", default=None, help="A new region's parent (a known region), if any.")
@click.option(
    "--level",
    default=None,
    help="A new region's level: country/国家, province/省, league/市 (default) or county/县.",
)
@click.option("--en", default=None, help="A new region's English name (optional).")
@click.option(
    "--target",
    type=float,
    default=None,
    help="The plan's R&D-intensity target (%); without it the plan starts from an example (the "
    "latest national intensity), labelled so.",
)
@click.option("--target-year", type=int, default=None, help="The plan's target year (2030).")
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="The language of the reports and their index.",
)
def init_cmd(
    folder: Path,
    region: str,
    parent: str | None,
    level: str | None,
    en: str | None,
    target: float | None,
    target_year: int | None,
    lang: str,
) -> None:
    """Make a project for any region in FOLDER (new or empty): a report suite generated for the
    region (dashboard, trajectory, sectors, its sub-regions' league table and map, one profile
    per sub-region, the data appendix), a plan started from the blank plan, blank data templates,
    a regions.csv stub when its sub-regions are not known, and a README with the next steps.
    Then `cd FOLDER` and `rdanalysis run`."""
    # lazy: --help starts in 0.09 s, 1.8 s with every layer (note at the top)
    from rdanalysis.report import scaffold

    written = scaffold.init(folder, region, parent, level, en, target, target_year, lang)
    for path in written:
        echo(f"wrote {path}")
    echo(f"project ready: cd {folder} && rdanalysis run (next steps: {folder / 'README.md'})")


#: Options `run` and `report` share (one definition each).
_JOBS = click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Reports run in parallel (default: the number of CPUs).",
)
_FORCE = click.option("--force", is_flag=True, help="Re-run reports even when nothing changed.")
_NO_PROGRESS = click.option("--no-progress", is_flag=True, help="No progress bar (for logs).")


@cli.command("run")
@click.option(
    "--user-data",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of your own statistics (default: $RDANALYSIS_USER_DATA or data/user).",
)
@_JOBS
@_FORCE
@_NO_PROGRESS
@click.option("--pdf", is_flag=True, help="Also print each report to PDF (needs Chromium).")
def run_cmd(
    user_data: Path | None, jobs: int | None, force: bool, no_progress: bool, pdf: bool
) -> None:
    """Build the project's data, then render its report suite (reports/index.html): `rdanalysis
    data build` followed by `rdanalysis report`. Exit codes as `rdanalysis report`; a build
    that fails (exit 2) renders nothing."""
    _build(user_data, False)
    _render(None, None, jobs, force, None, None, None, no_progress, pdf)


@cli.command("report")
@click.option("--list", "show_list", is_flag=True, help="List every report and its parameters.")
@click.option("--only", multiple=True, metavar="NAME", help="Render only these reports.")
@click.option("--notebook", default=None, help="One-off report of this notebook (with -p).")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Parameter of the one-off report (repeatable).",
)
@_JOBS
@_FORCE
@click.option(
    "--timeout",
    type=click.IntRange(10, 86400),
    default=None,
    help="Seconds per report (default from reports.yml).",
)
@click.option(
    "--keep",
    type=click.IntRange(1, 1000),
    default=None,
    help="Runs kept under the output folder (default from reports.yml).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Suite configuration (default: reports.yml).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Output folder (default: reports/).",
)
@_NO_PROGRESS
@click.option(
    "--pdf", is_flag=True, help="Also print each report to PDF (needs Chromium; A4, page numbers)."
)
def report_cmd(
    show_list: bool,
    only: tuple[str, ...],
    notebook: str | None,
    params: tuple[str, ...],
    jobs: int | None,
    force: bool,
    timeout: int | None,
    keep: int | None,
    config_path: Path | None,
    out: Path | None,
    no_progress: bool,
    pdf: bool,
) -> None:
    """Render the report suite to self-contained HTML (reports/index.html, reports/latest/).

    Exit codes: 0 all reports rendered; 1 one or more failed, or their PDF (the others are
    published, the failed ones keep their last good version); 2 bad configuration, parameters or
    data (nothing run); 3 another run is in progress.
    """
    # lazy: --help starts in 0.09 s, 1.8 s with every layer (note at the top)
    from rdanalysis.report import config as report_config

    if params and not notebook:
        raise RDAnalysisError(
            "-p/--param needs --notebook (parameters of the suite are in reports.yml)"
        )
    if show_list:
        config = report_config.load(config_path)
        for job in report_config.jobs(config):
            declared = report_config.declared(job.notebook)
            values = {k: job.parameters.get(k, v["default"]) for k, v in declared.items()}
            echo(f"{job.name}  [{job.notebook.name}]  {job.title}")
            for k, v in values.items():
                echo(f"    {k} = {v}  ({declared[k]['inferred_type_name']}) {declared[k]['help']}")
        return
    adhoc = report_config.adhoc(notebook, _parse_params(params)) if notebook else None
    _render(
        config_path, list(only) or None, jobs, force, timeout, keep, out, no_progress, pdf, adhoc
    )


def _render(
    config_path: Path | None,
    only: list[str] | None,
    jobs: int | None,
    force: bool,
    timeout: int | None,
    keep: int | None,
    out: Path | None,
    no_progress: bool,
    pdf: bool,
    adhoc=None,
) -> None:
    """Run the suite (or one ad hoc report), print one summary line, exit 1 on a failure."""
    # lazy: --help starts in 0.09 s, 1.8 s with every layer (note at the top)
    from rdanalysis.report import run as report_run

    try:
        outcomes = report_run.run(
            config_path,
            only,
            adhoc,
            jobs,
            force,
            timeout,
            keep,
            out,
            progress=not no_progress and sys.stderr.isatty(),  # a log gets lines, not a bar
            pdf=pdf,
        )
    except KeyboardInterrupt:
        click.echo(
            "interrupted: the run stopped and its report processes with it; latest/ keeps "
            "each report's last good version, the next run cleans up",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    counts = {s: sum(o.status == s for o in outcomes) for s in ("ok", "reused", "failed")}
    no_pdf = [o for o in outcomes if o.pdf_error]
    good = counts["ok"] + counts["reused"]
    pdfs = f", {good - len(no_pdf)} PDF(s), {len(no_pdf)} not printed" if pdf else ""
    echo(
        f"{len(outcomes)} report(s): {counts['ok']} rendered, {counts['reused']} unchanged"
        f" (reused), {counts['failed']} failed{pdfs}; index: "
        f"{(out or report_run.paths.reports()) / 'index.html'}"
    )
    for o in outcomes:
        if o.status == "failed":
            echo(f"failed: {o.name}: {report_run.headline(o.error)}", err=True)
        if o.pdf_error:
            echo(f"failed: {o.name}: PDF not printed: {report_run.headline(o.pdf_error)}", err=True)
    if counts["failed"] or no_pdf:
        sys.exit(report_run.EXIT_FAILED)


@cli.command("forecast")
@click.option(
    "--region", default=None, help="Region name or alias (default: the project's region)."
)
@click.option(
    "--target",
    "target_pct",
    type=float,
    default=1.0,
    show_default=True,
    help="Target R&D intensity (%).",
)
@click.option(
    "--year", "target_year", type=int, default=2025, show_default=True, help="Target year."
)
@click.option(
    "--last-actual-year",
    type=int,
    default=None,
    help="Replay the forecast from this year (later actual values are set aside).",
)
@click.option(
    "--method",
    default="auto",
    show_default=True,
    type=click.Choice(
        [
            "auto",
            "pooled",
            "bayes",
            "select",
            "component",
            "combination",
            "naive",
            "drift",
            "ets",
            "arima",
            "loglinear",
        ]
    ),
    help="Forecast method; auto = the pooled rule (damped drift, spread from real regional "
    "panels); bayes = the default before issue 24.",
)
@click.option(
    "--gdp-growth",
    "gdp_growths",
    type=float,
    multiple=True,
    help="Nominal GDP growth scenario as a fraction (repeatable; default 0.03 0.05 0.07).",
)
@FORMAT_OPTION
def forecast_cmd(
    region: str | None,
    target_pct: float,
    target_year: int,
    last_actual_year: int | None,
    method: str,
    gdp_growths: tuple[float, ...],
    fmt: str,
) -> None:
    """Forecast a region's R&D intensity to the target year: intervals, probability, how often
    real regions at its level reached the target (base rate), required growth (the same numbers
    as notebooks/01_trajectory)."""
    # lazy: --help starts in 0.09 s, 1.8 s with every layer (note at the top)
    from rdanalysis import reference
    from rdanalysis.analysis.views import outlook, same_region
    from rdanalysis.data import load as data

    if not 0 < target_pct < 100:
        raise RDAnalysisError(f"--target {target_pct}: expected a percentage between 0 and 100")
    if any(g <= -1 or g > 1 for g in gdp_growths):
        raise RDAnalysisError("--gdp-growth: expected a fraction between -1 and 1, e.g. 0.05")
    tables = data.load_tables(*outlook.TABLES)
    asked = reference.check_region(_region(region), reference.of(tables))
    o = outlook.build(
        tables,
        asked,
        target_pct,
        target_year,
        last_actual_year,
        method,
        gdp_growths or outlook.DEFAULT_GDP_GROWTHS,
    )
    same_region(asked, o.region, "forecast")
    with reference.using(reference.of(tables)):
        echo(emit_forecast(o, fmt))


@cli.command("decompose")
@click.option(
    "--by",
    type=click.Choice(["sector", "funding", "activity", "region", "county"]),
    required=True,
    help="Split by performing sector, source of funds or activity type (of --region), or over "
    "the sub-regions of --region (region; county is the same).",
)
@click.option("--from", "start", type=int, default=0, help="Start year (default: first with data).")
@click.option("--to", "end", type=int, default=0, help="End year (default: latest with data).")
@click.option(
    "--region",
    default=None,
    help="Region (the parent for --by region, e.g. 全国 for the 31 provinces; default: the "
    "project's region).",
)
@click.option(
    "--form",
    type=click.Choice(["additive", "multiplicative"]),
    default="additive",
    show_default=True,
    help="LMDI-I form: effects that add up to the change, or indices (column 'index') whose "
    "product is the ratio end / start.",
)
@click.option(
    "--factors",
    type=click.Choice(["intensity", "spending"]),
    default="intensity",
    show_default=True,
    help="Decompose R&D intensity (two factors), or R&D spending: activity (GDP), structure "
    "(GDP shares; counties only) and intensity.",
)
@FORMAT_OPTION
def decompose_cmd(
    by: str, start: int, end: int, region: str | None, form: str, factors: str, fmt: str
) -> None:
    """Split the change in R&D intensity or spending between two years into effects (LMDI-I).

    Over sub-regions (--by region), the intensity and spending shown are the sub-regions' sums
    (children_…), with how much of the region's own GDP and R&D they cover; when they cover
    only part of it, a note says so: their combined intensity is not the region's."""
    # lazy: --help starts in 0.09 s, 1.8 s with every layer (note at the top)
    from rdanalysis import reference
    from rdanalysis.analysis.views import decomposition, same_region
    from rdanalysis.data import load as data

    tables = data.load_all()
    asked = reference.check_region(_region(region), reference.of(tables))
    found = decomposition.build(tables, by, asked, start, end, form, factors)
    same_region(asked, found.region, "decomposition")
    frame, meta = found.effects, found.meta
    if meta.get("children_cover_parent") is False:
        meta["note"] = _partial_note(meta)
    echo(emit_table(frame, meta, fmt))


def _partial_note(meta: dict) -> str:
    """The sub-regions cover only part of their parent: said in words, with how much."""
    name = meta["region"]
    shares = [
        f"{meta[k]:g} % of {what}"
        for k, what in (
            ("children_gdp_share_pct", f"{name}'s GDP"),
            ("children_rd_share_pct", "its R&D"),
        )
        if k in meta
    ]
    own = meta.get("parent_intensity_pct")
    return (
        f"the {meta['children']} sub-region(s) make up only {' and '.join(shares)} in "
        f"{meta['coverage_year']}: their combined figures are theirs, not {name}'s"
        + (f" ({name}'s own intensity: {own:g} %)" if own is not None else "")
    )


@cli.command("targets")
@click.option(
    "--plan",
    "plan_file",
    default=None,
    metavar="FILE",
    help="Plan file (YAML, docs/plans.md) or the name of one in plans/ (default: the project's "
    "plan).",
)
@click.option(
    "--year", "target_year", type=int, default=None, help="Target year (default: the plan's)."
)
@click.option("--check", is_flag=True, help="Only check the plan file; list every problem.")
@FORMAT_OPTION
def targets_cmd(plan_file: str | None, target_year: int | None, check: bool, fmt: str) -> None:
    """Status of every quantified target of a plan, with the rule and who is responsible; once
    the data reach the target year, the end-of-plan assessment (achieved / missed by how much)."""
    import dataclasses  # lazy: 11 ms of every command's start, for --year only

    # lazy: --help starts in 0.09 s, 1.8 s with every layer (note at the top)
    from rdanalysis import reference
    from rdanalysis.analysis.views import dashboard, same_region
    from rdanalysis.data import load as data
    from rdanalysis.data import plans
    from rdanalysis.text import dashboard as dashboard_text
    from rdanalysis.text import targets as target_text

    if plan_file is None:
        plan_file = str(_project()["plan"])
    plan = plans.load(plan_file)
    if check:
        echo(f"{plan.source}: ok, {len(plan.targets)} target(s), {len(plan.tasks)} task(s)")
        return
    if target_year is not None:
        if not plan.baseline_year < target_year <= 2100:
            raise RDAnalysisError(
                f"--year {target_year}: expected a year after the plan's baseline year "
                f"{plan.baseline_year}, such as {plan.target_year}"
            )
        plan = dataclasses.replace(plan, target_year=target_year)
    tables = data.load_all()
    board = dashboard.build(tables, plan)
    same_region(plan.region, board.region, "dashboard")
    meta = {
        "region": board.region,
        "plan": plan.number or plan.title,
        "plan_file": plan.source,
        "kind": plan.kind,
        "target_year": plan.target_year,
        "mode": board.mode,
        "latest_year": board.latest_year,
        "rule": target_text.rule_text(plan),
    }
    # The dashboard's cells: statuses in Chinese, no NaN (an empty cell is '—' in the table,
    # empty in CSV, null in JSON); JSON also carries the status codes, for programs.
    with reference.using(reference.of(tables)):
        rows = dashboard_text.command_rows(board)
        if fmt != "json":
            rows = (
                dashboard_text.printed(rows)
                if fmt == "table"
                else dashboard_text.without_codes(rows)
            )
        echo(emit_table(rows, meta, fmt))


def main(argv: list[str] | None = None) -> None:
    """Console entry point: RDAnalysisError -> message on stderr and exit code 2."""
    try:
        cli.main(args=argv, prog_name="rdanalysis", standalone_mode=True)
    except RDAnalysisError as err:
        echo(f"error: {err.args[0]}", err=True)
        _print_problems(err.problems, err=True)
        sys.exit(getattr(err, "exit_code", EXIT_USER_ERROR))
