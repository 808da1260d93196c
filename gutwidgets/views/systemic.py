"""Chapter 4's dashboards: from a leaky barrier to low-grade inflammation, and found-together vs caused-by.

- :class:`LpsFlow`: the animated flow diagram (gut -> lining -> liver -> blood -> immune cell ->
  cytokines -> inflammation), replaying the model's time course in the browser;
- :class:`CascadeExplorer`: barrier levers and how long they last, the flow diagram, the time
  course and a live sentence, over one :class:`~gutwidgets.models.cascade.CascadeModel`;
- :class:`EvidenceMap`: each condition placed by the kind and grade of its evidence;
- :class:`ConfoundingExplorer`: a hidden common cause makes a marker and a symptom go together.
"""

from __future__ import annotations

from typing import ClassVar

import anywidget
import ipywidgets as w
import numpy as np
import traitlets as t

from .. import data as gdata
from ..figures.systemic import cascade_figure, confounding_figure, outcomes_figure
from ..models import BarrierConstants
from ..models.cascade import CASCADE_LEVERS, UNCERTAIN_IDS, CascadeConstants, CascadeResult
from ..models.confounding import CONFOUNDING_LEVERS, ConfoundingDemo
from ..models.from_data import cascade_from_data
from ..pages_systemic import outcome_ids, short_sources
from ._assets import CANVAS_LIB, asset
from ._dashboard import Dashboard
from ._traits import Lever, Theme, lever_slider, set_available, unavailable_note
from .plot import PlotlyFigure

__all__ = ["CascadeExplorer", "ConfoundingExplorer", "EvidenceMap", "LpsFlow", "cascade_from_data"]

#: How long the barrier stays open: (label, hours). The last one lasts the whole three weeks.
DURATIONS: tuple[tuple[str, float], ...] = (
    ("6 hours", 6.0), ("1 day", 24.0), ("3 days", 72.0), ("1 week", 168.0), ("3 weeks (lasting)", 504.0),
)
T_END = 504.0
#: Report times: log-spaced, plus 0 for the healthy start.
HOURS = np.unique(np.concatenate([[0.0], np.geomspace(0.05, T_END, 140)]))
#: Fewer frames for the animation.
FLOW_FRAMES = np.unique(np.concatenate([[0.0], np.geomspace(0.05, T_END, 90)]))


class LpsFlow(anywidget.AnyWidget):
    """Gut lumen -> lining -> portal blood and liver -> blood -> immune cells (schematic, animated).

    ``course`` holds the model's time course (lists keyed like :class:`CascadeResult`); the
    browser replays it in a loop without a kernel round trip.
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


def _thin(result: CascadeResult, hours: np.ndarray) -> dict[str, list[float]]:
    idx = np.searchsorted(result.hours, hours)
    keep = ("hours", "multiplier", "active", "neutralised", "plasma", "tlr4", "tnf", "il6", "index")
    out = {k: [float(f"{v:.4g}") for v in np.asarray(getattr(result, k))[idx]] for k in keep}
    out["tlr4"] = [float(f"{v / max(result.tlr4[0], 1e-12):.4g}") for v in result.tlr4[idx]]  # × healthy
    return out


def _when(hours: float) -> str:
    if hours < 1:
        return f"{hours * 60:.0f} minutes"
    if hours < 36:
        return f"{hours:.0f} hours" if round(hours) != 1 else "1 hour"
    days = hours / 24
    return f"{days:.0f} days" if round(days) != 1 else "1 day"


class CascadeExplorer(Dashboard):
    """Open the barrier for a while and follow LPS to the blood, the immune cells and inflammation."""

    DEFAULTS: ClassVar[dict[str, float]] = {"leak_level": 5.0, "eroded_percent": 0.0, "opening_hours": 24.0}
    UPDATE_ON = ("leak_level", "eroded_percent", "opening_hours", "theme")
    RESET = ("opening_hours",)

    leak_level = Lever(DEFAULTS["leak_level"], CASCADE_LEVERS["leak_level"])
    eroded_percent = Lever(DEFAULTS["eroded_percent"], CASCADE_LEVERS["eroded_percent"])
    opening_hours = t.Float(DEFAULTS["opening_hours"], help="how long the barrier stays open, h (one of DURATIONS)")

    @t.validate("opening_hours")
    def _valid_opening(self, proposal: dict) -> float:
        v = proposal["value"]
        allowed = [h for _, h in DURATIONS]
        if v not in allowed:
            raise t.TraitError(f"opening_hours must be one of {allowed}; got {v!r}")
        return v

    def _setup(self) -> None:
        self.model = cascade_from_data(self._catalogue)
        #: Ranges of the unmeasured numbers that set the cytokine answer (for the live sentence).
        self.uncertain_ranges = {rid: self._catalogue.fact(rid).range for rid in UNCERTAIN_IDS}
        self.flow = LpsFlow(liver_share=self.model.constants.cascade_hepatic_extraction)
        self.plot = PlotlyFigure(css_class="gw-cascade-plot")

    def _build(self) -> None:
        style = {"description_width": "17em"}
        layout = w.Layout(width="42em", max_width="100%")
        self.leak_slider = lever_slider(
            self, "leak_level", "Leak route while open (× healthy)",
            tooltip="How far the tight junctions' leak route opens (chapter 1's lever).", style=style,
            layout=layout, readout_format=".1f")
        self.erosion_slider = lever_slider(
            self, "eroded_percent", "Eroded surface while open (%)",
            tooltip="Share of the lining that is worn away (ulcers, erosions), letting anything through.",
            style=style, layout=layout, readout_format=".2f")
        self.duration_slider = w.SelectionSlider(
            options=list(DURATIONS), value=self.opening_hours, description="The barrier stays open for",
            tooltip="After this the lining recovers at once (the model's simplification).", style=style,
            layout=layout, continuous_update=False)
        t.link((self.duration_slider, "value"), (self, "opening_hours"))
        self.note = w.HTML(layout=w.Layout(width="100%"))
        self.reset_button = w.Button(description="Reset", icon="undo", tooltip="Leak route 5 × healthy for one day")
        self.reset_button.on_click(lambda _b: self.reset())
        help_text = w.HTML("<p class='gw-help'>Open the barrier for a while, then let it recover. The diagram "
                           "replays what the model predicts; the plot shows each level against its healthy value. "
                           "<strong>Illustrative model:</strong> most rates in it are assumptions.</p>")
        self.children = [
            w.VBox([help_text, self.leak_slider, self.erosion_slider, self.duration_slider, self.reset_button,
                    self.note]),
            self.summary,
            w.HTML("<h4 class='gw-heading'>Where the LPS goes (schematic, not to scale)</h4>"),
            self.flow,
            w.HTML("<h4 class='gw-heading'>Over hours to weeks: each level against its healthy value</h4>"),
            self.plot,
        ]

    def records(self) -> list[str]:
        """The ``data/`` record ids behind every number this dashboard shows."""
        return [*CascadeConstants.FACT_IDS, *BarrierConstants.FACT_IDS]

    def run(self) -> CascadeResult:
        """The time course for the current levers."""
        m = self.model.translocation(leak_level=self.leak_level, damaged_fraction=self.eroded_percent / 100)
        steps = [(0.0, m)] if self.opening_hours >= T_END else [(0.0, m), (self.opening_hours, 1.0)]
        return self.model.run(HOURS, steps)

    def _render(self) -> str:
        closed = self.leak_level == CASCADE_LEVERS["leak_level"].low and self.eroded_percent == 0
        set_available(self.duration_slider, "the barrier is not open (leak route at its healthy level, nothing"
                      " eroded), so how long it stays open changes nothing." if closed else None)
        self.note.value = unavailable_note([self.duration_slider])
        result = self.run()
        text = self._describe(result)
        series = {k: getattr(result, k) for k in ("multiplier", "plasma", "tnf", "il6", "index")}
        with self.plot.hold_sync():
            self.plot.figure = cascade_figure(result.hours.tolist(), series, self.opening_hours, self.theme)
            self.plot.description = text
        with self.flow.hold_sync():
            self.flow.course = _thin(result, FLOW_FRAMES)
            self.flow.opening_hours = self.opening_hours
            self.flow.leak_level = self.leak_level
            self.flow.eroded_percent = self.eroded_percent
            self.flow.description = text
        return text

    def _describe(self, r: CascadeResult) -> str:
        entry = float(r.multiplier[1])
        lasting = self.opening_hours >= T_END
        pv, iv = r.peak("plasma")[1], r.peak("index")[1]
        parts = [
            f"While the barrier is open, LPS enters from the gut at {entry:.2g} times the healthy rate"
            + (" for the whole three weeks." if lasting else f" for {_when(self.opening_hours)}."),
            f"LPS in the blood rises to {pv:.2g} times its healthy level (most of the rise within"
            f" {_when(_rise_time(r.hours, r.plasma))}); TNF-alpha reaches {r.peak('tnf')[1]:.2g} times and IL-6"
            f" {r.peak('il6')[1]:.2g} times healthy.",
            f"The slow inflammation index rises to {iv:.2g} times healthy",
        ]
        if lasting:
            parts[-1] += (f" (most of the rise within {_when(_rise_time(r.hours, r.index))}) and stays raised"
                          " while the barrier stays open.")
        else:
            ih = r.peak("index")[0]
            back = np.nonzero((r.hours > ih) & (r.index < 1 + 0.05 * (iv - 1)))[0]
            parts[-1] += (f" after {_when(ih)}, then falls back: 95% of the way to healthy after"
                          f" {_when(float(r.hours[back[0]]))}." if back.size
                          else " and is still falling at three weeks.")
        if entry > 1.0:
            low, high = self.model.steady_range(self.uncertain_ranges, leak_level=self.leak_level,
                                                damaged_fraction=self.eroded_percent / 100)["il6"]
            parts.append(
                "How much IL-6 a leak gives is not known from any study in people: with the model's"
                f" unmeasured numbers at the ends of their ranges, this opening held steady gives IL-6 from"
                f" {low:.2f} to {high:.3g} times healthy. What would change the answer: how a gut leak compares"
                " with the injected dose the scale is calibrated on, and how much LPS crosses outside the"
                " junctions.")
        parts.append("Illustrative model: levels are relative to this person's own healthy values, not lab results.")
        return " ".join(parts)

    def assumptions(self) -> list[str]:
        """The model's numbers that are assumptions (basis "assumed" in ``data/``)."""
        return [rid for rid in CascadeConstants.FACT_IDS if self._catalogue.fact(rid).basis == "assumed"]


def _rise_time(hours: np.ndarray, values: np.ndarray) -> float:
    """Hours until a series first covers 95% of its rise from its start to its highest value."""
    start, top = float(values[0]), float(np.max(values))
    i = int(np.argmax(values >= start + 0.95 * (top - start)))
    return float(hours[i])


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


class ConfoundingExplorer(Dashboard):
    """A hidden common cause raises both a permeability marker and a symptom: they go together."""

    DEFAULTS: ClassVar[dict[str, float | bool]] = {
        "hidden_to_marker": 0.7, "hidden_to_symptom": 0.7, "direct_effect": 0.0, "show_groups": False}
    UPDATE_ON = (*DEFAULTS, "theme")
    RESET = ("show_groups",)
    USES_CATALOGUE = False

    hidden_to_marker = Lever(DEFAULTS["hidden_to_marker"], CONFOUNDING_LEVERS["hidden_to_marker"])
    hidden_to_symptom = Lever(DEFAULTS["hidden_to_symptom"], CONFOUNDING_LEVERS["hidden_to_symptom"])
    direct_effect = Lever(DEFAULTS["direct_effect"], CONFOUNDING_LEVERS["direct_effect"])
    show_groups = t.Bool(DEFAULTS["show_groups"], help="colour people by their level of the hidden factor")

    def __init__(self, theme: str = "default", **kwargs: object) -> None:
        super().__init__(theme=theme, **kwargs)

    def _setup(self) -> None:
        self.demo = ConfoundingDemo()
        self.plot = PlotlyFigure(css_class="gw-confounding-plot")

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
                                              readout_format=".2f")
        self.groups_box = w.Checkbox(description="Colour people by the hidden factor (compare like with like)",
                                     indent=False, layout=w.Layout(width="42em", max_width="100%"))
        t.link((self.groups_box, "value"), (self, "show_groups"))
        self.reset_button = w.Button(description="Reset", icon="undo", tooltip="A hidden cause and no direct effect")
        self.reset_button.on_click(lambda _b: self.reset())
        self.children = [
            w.VBox([w.HTML("<p class='gw-help'>Simulated people, not data. Each dot is one person.</p>"),
                    *self.sliders.values(), self.groups_box, self.reset_button]),
            self.summary,
            self.plot,
        ]

    def records(self) -> list[str]:
        """None: the people are simulated, so no number here comes from ``data/``."""
        return []

    def _render(self) -> str:
        s = self.demo.sample(self.hidden_to_marker, self.hidden_to_symptom, self.direct_effect)
        text = self._describe(s.r_overall, s.r_adjusted)
        with self.plot.hold_sync():
            self.plot.figure = confounding_figure(s.marker.tolist(), s.symptom.tolist(), s.group.tolist(),
                                                  self.show_groups, self.theme)
            self.plot.description = text
        return text

    def _describe(self, r: float, r_adj: float) -> str:
        strength = "no" if abs(r) < 0.1 else "a weak" if abs(r) < 0.3 else "a moderate" if abs(r) < 0.6 else "a strong"
        cause = ("Permeability has no effect on the symptom in this simulation."
                 if self.direct_effect == 0 else
                 f"Permeability does raise the symptom here (effect {self.direct_effect:.2f}).")
        return (f"Across everyone, the marker and the symptom show {strength} correlation (r = {r:.2f}). {cause} "
                f"Once the hidden factor is taken into account, the correlation is r = {r_adj:.2f}.")
