// Chapter 4's figures computed in the page: the twins of gutwidgets/figures/systemic.py's
// cascade_figure (the time course after the barrier opens) and confounding_figure (the simulated
// people). tests/test_crosscheck_systemic.py compares them with Python's on seeded states.
//
// A part (see views/_assets.py): joined after lib/pyformat.js and figures/common.js; no imports, no DOM.

// figures/systemic.py: TIME_TICKS, CASCADE_SERIES (key, label, colour, dash), Y_RANGE, GROUP_STYLES.
const SYSTEMIC_TIME_TICKS = [[0.1, "6 min"], [1, "1 h"], [6, "6 h"], [24, "1 day"], [72, "3 days"],
  [168, "1 week"], [504, "3 weeks"]];
const SYSTEMIC_CASCADE_SERIES = [
  ["multiplier", "LPS entry from the gut", "#777777", "dot"],
  ["plasma", "LPS in the blood", "#000000", "solid"],
  ["tnf", "TNF-alpha", "#D55E00", "solid"],
  ["il6", "IL-6", "#0072B2", "dash"],
  ["index", "Inflammation index (slow)", "#CC79A7", "solid"],
];
const SYSTEMIC_Y_RANGE = [0.5, 60.0];
const SYSTEMIC_GROUP_STYLES = [["Hidden factor low", "#56B4E9"], ["Hidden factor middle", "#E69F00"],
  ["Hidden factor high", "#D55E00"]];

/**
 * figures/systemic.py: cascade_figure: the time course (log time), each quantity × its healthy level
 * (log); the barrier is open (shaded) from 0 for openingHours.
 */
export function cascadeFigure(hours, series, openingHours, theme = "default", height = 420) {
  const tEnd = hours.length ? hours[hours.length - 1] : 504.0;
  const end = Math.min(Math.max(openingHours, 0.05), tEnd);
  const [low, high] = SYSTEMIC_Y_RANGE;
  const data = [{
    type: "scatter", mode: "lines", name: "Barrier open", fill: "toself",
    x: figClean([0.05, end, end, 0.05, 0.05]), y: [low, low, high, high, low],
    fillcolor: "rgba(230,159,0,0.12)", line: { width: 0, color: "rgba(230,159,0,0.3)" }, hoverinfo: "skip",
  }];
  const keep = hours.map((h, i) => [h, i]).filter(([h]) => h > 0).map(([, i]) => i);
  const x = keep.map((i) => hours[i]);
  for (const [key, label, color, dash] of SYSTEMIC_CASCADE_SERIES) {
    const y = keep.map((i) => Math.min(Math.max(series[key][i], low), high));
    data.push(figLineTrace(label, x, y, color, { theme, dash, positive: true,
      widthFactor: key === "plasma" || key === "index" ? 1.6 : 1.0,
      line_shape: key === "multiplier" ? "hv" : "linear",
      hovertemplate: `${label}<br>%{x:.3g} h: %{y:.3g} × healthy<extra></extra>` }));
  }
  const [, font] = figSizes(theme);
  const layout = figBaseLayout(theme, height, {
    margin: { l: 70, r: 20, t: 60, b: 70 },
    legend: { orientation: "h", y: 1.2, x: 0, font: { size: font - 1 } },
    xaxis: figAxis("Time since the barrier opened (log scale)", true, [0.05, 504], {
      tickvals: SYSTEMIC_TIME_TICKS.map(([v]) => v), ticktext: SYSTEMIC_TIME_TICKS.map(([, s]) => s),
      tickmode: "array" }),
    yaxis: figAxis("Level, × healthy (log scale)", true, SYSTEMIC_Y_RANGE, {
      tickvals: [0.5, 1, 2, 5, 10, 20, 50], ticktext: ["0.5", "1", "2", "5", "10", "20", "50"], tickmode: "array" }),
  });
  return { data, layout };
}

/** figures/systemic.py: confounding_figure: marker against symptom, one dot a person; by group when asked. */
export function confoundingFigure(marker, symptom, group, showGroups, theme = "default", height = 380) {
  figSizes(theme);
  const size = theme === "projector" ? 8 : 6;
  const everyone = marker.map((_, i) => i);
  const traces = showGroups
    ? SYSTEMIC_GROUP_STYLES.map(([label, color], k) => [label, color, everyone.filter((i) => group[i] === k)])
    : [["Simulated people", "rgba(0,0,0,0.55)", everyone]];
  const data = traces.map(([label, color, idx]) => ({
    type: "scatter", mode: "markers", name: label,
    x: figClean(idx.map((i) => marker[i])), y: figClean(idx.map((i) => symptom[i])),
    marker: { size, color, line: { width: 0.5, color: "#222" } },
    hovertemplate: "marker %{x:.2f}, symptom %{y:.2f}<extra></extra>",
  }));
  const layout = figBaseLayout(theme, height, {
    xaxis: figAxis("Gut permeability marker (standardised)", false, [-4, 4], { zeroline: false }),
    yaxis: figAxis("Symptom score (standardised)", false, [-5, 5], { zeroline: false }),
  });
  return { data, layout };
}
