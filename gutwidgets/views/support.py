"""Chapter 5's dashboards: supporting the barrier, with what the evidence really shows.

- :class:`FibreExplorer`: fibre intake -> colonic SCFA and butyrate -> the cell-culture bell curve,
  and what chapter 3's fibre-shortfall cause makes of the same intake.
- :class:`ScenarioPlanner`: start from a cause scenario, add strategies from a day on, and see the
  sugar-test ratio (with its band) and the routes, with and without them. Strategies without a
  mechanism and a human barrier study change nothing, and say why.
- :class:`EvidenceLadder`: every strategy placed by the kind and size of its evidence, drawn in the
  browser; pointing at one shows its evidence and links to its sources with no kernel round trip.
"""

from __future__ import annotations

import html

import anywidget
import ipywidgets as w
import numpy as np
import traitlets as t

from .. import data as gdata
from ..figures.support import fibre_figure, plan_figure
from ..models import BarrierConstants
from ..models.causes import Exposure
from ..models.from_data import (
    IQR_RECORD,
    TEER_RECORD,
    cause_model_from_data,
    fibre_model_from_data,
    strategy_model_from_data,
)
from ..models.support import SUPPORT_LEVERS, FibreConstants, Use
from ..pages import _short, grade_badge, source_links
from ._assets import asset
from ._dashboard import Dashboard
from ._traits import Lever, Theme, lever_slider, set_available, unavailable_note
from .causes import SPECIES_WORDS
from .plot import PlotlyFigure

__all__ = ["EvidenceLadder", "FibreExplorer", "ScenarioPlanner", "fibre_model_from_data", "strategy_model_from_data"]

#: The fibre slider's top, g/day (the lever table's).
FIBRE_SLIDER_MAX = SUPPORT_LEVERS["fibre"].high
#: Cause scenarios to start from: label -> cause id -> intensity (None: the typical fibre shortfall).
SCENARIOS: dict[str, dict[str, float | None]] = {
    "NSAID painkillers every day": {"nsaid": 150.0},
    "Heavy drinking": {"alcohol": 8.0},
    "Low-fibre diet (typical intake)": {"low_fibre": None},
    "All three together": {"nsaid": 150.0, "alcohol": 8.0, "low_fibre": None},
    "No cause (healthy)": {},
}
#: The strategy that uses the planner's fibre slider.
FIBRE_STRATEGY = "more_fibre"
#: The planner's time axis: last day and number of points.
PLAN_DAYS = (120.0, 241)


def _strategy_card(cat: gdata.Catalogue, s: gdata.Strategy, status: str | None = None) -> str:
    """An evidence card: grade, kind and size of evidence, finding, what the model does, sources."""
    species = SPECIES_WORDS.get(s.species, s.species)
    model = status or ("modelled" if s.modelled else f"not modelled: {s.not_modelled_because}")
    model = "Modelled: it acts on a cause from chapter 3." if model == "modelled" else model[0].upper() + model[1:]
    return (f"<div class='gw-card' role='region' aria-label='Evidence for {html.escape(s.label)}'>"
            f"<p><b>{html.escape(s.label)}</b> {grade_badge(s.grade)} <span class='gw-species'>"
            f"{html.escape(species)}</span></p><p>{html.escape(s.evidence)}</p>"
            f"<p><i>What was found:</i> {html.escape(s.finding)}</p><p>{html.escape(s.note)}</p>"
            f"<p><i>In the model:</i> {html.escape(model)}</p>"
            f"<p class='gw-sources'>Sources: {source_links(cat, s.sources)}</p></div>")


class FibreExplorer(Dashboard):
    """Move fibre intake; follow it to butyrate in the colon and to the cell-culture bell curve."""

    UPDATE_ON = ("fibre", "theme")

    fibre = Lever(18.0, SUPPORT_LEVERS["fibre"])

    def _setup(self) -> None:
        self.model = fibre_model_from_data(self._catalogue)
        self.causes = cause_model_from_data(self._catalogue)
        c = self.model.constants
        grid = np.linspace(0.0, FIBRE_SLIDER_MAX, 61)
        curve = self.model.chain(grid)
        self._curve = {"fibre": grid, "butyrate": curve.butyrate, "butyrate_low": curve.butyrate_low,
                       "butyrate_high": curve.butyrate_high}
        dish = np.linspace(0.0, 10.0, 81)
        self._bell = {"dish": dish, "effect": self.model.junction_effect(dish)}
        self._measured = [(c.butyrate_optimum, 1.0), (c.butyrate_harmful, -c.butyrate_harm_size)]
        self._marks = [("Typical intake", c.fibre_typical_intake), ("Recommended", c.fibre_recommended)]
        self.plot = PlotlyFigure(css_class="gw-fibre-plot")

    def _data_defaults(self) -> dict[str, float]:
        """The typical intake, from ``data/``."""
        return {"fibre": self.model.constants.fibre_typical_intake}

    def _build(self) -> None:
        cat, c = self._catalogue, self.model.constants
        self.slider = lever_slider(self, "fibre", "Fibre eaten (g/day)", readout_format=".0f",
                                   style={"description_width": "12em"}, layout=w.Layout(width="34em"),
                                   tooltip="Grams of fibre a day, from whole foods")
        self.typical_button = w.Button(description="Typical intake", tooltip="The UK average")
        self.typical_button.on_click(lambda _b: setattr(self, "fibre", c.fibre_typical_intake))
        self.recommended_button = w.Button(description="Recommended", tooltip="The UK recommendation for adults")
        self.recommended_button.on_click(lambda _b: setattr(self, "fibre", c.fibre_recommended))
        self.reset_button = w.Button(description="Reset", icon="undo", tooltip="Back to the typical intake")
        self.reset_button.on_click(lambda _b: self.reset())
        self.note = w.HTML(layout=w.Layout(width="100%"))
        strategy = cat.of_kind("strategies")["more_fibre"]
        assert isinstance(strategy, gdata.Strategy)
        self.card = w.HTML(_strategy_card(cat, strategy), layout=w.Layout(width="100%"))
        self.children = [
            w.HTML("<h4 class='gw-heading'>From fibre to butyrate to the junctions</h4>"),
            w.HBox([self.slider, self.typical_button, self.recommended_button, self.reset_button]),
            self.note, self.summary, self.plot, self.card,
        ]

    def records(self) -> list[str]:
        """The ``data/`` record ids behind every number this dashboard shows."""
        low_fibre = self._catalogue.causes["low_fibre"]
        return [*FibreConstants.FACT_IDS, "more_fibre", "low_fibre", *low_fibre.fact_ids(),
                *BarrierConstants.FACT_IDS]

    def _render(self) -> str:
        c = self.model.constants
        for button, value, what in ((self.typical_button, c.fibre_typical_intake, "the typical intake"),
                                    (self.recommended_button, c.fibre_recommended, "the recommended intake")):
            set_available(button, f"the slider is already at {what} ({value:g} g/day)."
                          if self.fibre == value else None)
        self.note.value = unavailable_note([self.typical_button, self.recommended_button])
        ch = self.model.chain([self.fibre])
        point = {k: float(getattr(ch, k)[0]) for k in
                 ("fibre", "butyrate", "dish", "dish_low", "dish_high", "effect", "effect_low", "effect_high")}
        text = self._describe(point, float(ch.butyrate_low[0]), float(ch.butyrate_high[0]))
        with self.plot.hold_sync():
            self.plot.figure = fibre_figure(self._curve, point, self._bell, self._measured, self._marks,
                                            self.theme, fibre_max=FIBRE_SLIDER_MAX)
            self.plot.description = text
        return text

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
        fold = self.causes.steady([Exposure("low_fibre", short)]).peak_fold()
        return (f"Chapter 3's model counts a shortfall of {short:g} g/day, raising the sugar-test ratio "
                f"{fold:.2f} times in the long run: an illustration, as the size comes from mice.")


class ScenarioPlanner(Dashboard):
    """Start from a cause scenario, add strategies from a chosen day, and compare."""

    UPDATE_ON = ("scenario", "chosen", "start_day", "fibre_after", "theme")
    RESET = ("scenario", "chosen")

    scenario = t.Enum(list(SCENARIOS), "NSAID painkillers every day", help="the cause scenario to start from")
    chosen = t.List(t.Unicode(), help="the strategies switched on (strategy ids)")
    start_day = Lever(30.0, SUPPORT_LEVERS["start_day"])
    fibre_after = Lever(30.0, SUPPORT_LEVERS["fibre_after"])

    @t.validate("chosen")
    def _valid_chosen(self, proposal: dict) -> list:
        value = list(dict.fromkeys(proposal["value"]))
        for sid in value:
            if sid not in self._strategies:
                raise t.TraitError(f"unknown strategy {sid!r}; allowed: {', '.join(self._strategies)}")
        return value

    def _setup(self) -> None:
        self._strategies: dict[str, gdata.Strategy] = dict(self._catalogue.of_kind("strategies"))  # type: ignore[arg-type]
        self.model = strategy_model_from_data(self._catalogue)
        self.fibre = fibre_model_from_data(self._catalogue)
        self._focus = "stop_nsaids"
        self._syncing = False
        self.plot = PlotlyFigure(css_class="gw-plan-plot")

    def _data_defaults(self) -> dict[str, float]:
        """The recommended fibre intake, from ``data/``."""
        return {"fibre_after": self.fibre.constants.fibre_recommended}

    def _build(self) -> None:
        self.scenario_pick = w.Dropdown(options=list(SCENARIOS), value="NSAID painkillers every day",
                                        description="Start from", style={"description_width": "8em"},
                                        layout=w.Layout(width="30em"))
        t.link((self.scenario_pick, "value"), (self, "scenario"))
        self.switches = {}
        for sid, s in self._strategies.items():
            box = w.Checkbox(value=False, description=s.label, indent=False, layout=w.Layout(width="30em"))
            box.observe(lambda ch, sid=sid: self._from_switches(sid), names="value")
            self.switches[sid] = box
        rows = [w.HBox([box, w.HTML(f"<span class='gw-cause-badge'>{grade_badge(s.grade)}"
                                    + ("" if s.modelled else " <span class='gw-species'>not modelled</span>")
                                    + "</span>")], layout=w.Layout(align_items="center"))
                for box, s in zip(self.switches.values(), self._strategies.values())]
        self.start_slider = lever_slider(self, "start_day", "Strategies start on day", readout_format=".0f",
                                         style={"description_width": "12em"}, layout=w.Layout(width="30em"),
                                         tooltip="The causes act from day 0; strategies from this day on")
        self.fibre_slider = lever_slider(self, "fibre_after", "Fibre after (g/day)", readout_format=".0f",
                                         style={"description_width": "12em"}, layout=w.Layout(width="30em"),
                                         tooltip="Used by 'Eat more fibre'")
        self.note = w.HTML(layout=w.Layout(width="100%"))
        self.reset_button = w.Button(description="Reset", icon="undo",
                                     tooltip="NSAID scenario, no strategies, day 30, recommended fibre")
        self.reset_button.on_click(lambda _b: self.reset())
        self.status = w.HTML(layout=w.Layout(width="100%"))
        self.card = w.HTML(layout=w.Layout(width="100%"))
        self.children = [
            w.HTML("<h4 class='gw-heading'>1. Choose the causes</h4>"),
            w.HBox([self.scenario_pick, self.reset_button]),
            w.HTML("<h4 class='gw-heading'>2. Add strategies</h4>"),
            w.VBox(rows),
            w.HBox([self.start_slider, self.fibre_slider]),
            self.note, self.summary, self.status,
            w.HTML("<h4 class='gw-heading'>3. What the model predicts</h4>"),
            self.plot, self.card,
        ]

    # -- state --------------------------------------------------------------------------------
    def records(self) -> list[str]:
        """The ``data/`` record ids behind every number this dashboard shows."""
        ids = [*self._strategies, IQR_RECORD, TEER_RECORD, *BarrierConstants.FACT_IDS,
               *FibreConstants.FACT_IDS]
        for s in self._strategies.values():
            ids += s.fact_ids() + list(s.acts_on)
        for cid in ("nsaid", "alcohol", "low_fibre"):
            ids += self._catalogue.causes[cid].fact_ids()
        return list(dict.fromkeys(ids))

    def exposures(self) -> list[Exposure]:
        short = self.fibre.shortfall(self.fibre.constants.fibre_typical_intake)
        return [Exposure(cid, short if v is None else v) for cid, v in SCENARIOS[self.scenario].items()]

    def uses(self) -> list[Use]:
        level = self.fibre.shortfall(self.fibre_after)
        return [Use(sid, self.start_day, level if self._strategies[sid].action == "set_intensity" else None)
                for sid in self.chosen]

    def _from_switches(self, sid: str) -> None:
        if self._syncing:
            return
        self._focus = sid
        self.chosen = [k for k, box in self.switches.items() if box.value]

    def choose(self, *sids: str) -> None:
        """Switch these strategies on (in addition to those already on)."""
        if sids:
            self._focus = sids[-1]
        self.chosen = [*self.chosen, *sids]

    def reset(self) -> None:
        """The NSAID scenario, no strategies, from day 30, the recommended fibre intake."""
        super().reset()
        self._focus = "stop_nsaids"
        self._update()

    # -- drawing ------------------------------------------------------------------------------
    def _render(self) -> str:
        self._syncing = True
        try:
            for sid, box in self.switches.items():
                box.value = sid in self.chosen
        finally:
            self._syncing = False
        plan = self.model.plan(self.exposures(), self.uses(), np.linspace(0.0, *PLAN_DAYS))
        self._explain_sliders(plan)
        text = self._describe(plan)
        fig = plan_figure(plan.days, {"with": plan.with_.lm_ratio, "without": plan.without.lm_ratio},
                          {"with": plan.with_.leak_level, "without": plan.without.leak_level},
                          {"with": plan.with_.damaged_fraction * 100,
                           "without": plan.without.damaged_fraction * 100},
                          (plan.band_low, plan.band_high), self.start_day if self.chosen else PLAN_DAYS[0],
                          self.model.causes.healthy_lm_ratio,
                          self.theme)
        with self.plot.hold_sync():
            self.plot.figure = fig
            self.plot.description = text
        self.status.value = self._status_html(plan.status)
        self.card.value = _strategy_card(self._catalogue, self._strategies[self._focus],
                                         plan.status.get(self._focus))
        return text

    def _explain_sliders(self, plan) -> None:
        """The start day acts only through a strategy that acts here; the fibre only through 'Eat more fibre'."""
        effective = plan.effective()
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
        set_available(self.start_slider, why_start)
        set_available(self.fibre_slider, why_fibre)
        self.note.value = unavailable_note([self.start_slider, self.fibre_slider])

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

    def _describe(self, plan) -> str:
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
