// From a leaky barrier to low-grade inflammation: the twin of gutwidgets/models/cascade.py's
// CascadeModel (its docstring describes the model): the same constants and checks (same messages),
// the same translocation multiplier from chapter 1's barrier model, the same exact steady state and
// its range over the unmeasured numbers, and the same time course: the LPS part and the signal and
// cytokine part solved exactly between the same nodes with models/solve.js (the twin of
// _solve.affine_response). A schedule is a number or (start hour, multiplier) steps; a function of
// time (Python's third kind) is not needed in the page and is refused.
//
// A part (see views/_assets.py): joined after lib/pyformat.js, models/validate.js,
// models/hindrance.js, models/barrier.js and models/solve.js; no imports, no DOM. Every number that
// lives in data/, in the lever table or in the solver's settings comes in `constants`: the JSON of
// gutwidgets.models.systemic_constants.cascade_browser_constants().

// Record ids of the constants (cascade.py: CascadeConstants.FACT_IDS and SHARES).
const CASCADE_CONSTANT_IDS = [
  "cascade_lps_radius", "cascade_basal_entry_share", "cascade_hepatic_extraction", "cascade_portal_transit_h",
  "cascade_active_halflife_h", "cascade_neutralised_share", "cascade_neutralised_halflife_h",
  "cascade_tlr4_half_activation", "cascade_tlr4_time_constant_h", "cascade_tnf_time_constant_h",
  "cascade_il6_time_constant_h", "cascade_index_time_constant_h", "cascade_iv_equivalent_active",
  "endotoxemia_tnf_fold", "endotoxemia_il6_fold",
];
const CASCADE_SHARES = ["cascade_basal_entry_share", "cascade_hepatic_extraction", "cascade_neutralised_share"];
const CASCADE_SERIES_KEYS = ["portal", "active", "neutralised", "tlr4", "tnf", "il6", "index"];

/** The checks of Python's CascadeConstants (same messages); returns the constants. */
export function checkCascadeConstants(c) {
  checkPositiveConstants(c, CASCADE_CONSTANT_IDS);
  for (const name of CASCADE_SHARES) if (!(c[name] < 1)) throw new Error(`${name} is a share and must be below 1`);
  const k = c.cascade_tlr4_half_activation;
  const aIv = c.cascade_iv_equivalent_active;
  if (aIv <= 1) {
    throw new Error(`cascade_iv_equivalent_active must be above 1 (more LPS than healthy); got ${pyFormat(aIv, "g")}`);
  }
  const sHealthy = 1.0 / (1.0 + k);
  const sIv = aIv / (aIv + k);
  for (const name of ["endotoxemia_tnf_fold", "endotoxemia_il6_fold"]) {
    const fold = c[name];
    if (fold <= 1) throw new Error(`${name} must be above 1 (a rise)`);
    if (fold * sHealthy > sIv) {
      throw new Error(`cascade_iv_equivalent_active (${pyFormat(aIv, "g")}) is too low for ${name}`
        + ` (${pyFormat(fold, "g")}) with cascade_tlr4_half_activation ${pyFormat(k, "g")}: the TLR4 signal there`
        + ` must be at least ${pyFormat(fold, "g")} times the healthy signal`);
    }
  }
  return c;
}

// Sorted, without repeats (numpy.union1d of numbers).
function cascadeUnion(...lists) {
  const all = lists.flat().sort((a, b) => a - b);
  return all.filter((v, i) => i === 0 || v !== all[i - 1]);
}

/** A time course (cascade.py: CascadeResult): one array per series, relative to healthy (= 1). */
export class CascadeResult {
  constructor(fields) {
    Object.assign(this, fields);
  }

  /** [hour, value] of the highest value of one series (its first, as numpy.argmax). */
  peak(name) {
    const values = this[name];
    let best = 0;
    for (let i = 1; i < values.length; i += 1) if (values[i] > values[best]) best = i;
    return [this.hours[best], values[best]];
  }
}

export class CascadeModel {
  /**
   * @param constants cascade_browser_constants() (its cascade part and the barrier model's constants).
   * @param barrier the BarrierModel whose state sets LPS entry (default: a healthy one).
   * @param healthy a healthy BarrierModel of the same constants and method (built when not given).
   */
  constructor(constants, barrier = null, healthy = null) {
    this.browserConstants = constants;
    const cc = constants.cascade;
    const c = checkCascadeConstants(cc.constants);
    this.constants = c;
    this.solver = cc.solver;
    this.barrier = barrier || new BarrierModel(constants);
    const ln2 = Math.log(2.0);
    this.k_portal = 1.0 / c.cascade_portal_transit_h;
    this.k_active = ln2 / c.cascade_active_halflife_h;
    this.k_neutralised = ln2 / c.cascade_neutralised_halflife_h;
    this.k_tlr4 = 1.0 / c.cascade_tlr4_time_constant_h;
    this.k_tnf = 1.0 / c.cascade_tnf_time_constant_h;
    this.k_il6 = 1.0 / c.cascade_il6_time_constant_h;
    this.k_index = 1.0 / c.cascade_index_time_constant_h;
    const e = c.cascade_hepatic_extraction;
    const s = c.cascade_neutralised_share;
    this.entry = this.k_active / (1.0 - e);
    this.healthy_portal = this.entry / this.k_portal;
    this.healthy_neutralised = s * this.k_active / this.k_neutralised;
    this.healthy_tlr4 = this.activation(1.0);
    [this.gain_tnf, this.basal_tnf] = this.cytokineScale(c.endotoxemia_tnf_fold);
    [this.gain_il6, this.basal_il6] = this.cytokineScale(c.endotoxemia_il6_fold);
    this.stepsLps = new Map();
    this.stepsImmune = new Map();
    this.cornerModels = new Map();
    this.healthyBarrier = healthy || new BarrierModel(this.barrier.browserConstants, { method: this.barrier.method });
    this.healthyPara = this.paracellular(this.healthyBarrier);
  }

  // -- pieces -------------------------------------------------------------------------------------
  activation(active) {
    const a = Math.max(active, 0.0);
    return a / (a + this.constants.cascade_tlr4_half_activation);
  }

  /** [gain, basal]: healthy level 1, and `fold` with active LPS held at the IV-equivalent level. */
  cytokineScale(fold) {
    const s0 = this.healthy_tlr4;
    const sIv = this.activation(this.constants.cascade_iv_equivalent_active);
    const gain = (fold - 1.0) / (sIv - s0);
    return [gain, 1.0 - gain * s0];
  }

  /** TNF-alpha and IL-6 (× healthy) at a full TLR4 signal. */
  fullSignal() {
    return { tnf: this.basal_tnf + this.gain_tnf, il6: this.basal_il6 + this.gain_il6 };
  }

  paracellular(barrier) {
    const routes = barrier.routePermeabilities([this.constants.cascade_lps_radius]);
    return routes.leak[0] + routes.unrestricted[0];
  }

  checkMultiplier(m) {
    return checkNumber("multiplier", m, 0.0, this.solver.max_multiplier, "LPS entry from the gut relative to healthy (1)");
  }

  /** A barrier at these levers (healthy for any not given): a copy of this model's barrier's constants and method. */
  barrierAt(levers) {
    return new BarrierModel(this.barrier.browserConstants, { method: this.barrier.method }).set(levers);
  }

  // -- the barrier's effect -----------------------------------------------------------------------
  /** LPS entry from the gut, × healthy, for a BarrierModel or for barrier levers ({leak_level, ...}). */
  translocation(barrierOrLevers = {}) {
    const barrier = barrierOrLevers instanceof BarrierModel ? barrierOrLevers : this.barrierAt(barrierOrLevers);
    return this.entryFor(this.paracellular(barrier));
  }

  /** cascade.py: _entry: the entry multiplier for a barrier of this paracellular permeability to LPS. */
  entryFor(paracellular) {
    const f = this.constants.cascade_basal_entry_share;
    if (this.healthyPara <= 0) return 1.0;
    return f + (1.0 - f) * paracellular / this.healthyPara;
  }

  // -- steady state -------------------------------------------------------------------------------
  /** The state a constant entry multiplier settles to (exact): {portal, active, ...}. */
  steadyState(multiplier = 1.0) {
    const m = this.checkMultiplier(multiplier);
    const c = this.constants;
    const p = this.entry * m / this.k_portal;
    const a = (1.0 - c.cascade_hepatic_extraction) * this.k_portal * p / this.k_active;
    const n = c.cascade_neutralised_share * this.k_active * a / this.k_neutralised;
    const s = this.activation(a);
    const tnf = this.basal_tnf + this.gain_tnf * s;
    const il6 = this.basal_il6 + this.gain_il6 * s;
    return { portal: p, active: a, neutralised: n, tlr4: s, tnf, il6, index: 0.5 * (tnf + il6) };
  }

  /**
   * cascade.py: steady_range: lowest and highest steady TNF-alpha, IL-6 and index ({name: [low, high]})
   * for a barrier held at `levers`, over every corner of `ranges` (record id of an unmeasured number
   * -> [low, high]) with this model's own values included.
   */
  steadyRange(ranges, levers = {}) {
    const ids = Object.keys(this.browserConstants.cascade.uncertain);
    const names = ids.filter((n) => n in ranges);
    const unknown = Object.keys(ranges).filter((n) => !ids.includes(n)).sort();
    if (unknown.length) throw new Error(`steady_range varies only ${ids.join(", ")}; got ${unknown.join(", ")}`);
    const base = this.constants;
    const corners = names.map((name) => {
      const pair = ranges[name];
      if (!Array.isArray(pair) || pair.length !== 2 || !pair.every(isPositiveNumber)) {
        throw new Error(`range of ${name} must be two finite numbers > 0; got ${pyRepr(pair)}`);
      }
      return cascadeUnion(pair, [base[name]]);
    });
    const found = { tnf: [], il6: [], index: [] };
    const barrier = this.barrierAt(levers);
    const para = new Map(); // the barrier's paracellular permeability depends on the corner's LPS radius only
    const visit = (k, combo) => {
      if (k < names.length) {
        for (const v of corners[k]) visit(k + 1, [...combo, v]);
        return;
      }
      const key = JSON.stringify([names, combo]);
      let model = this.cornerModels.get(key);
      if (model === undefined) {
        const values = { ...base, ...Object.fromEntries(names.map((n, i) => [n, combo[i]])) };
        const constants = { ...this.browserConstants, cascade: { ...this.browserConstants.cascade, constants: values } };
        model = new CascadeModel(constants, this.barrier, this.healthyBarrier);
        this.cornerModels.set(key, model);
      }
      const radius = model.constants.cascade_lps_radius;
      if (!para.has(radius)) para.set(radius, model.paracellular(barrier));
      const ss = model.steadyState(model.entryFor(para.get(radius)));
      for (const [name, values] of Object.entries(found)) values.push(ss[name]);
    };
    visit(0, []);
    return Object.fromEntries(Object.entries(found).map(([name, v]) => [name, [Math.min(...v), Math.max(...v)]]));
  }

  // -- dynamics -----------------------------------------------------------------------------------
  checkHours(hours) {
    if (!Array.isArray(hours) || !hours.every((h) => typeof h === "number")) {
      throw new Error(`hours must be numbers; got ${pyRepr(hours)}`);
    }
    if (hours.length === 0) throw new Error("hours is empty; give at least one time in hours");
    const top = this.solver.max_hours;
    const ok = hours.every((h, i) => Number.isFinite(h) && (i === 0 || h - hours[i - 1] > 0));
    if (!ok || hours[0] < 0 || hours[hours.length - 1] > top) {
      throw new Error(`hours must be increasing times from 0 to ${pyFormat(top, "g")} h; got ${pyRepr(hours)}`);
    }
    return hours;
  }

  /** cascade.py: _as_steps, for a number or [start hour, multiplier] steps. */
  asSteps(schedule) {
    if (typeof schedule === "number") return [[0.0, this.checkMultiplier(schedule)]];
    const wrap = (why) => new Error(`schedule must be a number, (start_hour, multiplier) steps or a function: ${why}`);
    if (!Array.isArray(schedule)) throw wrap(`the page takes a number or steps; got ${pyRepr(schedule)}`);
    const steps = schedule.map((step) => {
      if (!Array.isArray(step) || step.length !== 2 || typeof step[0] !== "number") {
        throw wrap(`each step must be (start_hour, multiplier); got ${pyRepr(step)}`);
      }
      try {
        return [step[0], this.checkMultiplier(step[1])];
      } catch (e) {
        throw wrap(e.message);
      }
    });
    const starts = steps.map(([s]) => s);
    if (!steps.length || starts.some((s) => !Number.isFinite(s) || s < 0) || starts.some((s, i) => i > 0 && s < starts[i - 1])) {
      throw new Error("schedule steps must start at increasing hours >= 0");
    }
    return steps;
  }

  /** cascade.py: _fine_times (no smoothing): fine just after lo, where a change starts its transient. */
  fineTimes(lo, hi) {
    const { first_step_h: first, step_growth: growth } = this.solver;
    const span = hi - lo;
    const lg = Math.log(growth);
    const count = Math.ceil(Math.log1p(span * (growth - 1.0) / first) / lg);
    const nodes = [];
    for (let k = 0; k <= count; k += 1) {
      const offset = first * Math.expm1(k * lg) / (growth - 1.0);
      if (offset < span) nodes.push(lo + offset);
    }
    return cascadeUnion(nodes, [lo, hi]);
  }

  /**
   * Integrate from `start` (default: the healthy steady state, {portal, active, ...}) and report at
   * `hours`; `schedule`: the entry multiplier (a number, or [start hour, multiplier] steps; before the
   * first step: 1). Returns a CascadeResult.
   */
  run(hours, schedule = 1.0, start = null) {
    const t = this.checkHours(hours);
    const from = start || this.steadyState(1.0);
    let y = CASCADE_SERIES_KEYS.map((k) => from[k]);
    if (!y.every((v) => typeof v === "number" && Number.isFinite(v) && v >= 0)) {
      throw new Error("start must give a finite, non-negative value for every state variable");
    }
    const steps = this.asSteps(schedule);
    const end = t[t.length - 1];
    const edges = cascadeUnion([0.0], steps.map(([s]) => s).filter((s) => s > 0 && s < end), [end]);
    if (end === 0) edges.push(0.0); // a single time at 0: one segment of no length
    const out = CASCADE_SERIES_KEYS.map(() => new Array(t.length));
    for (let k = 0; k + 1 < edges.length; k += 1) {
      const lo = edges[k];
      const hi = edges[k + 1];
      const last = k === edges.length - 2;
      const inside = [];
      t.forEach((v, i) => { if (v >= lo && (last ? v <= hi : v < hi)) inside.push(i); });
      if (hi <= lo) {
        for (const i of inside) y.forEach((v, s) => { out[s][i] = v; });
        continue;
      }
      const reported = new Set(inside.map((i) => t[i]));
      const nodes = cascadeUnion(this.fineTimes(lo, hi), inside.map((i) => t[i]));
      const level = this.levelAt(steps, lo);
      const states = this.integrate(y, nodes, nodes.map(() => level));
      let j = 0;
      nodes.forEach((node, n) => {
        if (!reported.has(node)) return;
        states[n].forEach((v, s) => { out[s][inside[j]] = v; });
        j += 1;
      });
      y = states[states.length - 1];
    }
    for (const row of out) {
      const top = Math.max(...row.map(Math.abs));
      if (row.some((v) => v < -1e-6 * (1.0 + top))) {
        throw new Error("the cascade went negative: the integration is not accurate enough");
      }
      row.forEach((v, i) => { row[i] = Math.max(v, 0.0); });
    }
    const multiplier = t.map((x) => this.checkMultiplier(this.levelAt(steps, x)));
    const [p, a, n, s, tnf, il6, x] = out;
    const healthyPlasma = 1.0 + this.healthy_neutralised;
    return new CascadeResult({
      hours: [...t], multiplier, portal: p.map((v) => v / this.healthy_portal), active: a,
      neutralised: n.map((v) => v / this.healthy_neutralised), plasma: a.map((v, i) => (v + n[i]) / healthyPlasma),
      tlr4: s, tnf, il6, index: x,
    });
  }

  levelAt(steps, time) {
    let level = 1.0;
    for (const [start, m] of steps) if (start <= time) level = m;
    return level;
  }

  /** States at `nodes` from y0 at nodes[0], for the entry multiplier at each node (straight lines between). */
  integrate(y0, nodes, entry) {
    const c = this.constants;
    const e = c.cascade_hepatic_extraction;
    const share = c.cascade_neutralised_share;
    const lps = affineResponse(
      [[-this.k_portal, 0.0, 0.0],
        [(1.0 - e) * this.k_portal, -this.k_active, 0.0],
        [0.0, share * this.k_active, -this.k_neutralised]],
      [this.entry, 0.0, 0.0], [0.0, 0.0, 0.0], y0.slice(0, 3), nodes, entry, this.stepsLps);
    const immune = affineResponse(
      [[-this.k_tlr4, 0.0, 0.0, 0.0],
        [this.k_tnf * this.gain_tnf, -this.k_tnf, 0.0, 0.0],
        [this.k_il6 * this.gain_il6, 0.0, -this.k_il6, 0.0],
        [0.0, 0.5 * this.k_index, 0.5 * this.k_index, -this.k_index]],
      [this.k_tlr4, 0.0, 0.0, 0.0], [0.0, this.k_tnf * this.basal_tnf, this.k_il6 * this.basal_il6, 0.0],
      y0.slice(3), nodes, lps.map((row) => this.activation(row[1])), this.stepsImmune);
    return lps.map((row, i) => [...row, ...immune[i]]);
  }
}
