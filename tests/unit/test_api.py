"""The package's public API: every name in rdanalysis.__all__ is a callable where it says."""

from __future__ import annotations


def test_public_api_names_resolve_to_callables() -> None:
    import rdanalysis as rd

    for name in rd.__all__:
        if name != "__version__":
            assert callable(getattr(rd, name)), name
    assert rd.dashboard_view.__module__ == "rdanalysis.analysis.views.dashboard"


def test_the_decompose_command_offers_what_the_view_decomposes_by() -> None:
    """`rdanalysis decompose --by` lists its choices itself (the CLI imports views lazily): they
    are the view's, no more and no fewer."""
    from rdanalysis.analysis.views import decomposition
    from rdanalysis.cli.main import cli

    by = next(p for p in cli.commands["decompose"].params if p.name == "by")
    assert sorted(by.type.choices) == sorted(decomposition.BY)
