"""Chapter 6's dashboard: the lactulose/mannitol urine test, simulated.

Pick a published scenario (or set the lining yourself), choose how long urine is collected,
and see each sugar's recovery over time, the ratio for a typical person and for a crowd of
simulated people, against the healthy range and the cut-offs that different labs use.
"""

from __future__ import annotations

import ipywidgets as w
import numpy as np
import traitlets as t

from ..figures import ratio_figure, sugar_timeline_figure
from ..models import BarrierConstants
from ..models.from_data import IQR_RECORD, sugar_test_from_data
from ..models.sugar_test import SCENARIOS, SUGAR_TEST_LEVERS, SugarTestConstants, SugarTestModel
from ._dashboard import Dashboard
from ._traits import Lever, lever_slider
from .plot import PlotlyFigure

__all__ = ["SugarTestExplorer", "sugar_test_from_data"]

#: Cut-offs used by different studies: (record id, short label).
CUTOFFS = (
    ("cutoff_jarvinen2013", "lab A"),
    ("cutoff_turpin2020", "lab B"),
    ("cutoff_catassi1997", "lab C"),
)

#: Records that fix the scenarios (see SCENARIOS).
SCENARIO_RECORDS = ("coeliac_lm_ratio", "healthy_lm_ratio", "coeliac_lactulose_recovery", "healthy_lactulose_recovery",
                    "crohn_quiescent_lm_ratio", "nsaid_damaged_fraction", "alcohol_liver_lm_ratio")

SUGAR_LABELS = {"lactulose": "Lactulose", "mannitol": "Mannitol", "sucralose": "Sucralose (whole gut)"}


class SugarTestExplorer(Dashboard):
    """Run the sugar test on a published scenario and see why no single line says 'leaky'."""

    UPDATE_ON = ("scenario", "window", "people", "theme")
    RESET = ("scenario",)

    scenario = t.Enum(list(SCENARIOS), "healthy", help="published scenario")
    window = Lever(5.0, SUGAR_TEST_LEVERS["window"])
    people = t.Int(200, min=10, max=2000, help="simulated people in the crowd")

    def _setup(self) -> None:
        self.model = sugar_test_from_data(self._catalogue)
        self._healthy = sugar_test_from_data(self._catalogue)
        records = {rid: self._catalogue.fact(rid).value for rid in SCENARIO_RECORDS}
        self._scenarios = {name: SugarTestModel.scenario_levers(name, records, self._healthy) for name in SCENARIOS}
        self.timeline = PlotlyFigure(css_class="gw-sugar-timeline")
        self.ratio_plot = PlotlyFigure(css_class="gw-ratio-plot")
        self.scenario_pick = w.Dropdown(options=[(str(s["label"]), k) for k, s in SCENARIOS.items()],
                                        value="healthy", description="Who drinks the test",
                                        style={"description_width": "12em"}, layout=w.Layout(width="36em"))

    def _data_defaults(self) -> dict[str, float]:
        """The standard collection time, from ``data/``."""
        return {"window": float(self._catalogue.fact("urine_window").value)}

    def _build(self) -> None:
        self.window_slider = lever_slider(self, "window", "Urine collected for (h)", readout_format=".0f",
                                          tooltip="Labs collect 2, 5, 6 or 24 hours; 24 h includes the colon.",
                                          style={"description_width": "12em"}, layout=w.Layout(width="36em"))
        t.link((self.scenario_pick, "value"), (self, "scenario"))
        self.reset_button = w.Button(description="Reset", icon="undo", tooltip="Healthy adult, 5-hour collection")
        self.reset_button.on_click(lambda _b: self.reset())
        self.children = [
            w.VBox([self.scenario_pick, self.window_slider, self.reset_button]),
            self.summary,
            w.HTML("<h4 class='gw-heading'>Sugar in the urine over time</h4>"),
            self.timeline,
            w.HTML("<h4 class='gw-heading'>The ratio: one person, a crowd, and where labs draw the line</h4>"),
            self.ratio_plot,
        ]

    def records(self) -> list[str]:
        """The ``data/`` record ids behind every number this dashboard shows."""
        return [*SugarTestConstants.FACT_IDS, IQR_RECORD, *SCENARIO_RECORDS,
                *(rid for rid, _ in CUTOFFS), *BarrierConstants.FACT_IDS]

    def _render(self) -> str:
        levers = dict(self._scenarios[self.scenario])
        surface = levers.pop("surface")
        self.model.barrier.set(**levers)
        self.model.surface = surface
        self.model.window = self.window
        self._healthy.window = self.window
        result = self.model.run(np.arange(0, 24.5, 0.5))
        healthy = self._healthy.run([self.window])
        crowd = self.model.population(self.people, seed=7)
        spread = self.model.constants.ratio_spread
        band = (healthy.lm_ratio * np.exp(-0.674 * spread), healthy.lm_ratio * np.exp(0.674 * spread))
        cutoffs = [{"x": self._catalogue.fact(rid).value,
                    "label": f"{label}: {self._catalogue.fact(rid).value:g}"} for rid, label in CUTOFFS]
        above = {lbl: float(np.mean(crowd > c["x"])) for (rid, lbl), c in zip(CUTOFFS, cutoffs)}
        text = self._describe(result, healthy, above)
        with self.timeline.hold_sync():
            self.timeline.figure = sugar_timeline_figure(result.hours, result.cumulative, result.window,
                                                         SUGAR_LABELS, self.theme)
            self.timeline.description = text
        with self.ratio_plot.hold_sync():
            self.ratio_plot.figure = ratio_figure(crowd, result.lm_ratio, band, cutoffs, self.theme)
            self.ratio_plot.description = text
        return text

    def _describe(self, result, healthy, above: dict[str, float]) -> str:
        label = SCENARIOS[self.scenario]["label"]
        r = result.recovery
        fold = result.lm_ratio / healthy.lm_ratio
        lines = [
            f"{label}, urine collected for {result.window:g} h: mannitol {r['mannitol']:.3g} % and lactulose "
            f"{r['lactulose']:.3g} % of the dose; ratio {result.lm_ratio:.3g}"
            + ("." if self.scenario == "healthy" else f", {fold:.2g} times the healthy value."),
            "Of the simulated people in this state, "
            + ", ".join(f"{share:.0%} are above {lab}'s cut-off" for lab, share in above.items()) + ".",
        ]
        fact = self._catalogue.fact
        if self.scenario == "healthy" and result.window == fact("urine_window").value:
            lines.append(f"Fitted: 5-h lactulose, published {fact('healthy_lactulose_recovery').value:g} %. "
                         "Not fitted: "
                         f"the ratio comes out {result.lm_ratio:.2g} against the published "
                         f"{fact('healthy_lm_ratio').value:g}, because mannitol's uptake saturates in this model.")
        if self.scenario == "healthy" and result.window == 24:
            lines.append(f"Published 24-h recoveries: mannitol {fact('mannitol_24h_recovery').value:g} % (fitted), "
                         f"lactulose {fact('lactulose_24h_recovery').value:g} %: the model's lactulose is higher, "
                         "because its small intestine keeps passing lactulose after 5 h (not because of the "
                         "kidney: measured 24-h values include late excretion too).")
        if self.scenario == "coeliac" and result.window == fact("urine_window").value:
            lines.append(f"Fitted: lactulose {fact('coeliac_lactulose_recovery').value:g} % and the ratio's rise "
                         f"({fact('coeliac_lm_ratio').value:g} against {fact('healthy_lm_ratio').value:g} in the "
                         "same study); assumed: mannitol falls only because villous atrophy shrinks the surface.")
        if self.scenario == "alcohol_liver":
            spec = SCENARIOS["alcohol_liver"]
            published = self._catalogue.fact(str(spec["ratio"])).value / float(spec["controls"])  # type: ignore[arg-type]
            if fold < 0.9 * published:
                lines.append(f"The published ratio is {published:.2g} times its controls'; this simple model "
                             f"cannot reach that with plausible settings (it stops at {fold:.2g} times).")
        return " ".join(lines)
