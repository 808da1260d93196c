// Restricted diffusion of a sphere through a cylindrical pore: the twin of
// gutwidgets/models/hindrance.py (Renkin, Dechadilok-Deen, Stokes-Einstein, the permeability ratio of
// two molecules through one pore, and the equivalent pore radius), and of the root finder in
// gutwidgets/models/_solve.py, step for step. Here lambda is the Stokes radius over the pore radius.
//
// A part (see views/_assets.py): joined after lib/pyformat.js and models/validate.js; no imports, no
// DOM. Functions take a number or an array of numbers and answer in kind. The formulas' own
// coefficients are written here as in Python; tests/test_crosscheck.py keeps the two sides equal.

/** Boltzmann constant, J/K (exact, SI 2019): part of the Stokes-Einstein formula, as in Python. */
export const BOLTZMANN = 1.380649e-23;

export const HINDRANCE_METHODS = ["dechadilok-deen", "renkin"];

const DECHADILOK_DEEN = [-1.56034, 0.528155, 1.91521, -2.81903, 0.270788, 1.10115, -0.435933];

function hindranceMap(value, fn) {
  return Array.isArray(value) ? value.map(fn) : fn(value);
}

function hindranceValues(value) {
  return Array.isArray(value) ? value : [value];
}

function checkRatio(lam, name = "lam") {
  const values = hindranceValues(lam);
  if (!values.every((v) => typeof v === "number" && Number.isFinite(v))) {
    throw new Error(`${name} must be finite numbers (got ${pyRepr(lam)})`);
  }
  if (values.some((v) => v < 0)) {
    throw new Error(`${name} must be >= 0 (a ratio of two radii); got ${pyRepr(lam)}`);
  }
}

function renkinOne(lam) {
  if (!(lam < 1.0)) return 0.0;
  const h = (1 - lam) * (1 - lam) * (1 - 2.104 * lam + 2.09 * lam ** 3 - 0.95 * lam ** 5);
  return Math.max(h, 0.0);
}

/** Renkin hindrance factor H(lambda) = (1 - l)^2 (1 - 2.104 l + 2.09 l^3 - 0.95 l^5); 0 from lambda = 1. */
export function renkin(lam) {
  checkRatio(lam);
  return hindranceMap(lam, renkinOne);
}

function dechadilokDeenOne(lam) {
  let out = 0.0;
  if (lam === 0) {
    out = 1.0;
  } else if (lam <= 0.95) {
    out = 1.0 + 9.0 / 8.0 * lam * Math.log(lam);
    DECHADILOK_DEEN.forEach((coef, k) => {
      const power = k + 1;
      out += coef * (power === 1 ? lam : power === 2 ? lam * lam : lam ** power);
    });
  } else if (lam < 1.0) {
    out = (1 - lam) * (1 - lam) * 0.984 * ((1 - lam) / lam) ** 2.5;
  }
  return Math.min(Math.max(out, 0.0), 1.0);
}

/** Dechadilok and Deen's (2006) overall diffusive hindrance; the asymptotic form from 0.95 to 1; 0 from 1. */
export function dechadilokDeen(lam) {
  checkRatio(lam);
  return hindranceMap(lam, dechadilokDeenOne);
}

/** Hindrance by the named method ("dechadilok-deen" or "renkin"). */
export function hindrance(lam, method = "dechadilok-deen") {
  if (method === "renkin") return renkin(lam);
  if (method === "dechadilok-deen") return dechadilokDeen(lam);
  throw new Error(`method must be one of ${HINDRANCE_METHODS.join(", ")}; got ${pyRepr(method)}`);
}

/** Free diffusion coefficient D0 = kT / (6 pi eta a), cm^2/s (radius in Å, viscosity in Pa·s). */
export function stokesEinstein(radiusAngstrom, temperatureK, viscosityPaS) {
  const radii = hindranceValues(radiusAngstrom);
  if (!radii.every((a) => typeof a === "number" && Number.isFinite(a) && a > 0)) {
    throw new Error(`radius_angstrom must be finite and > 0 Å; got ${pyRepr(radiusAngstrom)}`);
  }
  for (const [name, value] of [["temperature_k", temperatureK], ["viscosity_pa_s", viscosityPaS]]) {
    if (!isPositiveNumber(value)) throw new Error(`${name} must be a finite number > 0; got ${pyRepr(value)}`);
  }
  const friction = 6 * Math.PI * viscosityPaS;
  return hindranceMap(radiusAngstrom, (a) => BOLTZMANN * temperatureK / (friction * a * 1e-10) * 1e4);
}

/** Permeability of the `large` molecule over the `small` one through one pore (radii in Å). */
export function poreRatio(radiusAngstrom, small, large, method = "renkin") {
  for (const [name, value] of [["radius_angstrom", radiusAngstrom], ["small", small], ["large", large]]) {
    if (!isPositiveNumber(value)) throw new Error(`${name} must be a finite radius > 0 Å; got ${pyRepr(value)}`);
  }
  if (large <= small) {
    throw new Error(`large (${pyFormat(large, "g")} Å) must be bigger than small (${pyFormat(small, "g")} Å)`);
  }
  const hSmall = hindrance(small / radiusAngstrom, method);
  if (hSmall <= 0) return 0.0;
  return small / large * hindrance(large / radiusAngstrom, method) / hSmall;
}

/** The single pore radius (Å) through which large/small permeability equals `ratio` (0 < ratio < small/large). */
export function equivalentPoreRadius(ratio, small, large, method = "renkin") {
  const top = small / large;
  if (!(typeof ratio === "number" && Number.isFinite(ratio) && ratio > 0 && ratio < top)) {
    throw new Error(`ratio must be above 0 and below ${pyFormat(top, ".4g")} (free diffusion); got ${pyRepr(ratio)}`);
  }
  return findRoot((r) => poreRatio(r, small, large, method) - ratio, large * (1 + 1e-9), 1e6);
}

/**
 * A root of f in [low, high], where f(low) and f(high) differ in sign (Illinois method): the same
 * steps as gutwidgets/models/_solve.py's find_root, so both sides stop at the same iterate.
 */
export function findRoot(f, low, high, { xtol = 1e-12, rtol = 1e-12, maxiter = 200 } = {}) {
  let a = low;
  let b = high;
  let fa = f(a);
  let fb = f(b);
  if (!(Number.isFinite(fa) && Number.isFinite(fb))) {
    throw new Error(`f must be finite at both ends of [${pyFormat(a, "g")}, ${pyFormat(b, "g")}]`);
  }
  if (fa === 0) return a;
  if (fb === 0) return b;
  if ((fa > 0) === (fb > 0)) {
    throw new Error(`f(low) and f(high) must differ in sign on [${pyFormat(a, "g")}, ${pyFormat(b, "g")}]`);
  }
  let side = 0;
  let c = a;
  for (let i = 0; i < maxiter; i += 1) {
    c = (a * fb - b * fa) / (fb - fa);
    if (!(Math.min(a, b) < c && c < Math.max(a, b))) c = 0.5 * (a + b);
    const fc = f(c);
    if (fc === 0 || Math.abs(b - a) <= xtol + rtol * Math.abs(c)) return c;
    if ((fc > 0) === (fb > 0)) {
      b = c;
      fb = fc;
      if (side === -1) fa *= 0.5;
      side = -1;
    } else {
      a = c;
      fa = fc;
      if (side === 1) fb *= 0.5;
      side = 1;
    }
  }
  return c;
}
