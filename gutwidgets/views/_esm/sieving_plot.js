// Sieving plot: permeability against Stokes radius, one line per route plus the total,
// probe molecules marked. Python sends numbers only (traits); this module only draws.
// Prepended at load time by plotly_loader.js (provides loadPlotly).

function finite(x) {
  return typeof x === "number" && Number.isFinite(x);
}

function cleanSeries(values) {
  // Non-positive or non-finite values cannot sit on a log axis: leave a gap.
  return (values || []).map((v) => (finite(v) && v > 0 ? v : null));
}

function labelPositions(points) {
  // Alternate labelled points above-right and below-left so neighbours do not overlap.
  let k = 0;
  return points.map((p) => (p.featured ? (k++ % 2 ? "bottom left" : "top right") : "top right"));
}

function buildFigure(model, el) {
  const radii = (model.get("radii") || []).filter(finite);
  const curves = model.get("curves") || {};
  const styles = model.get("route_styles") || {};
  const probes = model.get("probes") || [];
  const projector = model.get("theme") === "projector";
  const width = projector ? 5 : 2.5;
  const font = projector ? 20 : 13;
  const traces = [];
  for (const key of Object.keys(styles)) {
    const style = styles[key];
    traces.push({
      type: "scatter",
      mode: "lines",
      name: style.label || key,
      x: radii,
      y: cleanSeries(curves[key]),
      line: { color: style.color, width: key === "total" ? width * 2.2 : width, dash: style.dash || "solid" },
      hovertemplate: `${style.label || key}<br>radius %{x:.3g} Å<br>permeability %{y:.3g}<extra></extra>`,
    });
  }
  const shown = probes.filter((p) => finite(p.radius) && finite(p.permeability) && p.permeability > 0);
  if (shown.length) {
    traces.push({
      type: "scatter",
      mode: "markers+text",
      name: "Probe molecules",
      x: shown.map((p) => p.radius),
      y: shown.map((p) => p.permeability),
      text: shown.map((p) => (p.featured ? p.label : "")),
      hovertext: shown.map((p) => p.label),
      textposition: labelPositions(shown),
      textfont: { size: font - 2 },
      customdata: shown.map((p) => [p.radius_low, p.radius_high, p.grade, p.source]),
      error_x: {
        type: "data",
        symmetric: false,
        array: shown.map((p) => Math.max(0, p.radius_high - p.radius)),
        arrayminus: shown.map((p) => Math.max(0, p.radius - p.radius_low)),
        thickness: projector ? 3 : 1.5,
        width: 4,
        color: "#333",
      },
      marker: { size: projector ? 14 : 10, color: shown.map((p) => p.color), line: { color: "#222", width: 1 } },
      hovertemplate:
        "<b>%{hovertext}</b><br>Stokes radius %{x:.3g} Å (range %{customdata[0]:.3g}-%{customdata[1]:.3g})" +
        "<br>permeability %{y:.3g}<br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>",
    });
  }
  const blocked = probes.filter((p) => finite(p.radius) && !(p.permeability > 0));
  const shapes = [];
  const annotations = [];
  for (const line of model.get("markers") || []) {
    if (!finite(line.x)) continue;
    shapes.push({
      type: "line", xref: "x", yref: "paper", x0: line.x, x1: line.x, y0: 0, y1: 1,
      line: { color: line.color || "#666", width: projector ? 3 : 1.5, dash: "dot" },
    });
    annotations.push({
      x: Math.log10(line.x), xref: "x", y: 1, yref: "paper", yanchor: "bottom",
      text: line.label, showarrow: false, font: { size: font - 2, color: line.color || "#444" },
    });
  }
  if (blocked.length) {
    annotations.push({
      x: 0, xref: "paper", y: -0.32, yref: "paper", xanchor: "left", showarrow: false,
      align: "left", font: { size: font - 2, color: "#333" },
      text: "Cannot cross in this state: " + blocked.map((p) => p.label).join(", "),
    });
  }
  const yr = model.get("y_range") || [];
  const xr = model.get("x_range") || [];
  const layout = {
    height: model.get("height") || 420,
    margin: { l: 70, r: 20, t: 40, b: blocked.length ? 110 : 70 },
    font: { size: font, family: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", color: "#111" },
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    showlegend: true,
    legend: { orientation: "h", y: 1.12, x: 0, font: { size: font - 1 } },
    xaxis: {
      type: "log", title: { text: model.get("x_label") }, gridcolor: "#e5e5e5", linecolor: "#333",
      tickvals: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000], tickmode: "array",
      range: xr.length === 2 ? xr.map(Math.log10) : undefined,
    },
    yaxis: {
      type: "log", title: { text: model.get("y_label") }, gridcolor: "#e5e5e5", linecolor: "#333",
      range: yr.length === 2 ? yr.map(Math.log10) : undefined, exponentformat: "power",
    },
    shapes,
    annotations,
  };
  return { traces, layout };
}

export default {
  async render({ model, el }) {
    const root = document.createElement("div");
    root.className = "gw-sieving-plot";
    root.setAttribute("role", "figure");
    const caption = document.createElement("p");
    caption.className = "gw-visually-hidden";
    const status = document.createElement("p");
    status.className = "gw-sieving-status";
    status.textContent = "Loading the plot…";
    const graph = document.createElement("div");
    root.append(caption, status, graph);
    el.appendChild(root);
    root.dataset.revision = "0";
    let Plotly;
    try {
      Plotly = await loadPlotly();
    } catch (e) {
      status.textContent =
        "The plot could not load its drawing library (plotly.js) from this server. " +
        "Serve the notebooks with Voila, or open them in JupyterLab with gutwidgets installed.";
      root.dataset.error = String(e);
      console.warn("gutwidgets: plotly.js unavailable:", e);
      return () => {};
    }
    status.remove();
    let revision = 0;
    let pending = false;
    // Two ways to redraw. When only the heights of the curves and markers change (a lever
    // moved), Plotly.animate without a redraw moves the existing lines and markers: a few
    // milliseconds. Anything else (new probes, theme, size, a probe starting or stopping to
    // cross) goes through Plotly.react, which rebuilds axes, legend and labels (about 20 ms
    // on a 2-core machine: measured).
    let structure = null;
    let busy = Promise.resolve();
    const draw = () => {
      pending = false;
      const { traces, layout } = buildFigure(model, el);
      caption.textContent = model.get("description") || "";
      root.setAttribute("aria-label", model.get("description") || "Sieving plot");
      const key = JSON.stringify([
        traces.map((t) => [t.name, t.x, t.text]),
        layout.height, layout.margin, layout.shapes, layout.annotations, layout.font, layout.xaxis.range, layout.yaxis.range,
      ]);
      revision += 1;
      const mine = revision;
      const config = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage"] };
      busy = busy.then(() => {
        if (key === structure && graph.data && graph.data.length === traces.length) {
          return Plotly.animate(
            graph,
            { data: traces.map((t) => ({ y: t.y })), traces: traces.map((_t, i) => i) },
            { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate" },
          );
        }
        structure = key;
        return Plotly.react(graph, traces, layout, config);
      }).then(() => {
        if (mine === revision) root.dataset.revision = String(mine);
      }).catch((e) => {
        structure = null;
        console.warn("gutwidgets: sieving plot redraw failed", e);
      });
    };
    // One websocket message may change several traits; draw once, right after all of them.
    const schedule = () => {
      if (!pending) {
        pending = true;
        queueMicrotask(draw);
      }
    };
    const names = ["radii", "curves", "probes", "route_styles", "markers", "theme", "height", "description", "x_range", "y_range", "x_label", "y_label"];
    for (const n of names) model.on(`change:${n}`, schedule);
    draw();
    return () => {
      for (const n of names) model.off(`change:${n}`, schedule);
      try {
        Plotly.purge(graph);
      } catch (e) {
        /* already gone */
      }
    };
  },
};
