// Shared front-end part (views/_esm/lib/): numbers read from traits. No imports and no DOM, so
// Node runs it too (tests/test_esm_lib.py). Joined before a widget's own file by asset(...)
// (views/_assets.py: CANVAS_LIB); every name starts with "gw" so none can collide with a widget's.

/** A finite number from a trait value (a number, or a non-blank numeric string), else the fallback. */
export function gwNum(x, fallback = 0) {
  const v = typeof x === "number" ? x : typeof x === "string" && x.trim() !== "" ? Number(x) : NaN;
  return Number.isFinite(v) ? v : fallback;
}

/** x limited to [lo, hi]. */
export function gwClamp(x, lo, hi) {
  return x < lo ? lo : x > hi ? hi : x;
}

/** A fixed pseudo-random number in [0, 1) for an integer seed (the same drawing on every frame). */
export function gwHash01(i) {
  const s = Math.sin(i * 127.1 + 311.7) * 43758.5453;
  return s - Math.floor(s);
}

/** A label from a trait value: trimmed non-blank text, or a finite number as text, else the fallback. */
export function gwSafeText(x, fallback) {
  if (typeof x === "string" && x.trim()) return x.trim();
  if (typeof x === "number" && Number.isFinite(x)) return String(x);
  return fallback;
}
