// Shared front-end part (views/_esm/lib/): the page controller of a dashboard that computes in the
// page (views/_page.py: PageController). It reads the dashboard's controls while they move, runs a
// pure compute(levers, constants, inputs, theme) from the dashboard's page part (pages/<topic>.js),
// writes the live sentence, and sets each view's figure data on that view's model in the page only
// (model.set without save_changes: nothing goes back to the kernel). Reset runs here too.
//
// A dashboard may also keep state of its own in the page (the controller's synced `state`, e.g. a
// pinned scenario), react to a control being moved (options.onControl), and have buttons of its own
// (options.buttons, options.onButton), each greyed out with its reason when compute says it cannot act.
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

/** What a disabled control's tooltip starts with, before its reason (views/_traits.py: UNAVAILABLE). */
export const GW_UNAVAILABLE = "Not available now: ";

/** views/_traits.py: unavailable_html: the note naming each control that cannot act ([label, reason or null]). */
export function gwUnavailableNote(items) {
  const lines = items.filter(([, reason]) => reason)
    .map(([label, reason]) => `<p><b>${pyHtmlEscape(label)}</b> is greyed out: ${pyHtmlEscape(reason)}</p>`).join("");
  return lines ? `<div class='gw-control-note' role='note'>${lines}</div>` : "";
}

/**
 * Run compute and apply its result: {sentence, views: {view name: {trait: value}}, buttons: {name:
 * reason or null}}, in the page only (see gwForgetPageOnly; raw: view name -> its WidgetModel).
 * Returns {sentence, buttons}; when compute throws, the error text and no button change (the views
 * are left as they were).
 */
export function gwApplyPage(compute, levers, model, views, warn = console.warn, raw = {}) {
  let out;
  try {
    out = compute(levers, model.get("constants"), model.get("inputs"), model.get("theme"), model.get("state") || {});
  } catch (e) {
    warn("gutwidgets: the page model could not update", e);
    return { sentence: (model.get("inputs") || {}).error_text || "Something went wrong.", buttons: {} };
  }
  for (const [name, traits] of Object.entries(out.views || {})) {
    const view = views[name];
    if (!view) continue;
    for (const [k, v] of Object.entries(traits)) view.set(k, v);
    gwForgetPageOnly(raw[name], Object.keys(traits));
  }
  return { sentence: out.sentence, buttons: out.buttons || {} };
}

/** A button of the page's own ({name, label, icon, title}), after Reset. */
function gwPageButton(spec) {
  const b = gwEl("button", "jupyter-button widget-button gw-page-button", { type: "button", title: spec.title || "" });
  b.dataset.name = spec.name;
  b.append(gwEl("i", `fa fa-${spec.icon || "circle"}`, { "aria-hidden": "true" }), document.createTextNode(` ${spec.label}`));
  return b;
}

/** Grey a button out with its reason in the tooltip, or make it available again. */
function gwSetButton(button, usual, reason) {
  button.disabled = Boolean(reason);
  button.setAttribute("title", reason ? GW_UNAVAILABLE + reason : usual);
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

// -- the dashboard's state in the page address ------------------------------------------------
// "#nsaid_on=1&nsaid=150&duration=7": each control by its lever name (a dashboard's link_prefix
// before it, where a page has two), its value as the control shows it (a menu's choice, a box 1 or
// 0). Tokens without "=" (the slides' "slides/3") are kept. views/_page.py: state_link is the twin.

/** The address's state: {pairs: [[key, value]], other: [tokens without "="]}. */
export function gwParseLink(hash) {
  const pairs = [];
  const other = [];
  for (const token of String(hash || "").replace(/^#/, "").split("&")) {
    if (!token) continue;
    const at = token.indexOf("=");
    if (at < 0) {
      other.push(token);
      continue;
    }
    const decode = (t) => {
      try {
        return decodeURIComponent(t.replace(/\+/g, " "));
      } catch {
        return t;
      }
    };
    pairs.push([decode(token.slice(0, at)), decode(token.slice(at + 1))]);
  }
  return { pairs, other };
}

/** A number as the address writes it (12 significant figures, no float noise). */
export function gwLinkNumber(v) {
  return String(Number(v.toPrecision(12)));
}

/** What one control shows, as the address writes it. */
export function gwLinkText(spec, model) {
  const raw = model.get(spec.attr);
  if (spec.choices) return String(spec.choices[raw]);
  if (typeof raw === "boolean") return raw ? "1" : "0";
  return gwLinkNumber(raw);
}

/** The control's range as [low, high] (a log slider's in its own units), or null. */
function gwControlRange(model) {
  const [low, high, base] = [model.get("min"), model.get("max"), model.get("base")];
  if (typeof low !== "number" || typeof high !== "number") return null;
  return typeof base === "number" ? [base ** low, base ** high] : [low, high];
}

/** One address value for one control: {value} in the control's own terms (attr), or {error}. */
export function gwLinkValue(key, text, spec, model) {
  if (spec.choices) {
    const i = spec.choices.findIndex((c) => String(c) === text || (typeof c === "number" && Number(text) === c));
    if (i >= 0) return { value: i };
    return { error: `${key}=${text} is not one of ${spec.choices.map(String).join(", ")}` };
  }
  if (typeof model.get(spec.attr) === "boolean") {
    const t = text.toLowerCase();
    if (["1", "true", "yes", "on"].includes(t)) return { value: true };
    if (["0", "false", "no", "off"].includes(t)) return { value: false };
    return { error: `${key}=${text} must be 1 (on) or 0 (off)` };
  }
  const v = text.trim() === "" ? NaN : Number(text);
  const range = gwControlRange(model);
  if (!Number.isFinite(v)) return { error: `${key}=${text} is not a number` };
  if (range) {
    const [low, high] = range;
    const slack = 1e-9 * Math.max(Math.abs(low), Math.abs(high), 1);
    if (v < low - slack || v > high + slack) {
      return { error: `${key}=${text} is outside ${gwLinkNumber(low)} to ${gwLinkNumber(high)}` };
    }
    return { value: Math.min(Math.max(v, low), high) };
  }
  return { value: v };
}

/**
 * The values an address sets on this dashboard's controls: {values: [[name, value]], errors}. Keys
 * are "<prefix><lever>"; a key in this dashboard's namespace that names no control is an error too.
 * (Unprefixed keys belong to the dashboard with no prefix; "x.lever" to the one whose prefix is "x.".)
 */
export function gwLinkValues(pairs, specs, models, prefix = "") {
  const values = [];
  const errors = [];
  for (const [key, text] of pairs) {
    if (!key.startsWith(prefix) || (!prefix && key.includes("."))) continue;
    const name = key.slice(prefix.length);
    if (!(name in specs)) {
      errors.push(`${key} is not a control here (known: ${Object.keys(specs).map((n) => prefix + n).join(", ")})`);
      continue;
    }
    const got = gwLinkValue(key, text, specs[name], models[name]);
    if ("error" in got) errors.push(got.error);
    else values.push([name, got.value]);
  }
  return { values, errors };
}

/** The address for the controls' current values: those that differ from their defaults, in control order. */
export function gwLinkHash(specs, models, prefix = "", other = []) {
  const pairs = Object.entries(specs)
    .filter(([name, spec]) => !("default" in spec) || models[name].get(spec.attr) !== spec.default)
    .map(([name, spec]) => `${encodeURIComponent(prefix + name)}=${encodeURIComponent(gwLinkText(spec, models[name]))}`);
  const tokens = [...other, ...pairs];
  return tokens.length ? `#${tokens.join("&")}` : "";
}

/**
 * The default export of a page controller whose interactive path is compute. options (all optional):
 * - onControl(name, ctx): a viewer moved a control (not Reset, not the kernel); ctx: {controls, specs, state,
 *   setState};
 * - buttons: [{name, label, icon, title}], the page's own buttons, after Reset (`inputs.buttons`
 *   when not given), and onButton(name, levers, ctx) when one is pressed;
 * - resetState(state, inputs): the page's own state after Reset (default: unchanged).
 * setState(next) sets the controller's `state` and tells the kernel.
 */
export function gwPageController(compute, options = {}) {
  return {
    async render({ model, el, host }) {
      const root = gwEl("div", "gw-page");
      const bar = gwEl("div", "gw-page-buttons");
      const reset = gwEl("button", "jupyter-button widget-button gw-page-reset", { type: "button" });
      reset.append(gwEl("i", "fa fa-undo", { "aria-hidden": "true" }), document.createTextNode(" Reset"));
      const own = (options.buttons || (model.get("inputs") || {}).buttons || []).map((spec) => [spec, gwPageButton(spec)]);
      const copy = gwEl("button", "jupyter-button widget-button gw-page-link", { type: "button",
        title: "Put this view's settings in the page address and copy the link (to share, or to open it later)" });
      copy.append(gwEl("i", "fa fa-link", { "aria-hidden": "true" }), document.createTextNode(" Copy link to this view"));
      bar.append(reset, ...own.map(([, b]) => b), copy);
      const linkNote = gwEl("p", "gw-link-note", { role: "status" });
      linkNote.hidden = true;
      const sentence = gwEl("p", "gw-summary", { role: "status", "aria-live": "polite" });
      root.append(bar, linkNote, sentence);
      el.appendChild(root);
      root.dataset.revision = "0";
      const specs = model.get("controls") || {};
      const controls = {};
      const views = {};
      const raw = {};
      const rawControls = {};
      try {
        for (const [name, spec] of Object.entries(specs)) {
          controls[name] = await host.getModel(spec.ref);
          if (options.onControl) rawControls[name] = await gwRawModel(model, spec.ref);
        }
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
      let resetting = false;
      const setState = (next) => {
        model.set("state", next);
        model.save_changes();
      };
      const ctx = () => ({ controls, specs, state: model.get("state") || {}, setState });
      // A change the kernel sent (Python code moved the control) is not a viewer's move: the kernel has
      // done what follows from it (@jupyter-widgets/base WidgetModel._state_lock, set while it applies one).
      const fromKernel = (name) => Boolean(rawControls[name] && rawControls[name]._state_lock);
      const update = () => {
        queued = 0;
        const levers = gwReadLevers(specs, controls);
        const { sentence: text, buttons } = gwApplyPage(compute, levers, model, views, console.warn, raw);
        if (sentence.textContent !== text) sentence.textContent = text;
        for (const [spec, b] of own) if (spec.name in buttons) gwSetButton(b, spec.title || "", buttons[spec.name]);
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
        const moved = () => {
          if (!resetting && options.onControl && !fromKernel(name)) options.onControl(name, ctx());
          schedule();
        };
        controls[name].on(`change:${spec.attr}`, moved);
        listening.push([controls[name], `change:${spec.attr}`, moved]);
      }
      const ownEvents = ["constants", "inputs", "theme", "state"];
      for (const n of ownEvents) model.on(`change:${n}`, schedule);
      model.on("change:reset_tooltip", tip);
      const onReset = () => {
        const loc = globalThis.location;
        if (loc && gwParseLink(loc.hash).pairs.length) { // the address no longer says what is shown
          const other = gwParseLink(loc.hash).other;
          globalThis.history.replaceState(null, "", `${loc.href.split("#")[0]}${other.length ? `#${other.join("&")}` : ""}`);
        }
        resetting = true;
        try {
          gwResetControls(specs, controls);
        } finally {
          resetting = false;
        }
        if (options.resetState) setState(options.resetState(model.get("state") || {}, model.get("inputs") || {}));
      };
      reset.addEventListener("click", onReset);
      // The address: apply its state now and whenever it changes (a link inside the page); Copy link writes it.
      const prefix = model.get("link_prefix") || "";
      const say = (text, kind) => {
        linkNote.textContent = text;
        linkNote.dataset.kind = kind;
        linkNote.hidden = !text;
      };
      const applyLink = (event) => {
        const loc = globalThis.location;
        if (!loc) return;
        const { values, errors } = gwLinkValues(gwParseLink(loc.hash).pairs, specs, controls, prefix);
        if (errors.length) {
          const kept = event ? "nothing was changed" : "the dashboard shows its start";
          say(`This link's settings could not be used (${errors.join("; ")}), so ${kept}.`, "error");
          return;
        }
        if (!values.length) return;
        resetting = true; // a link sets the values as they are: no viewer's move follows from them
        try {
          for (const [name, value] of values) {
            controls[name].set(specs[name].attr, value);
            controls[name].save_changes();
          }
        } finally {
          resetting = false;
        }
        say("", "");
      };
      const onCopy = async () => {
        const loc = globalThis.location;
        const hash = gwLinkHash(specs, controls, prefix, gwParseLink(loc.hash).other);
        const url = `${loc.href.split("#")[0]}${hash}`;
        globalThis.history.replaceState(null, "", url);
        try {
          await globalThis.navigator.clipboard.writeText(url);
          say(`Link copied: ${url}`, "copied");
        } catch {
          say(`Copy this link: ${url}`, "shown"); // no clipboard here (a file:// page, an address without https)
        }
      };
      copy.addEventListener("click", onCopy);
      globalThis.addEventListener?.("hashchange", applyLink);
      applyLink(null);
      const pressed = own.map(([spec, b]) => {
        const cb = () => options.onButton && options.onButton(spec.name, gwReadLevers(specs, controls), ctx());
        b.addEventListener("click", cb);
        return [b, cb];
      });
      update();
      return () => {
        if (queued > 0) globalThis.cancelAnimationFrame(queued);
        for (const [m, ev, cb] of listening) m.off(ev, cb);
        for (const n of ownEvents) model.off(`change:${n}`, schedule);
        model.off("change:reset_tooltip", tip);
        reset.removeEventListener("click", onReset);
        copy.removeEventListener("click", onCopy);
        globalThis.removeEventListener?.("hashchange", applyLink);
        for (const [b, cb] of pressed) b.removeEventListener("click", cb);
      };
    },
  };
}
