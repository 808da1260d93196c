"""SievingPlot: permeability against molecular size, per route, with probe molecules marked.

A thin anywidget: Python computes the curves with :class:`~gutwidgets.models.BarrierModel`
and sends numbers; the browser draws them with plotly.js, which it fetches once over HTTP
(cached) rather than receiving it over the kernel websocket.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import anywidget
import numpy as np
import traitlets as t

from ..data import GRADE_LABELS, Catalogue, Probe
from ..models import ROUTES, BarrierModel
from .. import theme as th
from ._assets import asset

__all__ = ["SievingPlot", "probe_points", "radius_grid"]


def radius_grid(low: float = 1.0, high: float = 1000.0, n: int = 160) -> np.ndarray:
    """Log-spaced Stokes radii (Å), with the route radii's neighbourhood well sampled."""
    if not (0 < low < high) or n < 10:
        raise ValueError(f"need 0 < low < high and n >= 10; got low={low}, high={high}, n={n}")
    return np.unique(np.round(np.geomspace(low, high, n), 6))


def _finite_or_none(values: Iterable[float]) -> list[float | None]:
    """Plot-ready values: 4 significant digits (a smaller message), None where not positive."""
    return [float(f"{v:.4g}") if math.isfinite(v) and v > 0 else None for v in values]


def probe_points(model: BarrierModel, probes: Iterable[Probe], catalogue: Catalogue) -> list[dict]:
    """Marker data for each probe: radius and range, permeability, colour, grade, source."""
    probes = list(probes)
    if not probes:
        return []
    perm = np.atleast_1d(model.permeability([p.value for p in probes]))
    points = []
    for p, y in zip(probes, perm):
        src = catalogue.sources[p.sources[0]]
        points.append(
            {
                "id": p.id,
                "label": p.label,
                "radius": p.value,
                "radius_low": p.range[0],
                "radius_high": p.range[1],
                "permeability": float(y) if math.isfinite(y) else 0.0,
                "color": th.probe_color(p.id),
                "featured": p.id in th.FEATURED_PROBES,
                "grade": GRADE_LABELS[p.grade],
                "source": src.citation[:90],
            }
        )
    return points


class SievingPlot(anywidget.AnyWidget):
    """Permeability (relative to healthy mannitol) against Stokes radius, log-log."""

    _esm = t.Unicode(asset("plotly_loader.js", "sieving_plot.js")).tag(sync=True)
    _css = t.Unicode(asset("common.css")).tag(sync=True)

    radii = t.List(t.Float(), help="Stokes radii of the curve points, Å").tag(sync=True)
    curves = t.Dict(help="route name -> permeability at each radius (None where zero)").tag(sync=True)
    route_styles = t.Dict(help="route name -> {label, color, dash}").tag(sync=True)
    probes = t.List(t.Dict(), help="probe markers: id, label, radius, radius_low/high, permeability").tag(sync=True)
    markers = t.List(t.Dict(), help="vertical reference lines: x (Å), label, color").tag(sync=True)
    x_label = t.Unicode("Stokes radius of the molecule (Å, log scale)").tag(sync=True)
    y_label = t.Unicode("Permeability (healthy mannitol = 1, log scale)").tag(sync=True)
    x_range = t.List(t.Float(), [1.0, 1000.0], minlen=2, maxlen=2).tag(sync=True)
    y_range = t.List(t.Float(), [1e-6, 1e5], minlen=2, maxlen=2).tag(sync=True)
    height = t.Int(440, min=200, max=2000, help="plot height, px").tag(sync=True)
    theme = t.Unicode("default", help="'default' or 'projector'").tag(sync=True)
    description = t.Unicode("", help="text alternative for screen readers").tag(sync=True)

    @t.validate("theme")
    def _valid_theme(self, proposal: dict) -> str:
        try:
            return th.check_theme(proposal["value"])
        except ValueError as exc:
            raise t.TraitError(str(exc)) from None

    def show_model(
        self, model: BarrierModel, probes: Iterable[Probe], catalogue: Catalogue, radii: np.ndarray | None = None
    ) -> None:
        """Draw the model's routes and these probes (one websocket message)."""
        grid = radius_grid() if radii is None else np.asarray(radii, dtype=float)
        routes = model.route_permeabilities(grid)
        total = routes["pore"] + routes["leak"] + routes["unrestricted"]
        c = model.constants
        with self.hold_sync():
            self.radii = [float(f"{r:.4g}") for r in grid]
            self.curves = {**{r: _finite_or_none(routes[r]) for r in ROUTES}, "total": _finite_or_none(total)}
            self.route_styles = th.ROUTE_STYLES
            self.probes = probe_points(model, probes, catalogue)
            self.markers = [
                {"x": c.pore_radius, "label": "pore size", "color": th.ROUTE_STYLES["pore"]["color"]},
                {"x": c.leak_radius, "label": "leak size", "color": th.ROUTE_STYLES["leak"]["color"]},
            ]
            self.description = model.summary()
