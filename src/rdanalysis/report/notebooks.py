"""Execute the project's notebooks through papermill with the project's own Jupyter kernel."""

from __future__ import annotations

import sys
from pathlib import Path

from rdanalysis import paths
from rdanalysis.errors import RDAnalysisError

KERNEL = "rdanalysis"
NOTEBOOKS_DIR = paths.NOTEBOOKS


def ensure_kernel() -> str:
    """Register the 'rdanalysis' kernel in this environment if it is missing; return its name."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        from ipykernel.kernelspec import install

        install(kernel_name=KERNEL, display_name="rdanalysis (Python 3)", prefix=sys.prefix)
    return KERNEL


def notebook_paths() -> list[Path]:
    """The committed notebooks, in reading order (by their number prefix)."""
    return sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def execute(
    notebook: Path, output: Path, parameters: dict | None = None, timeout: int = 600
) -> Path:
    """Run ``notebook`` top to bottom in a fresh kernel with ``parameters``; write ``output``."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from rdanalysis.report.config import declared as declared_parameters

    declared = declared_parameters(notebook)
    unknown = sorted(set(parameters or {}) - set(declared))
    if unknown:
        raise RDAnalysisError(
            f"{notebook.name}: unknown parameter(s) {', '.join(unknown)} "
            f"(expected one of {', '.join(declared) or 'none'})"
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=parameters or {},
            kernel_name=ensure_kernel(),
            cwd=str(paths.NOTEBOOKS),
            progress_bar=False,
            execution_timeout=timeout,
        )
    except PapermillExecutionError as err:
        raise RDAnalysisError(
            f"{notebook.name} failed in cell {err.exec_count}: {err.ename}: {err.evalue} "
            f"(executed notebook kept at {output})"
        ) from None
    return output
