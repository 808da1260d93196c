// Chapter 5's interactive paths in the page, the twins of views/support.py:
// - fibrePage (FibreExplorer: _describe, _chapter3_words, button_reasons, show_in_kernel): the fibre
//   slider -> the fibre chain -> the live sentence, the figure, and the note on the page's own
//   buttons "Typical intake" and "Recommended" (greyed out where the slider already is);
// - plannerPage (ScenarioPlanner: _describe, _fibre_words, _status_html, _slider_reasons,
//   show_in_kernel): the scenario, each strategy's switch, the start day and the fibre intake -> the
//   strategy model's plan -> the live sentence, the plan figure, the strategies' status, the evidence
//   card of the strategy last ticked, and the sliders that cannot act greyed out with their reason and
//   the note. tests/test_page_models_support.py compares them with Python's.
//
// A part: joined after the chapter's model parts (lib/pyformat.js, models/*.js, models/support.js),
// figures/common.js, figures/support.js, lib/dom.js and lib/page.js. No number from data/ is typed
// here: they arrive in `constants` (support_browser_constants()) and `inputs` (the dashboards'
// _page_inputs()). The planner's own state (the controller's synced `state`): `focus`, the strategy
// whose card is shown.

/** views/support.py: FibreExplorer._chapter3_words. */
export function fibreChapter3Words(fibre, model, causes, inputs) {
  const short = model.shortfall(fibre);
  if (short === 0) return "Chapter 3's model counts no fibre shortfall at this intake.";
  const fold = causeSteady(causes, [{ cause: inputs.fibre_cause, intensity: short }]).peakFold();
  return `Chapter 3's model counts a shortfall of ${pyFormat(short, "g")} g/day, raising the sugar-test ratio `
    + `${pyFormat(fold, ".2f")} times in the long run: an illustration, as the size comes from mice.`;
}

/** views/support.py: FibreExplorer._describe: the live sentence (p: this intake's point of the chain). */
export function fibreSentence(p, low, high, model, causes, inputs) {
  const c = model.constants;
  if (p.fibre === 0) {
    return "With no fibre, gut bacteria make almost no butyrate from the diet in this model, so the cells get "
      + `none of its support. ${fibreChapter3Words(p.fibre, model, causes, inputs)}`;
  }
  const lines = [`At ${pyFormat(p.fibre, "g")} g of fibre a day, the model puts butyrate in the colon at about `
    + `${pyFormat(p.butyrate, ".2g")} mM (range ${pyFormat(low, ".2g")} to ${pyFormat(high, ".2g")}; approximate `
    + "published values)."];
  if (p.fibre > c.fibre_recommended) {
    lines.push("Above the recommended intake it rises only slowly: the colon's lining absorbs short-chain "
      + "fatty acids as they are made, so the model lets them level off (an assumed curve).");
  }
  const best = model.bestDose;
  const where = p.dish < 0.9 * best ? "rising side" : p.dish <= 1.3 * best ? "top" : "falling side";
  lines.push(`The cells see far less: mapped onto the dish's scale that is about ${pyFormat(p.dish, ".2g")} mM, on the `
    + `${where} of the cell-culture curve.`);
  if (where === "falling side" || p.dish_high > 1.3 * best) {
    const part = where === "falling side" ? "This intake sits" : "The top of its range reaches";
    lines.push(`${part} past the best dose, where the curve falls because butyrate harmed cells in a dish at `
      + "high doses; no study shows that a high-fibre diet loosens the human gut barrier.");
  }
  lines.push(fibreChapter3Words(p.fibre, model, causes, inputs));
  return lines.join(" ");
}

/** Why each of the page's buttons cannot act now (null: it can). views/support.py: FibreExplorer.button_reasons. */
export function fibreButtonReasons(fibre, model, inputs) {
  const c = model.constants;
  return Object.fromEntries(inputs.buttons.map((b) => [b.name, fibre === c[b.record]
    ? `the slider is already at ${b.what} (${pyFormat(c[b.record], "g")} g/day).` : null]));
}

/** Chapter 5's fibre dashboard: levers -> {sentence, views, buttons}. */
export function fibrePage(levers, constants, inputs, theme) {
  const model = new FibreModel(constants);
  const causes = new CauseModel(constants);
  const c = model.constants;
  const grid = supportLinspace(0.0, inputs.fibre_max, inputs.fibre_points);
  const curve = model.chain(grid);
  const dish = supportLinspace(0.0, inputs.dish_max, inputs.dish_points);
  const ch = model.chain([levers.fibre]);
  const point = Object.fromEntries(["fibre", "butyrate", "dish", "dish_low", "dish_high", "effect", "effect_low",
    "effect_high"].map((k) => [k, ch[k][0]]));
  const sentence = fibreSentence(point, ch.butyrate_low[0], ch.butyrate_high[0], model, causes, inputs);
  const buttons = fibreButtonReasons(levers.fibre, model, inputs);
  const figure = fibreFigure(curve, point, { dish, effect: model.junctionEffect(dish) },
    [[c.butyrate_optimum, 1.0], [c.butyrate_harmful, -c.butyrate_harm_size]],
    inputs.marks.map(([label, record]) => [label, c[record]]), theme, inputs.height, inputs.fibre_max);
  return {
    sentence,
    buttons,
    views: {
      plot: { figure, description: sentence },
      note: { value: gwUnavailableNote(inputs.buttons.map((b) => [b.label, buttons[b.name]])) },
    },
  };
}

/** The page's buttons: the slider to the button's intake (its value in the control's spec), told to the kernel. */
export function fibreOnButton(name, _levers, { controls, specs }) {
  const spec = specs.fibre;
  if (!spec.presets || !(name in spec.presets)) return;
  controls.fibre.set(spec.attr, spec.presets[name]);
  controls.fibre.save_changes();
}

/** The fibre controller's options (views/support.py: FibrePage). */
export const FIBRE_PAGE = { onButton: fibreOnButton };

/** views/support.py: ScenarioPlanner.exposures: the scenario's causes (null: the typical fibre shortfall). */
export function plannerExposures(scenario, fibre) {
  const short = fibre.shortfall(fibre.constants.fibre_typical_intake);
  return Object.entries(scenario).map(([cause, v]) => ({ cause, intensity: v === null ? short : v, start: 0.0,
    stop: null }));
}

/** views/support.py: ScenarioPlanner.uses: each chosen strategy from the start day ('Eat more fibre' at its intake). */
export function plannerUses(chosen, levers, model, fibre) {
  const level = fibre.shortfall(levers.fibre_after);
  return chosen.map((sid) => ({ strategy: sid, start: levers.start_day,
    level: model.spec(sid).action === "set_intensity" ? level : null }));
}

/** views/support.py: ScenarioPlanner._slider_reasons: why each slider cannot act now (null: it can). */
export function plannerSliderReasons(chosen, effective, model, inputs) {
  const fibreLabel = model.spec(inputs.fibre_strategy).label;
  let start = null;
  if (!chosen.length) start = "no strategy is chosen yet; tick one above.";
  else if (!effective.length) start = "none of the chosen strategies acts in this scenario (see why below).";
  let fibre = null;
  if (!chosen.includes(inputs.fibre_strategy)) fibre = `it is used only by '${fibreLabel}'; tick it above.`;
  else if (!effective.includes(inputs.fibre_strategy)) fibre = `'${fibreLabel}' does not act in this scenario (see why below).`;
  return { start_slider: start, fibre_slider: fibre };
}

/** views/support.py: ScenarioPlanner._fibre_words. */
export function plannerFibreWords(after, fibre) {
  const { fibre_typical_intake: typical, fibre_recommended: recommended } = fibre.constants;
  const g = (x) => pyFormat(x, "g");
  if (after <= typical) {
    return `Eating ${g(after)} g of fibre a day is no more than the typical intake (${g(typical)} g/day), `
      + "so it cuts no shortfall.";
  }
  if (after >= recommended) {
    const extra = after === recommended ? "" : "; eating more than that changes nothing further in this model";
    return `Eating ${g(after)} g of fibre a day meets the recommendation (${g(recommended)} g/day): the model `
      + `counts no shortfall${extra}.`;
  }
  return `Eating ${g(after)} g of fibre a day leaves a shortfall of ${g(fibre.shortfall(after))} g/day `
    + `(recommended: ${g(recommended)} g/day).`;
}

/** views/support.py: ScenarioPlanner._describe: the live sentence (scenario: {label, causes}). */
export function plannerSentence(scenario, plan, chosen, levers, model, fibre, inputs) {
  const healthy = model.causes.healthyLmRatio;
  const end = plan.days.length - 1;
  if (!Object.keys(scenario.causes).length) {
    return "No cause is acting, so the sugar-test ratio stays at its healthy value of "
      + `${pyFormat(healthy, ".2g")}; no strategy can improve on a healthy barrier in this model.`;
  }
  const day = figRoundHalfEven(levers.start_day);
  const before = plan.without.lm_ratio[end];
  const after = plan.with_.lm_ratio[end];
  const lines = [`${scenario.label}: the sugar-test ratio settles near ${pyFormat(before, ".2g")} `
    + `(${pyFormat(before / healthy, ".1f")} times healthy) with no strategy.`];
  const effective = plan.effective;
  if (!chosen.length) lines.push("Add a strategy to see what the model predicts.");
  else if (!effective.length) lines.push("None of the chosen strategies changes the model's prediction (see why below).");
  else {
    const names = effective.map((sid) => model.spec(sid).label).join(", ");
    const back = after < before && before > 1.2 * healthy ? plan.with_.backToNormal() : null;
    lines.push(`With ${names} from day ${day}, it is ${pyFormat(after, ".2g")} by day `
      + `${pyFormat(inputs.plan_days[0], "g")} (${pyFormat(after / healthy, ".1f")} times healthy; likely range `
      + `${pyFormat(plan.band_low[end], ".2g")} to ${pyFormat(plan.band_high[end], ".2g")})`
      + (back !== null ? `, back within a tenth of healthy by day ${pyFormat(back, ".0f")}.` : "."));
  }
  if (effective.includes(inputs.fibre_strategy)) lines.push(plannerFibreWords(levers.fibre_after, fibre));
  return lines.join(" ");
}

function plannerCapitalised(words) {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** views/support.py: ScenarioPlanner._status_html. */
export function plannerStatusHtml(status, model) {
  const ids = Object.keys(status);
  if (!ids.length) return "<p class='gw-hint'>No strategy chosen yet.</p>";
  const e = pyHtmlEscape;
  const items = ids.map((sid) => `<li data-strategy='${e(sid)}'><b>${e(model.spec(sid).label)}</b>: `
    + e(status[sid] === "modelled" ? "acts in the model." : plannerCapitalised(status[sid])) + "</li>").join("");
  return `<ul class='gw-strategy-status'>${items}</ul>`;
}

/** views/support.py: _strategy_card: the evidence card, with what the model does (status: null if not chosen). */
export function plannerCard(sid, status, model, inputs) {
  const spec = model.spec(sid);
  const words = status || (spec.action !== null ? "modelled" : `not modelled: ${spec.not_modelled_because}`);
  const [before, after] = inputs.cards[sid];
  return before + pyHtmlEscape(words === "modelled" ? "Modelled: it acts on a cause from chapter 3."
    : plannerCapitalised(words)) + after;
}

/** Chapter 5's scenario planner: levers -> {sentence, views}. */
export function plannerPage(levers, constants, inputs, theme, state = {}) {
  const model = new StrategyModel(constants);
  const fibre = new FibreModel(constants);
  const scenario = inputs.scenarios[levers.scenario];
  const chosen = model.order.filter((sid) => levers[sid]);
  const [last, n] = inputs.plan_days;
  const plan = model.plan(plannerExposures(scenario.causes, fibre), plannerUses(chosen, levers, model, fibre),
    supportLinspace(0.0, last, n));
  const sentence = plannerSentence(scenario, plan, chosen, levers, model, fibre, inputs);
  const reasons = plannerSliderReasons(chosen, plan.effective, model, inputs);
  const focus = state.focus && state.focus in inputs.cards ? state.focus : inputs.default_focus;
  const course = (k, scale = 1) => ({ with: plan.with_[k].map((v) => v * scale), without: plan.without[k].map((v) => v * scale) });
  const figure = planFigure(plan.days, course("lm_ratio"), course("leak_level"), course("damaged_fraction", 100),
    [plan.band_low, plan.band_high], chosen.length ? levers.start_day : last, model.causes.healthyLmRatio, theme,
    inputs.height);
  const sliders = Object.fromEntries(Object.entries(reasons).map(([name, why]) => [name, {
    disabled: why !== null, tooltip: why !== null ? GW_UNAVAILABLE + why : inputs.sliders[name].tooltip }]));
  return {
    sentence,
    views: {
      plot: { figure, description: sentence },
      status: { value: plannerStatusHtml(plan.status, model) },
      card: { value: plannerCard(focus, focus in plan.status ? plan.status[focus] : null, model, inputs) },
      note: { value: gwUnavailableNote(Object.entries(reasons).map(([name, why]) => [inputs.sliders[name].label, why])) },
      ...sliders,
    },
  };
}

/** Ticking or unticking a strategy shows its card (told to the kernel through the controller's state). */
export function plannerOnControl(name, { controls, specs, state, setState }) {
  if (typeof controls[name].get(specs[name].attr) !== "boolean") return; // a strategy's switch, not a slider or menu
  if (state.focus !== name) setState({ ...state, focus: name });
}

/** After Reset: the first card (views/support.py: ScenarioPlanner's focus default). */
export function plannerResetState(_state, inputs) {
  return { focus: inputs.default_focus };
}

/** The planner controller's options (views/support.py: PlannerPage). */
export const PLANNER_PAGE = { onControl: plannerOnControl, resetState: plannerResetState };
