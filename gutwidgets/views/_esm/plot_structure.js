// What must stay the same between two figures for the plot's fast redraw path: everything but
// the x and y arrays of the traces. The number and order of traces, every other trace attribute
// and the whole layout (nested x and y such as layout.legend.x included) must be equal; object
// keys compare regardless of their order. Joined before plotly_figure.js by views/plot.py
// (asset("plotly_loader.js", "plot_structure.js", "plotly_figure.js")). A pure function with no
// browser API, so Node runs it too: tests/test_plot_structure.py checks that it and Python's
// gutwidgets.figures.figure_structure agree on every figure the project draws.

function sortedKeys(key, value) {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, value[k]]),
    );
  }
  return value;
}

export function structureKey(figure) {
  const fig = figure || {};
  const data = (fig.data || []).map((trace) => {
    const rest = { ...trace };
    delete rest.x;
    delete rest.y;
    return rest;
  });
  return JSON.stringify([data, fig.layout || {}], sortedKeys);
}
