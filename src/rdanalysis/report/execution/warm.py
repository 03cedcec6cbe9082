"""Imported once by the parent of every report worker (the fork server): what a report would
otherwise pay for at each start, the scientific stack, IPython, papermill, nbconvert and the
package, the CJK font's first load, and the IPython shell reports run in. Importing this module
changes no state a report can observe: matplotlib's settings are restored after the font
warm-up, no figure is kept, and the shell is the one a cold report would make (``engine.shell``)
and has never run a cell.
"""

from __future__ import annotations

import importlib
import io
import os
import pkgutil
from base64 import b64encode

#: Parallel reports run one BLAS/OpenMP thread each: with several workers each spinning a thread
#: per core, numeric work slowed down 15x on 2 cores (measured: 5.8 s alone, 91 s paired). Set
#: before numpy is imported, which is when OpenBLAS reads it.
SINGLE_THREADED = {
    name: "1"
    for name in (
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "NUMEXPR_NUM_THREADS",
    )
}
os.environ.update(SINGLE_THREADED)

import matplotlib  # noqa: E402

matplotlib.use("Agg")  # the inline backend is switched on per report by report.execution.engine

import geopandas  # noqa: E402, F401
import IPython.core.completer  # noqa: E402  (what a shell imports when it starts)
import IPython.core.crashhandler  # noqa: E402
import IPython.core.magics  # noqa: E402
import IPython.core.pylabtools  # noqa: E402, F401
import matplotlib.pyplot  # noqa: E402
import matplotlib_inline.backend_inline  # noqa: E402, F401
import nbformat  # noqa: E402
import pandas  # noqa: E402
import pandas.io.formats.string  # noqa: E402
import pyarrow.dataset  # noqa: E402
import pyarrow.parquet  # noqa: E402, F401
import seaborn  # noqa: E402, F401
import statsmodels.api  # noqa: E402, F401
from matplotlib.backends import registry  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import rdanalysis  # noqa: E402
from rdanalysis.plots import style  # noqa: E402
from rdanalysis.report import private_api  # noqa: E402
from rdanalysis.report.execution import engine  # noqa: E402
from rdanalysis.report.publishing import page  # noqa: E402
from rdanalysis.text import tables  # noqa: E402


def _import_package() -> None:
    """Every module of the layers a notebook calls (whatever modules they hold today)."""
    for layer in ("data", "analysis", "text", "plots"):
        package = importlib.import_module(f"rdanalysis.{layer}")
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            importlib.import_module(info.name)
    rdanalysis.load  # noqa: B018  (the lazy loaders)


def _figure_png() -> bytes:
    """Draw the kinds of chart reports draw (bars, lines, CJK text, constrained layout) once:
    font glyphs, layout code and the PNG writer are loaded here rather than in every report."""
    registry.backend_registry.list_all()  # reads the backends' entry points once
    with matplotlib.rc_context():
        style.setup()
        # the font lookups every chart repeats (one weight; matplotlib's private API, isolated)
        private_api.warm_font_lookups(
            (6, 7, 8, 9, 10, 11, 12, 14, 16, 5.79, 6.94, 8.33, 14.4, 17.28)
        )
        fig = Figure(figsize=(4, 3), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.bar(["企业", "高等学校"], [0.8, 0.2], label="示例")
        ax.plot([0, 1], [0.5, 0.6], marker="o")
        ax.set_title("通辽市研发经费 R&D 1.0%")
        ax.set_ylabel("亿元")
        ax.legend()
        style.caption(fig, "通辽市R&D经费投入强度0.81%。", "示例数据(非真实统计) Source")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _page() -> None:
    """Assemble a small executed notebook into a page once (templates, Markdown parser, the
    sanitiser and regular expressions are made here rather than in every report)."""
    nb = nbformat.v4.new_notebook()
    table = tables.Table(pandas.DataFrame({"region": ["通辽市"], "intensity_pct": [0.5]}))
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/markdown": "# 标题\n\n**解读:** 示例"}),
        nbformat.v4.new_output("display_data", data=table._repr_mimebundle_()),
        nbformat.v4.new_output(
            "display_data", data={"image/png": b64encode(_figure_png()).decode("ascii")}
        ),
        nbformat.v4.new_output("stream", name="stderr", text="note\n"),
    ]
    nb.cells = [cell]
    nbformat.validate(nbformat.reads(nbformat.writes(nb), as_version=4))  # schema compiled
    facts = {"illustrative": True, "illustrative_values": [{"region": "通辽市", "what": "gdp"}]}
    context = {
        "name": "warm-up",
        "title": "warm-up",
        "lang": "zh",
        "workbook": "warm-up.xlsx",
        "pdf": "",
        "facts": facts,
        "sources": [],
        "tiers": [],
        "files": [],
        "parameters": [],
        "finished": "",
        "run_id": "",
        "versions": "",
    }
    page.assemble(nb, context)
    pandas.read_parquet(io.BytesIO(pandas.DataFrame({"x": [1.0]}).to_parquet()))


_import_package()
_page()
engine.shell()  # last: it switches matplotlib to the inline backend, as in every report
