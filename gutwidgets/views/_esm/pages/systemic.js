// Chapter 4's interactive paths in the page, two dashboards:
// - cascadePage: the barrier's leak route, eroded surface and how long it stays open -> the cascade
//   model's time course -> the live sentence, the time-course figure, the flow diagram's course and the
//   note (and greyed-out duration) while the barrier is closed. The twin of views/systemic.py
//   (CascadeExplorer: _describe, show_in_kernel; flow_course, _when, _rise_time);
// - confoundingPage: the hidden factor's two effects, a direct effect and the colouring -> the same
//   simulated people as Python's -> the sentence and the scatter plot (ConfoundingExplorer).
// tests/test_page_models_systemic.py compares them with the kernel's Python twins.
//
// A part: joined after the chapter's model parts (lib/pyformat.js, models/*.js: the cascade on the
// barrier model and models/solve.js, the confounding demo on models/random.js), figures/common.js,
// figures/systemic.js, lib/dom.js and lib/page.js (views/systemic.py: both controllers join the same
// parts). No number from data/ is typed here: they arrive in `constants`
// (systemic_constants.py: cascade_browser_constants(), confounding_browser_constants()) and `inputs`
// (CascadeExplorer._page_inputs()).

// The models built for one set of constants, kept while the page's constants stay the same object:
// the cascade keeps its step exponentials and corner models, the demo its people.
const SYSTEMIC_MODELS = new WeakMap();

function systemicModel(constants, Kind) {
  let kept = SYSTEMIC_MODELS.get(constants);
  if (!(kept instanceof Kind)) {
    kept = new Kind(constants);
    SYSTEMIC_MODELS.set(constants, kept);
  }
  return kept;
}

// Python's round() of a number to a whole number: half to even.
function systemicRound(x) {
  const f = Math.floor(x);
  const d = x - f;
  return d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
}

/** views/systemic.py: _when: a time in hours, in words. */
export function cascadeWhen(hours) {
  if (hours < 1) return `${pyFormat(hours * 60, ".0f")} minutes`;
  if (hours < 36) return systemicRound(hours) !== 1 ? `${pyFormat(hours, ".0f")} hours` : "1 hour";
  const days = hours / 24;
  return systemicRound(days) !== 1 ? `${pyFormat(days, ".0f")} days` : "1 day";
}

/** views/systemic.py: _shown: a model value rounded to 12 significant figures before the sentence rounds it. */
export function cascadeShown(v) {
  return Number(pyFormat(v, ".12g"));
}

/** views/systemic.py: _rise_time: hours until a series first covers 95% of its rise to its highest value. */
export function cascadeRiseTime(hours, values) {
  const start = values[0];
  const top = Math.max(...values);
  return hours[values.findIndex((v) => v >= start + 0.95 * (top - start))];
}

/**
 * float(f"{v:.4g}"): the nearest 4-figure decimal. toPrecision rounds the exact binary value too, but an
 * exact tie upwards where Python rounds it to even: a value that may be a tie goes through pyFormat.
 */
export function cascadeFourFigures(v) {
  const five = v.toPrecision(5);
  const mantissa = five.split("e")[0];
  if (mantissa.endsWith("5") && Number(five) === v) return Number(pyFormat(v, ".4g"));
  return Number(v.toPrecision(4));
}

/** views/systemic.py: flow_course: the result at the first report time at or after each frame, 4 figures. */
export function cascadeFlowCourse(result, frames) {
  const idx = frames.map((f) => {
    let i = 0;
    while (i < result.hours.length && result.hours[i] < f) i += 1;
    return i;
  });
  const round4 = cascadeFourFigures;
  const keys = ["hours", "multiplier", "active", "neutralised", "plasma", "tlr4", "tnf", "il6", "index"];
  const out = Object.fromEntries(keys.map((k) => [k, idx.map((i) => round4(result[k][i]))]));
  const healthy = Math.max(result.tlr4[0], 1e-12);
  out.tlr4 = idx.map((i) => round4(result.tlr4[i] / healthy));
  return out;
}

/** Whether the barrier levers are at their healthy values (views/systemic.py: CascadeExplorer.closed). */
export function cascadeClosed(levers, constants) {
  return levers.leak_level === constants.cascade.levers.leak_level.low && levers.eroded_percent === 0;
}

/** views/systemic.py: CascadeExplorer._describe: the live sentence. */
export function cascadeSentence(result, levers, model, constants, inputs) {
  if (cascadeClosed(levers, constants)) return inputs.closed_text;
  const r = result;
  const opening = levers.opening_hours;
  const entry = r.multiplier[1];
  const lasting = opening >= inputs.t_end;
  const pv = r.peak("plasma")[1];
  const [ih, iv] = r.peak("index");
  const g2 = (v) => pyFormat(cascadeShown(v), ".2g");
  const parts = [
    `While the barrier is open, LPS enters from the gut at ${g2(entry)} times the healthy rate`
      + (lasting ? " for the whole three weeks." : ` for ${cascadeWhen(opening)}.`),
    `LPS in the blood rises to ${g2(pv)} times its healthy level (most of the rise within`
      + ` ${cascadeWhen(cascadeRiseTime(r.hours, r.plasma))}); TNF-alpha reaches ${g2(r.peak("tnf")[1])} times and`
      + ` IL-6 ${g2(r.peak("il6")[1])} times healthy.`,
    `The slow inflammation index rises to ${g2(iv)} times healthy`,
  ];
  if (lasting) {
    parts[2] += ` (most of the rise within ${cascadeWhen(cascadeRiseTime(r.hours, r.index))}) and stays raised`
      + " while the barrier stays open.";
  } else {
    const back = r.hours.findIndex((h, i) => h > ih && r.index[i] < 1 + 0.05 * (iv - 1));
    parts[2] += back >= 0
      ? ` after ${cascadeWhen(ih)}, then falls back: 95% of the way to healthy after ${cascadeWhen(r.hours[back])}.`
      : " and is still falling at three weeks.";
  }
  if (entry > 1.0) {
    const [low, high] = model.steadyRange(constants.cascade.uncertain,
      { leak_level: levers.leak_level, damaged_fraction: levers.eroded_percent / 100 }).il6;
    parts.push("How much IL-6 a leak gives is not known from any study in people: with the model's"
      + " unmeasured numbers at the ends of their ranges, this opening held steady gives IL-6 from"
      + ` ${pyFormat(cascadeShown(low), ".2f")} to ${pyFormat(cascadeShown(high), ".3g")} times healthy. What would change the answer: how a gut`
      + " leak compares with the injected dose the scale is calibrated on, and how much LPS crosses outside the"
      + " junctions.");
  }
  parts.push("Illustrative model: levels are relative to this person's own healthy values, not lab results.");
  return parts.join(" ");
}

/** Chapter 4's cascade: levers {leak_level, eroded_percent, opening_hours} -> {sentence, views}. */
export function cascadePage(levers, constants, inputs, theme) {
  const model = systemicModel(constants, CascadeModel);
  const { leak_level: leak, eroded_percent: eroded, opening_hours: opening } = levers;
  const m = model.translocation({ leak_level: leak, damaged_fraction: eroded / 100 });
  const steps = opening >= inputs.t_end ? [[0.0, m]] : [[0.0, m], [opening, 1.0]];
  const result = model.run(inputs.hours, steps);
  const sentence = cascadeSentence(result, levers, model, constants, inputs);
  const reason = cascadeClosed(levers, constants) ? inputs.closed_reason : null;
  const series = Object.fromEntries(["multiplier", "plasma", "tnf", "il6", "index"].map((k) => [k, result[k]]));
  return {
    sentence,
    views: {
      plot: { figure: cascadeFigure(result.hours, series, opening, theme, inputs.plot_height), description: sentence },
      flow: { course: cascadeFlowCourse(result, inputs.flow_frames), opening_hours: opening, leak_level: leak,
        eroded_percent: eroded, description: sentence },
      duration_slider: { disabled: reason !== null, tooltip: reason ? GW_UNAVAILABLE + reason : inputs.duration_tooltip },
      note: { value: gwUnavailableNote([[inputs.duration_label, reason]]) },
    },
  };
}

/** views/systemic.py: ConfoundingExplorer._describe: the live sentence. */
export function confoundingSentence(r, rAdjusted, directEffect) {
  const a = Math.abs(r);
  const strength = a < 0.1 ? "no" : a < 0.3 ? "a weak" : a < 0.6 ? "a moderate" : "a strong";
  const cause = directEffect === 0
    ? "Permeability has no effect on the symptom in this simulation."
    : `Permeability does raise the symptom here (effect ${pyFormat(directEffect, ".2f")}).`;
  return `Across everyone, the marker and the symptom show ${strength} correlation (r = ${pyFormat(r, ".2f")}).`
    + ` ${cause} Once the hidden factor is taken into account, the correlation is r = ${pyFormat(rAdjusted, ".2f")}.`;
}

/** Chapter 4's hidden common cause: levers {hidden_to_marker, hidden_to_symptom, direct_effect, show_groups}. */
export function confoundingPage(levers, constants, inputs, theme) {
  const demo = systemicModel(constants, ConfoundingDemo);
  const s = demo.sample(levers.hidden_to_marker, levers.hidden_to_symptom, levers.direct_effect);
  const sentence = confoundingSentence(s.r_overall, s.r_adjusted, levers.direct_effect);
  return {
    sentence,
    views: {
      plot: { figure: confoundingFigure(s.marker, s.symptom, s.group, levers.show_groups, theme, inputs.plot_height),
        description: sentence },
    },
  };
}
