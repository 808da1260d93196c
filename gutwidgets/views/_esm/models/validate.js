// Input checks shared by the browser models: the twin of gutwidgets/models/_validate.py, with the
// same messages (a number is written as Python writes a float: see lib/pyformat.js).
//
// A part (see views/_assets.py): joined after lib/pyformat.js; no imports, no DOM.

/** value if it is a number in [low, high], else an Error worded as Python's ValueError. */
export function checkNumber(name, value, low, high, meaning) {
  if (typeof value !== "number") {
    throw new Error(`${name} must be a number from ${pyFormat(low, "g")} to ${pyFormat(high, "g")} (${meaning});`
      + ` got ${pyRepr(value)}`);
  }
  if (!Number.isFinite(value) || !(low <= value && value <= high)) {
    throw new Error(`${name} must be from ${pyFormat(low, "g")} to ${pyFormat(high, "g")} (${meaning});`
      + ` got ${pyRepr(value)}`);
  }
  return value;
}

/** A finite number > 0 (typeof number), for constants and physical parameters. */
export function isPositiveNumber(value) {
  return typeof value === "number" && Number.isFinite(value) && value > 0;
}

/** Every constant named in ids is present in c and a finite number > 0 (Python's dataclass checks, same messages). */
export function checkPositiveConstants(c, ids) {
  const missing = ids.filter((k) => !(k in c));
  if (missing.length) throw new Error(`missing values for: ${missing.join(", ")}`);
  for (const name of ids) {
    if (!isPositiveNumber(c[name])) {
      throw new Error(`constant ${name} must be a finite number > 0; got ${pyRepr(c[name])}`);
    }
  }
}
