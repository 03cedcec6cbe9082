"""Every command has --help; user errors exit 2 with a message and no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

COMMANDS = [
    [],
    ["data"],
    ["data", "build"],
    ["data", "check"],
    ["data", "illustrate"],
    ["data", "template"],
    ["data", "sources"],
    ["report"],
]


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: " ".join(c) or "rdanalysis")
def test_help_on_every_command(run_cli, cmd):
    code, out, _ = run_cli(*cmd, "--help")
    assert code == 0
    assert "Usage:" in out


def test_bad_user_data_folder_exits_2(run_cli, tmp_path):
    code, _, err = run_cli("data", "build", "--user-data", str(tmp_path / "nope"))
    assert code == 2
    assert "folder not found" in err


def test_console_script_exit_code_and_no_traceback(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("地区,年份,R&D经费(亿元),来源\n通辽市,2022,-1,x\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "rdanalysis", "data", "check", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert f"{bad}:2:R&D经费(亿元): negative value -1" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_bad_notebook_parameter_syntax_exits_2(run_cli):
    code, _, err = run_cli("report", "--notebook", "01_trajectory", "-p", "region")
    assert code == 2
    assert "parameter 'region' is not name=value" in err
    code, _, err = run_cli("report", "-p", "region=通辽市")
    assert code == 2
    assert "-p/--param needs --notebook" in err


def test_sources_lists_every_raw_file(run_cli):
    code, out, _ = run_cli("data", "sources")
    assert code == 0
    for name in ("public/tongliao_macro.csv", "illustrative/tongliao_region_year.csv"):
        assert name in out
    assert "status: illustrative" in out


def test_forecast_table_for_tongliao_says_illustrative(run_cli):
    code, out, _ = run_cli("forecast", "--region", "通辽市", "--target", "1.0", "--year", "2025")
    assert code == 0
    assert "通辽市 (ILLUSTRATIVE data)" in out
    assert "P(intensity >= 1% in 2025)" in out


def test_forecast_json_is_machine_readable(run_cli):
    import json

    code, out, _ = run_cli(
        "forecast", "--region", "全国", "--target", "3", "--year", "2030", "--format", "json"
    )
    assert code == 0
    payload = json.loads(out)
    assert payload["status"] == "real"
    # One vintage per series: the yearbook's revised history ends in 2023; the 2024 first
    # release is another vintage and is not appended to it.
    assert payload["last_actual_year"] == 2023
    assert [r["year"] for r in payload["forecast"]] == list(range(2024, 2031))
    assert 0 <= payload["probability_reaching_target"] <= 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "科尔沁左中"], "unknown region '科尔沁左中' (did you mean 科尔沁左翼中旗?)"),
        (["--target", "120"], "--target 120.0: expected a percentage between 0 and 100"),
        (["--year", "2020"], "target year 2020 must be after the last actual year 2024"),
        (["--gdp-growth", "5"], "--gdp-growth: expected a fraction"),
    ],
)
def test_forecast_bad_parameters_exit_2(run_cli, args, message):
    code, _, err = run_cli("forecast", *args)
    assert code == 2
    assert message in err


def test_decompose_sector_reproduces_example_a(run_cli):
    import json

    code, out, _ = run_cli("decompose", "--by", "sector", "--region", "全国", "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert (payload["from"], payload["to"]) == (2022, 2023)
    effects = {r["unit"]: r["effect_pp"] for r in payload["rows"]}
    assert effects["enterprise"] == pytest.approx(0.1658, abs=1e-3)
    assert effects["GDP"] == pytest.approx(-0.1178, abs=1e-3)
    assert payload["status"] == "real"


def test_decompose_county_is_labelled_illustrative(run_cli):
    code, out, _ = run_cli("decompose", "--by", "county", "--from", "2020", "--to", "2024")
    assert code == 0
    assert "status: illustrative" in out
    assert "科尔沁区" in out


def test_decompose_year_without_data_exits_2(run_cli):
    code, _, err = run_cli("decompose", "--by", "sector", "--from", "2010")
    assert code == 2
    assert "start_year 2010 has no data" in err


def test_targets_json_has_every_target_and_the_rule(run_cli):
    import json

    code, out, _ = run_cli("targets", "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert payload["plan"] == "通政办发〔2023〕62号"
    assert len(payload["rows"]) == 9
    assert "偏离目标" in payload["rule"]


def test_targets_bad_year_exits_2(run_cli):
    code, _, err = run_cli("targets", "--year", "3000")
    assert code == 2 and "--year 3000" in err


def test_forecast_command_does_not_import_the_build_stack():
    """`rdanalysis forecast` reads processed tables: the validation stack of the build
    (pandera, openpyxl) and the package metadata scan are not needed, and cost most of a second
    at start-up."""
    code = (
        "import sys\n"
        "from rdanalysis.cli import main\n"
        "from rdanalysis.cli import format\n"
        "from rdanalysis.data import load\n"
        "from rdanalysis.analysis.views import outlook\n"
        "heavy = ('pandera', 'openpyxl', 'rdanalysis.data.build', 'statsmodels',"
        " 'importlib.metadata', 'matplotlib')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_version_is_read_when_asked_for():
    cmd = [sys.executable, "-m", "rdanalysis", "--version"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert proc.stdout.startswith("rdanalysis, version ")


def test_load_tables_reads_only_what_is_asked_and_names_unknown_tables(processed):
    from rdanalysis.data import load
    from rdanalysis.errors import RDAnalysisError

    tables = load.load_tables("gdp", "rd_intensity")
    # what was asked, and the build's regions (its hierarchy travels with its tables)
    assert list(tables) == ["gdp", "rd_intensity", "regions"]
    assert not tables["gdp"].empty
    with pytest.raises(RDAnalysisError, match=r"unknown table.*nope"):
        load.load_tables("gdp", "nope")
