"""Charts in one house style (Chinese-ready): trajectory, structure, targets and maps."""

from rdanalysis.plots.style import *  # noqa: F403  (the chart functions notebooks call as plots.X)
