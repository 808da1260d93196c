// Runs a dashboard's page controller (views/_page.py: PageController, lib/page.js) under Node for
// tests/test_page_models.py, with a minimal document and fake widget models: the controls and views
// a page would hand it. JSON in on stdin, JSON out on stdout.
//
//   node tests/page_harness.mjs <the controller's _esm as .mjs>  < {"state": ..., "controls": ..., "script": [...]}
//
// The controller's state and each control's starting state come from Python. `script` is a list of
// steps: {"set": {lever: shown value}} (a viewer moved a control), {"kernel": {lever: shown value}}
// (the kernel moved it: Python code), {"reset": true} (the Reset button clicked), {"button": name}
// (one of the page's own buttons clicked), {"copy": true} ("Copy link to this view"), {"hash": "#..."}
// (the address changed), {"constants": {...}} (new constants from the kernel),
// {"state": {...}} (the kernel set the page's own state). After each step the harness reports the
// sentence, every view's page-side traits, the controller's state, its own buttons (disabled and
// tooltip), the address, the link note, what was copied, and how many times each model was saved
// (sent to the kernel). input.hash is the address the page opens with.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

class FakeElement {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.children = [];
    this.attributes = {};
    this.dataset = {};
    this.listeners = {};
    this._text = "";
    this.className = "";
  }
  append(...nodes) { this.children.push(...nodes); }
  appendChild(node) { this.children.push(node); return node; }
  setAttribute(k, v) { this.attributes[k] = String(v); }
  addEventListener(type, cb) { (this.listeners[type] ||= []).push(cb); }
  removeEventListener(type, cb) { this.listeners[type] = (this.listeners[type] || []).filter((f) => f !== cb); }
  click() { for (const cb of this.listeners.click || []) cb({ type: "click" }); }
  get textContent() { return this._text + this.children.map((c) => c.textContent || "").join(""); }
  set textContent(v) { this._text = String(v); this.children = []; }
}
// The page address, its history and the clipboard, as the controller uses them (state links).
const listeners = {};
globalThis.location = { href: "http://127.0.0.1/page.html", hash: "" };
globalThis.history = {
  replaceState(_s, _t, url) {
    globalThis.location.href = url;
    globalThis.location.hash = url.includes("#") ? url.slice(url.indexOf("#")) : "";
  },
};
const clipboard = [];
globalThis.navigator = { clipboard: { async writeText(text) { clipboard.push(text); } } };
globalThis.addEventListener = (type, cb) => { (listeners[type] ||= []).push(cb); };
globalThis.removeEventListener = (type, cb) => { listeners[type] = (listeners[type] || []).filter((f) => f !== cb); };
globalThis.document = {
  hidden: true, // no animation frames under Node: the controller computes on a microtask
  createElement: (tag) => new FakeElement(tag),
  createTextNode: (text) => ({ textContent: text }),
};

class FakeModel {
  constructor(state) { this.state = { ...state }; this.handlers = {}; this.saves = 0; this.sets = 0; }
  get(k) { return this.state[k]; }
  set(k, v) {
    this.sets += 1;
    const old = this.state[k];
    this.state[k] = v;
    if (JSON.stringify(old) !== JSON.stringify(v)) for (const cb of this.handlers[`change:${k}`] || []) cb();
  }
  save_changes() { this.saves += 1; }
  /** A change the kernel sent: applied under @jupyter-widgets/base's _state_lock, as the page applies one. */
  fromKernel(k, v) {
    this._state_lock = { [k]: v };
    try { this.set(k, v); } finally { this._state_lock = null; }
  }
  on(ev, cb) { (this.handlers[ev] ||= []).push(cb); }
  off(ev, cb) { this.handlers[ev] = (this.handlers[ev] || []).filter((f) => f !== cb); }
}

const mod = await import(pathToFileURL(process.argv[2]).href);
const input = JSON.parse(readFileSync(0, "utf8"));
if (input.hash) globalThis.history.replaceState(null, "", `http://127.0.0.1/page.html${input.hash}`);
const models = {};
for (const [ref, state] of Object.entries(input.models)) models[ref] = new FakeModel(state);
const controller = new FakeModel(input.state);
const host = { async getModel(ref) { if (!(ref in models)) throw new Error(`no model ${ref}`); return models[ref]; } };
// The widget manager the controller finds its models' WidgetModels through (gwRawModel).
controller.widget_manager = { async get_model(id) { return models[`anywidget:${id}`]; } };
const el = new FakeElement("div");
const warnings = [];
console.warn = (...args) => warnings.push(args.map(String).join(" "));
const cleanup = await mod.default.render({ model: controller, el, host });
const root = el.children[0];
const [bar, linkNote, sentence] = root.children;
const [resetButton, ...more] = bar.children;
const ownButtons = more.filter((b) => b.dataset.name);
const copyButton = more.find((b) => b.className.includes("gw-page-link"));
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const specs = input.state.controls;
const report = () => ({
  sentence: sentence.textContent,
  revision: root.dataset.revision,
  views: JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(input.state.views).map(([name, ref]) => [name, models[ref].state])))),
  saves: Object.fromEntries(Object.entries(models).map(([ref, m]) => [ref, m.saves])),
  controls: Object.fromEntries(Object.entries(specs).map(([name, s]) => [name, models[s.ref].get(s.attr)])),
  state: JSON.parse(JSON.stringify(controller.get("state") || {})),
  hash: globalThis.location.hash,
  link_note: linkNote.hidden ? "" : linkNote.textContent,
  clipboard: clipboard.slice(),
  controller_saves: controller.saves,
  buttons: Object.fromEntries(ownButtons.map((b) => [b.dataset.name, { disabled: Boolean(b.disabled),
    title: b.attributes.title || "" }])),
  warnings: warnings.length,
});
const out = [report()];
for (const step of input.script) {
  if (step.set) for (const [name, v] of Object.entries(step.set)) models[specs[name].ref].set(specs[name].attr, v);
  if (step.kernel) for (const [name, v] of Object.entries(step.kernel)) models[specs[name].ref].fromKernel(specs[name].attr, v);
  if (step.reset) resetButton.click();
  if (step.button) ownButtons.find((b) => b.dataset.name === step.button).click();
  if (step.copy) copyButton.click();
  if (step.hash !== undefined) {
    globalThis.history.replaceState(null, "", `http://127.0.0.1/page.html${step.hash}`);
    for (const cb of listeners.hashchange || []) cb({ type: "hashchange" });
  }
  if (step.constants) controller.set("constants", step.constants);
  if (step.state) controller.set("state", step.state);
  await tick();
  out.push(report());
}
cleanup();
process.stdout.write(JSON.stringify({ steps: out, reset_title: resetButton.attributes.title || "" }));
