"""Results are always for the region asked (issue 22): every view and every command that takes
a region computes for that region and no other, for Tongliao, a banner, a province, China and a
hierarchy a user declared; a result for another region is refused, never shown under the name
asked for. The declared hierarchy is MADE UP for the test (Testville and its three districts
are not real places and none of their numbers are statistics)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rdanalysis import paths, reference
from rdanalysis.analysis import views
from rdanalysis.analysis.missing import MissingDataError
from rdanalysis.data import build, plans
from rdanalysis.data import load as data_load
from rdanalysis.errors import RDAnalysisError

#: A made-up city under Inner Mongolia with three districts, 2018-2023 (亿元; not statistics).
TESTVILLE = ["Testville North", "Testville East", "Testville West"]
DECLARED = [
    "地区,上级地区,层级,英文名",
    "Testville,内蒙古自治区,市,",
    *(f"{d},Testville,区," for d in TESTVILLE),
]


SECTORS = {"enterprise": 0.7, "government_institute": 0.1, "higher_education": 0.1, "other": 0.1}


def _testville(folder: Path) -> Path:
    folder.mkdir()
    (folder / "regions.csv").write_text("\n".join(DECLARED) + "\n", encoding="utf-8")
    lines = ["region,year,sector,rd_expenditure_100m_yuan,gdp_100m_yuan,source"]
    for year in range(2018, 2024):
        k = year - 2018
        for i, name in enumerate(TESTVILLE):
            gdp = 100.0 + 20 * i + 5 * k
            lines.append(
                f"{name},{year},total,{gdp * (0.004 + 0.001 * i + 0.0005 * k):.4f},{gdp},made up"
            )
        total = 6.0 + 0.5 * k
        lines.append(f"Testville,{year},total,{total},{800.0 + 40 * k},made up")
        for sector, share in SECTORS.items():
            lines.append(f"Testville,{year},{sector},{total * share:.4f},,made up")
    (folder / "testville.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def builds(tmp_path_factory, processed) -> dict:
    """The shipped build's tables and processed folder, and the declared hierarchy's."""
    tmp = tmp_path_factory.mktemp("testville")
    out = tmp / "processed"
    build.build(_testville(tmp / "user"), include_illustrative=False, out_dir=out)
    return {"shipped": processed, "declared": out}


#: (region asked, as a user may write it; its official name; which build it is in)
ASKED = [
    ("通辽市", "通辽市", "shipped"),
    ("Tongliao", "通辽市", "shipped"),
    ("科尔沁左翼中旗", "科尔沁左翼中旗", "shipped"),  # a banner
    ("广东省", "广东省", "shipped"),
    ("Guangdong", "广东省", "shipped"),
    ("全国", "全国", "shipped"),
    ("Testville", "Testville", "declared"),
    ("Testville East", "Testville East", "declared"),
]


def _tables(builds, which, monkeypatch):
    monkeypatch.setenv(paths.PROCESSED_ENV, str(builds[which]))
    return data_load.load_all()


def _region_of(result) -> str:
    """The region a view's result says it was computed for."""
    for attr in ("region", "name"):
        value = getattr(result, attr, None)
        if isinstance(value, str):
            return value
    raise AssertionError(f"{type(result).__name__} carries no region")


def _plan_for(region: str, folder: Path) -> Path:
    """Tongliao's plan with another region: a plan is evaluated for its own region."""
    text = (paths.plans() / "tongliao-2023.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["region"] = region
    path = folder / f"plan-{abs(hash(region))}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


VIEWS = {
    "region_view": lambda t, r: views.regions.build(t, r),
    "split_view": lambda t, r: views.splits.build(t, r, "sector"),
    "split_view_funding": lambda t, r: views.splits.build(t, r, "funding"),
    "profile_view": lambda t, r: views.profiles.build(t, r),
    "province_view": lambda t, r: views.province.build(t, r),
    "outlook": lambda t, r: views.outlook.build(t, r, 2.5, 2030, n_paths=200, diagnostics=False),
    "decomposition_table": lambda t, r: views.decomposition.effects(t, "region", r),
    "decomposition_sector": lambda t, r: views.decomposition.effects(t, "sector", r),
    **{
        f"decompose_{by}_{factors}_{form}": (
            lambda t, r, by=by, factors=factors, form=form: views.decomposition.build(
                t, by, r, form=form, factors=factors
            )
        )
        for by in ("region", "county", "sector")
        for factors in ("intensity", "spending")
        for form in ("additive", "multiplicative")
    },
}


#: Views that must compute (not only refuse) for these regions: the test is never vacuous.
MUST_COMPUTE = {
    *((r, v) for r in ("通辽市", "全国", "Testville") for v in ("region_view", "outlook")),
    *((r, "split_view") for r in ("通辽市", "全国", "Testville")),
    ("广东省", "split_view_funding"),
    ("广东省", "province_view"),
    ("科尔沁左翼中旗", "profile_view"),
    ("Testville East", "profile_view"),
    *(("全国", f"decompose_region_spending_{form}") for form in ("additive", "multiplicative")),
    *(("Testville", f"decompose_county_{f}_additive") for f in ("intensity", "spending")),
    ("Testville", "decompose_sector_spending_multiplicative"),
}


#: The regions asked of every view (an alias resolves first: the commands below take aliases).
BY_NAME = [a for a in ASKED if a[0] == a[1]]


@pytest.mark.parametrize("name", list(VIEWS))
@pytest.mark.parametrize(("asked", "official", "which"), BY_NAME, ids=[a[0] for a in BY_NAME])
def test_every_view_computes_for_the_region_asked(
    builds, monkeypatch, name, asked, official, which
):
    tables = _tables(builds, which, monkeypatch)
    if (asked, name) in MUST_COMPUTE:
        result = VIEWS[name](tables, asked)
        assert _region_of(result) == official, name
    try:
        result = VIEWS[name](tables, asked)
    except MissingDataError:
        return  # nothing shown: the report says what is missing
    except RDAnalysisError as err:  # a clear refusal (no parent, no sub-regions...) is fine
        assert "Traceback" not in str(err)
        return
    assert _region_of(result) == official, name
    if isinstance(result, views.regions.RegionView):
        assert set(result.league.index) <= set(reference.of(tables).children(official))
    if isinstance(result, views.decomposition.DecompositionView) and result.meta["by"] in (
        "region",
        "county",
    ):
        units = set(result.effects["unit"])
        assert units <= set(reference.of(tables).children(official)), (name, units)


@pytest.mark.parametrize(("asked", "official", "which"), ASKED, ids=[a[0] for a in ASKED])
def test_a_dashboard_is_for_its_plans_region(builds, monkeypatch, tmp_path, asked, official, which):
    tables = _tables(builds, which, monkeypatch)
    plan = plans.load(_plan_for(asked, tmp_path), reference.of(tables))
    board = views.dashboard.build(tables, plan, use_forecast=False)
    assert plan.region == official and board.region == official
    for found in (board.assessment.sector, board.assessment.county) if board.assessment else ():
        if found is not None:
            assert found.region == official


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    asked=st.sampled_from(ASKED),
    by=st.sampled_from(["region", "county", "sector", "funding", "activity"]),
    factors=st.sampled_from(["intensity", "spending"]),
    form=st.sampled_from(["additive", "multiplicative"]),
)
def test_decompose_shows_the_region_asked_or_refuses(
    builds, monkeypatch, run_cli, asked, by, factors, form
):
    region, official, which = asked
    monkeypatch.setenv(paths.PROCESSED_ENV, str(builds[which]))
    code, out, err = run_cli(
        "decompose", "--by", by, "--region", region, "--factors", factors, "--form", form,
        "--format", "json",
    )  # fmt: skip
    assert "Traceback" not in out + err
    if code != 0:
        assert code == 2 and err.startswith("error: "), err
        return
    payload = json.loads(out)
    assert payload["region"] == official
    if by in ("region", "county"):
        kids = reference.of(data_load.load_all()).children(official)
        assert {r["unit"] for r in payload["rows"]} <= set(kids)


@pytest.mark.parametrize(("asked", "official", "which"), ASKED, ids=[a[0] for a in ASKED])
def test_forecast_and_targets_commands_show_the_region_asked(
    builds, monkeypatch, tmp_path, run_cli, asked, official, which
):
    monkeypatch.setenv(paths.PROCESSED_ENV, str(builds[which]))
    code, out, err = run_cli(
        "forecast", "--region", asked, "--method", "naive", "--year", "2030", "--format", "json"
    )
    assert "Traceback" not in out + err
    if code == 0:
        assert json.loads(out)["region"] == official
    else:
        assert code == 2 and err.startswith("error: "), err
    code, out, err = run_cli(
        "targets", "--plan", str(_plan_for(asked, tmp_path)), "--format", "json"
    )
    assert code == 0, err
    assert json.loads(out)["region"] == official


def test_spending_by_region_for_china_shows_the_31_provinces_both_forms(builds, run_cli):
    """The silent wrong answer of issue 22: Tongliao's banners under the header of 全国."""
    provinces = reference.known().children("全国")
    for form in ("additive", "multiplicative"):
        code, out, err = run_cli(
            "decompose", "--by", "region", "--region", "全国", "--factors", "spending",
            "--form", form, "--format", "json",
        )  # fmt: skip
        assert code == 0, err
        payload = json.loads(out)
        assert payload["region"] == "全国" and payload["children"] == 31
        assert {r["unit"] for r in payload["rows"]} == set(provinces)
        total = sum(r["effect_100m_yuan"] for r in payload["rows"])
        assert total == pytest.approx(payload["change_100m_yuan"], abs=1e-6)
        if form == "multiplicative":
            assert payload["product_of_indices"] == pytest.approx(payload["ratio"], rel=1e-6)


def test_a_result_for_another_region_is_refused():
    with pytest.raises(views.RegionMismatchError, match="not for '全国'"):
        views.same_region("全国", "通辽市", "decomposition")


def test_loading_a_build_changes_no_registry(builds, monkeypatch):
    """Two builds read in either order: each set of tables keeps its own regions, and the
    regions every other caller sees do not change with what was loaded last."""
    before = dict(reference.regions())
    declared = _tables(builds, "declared", monkeypatch)
    shipped = _tables(builds, "shipped", monkeypatch)
    assert reference.of(declared).children("Testville") == TESTVILLE
    assert "Testville" not in reference.of(shipped)
    assert dict(reference.regions()) == before
    assert views.regions.build(declared, "Testville").children == TESTVILLE
    with pytest.raises(RDAnalysisError, match="unknown region 'Testville'"):
        views.regions.build(shipped, "Testville")
