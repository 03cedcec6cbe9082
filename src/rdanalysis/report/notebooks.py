"""The project's notebooks and the Jupyter kernel they name (for JupyterLab; reports are executed
by ``report.run``, in process, without a kernel)."""

from __future__ import annotations

import sys
from pathlib import Path

from rdanalysis import paths

KERNEL = "rdanalysis"
NOTEBOOKS_DIR = paths.NOTEBOOKS


def ensure_kernel() -> str:
    """Register the 'rdanalysis' kernel in this environment if it is missing; return its name."""
    # lazy: jupyter_client is 0.23 s, ipykernel 0.24 s
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        # lazy: ipykernel 0.24 s, only when the kernel is missing
        from ipykernel.kernelspec import install

        install(kernel_name=KERNEL, display_name="rdanalysis (Python 3)", prefix=sys.prefix)
    return KERNEL


def notebook_paths() -> list[Path]:
    """The committed notebooks, in reading order (by their number prefix)."""
    return sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
