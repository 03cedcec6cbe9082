"""report.publishing: what a reader gets from an executed notebook. The page (``page``,
``markdown``, ``html``; chrome from the Jinja templates), the workbook (``workbook``), PDFs
(``pdf``), the reports' front page (``index``), ``latest/`` and the pruning of old runs
(``outputs``), the publication lint (``lint``). It never imports ``report.execution`` (an
import contract): a page is made from a notebook, however it was run."""
