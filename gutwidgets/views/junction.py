"""Chapter 2's dashboard: the tight junction up close.

:class:`JunctionZipper` draws the junction (strands, claudin-2 pores, occludin, ZO-1, the
actin-myosin ring) in the browser; :class:`JunctionExplorer` puts the laboratory levers
(claudin-2, MLCK, TNF-alpha with or without IFN-gamma priming, calcium removal, zonulin) beside it,
a TEER meter against published tissues (with the range the uncertain small-ion path allows), and
chapter 1's sieving plot, all over one :class:`~gutwidgets.models.JunctionModel`.

The dashboard computes in the page (``IN_PAGE``, like chapter 1): its controller
(:class:`JunctionPage`) reads the sliders while they are dragged, the check boxes and the tissue menu,
and runs the browser twin of the model (``_esm/models/junction.js``, ``_esm/pages/junction.js``) to
redraw the sentence, the zipper, the TEER meter and the sieving plot, with no kernel reply. The
levers stay traits of the explorer (``explorer.tnf = 10`` moves the slider and the page redraws);
``explorer.model`` and ``explorer.sentence`` follow the page's state.
"""

from __future__ import annotations

import anywidget
import ipywidgets as w
import traitlets as t

from ..figures import teer_figure
from ..models import BarrierConstants
from ..models.constants import JUNCTION_PARTS, browser_constants, junction_from_data
from ..models.junction import (
    ION_RATIO_RECORD,
    JUNCTION_LEVERS,
    LEAK_LIMIT,
    PORE_LIMIT,
    TISSUES,
    JunctionConstants,
    JunctionModel,
    dashboard_sentence,
)
from ._assets import CANVAS_LIB, asset
from ._dashboard import ERROR_TEXT, Dashboard
from ._page import PageController, control_spec, page_esm, widget_ref
from ._traits import Lever, Theme, lever_slider, unavailable_note
from .plot import PlotlyFigure
from .sieving_plot import SievingPlot, sieving_inputs

__all__ = ["JunctionExplorer", "JunctionPage", "JunctionZipper", "junction_from_data", "teer_meter"]

#: Published resistances shown beside the model's: (record id, label).
TEER_REFERENCES = (
    ("caco2_teer", "Caco-2 cells (lab)"),
    ("distal_colon_teer", "Human distal colon"),
    ("jejunum_teer", "Human jejunum"),
    ("coeliac_jejunum_teer", "Jejunum, untreated coeliac"),
)

#: The TEER meter's height, px.
TEER_HEIGHT = 300

#: Chapter 2's page parts: the junction model, the figures, the controller, chapter 1's views and this path.
JUNCTION_PAGE_PARTS = (*JUNCTION_PARTS, "figures/common.js", "figures/barrier.js", "figures/junction.js",
                       "lib/dom.js", "lib/page.js", "pages/barrier.js", "pages/junction.js")


def teer_meter(model: JunctionModel, ratio_range: tuple[float, float], references: list[tuple[str, float]],
               theme: str = "default", height: int = TEER_HEIGHT) -> dict:
    """The TEER meter's figure: the model's resistance for its tissue, with the span the uncertain
    small-ion : mannitol ratio allows (``ratio_range``), beside the published ``references``."""
    low_r, high_r = ratio_range
    span = (model.teer(ratio=low_r), model.teer(ratio=high_r))
    return teer_figure(model.teer(), f"Model: {TISSUES[model.tissue][1]}", references, theme, height=height,
                       span=(min(span), max(span)))


class JunctionPage(PageController):
    """Chapter 2's Reset button and live sentence, and its interactive path in the page."""

    _esm = t.Unicode(page_esm(JUNCTION_PAGE_PARTS, "junctionPage")).tag(sync=True)


class JunctionZipper(anywidget.AnyWidget):
    """The tight junction as a zipper between two cells (schematic, animated in the browser)."""

    ESM_PARTS = (*CANVAS_LIB, "junction_zipper.js")

    _esm = t.Unicode(asset(*ESM_PARTS)).tag(sync=True)
    _css = t.Unicode(asset("common.css", "lib/drawn.css", "junction_zipper.css")).tag(sync=True)

    claudin2_level = t.Float(1.0, min=0.0, help="claudin-2 pores relative to healthy").tag(sync=True)
    leak_level = t.Float(1.0, min=0.0, help="leak route relative to healthy").tag(sync=True)
    strand_integrity = t.Float(1.0, min=0.0, max=1.0, help="1 = intact strands, 0 = calcium removed").tag(sync=True)
    zonulin_active = t.Bool(False, help="show the proposed zonulin pathway").tag(sync=True)
    highlight = t.Enum(["", "claudin2", "occludin", "zo1", "ring", "strands"], "",
                       help="part to emphasise").tag(sync=True)
    description = t.Unicode("", help="text alternative for screen readers").tag(sync=True)
    height = t.Int(320, min=200, max=1200, help="drawing height, px").tag(sync=True)
    theme = Theme().tag(sync=True)



class JunctionExplorer(Dashboard):
    """Pull the junction's levers; see the zipper, the resistance and which molecules pass."""

    IN_PAGE = True
    UPDATE_ON = ("claudin2", "mlck", "tnf", "calcium_removed", "ifn_gamma_primed", "zonulin", "tissue")
    RESET = ("ifn_gamma_primed", "zonulin", "tissue")

    claudin2 = Lever(JunctionModel.DEFAULTS["claudin2"], JUNCTION_LEVERS["claudin2"])
    mlck = Lever(JunctionModel.DEFAULTS["mlck"], JUNCTION_LEVERS["mlck"])
    tnf = Lever(JunctionModel.DEFAULTS["tnf"], JUNCTION_LEVERS["tnf"])
    calcium_removed = Lever(JunctionModel.DEFAULTS["calcium_removed"], JUNCTION_LEVERS["calcium_removed"])
    ifn_gamma_primed = t.Bool(JunctionModel.DEFAULTS["ifn_gamma_primed"],
                              help="cells primed with IFN-gamma (TNF-alpha then also opens the leak route)")
    zonulin = t.Bool(JunctionModel.DEFAULTS["zonulin"], help="show the proposed zonulin pathway (changes no number)")
    tissue = t.Enum(list(TISSUES), "caco2", help="reference tissue for the resistance")

    def _setup(self) -> None:
        self.zipper = JunctionZipper()
        self.teer_plot = PlotlyFigure(css_class="gw-teer-plot")
        self.sieving = SievingPlot(height=380)
        self.sieving.in_page = True  # the page draws it (show_in_kernel() draws the kernel's copy)

    def _page_controller(self) -> JunctionPage:
        return JunctionPage(constants=browser_constants(self._catalogue),
                            reset_tooltip="Back to healthy, unstimulated junctions", layout=w.Layout(width="100%"))

    def _build(self) -> None:
        self._build_controls()
        self.summary.views = {"zipper": widget_ref(self.zipper), "teer_plot": widget_ref(self.teer_plot),
                              "sieving": widget_ref(self.sieving)}
        self.summary.controls = {name: control_spec(c, self, name) for name, c in self.control_widgets.items()}
        self.children = [
            self._controls,
            self.summary,
            w.HTML("<h4 class='gw-heading'>The junction up close (schematic, not to scale)</h4>"),
            self.zipper,
            w.HTML("<h4 class='gw-heading'>Electrical resistance (TEER): the model beside real tissues</h4>"),
            self.teer_plot,
            w.HTML("<h4 class='gw-heading'>Which molecules get through (chapter 1's sieving plot)</h4>"),
            self.sieving,
        ]

    def _build_controls(self) -> None:
        style = {"description_width": "17em"}
        layout = w.Layout(width="40em", max_width="100%")
        s = {}
        specs = [
            ("claudin2", "Claudin-2, IL-13 raises it (× healthy)",
             "Pore-forming claudin-2: more small cation pores. The cytokine IL-13 raises it."),
            ("mlck", "MLCK activity (× healthy)",
             "Myosin light chain kinase contracts the ring around each cell top and opens the leak route."),
            ("tnf", "TNF-alpha (ng/mL)",
             "An inflammatory signal: on its own it lets more ions between cultured gut cells; on cells "
             "primed with IFN-gamma it also opens the leak route."),
            ("calcium_removed", "Calcium removed (fraction)",
             "The lab experiment: remove calcium and the junction strands come apart."),
        ]
        for name, label, tip in specs:
            s[name] = lever_slider(self, name, label, tooltip=tip, style=style, layout=layout, readout_format=".2g",
                                   continuous_update=True)
        self.sliders = s
        self.note = w.HTML(layout=w.Layout(width="100%"))
        # the controls start at the traits' values (a JunctionExplorer(tissue="jejunum") keeps its tissue:
        # t.link copies the control's value onto the trait)
        self.primed_box = w.Checkbox(value=self.ifn_gamma_primed, description="Cells primed with IFN-gamma",
                                     indent=False,
                                     tooltip="IFN-gamma makes TNF-alpha also raise MLCK and open the leak route.")
        self.zonulin_box = w.Checkbox(value=self.zonulin, description="Show the proposed zonulin pathway",
                                      indent=False,
                                      tooltip="A proposed mechanism whose evidence is disputed: drawn, not modelled.")
        self.tissue_pick = w.Dropdown(options=[(v[1], k) for k, v in TISSUES.items()], value=self.tissue,
                                      description="Resistance of", style={"description_width": "8em"})
        t.link((self.primed_box, "value"), (self, "ifn_gamma_primed"))
        t.link((self.zonulin_box, "value"), (self, "zonulin"))
        t.link((self.tissue_pick, "value"), (self, "tissue"))
        #: lever -> the control the page reads it from
        self.control_widgets = {**s, "ifn_gamma_primed": self.primed_box, "zonulin": self.zonulin_box,
                                "tissue": self.tissue_pick}
        help_text = w.HTML("<p class='gw-help'>These are the levers researchers pull in the lab. "
                           "Watch the zipper, the resistance and the sieving plot.</p>")
        self._controls = w.VBox([help_text, *s.values(), w.HBox([self.primed_box, self.zonulin_box]),
                                 self.tissue_pick, self.note])

    def records(self) -> list[str]:
        """The ``data/`` record ids behind every number this dashboard shows."""
        return [*JunctionConstants.FACT_IDS, *BarrierConstants.FACT_IDS, *(r for r, _ in TEER_REFERENCES),
                *self._catalogue.probes]

    def _references(self) -> list[tuple[str, float]]:
        return [(label, self._catalogue.fact(rid).value) for rid, label in TEER_REFERENCES]

    def _page_inputs(self) -> dict:
        """What the page's path needs besides the constants: the published tissues beside the model,
        the sieving plot's fixed parts, the figures' heights and the error text."""
        return {"teer_references": [list(r) for r in self._references()], "teer_height": TEER_HEIGHT,
                "sieving": sieving_inputs(self._catalogue), "sieving_height": self.sieving.height,
                "error_text": ERROR_TEXT}

    def _new_model(self) -> JunctionModel:
        return junction_from_data(self._catalogue)

    def _sync_page(self) -> None:
        """The note on sliders that cannot act, and the page's inputs (which change with no lever)."""
        self.note.value = unavailable_note(list(self.sliders.values()))
        if not self.summary.inputs:
            self.summary.inputs = self._page_inputs()

    def _render(self) -> str:
        """Bring the kernel's model to the levers (the page draws); the Python sentence."""
        m = self.model
        m.tissue = self.tissue
        m.set(claudin2=self.claudin2, mlck=self.mlck, tnf=self.tnf, calcium_removed=self.calcium_removed,
              ifn_gamma_primed=self.ifn_gamma_primed, zonulin=self.zonulin)
        return dashboard_sentence(m, self._ratio_range())

    def _ratio_range(self) -> tuple[float, float]:
        low_r, high_r = self._catalogue.fact(ION_RATIO_RECORD).range
        return (low_r, high_r)

    def show_in_kernel(self, sentence: str | None = None) -> None:
        """Draw the zipper, the TEER meter and the sieving plot from the kernel's model (what the page
        draws), for a notebook that reads the figure data in Python (``explorer.teer_plot.figure``). The
        kernel draws nothing by itself: until this is called, those views' figure data live in the page only."""
        m = self.model
        text = dashboard_sentence(m, self._ratio_range()) if sentence is None else sentence
        pore, leak = m.route_levels()
        with self.zipper.hold_sync():
            self.zipper.claudin2_level = min(pore, PORE_LIMIT)
            self.zipper.leak_level = min(leak, LEAK_LIMIT)
            self.zipper.strand_integrity = 1.0 - m.calcium_removed
            self.zipper.zonulin_active = m.zonulin
            self.zipper.description = text
        with self.teer_plot.hold_sync():
            self.teer_plot.figure = teer_meter(m, self._ratio_range(), self._references(), self.theme)
            self.teer_plot.description = text
        self.sieving.show_model(m.barrier, list(self._catalogue.probes.values()), self._catalogue)
