// The static copy's widget renderer (python -m gutwidgets.export): ipywidgets' own model and view
// classes for the widgets the chapters use (@jupyter-widgets/base and controls 8, anywidget), drawn
// from the page's saved widget state, with nothing else. It replaces the html-manager bundle
// (embed-amd.js: 3.6 MB with require.js, ipywidgets 7's classes, JupyterLab's output renderers and
// a JSON-schema compiler that validated the state first), which held up the first control by
// several hundred milliseconds. Built by tools/widget_manager/build.mjs (esbuild); a test checks
// the committed build is current.
import * as base from "@jupyter-widgets/base";
import { ManagerBase } from "@jupyter-widgets/base-manager";
import * as controls from "@jupyter-widgets/controls";
import { Widget } from "@lumino/widgets";
import { MessageLoop } from "@lumino/messaging";
import anywidget from "anywidget";

import "@lumino/widgets/style/index.css";
import "@jupyter-widgets/controls/css/widgets-base.css";
import "@fortawesome/fontawesome-free/css/all.min.css";
import "@fortawesome/fontawesome-free/css/v4-shims.min.css";

const MODULES = {
  "@jupyter-widgets/base": base,
  "@jupyter-widgets/controls": controls,
  anywidget: anywidget(base),
};

const STATE = 'script[type="application/vnd.jupyter.widget-state+json"]';
const VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';

/** A widget manager with no kernel: models come from the saved state; comms go nowhere. */
export class StaticManager extends ManagerBase {
  constructor() {
    super();
    this.views = new Set();
    window.addEventListener("resize", () => {
      for (const view of this.views) MessageLoop.postMessage(view.luminoWidget, Widget.ResizeMessage.UnknownSize);
    });
  }

  async loadClass(className, moduleName, moduleVersion) {
    const module = MODULES[moduleName];
    if (!module) throw new Error(`the static copy has no widget module ${moduleName}@${moduleVersion}`);
    if (!module[className]) throw new Error(`widget class ${className} not found in ${moduleName}@${moduleVersion}`);
    return module[className];
  }

  async display_view(view, el) {
    let v;
    try {
      v = await view;
    } catch (error) {
      const ErrorModel = base.createErrorWidgetModel(error, "this widget could not be drawn");
      v = new base.ErrorWidgetView({ model: new ErrorModel() });
      v.render();
    }
    Widget.attach(v.luminoWidget, el);
    this.views.add(v);
    v.once("remove", () => this.views.delete(v));
  }

  _get_comm_info() {
    return Promise.resolve({});
  }

  _create_comm() {
    return Promise.resolve({ on_close() {}, on_msg() {}, close() {}, send() {} });
  }
}

/**
 * Draw every widget of the page: each view tag gets a .widget-subarea before it (as the
 * html-manager does), in page order. Returns the manager.
 */
export async function renderWidgets(root = document) {
  const tag = root.querySelector(STATE);
  if (!tag) return null;
  const manager = new StaticManager();
  const models = await manager.set_state(JSON.parse(tag.textContent));
  const byId = new Map(models.map((m) => [m.model_id, m]));
  await Promise.all(
    Array.from(root.querySelectorAll(VIEW), async (viewTag) => {
      const model = byId.get(JSON.parse(viewTag.textContent).model_id);
      if (!model || !viewTag.parentElement) return;
      const area = document.createElement("div");
      area.className = "widget-subarea";
      viewTag.parentElement.insertBefore(area, viewTag);
      await manager.display_view(manager.create_view(model), area);
    }),
  );
  return manager;
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => renderWidgets());
} else {
  renderWidgets();
}
