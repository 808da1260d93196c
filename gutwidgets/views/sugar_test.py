"""Chapter 6's dashboard: the lactulose/mannitol urine test, simulated.

Pick a published scenario (or set the lining yourself), choose how long urine is collected,
and see each sugar's recovery over time, the ratio for a typical person and for a crowd of
simulated people, against the healthy range and the cut-offs that different labs use.

The dashboard computes in the page (``IN_PAGE``, like chapters 1 and 2): its controller
(:class:`SugarTestPage`) reads the scenario menu and the window slider (while it is dragged) and runs
the browser twin of the model (``_esm/models/sugar_test.js``, ``_esm/pages/sugar_test.js``: the
calibration, the scenario's levers, the urine curves, the crowd drawn with the shared seeded
generator) to redraw the sentence and both plots, with no kernel reply. The levers stay traits of the
explorer (``explorer.scenario = "coeliac"`` moves the menu and the page redraws); ``explorer.model``
and ``explorer.sentence`` follow the page's state, and :meth:`SugarTestExplorer.show_in_kernel` draws
the kernel's copies of the plots. The kernel imports no numpy until Python code reads the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w
import traitlets as t

from ..figures import ratio_figure, sugar_timeline_figure
from ..figures.sugar_test import SUGAR_COLORS
from ..models import BarrierConstants
from ..models.constants import model_from_data
from ..models.sugar_test_constants import (
    IQR_RECORD,
    SCENARIO_RECORDS,
    SCENARIOS,
    SUGAR_TEST_LEVERS,
    SUGAR_TEST_PARTS,
    SugarTestConstants,
    scenario_records_from_data,
    sugar_test_browser_constants,
    sugar_test_constants_from_data,
)
from ._dashboard import ERROR_TEXT, Dashboard
from ._page import PageController, control_spec, page_esm, widget_ref
from ._traits import Lever, lever_slider
from .plot import PlotlyFigure

if TYPE_CHECKING:
    from ..models.sugar_test import SugarTestModel, SugarTestResult

__all__ = ["SugarTestExplorer", "SugarTestPage"]

#: Cut-offs used by different studies: (record id, short label).
CUTOFFS = (
    ("cutoff_jarvinen2013", "lab A"),
    ("cutoff_turpin2020", "lab B"),
    ("cutoff_catassi1997", "lab C"),
)

SUGAR_LABELS = {"lactulose": "Lactulose", "mannitol": "Mannitol", "sucralose": "Sucralose (whole gut)"}

#: The timeline's hours (every half hour over a day; the window is added), the crowd's seed, the
#: healthy band's half-width in standard deviations of the log ratio (the middle half of a normal),
#: and the plots' heights.
TIMELINE_HOURS = [i * 0.5 for i in range(49)]
CROWD_SEED = 7
BAND_Z = 0.674
TIMELINE_HEIGHT = 380
RATIO_HEIGHT = 340

#: Chapter 6's page parts: the sugar-test model, the figures, the controller and this path.
SUGAR_TEST_PAGE_PARTS = (*SUGAR_TEST_PARTS, "figures/common.js", "figures/sugar_test.js", "lib/dom.js",
                         "lib/page.js", "pages/sugar_test.js")


def __getattr__(name: str) -> Any:
    """``sugar_test_from_data`` (chapter 6's model factory, in ``models/from_data.py``: the name this module
    used to import), imported when first named: that module loads chapters 3-5's models and numpy, which
    this page's kernel never needs."""
    if name == "sugar_test_from_data":
        from ..models.from_data import sugar_test_from_data

        return sugar_test_from_data
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class SugarTestPage(PageController):
    """Chapter 6's Reset button and live sentence, and its interactive path in the page."""

    _esm = t.Unicode(page_esm(SUGAR_TEST_PAGE_PARTS, "sugarTestPage")).tag(sync=True)


class SugarTestExplorer(Dashboard):
    """Run the sugar test on a published scenario and see why no single line says 'leaky'."""

    IN_PAGE = True
    UPDATE_ON = ("scenario", "window", "people")
    RESET = ("scenario",)

    scenario = t.Enum(list(SCENARIOS), "healthy", help="published scenario")
    window = Lever(5.0, SUGAR_TEST_LEVERS["window"])
    people = t.Int(200, min=10, max=2000, help="simulated people in the crowd")

    def _setup(self) -> None:
        self.timeline = PlotlyFigure(css_class="gw-sugar-timeline")
        self.ratio_plot = PlotlyFigure(css_class="gw-ratio-plot")
        self._healthy: SugarTestModel | None = None
        self._scenarios: dict[str, dict[str, float]] = {}
        #: the kernel's state for the levers, as _render last computed it (None: not computed)
        self._drawn: tuple | None = None

    def _page_controller(self) -> SugarTestPage:
        return SugarTestPage(constants=sugar_test_browser_constants(self._catalogue),
                             reset_tooltip="Healthy adult, 5-hour collection", layout=w.Layout(width="100%"))

    def _data_defaults(self) -> dict[str, float]:
        """The standard collection time, from ``data/``."""
        return {"window": float(self._catalogue.fact("urine_window").value)}

    def _build(self) -> None:
        style, layout = {"description_width": "12em"}, w.Layout(width="36em", max_width="100%")
        # the menu starts at the trait's value (a SugarTestExplorer(scenario="coeliac") keeps its scenario)
        self.scenario_pick = w.Dropdown(options=[(str(s["label"]), k) for k, s in SCENARIOS.items()],
                                        value=self.scenario, description="Who drinks the test", style=style,
                                        layout=layout)
        t.link((self.scenario_pick, "value"), (self, "scenario"))
        self.window_slider = lever_slider(self, "window", "Urine collected for (h)", readout_format=".0f",
                                          tooltip="Labs collect 2, 5, 6 or 24 hours; 24 h includes the colon.",
                                          continuous_update=True, style=style, layout=layout)
        #: lever -> the control the page reads it from
        self.control_widgets = {"scenario": self.scenario_pick, "window": self.window_slider}
        controls = {name: control_spec(c, self, name) for name, c in self.control_widgets.items()}
        for name, value in self._data_defaults().items():  # Reset in the page goes to data/'s values too
            controls[name]["default"] = value * controls[name]["scale"]
        self.summary.controls = controls
        self.summary.views = {"timeline": widget_ref(self.timeline), "ratio_plot": widget_ref(self.ratio_plot)}
        self.children = [
            w.VBox([self.scenario_pick, self.window_slider]),
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

    def _cutoffs(self) -> list[dict]:
        """Each lab's cut-off: its value (``x``), the plot's label and the lab's name for the sentence."""
        out = []
        for rid, lab in CUTOFFS:
            value = float(self._catalogue.fact(rid).value)
            out.append({"x": value, "label": f"{lab}: {value:g}", "lab": lab})
        return out

    def _page_inputs(self) -> dict:
        """What the page's path needs besides the constants: the timeline's hours, the crowd's size and
        seed, the healthy band's width, the labs' cut-offs, the plots' labels, colours and heights, and
        the error text."""
        return {"hours": TIMELINE_HOURS, "people": self.people, "seed": CROWD_SEED, "band_z": BAND_Z,
                "cutoffs": self._cutoffs(), "sugar_labels": dict(SUGAR_LABELS), "sugar_colors": dict(SUGAR_COLORS),
                "timeline_height": TIMELINE_HEIGHT, "ratio_height": RATIO_HEIGHT, "error_text": ERROR_TEXT}

    def _sync_page(self) -> None:
        """The page's inputs (which change only with the crowd's size); traitlets sends nothing when
        they are unchanged."""
        self.summary.inputs = self._page_inputs()

    def _new_model(self) -> SugarTestModel:
        from ..models.sugar_test import SugarTestModel

        constants = sugar_test_constants_from_data(self._catalogue)
        # the healthy person, at the published window, that the scenarios are fitted against
        self._healthy = SugarTestModel(model_from_data(self._catalogue), constants=constants)
        self._scenarios = {}
        return SugarTestModel(model_from_data(self._catalogue), constants=constants)

    def _scenario_levers(self, name: str) -> dict[str, float]:
        """The barrier levers and surface that reproduce a published scenario (fitted once, when first
        shown, against the healthy person at the published window)."""
        from ..models.sugar_test import SugarTestModel

        if name not in self._scenarios:
            healthy = self._healthy
            assert healthy is not None
            healthy.window = healthy.constants.urine_window
            records = scenario_records_from_data(self._catalogue)
            self._scenarios[name] = SugarTestModel.scenario_levers(name, records, healthy)
        return self._scenarios[name]

    def _state(self) -> tuple[SugarTestResult, SugarTestResult, Any, tuple[float, float], list[dict], str]:
        """The kernel's twin of the page's compute: the scenario's curves, the healthy person in the same
        window, the crowd, the healthy band, the cut-offs and the live sentence."""
        import numpy as np

        from ..models.sugar_test import dashboard_sentence

        model = self.model
        levers = dict(self._scenario_levers(self.scenario))
        surface = levers.pop("surface")
        model.barrier.set(**levers)
        model.surface = surface
        model.window = self.window
        healthy = self._healthy
        assert healthy is not None
        healthy.window = self.window
        result = model.run(TIMELINE_HOURS)
        base = healthy.run([self.window])
        crowd = model.population(self.people, seed=CROWD_SEED)
        spread = model.constants.ratio_spread
        band = (base.lm_ratio * np.exp(-BAND_Z * spread), base.lm_ratio * np.exp(BAND_Z * spread))
        cutoffs = self._cutoffs()
        above = {c["lab"]: float(np.mean(crowd > c["x"])) for c in cutoffs}
        text = dashboard_sentence(self.scenario, result, base, above, model.constants,
                                  scenario_records_from_data(self._catalogue))
        return result, base, crowd, band, cutoffs, text

    def _render(self) -> str:
        """Bring the kernel's model to the levers (the page draws); the Python sentence."""
        self._drawn = None
        self._drawn = self._state()
        return self._drawn[-1]

    def show_in_kernel(self) -> None:
        """Draw the urine timeline and the ratio plot from the kernel's model (what the page draws), for
        a notebook that reads the figure data in Python (``explorer.timeline.figure``). The kernel draws
        nothing by itself: until this is called, those views' figure data live in the page only."""
        self._catch_up()
        result, _base, crowd, band, cutoffs, text = self._drawn or self._state()
        with self.timeline.hold_sync():
            self.timeline.figure = sugar_timeline_figure(result.hours, result.cumulative, result.window,
                                                         SUGAR_LABELS, self.theme, height=TIMELINE_HEIGHT)
            self.timeline.description = text
        with self.ratio_plot.hold_sync():
            self.ratio_plot.figure = ratio_figure(crowd, result.lm_ratio, band,
                                                  [{"x": c["x"], "label": c["label"]} for c in cutoffs], self.theme,
                                                  height=RATIO_HEIGHT)
            self.ratio_plot.description = text
