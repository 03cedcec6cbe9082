"""The wheel holds what a project needs: the repository keeps the notebooks and the shipped data
in the project's layout (notebooks/, data/raw/ at the top); building the package copies them into
rdanalysis/resources/ (notebooks, data/raw), where rdanalysis.paths finds them once installed.
Everything else is declared in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
#: Folder in the repository -> folder inside the package.
SHIPPED = {"notebooks": "resources/notebooks", "data/raw": "resources/data/raw"}


class BuildWithProjectFiles(build_py):
    """build_py, then the repository's notebooks and data/raw into the built package."""

    def run(self) -> None:
        super().run()
        for source, inside in SHIPPED.items():
            top = HERE / source
            for path in sorted(top.rglob("*")):
                rel = path.relative_to(top)
                if path.is_file() and not any(p.startswith((".", "__")) for p in rel.parts):
                    out = Path(self.build_lib, "rdanalysis", inside, rel)
                    out.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, out)


setup(cmdclass={"build_py": BuildWithProjectFiles})
