// Python's format() for floats, and Python's repr() of plain values, so the browser models write
// exactly the sentences and error messages the Python models write.
//
// A part (see views/_assets.py): top-level declarations, no imports. No DOM.
//
// pyFormat(x, spec) supports the specs the models' sentences use: "" (repr), "g", ".2g", ".3g",
// ".4g", ".0%", ".2%", ".1%", ",.0f", ".{n}f", ".{n}e", with an optional "," for thousands.
// Rounding is Python's: the exact binary value of x rounded half to even (JavaScript's toFixed
// and toPrecision round exact ties up, e.g. (0.125).toFixed(2) is "0.13" where Python writes
// "0.12"), so every digit is worked out here from the exact decimal expansion of x.
// tests/test_crosscheck.py compares it with Python's format() on many values.

const PYFORMAT_SPEC = /^(,)?(?:\.(\d+))?([fge%]?)$/;

// x (finite, >= 0) as [N, scale] with x = N / 10**scale exactly (BigInt N).
function pyExactDecimal(x) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exponent = -1074;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  if (exponent >= 0) return [mantissa << BigInt(exponent), 0];
  return [mantissa * 5n ** BigInt(-exponent), -exponent];
}

// N / 10**scale rounded (half to even) to `places` decimal places (may be negative), as the
// integer q: the rounded value is q / 10**places.
function pyRoundAt(n, scale, places) {
  const drop = scale - places;
  if (drop <= 0) return n * 10n ** BigInt(-drop);
  const divisor = 10n ** BigInt(drop);
  let q = n / divisor;
  const twice = 2n * (n % divisor);
  if (twice > divisor || (twice === divisor && (q & 1n) === 1n)) q += 1n;
  return q;
}

// Digits of x (>= 0) with `places` decimals: [integer part, fraction].
function pyFixedDigits(x, places) {
  const [n, scale] = pyExactDecimal(x);
  const text = pyRoundAt(n, scale, places).toString().padStart(places + 1, "0");
  return [text.slice(0, text.length - places), text.slice(text.length - places)];
}

// x (>= 0) rounded to `precision` significant digits: [digit string, decimal exponent].
function pySignificant(x, precision) {
  if (x === 0) return ["0".repeat(precision), 0];
  const [n, scale] = pyExactDecimal(x);
  let exponent = n.toString().length - 1 - scale;
  let q = pyRoundAt(n, scale, precision - 1 - exponent);
  if (q.toString().length > precision) {
    exponent += 1;
    q /= 10n;
  }
  return [q.toString(), exponent];
}

function pyExponentText(digits, exponent, strip) {
  let rest = digits.slice(1);
  if (strip) rest = rest.replace(/0+$/, "");
  const sign = exponent < 0 ? "-" : "+";
  return `${digits[0]}${rest ? `.${rest}` : ""}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

// Python's repr of a finite float >= 0: the shortest digits that read back as x.
function pyShortest(x) {
  if (x === 0) return "0.0";
  const [mantissa, exp] = x.toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 16) return pyExponentText(digits, exponent, true);
  if (exponent < 0) return `0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = digits.slice(exponent + 1);
  return `${whole}.${fraction || "0"}`;
}

function pyGroup(text) {
  const match = /^\d+/.exec(text);
  if (!match) return text;
  const run = match[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return run + text.slice(match[0].length);
}

/** format(x, spec) as Python writes it, for a number x and one of the specs above. */
export function pyFormat(x, spec = "") {
  const parsed = PYFORMAT_SPEC.exec(spec);
  if (typeof x !== "number" || !parsed || (parsed[3] === "" && (parsed[1] || parsed[2] !== undefined))) {
    throw new Error(`pyFormat: unsupported value or spec ${JSON.stringify(spec)}`);
  }
  const [, comma, given, type] = parsed;
  const value = type === "%" ? x * 100 : x;
  const negative = value < 0 || Object.is(value, -0);
  const magnitude = Math.abs(value);
  let body;
  if (Number.isNaN(value)) {
    body = "nan";
  } else if (!Number.isFinite(value)) {
    body = "inf";
  } else if (type === "") {
    body = pyShortest(magnitude);
  } else if (type === "f" || type === "%") {
    const places = given === undefined ? 6 : Number(given);
    const [whole, fraction] = pyFixedDigits(magnitude, places);
    body = places > 0 ? `${whole}.${fraction}` : whole;
  } else if (type === "e") {
    const places = given === undefined ? 6 : Number(given);
    const [digits, exponent] = pySignificant(magnitude, places + 1);
    body = pyExponentText(digits, exponent, false);
  } else {
    const precision = given === undefined ? 6 : Math.max(1, Number(given));
    const [digits, exponent] = pySignificant(magnitude, precision);
    if (exponent >= -4 && exponent < precision) {
      const places = precision - 1 - exponent;
      const [whole, fraction] = pyFixedDigits(magnitude, places);
      const kept = fraction.replace(/0+$/, "");
      body = kept ? `${whole}.${kept}` : whole;
    } else {
      body = pyExponentText(digits, exponent, true);
    }
  }
  if (comma) body = pyGroup(body);
  return `${negative && !Number.isNaN(value) ? "-" : ""}${body}${type === "%" ? "%" : ""}`;
}

function pyStringRepr(text) {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (ch === "\\" || ch === quote) out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return quote + out + quote;
}

/**
 * Python's repr() of a value as the browser holds it: a number is a Python float ("5.0", "nan",
 * "1e-05"), a string is quoted as Python quotes it, true/false/null are True/False/None, arrays
 * are lists and plain objects dicts.
 */
export function pyRepr(value) {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return pyFormat(value, "");
  if (typeof value === "string") return pyStringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value).map(([k, v]) => `${pyStringRepr(k)}: ${pyRepr(v)}`).join(", ")}}`;
  }
  return pyStringRepr(String(value));
}

/** Python's html.escape (quote=True): & < > " ' as entities. */
export function pyHtmlEscape(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}
