"""PDFs of the published reports, printed by headless Chromium with the report's own print
stylesheet (A4, page numbers, the illustrative banner on every page).

Chinese prints in the font the package already ships for its charts (Noto Sans CJK SC, from
mplfonts), whatever fonts the machine has: Chromium finds its fonts through fontconfig, and it
prints with a fontconfig file that adds this one font to the system's (or ``$FONTCONFIG_FILE``'s)
fonts. Without it, a machine with no CJK font printed every Chinese character as an empty box
and said nothing. The published HTML is untouched: it names no local file and stays a single
file that fetches nothing.

A PDF that cannot be printed (a broken browser, a page it cannot open, a full disk) is a failure
of that PDF alone: :func:`print_all` returns it by report and goes on with the others.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from rdanalysis.errors import RDAnalysisError

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT_SECONDS = 120
#: fontconfig's own configuration, included first, when ``$FONTCONFIG_FILE`` names none.
SYSTEM_FONTS = "/etc/fonts/fonts.conf"
#: The system's fonts and the one CJK font of the package: only that file of its folder is
#: accepted (the folder also holds fonts that are not ours to embed in a published PDF).
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">{system}</include>
  <dir>{folder}</dir>
  <selectfont>
    <rejectfont><glob>{folder}/*</glob></rejectfont>
    <acceptfont><glob>{font}</glob></acceptfont>
  </selectfont>
</fontconfig>
"""
Done = Callable[[str, str, float], None]


def browser() -> str:
    """The headless browser to print with; a clear error when none is installed."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise RDAnalysisError(
        "--pdf needs Chromium, which is not installed (expected one of "
        f"{', '.join(BROWSERS)} on PATH; on Debian/Ubuntu: apt-get install chromium "
        "fonts-noto-cjk); nothing was run"
    )


def font() -> Path:
    """The CJK font PDFs print in (the charts' font); a clear error when it is missing."""
    # lazy: the plot layer (matplotlib) is 2 s, only for a PDF
    from rdanalysis.plots import style

    if not style.FONT_FILE.is_file():
        raise RDAnalysisError(
            f"--pdf: the Chinese font {style.FONT_FILE} is missing (expected it in the mplfonts "
            "package: reinstall it with `make kernel`); nothing was run"
        )
    return style.FONT_FILE


def check() -> None:
    """What printing needs, checked before any report runs: Chromium and the CJK font."""
    browser()
    font()


def fonts_config(folder: Path) -> Path:
    """A fontconfig file in ``folder``: the system's fonts and the package's CJK font."""
    cjk = font()
    system = os.environ.get("FONTCONFIG_FILE") or SYSTEM_FONTS
    path = folder / "fonts.conf"
    path.write_text(
        FONTS_CONF.format(
            system=escape(system), folder=escape(str(cjk.parent)), font=escape(str(cjk))
        ),
        encoding="utf-8",
    )
    return path


def _last_line(text: str) -> str:
    """The browser's last message, without Chromium's log prefix ([pid:tid:time:LEVEL:file])."""
    lines = [re.sub(r"^\[[^\]]*\]\s*", "", ln.strip()) for ln in text.splitlines() if ln.strip()]
    return lines[-1][-300:] if lines else "no message"


def _whole(pdf: Path) -> bool:
    """Whether ``pdf`` is a whole PDF file: Chromium that cannot write all of it (a full disk)
    says so on stderr, leaves it cut short, without the end-of-file marker, and exits 0."""
    try:
        with pdf.open("rb") as f:
            head = f.read(5)
            f.seek(max(0, pdf.stat().st_size - 1024))
            return head == b"%PDF-" and b"%%EOF" in f.read()
    except OSError:
        return False


def render(page: Path, pdf: Path, exe: str | None = None, env: dict | None = None) -> Path:
    """Print ``page`` (an HTML file) to ``pdf`` (written atomically). RuntimeError, one line
    first, when the page is missing, the browser fails, hangs past TIMEOUT_SECONDS or writes no
    whole PDF."""
    if not page.is_file():  # Chromium would print its own "file not found" page
        raise RuntimeError(f"{page} not found: nothing to print")
    exe = exe or browser()
    tmp = pdf.with_name(f".{pdf.name}.tmp.pdf")
    cmd = [
        exe,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-pdf-header-footer",
        f"--print-to-pdf={tmp}",
        page.resolve().as_uri(),
    ]
    try:
        # its own session: a browser that hangs is stopped with every process it started
        with subprocess.Popen(
            cmd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            env=env,
            start_new_session=True,
        ) as proc:
            try:
                _, err = proc.communicate(timeout=TIMEOUT_SECONDS)
            except BaseException as stop:  # a hang, or the run itself stopped (Ctrl-C)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.communicate()
                if not isinstance(stop, subprocess.TimeoutExpired):
                    raise
                raise RuntimeError(
                    f"{exe} did not print {page.name} within {TIMEOUT_SECONDS} s; stopped"
                ) from None
        if proc.returncode != 0 or not _whole(tmp):
            raise RuntimeError(
                f"{exe} could not print {page.name} (exit code {proc.returncode}): "
                f"{_last_line(err)}\n{err.strip()[-2000:]}"
            )
        tmp.replace(pdf)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return pdf


def _print(folder: Path, name: str, exe: str, env: dict | None) -> str:
    """Print one report; why it was not printed ("" when it was)."""
    try:
        render(folder / f"{name}.html", folder / f"{name}.pdf", exe, env)
    except (RuntimeError, OSError) as err:
        return str(err) or type(err).__name__
    return ""


def print_all(folder: Path, names: list[str], on_done: Done | None = None) -> dict[str, str]:
    """A PDF of each ``folder/<name>.html`` beside it; returns why a PDF was not printed, by
    report name ("" when it was). A failure never stops the others. ``on_done(name, error,
    seconds)`` is called as each ends."""
    if not names:
        return {}
    exe = browser()
    errors: dict[str, str] = {}
    with contextlib.ExitStack() as stack:
        try:
            tmp = stack.enter_context(
                tempfile.TemporaryDirectory(prefix="rdanalysis-pdf-", ignore_cleanup_errors=True)
            )
            env = {**os.environ, "FONTCONFIG_FILE": str(fonts_config(Path(tmp)))}
            setup = ""
        except OSError as err:  # a full disk: no PDF could be printed either
            env, setup = None, f"cannot prepare the browser's fonts ({err.strerror or err})"
        for name in names:
            start = time.monotonic()
            errors[name] = setup or _print(folder, name, exe, env)
            if on_done:
                on_done(name, errors[name], time.monotonic() - start)
    return errors


def render_published(out_dir: Path, names: list[str]) -> list[Path]:
    """A PDF beside each named report in ``out_dir/latest``; the PDFs written."""
    latest = out_dir / "latest"
    present = [name for name in names if (latest / f"{name}.html").exists()]
    errors = print_all(latest, present)
    return [latest / f"{name}.pdf" for name in present if not errors[name]]
