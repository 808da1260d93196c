// The lactulose/mannitol urine test, simulated from the three-route barrier model: the twin of
// gutwidgets/models/sugar_test.py's SugarTestModel (the four-number calibration, the urine curves of
// the linear system stepped with a matrix exponential, the crowd of simulated people, the published
// scenarios' levers) and of its dashboard_sentence (chapter 6's live sentence).
//
// The matrix exponential is models/solve.js's expmFlat (_solve.py's expm, step for step) and the root
// finder hindrance.js's findRoot (_solve.find_root step for step), so both sides compute the same
// numbers up to the last bits of the arithmetic's order (BLAS against a loop) and of log/exp:
// tests/test_crosscheck_sugar_test.py holds them within 1e-9 relative.
//
// A part (see views/_assets.py): joined after lib/pyformat.js, models/validate.js, models/hindrance.js,
// models/barrier.js, models/solve.js and models/random.js; no imports, no DOM. Every number that lives
// in data/ or in a lever table comes in `constants`: the JSON of
// gutwidgets.models.sugar_test_constants.sugar_test_browser_constants().

// The calibrations kept (as Python's lru_cache(maxsize=32)), by their constants.
const SUGAR_CALIBRATIONS = new Map();

const SUGAR_CONSTANT_IDS = [
  "healthy_lactulose_recovery", "iv_lactulose_recovery_5h", "colon_arrival_2h", "sucralose_24h_recovery",
  "lactulose_24h_recovery", "lactulose_24h_ileostomy", "mannitol_24h_recovery", "urine_window", "lm_dose_lactulose",
  "lm_dose_mannitol", "healthy_lr_ratio_iqr_low", "healthy_lr_ratio_iqr_high", "sucralose", "lactulose", "mannitol",
];

/** The checks of Python's SugarTestConstants (same messages); returns the constants. */
export function checkSugarTestConstants(c) {
  checkPositiveConstants(c, SUGAR_CONSTANT_IDS);
  if (c.lactulose_24h_ileostomy >= c.lactulose_24h_recovery) {
    throw new Error("lactulose_24h_ileostomy must be below lactulose_24h_recovery (the colon adds)");
  }
  return c;
}

/** SugarTestConstants.transit_rate: small intestine -> colon, per hour. */
export function sugarTransitRate(c) {
  return -Math.log(1 - c.colon_arrival_2h / 100) / 2.0;
}

/** SugarTestConstants.renal_rate: blood -> urine, per hour. */
export function sugarRenalRate(c) {
  return -Math.log(1 - c.iv_lactulose_recovery_5h) / 5.0;
}

/** SugarTestConstants.ratio_spread: sd of the ratio's logarithm between people, from the published IQR. */
export function sugarRatioSpread(c) {
  return Math.log(c.healthy_lr_ratio_iqr_high / c.healthy_lr_ratio_iqr_low) / 1.349;
}

// Python's round(x, 12) (the exact value rounded half to even, as format(x, ".12f") writes it).
function sugarRound12(x) {
  return Number(pyFormat(x, ".12f"));
}

/**
 * sugar_test.py: _recovery_curve: cumulative % of the dose in urine at each of `hours`. States: small
 * intestine, colon, blood, urine; the colon loses sugar to the blood (kColon) and to bacteria (kDeg).
 */
export function sugarRecoveryCurve(kAbs, kColon, kT, kR, hours, kDeg = 0.0) {
  const loss = kColon + kDeg;
  const a = Float64Array.of(
    -(kT + kAbs), 0.0, 0.0, 0.0,
    kT, loss > 0 ? -loss : -1e-9, 0.0, 0.0,
    kAbs, kColon, -kR, 0.0,
    0.0, 0.0, kR, 0.0,
  );
  const order = hours.map((_, i) => i).sort((i, j) => hours[i] - hours[j] || i - j);
  let x = [1.0, 0.0, 0.0, 0.0];
  const out = new Array(hours.length);
  const cache = new Map();
  let now = 0.0;
  for (const i of order) {
    const dt = sugarRound12(hours[i] - now);
    if (dt > 0) {
      if (!cache.has(dt)) cache.set(dt, expmFlat(a.map((v) => v * dt), 4));
      const e = cache.get(dt);
      const y = [0.0, 0.0, 0.0, 0.0];
      for (let r = 0; r < 4; r += 1) for (let k = 0; k < 4; k += 1) y[r] += e[r * 4 + k] * x[k];
      x = y;
      now = hours[i];
    }
    out[i] = x[3];
  }
  return out.map((v) => v * 100.0);
}

function sugarAt(kAbs, kColon, kDeg, c, hour) {
  return sugarRecoveryCurve(kAbs, kColon, sugarTransitRate(c), sugarRenalRate(c), [hour], kDeg)[0];
}

// The root of an increasing-or-decreasing gap in [low, high]; low if it has none there.
function sugarFit(gap, low, high) {
  const g0 = gap(low);
  return g0 === 0 || (g0 > 0) === (gap(high) > 0) ? low : findRoot(gap, low, high);
}

// One round of the four fits, each holding the others at their latest values.
function sugarCalibrationStep(x, c, perm, colonicLactulose) {
  let [, col, dL] = x;
  const [pl, pm, ps] = perm;
  const a = sugarFit((v) => sugarAt(v * pl, col * pl, dL, c, c.urine_window) - c.healthy_lactulose_recovery,
    1e-6, 1e3);
  col = sugarFit((v) => sugarAt(a * ps, v * ps, 0.0, c, 24.0) - c.sucralose_24h_recovery, 0.0, 1e3);
  const dM = sugarFit((v) => sugarAt(a * pm, col * pm, v, c, 24.0) - c.mannitol_24h_recovery, 0.0, 1e3);
  const smallOnly = sugarAt(a * pl, 0.0, 0.0, c, 24.0);
  dL = sugarFit((v) => sugarAt(a * pl, col * pl, v, c, 24.0) - smallOnly - colonicLactulose, 0.0, 1e3);
  return [a, col, dL, dM];
}

/**
 * sugar_test.py: _calibration: [small-intestinal scale, colonic scale, [lactulose, mannitol] breakdown
 * rates] of a healthy person, the four fits repeated in turn until none moves by more than 1e-9 of itself.
 */
export function sugarCalibration(c, barrier) {
  const key = JSON.stringify([c, barrier.constants, barrier.method]);
  if (SUGAR_CALIBRATIONS.has(key)) return SUGAR_CALIBRATIONS.get(key);
  const healthy = new BarrierModel({ ...barrier.browserConstants, barrier: barrier.constants },
    { method: barrier.method });
  const perm = ["lactulose", "mannitol", "sucralose"].map((s) => healthy.permeability(c[s]));
  const colonicLactulose = c.lactulose_24h_recovery - c.lactulose_24h_ileostomy;
  let x = [1.0, 0.0, 0.0, 0.0];
  for (let i = 0; i < 200; i += 1) {
    const next = sugarCalibrationStep(x, c, perm, colonicLactulose);
    const done = next.every((u, k) => Math.abs(u - x[k]) <= 1e-9 * Math.max(Math.abs(x[k]), 1e-12));
    x = next;
    if (done) {
      const out = [x[0], x[1], [x[2], x[3]]];
      if (SUGAR_CALIBRATIONS.size >= 32) SUGAR_CALIBRATIONS.clear();
      SUGAR_CALIBRATIONS.set(key, out);
      return out;
    }
  }
  throw new Error("the sugar-test calibration did not converge");
}

export class SugarTestModel {
  /**
   * @param constants sugar_test_browser_constants().
   * @param options barrier (a BarrierModel: the lining's state; default a fresh healthy one), surface
   *   (absorptive surface relative to healthy, default 1) and window (urine collection, h; default
   *   the published one).
   */
  constructor(constants, { barrier, surface = 1.0, window } = {}) {
    this.browserConstants = constants;
    this.constants = checkSugarTestConstants(constants.sugar_test);
    this.leverTable = constants.sugar_test_levers;
    this.sugars = constants.sugars;
    this.barrier = barrier || new BarrierModel(constants);
    this.surface = surface;
    this.window = window === undefined || window === null ? this.constants.urine_window : window;
    [this.absScale, this.colonScale, [this.degLactulose, this.degMannitol]] = sugarCalibration(this.constants,
      this.barrier);
  }

  get surface() { return this.surfaceValue; }
  set surface(value) {
    const [low, high, meaning] = this.browserConstants.surface_range;
    this.surfaceValue = checkNumber("surface", value, low, high, meaning);
  }

  get window() { return this.windowValue; }
  set window(value) {
    const { low, high, meaning } = this.leverTable.window;
    this.windowValue = checkNumber("window", value, low, high, meaning);
  }

  /** Fitted colonic breakdown rate of each sugar, per hour (0 for sucralose). */
  get degradation() {
    return { lactulose: this.degLactulose, mannitol: this.degMannitol, sucralose: 0.0 };
  }

  /** [small-intestinal absorption, colonic absorption, colonic breakdown] rates per hour. */
  rates(sugar) {
    if (!(typeof sugar === "string" && Object.hasOwn(this.sugars, sugar))) {
      throw new Error(`sugar must be one of ${Object.keys(this.sugars).join(", ")}; got ${pyRepr(sugar)}`);
    }
    return this.ratesFor(sugar, this.barrier.permeability(this.constants[sugar]));
  }

  ratesFor(sugar, p) {
    return [this.absScale * p * this.surface, this.colonScale * p, this.degradation[sugar]];
  }

  /**
   * Cumulative urinary recovery (% of dose) of each sugar, and the window's numbers (Python's
   * SugarTestResult as an object). colon false: a person without a colon.
   */
  run(hours, { colon = true } = {}) {
    const grid = hours === undefined ? Array.from({ length: 49 }, (_, i) => i * 0.5) : hours;
    if (!Array.isArray(grid) || !grid.length
      || !grid.every((h) => typeof h === "number" && Number.isFinite(h) && h >= 0 && h <= 48)) {
      throw new Error("hours must be finite numbers from 0 to 48");
    }
    const sorted = [...grid, this.window].sort((a, b) => a - b);
    const times = sorted.filter((h, i) => i === 0 || h !== sorted[i - 1]);
    const at = times.indexOf(this.window);
    const c = this.constants;
    const cumulative = {};
    const recovery = {};
    const sugars = Object.keys(this.sugars);
    const perm = this.barrier.permeability(sugars.map((sugar) => c[sugar]));
    for (const [i, sugar] of sugars.entries()) {
      const [kAbs, ...colonic] = this.ratesFor(sugar, perm[i]);
      const [kCol, kDeg] = colon ? colonic : [0.0, 0.0];
      cumulative[sugar] = sugarRecoveryCurve(kAbs, kCol, sugarTransitRate(c), sugarRenalRate(c), times, kDeg);
      recovery[sugar] = cumulative[sugar][at];
    }
    const lmRatio = recovery.mannitol > 0 ? recovery.lactulose / recovery.mannitol : Infinity;
    return { hours: times, cumulative, window: this.window, recovery, lm_ratio: lmRatio };
  }

  /** Ratios of n simulated people around this state (log-normal, published spread; the shared generator). */
  population(n = 200, seed = 1) {
    if (!(typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 100000)) {
      throw new Error(`n must be a whole number from 1 to 100000; got ${pyRepr(n)}`);
    }
    const normals = standardNormals(n, seed);
    const ratio = this.run([this.window]).lm_ratio;
    const spread = sugarRatioSpread(this.constants);
    return normals.map((z) => ratio * Math.exp(spread * z));
  }

  /**
   * sugar_test.py: SugarTestModel.scenario_levers: the barrier levers and surface that reproduce a
   * published scenario (records: record id -> value), fitted against `healthy` at its window.
   */
  static scenarioLevers(name, records, healthy) {
    const scenarios = healthy.browserConstants.scenarios;
    if (!(typeof name === "string" && Object.hasOwn(scenarios, name))) {
      throw new Error(`scenario must be one of ${Object.keys(scenarios).join(", ")}; got ${pyRepr(name)}`);
    }
    const spec = scenarios[name];
    const out = { pore_level: 1.0, leak_level: 1.0, damaged_fraction: 0.0, surface: 1.0 };
    if ("damage" in spec) {
      out.damaged_fraction = records[spec.damage];
      return out;
    }
    if (!("ratio" in spec)) return out;
    const controlRatio = typeof spec.controls === "string" ? records[spec.controls] : spec.controls;
    const base = healthy.run([healthy.window]);
    const targetRatio = base.lm_ratio * records[spec.ratio] / controlRatio;
    const bc = healthy.barrier;
    const probe = new SugarTestModel(healthy.browserConstants, {
      barrier: new BarrierModel({ ...bc.browserConstants, barrier: bc.constants }, { method: bc.method }),
      window: healthy.window,
    });
    const solveLeak = (gap) => {
      const [low, high] = [0.01, 100.0];
      if (gap(high) > 0 && 0 > gap(low)) return findRoot(gap, low, high);
      return gap(high) <= 0 ? high : low;
    };
    const ratioGap = (value) => {
      probe.barrier.leak_level = value;
      return probe.run([probe.window]).lm_ratio - targetRatio;
    };
    if (!("lactulose" in spec)) {
      out.leak_level = solveLeak(ratioGap);
      return out;
    }
    const lacFold = records[spec.lactulose] / records[spec.lactulose_controls];
    const targetLactulose = base.recovery.lactulose * lacFold;
    const lactuloseGap = (value) => {
      probe.barrier.leak_level = value;
      return probe.run([probe.window]).recovery.lactulose - targetLactulose;
    };
    const surfaceGap = (surface) => {
      probe.surface = surface;
      return ratioGap(solveLeak(lactuloseGap));
    };
    const [low, high] = [0.05, 1.0];
    let surface;
    if (surfaceGap(low) > 0 && 0 > surfaceGap(high)) surface = findRoot(surfaceGap, low, high);
    else surface = surfaceGap(high) >= 0 ? high : low;
    probe.surface = surface;
    out.leak_level = solveLeak(lactuloseGap);
    out.surface = surface;
    return out;
  }
}

/**
 * Chapter 6's live sentence (Python's gutwidgets.models.sugar_test.dashboard_sentence). above: [[lab,
 * share], ...] in the labs' order; records: the scenarios' published values; scenarios: their table.
 */
export function sugarTestSentence(scenario, result, healthy, above, c, records, scenarios) {
  const spec = scenarios[scenario];
  const r = result.recovery;
  const fold = result.lm_ratio / healthy.lm_ratio;
  const lines = [
    `${spec.label}, urine collected for ${pyFormat(result.window, "g")} h: mannitol ${pyFormat(r.mannitol, ".3g")} %`
      + ` and lactulose ${pyFormat(r.lactulose, ".3g")} % of the dose; ratio ${pyFormat(result.lm_ratio, ".3g")}`
      + (scenario === "healthy" ? "." : `, ${pyFormat(fold, ".2g")} times the healthy value.`),
    "Of the simulated people in this state, "
      + above.map(([lab, share]) => `${pyFormat(share, ".0%")} are above ${lab}'s cut-off`).join(", ") + ".",
  ];
  if (scenario === "healthy" && result.window === c.urine_window) {
    lines.push(`Fitted: 5-h lactulose, published ${pyFormat(c.healthy_lactulose_recovery, "g")} %. Not fitted:`
      + ` the ratio comes out ${pyFormat(result.lm_ratio, ".2g")} against the published`
      + ` ${pyFormat(records.healthy_lm_ratio, "g")}, because mannitol's uptake saturates in this model.`);
  }
  if (scenario === "healthy" && result.window === 24) {
    lines.push(`Published 24-h recoveries: mannitol ${pyFormat(c.mannitol_24h_recovery, "g")} % (fitted),`
      + ` lactulose ${pyFormat(c.lactulose_24h_recovery, "g")} %: the model's lactulose is higher,`
      + " because its small intestine keeps passing lactulose after 5 h (not because of the"
      + " kidney: measured 24-h values include late excretion too).");
  }
  if (scenario === "coeliac" && result.window === c.urine_window) {
    lines.push(`Fitted: lactulose ${pyFormat(records.coeliac_lactulose_recovery, "g")} % and the ratio's rise`
      + ` (${pyFormat(records.coeliac_lm_ratio, "g")} against ${pyFormat(records.healthy_lm_ratio, "g")} in the`
      + " same study); assumed: mannitol falls only because villous atrophy shrinks the surface.");
  }
  if (scenario === "alcohol_liver") {
    const published = records[spec.ratio] / spec.controls;
    if (fold < 0.9 * published) {
      lines.push(`The published ratio is ${pyFormat(published, ".2g")} times its controls'; this simple model`
        + ` cannot reach that with plausible settings (it stops at ${pyFormat(fold, ".2g")} times).`);
    }
  }
  return lines.join(" ");
}
