"""BarrierExplorer: the chapter 1 dashboard.

Controls for the three routes (with units and help), a Reset button, a live sentence that
describes the state, the animated cross-section and the sieving plot, all over one
:class:`~gutwidgets.models.BarrierModel`. The levers are traits of the explorer, so code can set
them (``explorer.leak_level = 5``) exactly as a slider does; one observer updates the model and
both views.
"""

from __future__ import annotations

import logging

import ipywidgets as w
import traitlets as t

from .. import data as gdata
from ..models import BarrierConstants, BarrierModel
from ..models.barrier import LEVERS
from ..models.constants import model_from_data
from ._traits import Lever, Theme, lever_slider, summary_html
from .cross_section import CrossSection
from .sieving_plot import SievingPlot

__all__ = ["DEFAULT_ANIMATED_PROBES", "BarrierExplorer", "model_from_data"]

log = logging.getLogger(__name__)

#: Molecules animated by default: one per route's size class.
DEFAULT_ANIMATED_PROBES = ("mannitol", "lactulose", "fd4", "albumin")


class BarrierExplorer(w.VBox):
    """Pull the tight-junction levers and watch which molecules get through, and by which route.

    Parameters
    ----------
    animated
        Probe ids to animate in the cross-section (from ``data/probes.yaml``).
    theme
        "default" or "projector".
    """

    pore_level = Lever(BarrierModel.HEALTHY["pore_level"], LEVERS["pore_level"])
    leak_level = Lever(BarrierModel.HEALTHY["leak_level"], LEVERS["leak_level"])
    damaged_fraction = Lever(BarrierModel.HEALTHY["damaged_fraction"], LEVERS["damaged_fraction"])
    animated = t.List(t.Unicode(), help="probe ids shown in the animation")
    theme = Theme()

    @t.validate("animated")
    def _valid_animated(self, proposal: dict) -> list[str]:
        unknown = [p for p in proposal["value"] if p not in self._catalogue.probes]
        if unknown:
            raise t.TraitError(
                f"unknown probe id(s) {unknown}; allowed: {', '.join(self._catalogue.probes)}"
            )
        return list(dict.fromkeys(proposal["value"]))


    def __init__(
        self,
        animated: tuple[str, ...] | list[str] = DEFAULT_ANIMATED_PROBES,
        theme: str = "default",
        catalogue: gdata.Catalogue | None = None,
        **kwargs: object,
    ) -> None:
        self._catalogue = catalogue or gdata.load()
        self.model = model_from_data(self._catalogue)
        self.sieving = SievingPlot()
        self.cross_section = CrossSection()
        super().__init__(**kwargs)
        self._build_controls()
        self.add_class("gw-explorer")
        self.animated = list(animated)
        self.theme = theme
        self.summary = w.HTML(layout=w.Layout(width="100%"))
        self.children = [
            self._controls_box,
            self.summary,
            w.HTML("<h4 class='gw-heading'>What crosses the lining (animation, not to scale)</h4>"),
            self.cross_section,
            w.HTML("<h4 class='gw-heading'>Sieving plot: permeability against molecular size</h4>"),
            self.sieving,
        ]
        self.observe(self._update, names=["pore_level", "leak_level", "damaged_fraction", "animated"])
        self.observe(self._apply_theme, names=["theme"])
        self._apply_theme()
        self._update()

    # -- construction -----------------------------------------------------------------------
    def _build_controls(self) -> None:
        style = {"description_width": "16em"}
        layout = w.Layout(width="38em", max_width="100%")
        self.pore_slider = lever_slider(
            self, "pore_level", "Claudin-2 pores (× healthy)", readout_format=".1f",
            tooltip="Pore route: number of small claudin-2 channels. IL-13 raises it. 1 = healthy.",
            style=style, layout=layout,
        )
        self.leak_slider = lever_slider(
            self, "leak_level", "Leak route, MLCK (× healthy)", readout_format=".2g",
            tooltip="Leak route: larger, rarer openings. TNF and MLCK widen it. 1 = healthy.",
            style=style, layout=layout,
        )
        self.damage_slider = lever_slider(
            self, "damaged_fraction", "Eroded surface (%)", readout_format=".2f",
            tooltip="Unrestricted route: where cells are lost (erosions, ulcers). 0 = intact.",
            style=style, layout=layout,
        )
        self.reset_button = w.Button(
            description="Reset", icon="undo", tooltip="Back to a healthy lining",
            layout=w.Layout(width="10em"),
        )
        self.reset_button.on_click(lambda _b: self.reset())
        help_text = w.HTML(
            "<p class='gw-help'>Move a lever, then watch the plot and the animation. "
            "<b>Pores</b> let only very small molecules through; the <b>leak</b> route lets "
            "medium-sized ones through; <b>erosion</b> lets anything through.</p>"
        )
        self._controls_box = w.VBox(
            [help_text, self.pore_slider, self.leak_slider, self.damage_slider, self.reset_button],
            layout=w.Layout(grid_gap="0.3em"),
        )

    # -- behaviour --------------------------------------------------------------------------
    def records(self) -> list[str]:
        """The ``data/`` record ids behind every number this dashboard shows."""
        return [*BarrierConstants.FACT_IDS, *self._catalogue.probes]

    def reset(self) -> None:
        """Back to a healthy lining (and the default animated molecules)."""
        with self.hold_trait_notifications():
            for name, value in BarrierModel.HEALTHY.items():
                setattr(self, name, value)

    def _probes(self, ids: list[str]) -> list[gdata.Probe]:
        return [self._catalogue.probes[i] for i in ids]

    def _update(self, change: dict | None = None) -> None:
        try:
            self.model.set(
                pore_level=self.pore_level,
                leak_level=self.leak_level,
                damaged_fraction=self.damaged_fraction,
            )
            text = self.model.summary()
            self.sieving.show_model(self.model, self._probes(list(self._catalogue.probes)), self._catalogue)
            self.cross_section.show_model(self.model, self._probes(self.animated))
        except Exception:  # never show a traceback to a viewer
            log.exception("gutwidgets: could not update the barrier explorer")
            text = "Something went wrong while updating; press Reset to start again."
        self.summary.value = summary_html(text)

    def _apply_theme(self, change: dict | None = None) -> None:
        self.sieving.theme = self.theme
        self.cross_section.theme = self.theme
        if self.theme == "projector":
            self.add_class("gw-projector")
        else:
            self.remove_class("gw-projector")
