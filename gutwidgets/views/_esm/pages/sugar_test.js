// Chapter 6's interactive path in the page: the scenario menu and the window slider -> the sugar-test
// model (calibrated once, the scenario's levers fitted once) -> the live sentence, the urine timeline
// and the ratio plot with its crowd of simulated people (the shared seeded generator: the people
// Python draws). The twin of views/sugar_test.py (SugarTestExplorer._state and show_in_kernel);
// tests/test_page_models_sugar_test.py compares them.
//
// A part: joined after the sugar-test model's parts (lib/pyformat.js, models/*.js), figures/common.js,
// figures/sugar_test.js, lib/dom.js and lib/page.js. No number from data/ is typed here: they arrive in
// `constants` (sugar_test_browser_constants()) and `inputs` (SugarTestExplorer._page_inputs()).

// The scenarios' fitted levers, per constants object (the page's constants change only from the kernel).
const SUGAR_SCENARIO_LEVERS = new WeakMap();

/** views/sugar_test.py: _scenario_levers: a scenario's levers, fitted once against the healthy person. */
export function sugarScenarioLevers(constants, name) {
  let known = SUGAR_SCENARIO_LEVERS.get(constants);
  if (!known) {
    known = {};
    SUGAR_SCENARIO_LEVERS.set(constants, known);
  }
  if (!Object.hasOwn(known, name)) {
    const healthy = new SugarTestModel(constants); // at the published window
    known[name] = SugarTestModel.scenarioLevers(name, constants.scenario_records, healthy);
  }
  return known[name];
}

/** Chapter 6: levers {scenario, window} -> {sentence, views}. */
export function sugarTestPage(levers, constants, inputs, theme) {
  const { scenario, window } = levers;
  const { surface, ...barrierLevers } = sugarScenarioLevers(constants, scenario);
  const model = new SugarTestModel(constants, { barrier: new BarrierModel(constants, barrierLevers), surface, window });
  const healthy = new SugarTestModel(constants, { window });
  const result = model.run(inputs.hours);
  const base = healthy.run([window]);
  const crowd = model.population(inputs.people, inputs.seed);
  const spread = sugarRatioSpread(model.constants);
  const band = [base.lm_ratio * Math.exp(-inputs.band_z * spread), base.lm_ratio * Math.exp(inputs.band_z * spread)];
  const above = inputs.cutoffs.map((c) => [c.lab, crowd.filter((p) => p > c.x).length / crowd.length]);
  const sentence = sugarTestSentence(scenario, result, base, above, model.constants, constants.scenario_records,
    constants.scenarios);
  const cutoffs = inputs.cutoffs.map((c) => ({ x: c.x, label: c.label }));
  return {
    sentence,
    views: {
      timeline: {
        figure: sugarTimelineFigure(result.hours, result.cumulative, result.window, inputs.sugar_labels,
          inputs.sugar_colors, theme, inputs.timeline_height),
        description: sentence,
      },
      ratio_plot: {
        figure: sugarRatioFigure(crowd, result.lm_ratio, band, cutoffs, theme, inputs.ratio_height),
        description: sentence,
      },
    },
  };
}
