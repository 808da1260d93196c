"""Chapter 6's figures: the urine timeline and the person-to-person ratio spread."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .. import theme as th
from ._common import _sizes, axis, base_layout, clean, line_trace

__all__ = ["ratio_figure", "sugar_timeline_figure"]


SUGAR_COLORS = {"lactulose": th.PROBE_COLORS["lactulose"], "mannitol": th.PROBE_COLORS["mannitol"],
                "sucralose": th.PROBE_COLORS["sucralose"]}

def sugar_timeline_figure(hours: Sequence[float], cumulative: dict[str, Sequence[float]], window: float,
                          labels: dict[str, str], theme: str = "default", height: int = 380) -> dict:
    """Cumulative urinary recovery (% of dose, log scale) of each sugar against time."""
    _sizes(theme)
    # The collection window is a filled trace, not a layout shape, so moving it is a data change
    # that the browser can redraw on its fast path.
    data: list[dict] = [{
        "type": "scatter", "mode": "lines", "name": "Urine collection window", "fill": "toself",
        "x": [0, window, window, 0, 0], "y": [0.01, 0.01, 100, 100, 0.01],
        "fillcolor": "rgba(0,114,178,0.10)", "line": {"width": 0, "color": "rgba(0,114,178,0.3)"},
        "hoverinfo": "skip",
    }]
    data += [
        line_trace(labels.get(s, s), hours, ys, SUGAR_COLORS.get(s, "#444"), theme=theme, positive=True,
                   hovertemplate=f"{labels.get(s, s)}<br>%{{x:.1f}} h: %{{y:.3g}} % of dose<extra></extra>")
        for s, ys in cumulative.items()
    ]
    layout = base_layout(
        theme, height,
        xaxis=axis("Hours after drinking the sugars", rng=(0, max(hours) if len(hours) else 24), dtick=2),
        yaxis=axis("In urine so far (% of dose, log)", log=True, rng=(0.01, 100)),
    )
    return {"data": data, "layout": layout}

def ratio_figure(people: Sequence[float], ratio: float, healthy_band: tuple[float, float],
                 cutoffs: list[dict], theme: str = "default", height: int = 340) -> dict:
    """The sugar ratio: simulated people as dots, this state, the healthy band and labs' cut-offs."""
    width, font = _sizes(theme)
    n = len(people)
    jitter = [((i * 0.6180339887) % 1.0) * 0.8 + 0.1 for i in range(n)]  # deterministic spread
    data = [
        {"type": "scatter", "mode": "markers", "name": "Simulated people (same state)",
         "x": clean(people, positive=True), "y": jitter,
         "marker": {"size": 7 if theme == "projector" else 5, "color": "rgba(204,121,167,0.55)"},
         "hovertemplate": "ratio %{x:.3g}<extra></extra>"},
        {"type": "scatter", "mode": "markers", "name": "This state (typical person)",
         "x": clean([ratio], positive=True), "y": [0.5],
         "marker": {"size": 18 if theme == "projector" else 14, "color": "#000", "symbol": "diamond"},
         "hovertemplate": "ratio %{x:.3g}<extra></extra>"},
    ]
    # The healthy band is a filled trace, not a layout shape, so a change of state is a data
    # change that the browser's fast redraw path can animate.
    low, high = clean(list(healthy_band), positive=True)
    data.insert(0, {"type": "scatter", "mode": "lines", "name": "Healthy range (middle half)", "fill": "toself",
                    "x": [low, high, high, low, low], "y": [0, 0, 1, 1, 0], "fillcolor": "rgba(0,158,115,0.15)",
                    "line": {"width": 0, "color": "rgba(0,158,115,0.4)"}, "hoverinfo": "skip"})
    shapes: list[dict] = []
    annotations: list[dict] = []
    for i, c in enumerate(cutoffs):
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": c["x"], "x1": c["x"], "y0": 0, "y1": 1,
                       "line": {"color": "#B26A00", "width": width * 0.6, "dash": "dot"}})
        annotations.append({"x": math.log10(c["x"]), "xref": "x", "y": 0.97 - 0.13 * (i % 3), "yref": "paper",
                            "xanchor": "left", "yanchor": "top", "text": c["label"], "showarrow": False,
                            "bgcolor": "rgba(255,255,255,0.8)", "font": {"size": font - 2, "color": "#5a3200"}})
    layout = base_layout(
        theme, height,
        margin={"l": 40, "r": 20, "t": 50, "b": 60},
        legend={"orientation": "h", "y": 1.18, "x": 0, "font": {"size": font - 1}},
        xaxis=axis("Lactulose/mannitol ratio (log scale)", log=True, rng=(0.005, 2),
                   tickvals=[0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2], tickmode="array"),
        yaxis={"visible": False, "range": [0, 1]},
        shapes=shapes, annotations=annotations,
    )
    return {"data": data, "layout": layout}
