"""Hostile files a user can hand the tool: YAML that expands to billions of values, and text that
would drive the terminal. Each ends with a clear message (file:line, exit 2, no traceback) or is
printed with its control characters made visible."""

from __future__ import annotations

import os
import threading
import time

from rdanalysis import paths

#: Nine lists of nine references to the list before: 9⁹ (387 million) strings once expanded.
BILLION_LAUGHS = """\
document: {title: x, kind: action_plan}
region: 通辽市
baseline_year: 2022
target_year: 2025
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
status_rule: *i
targets: *i
"""
EXPLODING_LINE = 10  # 'f': the first value that stands for more than 100,000 (597,871)

#: ESC ] 0 ; … BEL (sets the terminal's title), a right-to-left override, a C1 CSI (0x9b).
ESCAPES = "\x1b]0;owned\x07\u202e\x9b31m"
RAW_CONTROLS = ("\x1b", "\x07", "\u202e", "\x9b")


def test_a_plan_whose_aliases_expand_to_millions_is_refused_at_once(tmp_path, run_cli):
    path = tmp_path / "laughs.yml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    code, out, err = run_cli("targets", "--plan", str(path))
    assert code == 2
    assert (
        f"{path}:{EXPLODING_LINE}: this value stands for 597,871 values once its aliases "
        "(*name) are expanded (expected at most 100,000 values" in err
    )
    assert "Traceback" not in out + err


def test_an_alias_inside_the_value_it_names_is_refused(tmp_path, run_cli):
    path = tmp_path / "endless.yml"
    path.write_text("region: 通辽市\ntargets: &t [1, *t]\n", encoding="utf-8")
    code, out, err = run_cli("targets", "--plan", str(path))
    assert code == 2
    assert f"{path}:2: an alias inside the value it names" in err
    assert "Traceback" not in out + err


def _laughs(levels: int = 6) -> str:
    """A flow list whose aliases expand to 10**levels values."""
    parts = ["&l0 [" + ", ".join(["x"] * 10) + "]"]
    parts += [f"&l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return "[" + ", ".join(parts) + "]"


def test_reports_yml_whose_aliases_expand_to_millions_is_refused(tmp_path, run_cli):
    path = tmp_path / "reports.yml"
    path.write_text(
        f"suite: [{{name: x, notebook: 01_trajectory.ipynb}}]\nextra: {_laughs()}\n", "utf-8"
    )
    code, out, err = run_cli("report", "--config", str(path), "--list")
    assert code == 2
    assert f"{path}:2: this value stands for" in err and "at most 100,000 values" in err
    assert "Traceback" not in out + err


def test_reports_yml_with_the_aliases_pyyaml_writes_is_read(tmp_path, run_cli):
    import yaml

    scenarios = [0.05, 0.07]  # one list used twice: yaml.safe_dump writes &id001 and *id001
    suite = [
        {"name": f"t-{r}", "notebook": "01_trajectory.ipynb", "parameters": {"region": r}}
        for r in ("通辽市", "开鲁县")
    ]
    for entry in suite:
        entry["parameters"]["gdp_growth_scenarios"] = scenarios
    text = yaml.safe_dump({"suite": suite}, allow_unicode=True)
    assert "*id001" in text
    path = tmp_path / "reports.yml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli("report", "--config", str(path), "--list")
    assert code == 0, err
    assert "t-开鲁县" in out


def test_a_parameter_whose_aliases_expand_to_millions_is_refused(run_cli):
    code, _, err = run_cli("report", "--notebook", "01_trajectory", "-p", f"region={_laughs()}")
    assert code == 2
    assert "parameter 'region'" in err and "values once its aliases (*name) are expanded" in err


def test_yaml_nested_deeper_than_any_plan_is_refused(tmp_path, run_cli):
    path = tmp_path / "deep.yml"
    path.write_text("targets:\n" + "".join("  " * i + "- \n" for i in range(1, 200)), "utf-8")
    code, out, err = run_cli("targets", "--plan", str(path))
    assert code == 2
    assert "nested more than 50 levels deep" in err
    assert "Traceback" not in out + err


def test_a_plan_saved_as_gbk_is_read_and_a_folder_is_named(tmp_path, run_cli):
    shipped = (paths.plans() / "tongliao-2023.yml").read_text(encoding="utf-8")
    gbk = tmp_path / "gbk.yml"
    gbk.write_bytes(shipped.encode("gb18030"))
    code, out, _ = run_cli("targets", "--plan", str(gbk), "--check")
    assert (code, out.split(":")[0]) == (0, str(gbk))
    folder = tmp_path / "folder.yml"
    folder.mkdir()
    code, out, err = run_cli("targets", "--plan", str(folder))
    assert code == 2
    assert f"{folder}: is a folder (expected a YAML file)" in err
    assert "Traceback" not in out + err


def test_errors_from_a_plan_print_control_characters_visibly(tmp_path, run_cli):
    path = tmp_path / "plan.yml"
    path.write_text('region: "通辽\\e[2J\\a"\n', encoding="utf-8")
    code, out, err = run_cli("targets", "--plan", str(path))
    assert code == 2
    assert not any(c in out + err for c in RAW_CONTROLS)
    assert "unknown region '通辽\\x1b[2J\\x07'" in err


def test_a_date_that_does_not_exist_is_named_at_its_line(tmp_path, run_cli):
    """YAML reads 2023-02-30 as a date and PyYAML fails to make it: a plan, reports.yml and a
    -p value each end with exit 2 and the value, never a traceback."""
    plan = tmp_path / "plan.yml"
    plan.write_text("document:\n  title: x\n  issued: 2023-02-30\nregion: 通辽市\n", "utf-8")
    code, out, err = run_cli("targets", "--check", "--plan", str(plan))
    assert code == 2 and "Traceback" not in out + err
    assert f"{plan}:3: not a date: '2023-02-30'" in err
    suite = tmp_path / "reports.yml"
    suite.write_text("index:\n  title: 2023-13-45\nsuite: []\n", encoding="utf-8")
    code, out, err = run_cli("report", "--list", "--config", str(suite))
    assert code == 2 and f"{suite}:2: not a date: '2023-13-45'" in err
    code, out, err = run_cli(
        "report", "--notebook", "06_data_overview.ipynb", "-p", "start_year=2023-02-30"
    )
    assert code == 2 and "not a date: '2023-02-30'" in err and "Traceback" not in out + err


def test_a_yaml_tag_in_a_plan_or_reports_yml_is_refused_at_its_line(tmp_path, run_cli):
    # a tag builds a value no user file needs (bytes from !!binary) or an object; quoted, or
    # inside text, "!" is text
    plan = tmp_path / "tagged.yml"
    shipped = (paths.plans() / "tongliao-2023.yml").read_text(encoding="utf-8")
    plan.write_text(shipped.replace("  kind: official", "  kind: !!binary b2ZmaWNpYWw="), "utf-8")
    code, out, err = run_cli("targets", "--plan", str(plan), "--check")
    line = shipped.splitlines().index("  kind: official        # official / draft / example") + 1
    assert code == 2 and "Traceback" not in out + err
    assert f"{plan}:{line}: YAML tags (!...) are not accepted: !!binary" in err
    suite = tmp_path / "reports.yml"
    suite.write_text(
        "suite:\n  - name: x\n    notebook: 01_trajectory.ipynb\n"
        "parameter_rules:\n  n_paths: {choices: [!!binary /w==, 2000]}\n",
        "utf-8",
    )
    code, out, err = run_cli("report", "--config", str(suite), "--list")
    assert code == 2 and f"{suite}:5: YAML tags (!...) are not accepted: !!binary" in err
    out_dir = tmp_path / "out"
    code, out, err = run_cli(
        "report", "--notebook", "06_data_overview", "-p", "x=a !b", "--out", str(out_dir)
    )
    assert code == 2 and "YAML tags" not in err  # read as the text 'a !b': no such parameter
    assert "unknown parameter 'x'" in err and not out_dir.exists()


def test_a_tag_is_named_as_written_and_a_p_value_says_how_to_mend_it(tmp_path, run_cli):
    plan = tmp_path / "tagged.yml"
    plan.write_text("%TAG !e! tag:example.com,2000:\n---\nregion: !e!place 通辽市\n", "utf-8")
    code, _, err = run_cli("targets", "--plan", str(plan), "--check")
    assert code == 2 and f"{plan}:3: YAML tags (!...) are not accepted: !e!place" in err
    code, _, err = run_cli("report", "--notebook", "06_data_overview", "-p", "region=!x 通辽市")
    assert code == 2 and "Traceback" not in err
    assert "not accepted: !x; expected plain values: text (in quotes" in err


def test_a_plan_that_is_no_file_or_too_long_a_name_exits_2(tmp_path, run_cli):
    fifo = tmp_path / "pipe.yml"
    os.mkfifo(fifo)  # reading would wait for a writer for ever: one comes, so a test fails
    threading.Thread(target=_release, args=(fifo,), daemon=True).start()
    code, _, err = run_cli("targets", "--plan", str(fifo))
    assert code == 2 and f"{fifo}: not a regular file" in err
    big = tmp_path / "big.yml"
    big.write_text("a: " + "x" * 5_000_000, "utf-8")
    code, _, err = run_cli("targets", "--plan", str(big))
    assert code == 2 and "(expected a YAML file of at most 5,000,000 bytes)" in err
    for asked in ("a" * 300, "a" * 300 + ".yml"):  # longer than a file name may be
        code, _, err = run_cli("targets", "--plan", asked)
        assert code == 2 and "Traceback" not in err and "no such file" in err
        code, _, err = run_cli("report", "--notebook", "00_dashboard", "-p", f"plan={asked}")
        assert code == 2 and "Traceback" not in err and "is not a plan in plans/" in err


def _release(fifo, seconds: float = 10.0) -> None:
    """Open ``fifo`` for writing and close it at once, as soon as a reader waits on it (within
    ``seconds``): a reader that should never have opened it then reads an empty file."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            return
        except OSError:  # no reader yet
            time.sleep(0.05)
