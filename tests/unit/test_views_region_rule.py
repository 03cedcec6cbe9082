"""The rule for a region parameter lives in the region registry: the official name of a name,
alias or English name, or an error naming the value and the closest region."""

from __future__ import annotations

import pytest

from rdanalysis import reference
from rdanalysis.errors import RDAnalysisError


@pytest.mark.parametrize("asked", ["通辽市", "通辽", "Tongliao"])
def test_a_name_alias_or_english_name_gives_the_official_name(asked):
    assert reference.check_region(asked) == "通辽市"


def test_an_unknown_region_is_refused_with_the_closest_name():
    with pytest.raises(RDAnalysisError) as err:
        reference.check_region("科尔沁左中")
    assert "unknown region '科尔沁左中'" in str(err.value)
    assert "did you mean 科尔沁左翼中旗" in str(err.value)


def test_the_hierarchy_given_is_the_one_checked():
    only_known = reference.known()
    assert reference.check_region("全国", only_known) == "全国"
    with pytest.raises(RDAnalysisError, match="unknown region 'Atlantis'"):
        reference.check_region("Atlantis", only_known)
