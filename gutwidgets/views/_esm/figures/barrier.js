// Chapter 1's sieving plot computed in the page: the twin of gutwidgets/figures/barrier.py's
// sieving_figure (with figures/_common.py's clean, base_layout, axis and line_trace) fed by the data
// path of views/sieving_plot.py (route curves on the radius grid, probe points). tests/test_crosscheck_figures.py
// compares its figures with Python's on seeded states (numbers within 1e-9 relative, strings exact).
//
// A part (see views/_assets.py): joined after lib/pyformat.js, models/{validate,hindrance,barrier}.js and
// figures/common.js; no imports, no DOM. Numbers from data/ arrive in `constants` (browser_constants()); what no lever
// changes (the radius grid, the probes' sizes, colours, grades and sources, the route styles) arrives
// in `inputs` (views/sieving_plot.py: sieving_inputs()).

const sieveOk = (y) => Number.isFinite(y) && y > 0;

/** figures/barrier.py: sieving_figure (the same arguments, as JSON). */
export function sievingFigure(radii, curves, probes, markers, routeStyles, theme = "default", height = 440,
  xRange = [1.0, 1000.0], yRange = [1e-6, 1e5], tickvals = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]) {
  const [width, font] = figSizes(theme);
  const data = [];
  for (const [key, style] of routeStyles) {
    if (!(key in curves)) continue;
    data.push({
      type: "scatter", mode: "lines", name: style.label,
      x: figClean(radii),
      y: figClean(curves[key], true),
      line: { color: style.color, width: width * (key === "total" ? 2.2 : 1.0), dash: style.dash },
      hovertemplate: `${style.label}<br>radius %{x:.3g} Å<br>permeability %{y:.3g}<extra></extra>`,
    });
  }
  const shown = probes.filter((p) => sieveOk(p.permeability));
  const blocked = probes.filter((p) => !sieveOk(p.permeability));
  if (shown.length) {
    let k = 0;
    const positions = shown.map((p) => {
      const pos = p.featured ? (k % 2 ? "bottom left" : "top right") : "top right";
      k += p.featured ? 1 : 0;
      return pos;
    });
    data.push({
      type: "scatter", mode: "markers+text", name: "Probe molecules",
      x: figClean(shown.map((p) => p.radius)),
      y: figClean(shown.map((p) => p.permeability), true),
      text: shown.map((p) => (p.featured ? p.label : "")),
      hovertext: shown.map((p) => p.label),
      textposition: positions,
      textfont: { size: font - 2 },
      customdata: shown.map((p) => [p.radius_low, p.radius_high, p.grade, p.source]),
      error_x: {
        type: "data", symmetric: false,
        array: figClean(shown.map((p) => Math.max(0.0, p.radius_high - p.radius))),
        arrayminus: figClean(shown.map((p) => Math.max(0.0, p.radius - p.radius_low))),
        thickness: theme === "projector" ? 3 : 1.5, width: 4, color: "#333",
      },
      marker: { size: theme === "projector" ? 14 : 10, color: shown.map((p) => p.color),
        line: { color: "#222", width: 1 } },
      hovertemplate: "<b>%{hovertext}</b><br>Stokes radius %{x:.3g} Å (range %{customdata[0]:.3g}-"
        + "%{customdata[1]:.3g})<br>permeability %{y:.3g}<br>%{customdata[2]}<br>"
        + "%{customdata[3]}<extra></extra>",
    });
  }
  const shapes = [];
  const annotations = [];
  for (const m of markers) {
    shapes.push({ type: "line", xref: "x", yref: "paper", x0: m.x, x1: m.x, y0: 0, y1: 1,
      line: { color: m.color, width: width * 0.6, dash: "dot" } });
    annotations.push({ x: Math.log10(m.x), xref: "x", y: 1, yref: "paper", yanchor: "bottom",
      text: m.label, showarrow: false, font: { size: font - 2, color: m.color } });
  }
  if (blocked.length) {
    annotations.push({
      x: 0, xref: "paper", y: -0.32, yref: "paper", xanchor: "left", showarrow: false,
      align: "left", font: { size: font - 2, color: "#333" },
      text: "Cannot cross in this state: " + blocked.map((p) => p.label).join(", "),
    });
  }
  const layout = figBaseLayout(theme, height, {
    margin: { l: 70, r: 20, t: 40, b: blocked.length ? 110 : 70 },
    xaxis: figLogAxis("Stokes radius of the molecule (Å, log scale)", xRange, { tickvals, tickmode: "array" }),
    yaxis: figLogAxis("Permeability (healthy mannitol = 1, log scale)", yRange, {}),
    shapes,
    annotations,
  });
  return { data, layout };
}

/**
 * views/sieving_plot.py's data path: the route curves on the radius grid, the probe points and
 * the pore/leak size markers for a BarrierModel, drawn by sievingFigure. `inputs`: sieving_inputs().
 */
export function sievingModelFigure(model, inputs, theme = "default", height = 440) {
  const routes = model.routePermeabilities(inputs.radii);
  const total = routes.pore.map((p, i) => p + routes.leak[i] + routes.unrestricted[i]);
  const curves = { total: figClean(total, true) };
  for (const r of BARRIER_ROUTES) curves[r] = figClean(routes[r], true);
  const probes = inputs.probes;
  const perm = probes.length ? model.permeability(probes.map((p) => p.radius)) : [];
  const points = probes.map((p, i) => ({ ...p, permeability: Number.isFinite(perm[i]) ? perm[i] : 0.0 }));
  const styles = Object.fromEntries(inputs.route_styles);
  const c = model.constants;
  const markers = [
    { x: c.pore_radius, label: "pore size", color: styles.pore.color },
    { x: c.leak_radius, label: "leak size", color: styles.leak.color },
  ];
  return sievingFigure(inputs.radii, curves, points, markers, inputs.route_styles, theme, height);
}
