"""The package installs as a wheel with every resource it reads (not only from a source tree),
and works where it is installed: from an empty folder, a new city's project is made with
`rdanalysis init` and rendered with `rdanalysis run` (docs/new-city.md, issue 22)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from rdanalysis import paths

REPO = Path(__file__).resolve().parents[2]


def _clean_copy(dest: Path) -> Path:
    """The tracked files only: a stale egg-info in the work tree would hide missing package data."""
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        src = REPO / name
        if src.is_file() and not name.startswith(("data/processed/", "data/user/", "reports/")):
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from a clean copy of the repository (offline: no build isolation)."""
    tmp = tmp_path_factory.mktemp("wheel")
    tree = _clean_copy(tmp / "tree")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp),
            str(tree),
        ],
        check=True,
    )
    (found,) = tmp.glob("rdanalysis-*.whl")
    return found


def test_wheel_holds_every_resource(wheel: Path) -> None:
    inside = set(zipfile.ZipFile(wheel).namelist())
    resources = [
        p.relative_to(paths.PACKAGE_DIR.parent).as_posix()
        for p in paths.RESOURCES.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    # the repository's notebooks/ and data/raw/ (the project's layout), copied in by setup.py
    resources += [
        f"rdanalysis/resources/{p.relative_to(REPO).as_posix()}"
        for top in (REPO / "notebooks", REPO / "data" / "raw")
        for p in top.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(top).parts)
    ]
    assert any(r.startswith("rdanalysis/resources/templates/") for r in resources)
    for shipped in ("data/raw/manifest.yml", "notebooks/00_dashboard.ipynb", "plans/_template.yml"):
        assert f"rdanalysis/resources/{shipped}" in inside, shipped
    missing = [r for r in resources if r not in inside]
    assert not missing, f"resources missing from the wheel: {missing}"
    modules = {
        p.relative_to(paths.PACKAGE_DIR.parent).as_posix() for p in paths.PACKAGE_DIR.rglob("*.py")
    }
    assert not modules - inside, f"modules missing from the wheel: {sorted(modules - inside)}"


def _fresh_install(wheel: Path, where: Path) -> Path:
    """A fresh virtual environment with the wheel installed, offline: its dependencies are read
    from this environment's site-packages (a path in a .pth file: this environment's own .pth
    files, such as the editable install of the repository, are not run), the wheel installed
    by this environment's pip into the new one (--python, --no-deps, --no-index)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    python = where / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(purelib, "_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    subprocess.run([*pip, "--no-deps", "--no-index", str(wheel)], check=True)
    return where / "bin"


#: Three made-up districts of Chifeng for the test (the names are real districts; every number
#: below is MADE UP, not statistics): one without an English name, one whose English name has
#: spaces and punctuation.
REGIONS = [
    "地区,上级地区,层级,代码,英文名",
    "红山区,赤峰市,区,150402,Hongshan",
    "元宝山区,赤峰市,区,,",
    '松山区,赤峰市,区,150404,"Songshan (Dist.), test"',
]


def _partial_data(folder: Path) -> None:
    """R&D and GDP of the three districts and the city, 2019-2024 (made up); 元宝山区 has no R&D
    in 2021 and nothing is split by performing sector: the reports say what is missing."""
    lines = ["地区,年份,执行主体,R&D经费(万元),地区生产总值(亿元),来源"]
    for year in range(2019, 2025):
        k = year - 2019
        for i, name in enumerate(("红山区", "元宝山区", "松山区")):
            gdp = 300 + 50 * i + 20 * k
            rd = (
                ""
                if (name == "元宝山区" and year == 2021)
                else f"{gdp * (60 + 10 * i + 4 * k):.0f}"
            )
            lines.append(f"{name},{year},合计,{rd},{gdp},测试用数据(虚构)")
        lines.append(
            f"赤峰市,{year},合计,{(2000 + 200 * k) * 55:.0f},{2000 + 200 * k},测试用数据(虚构)"
        )
    (folder / "chifeng.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


PLAN = """\
document:
  title: 赤峰市研发投入测试计划(虚构,仅供测试)
  kind: example
region: 赤峰市
baseline_year: 2022
target_year: 2027
status_rule: {recent_years: 3, at_risk_pace_ratio: 1.5, on_track_probability: 0.5,
  at_risk_probability: 0.2}
targets:
  - {id: rd_intensity, name: 全社会R&D经费投入强度, name_en: R&D spending / GDP,
     definition: R&D经费 ÷ 地区生产总值 × 100, unit: "%", direction: at_least, value: 1.0,
     responsible: [市科技局], measured_on: rd_intensity, data: R&D经费与地区生产总值,
     forecast: true}
  - {id: rd_expenditure, name: 全社会R&D经费, definition: R&D经费内部支出合计, unit: 亿元,
     direction: at_least, value: 25, responsible: [市科技局], measured_on: rd_expenditure,
     data: R&D经费合计}
"""


def _run(bin_: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RDANALYSIS_")}
    env["PATH"] = f"{bin_}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(
        [str(bin_ / "rdanalysis"), *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_a_new_city_from_the_wheel_in_an_empty_folder(wheel: Path, tmp_path: Path) -> None:
    """pip install the wheel, `rdanalysis init chifeng --region 赤峰市`, add regions.csv, a data
    file and a plan, `rdanalysis run`: every report renders and passes the publication lint."""
    from test_notebooks import lint_pages

    bin_ = _fresh_install(wheel, tmp_path / "venv")
    empty = tmp_path / "empty"
    empty.mkdir()
    outside = _run(bin_, "run", cwd=empty)  # every command: tests/test_project.py
    assert outside.returncode == 2, outside.stderr
    assert "rdanalysis init" in outside.stderr and "Traceback" not in outside.stderr
    made = _run(bin_, "init", "chifeng", "--region", "赤峰市", cwd=empty)
    assert made.returncode == 0, made.stderr
    project = empty / "chifeng"
    assert (project / "reports.yml").is_file() and (project / "README.md").is_file()
    assert (project / "templates" / "region_year_template.csv").is_file()
    assert (project / "data" / "user" / "regions.csv").is_file()  # Chifeng's are not known
    (project / "data" / "user" / "regions.csv").write_text("\n".join(REGIONS) + "\n", "utf-8")
    _partial_data(project / "data" / "user")
    (project / "plans" / "chifeng.yml").write_text(PLAN, encoding="utf-8")
    done = _run(bin_, "run", "--no-progress", cwd=project / "data")  # found from below, too
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    latest = project / "reports" / "latest"
    pages = sorted(p.name for p in latest.glob("*.html"))
    assert len(pages) == 8, pages  # 5 + one profile per district, the districts declared
    assert lint_pages(latest) == {}
    for page in latest.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "Traceback" not in text and "tongliao" not in text.lower(), page.name
    subregions = (latest / "subregions.html").read_text(encoding="utf-8")
    assert "不是赤峰市的强度" in subregions  # three districts are not the whole city
    overview = (latest / "data-overview.html").read_text(encoding="utf-8")
    assert "data/user/chifeng.csv" in overview  # the project's own files, with the public ones
