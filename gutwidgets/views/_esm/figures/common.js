// The shared style of every figure computed in the page: the twin of gutwidgets/figures/_common.py
// (clean, _sizes, base_layout, axis). tests/test_crosscheck_figures.py and
// tests/test_crosscheck_teer.py compare the figures built on it with Python's.
//
// A part (see views/_assets.py): joined after lib/pyformat.js and before figures/<topic>.js; no
// imports, no DOM.

const FIG_FONT_FAMILY = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif";

// numpy's round (half to even).
function figRoundHalfEven(v) {
  return Math.abs(v % 1) === 0.5 ? 2 * Math.round(v / 2) : Math.round(v);
}

// 10 ** e as numpy has it (correctly rounded): V8's 10 ** -4 is 0.00009999999999999999, one unit in
// the last place below, which moved exact halves (0.78125) to the other side when rounding.
function figPowerOfTen(e) {
  return e < 0 ? 1 / 10 ** -e : 10 ** e;
}

/** figures/_common.py: clean: 4 significant figures; null where not finite (or not > 0 when positive). */
export function figClean(values, positive = false) {
  return Array.from(values, (x) => {
    const v = x === null || x === undefined ? NaN : Number(x);
    const ok = Number.isFinite(v) && (positive ? v > 0 : true);
    if (!ok) return null;
    const safe = v !== 0 ? Math.abs(v) : 1.0;
    const step = figPowerOfTen(Math.floor(Math.log10(safe)) - 3);
    return Number((figRoundHalfEven(v / step) * step).toPrecision(4));
  });
}

/** figures/_common.py: _sizes: [line width, font size] for a theme (theme.check_theme's message). */
export function figSizes(theme) {
  if (theme !== "default" && theme !== "projector") {
    throw new Error(`theme must be one of default, projector; got ${pyRepr(theme)}`);
  }
  return theme === "projector" ? [5.0, 20] : [2.5, 13];
}

/** figures/_common.py: base_layout (extra keys override the shared ones). */
export function figBaseLayout(theme, height, extra) {
  const [, font] = figSizes(theme);
  return {
    height: Math.trunc(height),
    margin: { l: 70, r: 20, t: 40, b: 70 },
    font: { size: font, family: FIG_FONT_FAMILY, color: "#111" },
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    showlegend: true,
    legend: { orientation: "h", y: 1.12, x: 0, font: { size: font - 1 } },
    ...extra,
  };
}

/** figures/_common.py: axis with log=True; rng in data units. */
export function figLogAxis(title, rng, extra) {
  return figAxis(title, true, rng, extra);
}

/** figures/_common.py: axis (log: a log axis; rng in data units, converted for log axes). */
export function figAxis(title, log = false, rng = null, extra = {}) {
  const ax = { title: { text: title }, gridcolor: "#e5e5e5", linecolor: "#333" };
  if (log) Object.assign(ax, { type: "log", exponentformat: "power" });
  if (rng !== null) ax.range = log ? rng.map((r) => Math.log10(r)) : [...rng];
  return { ...ax, ...extra };
}

/** figures/_common.py: line_trace: a line in the shared style (extra keys override). */
export function figLineTrace(name, x, y, color, { theme = "default", dash = "solid", widthFactor = 1.0,
  positive = false, ...extra } = {}) {
  const [width] = figSizes(theme);
  return {
    type: "scatter", mode: "lines", name, x: figClean(x), y: figClean(y, positive),
    line: { color, width: width * widthFactor, dash }, ...extra,
  };
}
