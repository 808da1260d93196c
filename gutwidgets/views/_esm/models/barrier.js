// Paracellular transport through three parallel routes (pore, leak, unrestricted): the twin of
// gutwidgets/models/barrier.py's BarrierModel, with the same calibration, the same small-ion path
// (the pore route's ion permeability set by the recorded small-ion : mannitol ratio), the same checks
// and error messages, and the same summary sentence.
//
// A part (see views/_assets.py): joined after lib/pyformat.js, models/validate.js and
// models/hindrance.js; no imports, no DOM. Every number that lives in data/ or in a lever table comes
// in `constants`: the JSON of gutwidgets.models.constants.browser_constants().

export const BARRIER_ROUTES = ["pore", "leak", "unrestricted"];

const BARRIER_CONSTANT_IDS = [
  "pore_radius", "leak_radius", "water_viscosity_37c", "body_temperature", "healthy_lm_ratio", "nsaid_ratio_rise",
  "nsaid_damaged_fraction", "mannitol", "lactulose", "renkin_validity_limit", "water", "small_ion_mannitol_ratio",
];

/** The checks of Python's BarrierConstants (same messages); returns the constants. */
export function checkBarrierConstants(c) {
  checkPositiveConstants(c, BARRIER_CONSTANT_IDS);
  if (c.mannitol >= c.pore_radius * 1.0 && c.mannitol >= c.leak_radius) {
    throw new Error("mannitol must be smaller than the leak radius");
  }
  if (c.nsaid_damaged_fraction >= 1) throw new Error("nsaid_damaged_fraction must be below 1");
  if (c.nsaid_ratio_rise <= 1) throw new Error("nsaid_ratio_rise must be above 1 (a rise)");
  if (c.water >= c.mannitol) throw new Error("water (the small-ion stand-in) must be smaller than mannitol");
  return c;
}

export class BarrierModel {
  /**
   * @param constants browser_constants() (uses its barrier, barrier_ranges, barrier_healthy and
   *   max_radius_angstrom).
   * @param levers pore_level, leak_level, damaged_fraction (default: healthy) and method
   *   ("dechadilok-deen", the default, or "renkin").
   */
  constructor(constants, { method = "dechadilok-deen", ...levers } = {}) {
    if (!HINDRANCE_METHODS.includes(method)) {
      throw new Error(`method must be one of ${HINDRANCE_METHODS.join(", ")}; got ${pyRepr(method)}`);
    }
    this.browserConstants = constants;
    this.constants = checkBarrierConstants(constants.barrier);
    this.ranges = constants.barrier_ranges;
    this.method = method;
    this.levers = {};
    this.calibrate();
    const start = { ...constants.barrier_healthy, ...levers };
    for (const name of Object.keys(this.ranges)) this.setLever(name, start[name]);
    const unknown = Object.keys(levers).filter((k) => !(k in this.ranges));
    if (unknown.length) throw new Error(`unexpected argument(s) ${pyRepr(unknown.sort())}`);
  }

  checkLevel(name, value) {
    const [low, high, meaning] = this.ranges[name];
    return checkNumber(name, value, low, high, meaning);
  }

  setLever(name, value) {
    this.levers[name] = this.checkLevel(name, value);
  }

  get pore_level() { return this.levers.pore_level; }
  set pore_level(value) { this.setLever("pore_level", value); }
  get leak_level() { return this.levers.leak_level; }
  set leak_level(value) { this.setLever("leak_level", value); }
  get damaged_fraction() { return this.levers.damaged_fraction; }
  set damaged_fraction(value) { this.setLever("damaged_fraction", value); }

  /** Set several levers at once; all are checked before any changes. */
  set(levers) {
    const unknown = Object.keys(levers).filter((k) => !(k in this.ranges));
    if (unknown.length) {
      throw new Error(`unknown lever(s) ${pyRepr(unknown.sort())}; allowed: ${Object.keys(this.ranges).join(", ")}`);
    }
    const checked = Object.entries(levers).map(([k, v]) => [k, this.checkLevel(k, v)]);
    for (const [k, v] of checked) this.levers[k] = v;
    return this;
  }

  /** The healthy defaults (pore 1, leak 1, nothing eroded). */
  reset() {
    return this.set(this.browserConstants.barrier_healthy);
  }

  // -- calibration ------------------------------------------------------------------------
  raw(route, a) {
    const c = this.constants;
    const d0 = stokesEinstein(a, c.body_temperature, c.water_viscosity_37c * 1e-3);
    if (route === "pore") return d0 * hindrance(a / c.pore_radius, this.method);
    if (route === "leak") return d0 * hindrance(a / c.leak_radius, this.method);
    return d0;
  }

  calibrate() {
    const c = this.constants;
    const [pm, lm, um] = BARRIER_ROUTES.map((r) => this.raw(r, c.mannitol));
    const [pl, ll, ul] = BARRIER_ROUTES.map((r) => this.raw(r, c.lactulose));
    const r0 = c.healthy_lm_ratio;
    const sPore = 1.0;
    const denom = ll - r0 * lm;
    if (pm <= 0 || denom <= 0 || pl > 0) {
      throw new Error("constants cannot be calibrated: mannitol must fit the pore route, lactulose must not,"
        + " and the healthy ratio must be reachable");
    }
    const sLeak = r0 * sPore * pm / denom;
    const pMan = sPore * pm + sLeak * lm;
    const pLac = sLeak * ll;
    const fold = c.nsaid_ratio_rise;
    const denomU = ul - fold * r0 * um;
    if (denomU <= 0) throw new Error("nsaid_ratio_rise is too large to reach by erosion alone");
    const x = (fold * r0 * pMan - pLac) / denomU;
    const sUnr = x / c.nsaid_damaged_fraction;
    this.scale = { pore: sPore / pMan, leak: sLeak / pMan, unrestricted: sUnr / pMan };
    this.ionLeak = this.scale.leak * this.raw("leak", c.water);
    this.ionUnrestricted = this.scale.unrestricted * this.raw("unrestricted", c.water);
    /** What the sharp-pore formula alone would give the pore route (kept to show the artefact). */
    this.formulaPoreIonRatio = this.raw("pore", c.water) / this.raw("pore", c.mannitol);
    if (this.ionPore(c.small_ion_mannitol_ratio) <= 0) {
      throw new Error(`small_ion_mannitol_ratio ${pyFormat(c.small_ion_mannitol_ratio, "g")} is below what the leak`
        + ` route alone carries (${pyFormat(this.ionLeak, ".3g")}); allowed: above that`);
    }
  }

  /** Healthy pore-route small-ion permeability (relative to healthy mannitol) for a lining ratio. */
  ionPore(ratio) {
    return ratio - this.ionLeak;
  }

  // -- results ----------------------------------------------------------------------------
  checkRadius(radius) {
    const values = Array.isArray(radius) ? radius : [radius];
    if (!values.every((a) => typeof a === "number")) {
      throw new Error(`radius_angstrom must be numbers in Å; got ${pyRepr(radius)}`);
    }
    if (values.length === 0) throw new Error("radius_angstrom is empty; give at least one Stokes radius in Å");
    const top = this.browserConstants.max_radius_angstrom;
    if (!values.every((a) => Number.isFinite(a) && a > 0 && a <= top)) {
      throw new Error(`radius_angstrom must be finite, > 0 and <= ${pyFormat(top, "g")} Å; got ${pyRepr(radius)}`);
    }
    return values;
  }

  level(route) {
    return { pore: this.pore_level, leak: this.leak_level, unrestricted: this.damaged_fraction }[route];
  }

  /** Permeability through each route, relative to mannitol through a healthy lining (number or array in kind). */
  routePermeabilities(radius) {
    const radii = this.checkRadius(radius);
    const out = {};
    for (const r of BARRIER_ROUTES) {
      const values = radii.map((a) => this.scale[r] * this.level(r) * this.raw(r, a));
      out[r] = Array.isArray(radius) ? values : values[0];
    }
    return out;
  }

  /** Total permeability (sum of the routes), relative to healthy mannitol. */
  permeability(radius) {
    const routes = this.routePermeabilities(radius);
    if (!Array.isArray(radius)) return routes.pore + routes.leak + routes.unrestricted;
    return routes.pore.map((p, i) => p + routes.leak[i] + routes.unrestricted[i]);
  }

  /** Fraction of each molecule's passage carried by each route (0 where nothing passes). */
  routeShares(radius) {
    const routes = this.routePermeabilities(radius);
    const one = (i) => {
      const get = (r) => (Array.isArray(radius) ? routes[r][i] : routes[r]);
      const total = get("pore") + get("leak") + get("unrestricted");
      return Object.fromEntries(BARRIER_ROUTES.map((r) => [r, total > 0 ? get(r) / total : 0.0]));
    };
    if (!Array.isArray(radius)) return one(0);
    const rows = radius.map((_, i) => one(i));
    return Object.fromEntries(BARRIER_ROUTES.map((r) => [r, rows.map((row) => row[r])]));
  }

  checkIonRatio(ratio) {
    if (ratio === undefined || ratio === null) return this.constants.small_ion_mannitol_ratio;
    const value = checkNumber("ratio", ratio, 0.0, Infinity, "the healthy lining's small-ion : mannitol ratio");
    if (value <= this.ionLeak) {
      throw new Error(`ratio must be above ${pyFormat(this.ionLeak, ".3g")} (what the leak route alone carries);`
        + ` got ${pyRepr(ratio)}`);
    }
    return value;
  }

  /** Small-ion permeability of each route, relative to healthy mannitol (ratio: default the recorded one). */
  ionPermeabilities(ratio) {
    const r = this.checkIonRatio(ratio);
    return {
      pore: this.ionPore(r) * this.pore_level,
      leak: this.ionLeak * this.leak_level,
      unrestricted: this.ionUnrestricted * this.damaged_fraction,
    };
  }

  /** Paracellular small-ion conductance relative to a healthy lining (TEER goes as 1/this). */
  ionConductance(ratio) {
    const r = this.checkIonRatio(ratio);
    const p = this.ionPermeabilities(r);
    return (0 + p.pore + p.leak + p.unrestricted) / r;
  }

  /** Fraction of the small-ion current carried by each route (0 everywhere if nothing passes). */
  ionShares(ratio) {
    const p = this.ionPermeabilities(ratio);
    const total = 0 + p.pore + p.leak + p.unrestricted;
    return Object.fromEntries(BARRIER_ROUTES.map((r) => [r, total > 0 ? p[r] / total : 0.0]));
  }

  /** Lactulose/mannitol permeability ratio: the sugar test's index. */
  lmRatio() {
    const c = this.constants;
    const [lac, man] = this.permeability([c.lactulose, c.mannitol]);
    if (man <= 0) return lac > 0 ? Infinity : 0.0;
    return lac / man;
  }

  /** Where a molecule is above the Renkin validity limit yet still smaller than the route. */
  beyondValidity(radius) {
    const radii = this.checkRadius(radius);
    const c = this.constants;
    const out = {};
    for (const [route, size] of [["pore", c.pore_radius], ["leak", c.leak_radius]]) {
      const values = radii.map((a) => {
        const lam = a / size;
        return lam > c.renkin_validity_limit && lam < 1;
      });
      out[route] = Array.isArray(radius) ? values : values[0];
    }
    return out;
  }

  /** Snapshot of levers and headline results (the fields of Python's BarrierState). */
  state() {
    const c = this.constants;
    const shares = this.routeShares([c.lactulose, c.mannitol]);
    return {
      pore_level: this.pore_level,
      leak_level: this.leak_level,
      damaged_fraction: this.damaged_fraction,
      lm_ratio: this.lmRatio(),
      healthy_lm_ratio: c.healthy_lm_ratio,
      lactulose_shares: Object.fromEntries(BARRIER_ROUTES.map((r) => [r, shares[r][0]])),
      mannitol_shares: Object.fromEntries(BARRIER_ROUTES.map((r) => [r, shares[r][1]])),
    };
  }

  /** The current state in plain words: chapter 1's live sentence. */
  summary() {
    const s = this.state();
    const parts = [
      `Pore route (claudin-2): ${barrierDescribeLevel(s.pore_level)}.`,
      `Leak route (MLCK/TNF): ${barrierDescribeLevel(s.leak_level)}.`,
      `Eroded surface: ${barrierDescribeDamage(s.damaged_fraction)}.`,
    ];
    if (s.lm_ratio === Infinity) {
      parts.push("Mannitol cannot cross, so the sugar-test ratio is undefined.");
    } else if (s.lm_ratio === 0) {
      parts.push("Neither sugar can cross: the model lining is sealed.");
    } else {
      const fold = s.lm_ratio / s.healthy_lm_ratio;
      parts.push(`Predicted lactulose/mannitol ratio ${barrierFmt(s.lm_ratio)}, ${barrierDescribeFold(fold)}`
        + ` (healthy lining: ${barrierFmt(s.healthy_lm_ratio)}).`);
      const mainL = barrierLargest(s.lactulose_shares);
      const mainM = barrierLargest(s.mannitol_shares);
      parts.push(`Lactulose crosses mostly by the ${mainL} route (${pyFormat(s.lactulose_shares[mainL], ".0%")});`
        + ` mannitol mostly by the ${mainM} route (${pyFormat(s.mannitol_shares[mainM], ".0%")}).`);
    }
    return parts.join(" ");
  }
}

// The first route with the largest share (Python's max over the dict, which keeps the first on ties).
function barrierLargest(shares) {
  let best = BARRIER_ROUTES[0];
  for (const r of BARRIER_ROUTES) if (shares[r] > shares[best]) best = r;
  return best;
}

function barrierFmt(x) {
  if (x === 0) return "0";
  const digits = Math.max(0, 1 - Math.floor(Math.log10(Math.abs(x))));
  return pyFormat(x, `.${digits}f`);
}

function barrierDescribeLevel(x) {
  if (x === 0) return "closed";
  if (x < 0.8) return `reduced (${pyFormat(x, ".2g")}x healthy)`;
  if (x <= 1.25) return "normal";
  if (x <= 3) return `raised (${pyFormat(x, ".2g")}x healthy)`;
  return `greatly raised (${pyFormat(x, ".2g")}x healthy)`;
}

function barrierDescribeDamage(f) {
  if (f === 0) return "none";
  return f < 0.01 ? `${pyFormat(f, ".2%")} of the surface` : `${pyFormat(f, ".1%")} of the surface`;
}

function barrierDescribeFold(fold) {
  if (fold >= 0.8 && fold <= 1.25) return "about the same as a healthy lining";
  if (fold > 1) return `${pyFormat(fold, ".2g")} times the healthy value`;
  return `${pyFormat(fold, ".2g")} of the healthy value`;
}
