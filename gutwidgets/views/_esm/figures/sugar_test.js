// Chapter 6's figures computed in the page: the twins of gutwidgets/figures/sugar_test.py's
// sugar_timeline_figure (the urine timeline) and ratio_figure (the crowd against the healthy band and
// the labs' cut-offs), on figures/common.js. tests/test_crosscheck_sugar_test.py compares them with
// Python's (numbers within 1e-9 relative, strings exact).
//
// A part (see views/_assets.py): joined after lib/pyformat.js and figures/common.js; no imports, no
// DOM. The sugars' labels and colours, and the cut-offs (from data/), arrive in the page's `inputs`
// (SugarTestExplorer._page_inputs()).

/**
 * figures/sugar_test.py: sugar_timeline_figure: cumulative urinary recovery (% of dose, log scale) of
 * each sugar against time. colors: sugar -> colour (the module's SUGAR_COLORS in Python).
 */
export function sugarTimelineFigure(hours, cumulative, window, labels, colors, theme = "default", height = 380) {
  figSizes(theme);
  // The collection window is a filled trace, not a layout shape: moving it is a data change.
  const data = [{
    type: "scatter", mode: "lines", name: "Urine collection window", fill: "toself",
    x: [0, window, window, 0, 0], y: [0.01, 0.01, 100, 100, 0.01],
    fillcolor: "rgba(0,114,178,0.10)", line: { width: 0, color: "rgba(0,114,178,0.3)" }, hoverinfo: "skip",
  }];
  for (const [s, ys] of Object.entries(cumulative)) {
    const label = labels[s] ?? s;
    data.push(figLineTrace(label, hours, ys, colors[s] ?? "#444", { theme, positive: true,
      hovertemplate: `${label}<br>%{x:.1f} h: %{y:.3g} % of dose<extra></extra>` }));
  }
  const layout = figBaseLayout(theme, height, {
    xaxis: figAxis("Hours after drinking the sugars", false, [0, hours.length ? Math.max(...hours) : 24],
      { dtick: 2 }),
    yaxis: figAxis("In urine so far (% of dose, log)", true, [0.01, 100]),
  });
  return { data, layout };
}

/**
 * figures/sugar_test.py: ratio_figure: the simulated people as dots, this state, the healthy band
 * ([low, high]) and the labs' cut-offs ([{x, label}, ...]).
 */
export function sugarRatioFigure(people, ratio, healthyBand, cutoffs, theme = "default", height = 340) {
  const [width, font] = figSizes(theme);
  const projector = theme === "projector";
  const jitter = people.map((_, i) => ((i * 0.6180339887) % 1.0) * 0.8 + 0.1); // deterministic spread
  const [low, high] = figClean(healthyBand, true);
  const data = [
    { type: "scatter", mode: "lines", name: "Healthy range (middle half)", fill: "toself",
      x: [low, high, high, low, low], y: [0, 0, 1, 1, 0], fillcolor: "rgba(0,158,115,0.15)",
      line: { width: 0, color: "rgba(0,158,115,0.4)" }, hoverinfo: "skip" },
    { type: "scatter", mode: "markers", name: "Simulated people (same state)", x: figClean(people, true), y: jitter,
      marker: { size: projector ? 7 : 5, color: "rgba(204,121,167,0.55)" },
      hovertemplate: "ratio %{x:.3g}<extra></extra>" },
    { type: "scatter", mode: "markers", name: "This state (typical person)", x: figClean([ratio], true), y: [0.5],
      marker: { size: projector ? 18 : 14, color: "#000", symbol: "diamond" },
      hovertemplate: "ratio %{x:.3g}<extra></extra>" },
  ];
  const shapes = cutoffs.map((c) => ({ type: "line", xref: "x", yref: "paper", x0: c.x, x1: c.x, y0: 0, y1: 1,
    line: { color: "#B26A00", width: width * 0.6, dash: "dot" } }));
  const annotations = cutoffs.map((c, i) => ({ x: Math.log10(c.x), xref: "x", y: 0.97 - 0.13 * (i % 3),
    yref: "paper", xanchor: "left", yanchor: "top", text: c.label, showarrow: false,
    bgcolor: "rgba(255,255,255,0.8)", font: { size: font - 2, color: "#5a3200" } }));
  const layout = figBaseLayout(theme, height, {
    margin: { l: 40, r: 20, t: 50, b: 60 },
    legend: { orientation: "h", y: 1.18, x: 0, font: { size: font - 1 } },
    xaxis: figAxis("Lactulose/mannitol ratio (log scale)", true, [0.005, 2],
      { tickvals: [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2], tickmode: "array" }),
    yaxis: { visible: false, range: [0, 1] },
    shapes,
    annotations,
  });
  return { data, layout };
}
