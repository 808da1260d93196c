"""Chapter 2's TEER meter: the model's resistance beside published tissues."""

from __future__ import annotations

from ._common import _sizes, axis, base_layout, clean

__all__ = ["teer_figure"]

#: The resistance axis ends here (Ω·cm²); a sealed junction's marker sits at the end.
AXIS_TOP = 3000.0
MODEL_COLOR = "#0072B2"


def teer_figure(current: float, current_label: str, references: list[tuple[str, float]],
                theme: str = "default", height: int = 300, span: tuple[float, float] | None = None) -> dict:
    """The modelled resistance beside published reference tissues, as a lollipop chart (log scale).

    ``span`` is the (low, high) range of the modelled value over its uncertain inputs, drawn as a
    bar with end caps across the model's marker (its own trace, not an error bar). Scatter traces
    only, and every lever-dependent number in a trace's x: a lever that changes the model's value
    then changes only x arrays, which the browser redraws on its fast path (``figure_structure``);
    the rows are fixed in the layout (``categoryarray``), so a new tissue label redraws in full.
    """
    width, font = _sizes(theme)
    labels = [current_label, *(r[0] for r in references)]
    values = clean([current, *(r[1] for r in references)], positive=True)
    range_x: list[float | None] = [None, None]
    if span is not None and values[0] is not None:
        lo, hi = clean(list(span), positive=True)
        if lo is not None and hi is not None:
            range_x = [min(lo, values[0]), max(min(hi, AXIS_TOP), values[0])]
    stem_x: list[float | None] = []
    stem_y: list[str | None] = []
    for label, v in zip(labels, values):
        stem_x += [1.0, v if v is not None else AXIS_TOP, None]
        stem_y += [label, label, None]
    colors = [MODEL_COLOR, *(["#777777"] * len(references))]
    data = [
        {"type": "scatter", "mode": "lines", "name": "stems", "x": stem_x, "y": stem_y, "showlegend": False,
         "line": {"color": "#999", "width": width * 2}, "hoverinfo": "skip"},
        {"type": "scatter", "mode": "lines+markers", "name": "uncertain range", "x": range_x,
         "y": [labels[0], labels[0]], "showlegend": False, "line": {"color": MODEL_COLOR, "width": width * 2},
         "marker": {"symbol": "line-ns-open", "size": 16 if theme == "projector" else 12, "color": MODEL_COLOR,
                    "line": {"color": MODEL_COLOR, "width": width}},
         "hoverinfo": "skip"},
        {"type": "scatter", "mode": "markers", "name": "TEER", "x": [v if v is not None else AXIS_TOP for v in values],
         "y": labels, "showlegend": False, "marker": {"color": colors, "size": 20 if theme == "projector" else 14},
         "hovertemplate": "%{y}: %{x:.3g} Ω·cm²<extra></extra>"},
    ]
    layout = base_layout(
        theme, height, showlegend=False,
        margin={"l": 330 if theme == "projector" else 250, "r": 60, "t": 20, "b": 60},
        xaxis=axis("Electrical resistance, TEER (Ω·cm², log scale)", log=True, rng=(1, AXIS_TOP)),
        yaxis={"autorange": "reversed", "tickfont": {"size": font - 1}, "categoryorder": "array",
               "categoryarray": labels},
    )
    return {"data": data, "layout": layout}
