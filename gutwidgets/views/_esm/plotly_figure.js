// A plotly.js figure whose whole specification ({data, layout}) comes from Python in the
// `figure` trait. This module only draws. Joined at load time after plotly_loader.js (provides
// loadPlotly) and plot_structure.js (provides structureKey) by views/plot.py.
//
// Two ways to redraw. When only the x/y arrays of the (scatter) traces change (a lever moved:
// structureKey, the one definition of "same structure", is unchanged), Plotly.animate without a
// redraw moves the existing lines and markers: a few milliseconds. Anything else goes through
// Plotly.react, which rebuilds axes, legend and labels (about 20 ms on a 2-core machine:
// measured). No `datarevision` is set: a changed one forces a full replot. Draws run one after
// another, each in a task of its own; a figure superseded before its turn is skipped, so the plot
// never lags behind a drag.

export default {
  async render({ model, el }) {
    const root = document.createElement("div");
    const setClass = () => {
      root.className = ("gw-plot " + (model.get("css_class") || "")).trim();
    };
    setClass();
    model.on("change:css_class", setClass);
    root.setAttribute("role", "figure");
    const caption = document.createElement("p");
    caption.className = "gw-visually-hidden";
    const status = document.createElement("p");
    status.className = "gw-plot-status";
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
    // The first draw in a task of its own: plots waiting for plotly.js would otherwise all draw
    // in the one task that loaded it (about 200 ms for chapter 1 here), and a control moved
    // meanwhile would wait for all of them.
    await new Promise((resolve) => setTimeout(resolve, 0));
    status.remove();
    const config = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage"] };
    let revision = 0;
    let pending = false;
    let structure = null;
    let drawnArrays = [];
    let busy = Promise.resolve();
    const draw = () => {
      pending = false;
      const figure = model.get("figure") || {};
      const data = figure.data || [];
      const layout = figure.layout || {};
      const text = model.get("description") || "";
      caption.textContent = text;
      root.setAttribute("aria-label", text || "Plot");
      const key = structureKey(figure);
      revision += 1;
      const mine = revision;
      busy = busy
        .then(() => {
          // A newer figure came while an earlier one was drawing (a drag outpaces the plot): skip
          // this one, so the plot draws the latest state next instead of working through a backlog.
          if (mine !== revision) return undefined;
          const arrays = data.map((t) => JSON.stringify([t.x, t.y]));
          if (key === structure && graph.data && graph.data.length === data.length) {
            // Move only the traces whose points changed (fixed curves stay as drawn).
            const changed = arrays.map((a, i) => (a === drawnArrays[i] ? -1 : i)).filter((i) => i >= 0);
            drawnArrays = arrays;
            if (!changed.length) return undefined;
            return Plotly.animate(
              graph,
              { data: changed.map((i) => ({ x: data[i].x, y: data[i].y })), traces: changed },
              { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate" },
            );
          }
          structure = key;
          drawnArrays = arrays;
          // Plotly keeps references to what it is given: hand it copies.
          return Plotly.react(graph, JSON.parse(JSON.stringify(data)), JSON.parse(JSON.stringify(layout)), config);
        })
        .then(() => {
          if (mine === revision) root.dataset.revision = String(mine);
        })
        .catch((e) => {
          structure = null;
          drawnArrays = [];
          console.warn("gutwidgets: plot redraw failed", e);
        });
    };
    // One websocket message (or one frame of the page's own model) may change several traits:
    // draw once, after all of them, in a task of its own. Not in a microtask: the page controller
    // sets the figure inside an animation frame, and a draw there (Plotly's work and the SVG's
    // layout) made 152 of 2,442 frames of chapter 2's drags take two on this machine's 2 cores (the
    // static copy); in a task of its own, between frames, 1 of 2,742 did. The plot shows a move
    // one frame after the sentence.
    const schedule = () => {
      if (!pending) {
        pending = true;
        setTimeout(draw, 0);
      }
    };
    const names = ["figure", "description"];
    for (const n of names) model.on(`change:${n}`, schedule);
    draw();
    return () => {
      for (const n of names) model.off(`change:${n}`, schedule);
      model.off("change:css_class", setClass);
      try {
        Plotly.purge(graph);
      } catch {
        /* already gone */
      }
    };
  },
};
