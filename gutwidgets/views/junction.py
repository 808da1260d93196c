"""Chapter 2's dashboard: the tight junction up close.

:class:`JunctionZipper` draws the junction (strands, claudin-2 pores, occludin, ZO-1, the
actin-myosin ring) in the browser; :class:`JunctionExplorer` puts the laboratory levers
(claudin-2, MLCK, TNF-alpha with or without IFN-gamma priming, calcium removal, zonulin) beside it,
a TEER meter against published tissues (with the range the uncertain small-ion path allows), and
chapter 1's sieving plot, all over one :class:`~gutwidgets.models.JunctionModel`.
"""

from __future__ import annotations

import anywidget
import ipywidgets as w
import traitlets as t

from ..figures import teer_figure
from ..models import BarrierConstants
from ..models.constants import junction_from_data
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
from ._dashboard import Dashboard
from ._traits import Lever, Theme, lever_slider, unavailable_note
from .plot import PlotlyFigure
from .sieving_plot import SievingPlot

__all__ = ["JunctionExplorer", "JunctionZipper", "junction_from_data"]

#: Published resistances shown beside the model's: (record id, label).
TEER_REFERENCES = (
    ("caco2_teer", "Caco-2 cells (lab)"),
    ("distal_colon_teer", "Human distal colon"),
    ("jejunum_teer", "Human jejunum"),
    ("coeliac_jejunum_teer", "Jejunum, untreated coeliac"),
)


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

    UPDATE_ON = ("claudin2", "mlck", "tnf", "calcium_removed", "ifn_gamma_primed", "zonulin", "tissue", "theme")
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
        self.model = junction_from_data(self._catalogue)
        self.zipper = JunctionZipper()
        self.teer_plot = PlotlyFigure(css_class="gw-teer-plot")
        self.sieving = SievingPlot(height=380)

    def _build(self) -> None:
        self._build_controls()
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
            s[name] = lever_slider(self, name, label, tooltip=tip, style=style, layout=layout, readout_format=".2g")
        self.sliders = s
        self.note = w.HTML(layout=w.Layout(width="100%"))
        self.primed_box = w.Checkbox(description="Cells primed with IFN-gamma", indent=False,
                                     tooltip="IFN-gamma makes TNF-alpha also raise MLCK and open the leak route.")
        self.zonulin_box = w.Checkbox(description="Show the proposed zonulin pathway", indent=False,
                                      tooltip="A proposed mechanism whose evidence is disputed: drawn, not modelled.")
        self.tissue_pick = w.Dropdown(options=[(v[1], k) for k, v in TISSUES.items()], value="caco2",
                                      description="Resistance of", style={"description_width": "8em"})
        t.link((self.primed_box, "value"), (self, "ifn_gamma_primed"))
        t.link((self.zonulin_box, "value"), (self, "zonulin"))
        t.link((self.tissue_pick, "value"), (self, "tissue"))
        self.reset_button = w.Button(description="Reset", icon="undo",
                                     tooltip="Back to healthy, unstimulated junctions")
        self.reset_button.on_click(lambda _b: self.reset())
        help_text = w.HTML("<p class='gw-help'>These are the levers researchers pull in the lab. "
                           "Watch the zipper, the resistance and the sieving plot.</p>")
        self._controls = w.VBox([help_text, *s.values(), w.HBox([self.primed_box, self.zonulin_box]),
                                 self.tissue_pick, self.reset_button, self.note])

    def records(self) -> list[str]:
        """The ``data/`` record ids behind every number this dashboard shows."""
        return [*JunctionConstants.FACT_IDS, *BarrierConstants.FACT_IDS, *(r for r, _ in TEER_REFERENCES),
                *self._catalogue.probes]

    def _render(self) -> str:
        m = self.model
        m.tissue = self.tissue
        m.set(claudin2=self.claudin2, mlck=self.mlck, tnf=self.tnf, calcium_removed=self.calcium_removed,
              ifn_gamma_primed=self.ifn_gamma_primed, zonulin=self.zonulin)
        self.note.value = unavailable_note(list(self.sliders.values()))
        low_r, high_r = self._catalogue.fact(ION_RATIO_RECORD).range
        text = dashboard_sentence(m, (low_r, high_r))
        span = (m.teer(ratio=low_r), m.teer(ratio=high_r))
        pore, leak = m.route_levels()
        with self.zipper.hold_sync():
            self.zipper.claudin2_level = min(pore, PORE_LIMIT)
            self.zipper.leak_level = min(leak, LEAK_LIMIT)
            self.zipper.strand_integrity = 1.0 - self.calcium_removed
            self.zipper.zonulin_active = self.zonulin
            self.zipper.description = text
        refs = [(label, self._catalogue.fact(rid).value) for rid, label in TEER_REFERENCES]
        with self.teer_plot.hold_sync():
            self.teer_plot.figure = teer_figure(m.teer(), f"Model: {TISSUES[self.tissue][1]}", refs, self.theme,
                                                span=(min(span), max(span)))
            self.teer_plot.description = text
        self.sieving.show_model(m.barrier, list(self._catalogue.probes.values()), self._catalogue)
        return text
