"""Faults on the data side: a damaged build record, a processed folder copied by following its
links, a file saved again while the build reads it, a regions.csv that is not UTF-8 or empty.
Each ends with a clear message or just works; none ends in a traceback."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from rdanalysis import reference
from rdanalysis.data import build, load, store, template
from rdanalysis.errors import RDAnalysisError, errors_only
from tests.conftest import NO_USER, SOURCE


@pytest.fixture(scope="module")
def shipped() -> build.BuildResult:
    """The shipped data, collected once (nothing written)."""
    return build.collect(NO_USER)


@pytest.fixture
def processed(tmp_path, monkeypatch) -> Path:
    """A processed folder of the test's own, as RDANALYSIS_PROCESSED would give."""
    out = tmp_path / "processed"
    monkeypatch.setenv("RDANALYSIS_PROCESSED", str(out))
    return out


def test_an_empty_build_record_is_named_damaged_not_a_key_error(shipped, processed, run_cli):
    build.write(shipped, processed)
    (store.published(processed) / "build_info.json").write_text("{}", encoding="utf-8")
    with pytest.raises(RDAnalysisError, match=r"build_info.json is damaged \(no valid built_at"):
        load.build_info()
    code, out, err = run_cli("targets")
    assert code == 2
    assert "build_info.json is damaged" in err and "rdanalysis data build" in err
    assert "Traceback" not in out + err


def test_a_processed_folder_copied_with_its_links_followed_builds_and_reads(
    shipped, tmp_path, processed
):
    original = tmp_path / "original"
    build.write(shipped, original)
    shutil.copytree(original, processed, symlinks=False)  # what `cp -rL` makes
    assert (processed / "current").is_dir() and not (processed / "current").is_symlink()
    assert len(load.load("observations")) == len(shipped.tables["observations"])  # still read
    build.write(shipped, processed)  # was: "cannot write ... (Is a directory)"
    assert (processed / "current").is_symlink()
    assert load.build_info()["rows"] == {k: len(v) for k, v in shipped.tables.items()}
    build.write(shipped, processed)  # and the build after it
    assert len(load.load("gdp")) == len(shipped.tables["gdp"])


def test_a_file_saved_again_during_the_build_is_recorded_as_it_was_read(tmp_path, monkeypatch):
    user = tmp_path / "user"
    user.mkdir()
    path = user / "official.csv"
    first = f"地区,年份,R&D经费(亿元),来源\n通辽市,2022,9.5,{SOURCE}\n".encode()
    path.write_bytes(first)
    checks = template.check_measures

    def saved_meanwhile(df, *args, **kwargs):  # the user saves it while the build reads it
        if str(path) in set(df["file"]):
            path.write_bytes(first.replace(b"9.5", b"12.0"))
        return checks(df, *args, **kwargs)

    monkeypatch.setattr(template, "check_measures", saved_meanwhile)
    result = build.collect(user)
    assert errors_only(result.problems) == []
    assert result.inputs[str(path)] == hashlib.sha256(first).hexdigest()
    rd = result.tables["rd_expenditure"]
    mine = rd[(rd["status"] == "user") & (rd["year"] == 2022)]
    assert mine["rd_expenditure_100m_yuan"].tolist() == [9.5]


def test_regions_csv_is_recorded_among_the_inputs(tmp_path):
    user = tmp_path / "user"
    user.mkdir()
    text = "地区,上级地区,层级\n某新区,通辽市,县\n".encode()
    (user / "regions.csv").write_bytes(text)
    result = build.collect(user)
    assert errors_only(result.problems) == []
    assert result.inputs[str(user / "regions.csv")] == hashlib.sha256(text).hexdigest()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("地区,上级地区,层级\n某新区,通辽市,县\n".encode("gb18030"), None),
        (b"", "the file is empty (expected a CSV or XLSX table)"),
        (b"name,parent\nx,y\n", "no column for level"),
    ],
)
def test_regions_csv_in_gbk_is_read_and_an_empty_one_is_named(tmp_path, content, message):
    user = tmp_path / "user"
    user.mkdir()
    (user / "regions.csv").write_bytes(content)
    result = build.collect(user)
    problems = errors_only(result.problems)
    if message is None:
        assert problems == []
        assert reference.of(result.tables).children(reference.CITY)[-1] == "某新区"
    else:
        assert [str(p) for p in problems] == [next(str(p) for p in problems if message in str(p))]
        assert str(user / "regions.csv") in str(problems[0])


def test_a_declared_parent_may_be_given_by_its_code(tmp_path):
    user = tmp_path / "user"
    user.mkdir()
    (user / "regions.csv").write_text("地区,上级地区,层级\n某新区,150500,县\n", encoding="utf-8")
    result = build.collect(user)
    assert errors_only(result.problems) == []
    assert reference.of(result.tables)["某新区"].parent == reference.CITY
