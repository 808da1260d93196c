"""Figure factories: plotly figure specifications ({"data": [...], "layout": {...}}) as dicts.

Every plot in the project is built here, with one shared style (fonts, colours, line widths,
projector theme), and drawn in the browser by :class:`gutwidgets.views.PlotlyFigure`. These
functions import no widget library and are tested without a browser. Values are rounded to
four significant figures (smaller messages) and non-finite or non-positive values on log axes
become gaps (None), so no NaN ever reaches a page.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from . import theme as th

__all__ = ["axis", "base_layout", "cause_course_figure", "clean", "figure_structure", "line_trace", "ratio_figure",
           "sieving_figure", "sugar_timeline_figure", "teer_figure"]

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


def teer_figure(current: float, current_label: str, references: list[tuple[str, float]],
                theme: str = "default", height: int = 300, span: tuple[float, float] | None = None) -> dict:
    """The modelled resistance beside published reference tissues, as a lollipop chart (log scale).

    ``span`` is the (low, high) range of the modelled value over its uncertain inputs, drawn as an
    error bar on the model's marker. Scatter traces rather than bars, and the error bar always
    present, so a lever that changes the model's value takes the browser's fast redraw path.
    """
    width, font = _sizes(theme)
    labels = [current_label, *(r[0] for r in references)]
    values = clean([current, *(r[1] for r in references)], positive=True)
    plus, minus = [0.0] * len(values), [0.0] * len(values)
    if span is not None and values[0] is not None:
        lo, hi = clean(list(span), positive=True)
        if lo is not None and hi is not None:
            plus[0], minus[0] = max(0.0, min(hi, 3000.0) - values[0]), max(0.0, values[0] - lo)
    stem_x: list[float | None] = []
    stem_y: list[str | None] = []
    for label, v in zip(labels, values):
        stem_x += [1.0, v if v is not None else 3000.0, None]
        stem_y += [label, label, None]
    colors = ["#0072B2", *(["#777777"] * len(references))]
    data = [
        {"type": "scatter", "mode": "lines", "name": "stems", "x": stem_x, "y": stem_y, "showlegend": False,
         "line": {"color": "#999", "width": width * 2}, "hoverinfo": "skip"},
        {"type": "scatter", "mode": "markers", "name": "TEER", "x": [v if v is not None else 3000.0 for v in values],
         "y": labels, "showlegend": False, "marker": {"color": colors, "size": 20 if theme == "projector" else 14},
         "error_x": {"type": "data", "symmetric": False, "array": plus, "arrayminus": minus, "color": "#0072B2",
                     "thickness": width * 2, "width": 8},
         "hovertemplate": "%{y}: %{x:.3g} Ω·cm²<extra></extra>"},
    ]
    layout = base_layout(
        theme, height, showlegend=False,
        margin={"l": 330 if theme == "projector" else 250, "r": 60, "t": 20, "b": 60},
        xaxis=axis("Electrical resistance, TEER (Ω·cm², log scale)", log=True, rng=(1, 3000)),
        yaxis={"autorange": "reversed", "tickfont": {"size": font - 1}},
    )
    return {"data": data, "layout": layout}


def cause_course_figure(days: Sequence[float], fold: Sequence[float], teer: Sequence[float],
                        pinned: tuple[Sequence[float], Sequence[float]] | None, exposure_end: float,
                        healthy_teer: float, theme: str = "default", height: int = 520,
                        pinned_label: str = "Pinned scenario") -> dict:
    """Sugar-test ratio (fold over healthy, log) above TEER (Ω·cm²) against days.

    Every trace is always present (a missing pinned scenario is an empty line), so a change of
    causes or intensities is a data change that takes the browser's fast redraw path.
    """
    _, font = _sizes(theme)
    end = float(max(days)) if len(days) else 1.0
    none_fold = [None] * len(days)
    pin_fold, pin_teer = pinned if pinned is not None else (none_fold, none_fold)
    data = [
        {"type": "scatter", "mode": "lines", "name": "Causes acting", "fill": "toself",
         "x": clean([0, exposure_end, exposure_end, 0, 0]), "y": [0.9, 0.9, 20, 20, 0.9],
         "fillcolor": "rgba(230,159,0,0.12)", "line": {"width": 0, "color": "rgba(230,159,0,0.4)"},
         "hoverinfo": "skip"},
        line_trace("Healthy", [0, end], [1, 1], "#009E73", theme=theme, dash="dot", width_factor=0.7,
                   hoverinfo="skip"),
        line_trace(f"{pinned_label}: ratio", days, pin_fold, "#777777", theme=theme, dash="dash", positive=True,
                   hovertemplate="day %{x:.1f}: %{y:.3g} times healthy<extra>pinned</extra>"),
        line_trace("Sugar-test ratio", days, fold, "#CC79A7", theme=theme, positive=True,
                   hovertemplate="day %{x:.1f}: %{y:.3g} times healthy<extra></extra>"),
        line_trace("Healthy resistance", [0, end], [healthy_teer, healthy_teer], "#009E73", theme=theme,
                   dash="dot", width_factor=0.7, hoverinfo="skip", xaxis="x2", yaxis="y2", showlegend=False),
        line_trace(f"{pinned_label}: resistance", days, pin_teer, "#777777", theme=theme, dash="dash",
                   positive=True, xaxis="x2", yaxis="y2", showlegend=False,
                   hovertemplate="day %{x:.1f}: %{y:.3g} Ω·cm²<extra>pinned</extra>"),
        line_trace("Resistance (TEER)", days, teer, "#0072B2", theme=theme, positive=True, xaxis="x2", yaxis="y2",
                   hovertemplate="day %{x:.1f}: %{y:.3g} Ω·cm²<extra></extra>"),
    ]
    layout = base_layout(
        theme, height,
        margin={"l": 80, "r": 20, "t": 60, "b": 60},
        legend={"orientation": "h", "y": 1.14, "x": 0, "font": {"size": font - 1}},
        xaxis=axis("", rng=(0, end), anchor="y", matches="x2", showticklabels=False),
        yaxis=axis("Sugar-test ratio (x healthy, log)", log=True, rng=(0.9, 20), domain=[0.42, 1.0],
                   tickvals=[1, 1.5, 2, 3, 5, 10, 20], tickmode="array"),
        xaxis2=axis("Days", rng=(0, end), anchor="y2"),
        yaxis2=axis("TEER (Ω·cm²)", rng=(0, healthy_teer * 1.25), domain=[0.0, 0.3]),
    )
    return {"data": data, "layout": layout}
