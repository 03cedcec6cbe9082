"""Charts in one house style (Chinese-ready): trajectory, structure, targets and maps.

``from rdanalysis import plots`` gives the house style and the trajectory charts; the other
families are modules: ``plots.structure``, ``plots.targets``, ``plots.maps``, ``plots.widgets``.
"""

from rdanalysis.plots.style import PALETTE, SECTOR_COLORS, caption, setup, target_line
from rdanalysis.plots.trajectory import fan_chart, gdp_and_intensity, scenario_heatmap

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
