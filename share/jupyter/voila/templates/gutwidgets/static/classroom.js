// The classroom layer of every gutwidgets page (served locally; no network needed).
//
// - A toolbar at the top of the page: projector mode on/off, present as slides, glossary.
// - Projector mode: a class on <body> (large type, thick focus rings, 7:1 text contrast) and
//   theme = "projector" on every widget that has a theme trait, so plots and drawings redraw in
//   projector style from Python (gutwidgets.theme). The choice is remembered per browser.
// - Presentation mode (address ending in #slides): the chapter's own cells, one section per
//   slide (each ## or ### heading starts a slide), large type, keyboard navigation, live widgets.
// - Glossary: terms defined in data/glossary.yaml (sent by the page as JSON) are marked where
//   they first appear in each text cell; the definition shows on hover and on keyboard focus.
(function () {
  "use strict";
  const STORE = "gutwidgets.theme";
  const body = document.body;

  /** The dashboards' state in the page address ("name=value" tokens, written by their page controllers). */
  function stateTokens() {
    return location.hash.replace(/^#/, "").split("&").filter((t) => t.includes("="));
  }

  function whenRendered(fn) {
    const cells = document.getElementById("rendered_cells");
    if (!cells) return;
    const poll = () => {
      if (getComputedStyle(cells).display !== "none") fn(cells);
      else setTimeout(poll, 150);
    };
    poll();
  }

  function button(label, onClick, extra) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "gw-toolbar-button";
    b.textContent = label;
    b.addEventListener("click", onClick);
    Object.assign(b, extra || {});
    return b;
  }

  // -- projector theme ----------------------------------------------------------------------
  function storedTheme() {
    try {
      return localStorage.getItem(STORE) === "projector" ? "projector" : "default";
    } catch {
      return "default";
    }
  }

  async function themeWidgets(name) {
    const app = window.jupyterapp;
    if (!app || !app.widgetManagerPromise) return 0;
    const manager = await app.widgetManagerPromise.promise;
    const models = await Promise.all(Object.values((manager && manager._models) || {}));
    let changed = 0;
    for (const model of models) {
      if (model && model.get("theme") !== undefined && model.get("theme") !== name) {
        model.set("theme", name);
        model.save_changes();
        changed += 1;
      }
    }
    return changed;
  }

  function setTheme(name, toggle) {
    const on = name === "projector";
    body.classList.toggle("gw-theme-projector", on);
    body.dataset.gwTheme = name;
    if (toggle) toggle.setAttribute("aria-pressed", String(on));
    try {
      localStorage.setItem(STORE, name);
    } catch {
      /* private browsing: the switch still works for this page */
    }
    return themeWidgets(name).then((n) => {
      body.dataset.gwThemedWidgets = String(n);
    });
  }

  // -- presentation mode --------------------------------------------------------------------
  const isControl = (el) =>
    !!(el && el.closest && el.closest("input, select, textarea, button, [role=slider], .noUi-handle, .gw-quiz"));

  function buildSlides(cells) {
    const slides = [];
    for (const cell of cells.querySelectorAll(":scope > div > [cell-index], :scope > [cell-index]")) {
      const heading = cell.querySelector(".jp-MarkdownCell h1, .jp-MarkdownCell h2, .jp-MarkdownCell h3");
      if (heading || !slides.length) slides.push({ heading, cells: [] });
      slides[slides.length - 1].cells.push(cell);
    }
    return slides;
  }

  function startSlides(cells) {
    const slides = buildSlides(cells);
    if (!slides.length) return;
    body.classList.add("gw-slides");
    const bar = document.createElement("nav");
    bar.className = "gw-slide-nav";
    bar.setAttribute("aria-label", "Slides");
    const counter = document.createElement("span");
    counter.className = "gw-slide-counter";
    counter.setAttribute("role", "status");
    counter.setAttribute("aria-live", "polite");
    let current = 0;
    const show = (i, focus) => {
      current = Math.max(0, Math.min(slides.length - 1, i));
      slides.forEach((s, k) => s.cells.forEach((c) => c.classList.toggle("gw-slide-hidden", k !== current)));
      const title = slides[current].heading ? slides[current].heading.textContent.replace(/¶$/, "").trim() : "";
      counter.textContent = `Slide ${current + 1} of ${slides.length}${title ? ": " + title : ""}`;
      body.dataset.gwSlide = String(current + 1);
      body.dataset.gwSlides = String(slides.length);
      const state = stateTokens(); // the dashboards' state stays in the address beside the slide
      history.replaceState(null, "", `#${[`slides/${current + 1}`, ...state].join("&")}`);
      window.dispatchEvent(new Event("resize")); // plots drawn while hidden take their size now
      const h = slides[current].heading;
      if (focus && h) {
        h.setAttribute("tabindex", "-1");
        h.focus({ preventScroll: true });
      }
      window.scrollTo(0, 0);
    };
    const prev = button("◀ Previous", () => show(current - 1, true), { title: "Previous slide (Page Up)" });
    const next = button("Next ▶", () => show(current + 1, true), { title: "Next slide (Page Down)" });
    const exit = button("Leave slides", () => {
      const state = stateTokens();
      history.replaceState(null, "", `${location.pathname}${location.search}${state.length ? `#${state.join("&")}` : ""}`);
      location.reload();
    }, { title: "Back to the scrolling page (Escape)" });
    bar.append(prev, counter, next, exit);
    body.appendChild(bar);
    document.addEventListener("keydown", (ev) => {
      if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
      const inControl = isControl(ev.target);
      const forward = ev.key === "PageDown" || (!inControl && (ev.key === "ArrowRight" || ev.key === " "));
      const back = ev.key === "PageUp" || (!inControl && ev.key === "ArrowLeft");
      if (forward) show(current + 1, true);
      else if (back) show(current - 1, true);
      else if (!inControl && ev.key === "Home") show(0, true);
      else if (!inControl && ev.key === "End") show(slides.length - 1, true);
      else if (ev.key === "Escape" && !inControl && !ev.target.closest(".gw-term")) exit.click();
      else return;
      ev.preventDefault();
    });
    const m = /^#slides\/(\d+)/.exec(location.hash);
    show(m ? Number(m[1]) - 1 : 0, false);
  }

  // -- glossary -----------------------------------------------------------------------------
  const SKIP = "a, code, pre, h1, h2, h3, h4, h5, h6, .gw-term, .gw-tip, script, style, mjx-container, .MathJax";

  function markTerms(cells) {
    const data = document.querySelector("script.gw-glossary-data");
    if (!data) return 0;
    let terms;
    try {
      terms = JSON.parse(data.textContent);
    } catch (e) {
      console.warn("gutwidgets: unreadable glossary data", e);
      return 0;
    }
    const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const names = [];
    for (const t of terms) for (const n of [t.term, ...(t.aliases || [])]) names.push([n, t]);
    names.sort((a, b) => b[0].length - a[0].length); // longest first: "tight junction" before "junction"
    const pattern = new RegExp(`\\b(${names.map((n) => escape(n[0])).join("|")})\\b`, "i");
    const byName = new Map(names.map(([n, t]) => [n.toLowerCase(), t]));
    let count = 0;
    for (const md of cells.querySelectorAll(".jp-MarkdownCell .jp-RenderedMarkdown")) {
      const seen = new Set();
      const walker = document.createTreeWalker(md, NodeFilter.SHOW_TEXT);
      const nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      for (let node of nodes) {
        if (!node.parentElement || node.parentElement.closest(SKIP)) continue;
        let match;
        while (node && (match = pattern.exec(node.textContent))) {
          const term = byName.get(match[1].toLowerCase());
          if (!term || seen.has(term.id)) {
            // Already marked in this cell: look further along the same text.
            const rest = node.splitText(match.index + match[1].length);
            node = rest;
            continue;
          }
          seen.add(term.id);
          const after = node.splitText(match.index);
          node = after.splitText(match[1].length);
          const tipId = `gw-tip-${term.id}-${count}`;
          const mark = document.createElement("dfn");
          mark.className = "gw-term";
          mark.tabIndex = 0;
          mark.dataset.term = term.id;
          mark.setAttribute("aria-describedby", tipId);
          mark.textContent = after.textContent;
          const tip = document.createElement("span");
          tip.className = "gw-tip";
          tip.id = tipId;
          tip.setAttribute("role", "tooltip");
          tip.textContent = `${term.term}: ${term.definition}`;
          after.replaceWith(mark, tip);
          count += 1;
        }
      }
    }
    document.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape" && ev.target.classList && ev.target.classList.contains("gw-term")) ev.target.blur();
    });
    return count;
  }

  // -- screen-reader names for widget controls ---------------------------------------------
  // ipywidgets' sliders draw a handle with role="slider" but no accessible name: give it the
  // slider's own description, kept up to date as widgets appear or re-render.
  function labelControls(root) {
    for (const handle of root.querySelectorAll("[role=slider]:not([aria-label]):not([aria-labelledby])")) {
      const widget = handle.closest(".widget-slider, .jupyter-widgets");
      const label = widget && widget.querySelector(".widget-label");
      const text = label && label.textContent.trim();
      if (text) handle.setAttribute("aria-label", text);
      else if (widget && widget.title) handle.setAttribute("aria-label", widget.title);
    }
  }

  function watchControls(root) {
    labelControls(root);
    let queued = false;
    new MutationObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        labelControls(root);
      });
    }).observe(root, { childList: true, subtree: true });
  }

  // -- toolbar ------------------------------------------------------------------------------
  function toolbar() {
    const bar = document.createElement("nav");
    bar.className = "gw-toolbar";
    bar.setAttribute("aria-label", "Display options");
    const toggle = button("Projector mode", () => {
      setTheme(body.classList.contains("gw-theme-projector") ? "default" : "projector", toggle);
    }, { title: "Large type, thick lines and high contrast for a projected screen" });
    toggle.classList.add("gw-projector-toggle");
    toggle.setAttribute("aria-pressed", "false");
    const slides = document.createElement("a");
    slides.className = "gw-toolbar-button";
    slides.href = "#slides";
    slides.textContent = "Present as slides";
    slides.title = "One section per slide; Page Down / Page Up or the arrow keys to move";
    slides.addEventListener("click", (ev) => {
      ev.preventDefault();
      const state = stateTokens();
      location.hash = `#${["slides", ...state].join("&")}`;
      location.reload();
    });
    const glossary = document.createElement("a");
    glossary.className = "gw-toolbar-button";
    glossary.href = "glossary.ipynb";
    glossary.textContent = "Glossary";
    bar.append(toggle, slides, glossary);
    body.insertBefore(bar, body.firstChild);
    return toggle;
  }

  const toggle = toolbar();
  if (storedTheme() === "projector") body.classList.add("gw-theme-projector");
  whenRendered((cells) => {
    cells.setAttribute("role", "main");
    watchControls(cells);
    // Outputs (the glossary data comes with the references) render a moment after the cells.
    const started = Date.now();
    const terms = () => {
      if (document.querySelector("script.gw-glossary-data")) body.dataset.gwTerms = String(markTerms(cells));
      else if (Date.now() - started < 20000) setTimeout(terms, 200);
      else body.dataset.gwTerms = "0";
    };
    terms();
    if (location.hash.startsWith("#slides")) startSlides(cells);
    setTheme(storedTheme(), toggle);
    // Widgets appear a little after the cells; apply the stored theme to late ones too.
    setTimeout(() => setTheme(storedTheme(), toggle), 3000);
    body.dataset.gwClassroom = "ready";
  });
})();
