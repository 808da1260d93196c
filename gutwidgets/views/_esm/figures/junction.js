// Chapter 2's TEER meter computed in the page: the twin of gutwidgets/figures/junction.py's
// teer_figure. tests/test_crosscheck_teer.py compares its figures with Python's on seeded states
// (numbers within 1e-9 relative, strings exact).
//
// A part (see views/_assets.py): joined after lib/pyformat.js and figures/common.js; no imports, no
// DOM. The reference tissues' resistances come from data/ in the page's `inputs`
// (JunctionExplorer._page_inputs()).

const TEER_AXIS_TOP = 3000.0;
const TEER_MODEL_COLOR = "#0072B2";

/**
 * figures/junction.py: teer_figure. references: [[label, Ω·cm²], ...]; span: [low, high] of the
 * modelled value over its uncertain inputs, or null.
 */
export function teerFigure(current, currentLabel, references, theme = "default", height = 300, span = null) {
  const [width, font] = figSizes(theme);
  const labels = [currentLabel, ...references.map((r) => r[0])];
  const values = figClean([current, ...references.map((r) => r[1])], true);
  let rangeX = [null, null];
  if (span !== null && values[0] !== null) {
    const [lo, hi] = figClean(span, true);
    if (lo !== null && hi !== null) rangeX = [Math.min(lo, values[0]), Math.max(Math.min(hi, TEER_AXIS_TOP), values[0])];
  }
  const stemX = [];
  const stemY = [];
  labels.forEach((label, i) => {
    stemX.push(1.0, values[i] !== null ? values[i] : TEER_AXIS_TOP, null);
    stemY.push(label, label, null);
  });
  const colors = [TEER_MODEL_COLOR, ...references.map(() => "#777777")];
  const data = [
    { type: "scatter", mode: "lines", name: "stems", x: stemX, y: stemY, showlegend: false,
      line: { color: "#999", width: width * 2 }, hoverinfo: "skip" },
    { type: "scatter", mode: "lines+markers", name: "uncertain range", x: rangeX, y: [labels[0], labels[0]],
      showlegend: false, line: { color: TEER_MODEL_COLOR, width: width * 2 },
      marker: { symbol: "line-ns-open", size: theme === "projector" ? 16 : 12, color: TEER_MODEL_COLOR,
        line: { color: TEER_MODEL_COLOR, width } },
      hoverinfo: "skip" },
    { type: "scatter", mode: "markers", name: "TEER", x: values.map((v) => (v !== null ? v : TEER_AXIS_TOP)),
      y: labels, showlegend: false, marker: { color: colors, size: theme === "projector" ? 20 : 14 },
      hovertemplate: "%{y}: %{x:.3g} Ω·cm²<extra></extra>" },
  ];
  const layout = figBaseLayout(theme, height, {
    showlegend: false,
    margin: { l: theme === "projector" ? 330 : 250, r: 60, t: 20, b: 60 },
    xaxis: figLogAxis("Electrical resistance, TEER (Ω·cm², log scale)", [1, TEER_AXIS_TOP], {}),
    yaxis: { autorange: "reversed", tickfont: { size: font - 1 }, categoryorder: "array", categoryarray: labels },
  });
  return { data, layout };
}
