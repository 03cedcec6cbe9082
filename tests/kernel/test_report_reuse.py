"""Reports reused across runs: retention keeps the last runs, a pruned run's reports are still
reused, a reused report is not written to latest again."""

from __future__ import annotations

import json

from rdanalysis.report import run as report_run
from rdanalysis.report.publishing import index
from tests.kernel.test_report import PROBE, write_config


def test_run_retention_keeps_the_last_runs(tmp_path):
    config = write_config(tmp_path, [{"name": "p", "notebook": str(PROBE)}])
    out = tmp_path / "o"
    for _ in range(3):
        report_run.run(config, out_dir=out, force=True, keep=2, progress=False)
    runs = [p for p in out.iterdir() if (p / "run.json").exists()]
    assert len(runs) == 2
    run = json.loads((sorted(runs)[-1] / "run.json").read_text(encoding="utf-8"))
    assert run["reports"][0]["status"] == "ok"


def test_unchanged_reports_are_reused_after_the_run_that_made_them_is_pruned(tmp_path):
    """keep_runs deletes old runs; an unchanged report must still be reused afterwards (it was
    run again from scratch once the run that first made it had been deleted)."""
    config = write_config(tmp_path, [{"name": "p", "notebook": str(PROBE)}])
    out = tmp_path / "o"
    first = report_run.run(config, out_dir=out, keep=2, progress=False)
    assert first[0].status == "ok"
    for _ in range(4):
        again = report_run.run(config, out_dir=out, keep=2, progress=False)
        assert again[0].status == "reused"
    assert (out / "latest" / "p.html").is_file()


def test_a_reused_report_is_not_written_to_latest_again(tmp_path):
    """latest/ holds hard links to the run's files: a run where nothing changed writes nothing
    there (it copied every page, 29 MB for the shipped suite), and a changed report replaces
    its page without touching the run folder it came from."""
    config = write_config(tmp_path, [{"name": "p", "notebook": str(PROBE)}])
    out = tmp_path / "o"
    report_run.run(config, out_dir=out, progress=False)
    page = out / "latest" / "p.html"
    before = page.stat()
    assert report_run.run(config, out_dir=out, progress=False)[0].status == "reused"
    after = page.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    reused_run = index.runs(out)[-1]
    text = (reused_run / "p.html").read_text(encoding="utf-8")
    assert report_run.run(config, out_dir=out, force=True, progress=False)[0].status == "ok"
    assert (reused_run / "p.html").read_text(encoding="utf-8") == text
    assert page.stat().st_ino != before.st_ino
