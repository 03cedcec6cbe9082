"""report: run the notebooks through papermill and publish them (see docs/architecture.md).

Importing this package first marks ``rfc3987_syntax`` as absent, which spares every process that
reads a notebook about 2 s of jsonschema's grammar compiling: see
:func:`rdanalysis.report.private_api.skip_rfc3987_syntax` (what it relies on, what happens if
it breaks).
"""

from rdanalysis.report import private_api

private_api.skip_rfc3987_syntax()
