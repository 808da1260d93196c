// Static copy (python -m gutwidgets.export): give slider handles their names for screen readers.
// ipywidgets' sliders draw a handle with role="slider" but no accessible name; on the served
// dashboards the template's classroom.js names them, and this does the same for a static page
// (whose toolbar, slides and projector switch would need the server, so classroom.js is not loaded).
(function () {
  "use strict";
  function label(root) {
    for (const handle of root.querySelectorAll("[role=slider]:not([aria-label]):not([aria-labelledby])")) {
      const widget = handle.closest(".widget-slider, .jupyter-widgets");
      const text = widget && widget.querySelector(".widget-label");
      const name = (text && text.textContent.trim()) || (widget && widget.title) || "";
      if (name) handle.setAttribute("aria-label", name);
    }
  }
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      label(document.body);
    });
  }).observe(document.body, { childList: true, subtree: true });
  label(document.body);
})();
