"""report.execution: running notebooks. The papermill engine (``engine``), the fork server's
preload (``warm``), the executor that starts, times and stops report processes (``executor``),
and one report in its worker (``render``: execute the notebook, then publish it through
``report.publishing``). Publishing never imports this package (an import contract)."""
