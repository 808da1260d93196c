"""BarrierExplorer: the chapter 1 dashboard.

Controls for the three routes (with units and help), a Reset button, a live sentence that
describes the state, the animated cross-section and the sieving plot, all over one
:class:`~gutwidgets.models.BarrierModel`.

The dashboard computes in the page (``IN_PAGE``): its controller (:class:`BarrierPage`) reads the
sliders while they are dragged and runs the browser twin of the model (``_esm/models/barrier.js``,
``_esm/pages/barrier.js``) to redraw the sentence, the plot and the animation's rates, with no
kernel reply. The levers are still traits of the explorer, so code can set them
(``explorer.leak_level = 5``) exactly as a slider does: the slider moves and the page redraws;
after a drag the kernel's levers, ``explorer.model`` and ``explorer.sentence`` hold the page's state.
"""

from __future__ import annotations

import ipywidgets as w
import traitlets as t

from .. import data as gdata
from .. import theme as th
from ..models import BarrierConstants, BarrierModel
from ..models.barrier import LEVERS
from ..models.constants import BARRIER_PARTS, browser_constants, model_from_data
from ._dashboard import ERROR_TEXT, Dashboard
from ._page import PageController, control_spec, page_esm, widget_ref
from ._traits import Lever, lever_slider
from .cross_section import ANIMATION_HALF_SATURATION, CrossSection
from .sieving_plot import SievingPlot, sieving_inputs

__all__ = ["DEFAULT_ANIMATED_PROBES", "BarrierExplorer", "BarrierPage", "model_from_data"]

#: Chapter 1's page parts: the browser model, the sieving figure, the controller, the chapter's path.
BARRIER_PAGE_PARTS = (*BARRIER_PARTS, "figures/common.js", "figures/barrier.js", "lib/dom.js", "lib/page.js",
                      "pages/barrier.js")


class BarrierPage(PageController):
    """Chapter 1's Reset button and live sentence, and its interactive path in the page."""

    _esm = t.Unicode(page_esm(BARRIER_PAGE_PARTS, "barrierPage")).tag(sync=True)

#: Molecules animated by default: one per route's size class.
DEFAULT_ANIMATED_PROBES = ("mannitol", "lactulose", "fd4", "albumin")


class BarrierExplorer(Dashboard):
    """Pull the tight-junction levers and watch which molecules get through, and by which route.

    Parameters
    ----------
    animated
        Probe ids to animate in the cross-section (from ``data/probes.yaml``).
    theme
        "default" or "projector".
    """

    PROJECTOR_CLASS = True
    IN_PAGE = True
    UPDATE_ON = ("pore_level", "leak_level", "damaged_fraction", "animated")

    pore_level = Lever(BarrierModel.HEALTHY["pore_level"], LEVERS["pore_level"])
    leak_level = Lever(BarrierModel.HEALTHY["leak_level"], LEVERS["leak_level"])
    damaged_fraction = Lever(BarrierModel.HEALTHY["damaged_fraction"], LEVERS["damaged_fraction"])
    animated = t.List(t.Unicode(), help="probe ids shown in the animation")

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
        self._animated_at_start = list(animated)
        super().__init__(theme=theme, catalogue=catalogue, **kwargs)

    # -- construction -----------------------------------------------------------------------
    def _setup(self) -> None:
        self.sieving = SievingPlot()
        self.sieving.in_page = True  # the page draws it (show_in_kernel() draws the kernel's copy)
        self.cross_section = CrossSection()

    def _page_controller(self) -> BarrierPage:
        return BarrierPage(constants=browser_constants(self._catalogue),
                           reset_tooltip="Back to a healthy lining", layout=w.Layout(width="100%"))

    def _build(self) -> None:
        self._build_controls()
        self.animated = self._animated_at_start
        self.summary.views = {"sieving": widget_ref(self.sieving), "cross_section": widget_ref(self.cross_section)}
        self.summary.controls = {name: control_spec(c, self, name) for name, c in self.control_widgets.items()}
        self.children = [
            self._controls_box,
            w.HTML("<h4 class='gw-heading'>What crosses the lining (animation, not to scale)</h4>"),
            self.cross_section,
            w.HTML("<h4 class='gw-heading'>Sieving plot: permeability against molecular size</h4>"),
            self.sieving,
        ]

    def _build_controls(self) -> None:
        style = {"description_width": "16em"}
        layout = w.Layout(width="38em", max_width="100%")
        self.pore_slider = lever_slider(
            self, "pore_level", "Claudin-2 pores (× healthy)", readout_format=".1f", continuous_update=True,
            tooltip="Pore route: number of small claudin-2 channels. IL-13 raises it. 1 = healthy.",
            style=style, layout=layout,
        )
        self.leak_slider = lever_slider(
            self, "leak_level", "Leak route, MLCK (× healthy)", readout_format=".2g", continuous_update=True,
            tooltip="Leak route: larger, rarer openings. TNF and MLCK widen it. 1 = healthy.",
            style=style, layout=layout,
        )
        self.damage_slider = lever_slider(
            self, "damaged_fraction", "Eroded surface (%)", readout_format=".2f", continuous_update=True,
            tooltip="Unrestricted route: where cells are lost (erosions, ulcers). 0 = intact.",
            style=style, layout=layout,
        )
        self.sliders = {"pore_level": self.pore_slider, "leak_level": self.leak_slider,
                        "damaged_fraction": self.damage_slider}
        #: lever -> the control the page reads it from
        self.control_widgets = dict(self.sliders)
        help_text = w.HTML(
            "<p class='gw-help'>Move a lever, then watch the plot and the animation. "
            "<b>Pores</b> let only very small molecules through; the <b>leak</b> route lets "
            "medium-sized ones through; <b>erosion</b> lets anything through.</p>"
        )
        self._controls_box = w.VBox(
            [help_text, self.pore_slider, self.leak_slider, self.damage_slider, self.summary],
            layout=w.Layout(grid_gap="0.3em"),
        )

    # -- behaviour --------------------------------------------------------------------------
    def records(self) -> list[str]:
        """The ``data/`` record ids behind every number this dashboard shows."""
        return [*BarrierConstants.FACT_IDS, *self._catalogue.probes]

    def _probes(self, ids: list[str]) -> list[gdata.Probe]:
        return [self._catalogue.probes[i] for i in ids]

    def _page_inputs(self) -> dict:
        """What the page's path needs besides the constants: the sieving plot's fixed parts, the
        animated molecules, the animation's rate scale and the error text."""
        animated = [{"id": p.id, "label": p.label, "radius_angstrom": p.value, "color": th.probe_color(p.id)}
                    for p in self._probes(self.animated)]
        return {"sieving": self._sieving_inputs, "sieving_height": self.sieving.height, "animated": animated,
                "half_saturation": ANIMATION_HALF_SATURATION, "error_text": ERROR_TEXT}

    def _new_model(self) -> BarrierModel:
        return model_from_data(self._catalogue)

    def _sync_page(self) -> None:
        """The page's inputs change only with the animated molecules."""
        if getattr(self, "_inputs_for", None) != self.animated:
            if not hasattr(self, "_sieving_inputs"):
                self._sieving_inputs = sieving_inputs(self._catalogue)
            self.summary.inputs = self._page_inputs()
            self._inputs_for = list(self.animated)

    def _render(self) -> str:
        """Bring the kernel's model to the levers (the page draws); the Python sentence."""
        model = self.model
        model.set(pore_level=self.pore_level, leak_level=self.leak_level, damaged_fraction=self.damaged_fraction)
        return model.summary()

    def show_in_kernel(self) -> None:
        """Draw the sieving plot and the cross-section from the kernel's model (what the page draws),
        for a notebook that reads the figure data in Python (``explorer.sieving.figure``). The kernel
        draws nothing by itself: until this is called, those views' figure data live in the page only."""
        self.sieving.show_model(self.model, self._probes(list(self._catalogue.probes)), self._catalogue)
        self.cross_section.show_model(self.model, self._probes(self.animated))
