"""Faults of the machine during a report run end cleanly (issue 21): a full disk, a reports
folder removed or made read-only during the run, a browser that cannot print, no CJK font for
the PDFs, a notebook without a kernelspec or not a notebook at all, damaged state files. Each
ends with one clear line per problem on stderr, the summary line, the run record and the index
written wherever the disk still takes them, the failures marked failed, the other reports
published, exit code 1 (2 when nothing was run) and never a Python traceback.

The faults are real where they can be without harming the machine: the disk is "full" for the
report processes through a file-size limit (RLIMIT_FSIZE, which any user may lower; every write
past it fails with EFBIG in the runner, the fork server and every report process alike), the
folder is really removed or made read-only by a report, the browser is a script that fails.
Where only the runner's own writes should fail, ``pathlib`` is patched in the test process (the
report processes are separate and untouched)."""

from __future__ import annotations

import errno
import json
import os
import pathlib
import resource
import shutil
import signal
import stat
import subprocess
import time
from pathlib import Path

import nbformat
import pytest

from rdanalysis.report import run as report_run
from tests.kernel.test_report import PROBE, REPORT_CMD, digest, write_config

CHROMIUM = shutil.which("chromium")
PDFTOTEXT = shutil.which("pdftotext")
ENOSPC = os.strerror(errno.ENOSPC)  # "No space left on device"


def state(out: Path) -> dict:
    return json.loads((out / "state.json").read_text(encoding="utf-8"))["reports"]


def last_run(out: Path) -> dict:
    runs = report_run.index.runs(out)
    return {r["name"]: r for r in json.loads((runs[-1] / "run.json").read_text())["reports"]}


def as_ordinary_user() -> list[str] | None:
    """A command prefix under which read-only folders are read-only: none for an ordinary
    user; for root, a user namespace in which it is an unprivileged uid (``unshare``, where
    the kernel allows it); None where neither is possible."""
    if os.geteuid() != 0:
        return []
    prefix = ["unshare", "--user", "--map-user=1000", "--map-group=1000"]
    try:
        works = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    except OSError:
        return None
    return prefix if works.returncode == 0 else None


def cli_limited(limit: int, *args: str) -> subprocess.CompletedProcess:
    """`rdanalysis report ARGS` in a process (and its report processes) that cannot write a
    file past ``limit`` bytes."""

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [*REPORT_CMD, *args, "--no-progress"],
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=limited,
    )


# -- a full disk ---------------------------------------------------------------------------


def test_a_full_disk_during_the_run_marks_the_reports_failed_and_keeps_the_last_good(tmp_path):
    probe = {"name": "a", "notebook": str(PROBE), "parameters": {"padding_kb": 300}}
    config = write_config(tmp_path, [probe])
    out = tmp_path / "o"
    assert report_run.run(config, out_dir=out, progress=False)[0].status == "ok"
    before = {p.name: digest(p) for p in (out / "latest").iterdir()}

    # Room for the run's small files, not for a report's page (about 300 kB of text).
    proc = cli_limited(100_000, "--config", str(config), "--out", str(out), "--force")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "1 report(s): 0 rendered, 0 unchanged (reused), 1 failed" in proc.stdout
    assert "failed: a: OSError: [Errno 27] File too large" in proc.stderr.splitlines()
    assert last_run(out)["a"]["status"] == "failed"  # the run record is written
    assert state(out)["a"]["status"] == "failed" and state(out)["a"]["last_good"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "File too large" in index and "latest/a.html" in index  # the last good is linked
    assert {p.name: digest(p) for p in (out / "latest").iterdir()} == before
    assert not [p for p in report_run.index.runs(out)[-1].iterdir() if "tmp" in p.name]

    # Room for nothing but a few bytes: not even a report's error page or the run record.
    proc = cli_limited(500, "--config", str(config), "--out", str(out), "--force")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "1 report(s): 0 rendered, 0 unchanged (reused), 1 failed" in proc.stdout
    assert (
        "failed: a: the report could not be recorded in its run folder: OSError: [Errno 27] "
        "File too large"
    ) in proc.stderr
    assert "warning: could not write" in proc.stderr and "index.html: File too large" in proc.stderr
    assert {p.name: digest(p) for p in (out / "latest").iterdir()} == before

    # No room at all: refused before anything runs, and nothing is left behind.
    proc = cli_limited(0, "--config", str(config), "--out", str(out), "--force")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"{out}: cannot write the reports there (File too large)" in proc.stderr
    assert "nothing was run" in proc.stderr
    assert not list(out.glob(".tmp*"))


def _full_for_the_runner(monkeypatch, folder: Path) -> None:
    """Every text file the runner writes under ``folder`` fails with ENOSPC (the reports'
    own processes are not patched: they write their pages as usual)."""
    write_text = pathlib.Path.write_text

    def full(self, *args, **kwargs):
        if folder in self.parents:
            raise OSError(errno.ENOSPC, ENOSPC, str(self))
        return write_text(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "write_text", full)


def test_a_disk_full_when_the_run_is_recorded_says_so_and_exits_1(tmp_path, monkeypatch, run_cli):
    config = write_config(tmp_path, [{"name": "a", "notebook": str(PROBE)}])
    out = tmp_path / "o"
    _full_for_the_runner(monkeypatch, out)
    code, stdout, err = run_cli("report", "--config", str(config), "--out", str(out))
    assert code == 1 and "Traceback" not in err
    assert "1 report(s): 0 rendered, 0 unchanged (reused), 1 failed" in stdout
    for name in ("run.json", "cache.json", "state.json", "index.html"):
        assert f"could not write {out}" in err and f"{name}: {ENOSPC}" in err, name
    assert f"failed: a: index not written: {ENOSPC}" in err
    assert (out / "latest" / "a.html").is_file()  # published all the same
    assert not list(out.rglob(".tmp-*"))  # no partial file holds the space


# -- the reports folder removed or made read-only during the run ----------------------------


def vandal(folder: Path) -> Path:
    """A notebook that removes, or makes read-only, a folder while the run goes on."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "rdanalysis", "language": "python", "display_name": "p"}
    params = 'remove: str = ""  # a folder to remove\nfreeze: str = ""  # one to make read-only'
    act = (
        "if remove:\n    shutil.rmtree(remove)\n"
        "for root, _, _ in os.walk(freeze or os.devnull):\n    os.chmod(root, 0o555)\n"
    )
    nb.cells = [
        nbformat.v4.new_code_cell("import os\nimport shutil"),
        nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(act),
    ]
    path = folder / "vandal.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_reports_folder_removed_during_the_run_ends_cleanly(tmp_path, run_cli):
    out = tmp_path / "o"
    config = write_config(
        tmp_path,
        [
            {
                "name": "vandal",
                "notebook": str(vandal(tmp_path)),
                "parameters": {"remove": str(out)},
            },
            {"name": "b", "notebook": str(PROBE), "parameters": {"sleep_seconds": 1.5}},
        ],
    )
    code, stdout, err = run_cli("report", "--config", str(config), "--out", str(out), "--jobs", "2")
    assert code == 1 and "Traceback" not in err + stdout
    assert "2 report(s):" in stdout and "failed: vandal: " in err
    vandal_error = next(ln for ln in err.splitlines() if ln.startswith("failed: vandal: "))
    assert "FileNotFoundError" in vandal_error and str(out) in vandal_error
    # What the run could write again is consistent: each report's outcome, the index.
    record = last_run(out)
    assert record["vandal"]["status"] == "failed"
    assert record["b"]["status"] in ("ok", "failed")
    assert (record["b"]["status"] == "ok") == (out / "latest" / "b.html").is_file()
    assert "vandal" in (out / "index.html").read_text(encoding="utf-8")


def test_a_reports_folder_made_read_only_during_the_run_ends_cleanly(tmp_path):
    prefix = as_ordinary_user()
    if prefix is None:
        pytest.skip("root writes into read-only folders, and no user namespace is allowed here")
    out = tmp_path / "o"
    config = write_config(
        tmp_path,
        [
            {
                "name": "vandal",
                "notebook": str(vandal(tmp_path)),
                "parameters": {"freeze": str(out)},
            },
            {"name": "b", "notebook": str(PROBE), "parameters": {"sleep_seconds": 1.5}},
        ],
    )
    args = ["--config", str(config), "--out", str(out), "--jobs", "2", "--no-progress"]
    try:
        proc = subprocess.run(
            [*prefix, *REPORT_CMD, *args], capture_output=True, text=True, check=False
        )
    finally:
        for root, _, _ in os.walk(out):
            os.chmod(root, stat.S_IRWXU)
    stdout, err = proc.stdout, proc.stderr
    assert proc.returncode == 1, err
    assert "Traceback" not in err + stdout
    assert "2 report(s): 0 rendered, 0 unchanged (reused), 2 failed" in stdout
    assert "failed: b: " in err and "Permission denied" in err
    assert "warning: could not write" in err and "index.html: Permission denied" in err


# -- the run stopped ------------------------------------------------------------------------


def test_ctrl_c_stops_the_run_and_its_report_processes_without_a_traceback(tmp_path):
    import psutil

    config = write_config(
        tmp_path, [{"name": "a", "notebook": str(PROBE), "parameters": {"sleep_seconds": 60.0}}]
    )
    out = tmp_path / "o"
    proc = subprocess.Popen(
        [*REPORT_CMD, "--config", str(config), "--out", str(out), "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    deadline = time.monotonic() + 60
    while not list(out.glob("2*")) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.0)  # the report's process is starting or running
    started = psutil.Process(proc.pid).children(recursive=True)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the whole group
    stdout, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err + stdout and "KeyboardInterrupt" not in err
    assert err.strip().splitlines()[-1].startswith("interrupted: the run stopped")
    # every process the run started ends (on a loaded machine a stopped one may take a moment)
    _, alive = psutil.wait_procs(started, timeout=15)
    assert started and not [p for p in alive if _running(p)]
    assert not (out / "latest").exists() or not list((out / "latest").iterdir())


def _running(process) -> bool:
    """Whether a process still runs (a zombie, waiting for its parent to read it, does not)."""
    import psutil

    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


# -- notebooks ------------------------------------------------------------------------------


def _probe_with(tmp_path: Path, metadata: dict, name: str) -> Path:
    nb = nbformat.read(PROBE, as_version=4)
    nb.metadata = metadata
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_notebook_without_a_kernelspec_runs_in_the_project_s_python(tmp_path, run_cli):
    bare = _probe_with(tmp_path, {}, "bare")
    config = write_config(tmp_path, [{"name": "bare", "notebook": str(bare)}])
    out = tmp_path / "o"
    code, _, err = run_cli("report", "--config", str(config), "--out", str(out))
    assert code == 0 and "Traceback" not in err, err
    page = (out / "latest" / "bare.html").read_text(encoding="utf-8")
    assert "探针 运行正常" in page


# -- damaged state files --------------------------------------------------------------------


def test_damaged_state_files_count_as_empty_with_a_note(tmp_path, capsys):
    config = write_config(tmp_path, [{"name": "a", "notebook": str(PROBE)}])
    out = tmp_path / "o"
    out.mkdir()
    (out / "state.json").write_text('{"reports": {"a": ', encoding="utf-8")
    (out / "cache.json").write_text("[1, 2]", encoding="utf-8")
    (out / "parameters-cache.json").write_bytes(b"\x00\xff")
    (outcome,) = report_run.run(config, out_dir=out, progress=False)
    err = capsys.readouterr().err
    assert outcome.status == "ok"
    assert f"note: {out / 'state.json'} is damaged (" in err
    assert f"note: {out / 'cache.json'} holds no JSON mapping; counted as empty" in err
    assert f"note: {out / 'parameters-cache.json'} is damaged (" in err
    assert state(out)["a"]["status"] == "ok"  # all three written again, whole
    assert json.loads((out / "cache.json").read_text(encoding="utf-8"))
    assert json.loads((out / "parameters-cache.json").read_text(encoding="utf-8"))
    report_run.run(config, out_dir=out, progress=False)
    assert "note:" not in capsys.readouterr().err


# -- PDFs -----------------------------------------------------------------------------------

#: A browser that cannot print page b (a broken library) and otherwise runs the real Chromium
#: (or, where there is none, writes a stand-in PDF).
BROWSER = """#!/bin/sh
for arg in "$@"; do
  case "$arg" in
    --print-to-pdf=*) pdf="${arg#--print-to-pdf=}" ;;
    */b.html) echo "chromium: error while loading shared libraries: libnss3.so" >&2; exit 127 ;;
  esac
done
if [ -x "$REAL_CHROMIUM" ]; then exec "$REAL_CHROMIUM" "$@"; fi
printf '%%PDF-1.4 stand-in\\n%%%%EOF\\n' > "$pdf"
"""


def fake_browser(folder: Path, script: str) -> Path:
    folder.mkdir(exist_ok=True)
    browser = folder / "chromium"
    browser.write_text(script, encoding="utf-8")
    browser.chmod(0o755)
    return browser


def test_a_new_page_takes_its_old_pdf_with_it_and_a_reused_one_keeps_it(tmp_path):
    config = write_config(tmp_path, [{"name": "a", "notebook": str(PROBE)}])
    out = tmp_path / "o"
    (out / "latest").mkdir(parents=True)
    old = out / "latest" / "a.pdf"
    old.write_bytes(b"%PDF-1.4 a version of the page before this run\n%%EOF\n")
    assert report_run.run(config, out_dir=out, progress=False)[0].status == "ok"
    assert not old.exists()  # the index would link it beside a page it does not show
    old.write_bytes(b"%PDF-1.4 printed from this page\n%%EOF\n")
    assert report_run.run(config, out_dir=out, progress=False)[0].status == "reused"
    assert old.exists()
