"""SievingPlot: permeability against molecular size, per route, with probe molecules marked.

A thin view: Python computes the curves with :class:`~gutwidgets.models.BarrierModel`, the
figure is built by :func:`gutwidgets.figures.sieving_figure`, and the browser draws it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import traitlets as t

from .. import theme as th
from ..data import GRADE_LABELS, Catalogue, Probe
from ..figures import clean, sieving_figure
from ..models import ROUTES, BarrierModel
from .plot import PlotlyFigure

if TYPE_CHECKING:
    import numpy as np
else:
    from .._np import np

__all__ = ["SievingPlot", "probe_points", "radius_grid", "sieving_inputs"]


def radius_grid(low: float = 1.0, high: float = 1000.0, n: int = 160) -> list[float]:
    """Log-spaced Stokes radii (Å), rounded to 6 decimals, ascending, without repeats.

    Plain Python (the kernel of a dashboard that computes in the page builds this grid for the page
    and imports no numpy); the same points as ``numpy.unique(numpy.round(numpy.geomspace(low, high, n), 6))``.
    """
    if not (0 < low < high) or n < 10:
        raise ValueError(f"need 0 < low < high and n >= 10; got low={low}, high={high}, n={n}")
    a, b = math.log10(low), math.log10(high)
    step = (b - a) / (n - 1)
    points = [low, *(10.0 ** (a + i * step) for i in range(1, n - 1)), high]
    return sorted({round(x, 6) for x in points})


def probe_points(model: BarrierModel, probes: Iterable[Probe], catalogue: Catalogue) -> list[dict]:
    """Marker data for each probe: radius and range, permeability, colour, grade, source."""
    probes = list(probes)
    if not probes:
        return []
    perm = np.atleast_1d(model.permeability([p.value for p in probes]))
    return [{**_probe_marker(p, catalogue), "permeability": float(y) if math.isfinite(y) else 0.0}
            for p, y in zip(probes, perm)]


def _probe_marker(p: Probe, catalogue: Catalogue) -> dict:
    """What a probe's marker shows that no lever changes."""
    src = catalogue.sources[p.sources[0]]
    return {
        "id": p.id,
        "label": p.label,
        "radius": p.value,
        "radius_low": p.range[0],
        "radius_high": p.range[1],
        "color": th.probe_color(p.id),
        "featured": p.id in th.FEATURED_PROBES,
        "grade": GRADE_LABELS[p.grade],
        "source": src.citation[:90],
    }


def sieving_inputs(catalogue: Catalogue, radii: Iterable[float] | None = None) -> dict:
    """The sieving figure's parts that no lever changes, as JSON for the page's figure
    (``_esm/figures/barrier.js: sievingModelFigure``): the radius grid, every probe's marker
    without its permeability, and the route styles in drawing order."""
    grid = radius_grid() if radii is None else radii
    return {
        "radii": [float(x) for x in grid],
        "probes": [_probe_marker(p, catalogue) for p in catalogue.probes.values()],
        "route_styles": [[key, dict(style)] for key, style in th.ROUTE_STYLES.items()],
    }


class SievingPlot(PlotlyFigure):
    """Permeability (relative to healthy mannitol) against Stokes radius, log-log."""

    radii = t.List(t.Float(), help="Stokes radii of the curve points, Å")
    curves = t.Dict(help="route name -> permeability at each radius (None where zero)")
    probes = t.List(t.Dict(), help="probe markers: id, label, radius, radius_low/high, permeability")
    markers = t.List(t.Dict(), help="vertical reference lines: x (Å), label, color")
    height = t.Int(440, min=200, max=2000, help="plot height, px")

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("css_class", "gw-sieving-plot")
        super().__init__(**kwargs)
        self.observe(self._redraw, names=["radii", "curves", "probes", "markers", "theme", "height"])

    _batch = False
    #: Set by a dashboard that draws this plot in the page (``Dashboard.IN_PAGE``): a trait change
    #: (the theme, from the page's projector switch) then sends no figure from the kernel; an
    #: explicit :meth:`show_model` still draws.
    in_page = False

    def _redraw(self, change: dict | None = None) -> None:
        if self._batch or (change is not None and self.in_page):
            return
        self.figure = sieving_figure(self.radii, self.curves, self.probes, self.markers, self.theme, self.height)

    def show_model(
        self, model: BarrierModel, probes: Iterable[Probe], catalogue: Catalogue, radii: np.ndarray | None = None
    ) -> None:
        """Draw the model's routes and these probes (one websocket message)."""
        grid = np.asarray(radius_grid() if radii is None else radii, dtype=float)
        routes = model.route_permeabilities(grid)
        total = routes["pore"] + routes["leak"] + routes["unrestricted"]
        self._batch = True
        try:
            self._set_data(model, probes, catalogue, grid, routes, total)
        finally:
            self._batch = False
        with self.hold_sync():
            self.description = model.summary()
            self._redraw()

    def _set_data(self, model, probes, catalogue, grid, routes, total) -> None:
        c = model.constants
        with self.hold_trait_notifications():
            self.radii = clean(grid)  # type: ignore[assignment]
            self.curves = {**{r: clean(routes[r], positive=True) for r in ROUTES}, "total": clean(total, positive=True)}
            self.probes = probe_points(model, probes, catalogue)
            self.markers = [
                {"x": c.pore_radius, "label": "pore size", "color": th.ROUTE_STYLES["pore"]["color"]},
                {"x": c.leak_radius, "label": "leak size", "color": th.ROUTE_STYLES["leak"]["color"]},
            ]
