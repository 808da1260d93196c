"""Chapter 2's TEER meter: the model's resistance beside published tissues."""

from __future__ import annotations

from ._common import _sizes, axis, base_layout, clean

__all__ = ["teer_figure"]


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
