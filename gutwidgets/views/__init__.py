"""Thin widgets over the models: ipywidgets controls and anywidget front ends."""

from .cross_section import CrossSection
from .explorer import BarrierExplorer, model_from_data
from .plot import PlotlyFigure
from .sieving_plot import SievingPlot

__all__ = ["BarrierExplorer", "CrossSection", "PlotlyFigure", "SievingPlot", "model_from_data"]
