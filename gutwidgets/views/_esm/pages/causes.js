// Chapter 3's interactive path in the page: each cause's switch and intensity, how long the causes
// act and the time axis -> the cause model's time course -> the live sentence, the course figure
// (with a pinned scenario), the cause chain, the evidence card of the cause last touched, the
// side-by-side table and the note on controls that cannot act. The twin of views/causes.py
// (CauseExplorer: _describe, _stats, _scenario_words, _comparison_html, show_in_kernel);
// tests/test_page_models_causes.py compares them.
//
// A part: joined after the cause model's parts (lib/pyformat.js, models/*.js), figures/common.js,
// figures/causes.js, lib/dom.js and lib/page.js. No number from data/ is typed here: they arrive in
// `constants` (cause_browser_constants()) and `inputs` (CauseExplorer._page_inputs()).
//
// Controls (levers): "<cause>_on" (its switch), "<cause>" (its intensity), "duration" (days) and
// "span" (the time axis). The page's own state (the controller's synced `state`): `focus` (the cause
// whose card is shown: the last one touched) and `pinned` ({active, duration, span} or null).

/** views/causes.py: _duration_label. */
export function causeDurationLabel(days) {
  return days < 1 ? `${pyFormat(days * 24, "g")} h` : `${pyFormat(days, "g")} day${days === 1 ? "" : "s"}`;
}

/** The causes switched on, in the catalogue's order: {cause: intensity}. */
export function causeActive(levers, order) {
  return Object.fromEntries(order.filter((id) => levers[`${id}_on`]).map((id) => [id, levers[id]]));
}

/** views/causes.py: _scenario_words. */
export function causeScenarioWords(active, duration, model, inputs) {
  const ids = Object.keys(active);
  if (!ids.length) return "No causes";
  const parts = ids.map((id) => {
    const v = active[id];
    const label = model.spec(id).label;
    const unit = inputs.causes[id].unit;
    const level = v === 1 ? "at the study's level" : `at ${pyFormat(v, "g")} times the study's level`;
    return unit ? `${label} (${pyFormat(v, "g")} ${unit})` : `${label} (${level})`;
  });
  return `${parts.join("; ")}, for ${causeDurationLabel(duration)}`;
}

/** views/causes.py: SPANS: the days shown for a time axis. */
export function causeDays(inputs, span) {
  const [end, n] = inputs.spans[span];
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? end : i * (end / (n - 1))));
}

export function causeExposures(active, duration) {
  return Object.entries(active).map(([cause, intensity]) => ({ cause, intensity, start: 0.0, stop: duration }));
}

/** views/causes.py: _stats. */
export function causeStats(course, model) {
  const back = course.backToNormal();
  const peak = course.peakFold();
  return {
    peak: `${pyFormat(peak, ".2g")} times healthy`,
    peak_ratio: pyFormat(peak * model.healthyLmRatio, ".2g"),
    back: peak <= 1.1 ? "not raised" : back !== null ? `day ${pyFormat(back, ".3g")}` : "not within the view",
    teer: `${pyFormat(course.minTeer(), ".3g")} Ω·cm²`,
  };
}

/** views/causes.py: _describe: the live sentence. */
export function causeSentence(course, active, duration, model, inputs) {
  const ids = Object.keys(active);
  if (!ids.length) return inputs.no_cause_text;
  const s = causeStats(course, model);
  const lines = [`${causeScenarioWords(active, duration, model, inputs)}: the sugar-test ratio peaks at ${s.peak}`];
  if (course.peakFold() <= 1.1) lines[0] += ".";
  else if (s.back.startsWith("day")) lines[0] += ` and is back within a tenth of healthy by ${s.back}.`;
  else lines[0] += " and has not come back within the time shown.";
  lines.push(`Resistance (TEER of the small intestine) stays near ${s.teer}: in the model the leak `
    + "route and small erosions carry only a small, uncertain share of the small ions (most cross "
    + "by the claudin pores), so TEER and the sugar test report different things.");
  const notModelled = ids.filter((id) => !model.modelled(id)).map((id) => model.spec(id).label);
  if (notModelled.length) lines.push(`Not modelled, for lack of a measured size: ${notModelled.join(", ")}.`);
  const animal = ids.filter((id) => model.modelled(id) && inputs.causes[id].species !== "human")
    .map((id) => model.spec(id).label);
  if (animal.length) {
    lines.push(`The size used for ${animal.join(", ")} comes from animal studies and is for illustration only.`);
  }
  return lines.join(" ");
}

/** views/causes.py: _comparison_html. */
export function causeComparisonHtml(pinnedLabel, was, now, nowLabel, inputs) {
  if (was === null) return inputs.no_pin_html;
  const rows = [["Scenario", pinnedLabel, nowLabel],
    ["Peak sugar-test ratio", `${was.peak_ratio} (${was.peak})`, `${now.peak_ratio} (${now.peak})`],
    ["Back within a tenth of healthy", was.back, now.back],
    ["Lowest resistance (TEER)", was.teer, now.teer]];
  const e = pyHtmlEscape;
  const body = rows.map(([a, b, c]) => `<tr><th scope='row'>${e(a)}</th><td>${e(b)}</td><td>${e(c)}</td></tr>`).join("");
  return "<table class='gw-compare'><caption>Side by side</caption><thead><tr><th></th>"
    + "<th scope='col'>Pinned (dashed)</th><th scope='col'>Now (solid)</th></tr></thead>"
    + `<tbody>${body}</tbody></table>`;
}

function causeSameScenario(pinned, active, duration) {
  if (!pinned || pinned.duration !== duration) return false;
  const a = Object.keys(pinned.active);
  return a.length === Object.keys(active).length && a.every((id) => active[id] === pinned.active[id]);
}

/** Why each of the page's own buttons cannot act now (null: it can). views/causes.py: _button_reasons. */
export function causeButtonReasons(pinned, active, duration, inputs) {
  return {
    pin: causeSameScenario(pinned, active, duration) ? inputs.reasons.pin : null,
    unpin: pinned ? null : inputs.reasons.unpin,
  };
}

/** Chapter 3: levers -> {sentence, views, buttons}. */
export function causesPage(levers, constants, inputs, theme, state = {}) {
  const model = new CauseModel(constants);
  const active = causeActive(levers, model.order);
  const { duration, span } = levers;
  const days = causeDays(inputs, span);
  const course = model.course(causeExposures(active, duration), days);
  const pinned = state.pinned || null;
  let pinnedCurves = null;
  let was = null;
  let pinnedLabel = "";
  if (pinned) {
    const held = causeExposures(pinned.active, pinned.duration);
    const pc = model.course(held, days);
    pinnedCurves = [pc.fold, pc.teer];
    const atPin = pinned.span === span ? pc : model.course(held, causeDays(inputs, pinned.span));
    was = causeStats(atPin, model);
    pinnedLabel = causeScenarioWords(pinned.active, pinned.duration, model, inputs);
  }
  const sentence = causeSentence(course, active, duration, model, inputs);
  const buttons = causeButtonReasons(pinned, active, duration, inputs);
  const focus = state.focus && state.focus in inputs.cards ? state.focus : inputs.default_focus;
  const end = Math.min(duration, days[days.length - 1]);
  return {
    sentence,
    buttons,
    views: {
      course_plot: {
        figure: causeCourseFigure(course.days, course.fold, course.teer, pinnedCurves, end, model.teerHealthy, theme,
          inputs.course_height),
        description: sentence,
      },
      chain: {
        active: Object.fromEntries(Object.entries(active).map(([id, v]) => [id, v / model.spec(id).reference])),
        description: sentence,
      },
      card: { value: inputs.cards[focus] },
      comparison: {
        value: causeComparisonHtml(pinnedLabel, was, causeStats(course, model),
          causeScenarioWords(active, duration, model, inputs), inputs),
      },
      note: { value: gwUnavailableNote([...inputs.unavailable, ...inputs.buttons.map((b) => [b.label, buttons[b.name]])]) },
    },
  };
}

/** Touching a cause's control shows its card; moving its intensity switches it on (told to the kernel). */
export function causesOnControl(name, { controls, specs, state, setState }) {
  const id = name.endsWith("_on") ? name.slice(0, -3) : name;
  if (!(`${id}_on` in specs)) return;
  if (state.focus !== id) setState({ ...state, focus: id }); // first: the switch's own move below sees it
  if (name === id) {
    const sw = controls[`${id}_on`];
    if (!sw.get("value")) {
      sw.set("value", true);
      sw.save_changes();
    }
  }
}

/** The page's own buttons: pin the scenario shown, or clear the pin. */
export function causesOnButton(button, levers, { state, setState }) {
  if (button === "pin") {
    const active = causeActive(levers, Object.keys(levers).filter((k) => `${k}_on` in levers));
    setState({ ...state, pinned: { active, duration: levers.duration, span: levers.span } });
  } else if (button === "unpin") {
    setState({ ...state, pinned: null });
  }
}

/** After Reset: no pin, the first cause's card (views/causes.py: CauseExplorer.reset). */
export function causesResetState(_state, inputs) {
  return { focus: inputs.default_focus, pinned: null };
}

/** The controller's options (views/causes.py: CausePage). */
export const CAUSES_PAGE = { onControl: causesOnControl, onButton: causesOnButton, resetState: causesResetState };
