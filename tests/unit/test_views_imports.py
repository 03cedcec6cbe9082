"""No import circle anywhere in the package, counting every import: at module top, inside
functions and under ``TYPE_CHECKING``. (import-linter's layer contracts check the folders; a
circle between two modules of one folder, or one hidden inside a function, they do not see.)"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import rdanalysis

PACKAGE = Path(rdanalysis.__file__).parent


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The dotted names an import statement may bind: the module and, for ``from m import x``,
    ``m.x`` (a submodule when there is one)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    return [source] + [f"{source}.{a.name}" for a in node.names]


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the package's modules it imports, from the syntax tree of every module."""
    files = {module_name(p, root): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in files}
    for module, path in files.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = imported(node, module, path.name == "__init__.py")
                graph[module] |= {n for n in names if n in files and n != module}
    return graph


def circle(root: Path) -> list[str]:
    """One import circle of the package (``[a, b, a]``: a imports b, b imports a), or []."""
    try:
        graphlib.TopologicalSorter(import_graph(root)).prepare()
    except graphlib.CycleError as err:
        return list(reversed(err.args[1]))
    return []


def test_the_walk_sees_imports_inside_functions(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from pkg import b\n")
    (pkg / "b.py").write_text("def f():\n    from pkg.a import x\n    return x\n")
    (pkg / "c.py").write_text("from . import a\n")
    assert set(circle(pkg)) == {"pkg.a", "pkg.b"}
    (pkg / "b.py").write_text("def f():\n    return 1\n")
    assert circle(pkg) == []


def test_no_import_circle_in_the_package():
    assert len(import_graph(PACKAGE)) > 50  # the walk found the package's modules
    assert circle(PACKAGE) == []


def uncommented_function_imports(source: str) -> list[int]:
    """The lines of imports inside a function with no comment in their block (the imports one
    after another, blank lines between them allowed) nor on the line above it."""
    lines = source.splitlines()
    inside = {
        node.lineno
        for fn in ast.walk(ast.parse(source))
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(fn)
        if isinstance(node, ast.Import | ast.ImportFrom)
    }
    bare = []
    for line in sorted(inside):
        above = line - 1
        while above > 0 and not lines[above - 1].strip():
            above -= 1
        if above in inside:
            continue  # not the first of its block
        block, k = [], line
        while k in inside or (k <= len(lines) and not lines[k - 1].strip() and k + 1 in inside):
            block.append(lines[k - 1])
            k += 1
        if not lines[above - 1].strip().startswith("#") and not any("#" in b for b in block):
            bare.append(line)
    return bare


def test_the_comment_check_finds_a_bare_import_inside_a_function():
    source = "def f():\n    import json\n\n\ndef g():\n    # lazy: 0.3 s\n    import csv\n"
    assert uncommented_function_imports(source) == [2]


def test_every_import_inside_a_function_says_why():
    """An import stays inside a function only to spare a start-up a heavy library, and a comment
    there says so (issue 25)."""
    bare = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line in uncommented_function_imports(path.read_text(encoding="utf-8"))
    ]
    assert bare == [], "imports inside functions without a comment saying why: " + ", ".join(bare)
