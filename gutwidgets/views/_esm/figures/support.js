// Chapter 5's figures computed in the page: the twins of gutwidgets/figures/support.py (band_trace,
// fibre_figure, plan_figure). tests/test_crosscheck_support.py compares them with Python's.
//
// A part (see views/_assets.py): joined after lib/pyformat.js, models/support.js (supportInterp) and
// figures/common.js; no imports, no DOM.

const SUPPORT_BAND_FILL = "rgba(204,121,167,0.20)";

/** figures/support.py: band_trace: a filled band between low and high (along high, back along low). */
export function supportBandTrace(name, x, low, high, { fill = SUPPORT_BAND_FILL, positive = false, ...extra } = {}) {
  const xs = [...x];
  return {
    type: "scatter", mode: "lines", name, fill: "toself", fillcolor: fill,
    x: figClean([...xs, ...[...xs].reverse()]), y: figClean([...high, ...[...low].reverse()], positive),
    line: { width: 0, color: fill }, hoverinfo: "skip", ...extra,
  };
}

/** figures/support.py: _marker. */
function supportMarker(name, x, y, color, theme, symbol = "circle", extra = {}) {
  const big = theme === "projector";
  return {
    type: "scatter", mode: "markers", name, x: figClean(x), y: figClean(y),
    marker: { size: big ? 18 : 13, color, symbol, line: { color: "#111", width: 1 } }, ...extra,
  };
}

/**
 * figures/support.py: fibre_figure. curve: {fibre, butyrate, butyrate_low, butyrate_high}; point: this
 * intake's {fibre, butyrate, dish, dish_low, dish_high, effect, ...}; bell: {dish, effect}; measured:
 * [[mM, effect]]; marks: [[label, intake]].
 */
export function fibreFigure(curve, point, bell, measured, marks, theme = "default", height = 560, fibreMax = 60.0) {
  const [, font] = figSizes(theme);
  const top = curve.butyrate_high.length ? Math.max(...curve.butyrate_high) * 1.05 : 1.0;
  const bellX = [...bell.dish];
  const bellY = [...bell.effect];
  const range = [point.dish_low, point.dish, point.dish_high];
  const data = [
    supportBandTrace("Range (published SCFA and butyrate ranges, assumed ceiling)", curve.fibre, curve.butyrate_low,
      curve.butyrate_high),
    figLineTrace("Butyrate in the colon", curve.fibre, curve.butyrate, "#CC79A7", { theme,
      hovertemplate: "%{x:.0f} g/day: about %{y:.3g} mM<extra></extra>" }),
    supportMarker("Reference intakes", marks.map((m) => m[1]), supportInterp(marks.map((m) => m[1]), curve.fibre,
      curve.butyrate), "#ffffff", theme, "diamond", { text: marks.map((m) => m[0]),
      hovertemplate: "%{text}: %{x:.0f} g/day<extra></extra>" }),
    supportMarker("This intake", [point.fibre], [point.butyrate], "#000000", theme, "circle",
      { hovertemplate: "%{x:.0f} g/day: %{y:.3g} mM in the colon<extra></extra>" }),
    figLineTrace("Junction response in cell culture", bellX, bellY, "#0072B2", { theme, xaxis: "x2", yaxis: "y2",
      hovertemplate: "%{x:.3g} mM in the dish: effect %{y:.2f}<extra></extra>" }),
    figLineTrace("Range for this intake", range, supportInterp(range, bellX, bellY), "rgba(0,0,0,0.35)",
      { theme, widthFactor: 4, xaxis: "x2", yaxis: "y2", hoverinfo: "skip" }),
    supportMarker("Cell-culture results (Caco-2)", measured.map((m) => m[0]), measured.map((m) => m[1]), "#E69F00",
      theme, "square", { xaxis: "x2", yaxis: "y2",
        hovertemplate: "%{x:g} mM in the dish (measured direction; size assumed)<extra></extra>" }),
    supportMarker("This intake, dish-equivalent", [point.dish], [point.effect], "#000000", theme, "circle",
      { xaxis: "x2", yaxis: "y2", hovertemplate: "%{x:.3g} mM: effect %{y:.2f}<extra></extra>" }),
    figLineTrace("No effect", [0, 10], [0, 0], "#777777", { theme, dash: "dot", widthFactor: 0.6, xaxis: "x2",
      yaxis: "y2", hoverinfo: "skip", showlegend: false }),
  ];
  const layout = figBaseLayout(theme, height, {
    margin: { l: 80, r: 20, t: 70, b: 60 },
    legend: { orientation: "h", y: 1.16, x: 0, font: { size: font - 2 } },
    xaxis: figAxis("Fibre eaten (g/day)", false, [0, fibreMax], { anchor: "y" }),
    yaxis: figAxis("Butyrate in the colon (mM)", false, [0, top], { domain: [0.6, 1.0] }),
    xaxis2: figAxis("Butyrate reaching the cells, dish-equivalent (mM; model assumption)", false, [0, 10],
      { anchor: "y2" }),
    yaxis2: figAxis("Junctions (+1: tighter, as at 2 mM)", false, [-1.5, 1.5], { domain: [0.0, 0.42],
      tickvals: [-1, 0, 1], ticktext: ["looser", "no effect", "tighter"], tickmode: "array" }),
  });
  return { data, layout };
}

/**
 * figures/support.py: plan_figure. ratio, leak and erosion: {with, without} at days; band: [low, high].
 */
export function planFigure(days, ratio, leak, erosion, band, startDay, healthyRatio, theme = "default", height = 640) {
  const [, font] = figSizes(theme);
  const end = days.length ? Math.max(...days) : 1.0;
  const [lowY, highY] = [healthyRatio / 2, healthyRatio * 8];
  const hover = "day %{x:.0f}: %{y:.3g}<extra></extra>";
  const lines = (what, values, color, axes) => [
    figLineTrace(`${what}, without`, days, values.without, "#777777", { theme, dash: "dash", ...axes,
      showlegend: false, hovertemplate: hover }),
    figLineTrace(`${what}, with`, days, values.with, color, { theme, ...axes, showlegend: false, hovertemplate: hover }),
  ];
  const data = [
    { type: "scatter", mode: "lines", name: "Strategies in use", fill: "toself",
      x: figClean([startDay, end, end, startDay, startDay]), y: figClean([lowY, lowY, highY, highY, lowY]),
      fillcolor: "rgba(0,158,115,0.08)", line: { width: 0, color: "rgba(0,158,115,0.3)" }, hoverinfo: "skip" },
    supportBandTrace("Likely range (sizes' ranges, and the middle half of people)", days, band[0], band[1],
      { positive: true }),
    figLineTrace("Healthy", [0, end], [healthyRatio, healthyRatio], "#009E73", { theme, dash: "dot", widthFactor: 0.7,
      hoverinfo: "skip" }),
    figLineTrace("Without the strategies", days, ratio.without, "#777777", { theme, dash: "dash", positive: true,
      hovertemplate: hover }),
    figLineTrace("With the strategies", days, ratio.with, "#CC79A7", { theme, positive: true, hovertemplate: hover }),
    ...lines("Leak route", leak, "#E69F00", { xaxis: "x2", yaxis: "y2" }),
    ...lines("Eroded surface", erosion, "#D55E00", { xaxis: "x3", yaxis: "y3" }),
  ];
  const layout = figBaseLayout(theme, height, {
    margin: { l: 90, r: 20, t: 70, b: 60 },
    legend: { orientation: "h", y: 1.14, x: 0, font: { size: font - 2 } },
    xaxis: figAxis("", false, [0, end], { anchor: "y", matches: "x3", showticklabels: false }),
    yaxis: figAxis("Sugar-test ratio (L/M, log)", true, [lowY, highY], { domain: [0.48, 1.0] }),
    xaxis2: figAxis("", false, [0, end], { anchor: "y2", matches: "x3", showticklabels: false }),
    yaxis2: figAxis("Leak route (x healthy)", false, [0.9, 3.0], { domain: [0.25, 0.43] }),
    xaxis3: figAxis("Days", false, [0, end], { anchor: "y3" }),
    yaxis3: figAxis("Eroded surface (%)", false, [0, 0.4], { domain: [0.0, 0.2] }),
  });
  return { data, layout };
}
