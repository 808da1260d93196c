// Chapter 1's interactive path in the page: the three levers -> the barrier model -> the live
// sentence, the sieving plot's figure and the cross-section's rates. The twin of
// views/explorer.py (BarrierExplorer.sentence), views/sieving_plot.py (SievingPlot.show_model) and
// views/cross_section.py (CrossSection.show_model); tests/test_page_models.py compares them.
//
// A part: joined after lib/pyformat.js, models/{validate,hindrance,barrier}.js, figures/barrier.js,
// lib/dom.js and lib/page.js. No number from data/ is typed here: they arrive in `constants`
// (browser_constants()) and `inputs` (BarrierExplorer._page_inputs()).

/** views/cross_section.py: crossing_probability (a relative permeability -> a per-encounter chance). */
export function crossingProbability(permeability, halfSaturation) {
  if (!Number.isFinite(permeability) || permeability <= 0) return 0.0;
  return permeability / (permeability + halfSaturation);
}

/** views/cross_section.py: CrossSection.show_model's probe list for these animated molecules. */
export function crossSectionProbes(model, animated, halfSaturation) {
  if (!animated.length) return [];
  const radii = animated.map((p) => p.radius_angstrom);
  const perm = model.permeability(radii);
  const shares = model.routeShares(radii);
  return animated.map((p, i) => ({
    ...p,
    crossing_probability: crossingProbability(perm[i], halfSaturation),
    route_shares: Object.fromEntries(BARRIER_ROUTES.map((r) => [r, shares[r][i]])),
  }));
}

/** The views' data for one state of the BarrierModel (used by chapters 1 and 2). */
export function barrierViews(model, inputs, theme, sentence) {
  const views = {
    sieving: {
      figure: sievingModelFigure(model, inputs.sieving, theme, inputs.sieving_height),
      description: sentence,
    },
  };
  if (inputs.animated) {
    views.cross_section = {
      probes: crossSectionProbes(model, inputs.animated, inputs.half_saturation),
      pore_level: model.pore_level,
      leak_level: model.leak_level,
      damaged_fraction: model.damaged_fraction,
      description: sentence,
    };
  }
  return views;
}

/** Chapter 1: levers {pore_level, leak_level, damaged_fraction} -> {sentence, views}. */
export function barrierPage(levers, constants, inputs, theme) {
  const model = new BarrierModel(constants, levers);
  const sentence = model.summary();
  return { sentence, views: barrierViews(model, inputs, theme, sentence) };
}

