"""The private behaviour of other libraries that the report layer relies on for speed
(``report.private_api``): each test fails, naming the library's version, when an upgrade removes
or changes it, and the fallback to the public path is checked to work."""

from __future__ import annotations

import subprocess
import sys
import warnings
from importlib import metadata
from pathlib import Path

import matplotlib
import pytest
from matplotlib import font_manager

from rdanalysis.report import private_api

SIZES = (6, 8.33, 12)


def test_matplotlib_still_finds_fonts_by_properties_privately():
    lookup = getattr(font_manager.fontManager, private_api.FONT_LOOKUP, None)
    assert callable(lookup), (
        f"matplotlib {matplotlib.__version__} removed FontManager.{private_api.FONT_LOOKUP}: "
        "report.private_api.warm_font_lookups now warms fonts through findfont (slower report "
        "starts); find the lookup text layout makes now and use it there"
    )
    try:
        found = lookup(font_manager.FontProperties(size=8))
    except TypeError as err:
        pytest.fail(
            f"matplotlib {matplotlib.__version__} changed FontManager.{private_api.FONT_LOOKUP}"
            f"(prop): {err}; update report.private_api.warm_font_lookups"
        )
    assert found and all(Path(path).is_file() for path in found), (
        f"matplotlib {matplotlib.__version__}: FontManager.{private_api.FONT_LOOKUP}(prop) "
        f"returned {found!r}, not a list of font files; update report.private_api"
    )


def test_font_warm_up_runs_without_a_warning_on_this_matplotlib():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        private_api.warm_font_lookups(SIZES)
    ours = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    assert not ours, f"matplotlib {matplotlib.__version__}: {ours[0].message}"


def test_font_warm_up_falls_back_to_findfont_when_the_private_lookup_is_gone(monkeypatch):
    monkeypatch.delattr(font_manager.FontManager, private_api.FONT_LOOKUP)
    looked_up = []
    real = font_manager.findfont
    monkeypatch.setattr(font_manager, "findfont", lambda prop: looked_up.append(prop) or real(prop))
    with pytest.warns(RuntimeWarning, match=f"no FontManager.{private_api.FONT_LOOKUP}"):
        private_api.warm_font_lookups(SIZES)
    assert [prop.get_size() for prop in looked_up] == pytest.approx(SIZES)


def test_font_warm_up_falls_back_when_the_private_lookup_changes_its_signature(monkeypatch):
    def changed(self, prop, required):  # an upgrade that adds a required argument
        raise AssertionError("not called with one argument")

    monkeypatch.setattr(font_manager.FontManager, private_api.FONT_LOOKUP, changed)
    with pytest.warns(RuntimeWarning, match="changed"):
        private_api.warm_font_lookups(SIZES)


def test_jsonschema_still_imports_rfc3987_syntax_optionally():
    """A fresh process that imports rdanalysis.report before nbformat validates a notebook
    with the grammar package marked absent (jsonschema guards its import)."""
    code = (
        "import sys, rdanalysis.report, nbformat\n"
        "nbformat.validate(nbformat.v4.new_notebook())\n"
        "assert sys.modules['rfc3987_syntax'] is None, 'imported before the guard'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, (
        f"jsonschema {metadata.version('jsonschema')} no longer treats rfc3987_syntax as "
        "optional: remove report.private_api.skip_rfc3987_syntax (notebooks read 2 s slower)"
        f"\n{done.stderr[-800:]}"
    )
