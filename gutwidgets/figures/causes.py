"""Chapter 3's time course: sugar-test ratio and TEER over days."""

from __future__ import annotations

from collections.abc import Sequence

from ._common import _sizes, axis, base_layout, clean, line_trace

__all__ = ["cause_course_figure"]


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
