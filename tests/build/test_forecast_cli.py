"""rdanalysis forecast on user series: runs broken before the last year, gaps, flat and two-point
series."""

from __future__ import annotations

import pytest

from tests.unit.test_forecast import _cli_forecast


def test_cli_refuses_a_run_broken_just_before_the_last_year(tmp_path):
    proc, _ = _cli_forecast(tmp_path, [(2019, 8.0, 1000), (2020, 8.4, 1050), (2022, 9.6, 1200)])
    assert proc.returncode == 2
    assert "(2022) (no value for 2021)" in proc.stderr
    assert "nan" not in (proc.stdout + proc.stderr).lower()


def test_cli_uses_the_run_after_a_gap_and_names_its_years(tmp_path):
    rows = [(y, 8.0 + 0.3 * (y - 2015), 1000 + 20 * (y - 2015)) for y in range(2015, 2025)]
    rows = [r for r in rows if r[0] != 2020]
    proc, payload = _cli_forecast(tmp_path, rows, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert payload["years_used"] == [2021, 2022, 2023, 2024]
    assert any("2021-2024 (4 values)" in w for w in payload["warnings"])
    assert all(r["point_pct"] is not None for r in payload["forecast"])


def test_cli_flat_series_shows_the_probability_with_its_resolution(tmp_path):
    rows = [(y, 8.0, 1000.0) for y in range(2018, 2025)]
    proc, _ = _cli_forecast(tmp_path, rows, "--target", "1.2", "--year", "2025")
    assert proc.returncode == 0, proc.stderr
    assert "P(intensity >= 1.2% in 2025) = < 0.05 %" in proc.stdout
    assert "= 0.0%" not in proc.stdout
    assert "the series is flat" in proc.stdout
    (tmp_path / "b").mkdir()
    proc, payload = _cli_forecast(tmp_path / "b", rows, "--target", "1.2", "--format", "json")
    assert payload["probability_text"] == "< 0.05 %"
    assert payload["probability_resolution"] == pytest.approx(1 / 2000)


def test_cli_refuses_a_two_point_series(tmp_path):
    proc, _ = _cli_forecast(tmp_path, [(2023, 8.0, 1000), (2024, 8.4, 1050)])
    assert proc.returncode == 2
    assert "2 value(s) (2023, 2024)" in proc.stderr
