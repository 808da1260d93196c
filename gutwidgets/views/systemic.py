"""Chapter 4's dashboards: from a leaky barrier to low-grade inflammation, and found-together vs caused-by.

- :class:`LpsFlow`: the animated flow diagram (gut -> lining -> liver -> blood -> immune cell ->
  cytokines -> inflammation), replaying the model's time course in the browser;
- :class:`CascadeExplorer`: barrier levers and how long they last, the flow diagram, the time
  course and a live sentence, over one :class:`~gutwidgets.models.cascade.CascadeModel`;
- :class:`EvidenceMap`: each condition placed by the kind and grade of its evidence;
- :class:`ConfoundingExplorer`: a hidden common cause makes a marker and a symptom go together.

Both explorers compute in the page (``Dashboard.IN_PAGE``): their controllers (:class:`CascadePage`,
:class:`ConfoundingPage`) read the controls while they move and run the browser twins of the models
(``_esm/models/cascade.js`` on ``models/solve.js``, ``_esm/models/confounding.js`` on
``models/random.js``), the figures (``_esm/figures/systemic.js``) and the sentences
(``_esm/pages/systemic.js``); the page also sets the flow diagram's time course and greys out the
duration while the barrier is closed. The kernel's traits follow the controls; ``explorer.model`` and
``explorer.sentence`` are computed when Python reads them (the kernel of the page imports no numpy
until then), and :meth:`~CascadeExplorer.show_in_kernel` draws the kernel's copies of the views.
"""

from __future__ import annotations

import bisect
import math
from typing import TYPE_CHECKING, Any, ClassVar

import anywidget
import ipywidgets as w
import traitlets as t

from .. import data as gdata
from ..figures.systemic import cascade_figure, confounding_figure, outcomes_figure
from ..models import BarrierConstants
from ..models.cascade import CASCADE_LEVERS, UNCERTAIN_IDS, CascadeConstants
from ..models.confounding import CONFOUNDING_LEVERS, PEOPLE, SEED, ConfoundingDemo, ConfoundingSample
from ..models.systemic_constants import SYSTEMIC_PAGE_PARTS, cascade_browser_constants, confounding_browser_constants
from ..pages_systemic import outcome_ids, short_sources
from ._assets import CANVAS_LIB, asset
from ._dashboard import ERROR_TEXT, Dashboard
from ._page import PageController, control_spec, page_esm, widget_ref
from ._traits import Lever, Theme, lever_slider, set_available, unavailable_note
from .plot import PlotlyFigure

if TYPE_CHECKING:
    from ..models.cascade import CascadeModel, CascadeResult

__all__ = ["CascadeExplorer", "CascadePage", "ConfoundingExplorer", "ConfoundingPage", "EvidenceMap", "LpsFlow",
           "cascade_from_data", "flow_course"]


def cascade_from_data(catalogue: gdata.Catalogue | None = None) -> CascadeModel:
    """Chapter 4's model from ``data/`` (:func:`gutwidgets.models.from_data.cascade_from_data`; imported
    when first called: it needs numpy, which the page's kernel does not)."""
    from ..models.from_data import cascade_from_data as build

    return build(catalogue)


#: How long the barrier stays open: (label, hours). The last one lasts the whole three weeks.
DURATIONS: tuple[tuple[str, float], ...] = (
    ("6 hours", 6.0), ("1 day", 24.0), ("3 days", 72.0), ("1 week", 168.0), ("3 weeks (lasting)", 504.0),
)
T_END = 504.0


def _log_times(start: float, stop: float, num: int) -> list[float]:
    """0 (the healthy start), then ``num`` times from ``start`` to ``stop``, evenly spaced on a log scale."""
    step = math.log(stop / start) / (num - 1)
    return [0.0, *(start * math.exp(step * i) for i in range(num - 1)), stop]


#: Report times (h): log-spaced, plus 0 for the healthy start. The page gets them in its inputs.
HOURS: list[float] = _log_times(0.05, T_END, 140)
#: Fewer frames for the animation.
FLOW_FRAMES: list[float] = _log_times(0.05, T_END, 90)
#: The series the flow diagram replays (the page's cascadeFlowCourse keeps the same).
FLOW_KEYS = ("hours", "multiplier", "active", "neutralised", "plasma", "tlr4", "tnf", "il6", "index")
PLOT_HEIGHT, PLOT_HEIGHT_CONFOUNDING = 420, 380
#: Why the duration cannot act, and the live sentence, while the barrier is closed (leak route healthy,
#: nothing eroded): every level then stays at its healthy value.
CLOSED_REASON = ("the barrier is not open (leak route at its healthy level, nothing eroded), so how long it stays"
                 " open changes nothing.")
ILLUSTRATIVE = "Illustrative model: levels are relative to this person's own healthy values, not lab results."
CLOSED_TEXT = ("The barrier is not open (leak route at its healthy level, nothing eroded): LPS enters from the gut"
               " at the healthy rate, so LPS in the blood, TNF-alpha, IL-6 and the slow inflammation index stay at"
               f" their healthy levels. {ILLUSTRATIVE}")


class LpsFlow(anywidget.AnyWidget):
    """Gut lumen -> lining -> portal blood and liver -> blood -> immune cells (schematic, animated).

    ``course`` holds the model's time course (lists keyed like :class:`CascadeResult`); the
    browser replays it in a loop without a kernel round trip. In chapter 4's dashboard the page sets it
    (``CascadeExplorer``'s controller); :meth:`CascadeExplorer.show_in_kernel` sets the kernel's copy.
    """

    ESM_PARTS = (*CANVAS_LIB, "lps_flow.js")

    _esm = t.Unicode(asset(*ESM_PARTS)).tag(sync=True)
    _css = t.Unicode(asset("common.css", "lps_flow.css")).tag(sync=True)

    course = t.Dict(help="time course: hours, multiplier, active, neutralised, tlr4, tnf, il6, index").tag(sync=True)
    opening_hours = t.Float(0.0, min=0.0, help="how long the barrier stays open, h").tag(sync=True)
    leak_level = t.Float(1.0, min=0.0, help="leak route while open, × healthy").tag(sync=True)
    eroded_percent = t.Float(0.0, min=0.0, help="eroded surface while open, %").tag(sync=True)
    liver_share = t.Float(0.8, min=0.0, max=1.0, help="share of gut LPS the liver removes").tag(sync=True)
    description = t.Unicode("", help="text alternative for screen readers").tag(sync=True)
    height = t.Int(340, min=220, max=1200, help="drawing height, px").tag(sync=True)
    theme = Theme().tag(sync=True)


def flow_course(result: CascadeResult, frames: list[float]) -> dict[str, list[float]]:
    """The flow diagram's course: the result at the first report time at or after each frame, 4
    significant figures (the TLR4 signal × its healthy level). The page's twin: cascadeFlowCourse."""
    hours = result.hours.tolist()
    idx = [bisect.bisect_left(hours, f) for f in frames]  # numpy.searchsorted
    out = {k: [float(f"{v:.4g}") for v in (getattr(result, k)[i] for i in idx)] for k in FLOW_KEYS}
    healthy = max(float(result.tlr4[0]), 1e-12)
    out["tlr4"] = [float(f"{result.tlr4[i] / healthy:.4g}") for i in idx]
    return out


def _when(hours: float) -> str:
    if hours < 1:
        return f"{hours * 60:.0f} minutes"
    if hours < 36:
        return f"{hours:.0f} hours" if round(hours) != 1 else "1 hour"
    days = hours / 24
    return f"{days:.0f} days" if round(days) != 1 else "1 day"


def _shown(value: float) -> float:
    """A model value as the sentence rounds it: first to 12 significant figures, so that a value the model
    holds at a rounding boundary (an entry multiplier of exactly 10.5, the blood level settling to it)
    rounds the same whatever its last bits (the page's arithmetic differs from numpy's there)."""
    return float(f"{value:.12g}")


def _rise_time(hours: list[float], values: list[float]) -> float:
    """Hours until a series first covers 95% of its rise from its start to its highest value."""
    start, top = float(values[0]), float(max(values))
    return next(float(h) for h, v in zip(hours, values) if v >= start + 0.95 * (top - start))


def _kept(explorer: CascadeExplorer | ConfoundingExplorer, what: str) -> Any:
    """What the kernel computed for the current levers' sentence (computed now if the levers moved)."""
    text = explorer.sentence
    if explorer._kept is None or explorer._kept[0] != explorer._levers():
        raise RuntimeError(f"no {what} for these levers: {text}")
    return explorer._kept[1]


class CascadePage(PageController):
    """Chapter 4's cascade: its Reset button and live sentence, and its interactive path in the page."""

    _esm = t.Unicode(page_esm(SYSTEMIC_PAGE_PARTS, "cascadePage")).tag(sync=True)


class CascadeExplorer(Dashboard):
    """Open the barrier for a while and follow LPS to the blood, the immune cells and inflammation.

    It computes in the page (``IN_PAGE``): the page reads the two barrier sliders and the duration
    while they move and draws the time course, the flow diagram's course, the sentence and the note on
    the duration itself (``_esm/pages/systemic.js: cascadePage``). ``explorer.model`` and
    ``explorer.sentence`` are built when Python reads them; :meth:`show_in_kernel` draws the kernel's
    copies of the views.
    """

    IN_PAGE = True
    DEFAULTS: ClassVar[dict[str, float]] = {"leak_level": 5.0, "eroded_percent": 0.0, "opening_hours": 24.0}
    UPDATE_ON = ("leak_level", "eroded_percent", "opening_hours", "theme")
    RESET = ("opening_hours",)

    leak_level = Lever(DEFAULTS["leak_level"], CASCADE_LEVERS["leak_level"])
    eroded_percent = Lever(DEFAULTS["eroded_percent"], CASCADE_LEVERS["eroded_percent"])
    opening_hours = t.Float(DEFAULTS["opening_hours"], help="how long the barrier stays open, h (one of DURATIONS)")

    #: The levers and the time course of the last sentence (show_in_kernel draws it).
    _kept: tuple[tuple[float, float, float], CascadeResult] | None = None

    @t.validate("opening_hours")
    def _valid_opening(self, proposal: dict) -> float:
        v = proposal["value"]
        allowed = [h for _, h in DURATIONS]
        if v not in allowed:
            raise t.TraitError(f"opening_hours must be one of {allowed}; got {v!r}")
        return v

    def _setup(self) -> None:
        #: Ranges of the unmeasured numbers that set the cytokine answer (for the live sentence).
        self.uncertain_ranges = {rid: self._catalogue.fact(rid).range for rid in UNCERTAIN_IDS}
        self.flow = LpsFlow(liver_share=self._catalogue.fact("cascade_hepatic_extraction").value)
        self.plot = PlotlyFigure(css_class="gw-cascade-plot")

    def _page_controller(self) -> CascadePage:
        return CascadePage(constants=cascade_browser_constants(self._catalogue),
                           reset_tooltip="Leak route 5 × healthy for one day", layout=w.Layout(width="100%"))

    def _build(self) -> None:
        style = {"description_width": "17em"}
        layout = w.Layout(width="42em", max_width="100%")
        self.leak_slider = lever_slider(
            self, "leak_level", "Leak route while open (× healthy)",
            tooltip="How far the tight junctions' leak route opens (chapter 1's lever).", style=style,
            layout=layout, readout_format=".1f", continuous_update=True)
        self.erosion_slider = lever_slider(
            self, "eroded_percent", "Eroded surface while open (%)",
            tooltip="Share of the lining that is worn away (ulcers, erosions), letting anything through.",
            style=style, layout=layout, readout_format=".2f", continuous_update=True)
        self.duration_slider = w.SelectionSlider(
            options=list(DURATIONS), value=self.opening_hours, description="The barrier stays open for",
            tooltip="After this the lining recovers at once (the model's simplification).", style=style,
            layout=layout, continuous_update=True)
        t.link((self.duration_slider, "value"), (self, "opening_hours"))
        self.note = w.HTML(layout=w.Layout(width="100%"))
        #: lever -> the control the page reads it from
        self.control_widgets = {"leak_level": self.leak_slider, "eroded_percent": self.erosion_slider,
                                "opening_hours": self.duration_slider}
        self.summary.controls = {name: control_spec(c, self, name) for name, c in self.control_widgets.items()}
        self.summary.views = {name: widget_ref(getattr(self, name))
                              for name in ("plot", "flow", "duration_slider", "note")}
        self.summary.inputs = self._page_inputs()
        help_text = w.HTML("<p class='gw-help'>Open the barrier for a while, then let it recover. The diagram "
                           "replays what the model predicts; the plot shows each level against its healthy value. "
                           "<strong>Illustrative model:</strong> most rates in it are assumptions.</p>")
        self.children = [
            w.VBox([help_text, self.leak_slider, self.erosion_slider, self.duration_slider, self.note]),
            self.summary,
            w.HTML("<h4 class='gw-heading'>Where the LPS goes (schematic, not to scale)</h4>"),
            self.flow,
            w.HTML("<h4 class='gw-heading'>Over hours to weeks: each level against its healthy value</h4>"),
            self.plot,
        ]

    def _page_inputs(self) -> dict[str, Any]:
        """What the page's path needs besides the constants: the report times, the flow diagram's frames,
        the plot's height, the duration's label and tooltip, the texts of a closed barrier, the error text."""
        return {"hours": HOURS, "flow_frames": FLOW_FRAMES, "t_end": T_END, "plot_height": PLOT_HEIGHT,
                "duration_label": self.duration_slider.description, "duration_tooltip": self.duration_slider.tooltip,
                "closed_reason": CLOSED_REASON, "closed_text": CLOSED_TEXT, "error_text": ERROR_TEXT}

    def records(self) -> list[str]:
        """The ``data/`` record ids behind every number this dashboard shows."""
        return [*CascadeConstants.FACT_IDS, *BarrierConstants.FACT_IDS]

    # -- what the page draws, as Python has it ---------------------------------------------------
    def _new_model(self) -> CascadeModel:
        return cascade_from_data(self._catalogue)

    def _levers(self) -> tuple[float, float, float]:
        return (self.leak_level, self.eroded_percent, self.opening_hours)

    @property
    def closed(self) -> bool:
        """Whether the barrier levers are at their healthy values (nothing opens, so nothing changes)."""
        return self.leak_level == CASCADE_LEVERS["leak_level"].low and self.eroded_percent == 0

    def run(self) -> CascadeResult:
        """The time course for the current levers."""
        m = self.model.translocation(leak_level=self.leak_level, damaged_fraction=self.eroded_percent / 100)
        steps = [(0.0, m)] if self.opening_hours >= T_END else [(0.0, m), (self.opening_hours, 1.0)]
        return self.model.run(HOURS, steps)

    def _render(self) -> str:
        """Bring the kernel's model to the levers (the page draws); the Python sentence."""
        result = self.run()
        self._kept = (self._levers(), result)
        return self._describe(result)

    def result(self) -> CascadeResult:
        """The time course the page draws for the current levers (kept from the last sentence)."""
        return _kept(self, "time course")

    def show_in_kernel(self) -> None:
        """Draw the time course, the flow diagram's course and the note on the duration from the kernel's
        model (what the page draws), for a notebook that reads them in Python (``explorer.plot.figure``).
        The kernel draws nothing by itself: until this is called, those views' data live in the page only."""
        text = self.sentence
        result = self.result()
        set_available(self.duration_slider, CLOSED_REASON if self.closed else None)
        self.note.value = unavailable_note([self.duration_slider])
        series = {k: getattr(result, k) for k in ("multiplier", "plasma", "tnf", "il6", "index")}
        with self.plot.hold_sync():
            self.plot.figure = cascade_figure(result.hours.tolist(), series, self.opening_hours, self.theme,
                                              height=PLOT_HEIGHT)
            self.plot.description = text
        with self.flow.hold_sync():
            self.flow.course = flow_course(result, FLOW_FRAMES)
            self.flow.opening_hours = self.opening_hours
            self.flow.leak_level = self.leak_level
            self.flow.eroded_percent = self.eroded_percent
            self.flow.description = text

    def _describe(self, r: CascadeResult) -> str:
        if self.closed:
            return CLOSED_TEXT
        entry = float(r.multiplier[1])
        lasting = self.opening_hours >= T_END
        hours = r.hours.tolist()
        pv, iv = r.peak("plasma")[1], r.peak("index")[1]
        parts = [
            f"While the barrier is open, LPS enters from the gut at {_shown(entry):.2g} times the healthy rate"
            + (" for the whole three weeks." if lasting else f" for {_when(self.opening_hours)}."),
            f"LPS in the blood rises to {_shown(pv):.2g} times its healthy level (most of the rise within"
            f" {_when(_rise_time(hours, r.plasma.tolist()))}); TNF-alpha reaches {_shown(r.peak('tnf')[1]):.2g}"
            f" times and IL-6 {_shown(r.peak('il6')[1]):.2g} times healthy.",
            f"The slow inflammation index rises to {_shown(iv):.2g} times healthy",
        ]
        if lasting:
            parts[-1] += (f" (most of the rise within {_when(_rise_time(hours, r.index.tolist()))}) and stays raised"
                          " while the barrier stays open.")
        else:
            ih = r.peak("index")[0]
            back = next((h for h, x in zip(hours, r.index.tolist()) if h > ih and x < 1 + 0.05 * (iv - 1)), None)
            parts[-1] += (f" after {_when(ih)}, then falls back: 95% of the way to healthy after {_when(back)}."
                          if back is not None else " and is still falling at three weeks.")
        if entry > 1.0:
            low, high = self.model.steady_range(self.uncertain_ranges, leak_level=self.leak_level,
                                                damaged_fraction=self.eroded_percent / 100)["il6"]
            parts.append(
                "How much IL-6 a leak gives is not known from any study in people: with the model's"
                f" unmeasured numbers at the ends of their ranges, this opening held steady gives IL-6 from"
                f" {_shown(low):.2f} to {_shown(high):.3g} times healthy. What would change the answer: how a gut"
                " leak compares with the injected dose the scale is calibrated on, and how much LPS crosses outside"
                " the junctions.")
        parts.append(ILLUSTRATIVE)
        return " ".join(parts)

    def assumptions(self) -> list[str]:
        """The model's numbers that are assumptions (basis "assumed" in ``data/``)."""
        return [rid for rid in CascadeConstants.FACT_IDS if self._catalogue.fact(rid).basis == "assumed"]


class EvidenceMap(PlotlyFigure):
    """The conditions linked to gut permeability, placed by the kind and grade of their evidence."""

    def __init__(self, theme: str = "default", catalogue: gdata.Catalogue | None = None, **kwargs: object) -> None:
        super().__init__(css_class="gw-evidence-map", **kwargs)
        self._catalogue = catalogue or gdata.load()
        ids = outcome_ids(self._catalogue)
        outcomes = [self._catalogue.of_kind("outcomes")[i] for i in ids]
        self._outcomes, self._sources = outcomes, short_sources(self._catalogue, ids)
        self.theme = theme
        self._redraw()
        self.observe(self._redraw, names=["theme"])  # projector mode restyles the map
        kinds = {o.condition: o.evidence_kind for o in outcomes}  # type: ignore[attr-defined]
        self.description = ("Evidence map of conditions linked to gut permeability. " + "; ".join(
            f"{c}: {k.replace('-', ' ')}" for c, k in kinds.items()) + ".")

    def _redraw(self, change: dict | None = None) -> None:
        self.figure = outcomes_figure(self._outcomes, self._sources, self.theme)  # type: ignore[arg-type]

    def records(self) -> list[str]:
        """The outcome records shown."""
        return outcome_ids(self._catalogue)


#: The confounding demo's controls in the page address (the cascade's are unprefixed: one page has both).
LINK_PREFIX = "confounding."


class ConfoundingPage(PageController):
    """Chapter 4's hidden-common-cause demo: its Reset button and live sentence, and its path in the page."""

    _esm = t.Unicode(page_esm(SYSTEMIC_PAGE_PARTS, "confoundingPage")).tag(sync=True)


class ConfoundingExplorer(Dashboard):
    """A hidden common cause raises both a permeability marker and a symptom: they go together.

    It computes in the page (``IN_PAGE``): the page draws the same simulated people as Python (the
    generator both share, ``models/_random.py``) and the plot and sentence for the levers
    (``_esm/pages/systemic.js: confoundingPage``); ``explorer.model`` (the population, also
    ``explorer.demo``) and ``explorer.sentence`` are built when Python reads them.
    """

    IN_PAGE = True
    DEFAULTS: ClassVar[dict[str, float | bool]] = {
        "hidden_to_marker": 0.7, "hidden_to_symptom": 0.7, "direct_effect": 0.0, "show_groups": False}
    UPDATE_ON = (*DEFAULTS, "theme")
    RESET = ("show_groups",)
    USES_CATALOGUE = False

    hidden_to_marker = Lever(DEFAULTS["hidden_to_marker"], CONFOUNDING_LEVERS["hidden_to_marker"])
    hidden_to_symptom = Lever(DEFAULTS["hidden_to_symptom"], CONFOUNDING_LEVERS["hidden_to_symptom"])
    direct_effect = Lever(DEFAULTS["direct_effect"], CONFOUNDING_LEVERS["direct_effect"])
    show_groups = t.Bool(DEFAULTS["show_groups"], help="colour people by their level of the hidden factor")

    #: The levers and the people of the last sentence (show_in_kernel draws them).
    _kept: tuple[tuple[float, float, float], ConfoundingSample] | None = None

    def __init__(self, theme: str = "default", **kwargs: object) -> None:
        super().__init__(theme=theme, **kwargs)

    def _setup(self) -> None:
        self.plot = PlotlyFigure(css_class="gw-confounding-plot")

    def _page_controller(self) -> ConfoundingPage:
        return ConfoundingPage(constants=confounding_browser_constants(PEOPLE, SEED), link_prefix=LINK_PREFIX,
                               reset_tooltip="A hidden cause and no direct effect", layout=w.Layout(width="100%"))

    def _build(self) -> None:
        style = {"description_width": "19em"}
        layout = w.Layout(width="42em", max_width="100%")
        specs = [
            ("hidden_to_marker", "Hidden factor → permeability marker",
             "How strongly the hidden factor (say, an illness or a medicine) raises the permeability marker."),
            ("hidden_to_symptom", "Hidden factor → symptom", "How strongly the same hidden factor raises the symptom."),
            ("direct_effect", "Permeability → symptom (a real effect)",
             "A direct effect of permeability on the symptom. Start at 0: no effect at all."),
        ]
        self.sliders = {}
        for name, label, tip in specs:
            self.sliders[name] = lever_slider(self, name, label, tooltip=tip, style=style, layout=layout,
                                              readout_format=".2f", continuous_update=True)
        self.groups_box = w.Checkbox(value=self.show_groups,
                                     description="Colour people by the hidden factor (compare like with like)",
                                     indent=False, layout=w.Layout(width="42em", max_width="100%"))
        t.link((self.groups_box, "value"), (self, "show_groups"))
        #: lever -> the control the page reads it from
        self.control_widgets = {**self.sliders, "show_groups": self.groups_box}
        self.summary.controls = {name: control_spec(c, self, name) for name, c in self.control_widgets.items()}
        self.summary.views = {"plot": widget_ref(self.plot)}
        self.summary.inputs = {"plot_height": PLOT_HEIGHT_CONFOUNDING, "error_text": ERROR_TEXT}
        self.children = [
            w.VBox([w.HTML("<p class='gw-help'>Simulated people, not data. Each dot is one person.</p>"),
                    *self.sliders.values(), self.groups_box]),
            self.summary,
            self.plot,
        ]

    def records(self) -> list[str]:
        """None: the people are simulated, so no number here comes from ``data/``."""
        return []

    def _new_model(self) -> ConfoundingDemo:
        return ConfoundingDemo(PEOPLE, SEED)

    @property
    def demo(self) -> ConfoundingDemo:
        """The simulated population (the kernel's model)."""
        return self.model

    def _levers(self) -> tuple[float, float, float]:
        return (self.hidden_to_marker, self.hidden_to_symptom, self.direct_effect)

    def _render(self) -> str:
        """Bring the kernel's population to the levers (the page draws); the Python sentence."""
        s = self.model.sample(*self._levers())
        self._kept = (self._levers(), s)
        return self._describe(s.r_overall, s.r_adjusted)

    def sample(self) -> ConfoundingSample:
        """The people the page draws for the current levers (kept from the last sentence)."""
        return _kept(self, "population")

    def show_in_kernel(self) -> None:
        """Draw the people from the kernel's model (what the page draws), for a notebook that reads the
        figure in Python (``explorer.plot.figure``)."""
        text = self.sentence
        s = self.sample()
        with self.plot.hold_sync():
            self.plot.figure = confounding_figure(s.marker, s.symptom, s.group, self.show_groups, self.theme,
                                                  height=PLOT_HEIGHT_CONFOUNDING)
            self.plot.description = text

    def _describe(self, r: float, r_adj: float) -> str:
        strength = "no" if abs(r) < 0.1 else "a weak" if abs(r) < 0.3 else "a moderate" if abs(r) < 0.6 else "a strong"
        cause = ("Permeability has no effect on the symptom in this simulation."
                 if self.direct_effect == 0 else
                 f"Permeability does raise the symptom here (effect {self.direct_effect:.2f}).")
        return (f"Across everyone, the marker and the symptom show {strength} correlation (r = {r:.2f}). {cause} "
                f"Once the hidden factor is taken into account, the correlation is r = {r_adj:.2f}.")

