"""The processed tables: provenance on every row, real vs illustrative never confused, sums that
add up, user data taking precedence, and a failed build that changes nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from rdanalysis import paths, reference
from rdanalysis.data import build, panel, public
from rdanalysis.errors import RDAnalysisError
from tests.conftest import NO_USER, SOURCE


def test_every_processed_row_has_a_source_and_a_status(tables):
    for name, frame in tables.items():
        if name in ("sources", "overrides", "disagreements"):
            continue
        assert frame["source"].astype(str).str.strip().ne("").all(), name
        assert frame["status"].isin(["verbatim", "derived", "illustrative", "user"]).all(), name


def test_illustrative_rows_are_never_labelled_real(tables):
    obs = tables["observations"]
    from_generator = obs["source"].str.contains("示例数据")
    assert (obs.loc[from_generator, "status"] == "illustrative").all()
    assert obs.loc[obs["status"] == "illustrative", "source"].str.contains("示例数据").all()
    assert (
        not obs.loc[obs["status"] != "illustrative", "origin"].str.contains("illustrative/").any()
    )


def test_no_tongliao_rd_figure_is_real(tables):
    """No Tongliao R&D figure is published: every one loaded must be illustrative."""
    rd = tables["rd_expenditure"]
    local = rd["region"].isin([reference.CITY, *reference.counties()])
    assert (rd.loc[local, "status"] == "illustrative").all()
    assert tables["rd_intensity"]["region"].ne(reference.CITY).all()


def test_bounds_are_never_loaded_as_values(tables):
    obs = tables["observations"]
    # tongliao_rd.csv holds only DERIVED INFERENCE bounds (<10, <0.76, <44.1).
    assert not obs["origin"].str.startswith("data/raw/public/tongliao_rd.csv").any()
    league = public.read_reference(paths.RAW_PUBLIC / "league_comparison_rd.csv")
    bound_lines = league[league["status"].str.startswith("DERIVED INFERENCE")]["line"]
    origins = {f"data/raw/public/league_comparison_rd.csv:{n}" for n in bound_lines}
    assert origins and not obs["origin"].isin(origins).any()


def test_every_public_label_is_in_the_crosswalk():
    missing = []
    for path in sorted(paths.RAW_PUBLIC.glob("*.csv")):
        if panel.is_panel(path):
            continue  # tidy tables with their own reader (test_panel.py)
        df = public.read_reference(path)
        for _, row in df.iterrows():
            if (
                public.skip_reason(row) is None
                and row["indicator"].strip() not in public.crosswalk()
            ):
                missing.append(f"{path.name}:{row['line']} {row['indicator']}")
    assert missing == []


def test_published_figures_keep_their_values_and_vintages(tables):
    obs = tables["observations"]
    ri = obs[obs["measure"] == "rd_intensity"].set_index(["region", "year", "vintage"])["value"]
    assert ri[("全国", 2022, "first_release")] == 2.54
    assert ri[("全国", 2022, "revised")] == 2.56
    assert ri[("全国", 2022, "yearbook_2024")] == 2.56
    gdp = tables["gdp"]
    tl = gdp[(gdp["region"] == "通辽市") & (gdp["year"] == 2015)]
    # 2015 real GDP (1900) is on the pre-correction basis; the comparable value is illustrative.
    assert set(zip(tl["basis"], tl["status"], strict=True)) == {
        ("pre_2018_correction", "verbatim"),
        ("comparable", "illustrative"),
    }
    real_2022 = gdp[(gdp["region"] == "通辽市") & (gdp["year"] == 2022)]
    assert list(real_2022["gdp_100m_yuan"]) == [1561.8]
    assert list(real_2022["status"]) == ["verbatim"]


def test_illustrative_sectors_and_counties_add_up(tables):
    rd = tables["rd_expenditure"]
    tl = rd[rd["region"] == reference.CITY].pivot(
        index="year", columns="sector", values="rd_expenditure_100m_yuan"
    )
    parts = tl.drop(columns="total").sum(axis=1)
    assert (parts - tl["total"]).abs().max() < 1e-6
    county = rd[rd["region"].isin(reference.counties()) & (rd["sector"] == "total")]
    by_year = county.groupby("year")["rd_expenditure_100m_yuan"].sum()
    assert (by_year - tl["total"]).abs().max() < 1e-6
    assert set(county["region"]) == set(reference.counties())
    assert sorted(tl.index) == list(range(2015, 2025))


def test_illustrative_intensity_is_plausible_against_inner_mongolia(tables):
    rd = tables["rd_expenditure"]
    gdp = tables["gdp"]
    tl_rd = rd[(rd["region"] == reference.CITY) & (rd["sector"] == "total")].set_index("year")
    tl_gdp = gdp[(gdp["region"] == reference.CITY) & (gdp["basis"] == "comparable")]
    tl_gdp = tl_gdp.set_index("year")["gdp_100m_yuan"]
    intensity = tl_rd["rd_expenditure_100m_yuan"] / tl_gdp * 100
    # Below the Inner Mongolia average every year (0.76% in 2015, 0.93% in 2023), as published
    # rankings imply, and far below the plan's 1%.
    assert intensity.between(0.2, 0.76).all()
    ent = rd[(rd["region"] == reference.CITY) & (rd["sector"] == "enterprise")].set_index("year")
    share = ent["rd_expenditure_100m_yuan"] / tl_rd["rd_expenditure_100m_yuan"]
    assert share.between(0.65, 0.87).all()  # below Inner Mongolia's 87.0% (2022)


def test_enterprise_rd_stays_within_the_enterprise_sector(tables):
    ent = tables["enterprises"]
    assert ent["enterprise_name"].str.contains("虚构").all()
    assert (ent["rd_expenditure_10k_yuan"] <= ent["revenue_10k_yuan"]).all()
    assert not ent.duplicated(["enterprise_id", "year"]).any()
    assert {2022, 2023, 2024} == set(ent["year"])


def test_illustrative_files_reproduce_from_the_seed(tmp_path):
    from rdanalysis.data import illustrative

    for path in illustrative.generate(tmp_path):
        committed = paths.RAW_ILLUSTRATIVE / path.name
        assert path.read_bytes() == committed.read_bytes(), path.name


def _hashes(folder: Path) -> dict[str, str]:
    """Content of every published file (through the links to the current generation)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_failed_build_leaves_previous_output_intact(tmp_path, write_csv):
    out = tmp_path / "processed"
    build.build(NO_USER, out_dir=out)
    before = _hashes(out)
    user = tmp_path / "user"
    user.mkdir()
    (user / "bad.csv").write_text(
        "地区,年份,R&D经费(亿元),来源\n通辽市,2022,-5,x\n", encoding="utf-8"
    )
    with pytest.raises(RDAnalysisError) as err:
        build.build(user, out_dir=out)
    assert "negative value -5" in str(err.value)
    assert f"{out} was not changed" in str(err.value)
    assert _hashes(out) == before


def test_rebuild_gives_the_same_numbers(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    build.build(NO_USER, out_dir=a)
    build.build(NO_USER, out_dir=b)
    for name in build.TABLES:
        pd.testing.assert_frame_equal(
            pd.read_parquet(a / f"{name}.parquet"), pd.read_parquet(b / f"{name}.parquet")
        )


TEMPLATE_HEADER = (
    "地区,年份,执行主体,R&D经费(亿元),地区生产总值(亿元),常住人口(万人),有效发明专利(件),"
    "高价值发明专利(件),知识产权质押融资(亿元),来源,备注"
)


@pytest.fixture
def processed(tmp_path, monkeypatch) -> Path:
    """A processed folder of the test's own, as RDANALYSIS_PROCESSED would give."""
    out = tmp_path / "processed"
    monkeypatch.setenv("RDANALYSIS_PROCESSED", str(out))
    return out


def _user_folder(tmp_path: Path, *lines: str, name: str = "official.csv") -> Path:
    user = tmp_path / "user"
    user.mkdir(exist_ok=True)
    (user / name).write_text("\n".join([TEMPLATE_HEADER, *lines]) + "\n", encoding="utf-8")
    return user


def _published(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["status"].isin(["verbatim", "derived"])]


def test_one_county_figure_builds_and_replaces_the_whole_illustrative_hierarchy(
    tmp_path, processed, run_cli, tables
):
    user = _user_folder(tmp_path, f"科尔沁区,2022,合计,2.0,,,,,,{SOURCE},")
    code, out, err = run_cli("data", "build", "--user-data", str(user))
    assert (code, err) == (0, "")
    assert "rd_expenditure: your 1 value(s) replace all 600 illustrative value(s) of 通辽市" in out
    rd = pd.read_parquet(processed / "rd_expenditure.parquet")
    local = rd[rd["region"].isin([reference.CITY, *reference.counties()])]
    # No illustrative R&D is left anywhere in Tongliao's hierarchy, so nothing compares the
    # user's county with an illustrative city total.
    assert list(zip(local["region"], local["year"], local["status"], strict=True)) == [
        ("科尔沁区", 2022, "user")
    ]
    # Published figures are all kept; the other measures stay illustrative, labelled as such.
    obs = pd.read_parquet(processed / "observations.parquet")
    assert len(_published(obs)) == len(_published(tables["observations"]))
    assert (pd.read_parquet(processed / "gdp.parquet")["status"] == "illustrative").any()


def test_city_row_like_the_template_example_keeps_every_published_figure(
    tmp_path, processed, run_cli, tables
):
    user = _user_folder(tmp_path, f"通辽市,2022,合计,10.5,1600,,,,,{SOURCE},")
    code, out, _ = run_cli("data", "build", "--user-data", str(user))
    assert code == 0
    gdp = pd.read_parquet(processed / "gdp.parquet")
    city = gdp[gdp["region"] == reference.CITY]
    before = tables["gdp"][tables["gdp"]["region"] == reference.CITY]
    # Every published Tongliao GDP year stays, except 2022 which the user supplied again...
    kept = _published(city)
    assert len(kept) == len(_published(before)) - 1
    assert set(city.loc[city["year"] == 2022, "status"]) == {"user"}
    # ...and that override is listed with both values.
    ov = pd.read_parquet(processed / "overrides.parquet")
    row = ov.set_index(["region", "year", "measure"]).loc[(reference.CITY, 2022, "gdp")]
    assert (row["published_value"], row["user_value"]) == (1561.8, 1600.0)
    assert row["published_origin"].startswith("data/raw/public/tongliao_macro.csv:")
    assert "1600 (" in out and "replaces published 1561.8 (verbatim" in out
    # The user's GDP replaces illustrative GDP for the hierarchy (no year mixes the two).
    assert "illustrative" not in set(gdp.loc[gdp["region"] == reference.CITY, "status"])
    # And the commands that read the build work on it.
    code, out, err = run_cli("targets", "--format", "json")
    assert code == 0, err
    assert '"id": "enterprise_share"' in out


def test_user_values_are_not_checked_against_illustrative_ones(tmp_path, processed, run_cli):
    # 8 亿元 of enterprise R&D in 科尔沁区 is far above the illustrative enterprise sector there
    # (about 1.5 亿元); the user's enterprises must not be held to an illustrative figure.
    user = tmp_path / "user"
    user.mkdir()
    (user / "enterprises.csv").write_text(
        "企业代码,企业名称,地区,行业,年份,营业收入(万元),R&D经费(万元),是否有研发机构,"
        "是否有研发活动,是否高新技术企业,来源\n"
        f"E1,甲公司,科尔沁区,化学原料和化学制品制造业,2022,900000,80000,是,是,是,{SOURCE}\n",
        encoding="utf-8",
    )
    code, out, err = run_cli("data", "build", "--user-data", str(user))
    assert code == 0, out + err
    assert "enterprises: your 1 row(s) replace the 823 illustrative" in out


def test_no_illustrative_option_leaves_only_real_rows(tmp_path):
    result = build.build(NO_USER, include_illustrative=False, out_dir=tmp_path)
    assert "illustrative" not in set(result.tables["observations"]["status"])
    assert result.tables["enterprises"].empty


def test_same_as_above_sources_are_resolved(tables):
    obs = tables["observations"]
    assert not obs["source"].str.strip().eq("同上").any()
    row = obs[obs["origin"] == "data/raw/public/inner_mongolia_rd_gdp.csv:27"]  # 2022 enterprises
    assert row["source"].iloc[0].startswith("2022年内蒙古自治区科技经费投入统计公报")
    raw = public.read_reference(paths.RAW_PUBLIC / "inner_mongolia_rd_gdp.csv")
    assert (
        raw.loc[raw["line"] == 19, "source_title"]
        .iloc[0]
        .startswith("2020年内蒙古自治区科技经费投入统计公报")
    )


KILL_AFTER_TWO_TABLES = """
import os, sys
import pandas as pd
from pathlib import Path
from rdanalysis.data import build

written = []
original = pd.DataFrame.to_parquet

def to_parquet(self, path, *args, **kwargs):
    if len(written) == 2:
        os._exit(137)  # as kill -9: no cleanup runs
    original(self, path, *args, **kwargs)
    written.append(path)

pd.DataFrame.to_parquet = to_parquet
build.build(Path(sys.argv[1]), out_dir=Path(sys.argv[2]))
"""


def test_build_killed_between_two_table_writes_leaves_the_previous_complete_set(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "processed"
    build.build(NO_USER, out_dir=out)
    before = _hashes(out)
    user = _user_folder(tmp_path, f"通辽市,2022,合计,10.5,,,,,,{SOURCE},")
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_TWO_TABLES, str(user), str(out)], check=False
    )
    assert killed.returncode == 137
    assert _hashes(out) == before  # the previous build, whole
    assert [p.name for p in out.glob(".tmp-*")] != []  # the killed build's leftovers...
    build.build(user, out_dir=out)
    assert list(out.glob(".tmp-*")) == []  # ...are cleaned by the next build
    rd = pd.read_parquet(out / "rd_expenditure.parquet")
    assert set(rd.loc[rd["region"] == reference.CITY, "status"]) == {"user"}
    assert len(list(out.glob("gen-*"))) == 2  # the new build and the one before it


def test_build_over_an_old_flat_folder_keeps_it_readable(tmp_path):
    out = tmp_path / "processed"
    out.mkdir()
    pd.DataFrame({"a": [1]}).to_parquet(out / "gdp.parquet")
    (out / ".gdp.parquet.tmp-999999999").write_text("leftover of the old writer")
    build.build(NO_USER, out_dir=out)
    assert (out / "gdp.parquet").is_symlink()
    assert "gdp_100m_yuan" in pd.read_parquet(out / "gdp.parquet").columns
    assert not list(out.glob(".*.tmp-*"))


def test_unwritable_processed_folder_is_a_clear_error(tmp_path, run_cli, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RDANALYSIS_PROCESSED", str(blocker / "processed"))
    code, out, err = run_cli("data", "build", "--user-data", str(tmp_path))
    assert code == 2
    assert "Traceback" not in out + err
    assert f"cannot write the processed tables to {blocker / 'processed'}" in err
    assert "RDANALYSIS_PROCESSED=DIR" in err


def test_missing_table_or_damaged_build_info_names_the_rebuild_command(
    tmp_path, processed, run_cli
):
    build.build(NO_USER)
    (processed / "current" / "sources.parquet").unlink()
    code, out, err = run_cli("targets")
    assert code == 2
    assert "Traceback" not in out + err
    assert f"{processed / 'sources.parquet'} is missing or damaged" in err
    build.build(NO_USER)
    (processed / "current" / "build_info.json").write_text("{garbage", encoding="utf-8")
    code, out, err = run_cli("targets")
    assert code == 2
    assert "Traceback" not in out + err
    assert f"{processed / 'build_info.json'} is damaged" in err
    assert "run `rdanalysis data build`" in err


def test_tables_are_read_when_used_and_stay_those_of_one_build(processed):
    """``load_all`` reads a table when a report first uses it (a county profile uses three of
    twelve), yet every table stays the one of the build it was loaded from: two rebuilds (which
    remove that build's folder) in between change nothing."""
    from rdanalysis.data import load

    build.build(NO_USER)
    first = pd.read_parquet(processed / "current" / "gdp.parquet")
    tables = load.load_all()
    assert list(tables) == list(load.TABLES) and len(tables) == len(load.TABLES)
    rd = tables["rd_expenditure"]
    assert tables["rd_expenditure"] is rd  # read once
    old_folder = (processed / "current").resolve()
    user = processed.parent / "user"
    user.mkdir()
    (user / "official.csv").write_text(
        f"{TEMPLATE_HEADER}\n通辽市,2022,合计,10.5,1600,,,,,{SOURCE},\n", encoding="utf-8"
    )
    build.build(user)
    build.build(user)
    assert not old_folder.exists()
    pd.testing.assert_frame_equal(tables["gdp"], first)  # read now, from the removed build
    assert 1600.0 in set(load.load_all()["gdp"]["gdp_100m_yuan"])  # a new load: the new build
    with pytest.raises(KeyError):
        tables["no_such_table"]


def test_a_damaged_table_is_named_when_a_report_uses_it(processed):
    from rdanalysis.data import load

    build.build(NO_USER)
    (processed / "current" / "enterprises.parquet").write_bytes(b"not parquet")
    tables = load.load_all()
    assert not tables["gdp"].empty  # the other tables are read as usual
    assert "enterprises" in tables  # asking whether it is there does not read it
    for _ in range(2):  # named again at every use, not turned into a KeyError
        with pytest.raises(RDAnalysisError, match=r"enterprises\.parquet is missing or damaged"):
            tables["enterprises"]


def test_loaded_tables_hold_no_open_file_and_behave_as_a_dict(processed):
    """What researchers do with ``rd.load_all()`` in JupyterLab: load it again and again, copy
    it, pickle it to worker processes, replace a table."""
    import copy
    import os
    import pickle

    from rdanalysis.data import load

    build.build(NO_USER)
    before = len(os.listdir("/proc/self/fd"))
    kept = [load.load_all() for _ in range(50)]
    assert len(os.listdir("/proc/self/fd")) == before
    tables = kept[0]
    for other in (pickle.loads(pickle.dumps(tables)), copy.deepcopy(tables), tables.copy()):
        pd.testing.assert_frame_equal(other["gdp"], tables["gdp"])
    assert isinstance(tables.copy(), dict) and set(tables | {"x": None}) == {*load.TABLES, "x"}
    tables["gdp"] = tables["gdp"].head(3)
    assert len(tables["gdp"]) == 3 and len(tables) == len(load.TABLES)
    del tables["bounds"]
    assert "bounds" not in tables and len(tables) == len(load.TABLES) - 1


def test_public_figures_are_read_again_when_a_raw_file_changes(tmp_path, monkeypatch):
    """The public figures are read once per process for the same files: an edited file is read
    afresh, and a caller changing its copy changes nobody else's."""
    import shutil

    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW, raw)
    monkeypatch.setattr(paths, "RAW", raw)
    monkeypatch.setattr(paths, "MANIFEST", raw / "manifest.yml")

    def enterprise_2021(obs: pd.DataFrame) -> list[float]:
        rows = obs[
            (obs["region"] == "全国")
            & (obs["year"].astype(int) == 2021)
            & (obs["measure"] == "rd_expenditure")
            & (obs["sector"] == "enterprise")
        ]
        return rows["value"].astype(float).tolist()

    first = build.published_figures()[0]
    assert enterprise_2021(first) == [21504.1]
    first["value"] = None  # the caller's own copy
    assert enterprise_2021(build.published_figures()[0]) == [21504.1]
    national = raw / "public" / "china_national_rd.csv"
    text = national.read_text(encoding="utf-8")
    assert text.count(",21504.1,") == 1
    national.write_text(text.replace(",21504.1,", ",21504.2,"), encoding="utf-8")
    assert enterprise_2021(build.published_figures()[0]) == [21504.2]
