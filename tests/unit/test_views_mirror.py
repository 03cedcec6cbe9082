"""text/ mirrors the views (issue 25): each notebook imports its page's text module as
``sections``, named after a view of ``analysis/views``, and no module is imported ``as readings``
(once three different modules were, so a reader could not tell which sentences a page read)."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

import rdanalysis
from tests.kernel.test_notebooks import NOTEBOOKS

PACKAGE = Path(rdanalysis.__file__).parent
ROOT = PACKAGE.parents[1]
VIEWS = {p.stem for p in (PACKAGE / "analysis" / "views").glob("*.py")} - {"__init__", "_common"}


def aliases(source: str) -> dict[str, str]:
    """``alias -> module`` for every ``import m as alias`` / ``from p import m as alias``."""
    out = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            out |= {a.asname: f"{node.module}.{a.name}" for a in node.names if a.asname}
        elif isinstance(node, ast.Import):
            out |= {a.asname: a.name for a in node.names if a.asname}
    return out


def notebook_code(path: Path) -> str:
    book = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in book.cells if c.cell_type == "code")


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_each_notebook_reads_its_page_text_module_as_sections(nb):
    module = aliases(notebook_code(nb)).get("sections", "")
    package, _, name = module.rpartition(".")
    assert package == "rdanalysis.text", f"{nb.name}: no text module imported as sections"
    assert name in VIEWS, f"{nb.name}: text.{name} is not named after a view ({sorted(VIEWS)})"
    assert (PACKAGE / "text" / f"{name}.py").is_file()


def test_no_module_is_imported_as_readings():
    sources = {p: p.read_text(encoding="utf-8") for d in ("src", "tests", "benchmarks")
               for p in (ROOT / d).rglob("*.py")}  # fmt: skip
    sources |= {nb: notebook_code(nb) for nb in NOTEBOOKS}
    assert len(sources) > 100  # the walk found the code
    found = sorted(str(p.relative_to(ROOT)) for p, s in sources.items() if "readings" in aliases(s))
    assert found == []


def test_the_alias_walk_sees_both_import_forms():
    source = "import a.b as readings\nfrom rdanalysis.text import splits as sections\n"
    assert aliases(source) == {"readings": "a.b", "sections": "rdanalysis.text.splits"}
