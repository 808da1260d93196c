// Shared front-end part (views/_esm/lib/): the page controller of a dashboard that computes in the
// page (views/_page.py: PageController). It reads the dashboard's controls while they move, runs a
// pure compute(levers, constants, inputs, theme) from the dashboard's page part (pages/<topic>.js),
// writes the live sentence, and sets each view's figure data on that view's model in the page only
// (model.set without save_changes: nothing goes back to the kernel). Reset runs here too.
//
// Joined after lib/dom.js, the browser model's parts and before pages/<topic>.js.

/** A control's value as the lever's value: a menu's index through its choices, a slider's shown value / scale. */
export function gwLeverValue(spec, raw) {
  if (spec.choices) return spec.choices[raw];
  if (typeof raw === "number") return raw / (spec.scale || 1);
  return raw;
}

/** Every lever's value from its control (models: lever -> the control's model). */
export function gwReadLevers(specs, models) {
  const out = {};
  for (const [name, spec] of Object.entries(specs)) out[name] = gwLeverValue(spec, models[name].get(spec.attr));
  return out;
}

/**
 * Keep page-only values out of the next message to the kernel. A widget model in the page remembers
 * every set() since its last save_changes() and sends them all with the next one
 * (@jupyter-widgets/base WidgetModel._buffered_state_diff): without this, the projector switch's
 * save of a view's theme would carry the page's whole figure to the kernel, whose echo would then
 * redraw the plot with the figure it had before. raw is the view's WidgetModel (anywidget hands
 * the controller a proxy); a model without that buffer (the Node harness's fakes) is left alone.
 */
export function gwForgetPageOnly(raw, keys) {
  const diff = raw && raw._buffered_state_diff;
  if (!diff) return;
  for (const k of keys) delete diff[k];
}

/** The WidgetModel behind a widget reference, or null where the manager does not give it. */
export async function gwRawModel(model, ref) {
  const manager = model.widget_manager;
  if (!manager || typeof manager.get_model !== "function") return null;
  try {
    return await manager.get_model(String(ref).replace(/^anywidget:/, ""));
  } catch {
    return null;
  }
}

/**
 * Run compute and apply its result: {sentence, views: {view name: {trait: value}}}, in the page
 * only (see gwForgetPageOnly; raw: view name -> its WidgetModel). Returns the sentence, or
 * errorText (and leaves the views as they were) when compute throws.
 */
export function gwApplyPage(compute, levers, model, views, warn = console.warn, raw = {}) {
  let out;
  try {
    out = compute(levers, model.get("constants"), model.get("inputs"), model.get("theme"));
  } catch (e) {
    warn("gutwidgets: the page model could not update", e);
    return (model.get("inputs") || {}).error_text || "Something went wrong.";
  }
  for (const [name, traits] of Object.entries(out.views || {})) {
    const view = views[name];
    if (!view) continue;
    for (const [k, v] of Object.entries(traits)) view.set(k, v);
    gwForgetPageOnly(raw[name], Object.keys(traits));
  }
  return out.sentence;
}

/** Reset in the page: each control back to its default, told to the kernel as a move would be. */
export function gwResetControls(specs, models) {
  for (const [name, spec] of Object.entries(specs)) {
    if (!("default" in spec)) continue;
    const m = models[name];
    m.set(spec.attr, spec.default);
    m.save_changes();
  }
}

/** The default export of a page controller whose interactive path is compute. */
export function gwPageController(compute) {
  return {
    async render({ model, el, host }) {
      const root = gwEl("div", "gw-page");
      const reset = gwEl("button", "jupyter-button widget-button gw-page-reset", { type: "button" });
      reset.append(gwEl("i", "fa fa-undo", { "aria-hidden": "true" }), document.createTextNode(" Reset"));
      const sentence = gwEl("p", "gw-summary", { role: "status", "aria-live": "polite" });
      root.append(reset, sentence);
      el.appendChild(root);
      root.dataset.revision = "0";
      const specs = model.get("controls") || {};
      const controls = {};
      const views = {};
      const raw = {};
      try {
        for (const [name, spec] of Object.entries(specs)) controls[name] = await host.getModel(spec.ref);
        for (const [name, ref] of Object.entries(model.get("views") || {})) {
          views[name] = await host.getModel(ref);
          raw[name] = await gwRawModel(model, ref);
        }
      } catch (e) {
        console.warn("gutwidgets: the page controller could not find its controls", e);
        sentence.textContent = (model.get("inputs") || {}).error_text || "Something went wrong.";
        root.dataset.error = String(e);
        return () => {};
      }
      let revision = 0;
      let queued = 0;
      const update = () => {
        queued = 0;
        const levers = gwReadLevers(specs, controls);
        const text = gwApplyPage(compute, levers, model, views, console.warn, raw);
        if (sentence.textContent !== text) sentence.textContent = text;
        revision += 1;
        root.dataset.revision = String(revision);
        root.dataset.levers = JSON.stringify(levers); // the state drawn, for tools that check it (fuzz.py)
      };
      // Many control events may come in one frame (a drag, Reset): compute once per frame.
      const schedule = () => {
        if (queued) return;
        const raf = globalThis.requestAnimationFrame;
        queued = !document.hidden && raf ? raf(update) : (queueMicrotask(update), -1);
      };
      const tip = () => reset.setAttribute("title", model.get("reset_tooltip") || "");
      tip();
      const listening = [];
      for (const [name, spec] of Object.entries(specs)) {
        controls[name].on(`change:${spec.attr}`, schedule);
        listening.push([controls[name], `change:${spec.attr}`]);
      }
      for (const n of ["constants", "inputs", "theme"]) model.on(`change:${n}`, schedule);
      model.on("change:reset_tooltip", tip);
      const onReset = () => gwResetControls(specs, controls);
      reset.addEventListener("click", onReset);
      update();
      return () => {
        if (queued > 0) globalThis.cancelAnimationFrame(queued);
        for (const [m, ev] of listening) m.off(ev, schedule);
        for (const n of ["constants", "inputs", "theme"]) model.off(`change:${n}`, schedule);
        model.off("change:reset_tooltip", tip);
        reset.removeEventListener("click", onReset);
      };
    },
  };
}
