"""The ``rdanalysis`` command line."""

from rdanalysis.cli.main import main

__all__ = ["main"]
