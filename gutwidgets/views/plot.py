"""PlotlyFigure: a plotly.js figure drawn in the browser from a specification built in Python.

The figure specification comes from :mod:`gutwidgets.figures`; the browser fetches plotly.js
once over HTTP (cached) instead of receiving it over the kernel websocket. A new figure that
differs from the drawn one only in its traces' x and y arrays (the same
:func:`gutwidgets.figures.figure_structure`) takes a fast path (no full replot).
"""

from __future__ import annotations

import json

import anywidget
import traitlets as t

from ._assets import asset
from ._traits import Theme

__all__ = ["PlotlyFigure"]


class PlotlyFigure(anywidget.AnyWidget):
    """Draw ``figure`` = {"data": [...], "layout": {...}} with plotly.js."""

    #: The front end: the loader, the one definition of "same structure" (shared with
    #: :func:`gutwidgets.figures.figure_structure`) and the drawing module, joined in this order.
    ESM_PARTS = ("plotly_loader.js", "plot_structure.js", "plotly_figure.js")

    _esm = t.Unicode(asset(*ESM_PARTS)).tag(sync=True)
    _css = t.Unicode(asset("common.css")).tag(sync=True)

    figure = t.Dict(help="plotly figure specification: data and layout").tag(sync=True)
    description = t.Unicode("", help="text alternative for screen readers").tag(sync=True)
    css_class = t.Unicode("", help="extra class on the figure's root element").tag(sync=True)
    theme = Theme()

    @t.validate("figure")
    def _valid_figure(self, proposal: dict) -> dict:
        fig = proposal["value"]
        if set(fig) - {"data", "layout"}:
            raise t.TraitError(f"figure keys must be 'data' and 'layout'; got {sorted(fig)}")
        try:
            json.dumps(fig, allow_nan=False)  # plain JSON, and no NaN or infinity for a viewer
        except (TypeError, ValueError) as exc:
            raise t.TraitError(
                f"figure must be plain JSON without NaN or infinity (use None for a gap): {exc}") from None
        return fig

