"""The package's public API: every name in rdanalysis.__all__ is a callable where it says."""

from __future__ import annotations


def test_public_api_names_resolve_to_callables() -> None:
    import rdanalysis as rd

    for name in rd.__all__:
        if name != "__version__":
            assert callable(getattr(rd, name)), name
    assert rd.dashboard_view.__module__ == "rdanalysis.analysis.views.dashboard"
