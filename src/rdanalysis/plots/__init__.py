"""Charts in one house style (Chinese-ready). A view's charts are in the module named after it
(``plots.outlook``, ``plots.dashboard``, ``plots.splits``, ``plots.regions``, ``plots.profiles``,
``plots.enterprises``, ``plots.overview``); the house style and its helpers are ``plots.style``,
``plots.maps`` (with ``boundaries``, ``mapkey``, ``tiles``) and ``plots.widgets``.

``from rdanalysis import plots`` gives the house style and the trajectory charts.
"""

from rdanalysis.plots.outlook import fan_chart, scenario_heatmap
from rdanalysis.plots.overview import gdp_and_intensity
from rdanalysis.plots.style import PALETTE, SECTOR_COLORS, caption, setup, target_line

__all__ = [
    "PALETTE",
    "SECTOR_COLORS",
    "caption",
    "fan_chart",
    "gdp_and_intensity",
    "scenario_heatmap",
    "setup",
    "target_line",
]
