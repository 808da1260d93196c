"""Chapter 3's dashboard: causes of increased permeability, their mechanisms, time course and evidence.

:class:`CauseChain` draws each cause's chain (cause -> signal -> change at the junction ->
route) in the browser and lights the active ones; :class:`CauseExplorer` puts a switch and an
intensity slider per cause beside it, a time course (days) of the sugar-test ratio and TEER
from :class:`~gutwidgets.models.causes.CauseModel`, an evidence card for the cause last
touched, and a side-by-side comparison with a pinned scenario.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import anywidget
import ipywidgets as w
import traitlets as t

from .. import data as gdata
from ..figures.causes import cause_course_figure
from ..models import BarrierConstants
from ..models.causes import TEER_RECORD, Exposure
from ..models.constants import CAUSE_PARTS, cause_browser_constants
from ..pages import grade_badge, source_links
from ._assets import asset
from ._dashboard import ERROR_TEXT, Dashboard
from ._page import PageController, control_spec, page_esm, widget_ref
from ._traits import Theme, set_available, unavailable_html, unavailable_reason
from .plot import PlotlyFigure

if TYPE_CHECKING:
    import numpy as np

    from ..models.causes import CauseModel, Course
else:
    from .._np import np

__all__ = ["CauseChain", "CauseExplorer", "CausePage", "cause_model_from_data"]


def cause_model_from_data(catalogue: gdata.Catalogue | None = None) -> CauseModel:
    """Chapter 3's model from ``data/`` (:func:`gutwidgets.models.from_data.cause_model_from_data`;
    imported when first called: it needs numpy, which the page's kernel does not)."""
    from ..models.from_data import cause_model_from_data as build

    return build(catalogue)

#: How long the causes act, in days (the choices of the exposure slider).
DURATIONS = (0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 7.0, 14.0, 21.0, 28.0, 42.0, 60.0)
#: The time axis: label -> (last day shown, number of points).
SPANS = {"First 3 days": (3.0, 289), "90 days": (90.0, 361)}
SPECIES_WORDS = {"human": "human studies", "animal": "animal studies", "cell culture": "cell studies"}
#: The page's own buttons (views/_esm/pages/causes.js): name, label, icon, tooltip, and why each may not act.
PIN = {"name": "pin", "label": "Pin for comparison", "icon": "thumb-tack",
       "title": "Keep this scenario as a dashed line and in the table"}
UNPIN = {"name": "unpin", "label": "Clear pin", "icon": "times", "title": "Remove the pinned scenario"}
BUTTON_REASONS = {"pin": "this scenario is already pinned; change it first.",
                  "unpin": "nothing is pinned; press 'Pin for comparison' first."}
COURSE_HEIGHT = 520
NO_CAUSE_TEXT = ("No cause is switched on: the lining is healthy, the sugar-test ratio is at its healthy value "
                 "and resistance is normal. Switch a cause on, or move its intensity, to see what it does.")
NO_PIN_HTML = ("<p class='gw-hint'>Pin a scenario to compare it side by side with another "
               "(for example a short NSAID course against a heavy-drinking week).</p>")


def _duration_label(days: float) -> str:
    return f"{days * 24:g} h" if days < 1 else f"{days:g} day" + ("" if days == 1 else "s")


class CauseChain(anywidget.AnyWidget):
    """Each cause's mechanism chain, drawn in the browser; active causes light their chain."""

    _esm = t.Unicode(asset("lib/dom.js", "cause_chain.js")).tag(sync=True)  # page-element helpers first
    _css = t.Unicode(asset("common.css", "cause_chain.css")).tag(sync=True)

    rows = t.List(t.Dict(), help="one dict per cause: id, label, mediator, junction, route, grade, ...").tag(sync=True)
    active = t.Dict(help="cause id -> strength (0 = off, 1 = the published reference)").tag(sync=True)
    description = t.Unicode("", help="text alternative for screen readers").tag(sync=True)
    theme = Theme().tag(sync=True)

    @classmethod
    def from_catalogue(cls, catalogue: gdata.Catalogue, **kwargs: object) -> CauseChain:
        rows = [{
            "id": cid, "label": c.label, "mediator": c.mediator, "junction": c.junction_change,
            "route": c.route if c.modelled else None, "grade": c.grade,
            "grade_label": gdata.GRADE_LABELS[c.grade], "species": c.species, "modelled": c.modelled,
            "evidence": c.evidence, "reason": c.not_modelled_because or "",
        } for cid, c in catalogue.causes.items()]
        return cls(rows=rows, **kwargs)


class _CauseControl(w.HBox):
    """A switch, an intensity slider and an evidence badge for one cause.

    The slider's range is the cause record's (0 to ``intensity_max``). Moving it switches the cause
    on; a cause whose size is not modelled has its slider greyed out, saying why.
    """

    def __init__(self, cause: gdata.Cause) -> None:
        self.cause = cause
        unit = "" if cause.intensity_unit.startswith("x ") else f" ({cause.intensity_unit})"
        self.switch = w.Checkbox(value=False, description=cause.label, indent=False,
                                 layout=w.Layout(width="19em"))
        self.intensity = w.FloatSlider(
            value=cause.intensity_reference, min=0.0, max=cause.intensity_max, step=cause.intensity_step,
            continuous_update=True, description=f"{cause.intensity_label}{unit}",
            tooltip=f"Reference ({cause.intensity_reference:g}): the intensity behind the published size. "
                    "Moving it switches the cause on.",
            style={"description_width": "13em"}, layout=w.Layout(width="27em"), readout_format=".3g",
        )
        if not cause.modelled:
            set_available(self.intensity, f"{cause.label} has no modelled size, so its intensity changes nothing; "
                                          "its switch shows its chain.")
        species = SPECIES_WORDS.get(cause.species, cause.species)
        extra = "" if cause.modelled else " · size not modelled"
        self.badge = w.HTML(f"<span class='gw-cause-badge'>{grade_badge(cause.grade)} "
                            f"<span class='gw-species'>{html.escape(species)}{extra}</span></span>")
        super().__init__([self.switch, self.intensity, self.badge], layout=w.Layout(align_items="center"))
        self.add_class("gw-cause-control")


class CausePage(PageController):
    """Chapter 3's Reset, Pin and Clear-pin buttons and live sentence, and its interactive path in the page."""

    _esm = t.Unicode(page_esm((*CAUSE_PARTS, "figures/common.js", "figures/causes.js", "lib/dom.js",
                               "lib/page.js", "pages/causes.js"), "causesPage", "CAUSES_PAGE")).tag(sync=True)


class CauseExplorer(Dashboard):
    """Switch causes on, set their intensity and duration, and watch the barrier over days.

    It computes in the page (``IN_PAGE``): the page reads the switches, intensities, duration and time
    axis while they move and draws the course, the chain, the card and the table itself
    (``_esm/pages/causes.js``); Pin and Clear pin are the page's own buttons, and what is pinned and
    which card is shown live in the controller's ``state``. The kernel's traits follow the controls;
    ``explorer.model`` and ``explorer.sentence`` are built when Python reads them, and
    :meth:`show_in_kernel` draws the kernel's copies of the views.
    """

    IN_PAGE = True
    UPDATE_ON = ("active", "duration", "span", "theme", "focus")
    RESET = ("active", "duration", "span", "focus")

    active = t.Dict(help="cause id -> intensity, for the causes switched on")
    duration = t.Float(5.0, help="days the causes act (one of DURATIONS)")
    span = t.Enum(list(SPANS), "90 days", help="time axis shown")
    focus = t.Unicode("nsaid", help="the cause whose evidence card is shown")

    @t.validate("active")
    def _valid_active(self, proposal: dict) -> dict:
        value = dict(proposal["value"])
        for cid, intensity in value.items():
            if cid not in self._causes:
                raise t.TraitError(f"unknown cause {cid!r}; allowed: {', '.join(self._causes)}")
            top = self._causes[cid].intensity_max
            if isinstance(intensity, bool) or not isinstance(intensity, (int, float)) or not (0 <= intensity <= top):
                raise t.TraitError(f"{cid} intensity must be from 0 to {top:g}; got {intensity!r}")
        return {cid: value[cid] for cid in self._causes if cid in value}  # the catalogue's order, as the page has it

    @t.validate("duration")
    def _valid_duration(self, proposal: dict) -> float:
        v = proposal["value"]
        if v not in DURATIONS:
            raise t.TraitError(f"duration must be one of {', '.join(f'{d:g}' for d in DURATIONS)} (days); got {v!r}")
        return v

    @t.validate("focus")
    def _valid_focus(self, proposal: dict) -> str:
        if proposal["value"] not in self._causes:
            raise t.TraitError(f"focus must be one of {', '.join(self._causes)}; got {proposal['value']!r}")
        return proposal["value"]

    def _setup(self) -> None:
        self._causes = dict(self._catalogue.causes)
        self._healthy_teer = self._catalogue.fact(TEER_RECORD).value
        self._syncing = False
        self.chain = CauseChain.from_catalogue(self._catalogue)
        self.course_plot = PlotlyFigure(css_class="gw-cause-course")

    def _page_controller(self) -> CausePage:
        return CausePage(constants=cause_browser_constants(self._catalogue), state=self._page_state(None),
                         reset_tooltip="No causes; 5 days; 90-day view; no pin", layout=w.Layout(width="100%"))

    def _build(self) -> None:
        self.controls = {cid: _CauseControl(c) for cid, c in self._causes.items()}
        for cid, ctl in self.controls.items():
            ctl.switch.observe(lambda ch, cid=cid: self._from_controls(cid), names="value")
            ctl.intensity.observe(lambda ch, cid=cid: self._from_intensity(cid), names="value")
        self.duration_slider = w.SelectionSlider(
            options=[(_duration_label(d), d) for d in DURATIONS], value=self.duration, continuous_update=True,
            description="Causes act for", style={"description_width": "16em"}, layout=w.Layout(width="30em"),
            tooltip="From day 0; then they stop and the lining recovers.",
        )
        # (the controls start at the traits' values: t.link copies a control's value onto its trait)
        self.span_pick = w.ToggleButtons(options=list(SPANS), value=self.span, description="Show",
                                         tooltip="Hours-long effects (stress) need the short view.")
        t.link((self.duration_slider, "value"), (self, "duration"))
        t.link((self.span_pick, "value"), (self, "span"))
        self.card = w.HTML(layout=w.Layout(width="100%"))
        self.comparison = w.HTML(layout=w.Layout(width="100%"))
        self.note = w.HTML(layout=w.Layout(width="100%"))
        #: lever -> the control the page reads it from: each cause's intensity, then its switch (Reset sets
        #: them in this order), the duration and the time axis
        self.control_widgets = {**{cid: c.intensity for cid, c in self.controls.items()},
                                **{f"{cid}_on": c.switch for cid, c in self.controls.items()},
                                "duration": self.duration_slider, "span": self.span_pick}
        self.summary.controls = {name: self._control_spec(name, c) for name, c in self.control_widgets.items()}
        self.summary.views = {name: widget_ref(getattr(self, name))
                              for name in ("course_plot", "chain", "card", "comparison", "note")}
        self.summary.inputs = self._page_inputs()
        self.summary.observe(self._from_page_state, names="state")
        self.children = [
            w.HTML("<h4 class='gw-heading'>Causes: switch on, set how strong</h4>"),
            w.HTML("<p class='gw-help'>Tick a cause, or move its intensity: that switches it on too.</p>"),
            w.VBox(list(self.controls.values())),
            w.HBox([self.duration_slider, self.span_pick]),
            self.note,
            self.summary,
            w.HTML("<h4 class='gw-heading'>From cause to route</h4>"),
            self.chain,
            self.card,
            w.HTML("<h4 class='gw-heading'>What the model predicts, day by day</h4>"),
            self.course_plot,
            self.comparison,
        ]

    def _control_spec(self, name: str, control: w.Widget) -> dict[str, Any]:
        spec = control_spec(control)
        if name in self._causes:
            spec["default"] = float(self._causes[name].intensity_reference)
        elif name.endswith("_on"):
            spec["default"] = False
        else:
            trait = self.traits()[name]
            spec["default"] = spec["choices"].index(trait.default())
        return spec

    def _page_inputs(self) -> dict[str, Any]:
        """What the page's path needs besides the constants: each cause's unit and species, the
        evidence cards, the time axes, the texts, the page's buttons and the controls that cannot act."""
        return {
            "causes": {cid: {"unit": self._unit(c), "species": c.species} for cid, c in self._causes.items()},
            "cards": {cid: self._card_html(cid) for cid in self._causes},
            "default_focus": self.traits()["focus"].default(),
            "spans": {k: list(v) for k, v in SPANS.items()},
            "course_height": COURSE_HEIGHT,
            "no_cause_text": NO_CAUSE_TEXT,
            "no_pin_html": NO_PIN_HTML,
            "buttons": [PIN, UNPIN],
            "reasons": BUTTON_REASONS,
            "unavailable": self._unavailable(),
            "error_text": ERROR_TEXT,
        }

    def _unavailable(self) -> list[list]:
        """The controls that never act here, as [label, reason] (the not-modelled causes' intensities)."""
        return [[str(c.intensity.description), unavailable_reason(c.intensity)] for c in self.controls.values()
                if unavailable_reason(c.intensity)]

    @staticmethod
    def _unit(cause: gdata.Cause) -> str:
        return "" if cause.intensity_unit.startswith("x ") else cause.intensity_unit

    # -- state ------------------------------------------------------------------------------
    def records(self) -> list[str]:
        """The ``data/`` record ids behind every number this dashboard shows."""
        ids = [*self._causes, TEER_RECORD, *BarrierConstants.FACT_IDS]
        for c in self._causes.values():
            ids += c.fact_ids()
        return list(dict.fromkeys(ids))

    def exposures(self) -> list[Exposure]:
        return [Exposure(cid, float(v), 0.0, self.duration) for cid, v in self.active.items()]

    @property
    def pinned(self) -> dict | None:
        """The pinned scenario ({active, duration, span}), as the page has it, or None."""
        return self.summary.state.get("pinned")

    def _page_state(self, pinned: dict | None) -> dict[str, Any]:
        return {"focus": self.focus, "pinned": pinned}

    def _from_page_state(self, change: dict) -> None:
        """The page pinned, cleared the pin or showed another card (or Python did)."""
        focus = (change["new"] or {}).get("focus")
        if focus in self._causes and focus != self.focus:
            self.focus = focus
        self._stale = True

    def _from_intensity(self, cid: str) -> None:
        """Moving a cause's intensity switches that cause on (the switch shows it). A move the page made
        is left to the page, which switches the cause on itself (``causesOnControl``): done here too, a
        Reset in the page (intensity back, switch off) could be undone by the kernel's echo."""
        if self._syncing:
            return
        ctl = self.controls[cid]
        from_page = "value" in getattr(ctl.intensity, "_property_lock", {})
        if not ctl.switch.value and not from_page:
            self._syncing = True
            try:
                ctl.switch.value = True
            finally:
                self._syncing = False
        self._from_controls(cid)

    def _from_controls(self, cid: str) -> None:
        if self._syncing:
            return
        active = {k: c.intensity.value for k, c in self.controls.items() if c.switch.value}
        with self.hold_trait_notifications():
            self.active = active
            self.focus = cid

    def set_page_levers(self, levers: dict[str, Any]) -> None:
        """The levers a page drew (``<cause>_on``, ``<cause>``, ``duration``, ``span``) as this dashboard's state."""
        with self.hold_trait_notifications():
            self.active = {cid: levers[cid] for cid in self._causes if levers.get(f"{cid}_on")}
            self.duration = levers["duration"]
            self.span = levers["span"]

    def set_cause(self, cid: str, intensity: float | None = None) -> None:
        """Switch a cause on (at its reference intensity unless given); 0 leaves it on at zero."""
        if cid not in self._causes:
            raise ValueError(f"unknown cause {cid!r}; allowed: {', '.join(self._causes)}")
        value = self._causes[cid].intensity_reference if intensity is None else intensity
        with self.hold_trait_notifications():
            self.active = {**self.active, cid: value}
            self.focus = cid

    def clear_cause(self, cid: str) -> None:
        self.active = {k: v for k, v in self.active.items() if k != cid}

    def reset(self) -> None:
        """No causes (each intensity back at its reference), 5 days, the 90-day view, no pinned scenario."""
        self._syncing = True
        try:
            for ctl in self.controls.values():
                ctl.intensity.value = ctl.cause.intensity_reference
        finally:
            self._syncing = False
        super().reset()
        self.unpin()

    def pin(self) -> None:
        """Keep the current scenario for comparison (the page draws it dashed and in the table)."""
        self.summary.state = self._page_state({"active": dict(self.active), "duration": self.duration,
                                               "span": self.span})

    def unpin(self) -> None:
        self.summary.state = self._page_state(None)

    def _sync_page(self) -> None:
        """The controls follow the traits (Python may set ``active``); the page is told the card to show."""
        self._sync_controls()
        if self.summary.state.get("focus") != self.focus:
            self.summary.state = {**self.summary.state, "focus": self.focus}

    # -- what the page draws, as Python has it ---------------------------------------------------
    def _new_model(self) -> CauseModel:
        return cause_model_from_data(self._catalogue)

    def _days(self, span: str | None = None) -> np.ndarray:
        end, n = SPANS[span or self.span]
        return np.linspace(0.0, end, n)

    def _course(self) -> Course:
        return self.model.course(self.exposures(), self._days())

    def _stats(self, course: Course) -> dict[str, str]:
        back = course.back_to_normal()
        peak = course.peak_fold()
        return {
            "peak": f"{peak:.2g} times healthy",
            "peak_ratio": f"{peak * self.model.healthy_lm_ratio:.2g}",
            "back": ("not raised" if peak <= 1.1 else f"day {back:.3g}" if back is not None else "not within the view"),
            "teer": f"{course.min_teer():.3g} Ω·cm²",
        }

    def _scenario_words(self, active: dict | None = None, duration: float | None = None) -> str:
        active = self.active if active is None else active
        duration = self.duration if duration is None else duration
        if not active:
            return "No causes"
        parts = []
        for cid, v in active.items():
            c = self._causes[cid]
            unit = self._unit(c)
            level = "at the study's level" if v == 1 else f"at {v:g} times the study's level"
            parts.append(f"{c.label} ({v:g} {unit})" if unit else f"{c.label} ({level})")
        return "; ".join(parts) + f", for {_duration_label(duration)}"

    def _sync_controls(self) -> None:
        self._syncing = True
        try:
            for cid, ctl in self.controls.items():
                on = cid in self.active
                ctl.switch.value = on
                if on:
                    ctl.intensity.value = self.active[cid]
        finally:
            self._syncing = False

    def _button_reasons(self) -> dict[str, str | None]:
        """Why Pin or Clear pin cannot act now (the page's ``causeButtonReasons``)."""
        pinned = self.pinned
        same = pinned is not None and pinned["active"] == self.active and pinned["duration"] == self.duration
        return {"pin": BUTTON_REASONS["pin"] if same else None, "unpin": None if pinned else BUTTON_REASONS["unpin"]}

    def _render(self) -> str:
        """Bring the kernel's model to the levers (the page draws); the Python sentence."""
        return self._describe(self._course())

    def show_in_kernel(self) -> None:
        """Draw the course, the chain, the card, the table and the note from the kernel's model (what the
        page draws), for a notebook that reads them in Python (``explorer.course_plot.figure``)."""
        course = self._course()
        text = self.sentence
        pinned, was = None, None
        if self.pinned is not None:
            p = self.pinned
            held = [Exposure(cid, float(v), 0.0, p["duration"]) for cid, v in p["active"].items()]
            pc = self.model.course(held, self._days())
            pinned = (pc.fold.tolist(), pc.teer.tolist())
            was = self._stats(pc if p["span"] == self.span else self.model.course(held, self._days(p["span"])))
        with self.course_plot.hold_sync():
            self.course_plot.figure = cause_course_figure(course.days, course.fold, course.teer, pinned,
                                                          min(self.duration, float(course.days[-1])),
                                                          self._healthy_teer, self.theme, height=COURSE_HEIGHT)
            self.course_plot.description = text
        self.chain.active = {cid: v / self._causes[cid].intensity_reference for cid, v in self.active.items()}
        self.chain.description = text
        self.card.value = self._card_html(self.focus)
        self.comparison.value = self._comparison_html(course, was)
        reasons = self._button_reasons()
        self.note.value = unavailable_html([*map(tuple, self._unavailable()),
                                            *((b["label"], reasons[b["name"]]) for b in (PIN, UNPIN))])

    def _describe(self, course: Course) -> str:
        if not self.active:
            return NO_CAUSE_TEXT
        s = self._stats(course)
        lines = [f"{self._scenario_words()}: the sugar-test ratio peaks at {s['peak']}"]
        peak = course.peak_fold()
        if peak <= 1.1:
            lines[0] += "."
        elif s["back"].startswith("day"):
            lines[0] += f" and is back within a tenth of healthy by {s['back']}."
        else:
            lines[0] += " and has not come back within the time shown."
        lines.append(f"Resistance (TEER of the small intestine) stays near {s['teer']}: in the model the leak "
                     "route and small erosions carry only a small, uncertain share of the small ions (most cross "
                     "by the claudin pores), so TEER and the sugar test report different things.")
        not_modelled = [self._causes[c].label for c in self.active if not self._causes[c].modelled]
        if not_modelled:
            lines.append(f"Not modelled, for lack of a measured size: {', '.join(not_modelled)}.")
        animal = [self._causes[c].label for c in self.active
                  if self._causes[c].modelled and self._causes[c].species != "human"]
        if animal:
            lines.append(f"The size used for {', '.join(animal)} comes from animal studies and is for illustration"
                         " only.")
        return " ".join(lines)

    def _card_html(self, cid: str) -> str:
        c = self._causes[cid]
        species = SPECIES_WORDS.get(c.species, c.species)
        facts = []
        for fid in c.fact_ids():
            f = self._catalogue.fact(fid)
            facts.append(f"<li>{html.escape(f.label)}: <b>{f.value:g} {html.escape(f.unit)}</b> "
                         f"({html.escape(gdata.BASIS_LABELS[f.basis])}) {grade_badge(f.grade)}</li>")
        size = ("<ul>" + "".join(facts) + "</ul>") if facts else \
            f"<p><b>Not modelled:</b> {html.escape(c.not_modelled_because or '')}</p>"
        sources = source_links(self._catalogue, c.sources)
        return (f"<div class='gw-card' role='region' aria-label='Evidence for {html.escape(c.label)}'>"
                f"<p><b>{html.escape(c.label)}</b> {grade_badge(c.grade)} "
                f"<span class='gw-species'>{html.escape(species)}</span></p>"
                f"<p>{html.escape(c.evidence)}</p><p>{html.escape(c.note)}</p>{size}"
                f"<p class='gw-sources'>Sources: {sources}</p></div>")

    def _comparison_html(self, course: Course, was: dict[str, str] | None) -> str:
        if was is None or self.pinned is None:
            return NO_PIN_HTML
        now = self._stats(course)
        p = self.pinned
        rows = [("Scenario", self._scenario_words(p["active"], p["duration"]), self._scenario_words()),
                ("Peak sugar-test ratio", f"{was['peak_ratio']} ({was['peak']})",
                 f"{now['peak_ratio']} ({now['peak']})"),
                ("Back within a tenth of healthy", was["back"], now["back"]),
                ("Lowest resistance (TEER)", was["teer"], now["teer"])]
        body = "".join(f"<tr><th scope='row'>{html.escape(a)}</th><td>{html.escape(b)}</td>"
                       f"<td>{html.escape(c)}</td></tr>" for a, b, c in rows)
        return ("<table class='gw-compare'><caption>Side by side</caption><thead><tr><th></th>"
                "<th scope='col'>Pinned (dashed)</th><th scope='col'>Now (solid)</th></tr></thead>"
                f"<tbody>{body}</tbody></table>")
