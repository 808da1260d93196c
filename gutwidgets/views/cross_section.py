"""CrossSection: an animated schematic of the lining, molecules crossing at the model's rates.

The animation runs entirely in the browser (no kernel round trip per frame). Python sends the
junction state and, per molecule, the chance of crossing at each encounter with a junction.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import anywidget
import traitlets as t

from .. import theme as th
from ..data import Probe
from ..models import ROUTES, BarrierModel
from ._assets import CANVAS_LIB, asset
from ._traits import Theme

if TYPE_CHECKING:
    import numpy as np
else:
    from .._np import np

__all__ = ["CrossSection", "crossing_probability"]

#: Half-saturation of the per-encounter crossing chance, in units of healthy mannitol
#: permeability. The animation compresses rates so that rare events stay visible; it keeps
#: their order, and for small values their ratios.
ANIMATION_HALF_SATURATION = 2.0


def crossing_probability(permeability: float) -> float:
    """Map a relative permeability (>= 0) onto a per-encounter crossing chance in [0, 1)."""
    if not math.isfinite(permeability) or permeability <= 0:
        return 0.0
    return permeability / (permeability + ANIMATION_HALF_SATURATION)


class CrossSection(anywidget.AnyWidget):
    """Lumen, epithelial cells with microvilli and tight junctions, lamina propria, molecules."""

    ESM_PARTS = (*CANVAS_LIB, "cross_section.js")

    _esm = t.Unicode(asset(*ESM_PARTS)).tag(sync=True)
    _css = t.Unicode(asset("common.css", "lib/drawn.css", "cross_section.css")).tag(sync=True)

    probes = t.List(
        t.Dict(), help="molecules: id, label, radius_angstrom, color, crossing_probability, route_shares",
    ).tag(sync=True)
    pore_level = t.Float(1.0, min=0.0, help="claudin-2 pores relative to healthy").tag(sync=True)
    leak_level = t.Float(1.0, min=0.0, help="leak route relative to healthy").tag(sync=True)
    damaged_fraction = t.Float(0.0, min=0.0, max=1.0, help="eroded fraction of the surface").tag(sync=True)
    description = t.Unicode("", help="text alternative for screen readers").tag(sync=True)
    height = t.Int(360, min=200, max=1200, help="drawing height, px").tag(sync=True)
    theme = Theme().tag(sync=True)


    def show_model(self, model: BarrierModel, probes: Iterable[Probe]) -> None:
        """Show the model's junction state and these molecules (one websocket message)."""
        probes = list(probes)
        items = []
        if probes:
            radii = [p.value for p in probes]
            perm = np.atleast_1d(model.permeability(radii))
            shares = model.route_shares(radii)
            for i, p in enumerate(probes):
                items.append(
                    {
                        "id": p.id,
                        "label": p.label,
                        "radius_angstrom": p.value,
                        "color": th.probe_color(p.id),
                        "crossing_probability": crossing_probability(float(perm[i])),
                        "route_shares": {r: float(shares[r][i]) for r in ROUTES},
                    }
                )
        with self.hold_sync():
            self.probes = items
            self.pore_level = model.pore_level
            self.leak_level = model.leak_level
            self.damaged_fraction = model.damaged_fraction
            self.description = model.summary()
