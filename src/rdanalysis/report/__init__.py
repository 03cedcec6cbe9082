"""report: run the notebooks through papermill and publish them (see docs/architecture.md).

Importing this package first marks ``rfc3987_syntax`` as absent. jsonschema, which nbformat uses
to validate every notebook, imports that package when it is installed (jupyterlab brings it in
through ``jsonschema[format-nongpl]``), and it compiles about 38 Earley grammars at import time:
about 2 s in every process that reads a notebook (the runner, each report worker, the warm
server), measured 2.1 s against 0.2 s for ``import nbformat`` on this project's machine. It only
serves jsonschema's ``iri``/``iri-reference`` format checks, which no notebook schema uses; with
it absent jsonschema simply does not register those two checks (upstream:
python-jsonschema/jsonschema#1428). A process that imported it already keeps it.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)
