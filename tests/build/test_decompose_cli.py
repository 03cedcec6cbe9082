"""rdanalysis decompose on the shipped data: its forms and factors."""

from __future__ import annotations

import numpy as np
import pytest


def test_cli_decompose_forms_and_factors(run_cli):
    import json

    code, out, _ = run_cli(
        "decompose",
        "--by",
        "sector",
        "--region",
        "全国",
        "--form",
        "multiplicative",
        "--format",
        "json",
    )
    assert code == 0
    payload = json.loads(out)
    indices = {r["unit"]: r["index"] for r in payload["rows"]}
    assert np.prod(list(indices.values())) == pytest.approx(2.6462 / 2.5552, abs=1e-3)
    assert payload["product_of_indices"] == pytest.approx(payload["ratio"], rel=1e-6)
    code, out, _ = run_cli(
        "decompose", "--by", "county", "--factors", "spending", "--format", "json"
    )
    assert code == 0
    payload = json.loads(out)
    assert {r["factor"] for r in payload["rows"]} == {"activity", "structure", "intensity"}
    total = sum(r["effect_100m_yuan"] for r in payload["rows"])
    assert total == pytest.approx(payload["change_100m_yuan"], abs=1e-6)
    assert payload["status"] == "illustrative"
