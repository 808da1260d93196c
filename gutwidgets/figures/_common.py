"""Shared style of every figure: rounding, structure keys, layout, axes, lines."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .. import theme as th

if TYPE_CHECKING:
    import numpy as np
else:
    from .._np import np

__all__ = ["axis", "base_layout", "clean", "figure_structure", "line_trace"]


FONT_FAMILY = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"

def clean(values: Iterable[float], positive: bool = False) -> list[float | None]:
    """Round to 4 significant figures; None where not finite (or not > 0 when ``positive``)."""
    v = np.asarray(list(values) if not isinstance(values, np.ndarray) else values, dtype=float).ravel()
    ok = np.isfinite(v) & ((v > 0) if positive else True)
    safe = np.where(ok & (v != 0), np.abs(v), 1.0)
    step = 10.0 ** (np.floor(np.log10(safe)) - 3)
    rounded = np.where(ok, np.round(v / step) * step, 0.0)
    return [float(f"{x:.4g}") if k else None for x, k in zip(rounded.tolist(), ok.tolist())]

def figure_structure(figure: dict) -> str:
    """What must stay the same between two figures for the browser's fast redraw path, as text.

    Two figures take the fast path (``Plotly.animate`` of the changed traces) exactly when their
    structures are equal: only the x and y arrays of the traces may differ. The number and order
    of traces, every other trace attribute and the whole layout (nested x and y such as
    ``layout.legend.x`` included) must be equal; key order does not matter and numbers compare as
    JavaScript numbers (1 == 1.0, True != 1). This is the Python side of ``structureKey`` in
    ``views/_esm/plot_structure.js``, which decides in the browser; tests/test_plot_structure.py
    runs that under Node and checks the two agree.
    """
    fig = figure or {}
    data = []
    for trace in fig.get("data") or []:
        data.append({k: v for k, v in trace.items() if k not in ("x", "y")} if isinstance(trace, dict) else {})
    return json.dumps([_as_js(data), _as_js(fig.get("layout") or {})], sort_keys=True, separators=(",", ":"))

def _as_js(node: Any) -> Any:
    """Plain JSON values as JavaScript sees them: every number a float (no -0), non-finite as null."""
    if isinstance(node, dict):
        return {str(k): _as_js(v) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return [_as_js(v) for v in node]
    if isinstance(node, bool) or node is None or isinstance(node, str):
        return node
    if isinstance(node, (int, float, np.integer, np.floating)):
        value = float(node)
        return (value + 0.0) if math.isfinite(value) else None
    return node

def _sizes(theme: str) -> tuple[float, int]:
    th.check_theme(theme)
    return (5.0, 20) if theme == "projector" else (2.5, 13)

def base_layout(theme: str = "default", height: int = 420, **extra: Any) -> dict:
    """Shared look: white background, readable fonts, horizontal legend on top."""
    _, font = _sizes(theme)
    layout: dict[str, Any] = {
        "height": int(height),
        "margin": {"l": 70, "r": 20, "t": 40, "b": 70},
        "font": {"size": font, "family": FONT_FAMILY, "color": "#111"},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "showlegend": True,
        "legend": {"orientation": "h", "y": 1.12, "x": 0, "font": {"size": font - 1}},
    }
    layout.update(extra)
    return layout

def axis(title: str, log: bool = False, rng: Sequence[float] | None = None, **extra: Any) -> dict:
    """An axis with the shared grid style; ``rng`` in data units (converted for log axes)."""
    ax: dict[str, Any] = {"title": {"text": title}, "gridcolor": "#e5e5e5", "linecolor": "#333"}
    if log:
        ax["type"] = "log"
        ax["exponentformat"] = "power"
    if rng is not None:
        ax["range"] = [math.log10(r) for r in rng] if log else list(rng)
    ax.update(extra)
    return ax

def line_trace(name: str, x: Sequence[float], y: Sequence[float], color: str, theme: str = "default",
               dash: str = "solid", width_factor: float = 1.0, positive: bool = False, **extra: Any) -> dict:
    """A line in the shared style."""
    width, _ = _sizes(theme)
    trace = {
        "type": "scatter",
        "mode": "lines",
        "name": name,
        "x": clean(x),
        "y": clean(y, positive=positive),
        "line": {"color": color, "width": width * width_factor, "dash": dash},
    }
    trace.update(extra)
    return trace
