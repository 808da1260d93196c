// Load plotly.js once per page over plain HTTP, so the browser caches it.
// Under Voila it comes from the gutwidgets template's static folder; under JupyterLab or
// Notebook from the gutwidgets server extension. The `?v=` query makes the server send a
// long-lived Cache-Control header. A page opened from disk (file://, the static export) cannot
// fetch() a file beside it: it names its own copy in <meta name="gutwidgets-plotly" content=URL>
// (gutwidgets/publishing/export.py), loaded here as a classic script when the first plot asks, so the
// library's 1 MB is parsed while the other widgets draw, not before any of them.
//
// Served pages load it as a classic script too, where the page has no AMD loader (Voila,
// JupyterLab, Notebook 7): the browser then parses it off the main thread as it arrives and keeps
// its compiled code for the next visit. Evaluating the fetched text with new Function() held the
// main thread for about 0.4 s right after a chapter's first widgets appeared (Voila, this machine).
// Where an AMD loader is present (the classic Notebook's require.js), plotly.js would register
// itself with it instead of returning: there the text is still evaluated as a CommonJS module.
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

/** plotly.js from a classic script; any window.Plotly another extension had set is put back. */
function loadScript(src) {
  return new Promise((resolve, reject) => {
    const before = Object.getOwnPropertyDescriptor(globalThis, "Plotly");
    const script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.onload = () => {
      const lib = globalThis.Plotly;
      if (before) Object.defineProperty(globalThis, "Plotly", before);
      if (lib && typeof lib.react === "function") resolve(lib);
      else reject(new Error(`${src}: not the plotting library`));
    };
    script.onerror = () => {
      script.remove();
      reject(new Error(`${src}: could not be read`));
    };
    document.head.appendChild(script);
  });
}

/** plotly.js fetched and evaluated as a CommonJS module (pages with an AMD loader). */
async function loadAsModule(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const source = await response.text();
  const module = { exports: {} };
  new Function("module", "exports", source)(module, module.exports);
  if (module.exports && typeof module.exports.react === "function") return module.exports;
  throw new Error(`${url}: not the plotting library`);
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
    const amd = typeof globalThis.define === "function" && globalThis.define.amd;
    globalThis.__gutwidgetsPlotly = (async () => {
      const errors = [];
      for (const url of plotlyUrls()) {
        try {
          return await (amd ? loadAsModule(url) : loadScript(url));
        } catch (e) {
          errors.push(String(e.message || e));
        }
      }
      globalThis.__gutwidgetsPlotly = undefined;
      throw new Error(errors.join("; "));
    })();
  }
  return globalThis.__gutwidgetsPlotly;
}
