"""Chapter 4's figures: the cascade's time course, the evidence map of outcomes, the confounding demo.

Same conventions as :mod:`gutwidgets.figures` (shared layout, rounding, no NaN): plain dicts,
no widget import. Lever moves change only x/y arrays, so the browser takes its fast redraw path.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import data as gdata
from ._common import _sizes, axis, base_layout, clean, line_trace

__all__ = [
    "CASCADE_SERIES",
    "EVIDENCE_KINDS",
    "TIME_TICKS",
    "cascade_figure",
    "confounding_figure",
    "outcomes_figure",
]

#: Time axis ticks (hours) and their labels.
TIME_TICKS: tuple[tuple[float, str], ...] = (
    (0.1, "6 min"), (1, "1 h"), (6, "6 h"), (24, "1 day"), (72, "3 days"), (168, "1 week"), (504, "3 weeks"),
)

#: Series drawn on the time-course plot: result field -> (label, colour, dash).
CASCADE_SERIES: dict[str, tuple[str, str, str]] = {
    "multiplier": ("LPS entry from the gut", "#777777", "dot"),
    "plasma": ("LPS in the blood", "#000000", "solid"),
    "tnf": ("TNF-alpha", "#D55E00", "solid"),
    "il6": ("IL-6", "#0072B2", "dash"),
    "index": ("Inflammation index (slow)", "#CC79A7", "solid"),
}

#: Evidence kinds, weakest first: id -> label on the chart.
EVIDENCE_KINDS: dict[str, str] = {
    "weak-or-conflicting": "Weak or conflicting",
    "association": "Found together (cause not shown)",
    "established": "Established: barrier impaired in the disease",
}

#: Marker colour and symbol per grade (dark enough to read on white; symbols so colour is not the only cue).
GRADE_MARKERS: dict[str, tuple[str, str]] = {
    "strong": ("#1b7837", "circle"),
    "moderate": ("#2166ac", "square"),
    "limited": ("#b35806", "diamond"),
    "animal-or-cell-only": ("#762a83", "triangle-up"),
}

Y_RANGE = (0.5, 60.0)


def cascade_figure(hours: Sequence[float], series: dict[str, Sequence[float]], opening_hours: float,
                   theme: str = "default", height: int = 420) -> dict:
    """Time course after the barrier opens (log time), each quantity × its healthy level (log).

    ``opening_hours`` is how long the barrier stays open from time 0 (shaded).
    """
    t_end = float(hours[-1]) if len(hours) else 504.0
    end = min(max(opening_hours, 0.05), t_end)
    low, high = Y_RANGE
    data: list[dict] = [{
        "type": "scatter", "mode": "lines", "name": "Barrier open", "fill": "toself",
        "x": clean([0.05, end, end, 0.05, 0.05]), "y": [low, low, high, high, low],
        "fillcolor": "rgba(230,159,0,0.12)", "line": {"width": 0, "color": "rgba(230,159,0,0.3)"},
        "hoverinfo": "skip",
    }]
    keep = [i for i, h in enumerate(hours) if h > 0]
    x = [hours[i] for i in keep]
    for key, (label, color, dash) in CASCADE_SERIES.items():
        y = [min(max(float(series[key][i]), low), high) for i in keep]
        data.append(line_trace(label, x, y, color, theme=theme, dash=dash, positive=True,
                               width_factor=1.6 if key in ("plasma", "index") else 1.0,
                               line_shape="hv" if key == "multiplier" else "linear",
                               hovertemplate=f"{label}<br>%{{x:.3g}} h: %{{y:.3g}} × healthy<extra></extra>"))
    layout = base_layout(
        theme, height,
        margin={"l": 70, "r": 20, "t": 60, "b": 70},
        legend={"orientation": "h", "y": 1.2, "x": 0, "font": {"size": _sizes(theme)[1] - 1}},
        xaxis=axis("Time since the barrier opened (log scale)", log=True, rng=(0.05, 504),
                   tickvals=[v for v, _ in TIME_TICKS], ticktext=[s for _, s in TIME_TICKS], tickmode="array"),
        yaxis=axis("Level, × healthy (log scale)", log=True, rng=Y_RANGE,
                   tickvals=[0.5, 1, 2, 5, 10, 20, 50], ticktext=["0.5", "1", "2", "5", "10", "20", "50"],
                   tickmode="array"),
    )
    return {"data": data, "layout": layout}


def outcomes_figure(outcomes: Sequence[gdata.Outcome], short_sources: dict[str, str],
                    theme: str = "default", height: int | None = None) -> dict:
    """Each condition placed by the kind of evidence linking it to gut permeability, marked by grade."""
    _, font = _sizes(theme)
    kinds = list(EVIDENCE_KINDS)
    # Strongest first: established at the top, then by grade within each kind.
    ordered = sorted(outcomes, key=lambda o: (-kinds.index(o.evidence_kind), gdata.GRADES.index(o.grade)))
    data = []
    for grade in gdata.GRADES:
        rows = [o for o in ordered if o.grade == grade]
        if not rows:
            continue
        color, symbol = GRADE_MARKERS[grade]
        data.append({
            "type": "scatter", "mode": "markers+text", "name": gdata.GRADE_LABELS[grade],
            "x": [kinds.index(o.evidence_kind) for o in rows], "y": [o.condition for o in rows],
            "text": [gdata.GRADE_LABELS[grade] for _ in rows], "textposition": "middle right",
            "textfont": {"size": font - 3, "color": color},
            "marker": {"size": 20 if theme == "projector" else 14, "color": color, "symbol": symbol,
                       "line": {"color": "#111", "width": 1}},
            "customdata": [[_wrap(o.finding), _wrap(o.causation), short_sources.get(o.id, "")] for o in rows],
            "hovertemplate": "<b>%{y}</b><br>%{customdata[0]}<br><i>Cause and effect:</i> %{customdata[1]}"
                             "<br>Sources: %{customdata[2]}<extra></extra>",
        })
    n = len(ordered)
    layout = base_layout(
        theme, height or 120 + 46 * n,
        margin={"l": 360 if theme == "projector" else 270, "r": 30, "t": 80, "b": 70},
        legend={"orientation": "h", "y": -0.02, "yanchor": "top", "x": 0, "font": {"size": font - 1}},
        xaxis={"tickvals": [0, 1, 2], "ticktext": [_wrap(EVIDENCE_KINDS[k], 24) for k in kinds], "range": [-0.4, 2.9],
               "side": "top", "gridcolor": "#e5e5e5", "zeroline": False, "tickfont": {"size": font - 2}},
        yaxis={"autorange": "reversed", "categoryorder": "array", "categoryarray": [o.condition for o in ordered],
               "tickfont": {"size": font - 1}},
    )
    return {"data": data, "layout": layout}


GROUP_STYLES = (("Hidden factor low", "#56B4E9"), ("Hidden factor middle", "#E69F00"),
                ("Hidden factor high", "#D55E00"))


def confounding_figure(marker: Sequence[float], symptom: Sequence[float], group: Sequence[int],
                       show_groups: bool, theme: str = "default", height: int = 380) -> dict:
    """Permeability marker against symptom for simulated people; optionally coloured by the hidden factor."""
    _sizes(theme)
    size = 8 if theme == "projector" else 6
    if show_groups:
        traces = [(label, color, [i for i, g in enumerate(group) if g == k])
                  for k, (label, color) in enumerate(GROUP_STYLES)]
    else:
        traces = [("Simulated people", "rgba(0,0,0,0.55)", list(range(len(marker))))]
    data = [{
        "type": "scatter", "mode": "markers", "name": label,
        "x": clean(marker[i] for i in idx), "y": clean(symptom[i] for i in idx),
        "marker": {"size": size, "color": color, "line": {"width": 0.5, "color": "#222"}},
        "hovertemplate": "marker %{x:.2f}, symptom %{y:.2f}<extra></extra>",
    } for label, color, idx in traces]
    layout = base_layout(
        theme, height,
        xaxis=axis("Gut permeability marker (standardised)", rng=(-4, 4), zeroline=False),
        yaxis=axis("Symptom score (standardised)", rng=(-5, 5), zeroline=False),
    )
    return {"data": data, "layout": layout}


def _wrap(text: str, width: int = 60) -> str:
    """Break long hover text into lines (plotly uses <br>)."""
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        lines.append(line)
    return "<br>".join(lines)
