"""Chapter 5's figures: the fibre -> butyrate chain and the scenario planner.

Same conventions as :mod:`gutwidgets.figures` (shared layout, rounding, no NaN): plain dicts, no
widget import. Every trace is always present and the layout never depends on the controls, so a
control move changes only x/y arrays and the browser takes its fast redraw path. Uncertainty
bands are filled traces, not layout shapes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._common import _sizes, axis, base_layout, clean, line_trace

if TYPE_CHECKING:
    import numpy as np
else:
    from .._np import np

__all__ = ["band_trace", "fibre_figure", "plan_figure"]

BAND_FILL = "rgba(204,121,167,0.20)"


def band_trace(name: str, x: Sequence[float], low: Sequence[float], high: Sequence[float],
               fill: str = BAND_FILL, positive: bool = False, **extra: object) -> dict:
    """A filled band between ``low`` and ``high`` (one closed polygon: along high, back along low)."""
    xs = list(x)
    trace = {
        "type": "scatter", "mode": "lines", "name": name, "fill": "toself", "fillcolor": fill,
        "x": clean(xs + xs[::-1]), "y": clean(list(high) + list(low)[::-1], positive=positive),
        "line": {"width": 0, "color": fill}, "hoverinfo": "skip",
    }
    trace.update(extra)
    return trace


def _marker(name: str, x: Sequence[float], y: Sequence[float], color: str, theme: str, symbol: str = "circle",
            **extra: object) -> dict:
    big = theme == "projector"
    trace = {"type": "scatter", "mode": "markers", "name": name, "x": clean(x), "y": clean(y),
             "marker": {"size": 18 if big else 13, "color": color, "symbol": symbol,
                        "line": {"color": "#111", "width": 1}}}
    trace.update(extra)
    return trace


def fibre_figure(curve: dict[str, Sequence[float]], point: dict[str, float], bell: dict[str, Sequence[float]],
                 measured: Sequence[tuple[float, float]], marks: Sequence[tuple[str, float]],
                 theme: str = "default", height: int = 560, fibre_max: float = 60.0) -> dict:
    """Fibre -> butyrate in the colon (top) and the dish's bell-shaped junction response (bottom).

    ``curve``: fibre, butyrate, butyrate_low, butyrate_high over intakes; ``point``: this intake's
    fibre, butyrate, dish, dish_low, dish_high, effect, effect_low, effect_high; ``bell``: dish
    concentration and effect; ``measured``: the cell-culture results (mM, effect); ``marks``:
    labelled intakes (typical, recommended).
    """
    _, font = _sizes(theme)
    top = max(curve["butyrate_high"]) * 1.05 if len(curve["butyrate_high"]) else 1.0
    bell_x = list(bell["dish"])
    bell_y = list(bell["effect"])
    data = [
        band_trace("Range (published SCFA and butyrate ranges, assumed ceiling)", curve["fibre"], curve["butyrate_low"],
                   curve["butyrate_high"]),
        line_trace("Butyrate in the colon", curve["fibre"], curve["butyrate"], "#CC79A7", theme=theme,
                   hovertemplate="%{x:.0f} g/day: about %{y:.3g} mM<extra></extra>"),
        _marker("Reference intakes", [m[1] for m in marks], np.interp([m[1] for m in marks], curve["fibre"],
                curve["butyrate"]).tolist(), "#ffffff", theme, symbol="diamond", text=[m[0] for m in marks],
                hovertemplate="%{text}: %{x:.0f} g/day<extra></extra>"),
        _marker("This intake", [point["fibre"]], [point["butyrate"]], "#000000", theme,
                hovertemplate="%{x:.0f} g/day: %{y:.3g} mM in the colon<extra></extra>"),
        line_trace("Junction response in cell culture", bell_x, bell_y, "#0072B2", theme=theme, xaxis="x2",
                   yaxis="y2", hovertemplate="%{x:.3g} mM in the dish: effect %{y:.2f}<extra></extra>"),
        line_trace("Range for this intake", [point["dish_low"], point["dish"], point["dish_high"]],
                   np.interp([point["dish_low"], point["dish"], point["dish_high"]], bell_x, bell_y).tolist(),
                   "rgba(0,0,0,0.35)", theme=theme, width_factor=4, xaxis="x2", yaxis="y2", hoverinfo="skip"),
        _marker("Cell-culture results (Caco-2)", [m[0] for m in measured], [m[1] for m in measured], "#E69F00",
                theme, symbol="square", xaxis="x2", yaxis="y2",
                hovertemplate="%{x:g} mM in the dish (measured direction; size assumed)<extra></extra>"),
        _marker("This intake, dish-equivalent", [point["dish"]], [point["effect"]], "#000000", theme,
                xaxis="x2", yaxis="y2", hovertemplate="%{x:.3g} mM: effect %{y:.2f}<extra></extra>"),
        line_trace("No effect", [0, 10], [0, 0], "#777777", theme=theme, dash="dot", width_factor=0.6,
                   xaxis="x2", yaxis="y2", hoverinfo="skip", showlegend=False),
    ]
    layout = base_layout(
        theme, height,
        margin={"l": 80, "r": 20, "t": 70, "b": 60},
        legend={"orientation": "h", "y": 1.16, "x": 0, "font": {"size": font - 2}},
        xaxis=axis("Fibre eaten (g/day)", rng=(0, fibre_max), anchor="y"),
        yaxis=axis("Butyrate in the colon (mM)", rng=(0, top), domain=[0.6, 1.0]),
        xaxis2=axis("Butyrate reaching the cells, dish-equivalent (mM; model assumption)", rng=(0, 10), anchor="y2"),
        yaxis2=axis("Junctions (+1: tighter, as at 2 mM)", rng=(-1.5, 1.5), domain=[0.0, 0.42],
                    tickvals=[-1, 0, 1], ticktext=["looser", "no effect", "tighter"], tickmode="array"),
    )
    return {"data": data, "layout": layout}


def plan_figure(days: Sequence[float], ratio: dict[str, Sequence[float]], leak: dict[str, Sequence[float]],
                erosion: dict[str, Sequence[float]], band: tuple[Sequence[float], Sequence[float]],
                start_day: float, healthy_ratio: float, theme: str = "default", height: int = 640) -> dict:
    """Sugar-test ratio with its band (top), leak route and eroded surface (below): with and without.

    ``ratio``, ``leak`` and ``erosion`` map "with" and "without" to values at ``days``.
    """
    _, font = _sizes(theme)
    end = float(max(days)) if len(days) else 1.0
    low_y, high_y = healthy_ratio / 2, healthy_ratio * 8
    hover = "day %{x:.0f}: %{y:.3g}<extra></extra>"
    data = [
        {"type": "scatter", "mode": "lines", "name": "Strategies in use", "fill": "toself",
         "x": clean([start_day, end, end, start_day, start_day]), "y": clean([low_y, low_y, high_y, high_y, low_y]),
         "fillcolor": "rgba(0,158,115,0.08)", "line": {"width": 0, "color": "rgba(0,158,115,0.3)"},
         "hoverinfo": "skip"},
        band_trace("Likely range (sizes' ranges, and the middle half of people)", days, band[0], band[1],
                   positive=True),
        line_trace("Healthy", [0, end], [healthy_ratio, healthy_ratio], "#009E73", theme=theme, dash="dot",
                   width_factor=0.7, hoverinfo="skip"),
        line_trace("Without the strategies", days, ratio["without"], "#777777", theme=theme, dash="dash",
                   positive=True, hovertemplate=hover),
        line_trace("With the strategies", days, ratio["with"], "#CC79A7", theme=theme, positive=True,
                   hovertemplate=hover),
        line_trace("Leak route, without", days, leak["without"], "#777777", theme=theme, dash="dash",
                   xaxis="x2", yaxis="y2", showlegend=False, hovertemplate=hover),
        line_trace("Leak route, with", days, leak["with"], "#E69F00", theme=theme, xaxis="x2", yaxis="y2",
                   showlegend=False, hovertemplate=hover),
        line_trace("Eroded surface, without", days, erosion["without"], "#777777", theme=theme, dash="dash",
                   xaxis="x3", yaxis="y3", showlegend=False, hovertemplate=hover),
        line_trace("Eroded surface, with", days, erosion["with"], "#D55E00", theme=theme, xaxis="x3", yaxis="y3",
                   showlegend=False, hovertemplate=hover),
    ]
    layout = base_layout(
        theme, height,
        margin={"l": 90, "r": 20, "t": 70, "b": 60},
        legend={"orientation": "h", "y": 1.14, "x": 0, "font": {"size": font - 2}},
        xaxis=axis("", rng=(0, end), anchor="y", matches="x3", showticklabels=False),
        yaxis=axis("Sugar-test ratio (L/M, log)", log=True, rng=(low_y, high_y), domain=[0.48, 1.0]),
        xaxis2=axis("", rng=(0, end), anchor="y2", matches="x3", showticklabels=False),
        yaxis2=axis("Leak route (x healthy)", rng=(0.9, 3.0), domain=[0.25, 0.43]),
        xaxis3=axis("Days", rng=(0, end), anchor="y3"),
        yaxis3=axis("Eroded surface (%)", rng=(0, 0.4), domain=[0.0, 0.2]),
    )
    return {"data": data, "layout": layout}
