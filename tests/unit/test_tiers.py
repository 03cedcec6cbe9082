"""The test tiers hold: every test file sits in a tier folder, a test carries its folder's tier
and no other, and a unit test cannot build data or read the processed tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from rdanalysis import paths
from rdanalysis.data import build, load
from rdanalysis.errors import RDAnalysisError
from tests.conftest import NO_USER, TIERS

TESTS = Path(__file__).resolve().parents[1]


def test_every_test_file_sits_in_a_tier_folder():
    files = sorted(TESTS.rglob("test_*.py"))
    assert len(files) > 40
    outside = [
        str(f.relative_to(TESTS)) for f in files if f.relative_to(TESTS).parts[0] not in TIERS
    ]
    assert outside == []


def test_a_test_carries_its_folder_s_tier_and_no_other(request):
    tiers = [m.name for m in request.node.iter_markers() if m.name in TIERS]
    assert tiers == ["unit"]


def test_a_unit_test_cannot_build_data():
    with pytest.raises(AssertionError, match="a unit test builds no data"):
        build.collect(NO_USER)
    with pytest.raises(AssertionError, match="a unit test builds no data"):
        build.build(NO_USER)


def test_a_unit_test_cannot_read_the_processed_tables():
    assert not paths.processed().exists()
    with pytest.raises(RDAnalysisError, match="rdanalysis data build"):
        load.load_all()
