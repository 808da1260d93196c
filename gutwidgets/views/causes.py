"""Chapter 3's dashboard: causes of increased permeability, their mechanisms, time course and evidence.

:class:`CauseChain` draws each cause's chain (cause -> signal -> change at the junction ->
route) in the browser and lights the active ones; :class:`CauseExplorer` puts a switch and an
intensity slider per cause beside it, a time course (days) of the sugar-test ratio and TEER
from :class:`~gutwidgets.models.causes.CauseModel`, an evidence card for the cause last
touched, and a side-by-side comparison with a pinned scenario.
"""

from __future__ import annotations

import html

import anywidget
import ipywidgets as w
import numpy as np
import traitlets as t

from .. import data as gdata
from ..figures import cause_course_figure
from ..models import BarrierConstants
from ..models.causes import Course, Exposure
from ..models.from_data import TEER_RECORD, cause_model_from_data
from ..pages import grade_badge, source_links
from ._assets import asset
from ._dashboard import Dashboard
from ._traits import Theme, set_available, unavailable_note
from .plot import PlotlyFigure

__all__ = ["CauseChain", "CauseExplorer", "cause_model_from_data"]

#: How long the causes act, in days (the choices of the exposure slider).
DURATIONS = (0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 7.0, 14.0, 21.0, 28.0, 42.0, 60.0)
#: The time axis: label -> (last day shown, number of points).
SPANS = {"First 3 days": (3.0, 289), "90 days": (90.0, 361)}
SPECIES_WORDS = {"human": "human studies", "animal": "animal studies", "cell culture": "cell studies"}


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
            continuous_update=False, description=f"{cause.intensity_label}{unit}",
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


class CauseExplorer(Dashboard):
    """Switch causes on, set their intensity and duration, and watch the barrier over days."""

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
        return value

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
        self.model = cause_model_from_data(self._catalogue)
        self._healthy_teer = self._catalogue.fact(TEER_RECORD).value
        self._pinned: dict | None = None
        self._syncing = False
        self.chain = CauseChain.from_catalogue(self._catalogue)
        self.course_plot = PlotlyFigure(css_class="gw-cause-course")

    def _build(self) -> None:
        self.controls = {cid: _CauseControl(c) for cid, c in self._causes.items()}
        for cid, ctl in self.controls.items():
            ctl.switch.observe(lambda ch, cid=cid: self._from_controls(cid), names="value")
            ctl.intensity.observe(lambda ch, cid=cid: self._from_intensity(cid), names="value")
        self.duration_slider = w.SelectionSlider(
            options=[(_duration_label(d), d) for d in DURATIONS], value=5.0, continuous_update=False,
            description="Causes act for", style={"description_width": "16em"}, layout=w.Layout(width="30em"),
            tooltip="From day 0; then they stop and the lining recovers.",
        )
        self.span_pick = w.ToggleButtons(options=list(SPANS), value="90 days", description="Show",
                                         tooltip="Hours-long effects (stress) need the short view.")
        t.link((self.duration_slider, "value"), (self, "duration"))
        t.link((self.span_pick, "value"), (self, "span"))
        self.pin_button = w.Button(description="Pin for comparison", icon="thumb-tack",
                                   tooltip="Keep this scenario as a dashed line and in the table")
        self.pin_button.on_click(lambda _b: self.pin())
        self.unpin_button = w.Button(description="Clear pin", icon="times", tooltip="Remove the pinned scenario")
        self.unpin_button.on_click(lambda _b: self.unpin())
        self.reset_button = w.Button(description="Reset", icon="undo", tooltip="No causes; 5 days; 90-day view")
        self.reset_button.on_click(lambda _b: self.reset())
        self.card = w.HTML(layout=w.Layout(width="100%"))
        self.comparison = w.HTML(layout=w.Layout(width="100%"))
        self.note = w.HTML(layout=w.Layout(width="100%"))
        self.children = [
            w.HTML("<h4 class='gw-heading'>Causes: switch on, set how strong</h4>"),
            w.HTML("<p class='gw-help'>Tick a cause, or move its intensity: that switches it on too.</p>"),
            w.VBox(list(self.controls.values())),
            w.HBox([self.duration_slider, self.span_pick]),
            w.HBox([self.pin_button, self.unpin_button, self.reset_button]),
            self.note,
            self.summary,
            w.HTML("<h4 class='gw-heading'>From cause to route</h4>"),
            self.chain,
            self.card,
            w.HTML("<h4 class='gw-heading'>What the model predicts, day by day</h4>"),
            self.course_plot,
            self.comparison,
        ]

    # -- state ------------------------------------------------------------------------------
    def records(self) -> list[str]:
        """The ``data/`` record ids behind every number this dashboard shows."""
        ids = [*self._causes, TEER_RECORD, *BarrierConstants.FACT_IDS]
        for c in self._causes.values():
            ids += c.fact_ids()
        return list(dict.fromkeys(ids))

    def exposures(self) -> list[Exposure]:
        return [Exposure(cid, float(v), 0.0, self.duration) for cid, v in self.active.items()]

    def _from_intensity(self, cid: str) -> None:
        """Moving a cause's intensity switches that cause on (the switch shows it)."""
        if self._syncing:
            return
        ctl = self.controls[cid]
        if not ctl.switch.value:
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
        """Keep the current scenario for comparison."""
        course = self._course()
        self._pinned = {"label": self._scenario_words(), "active": dict(self.active), "duration": self.duration,
                        "fold": course.fold.tolist(), "teer": course.teer.tolist(), "span": self.span,
                        "stats": self._stats(course)}
        self._update()

    def unpin(self) -> None:
        self._pinned = None
        self._update()

    # -- drawing ----------------------------------------------------------------------------
    def _days(self) -> np.ndarray:
        end, n = SPANS[self.span]
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

    def _scenario_words(self) -> str:
        if not self.active:
            return "No causes"
        parts = []
        for cid, v in self.active.items():
            c = self._causes[cid]
            unit = "" if c.intensity_unit.startswith("x ") else f" {c.intensity_unit}"
            level = "at the study's level" if v == 1 else f"at {v:g} times the study's level"
            parts.append(f"{c.label} ({v:g}{unit})" if unit else f"{c.label} ({level})")
        return "; ".join(parts) + f", for {_duration_label(self.duration)}"

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
        pinned = self._pinned
        set_available(self.unpin_button, None if pinned else "nothing is pinned; press 'Pin for comparison' first.")
        same = pinned is not None and pinned["active"] == self.active and pinned["duration"] == self.duration
        set_available(self.pin_button, "this scenario is already pinned; change it first." if same else None)
        self.note.value = unavailable_note([*(c.intensity for c in self.controls.values()),
                                            self.pin_button, self.unpin_button])

    def _render(self) -> str:
        self._sync_controls()
        course = self._course()
        pinned = None
        if self._pinned is not None:
            if self._pinned["span"] == self.span:
                pinned = (self._pinned["fold"], self._pinned["teer"])
            else:  # recompute the pinned scenario on this time axis
                held = [Exposure(cid, float(v), 0.0, self._pinned["duration"])
                        for cid, v in self._pinned["active"].items()]
                pc = self.model.course(held, self._days())
                pinned = (pc.fold.tolist(), pc.teer.tolist())
        text = self._describe(course)
        with self.course_plot.hold_sync():
            self.course_plot.figure = cause_course_figure(course.days, course.fold, course.teer, pinned,
                                                          min(self.duration, float(course.days[-1])),
                                                          self._healthy_teer, self.theme)
            self.course_plot.description = text
        self.chain.active = {cid: v / self._causes[cid].intensity_reference for cid, v in self.active.items()}
        self.chain.description = text
        self.card.value = self._card_html()
        self.comparison.value = self._comparison_html(course)
        return text

    def _describe(self, course: Course) -> str:
        if not self.active:
            return ("No cause is switched on: the lining is healthy, the sugar-test ratio is at its healthy value "
                    "and resistance is normal. Switch a cause on, or move its intensity, to see what it does.")
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

    def _card_html(self) -> str:
        c = self._causes[self.focus]
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

    def _comparison_html(self, course: Course) -> str:
        if self._pinned is None:
            return ("<p class='gw-hint'>Pin a scenario to compare it side by side with another "
                    "(for example a short NSAID course against a heavy-drinking week).</p>")
        now = self._stats(course)
        was = self._pinned["stats"]
        rows = [("Scenario", self._pinned["label"], self._scenario_words()),
                ("Peak sugar-test ratio", f"{was['peak_ratio']} ({was['peak']})",
                 f"{now['peak_ratio']} ({now['peak']})"),
                ("Back within a tenth of healthy", was["back"], now["back"]),
                ("Lowest resistance (TEER)", was["teer"], now["teer"])]
        body = "".join(f"<tr><th scope='row'>{html.escape(a)}</th><td>{html.escape(b)}</td>"
                       f"<td>{html.escape(c)}</td></tr>" for a, b, c in rows)
        return ("<table class='gw-compare'><caption>Side by side</caption><thead><tr><th></th>"
                "<th scope='col'>Pinned (dashed)</th><th scope='col'>Now (solid)</th></tr></thead>"
                f"<tbody>{body}</tbody></table>")
