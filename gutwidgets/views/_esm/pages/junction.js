// Chapter 2's interactive path in the page: the junction's levers -> the junction model (and the
// barrier model it drives) -> the live sentence, the zipper's state, the TEER meter and chapter 1's
// sieving plot. The twin of views/junction.py (JunctionExplorer.show_in_kernel and its sentence);
// tests/test_page_models_junction.py compares them.
//
// A part: joined after the junction model's parts (lib/pyformat.js, models/*.js), figures/common.js,
// figures/barrier.js, figures/junction.js, lib/dom.js, lib/page.js and pages/barrier.js. No number
// from data/ is typed here: they arrive in `constants` (browser_constants()) and `inputs`
// (JunctionExplorer._page_inputs()).

/** views/junction.py: teer_meter: the model's resistance, with its span over the uncertain ion ratio. */
export function teerMeter(model, ratioRange, references, theme, height) {
  const span = [model.teer(undefined, ratioRange[0]), model.teer(undefined, ratioRange[1])];
  const label = `Model: ${model.tissues[model.tissue].label}`;
  return teerFigure(model.teer(), label, references, theme, height, [Math.min(...span), Math.max(...span)]);
}

/**
 * Chapter 2: levers {claudin2, mlck, tnf, calcium_removed, ifn_gamma_primed, zonulin, tissue} ->
 * {sentence, views}.
 */
export function junctionPage(levers, constants, inputs, theme) {
  const { tissue, ...junctionLevers } = levers;
  const model = new JunctionModel(constants, { tissue, ...junctionLevers });
  const ratioRange = constants.ranges[constants.ion_ratio_record];
  const sentence = dashboardSentence(model, ratioRange);
  const [pore, leak] = model.routeLevels();
  const limits = constants.route_limits;
  return {
    sentence,
    views: {
      zipper: {
        claudin2_level: Math.min(pore, limits.pore),
        leak_level: Math.min(leak, limits.leak),
        strand_integrity: 1.0 - model.calcium_removed,
        zonulin_active: model.zonulin,
        description: sentence,
      },
      teer_plot: {
        figure: teerMeter(model, ratioRange, inputs.teer_references, theme, inputs.teer_height),
        description: sentence,
      },
      ...barrierViews(model.barrier, inputs, theme, model.barrier.summary()),
    },
  };
}
