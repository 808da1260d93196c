// Shared front-end part (views/_esm/lib/): the traits every drawn widget has (theme, height,
// description) and colours read from traits. Uses numbers.js (joined before it).

/** The page's theme trait: true for the high-contrast, large-type projector theme. */
export function gwProjector(model) {
  return model.get("theme") === "projector";
}

/** The common traits, checked: text alternative, drawing height (px, kept in [lo, hi]) and theme. */
export function gwViewTraits(model, height, lo = 160, hi = 2000) {
  const h = Math.round(gwNum(model.get("height"), height));
  return {
    description: gwSafeText(model.get("description"), ""),
    height: h > 0 ? gwClamp(h, lo, hi) : height,
    projector: gwProjector(model),
  };
}

/** A CSS colour from a trait, or the fallback where the browser would not draw it. */
export function gwSafeColor(c, fallback) {
  if (typeof c !== "string" || !c.trim()) return fallback;
  const s = c.trim();
  try {
    const css = globalThis.CSS;
    if (css && typeof css.supports === "function" && !css.supports("color", s)) return fallback;
  } catch {
    return fallback;
  }
  return s;
}

/** Show the theme on the page: the projector class on root, and the stage's layers (if any) redrawn. */
export function gwShowTheme(root, className, projector, stage = null) {
  root.classList.toggle(className, projector);
  if (stage) stage.dirty = true;
}
