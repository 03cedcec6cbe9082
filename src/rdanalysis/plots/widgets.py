"""Interactive scenario explorer for JupyterLab (ipywidgets). In a papermill run, where no
browser is attached, the notebooks show the static figures only."""

from __future__ import annotations

import os

import matplotlib.pyplot as plt
import numpy as np

from rdanalysis import plots


def interactive_session() -> bool:
    """True inside a Jupyter server session (JupyterLab sets JPY_SESSION_NAME, papermill not)."""
    return "JPY_SESSION_NAME" in os.environ


def scenario_explorer(o):  # pragma: no cover - needs a live front end
    """Sliders for nominal GDP growth and R&D growth that redraw the path to the target year."""
    # lazy: ipywidgets is 0.19 s, only in JupyterLab
    import ipywidgets as w

    last_year = int(o.last["year"])
    last_pct = float(o.last["rd_intensity_pct"])
    years = np.arange(last_year, o.target_year + 1)
    gdp = w.FloatSlider(value=5.0, min=-2.0, max=12.0, step=0.5, description="GDP增速%")
    rd = w.FloatSlider(value=10.0, min=0.0, max=80.0, step=1.0, description="R&D增速%")
    out = w.Output()

    def redraw(*_):
        path = last_pct * ((1 + rd.value / 100) / (1 + gdp.value / 100)) ** (years - last_year)
        with out:
            out.clear_output(wait=True)
            plots.setup()
            _fig, ax = plt.subplots(figsize=(7, 3.5))
            h = o.history
            ax.plot(h["year"], h["rd_intensity_pct"], color=plots.PALETTE["real"], marker="o")
            ax.plot(
                years,
                path,
                color=plots.PALETTE["illustrative"],
                ls="--",
                marker="o",
                label=f"情景: GDP {gdp.value:g}%, R&D {rd.value:g}%",
            )
            ax.axhline(o.target_pct, color=plots.PALETTE["target"])
            ax.set_xlabel("年份")
            ax.set_ylabel("R&D经费 / GDP(%)")
            ax.set_title(f"{o.region}: {o.target_year}年 {path[-1]:.2f}%")
            ax.legend(fontsize=8)
            plt.show()

    gdp.observe(redraw, "value")
    rd.observe(redraw, "value")
    redraw()
    return w.VBox([w.HBox([gdp, rd]), out])
