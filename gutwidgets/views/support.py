"""Chapter 5's dashboards: supporting the barrier, with what the evidence really shows.

- :class:`FibreExplorer`: fibre intake -> colonic SCFA and butyrate -> the cell-culture bell curve,
  and what chapter 3's fibre-shortfall cause makes of the same intake.
- :class:`ScenarioPlanner`: start from a cause scenario, add strategies from a day on, and see the
  sugar-test ratio (with its band) and the routes, with and without them. Strategies without a
  mechanism and a human barrier study change nothing, and say why.
- :class:`EvidenceLadder`: every strategy placed by the kind and size of its evidence, drawn in the
  browser; pointing at one shows its evidence and links to its sources with no kernel round trip.

The first two compute in the page (``IN_PAGE``, like chapter 3): their controllers (:class:`FibrePage`,
:class:`PlannerPage`) run the browser models (``_esm/models/support.js``: the fibre chain, and the
strategies on chapter 3's cause model) on the constants from ``data/``
(:func:`~gutwidgets.models.support_constants.support_browser_constants`) while the controls move, and
draw the figures, the live sentence, the strategies' status, the evidence card and the notes on
controls that cannot act (``_esm/figures/support.js``, ``_esm/pages/support.js``). The fibre
dashboard's "Typical intake" and "Recommended" are the page's own buttons. The kernel's traits follow
the controls; ``explorer.model`` and ``explorer.sentence`` are built when Python reads them, and
``show_in_kernel()`` draws the kernel's copies of the views. No module on this path imports numpy
until then (``gutwidgets/_np.py``).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import anywidget
import ipywidgets as w
import traitlets as t

from .. import data as gdata
from ..figures.support import fibre_figure, plan_figure
from ..models import BarrierConstants
from ..models.causes import TEER_RECORD, Exposure
from ..models.sugar_test_constants import IQR_RECORD
from ..models.support import SUPPORT_LEVERS, FibreConstants, FibreModel, Use
from ..models.support_constants import SUPPORT_PARTS, fibre_constants_from_data, support_browser_constants
from ..pages import _short, grade_badge, source_links
from ._assets import asset
from ._dashboard import ERROR_TEXT, Dashboard
from ._page import PageController, control_spec, page_esm, widget_ref
from ._traits import Lever, Theme, lever_slider, set_available, unavailable_html, unavailable_note
from .causes import SPECIES_WORDS
from .plot import PlotlyFigure

if TYPE_CHECKING:
    import numpy as np

    from ..models.causes import CauseModel
    from ..models.support import Plan, StrategyModel
else:
    from .._np import np

__all__ = ["EvidenceLadder", "FibreExplorer", "FibrePage", "PlannerPage", "ScenarioPlanner", "fibre_model_from_data",
           "strategy_model_from_data"]


def fibre_model_from_data(catalogue: gdata.Catalogue | None = None) -> FibreModel:
    """Chapter 5's fibre model from ``data/`` (the constants of
    :func:`~gutwidgets.models.support_constants.fibre_constants_from_data`, as
    :func:`gutwidgets.models.from_data.fibre_model_from_data` builds it)."""
    return FibreModel(fibre_constants_from_data(catalogue))


def strategy_model_from_data(catalogue: gdata.Catalogue | None = None) -> StrategyModel:
    """Chapter 5's strategy model from ``data/`` (:func:`gutwidgets.models.from_data.strategy_model_from_data`;
    imported when first called: it needs numpy, which the page's kernel does not)."""
    from ..models.from_data import strategy_model_from_data as build

    return build(catalogue)


def _cause_model_from_data(catalogue: gdata.Catalogue) -> CauseModel:
    from ..models.from_data import cause_model_from_data

    return cause_model_from_data(catalogue)


#: The fibre slider's top, g/day (the lever table's).
FIBRE_SLIDER_MAX = SUPPORT_LEVERS["fibre"].high
#: The fibre figure: points of its intake curve (0 to FIBRE_SLIDER_MAX), the dish's scale (0 to
#: DISH_MAX mM) and its points, and its height.
FIBRE_POINTS, DISH_MAX, DISH_POINTS, FIBRE_HEIGHT = 61, 10.0, 81, 560
#: The intakes marked on the fibre figure: label and the ``data/`` record.
MARKS = (("Typical intake", "fibre_typical_intake"), ("Recommended", "fibre_recommended"))
#: The fibre dashboard's own buttons (the page's, ``_esm/pages/support.js``): name, label, icon, tooltip,
#: the ``data/`` record of the intake each sets, and the words of why it may not act.
SHORTCUTS = (
    {"name": "typical", "label": "Typical intake", "icon": "user", "title": "The UK average",
     "record": "fibre_typical_intake", "what": "the typical intake"},
    {"name": "recommended", "label": "Recommended", "icon": "check", "title": "The UK recommendation for adults",
     "record": "fibre_recommended", "what": "the recommended intake"},
)
#: The cause of chapter 3 that a fibre intake sets (its intensity is the shortfall).
FIBRE_CAUSE = "low_fibre"
#: Cause scenarios to start from: label -> cause id -> intensity (None: the typical fibre shortfall).
SCENARIOS: dict[str, dict[str, float | None]] = {
    "NSAID painkillers every day": {"nsaid": 150.0},
    "Heavy drinking": {"alcohol": 8.0},
    "Low-fibre diet (typical intake)": {FIBRE_CAUSE: None},
    "All three together": {"nsaid": 150.0, "alcohol": 8.0, FIBRE_CAUSE: None},
    "No cause (healthy)": {},
}
#: Each scenario's name in the page address and in the page's levers (``planner.scenario=low_fibre``).
SCENARIO_IDS: dict[str, str] = {"NSAID painkillers every day": "nsaid", "Heavy drinking": "alcohol",
                                "Low-fibre diet (typical intake)": "low_fibre", "All three together": "all_three",
                                "No cause (healthy)": "none"}
SCENARIO_LABELS = {sid: label for label, sid in SCENARIO_IDS.items()}
#: The strategy that uses the planner's fibre slider.
FIBRE_STRATEGY = "more_fibre"
#: The strategy whose card the planner shows first.
FIRST_CARD = "stop_nsaids"
#: The planner's controls in the page address (the fibre explorer's are unprefixed: one page has both).
LINK_PREFIX = "planner."
#: The planner's time axis: last day and number of points; and its figure's height.
PLAN_DAYS = (120.0, 241)
PLAN_HEIGHT = 640


def _card_parts(cat: gdata.Catalogue, s: gdata.Strategy) -> tuple[str, str]:
    """An evidence card around its words on what the model does: (before them, after them)."""
    species = SPECIES_WORDS.get(s.species, s.species)
    return (f"<div class='gw-card' role='region' aria-label='Evidence for {html.escape(s.label)}'>"
            f"<p><b>{html.escape(s.label)}</b> {grade_badge(s.grade)} <span class='gw-species'>"
            f"{html.escape(species)}</span></p><p>{html.escape(s.evidence)}</p>"
            f"<p><i>What was found:</i> {html.escape(s.finding)}</p><p>{html.escape(s.note)}</p>"
            "<p><i>In the model:</i> ",
            f"</p><p class='gw-sources'>Sources: {source_links(cat, s.sources)}</p></div>")


def _model_words(s: gdata.Strategy, status: str | None) -> str:
    """What the model does with a strategy (its status in the scenario, if it is chosen)."""
    words = status or ("modelled" if s.modelled else f"not modelled: {s.not_modelled_because}")
    return "Modelled: it acts on a cause from chapter 3." if words == "modelled" else words[0].upper() + words[1:]


def _strategy_card(cat: gdata.Catalogue, s: gdata.Strategy, status: str | None = None) -> str:
    """An evidence card: grade, kind and size of evidence, finding, what the model does, sources."""
    before, after = _card_parts(cat, s)
    return before + html.escape(_model_words(s, status)) + after


def _slider_spec(owner: Dashboard, name: str, slider: w.Widget, default: float) -> dict[str, Any]:
    """How the page reads a lever's slider, with Reset's value from ``data/`` (the dashboard's ``_data_defaults``)."""
    spec = control_spec(slider, owner, name)
    spec["default"] = float(default) * spec["scale"]
    return spec


#: Both controllers' front end: the models, the figures, the page skeleton and the chapter's page part
#: (one part, two computes: ``fibrePage`` and ``plannerPage``).
SUPPORT_PAGE_PARTS = (*SUPPORT_PARTS, "figures/common.js", "figures/support.js", "lib/dom.js", "lib/page.js",
                      "pages/support.js")


class FibrePage(PageController):
    """Chapter 5's fibre dashboard: Reset, "Typical intake" and "Recommended", the live sentence, and its
    interactive path in the page."""

    _esm = t.Unicode(page_esm(SUPPORT_PAGE_PARTS, "fibrePage", "FIBRE_PAGE")).tag(sync=True)


class PlannerPage(PageController):
    """Chapter 5's scenario planner: Reset and the live sentence, and its interactive path in the page."""

    _esm = t.Unicode(page_esm(SUPPORT_PAGE_PARTS, "plannerPage", "PLANNER_PAGE")).tag(sync=True)


class FibreExplorer(Dashboard):
    """Move fibre intake; follow it to butyrate in the colon and to the cell-culture bell curve.

    It computes in the page (``IN_PAGE``): the page reads the slider while it moves and draws the
    figure, the sentence and the note itself; "Typical intake" and "Recommended" are the page's own
    buttons (:meth:`shortcut` is their Python twin). ``explorer.model`` (the
    :class:`~gutwidgets.models.support.FibreModel`) and ``explorer.sentence`` are built when Python
    reads them; :meth:`show_in_kernel` draws the kernel's copies of the figure and the note.
    """

    IN_PAGE = True
    UPDATE_ON = ("fibre", "theme")

    fibre = Lever(18.0, SUPPORT_LEVERS["fibre"])

    def _setup(self) -> None:
        self._constants = fibre_constants_from_data(self._catalogue)
        self._causes_model: CauseModel | None = None
        self.plot = PlotlyFigure(css_class="gw-fibre-plot")

    def _page_controller(self) -> FibrePage:
        return FibrePage(constants=support_browser_constants(self._catalogue),
                         reset_tooltip="Back to the typical intake", layout=w.Layout(width="100%"))

    def _data_defaults(self) -> dict[str, float]:
        """The typical intake, from ``data/``."""
        return {"fibre": self._constants.fibre_typical_intake}

    def _build(self) -> None:
        cat = self._catalogue
        self.slider = lever_slider(self, "fibre", "Fibre eaten (g/day)", readout_format=".0f", continuous_update=True,
                                   style={"description_width": "12em"}, layout=w.Layout(width="34em"),
                                   tooltip="Grams of fibre a day, from whole foods")
        self.note = w.HTML(layout=w.Layout(width="100%"))
        strategy = cat.of_kind("strategies")[FIBRE_STRATEGY]
        assert isinstance(strategy, gdata.Strategy)
        self.card = w.HTML(_strategy_card(cat, strategy), layout=w.Layout(width="100%"))
        #: lever -> the control the page reads it from
        self.control_widgets = {"fibre": self.slider}
        spec = _slider_spec(self, "fibre", self.slider, self._constants.fibre_typical_intake)
        # The page's own buttons set the slider to these (shown) values: lib/page.js hands onButton the
        # controls and their specs, not the constants.
        spec["presets"] = {b["name"]: getattr(self._constants, b["record"]) * spec["scale"] for b in SHORTCUTS}
        self.summary.controls = {"fibre": spec}
        self.summary.views = {"plot": widget_ref(self.plot), "note": widget_ref(self.note)}
        self.summary.inputs = self._page_inputs()
        self.children = [
            w.HTML("<h4 class='gw-heading'>From fibre to butyrate to the junctions</h4>"),
            w.HBox([self.slider]),
            self.note, self.summary, self.plot, self.card,
        ]

    def _page_inputs(self) -> dict[str, Any]:
        """What the page's path needs besides the constants: the figure's grids and marks, the buttons,
        the chapter 3 cause a fibre intake sets, and the error text."""
        return {"fibre_max": FIBRE_SLIDER_MAX, "fibre_points": FIBRE_POINTS, "dish_max": DISH_MAX,
                "dish_points": DISH_POINTS, "height": FIBRE_HEIGHT, "marks": [list(m) for m in MARKS],
                "buttons": [dict(b) for b in SHORTCUTS], "fibre_cause": FIBRE_CAUSE, "error_text": ERROR_TEXT}

    def records(self) -> list[str]:
        """The ``data/`` record ids behind every number this dashboard shows."""
        low_fibre = self._catalogue.causes[FIBRE_CAUSE]
        return [*FibreConstants.FACT_IDS, FIBRE_STRATEGY, FIBRE_CAUSE, *low_fibre.fact_ids(),
                *BarrierConstants.FACT_IDS]

    def shortcut(self, name: str) -> None:
        """What the page's button ``name`` ('typical' or 'recommended') does: the intake to its record's value."""
        records = {b["name"]: b["record"] for b in SHORTCUTS}
        if name not in records:
            raise ValueError(f"unknown shortcut {name!r}; allowed: {', '.join(records)}")
        self.fibre = getattr(self._constants, records[name])

    def button_reasons(self) -> dict[str, str | None]:
        """Why each of the page's buttons cannot act now (None: it can): the page's ``fibreButtonReasons``."""
        return {b["name"]: (f"the slider is already at {b['what']} ({getattr(self._constants, b['record']):g} g/day)."
                            if self.fibre == getattr(self._constants, b["record"]) else None) for b in SHORTCUTS}

    # -- what the page draws, as Python has it ---------------------------------------------------
    def _new_model(self) -> FibreModel:
        return FibreModel(self._constants)

    @property
    def causes(self) -> CauseModel:
        """Chapter 3's cause model (for the fibre shortfall's effect), built on first use."""
        if self._causes_model is None:
            self._causes_model = _cause_model_from_data(self._catalogue)
        return self._causes_model

    def _point(self) -> tuple[dict[str, float], float, float]:
        ch = self.model.chain([self.fibre])
        point = {k: float(getattr(ch, k)[0]) for k in
                 ("fibre", "butyrate", "dish", "dish_low", "dish_high", "effect", "effect_low", "effect_high")}
        return point, float(ch.butyrate_low[0]), float(ch.butyrate_high[0])

    def _render(self) -> str:
        """Bring the kernel's model to the lever (the page draws); the Python sentence."""
        return self._describe(*self._point())

    def show_in_kernel(self) -> None:
        """Draw the figure and the note from the kernel's model (what the page draws), for a notebook that
        reads them in Python (``explorer.plot.figure``)."""
        m, c = self.model, self._constants
        grid = np.linspace(0.0, FIBRE_SLIDER_MAX, FIBRE_POINTS)
        curve = m.chain(grid)
        dish = np.linspace(0.0, DISH_MAX, DISH_POINTS)
        point, _, _ = self._point()
        text = self.sentence
        with self.plot.hold_sync():
            self.plot.figure = fibre_figure(
                {"fibre": grid, "butyrate": curve.butyrate, "butyrate_low": curve.butyrate_low,
                 "butyrate_high": curve.butyrate_high}, point, {"dish": dish, "effect": m.junction_effect(dish)},
                [(c.butyrate_optimum, 1.0), (c.butyrate_harmful, -c.butyrate_harm_size)],
                [(label, getattr(c, record)) for label, record in MARKS], self.theme, height=FIBRE_HEIGHT,
                fibre_max=FIBRE_SLIDER_MAX)
            self.plot.description = text
        self._show_note()

    def _show_note(self) -> None:
        """The kernel's note on the page's buttons that cannot act (what the page draws)."""
        reasons = self.button_reasons()
        self.note.value = unavailable_html([(b["label"], reasons[b["name"]]) for b in SHORTCUTS])

    def _describe(self, p: dict[str, float], low: float, high: float) -> str:
        c = self.model.constants
        if p["fibre"] == 0:
            return ("With no fibre, gut bacteria make almost no butyrate from the diet in this model, so the cells get "
                    "none of its support. " + self._chapter3_words())
        lines = [f"At {p['fibre']:g} g of fibre a day, the model puts butyrate in the colon at about "
                 f"{p['butyrate']:.2g} mM (range {low:.2g} to {high:.2g}; approximate published values)."]
        if p["fibre"] > c.fibre_recommended:
            lines.append("Above the recommended intake it rises only slowly: the colon's lining absorbs short-chain "
                         "fatty acids as they are made, so the model lets them level off (an assumed curve).")
        best = self.model.best_dose
        where = "rising side" if p["dish"] < 0.9 * best else "top" if p["dish"] <= 1.3 * best else "falling side"
        lines.append(f"The cells see far less: mapped onto the dish's scale that is about {p['dish']:.2g} mM, on the "
                     f"{where} of the cell-culture curve.")
        if where == "falling side" or p["dish_high"] > 1.3 * best:
            part = "This intake sits" if where == "falling side" else "The top of its range reaches"
            lines.append(f"{part} past the best dose, where the curve falls because butyrate harmed cells in a dish at "
                         "high doses; no study shows that a high-fibre diet loosens the human gut barrier.")
        lines.append(self._chapter3_words())
        return " ".join(lines)

    def _chapter3_words(self) -> str:
        short = self.model.shortfall(self.fibre)
        if short == 0:
            return "Chapter 3's model counts no fibre shortfall at this intake."
        fold = self.causes.steady([Exposure(FIBRE_CAUSE, short)]).peak_fold()
        return (f"Chapter 3's model counts a shortfall of {short:g} g/day, raising the sugar-test ratio "
                f"{fold:.2f} times in the long run: an illustration, as the size comes from mice.")


class ScenarioPlanner(Dashboard):
    """Start from a cause scenario, add strategies from a chosen day, and compare.

    It computes in the page (``IN_PAGE``): the page reads the scenario, the strategy switches, the
    start day and the fibre intake while they move and draws the plan, the sentence, the strategies'
    status, the evidence card (of the strategy last ticked: ``focus``, which lives in the controller's
    ``state``) and the notes on sliders that cannot act, greying them out itself. ``explorer.model``
    (the :class:`~gutwidgets.models.support.StrategyModel`) and ``explorer.sentence`` are built when
    Python reads them; :meth:`show_in_kernel` draws the kernel's copies of the views.
    """

    IN_PAGE = True
    UPDATE_ON = ("scenario", "chosen", "start_day", "fibre_after", "focus", "theme")
    RESET = ("scenario", "chosen", "focus")

    scenario = t.Enum(list(SCENARIOS), "NSAID painkillers every day", help="the cause scenario to start from")
    chosen = t.List(t.Unicode(), help="the strategies switched on (strategy ids, in the catalogue's order)")
    start_day = Lever(30.0, SUPPORT_LEVERS["start_day"])
    fibre_after = Lever(30.0, SUPPORT_LEVERS["fibre_after"])
    focus = t.Unicode(FIRST_CARD, help="the strategy whose evidence card is shown")

    @t.validate("chosen")
    def _valid_chosen(self, proposal: dict) -> list:
        value = list(dict.fromkeys(proposal["value"]))
        for sid in value:
            if sid not in self._strategies:
                raise t.TraitError(f"unknown strategy {sid!r}; allowed: {', '.join(self._strategies)}")
        return [sid for sid in self._strategies if sid in value]  # the catalogue's order, as the page has it

    @t.validate("focus")
    def _valid_focus(self, proposal: dict) -> str:
        if proposal["value"] not in self._strategies:
            raise t.TraitError(f"focus must be one of {', '.join(self._strategies)}; got {proposal['value']!r}")
        return proposal["value"]

    def _setup(self) -> None:
        self._strategies: dict[str, gdata.Strategy] = dict(self._catalogue.of_kind("strategies"))  # type: ignore[arg-type]
        self.fibre = FibreModel(fibre_constants_from_data(self._catalogue))
        self._syncing = False
        self.plot = PlotlyFigure(css_class="gw-plan-plot")

    def _page_controller(self) -> PlannerPage:
        return PlannerPage(constants=support_browser_constants(self._catalogue), state={"focus": self.focus},
                           reset_tooltip="NSAID scenario, no strategies, day 30, recommended fibre",
                           link_prefix=LINK_PREFIX, layout=w.Layout(width="100%"))

    def _data_defaults(self) -> dict[str, float]:
        """The recommended fibre intake, from ``data/``."""
        return {"fibre_after": self.fibre.constants.fibre_recommended}

    def _build(self) -> None:
        self.scenario_pick = w.Dropdown(options=[(label, SCENARIO_IDS[label]) for label in SCENARIOS],
                                        value=SCENARIO_IDS[self.scenario], description="Start from",
                                        style={"description_width": "8em"}, layout=w.Layout(width="30em"))
        t.link((self.scenario_pick, "value"), (self, "scenario"),
               transform=(SCENARIO_LABELS.__getitem__, SCENARIO_IDS.__getitem__))
        self.switches = {}
        for sid, s in self._strategies.items():
            box = w.Checkbox(value=sid in self.chosen, description=s.label, indent=False,
                             layout=w.Layout(width="30em"))
            box.observe(lambda ch: self._from_switches(), names="value")
            self.switches[sid] = box
        rows = [w.HBox([box, w.HTML(f"<span class='gw-cause-badge'>{grade_badge(s.grade)}"
                                    + ("" if s.modelled else " <span class='gw-species'>not modelled</span>")
                                    + "</span>")], layout=w.Layout(align_items="center"))
                for box, s in zip(self.switches.values(), self._strategies.values())]
        self.start_slider = lever_slider(self, "start_day", "Strategies start on day", readout_format=".0f",
                                         continuous_update=True, style={"description_width": "12em"},
                                         layout=w.Layout(width="30em"),
                                         tooltip="The causes act from day 0; strategies from this day on")
        self.fibre_slider = lever_slider(self, "fibre_after", "Fibre after (g/day)", readout_format=".0f",
                                         continuous_update=True, style={"description_width": "12em"},
                                         layout=w.Layout(width="30em"), tooltip="Used by 'Eat more fibre'")
        self.note = w.HTML(layout=w.Layout(width="100%"))
        self.status = w.HTML(layout=w.Layout(width="100%"))
        self.card = w.HTML(layout=w.Layout(width="100%"))
        #: lever -> the control the page reads it from: the scenario, each strategy's switch, the sliders
        self.control_widgets = {"scenario": self.scenario_pick, **self.switches, "start_day": self.start_slider,
                                "fibre_after": self.fibre_slider}
        self.summary.controls = {
            "scenario": {**control_spec(self.scenario_pick),
                         "default": list(SCENARIOS).index(self.traits()["scenario"].default())},
            **{sid: {**control_spec(box), "default": False} for sid, box in self.switches.items()},
            "start_day": control_spec(self.start_slider, self, "start_day"),
            "fibre_after": _slider_spec(self, "fibre_after", self.fibre_slider, self._data_defaults()["fibre_after"]),
        }
        self.summary.views = {name: widget_ref(getattr(self, name))
                              for name in ("plot", "status", "card", "note", "start_slider", "fibre_slider")}
        self.summary.inputs = self._page_inputs()
        self.summary.observe(self._from_page_state, names="state")
        self.children = [
            w.HTML("<h4 class='gw-heading'>1. Choose the causes</h4>"),
            self.scenario_pick,
            w.HTML("<h4 class='gw-heading'>2. Add strategies</h4>"),
            w.VBox(rows),
            w.HBox([self.start_slider, self.fibre_slider]),
            self.note, self.summary, self.status,
            w.HTML("<h4 class='gw-heading'>3. What the model predicts</h4>"),
            self.plot, self.card,
        ]

    def _page_inputs(self) -> dict[str, Any]:
        """What the page's path needs besides the constants: the scenarios, the time axis, the evidence
        cards (around the words on what the model does), the sliders' labels and usual tooltips, the
        strategy that uses the fibre slider, and the error text."""
        cat = self._catalogue
        return {
            "scenarios": {SCENARIO_IDS[label]: {"label": label, "causes": dict(v)} for label, v in SCENARIOS.items()},
            "fibre_cause": FIBRE_CAUSE,
            "fibre_strategy": FIBRE_STRATEGY,
            "plan_days": list(PLAN_DAYS),
            "height": PLAN_HEIGHT,
            "cards": {sid: list(_card_parts(cat, s)) for sid, s in self._strategies.items()},
            "default_focus": self.traits()["focus"].default(),
            "sliders": {name: {"label": s.description, "tooltip": s.tooltip}
                        for name, s in (("start_slider", self.start_slider), ("fibre_slider", self.fibre_slider))},
            "error_text": ERROR_TEXT,
        }

    # -- state --------------------------------------------------------------------------------
    def records(self) -> list[str]:
        """The ``data/`` record ids behind every number this dashboard shows."""
        ids = [*self._strategies, IQR_RECORD, TEER_RECORD, *BarrierConstants.FACT_IDS,
               *FibreConstants.FACT_IDS]
        for s in self._strategies.values():
            ids += s.fact_ids() + list(s.acts_on)
        for cid in ("nsaid", "alcohol", FIBRE_CAUSE):
            ids += self._catalogue.causes[cid].fact_ids()
        return list(dict.fromkeys(ids))

    def exposures(self) -> list[Exposure]:
        short = self.fibre.shortfall(self.fibre.constants.fibre_typical_intake)
        return [Exposure(cid, short if v is None else v) for cid, v in SCENARIOS[self.scenario].items()]

    def uses(self) -> list[Use]:
        level = self.fibre.shortfall(self.fibre_after)
        return [Use(sid, self.start_day, level if self._strategies[sid].action == "set_intensity" else None)
                for sid in self.chosen]

    def _from_switches(self) -> None:
        """A switch moved: the strategies chosen follow. (The card follows the page: the page shows the
        strategy last ticked, ``plannerOnControl``, and tells the kernel through its state.)"""
        if self._syncing:
            return
        self.chosen = [k for k, box in self.switches.items() if box.value]

    def _from_page_state(self, change: dict) -> None:
        """The page showed another card (or Python did)."""
        focus = (change["new"] or {}).get("focus")
        if focus in self._strategies and focus != self.focus:
            self.focus = focus

    def choose(self, *sids: str) -> None:
        """Switch these strategies on (in addition to those already on); the last one's card is shown."""
        with self.hold_trait_notifications():
            self.chosen = [*self.chosen, *sids]
            if sids:
                self.focus = sids[-1]

    def set_page_levers(self, levers: dict[str, Any]) -> None:
        """The levers a page drew (``scenario`` by its id in :data:`SCENARIO_IDS`, each strategy's switch by
        its id, ``start_day``, ``fibre_after``) as this dashboard's state."""
        with self.hold_trait_notifications():
            self.scenario = SCENARIO_LABELS[levers["scenario"]]
            self.chosen = [sid for sid in self._strategies if levers.get(sid)]
            self.start_day = levers["start_day"]
            self.fibre_after = levers["fibre_after"]

    def _sync_page(self) -> None:
        """The switches follow ``chosen`` (Python may set it); the page is told the card to show."""
        self._syncing = True
        try:
            for sid, box in self.switches.items():
                box.value = sid in self.chosen
        finally:
            self._syncing = False
        if self.summary.state.get("focus") != self.focus:
            self.summary.state = {**self.summary.state, "focus": self.focus}

    # -- what the page draws, as Python has it ---------------------------------------------------
    def _new_model(self) -> StrategyModel:
        return strategy_model_from_data(self._catalogue)

    def _plan(self) -> Plan:
        return self.model.plan(self.exposures(), self.uses(), np.linspace(0.0, *PLAN_DAYS))

    def _render(self) -> str:
        """Bring the kernel's model to the levers (the page draws); the Python sentence."""
        return self._describe(self._plan())

    def show_in_kernel(self) -> None:
        """Draw the plan, the status, the card, the note and the sliders' availability from the kernel's
        model (what the page draws), for a notebook that reads them in Python (``planner.plot.figure``)."""
        plan = self._plan()
        text = self.sentence
        fig = plan_figure(plan.days, {"with": plan.with_.lm_ratio, "without": plan.without.lm_ratio},
                          {"with": plan.with_.leak_level, "without": plan.without.leak_level},
                          {"with": plan.with_.damaged_fraction * 100,
                           "without": plan.without.damaged_fraction * 100},
                          (plan.band_low, plan.band_high), self.start_day if self.chosen else PLAN_DAYS[0],
                          self.model.causes.healthy_lm_ratio, self.theme, height=PLAN_HEIGHT)
        with self.plot.hold_sync():
            self.plot.figure = fig
            self.plot.description = text
        self._show_words(plan)

    def _show_words(self, plan: Plan) -> None:
        """The kernel's status list, card, note and sliders' availability for this plan (what the page draws)."""
        self.status.value = self._status_html(plan.status)
        self.card.value = _strategy_card(self._catalogue, self._strategies[self.focus], plan.status.get(self.focus))
        why_start, why_fibre = self._slider_reasons(plan.effective())
        set_available(self.start_slider, why_start)
        set_available(self.fibre_slider, why_fibre)
        self.note.value = unavailable_note([self.start_slider, self.fibre_slider])

    def _slider_reasons(self, effective: list[str]) -> tuple[str | None, str | None]:
        """Why the start day (acts only through a strategy that acts here) and the fibre slider (only
        through 'Eat more fibre') cannot act now; None where they can."""
        if not self.chosen:
            why_start = "no strategy is chosen yet; tick one above."
        elif not effective:
            why_start = "none of the chosen strategies acts in this scenario (see why below)."
        else:
            why_start = None
        fibre_label = self._strategies[FIBRE_STRATEGY].label
        if FIBRE_STRATEGY not in self.chosen:
            why_fibre = f"it is used only by '{fibre_label}'; tick it above."
        elif FIBRE_STRATEGY not in effective:
            why_fibre = f"'{fibre_label}' does not act in this scenario (see why below)."
        else:
            why_fibre = None
        return why_start, why_fibre

    def _fibre_words(self) -> str:
        """What the chosen fibre intake does in the model (said whenever 'Eat more fibre' acts)."""
        f = self.fibre.constants
        typical, recommended = f.fibre_typical_intake, f.fibre_recommended
        after = self.fibre_after
        if after <= typical:
            return (f"Eating {after:g} g of fibre a day is no more than the typical intake ({typical:g} g/day), "
                    "so it cuts no shortfall.")
        if after >= recommended:
            extra = "" if after == recommended else "; eating more than that changes nothing further in this model"
            return (f"Eating {after:g} g of fibre a day meets the recommendation ({recommended:g} g/day): the model "
                    f"counts no shortfall{extra}.")
        return (f"Eating {after:g} g of fibre a day leaves a shortfall of {self.fibre.shortfall(after):g} g/day "
                f"(recommended: {recommended:g} g/day).")

    def _describe(self, plan: Plan) -> str:
        healthy = self.model.causes.healthy_lm_ratio
        end = len(plan.days) - 1
        if not SCENARIOS[self.scenario]:
            return ("No cause is acting, so the sugar-test ratio stays at its healthy value of "
                    f"{healthy:.2g}; no strategy can improve on a healthy barrier in this model.")
        day = round(self.start_day)
        before = float(plan.without.lm_ratio[end])
        after = float(plan.with_.lm_ratio[end])
        lines = [f"{self.scenario}: the sugar-test ratio settles near {before:.2g} ({before / healthy:.1f} times "
                 f"healthy) with no strategy."]
        effective = plan.effective()
        if not self.chosen:
            lines.append("Add a strategy to see what the model predicts.")
        elif not effective:
            lines.append("None of the chosen strategies changes the model's prediction (see why below).")
        else:
            names = ", ".join(self._strategies[s].label for s in effective)
            back = plan.with_.back_to_normal() if after < before and before > 1.2 * healthy else None
            lines.append(f"With {names} from day {day}, it is {after:.2g} by day {PLAN_DAYS[0]:g} "
                         f"({after / healthy:.1f} times healthy; likely range {plan.band_low[end]:.2g} to "
                         f"{plan.band_high[end]:.2g})" + (f", back within a tenth of healthy by day {back:.0f}."
                                                          if back is not None else "."))
        if FIBRE_STRATEGY in effective:
            lines.append(self._fibre_words())
        return " ".join(lines)

    def _status_html(self, status: dict[str, str]) -> str:
        if not status:
            return "<p class='gw-hint'>No strategy chosen yet.</p>"
        items = "".join(
            f"<li data-strategy='{html.escape(sid)}'><b>{html.escape(self._strategies[sid].label)}</b>: "
            + html.escape("acts in the model." if s == "modelled" else s[0].upper() + s[1:])
            + "</li>" for sid, s in status.items())
        return f"<ul class='gw-strategy-status'>{items}</ul>"


class EvidenceLadder(anywidget.AnyWidget):
    """Every strategy on a ladder of evidence kinds; hover or focus shows its evidence and sources."""

    _esm = t.Unicode(asset("lib/dom.js", "evidence_ladder.js")).tag(sync=True)  # page-element helpers first
    _css = t.Unicode(asset("common.css", "evidence_ladder.css")).tag(sync=True)

    rungs = t.List(t.Dict(), help="the ladder's rungs, strongest first: id and label").tag(sync=True)
    rows = t.List(t.Dict(),
                  help="one dict per strategy: id, label, rung, grade, people, evidence, sources, ...").tag(sync=True)
    description = t.Unicode("", help="text alternative for screen readers").tag(sync=True)
    theme = Theme().tag(sync=True)

    def __init__(self, theme: str = "default", catalogue: gdata.Catalogue | None = None, **kwargs: object) -> None:
        cat = catalogue or gdata.load()
        self._ids = list(cat.of_kind("strategies"))
        rows = []
        for sid, s in cat.of_kind("strategies").items():
            assert isinstance(s, gdata.Strategy)
            rows.append({
                "id": sid, "label": s.label, "rung": s.rung, "grade": s.grade,
                "grade_label": gdata.GRADE_LABELS[s.grade], "species": SPECIES_WORDS.get(s.species, s.species),
                "people": s.people, "evidence": s.evidence, "finding": s.finding, "modelled": s.modelled,
                "reason": s.not_modelled_because or "",
                "sources": [{"text": _short(cat.sources[x].citation), "title": cat.sources[x].citation,
                             "href": cat.sources[x].link} for x in s.sources],
            })
        rungs = [{"id": k, "label": v} for k, v in gdata.RUNGS.items()]
        order = list(gdata.RUNGS)
        rows.sort(key=lambda r: (order.index(r["rung"]), gdata.GRADES.index(r["grade"]), -(r["people"] or 0)))
        text = "Evidence ladder: " + "; ".join(
            f"{r['label']} ({gdata.RUNGS[r['rung']].lower()}, {r['grade_label'].lower()})" for r in rows)
        super().__init__(rungs=rungs, rows=rows, description=text, theme=theme, **kwargs)

    def records(self) -> list[str]:
        return list(self._ids)
