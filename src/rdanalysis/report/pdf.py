"""PDFs of the published reports, printed by headless Chromium with the report's own print
stylesheet (A4, page numbers, the illustrative banner on every page)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from rdanalysis.errors import RDAnalysisError

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT_SECONDS = 120


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


def render(page: Path, pdf: Path, exe: str | None = None) -> Path:
    """Print ``page`` (an HTML file) to ``pdf`` (written atomically)."""
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
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    if proc.returncode != 0 or not tmp.exists() or tmp.stat().st_size == 0:
        tmp.unlink(missing_ok=True)
        raise RuntimeError(f"chromium could not print {page.name}: {proc.stderr.strip()[-500:]}")
    tmp.replace(pdf)
    return pdf


def render_published(out_dir: Path, names: list[str]) -> list[Path]:
    """A PDF beside each named report in ``out_dir/latest``."""
    exe = browser()
    latest = out_dir / "latest"
    return [
        render(latest / f"{name}.html", latest / f"{name}.pdf", exe)
        for name in names
        if (latest / f"{name}.html").exists()
    ]
