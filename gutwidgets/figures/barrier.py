"""Chapter 1's sieving plot: permeability of each route against molecule size."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .. import theme as th
from ._common import _sizes, axis, base_layout, clean, line_trace

__all__ = ["sieving_figure"]


def sieving_figure(
    radii: Sequence[float],
    curves: dict[str, list[float | None]],
    probes: list[dict],
    markers: list[dict],
    theme: str = "default",
    height: int = 440,
    x_range: Sequence[float] = (1.0, 1000.0),
    y_range: Sequence[float] = (1e-6, 1e5),
) -> dict:
    """Permeability against Stokes radius (log-log): one line per route, probes marked.

    ``curves`` maps route name (and "total") to values at ``radii``; ``probes`` are marker
    dicts (label, radius, radius_low/high, permeability, color, featured, grade, source).
    """
    width, font = _sizes(theme)
    data: list[dict] = []
    for key, style in th.ROUTE_STYLES.items():
        if key not in curves:
            continue
        data.append(line_trace(
            style["label"], radii, [v if v is not None else math.nan for v in curves[key]], style["color"],
            theme=theme, dash=style["dash"], width_factor=2.2 if key == "total" else 1.0, positive=True,
            hovertemplate=f"{style['label']}<br>radius %{{x:.3g}} Å<br>permeability %{{y:.3g}}<extra></extra>",
        ))
    shown = [p for p in probes if math.isfinite(p["permeability"]) and p["permeability"] > 0]
    blocked = [p for p in probes if not (math.isfinite(p["permeability"]) and p["permeability"] > 0)]
    if shown:
        k = 0
        positions = []
        for p in shown:
            positions.append(("bottom left" if k % 2 else "top right") if p.get("featured") else "top right")
            k += bool(p.get("featured"))
        data.append({
            "type": "scatter",
            "mode": "markers+text",
            "name": "Probe molecules",
            "x": clean(p["radius"] for p in shown),
            "y": clean((p["permeability"] for p in shown), positive=True),
            "text": [p["label"] if p.get("featured") else "" for p in shown],
            "hovertext": [p["label"] for p in shown],
            "textposition": positions,
            "textfont": {"size": font - 2},
            "customdata": [[p["radius_low"], p["radius_high"], p["grade"], p["source"]] for p in shown],
            "error_x": {
                "type": "data", "symmetric": False,
                "array": clean(max(0.0, p["radius_high"] - p["radius"]) for p in shown),
                "arrayminus": clean(max(0.0, p["radius"] - p["radius_low"]) for p in shown),
                "thickness": 3 if theme == "projector" else 1.5, "width": 4, "color": "#333",
            },
            "marker": {"size": 14 if theme == "projector" else 10, "color": [p["color"] for p in shown],
                       "line": {"color": "#222", "width": 1}},
            "hovertemplate": "<b>%{hovertext}</b><br>Stokes radius %{x:.3g} Å (range %{customdata[0]:.3g}-"
                             "%{customdata[1]:.3g})<br>permeability %{y:.3g}<br>%{customdata[2]}<br>"
                             "%{customdata[3]}<extra></extra>",
        })
    shapes, annotations = [], []
    for m in markers:
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": m["x"], "x1": m["x"], "y0": 0, "y1": 1,
                       "line": {"color": m["color"], "width": width * 0.6, "dash": "dot"}})
        annotations.append({"x": math.log10(m["x"]), "xref": "x", "y": 1, "yref": "paper", "yanchor": "bottom",
                            "text": m["label"], "showarrow": False, "font": {"size": font - 2, "color": m["color"]}})
    if blocked:
        annotations.append({
            "x": 0, "xref": "paper", "y": -0.32, "yref": "paper", "xanchor": "left", "showarrow": False,
            "align": "left", "font": {"size": font - 2, "color": "#333"},
            "text": "Cannot cross in this state: " + ", ".join(p["label"] for p in blocked),
        })
    layout = base_layout(
        theme, height,
        margin={"l": 70, "r": 20, "t": 40, "b": 110 if blocked else 70},
        xaxis=axis("Stokes radius of the molecule (Å, log scale)", log=True, rng=x_range,
                   tickvals=[1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], tickmode="array"),
        yaxis=axis("Permeability (healthy mannitol = 1, log scale)", log=True, rng=y_range),
        shapes=shapes,
        annotations=annotations,
    )
    return {"data": data, "layout": layout}
