// Chapter 3's time course computed in the page: the twin of gutwidgets/figures/causes.py's
// cause_course_figure (sugar-test ratio above TEER, against days). tests/test_crosscheck_causes.py
// compares its figures with Python's on seeded states.
//
// A part (see views/_assets.py): joined after lib/pyformat.js and figures/common.js; no imports, no DOM.

/**
 * figures/causes.py: cause_course_figure. pinned: [fold, teer] of the pinned scenario, or null (an
 * empty line: every trace is always present, so a change is a data change on plotly's fast path).
 */
export function causeCourseFigure(days, fold, teer, pinned, exposureEnd, healthyTeer, theme = "default",
  height = 520, pinnedLabel = "Pinned scenario") {
  const [, font] = figSizes(theme);
  const end = days.length ? Math.max(...days) : 1.0;
  const none = days.map(() => null);
  const [pinFold, pinTeer] = pinned !== null ? pinned : [none, none];
  const hoverFold = "day %{x:.1f}: %{y:.3g} times healthy";
  const hoverTeer = "day %{x:.1f}: %{y:.3g} Ω·cm²";
  const data = [
    { type: "scatter", mode: "lines", name: "Causes acting", fill: "toself",
      x: figClean([0, exposureEnd, exposureEnd, 0, 0]), y: [0.9, 0.9, 20, 20, 0.9],
      fillcolor: "rgba(230,159,0,0.12)", line: { width: 0, color: "rgba(230,159,0,0.4)" }, hoverinfo: "skip" },
    figLineTrace("Healthy", [0, end], [1, 1], "#009E73", { theme, dash: "dot", widthFactor: 0.7, hoverinfo: "skip" }),
    figLineTrace(`${pinnedLabel}: ratio`, days, pinFold, "#777777", { theme, dash: "dash", positive: true,
      hovertemplate: `${hoverFold}<extra>pinned</extra>` }),
    figLineTrace("Sugar-test ratio", days, fold, "#CC79A7", { theme, positive: true,
      hovertemplate: `${hoverFold}<extra></extra>` }),
    figLineTrace("Healthy resistance", [0, end], [healthyTeer, healthyTeer], "#009E73", { theme, dash: "dot",
      widthFactor: 0.7, hoverinfo: "skip", xaxis: "x2", yaxis: "y2", showlegend: false }),
    figLineTrace(`${pinnedLabel}: resistance`, days, pinTeer, "#777777", { theme, dash: "dash", positive: true,
      xaxis: "x2", yaxis: "y2", showlegend: false, hovertemplate: `${hoverTeer}<extra>pinned</extra>` }),
    figLineTrace("Resistance (TEER)", days, teer, "#0072B2", { theme, positive: true, xaxis: "x2", yaxis: "y2",
      hovertemplate: `${hoverTeer}<extra></extra>` }),
  ];
  const layout = figBaseLayout(theme, height, {
    margin: { l: 80, r: 20, t: 60, b: 60 },
    legend: { orientation: "h", y: 1.14, x: 0, font: { size: font - 1 } },
    xaxis: figAxis("", false, [0, end], { anchor: "y", matches: "x2", showticklabels: false }),
    yaxis: figAxis("Sugar-test ratio (x healthy, log)", true, [0.9, 20], { domain: [0.42, 1.0],
      tickvals: [1, 1.5, 2, 3, 5, 10, 20], tickmode: "array" }),
    xaxis2: figAxis("Days", false, [0, end], { anchor: "y2" }),
    yaxis2: figAxis("TEER (Ω·cm²)", false, [0, healthyTeer * 1.25], { domain: [0.0, 0.3] }),
  });
  return { data, layout };
}
