// The tight junction's levers and the resistance (TEER) they produce: the twin of
// gutwidgets/models/junction.py's JunctionModel (calcium calibration on the fall in resistance and
// the widening of the equivalent pore radius, TNF-alpha's ion effect without priming and its leak
// effect only on IFN-gamma-primed cells) and of its dashboardSentence (chapter 2's live sentence).
//
// A part (see views/_assets.py): joined after lib/pyformat.js, models/validate.js,
// models/hindrance.js and models/barrier.js; no imports, no DOM. Every number that lives in data/ or
// in a lever table comes in `constants`: the JSON of gutwidgets.models.constants.browser_constants().

const JUNCTION_CONSTANT_IDS = [
  "tnf_teer_fall_ht29", "tnf_dose_ht29", "tnf_half_effect_dose", "tnf_leak_rise", "calcium_removal_teer_fall",
  "calcium_pore_widening", "caco2_teer", "jejunum_teer", "distal_colon_teer",
];
const JUNCTION_SWITCHES = ["ifn_gamma_primed", "zonulin"];

/** The checks of Python's JunctionConstants (same messages); returns the constants. */
export function checkJunctionConstants(c) {
  checkPositiveConstants(c, JUNCTION_CONSTANT_IDS);
  for (const name of ["tnf_teer_fall_ht29", "calcium_removal_teer_fall"]) {
    if (c[name] >= 1) throw new Error(`${name} is a fraction and must be below 1`);
  }
  if (c.calcium_pore_widening <= 1) throw new Error("calcium_pore_widening must be above 1 (a widening)");
  return c;
}

export class JunctionModel {
  /**
   * @param constants browser_constants().
   * @param options barrier (a BarrierModel to drive; default a fresh healthy one), tissue (default
   *   "caco2") and any levers: claudin2, mlck, tnf, calcium_removed, ifn_gamma_primed, zonulin.
   */
  constructor(constants, { barrier, tissue = "caco2", ...levers } = {}) {
    this.browserConstants = constants;
    this.constants = checkJunctionConstants(constants.junction);
    this.leverTable = constants.junction_levers;
    this.tissues = constants.tissues;
    this.limits = constants.route_limits;
    this.barrier = barrier || new BarrierModel(constants);
    this.tissue = tissue;
    this.levers = { ...constants.junction_defaults };
    [this.calciumPoreFull, this.calciumLeakFull] = this.calibrateCalcium();
    this.set(levers);
  }

  get tissue() { return this.tissueName; }
  set tissue(value) {
    if (!(typeof value === "string" && Object.hasOwn(this.tissues, value))) {
      throw new Error(`tissue must be one of ${Object.keys(this.tissues).join(", ")}; got ${pyRepr(value)}`);
    }
    this.tissueName = value;
  }

  get claudin2() { return this.levers.claudin2; }
  get mlck() { return this.levers.mlck; }
  get tnf() { return this.levers.tnf; }
  get calcium_removed() { return this.levers.calcium_removed; }
  get ifn_gamma_primed() { return this.levers.ifn_gamma_primed; }
  get zonulin() { return this.levers.zonulin; }

  /** Set levers (all checked before any changes); updates the barrier model too. */
  set(levers) {
    const checked = {};
    for (const [name, value] of Object.entries(levers)) {
      if (Object.hasOwn(this.leverTable, name)) {
        const { low, high, meaning } = this.leverTable[name];
        checked[name] = checkNumber(name, value, low, high, meaning);
      } else if (JUNCTION_SWITCHES.includes(name)) {
        if (typeof value !== "boolean") throw new Error(`${name} must be True or False; got ${pyRepr(value)}`);
        checked[name] = value;
      } else {
        const allowed = [...Object.keys(this.leverTable), ...JUNCTION_SWITCHES].join(", ");
        throw new Error(`unknown lever ${pyRepr(name)}; allowed: ${allowed}`);
      }
    }
    Object.assign(this.levers, checked);
    const [pore, leak] = this.routeLevels();
    this.barrier.set({ pore_level: Math.min(pore, this.limits.pore), leak_level: Math.min(leak, this.limits.leak) });
    return this;
  }

  /** Healthy, unstimulated junctions. */
  reset() {
    return this.set(this.browserConstants.junction_defaults);
  }

  // -- calibration ---------------------------------------------------------------------------
  /** Pore and leak capacity factors at full calcium removal (Python's _calibrate_calcium). */
  calibrateCalcium() {
    const c = this.constants;
    const bc = this.barrier.constants;
    const healthy = new BarrierModel(
      { ...this.barrier.browserConstants, barrier: bc }, { method: this.barrier.method },
    );
    const man = healthy.routePermeabilities([bc.mannitol]);
    const lacLeak = healthy.routePermeabilities([bc.lactulose]).leak[0];
    const mPore = man.pore[0];
    const mLeak = man.leak[0];
    const ions = healthy.ionPermeabilities();
    const ratio = bc.small_ion_mannitol_ratio;
    const aPore = ions.pore / ratio;
    const aLeak = ions.leak / ratio;
    const r0 = equivalentPoreRadius(healthy.lmRatio(), bc.mannitol, bc.lactulose);
    const r1 = r0 * c.calcium_pore_widening;
    const target = poreRatio(r1, bc.mannitol, bc.lactulose);
    const room = lacLeak - target * mLeak;
    if (room <= 0) {
      throw new Error(`calcium_pore_widening ${pyFormat(c.calcium_pore_widening, "g")} asks for a sugar ratio`
        + ` (${pyFormat(target, ".3g")}) the leak route cannot reach; allowed: a smaller widening`);
    }
    const rho = target * mPore / room;
    const gFull = 1.0 / (1.0 - c.calcium_removal_teer_fall);
    const poreFull = gFull / (aPore + aLeak * rho);
    return [poreFull, rho * poreFull];
  }

  // -- mechanics ----------------------------------------------------------------------------
  /** TNF-alpha effect from 0 to 1 (1 at the published dose), primed or not. */
  tnfResponse() {
    const c = this.constants;
    const tnf = this.levers.tnf;
    const k = c.tnf_half_effect_dose;
    return (tnf / (tnf + k)) / (c.tnf_dose_ht29 / (c.tnf_dose_ht29 + k));
  }

  /** [pore, leak] capacity factors from calcium removal ([1, 1] = none removed). */
  calciumFactors() {
    const x = this.levers.calcium_removed;
    return [this.calciumPoreFull ** x, this.calciumLeakFull ** x];
  }

  /** Charge-selective ion conductance raised by TNF-alpha (1 = unchanged); needs no priming. */
  ionFactor() {
    const full = 1.0 / (1.0 - this.constants.tnf_teer_fall_ht29);
    return 1.0 + (full - 1.0) * this.tnfResponse();
  }

  /** Leak-route rise from TNF-alpha through MLCK: only on IFN-gamma-primed cells. */
  tnfLeakFactor() {
    if (!this.levers.ifn_gamma_primed) return 1.0;
    return 1.0 + (this.constants.tnf_leak_rise - 1.0) * this.tnfResponse();
  }

  /** [pore_level, leak_level] for the barrier model (before its limits). */
  routeLevels() {
    const [caPore, caLeak] = this.calciumFactors();
    const pore = this.levers.claudin2 * caPore;
    const leak = this.levers.mlck * this.tnfLeakFactor() * caLeak;
    return [pore, leak];
  }

  /** Paracellular small-ion conductance relative to healthy junctions (ratio: default the recorded one). */
  conductance(ratio) {
    return this.barrier.ionConductance(ratio) * this.ionFactor();
  }

  /** Transepithelial electrical resistance, Ω·cm², for the reference tissue (Infinity when sealed). */
  teer(tissue, ratio) {
    const name = tissue || this.tissue;
    if (!(typeof name === "string" && Object.hasOwn(this.tissues, name))) {
      throw new Error(`tissue must be one of ${Object.keys(this.tissues).join(", ")}; got ${pyRepr(name)}`);
    }
    const healthy = this.constants[this.tissues[name].record];
    const g = this.conductance(ratio);
    return g > 0 ? healthy / g : Infinity;
  }

  /** Fractional fall of TEER from the healthy value (negative for a rise). */
  teerFall(ratio) {
    const g = this.conductance(ratio);
    return g > 0 ? 1.0 - 1.0 / g : -Infinity;
  }

  /** [smallest, largest] TEER fall over small-ion : mannitol ratios from low to high. */
  teerFallSpan(low, high) {
    const falls = [this.teerFall(low), this.teerFall(high), this.teerFall()];
    return [Math.min(...falls), Math.max(...falls)];
  }

  /** The junction's state in plain words (Python's JunctionModel.summary). */
  summary() {
    const lv = this.levers;
    const parts = [];
    if (lv.tnf && !lv.ifn_gamma_primed) {
      parts.push(`TNF-alpha at ${pyFormat(lv.tnf, "g")} ng/mL raises ion flow between the cells; without IFN-gamma`
        + " priming it does not open the leak route here.");
    } else if (lv.tnf) {
      parts.push(`TNF-alpha at ${pyFormat(lv.tnf, "g")} ng/mL on primed cells raises ion flow and, through MLCK,`
        + " opens the leak route.");
    }
    if (lv.calcium_removed) {
      parts.push(`${pyFormat(lv.calcium_removed, ".0%")} of junctional calcium removed: strands come apart`
        + " and the openings widen.");
    }
    if (lv.zonulin) parts.push("Zonulin pathway shown as proposed only; its size of effect is not modelled.");
    const [pore, leak] = this.routeLevels();
    const teer = this.teer();
    const label = this.tissues[this.tissue].label;
    const fall = this.teerFall();
    let resistance;
    if (teer === Infinity) {
      resistance = "no ions can pass between the cells, so the model's resistance has no limit";
    } else {
      let change;
      if (Math.abs(fall) < 0.005) change = "about as healthy";
      else if (fall > 0) change = `${pyFormat(fall, ".0%")} below healthy`;
      else change = `${pyFormat(-fall, ".0%")} above healthy`;
      resistance = `${pyFormat(teer, ".3g")} Ω·cm², ${change}`;
    }
    parts.push(`Pore route ${junctionTimes(pore)} and leak route ${junctionTimes(leak)} healthy. Resistance`
      + ` (${label}): ${resistance}.`);
    return parts.join(" ");
  }
}

/**
 * Chapter 2's live sentence (Python's gutwidgets.models.junction.dashboard_sentence): the summary
 * with the primed-cells hint, the range of the fall in resistance, and the route-limit warnings.
 * ratioRange: [low, high] of the small-ion : mannitol ratio (browser_constants().ranges).
 */
export function dashboardSentence(model, ratioRange) {
  let text = model.summary();
  if (model.ifn_gamma_primed && !model.tnf) {
    text = "Cells primed with IFN-gamma: TNF-alpha will now also open the leak route; move its slider. " + text;
  }
  const [lowR, highR] = ratioRange;
  const [loFall, hiFall] = model.teerFallSpan(lowR, highR);
  if (hiFall - loFall >= 0.01) {
    text += ` How much resistance changes is uncertain: between ${junctionPct(loFall)} and ${junctionPct(hiFall)},`
      + " depending on how much more easily small ions than mannitol pass (an estimate from cell studies).";
  }
  const [pore, leak] = model.routeLevels();
  for (const [route, level, top] of [["pore", pore, model.limits.pore], ["leak", leak, model.limits.leak]]) {
    if (level > top) {
      text += ` The levers ask for a ${route} route of ${pyFormat(level, ".3g")} × healthy, beyond the model's limit`
        + ` of ${pyFormat(top, "g")} × healthy: it stays at ${pyFormat(top, "g")}, so pushing it further changes`
        + " nothing.";
    }
  }
  return text;
}

function junctionPct(fall) {
  return fall >= 0 ? `${pyFormat(fall, ".0%")} lower` : `${pyFormat(-fall, ".0%")} higher`;
}

function junctionTimes(level) {
  return level >= 100 ? `${pyFormat(level, ",.0f")}x` : `${pyFormat(level, ".2g")}x`;
}
