// Load plotly.js once per page over plain HTTP, so the browser caches it.
// Under Voila it comes from the gutwidgets template's static folder; under JupyterLab or
// Notebook from the gutwidgets server extension. The `?v=` query makes the server send a
// long-lived Cache-Control header. A page may hand over its own copy instead by setting
// globalThis.__gutwidgetsPlotly to a promise of it: the static export does (gutwidgets/export.py),
// because fetch() cannot read a file next to a page opened from disk (file://).
export const PLOTLY_VERSION = "4.1.1";
const FILE = "plotly-basic.min.js";

function baseUrl() {
  const el = document.getElementById("jupyter-config-data");
  if (el) {
    try {
      const cfg = JSON.parse(el.textContent || "{}");
      if (cfg.baseUrl) return cfg.baseUrl.endsWith("/") ? cfg.baseUrl : cfg.baseUrl + "/";
    } catch {
      /* fall through */
    }
  }
  const b = document.body && document.body.dataset.baseUrl;
  if (b) return b.replace(/voila\/?$/, "");
  return "/";
}

export function plotlyUrls() {
  const base = baseUrl();
  const voila = `${base}voila/templates/gutwidgets/static/${FILE}?v=${PLOTLY_VERSION}`;
  const server = `${base}gutwidgets/static/${FILE}?v=${PLOTLY_VERSION}`;
  const inVoila = document.body && document.body.dataset.voila === "voila";
  return inVoila ? [voila, server] : [server, voila];
}

export function loadPlotly() {
  if (!globalThis.__gutwidgetsPlotly) {
    globalThis.__gutwidgetsPlotly = (async () => {
      const errors = [];
      for (const url of plotlyUrls()) {
        try {
          const response = await fetch(url, { credentials: "same-origin" });
          if (!response.ok) {
            errors.push(`${url}: HTTP ${response.status}`);
            continue;
          }
          const source = await response.text();
          const module = { exports: {} };
          new Function("module", "exports", source)(module, module.exports);
          if (module.exports && typeof module.exports.react === "function") return module.exports;
          errors.push(`${url}: not the plotting library`);
        } catch (e) {
          errors.push(`${url}: ${e}`);
        }
      }
      globalThis.__gutwidgetsPlotly = undefined;
      throw new Error(errors.join("; "));
    })();
  }
  return globalThis.__gutwidgetsPlotly;
}
