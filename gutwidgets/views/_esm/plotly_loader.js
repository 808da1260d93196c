// Load plotly.js once per page over plain HTTP, so the browser caches it.
// Under Voila it comes from the gutwidgets template's static folder; under JupyterLab or
// Notebook from the gutwidgets server extension. The `?v=` query makes the server send a
// long-lived Cache-Control header. A page opened from disk (file://, the static export) cannot
// fetch() a file beside it: it names its own copy in <meta name="gutwidgets-plotly" content=URL>
// (gutwidgets/publishing/export.py), loaded here as a classic script when the first plot asks, so the
// library's 1 MB is parsed while the other widgets draw, not before any of them.
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

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.onload = () => {
      const lib = globalThis.Plotly;
      if (lib && typeof lib.react === "function") resolve(lib);
      else reject(new Error(`${src}: not the plotting library`));
    };
    script.onerror = () => reject(new Error(`${src}: could not be read`));
    document.head.appendChild(script);
  });
}

export function loadPlotly() {
  if (globalThis.__gutwidgetsPlotly) return globalThis.__gutwidgetsPlotly;
  const own = document.querySelector("meta[name='gutwidgets-plotly']");
  if (own) {
    globalThis.__gutwidgetsPlotly = loadScript(own.content).catch((e) => {
      globalThis.__gutwidgetsPlotly = undefined;
      throw e;
    });
  } else {
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
