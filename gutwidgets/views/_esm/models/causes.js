// Causes of increased permeability over days: the twin of gutwidgets/models/causes.py's CauseModel
// (sizing each cause on its route, the exact first-order time course, combining causes, the sugar-test
// ratio and TEER), with the same checks and error messages.
//
// A part (see views/_assets.py): joined after lib/pyformat.js, models/validate.js,
// models/hindrance.js and models/barrier.js; no imports, no DOM. Every number that lives in data/
// comes in `constants`: browser_constants() with its `causes` entry (cause_browser_constants()).

/** models/causes.py: CauseSpec's checks (same messages); returns the spec. */
export function checkCauseSpec(s) {
  checkNumber(`${s.id}: reference intensity`, s.reference, 1e-12, Infinity, "the published intensity");
  checkNumber(`${s.id}: maximum intensity`, s.maximum, s.reference, Infinity, "not below the reference");
  if (s.fold === null || s.fold === undefined) {
    if (!s.not_modelled_because) throw new Error(`${s.id}: a cause without a fold must say why it is not modelled`);
    return s;
  }
  if (s.route !== "leak" && s.route !== "unrestricted") {
    throw new Error(`${s.id}: route must be 'leak' or 'unrestricted' for a modelled cause; got ${pyRepr(s.route)}`);
  }
  const maxDays = s.max_days;
  checkNumber(`${s.id}: fold`, s.fold, 1.0, Infinity, "rise of the sugar ratio");
  checkNumber(`${s.id}: onset_days`, s.onset_days, 1e-4, maxDays, "time constant, days");
  checkNumber(`${s.id}: recovery_days`, s.recovery_days, 1e-4, maxDays, "time constant, days");
  return s;
}

/** models/causes.py: _pulse: the exact first-order response to a step up at start and down at stop. */
export function causePulse(days, amplitude, start, stop, onset, recovery) {
  const out = new Array(days.length).fill(0.0);
  if (amplitude === 0) return out;
  const end = stop === null ? Infinity : stop;
  const atStop = stop !== null && stop > start ? amplitude * -Math.expm1(-(stop - start) / onset) : null;
  days.forEach((d, i) => {
    if (d >= start && d < end) out[i] = amplitude * -Math.expm1(-(d - start) / onset);
    if (atStop !== null && d >= stop) out[i] = atStop * Math.exp(-(d - stop) / recovery);
  });
  return out;
}

/** models/causes.py: Course's readouts (peak, lowest TEER, back to normal). */
export class CauseCourse {
  constructor(fields) { Object.assign(this, fields); }

  peakFold() { return this.fold.length ? Math.max(...this.fold) : 1.0; }

  minTeer() { return this.teer.length ? Math.min(...this.teer) : NaN; }

  /** First day after the peak when the ratio is back within `within` of healthy (null: never). */
  backToNormal(within = 0.1) {
    if (!this.fold.length) return null;
    const peak = this.fold.indexOf(this.peakFold());
    if (this.fold[peak] <= 1.0 + within) return null;
    for (let i = peak; i < this.fold.length; i += 1) if (this.fold[i] <= 1.0 + within) return this.days[i];
    return null;
  }
}

export class CauseModel {
  /** @param constants browser_constants() with `causes` ({specs, order, teer_healthy, max_days, leak_cap}). */
  constructor(constants) {
    const cc = constants.causes;
    if (!cc || !cc.order || !cc.order.length) throw new Error("specs must name at least one cause");
    this.order = cc.order;
    this.maxDays = cc.max_days;
    this.leakCap = cc.leak_cap;
    this.specs = Object.fromEntries(cc.order.map((id) => [id, checkCauseSpec({ ...cc.specs[id], max_days: cc.max_days })]));
    this.teerHealthy = checkNumber("teer_healthy", cc.teer_healthy, 1e-6, Infinity, "Ω·cm²");
    const barrier = new BarrierModel(constants);
    this.healthyLmRatio = barrier.constants.healthy_lm_ratio;
    const unit = new BarrierModel(constants, { pore_level: 1.0, leak_level: 1.0, damaged_fraction: 1.0 });
    const c = barrier.constants;
    const routes = unit.routePermeabilities([c.lactulose, c.mannitol]);
    const ions = unit.ionPermeabilities();
    // Per unit of each lever: rows lactulose, mannitol, small ions (the barrier model's ion path).
    this.pore = [...routes.pore, ions.pore];
    this.leak = [...routes.leak, ions.leak];
    this.unr = [...routes.unrestricted, ions.unrestricted];
    this.healthyWater = this.pore[2] + this.leak[2];
    this.targets = {};
    for (const id of this.order) if (this.modelled(id)) this.targets[id] = this.solve(this.specs[id]);
  }

  modelled(id) {
    const f = this.spec(id).fold;
    return f !== null && f !== undefined;
  }

  spec(id) {
    if (!(id in this.specs)) throw new Error(`unknown cause ${pyRepr(id)}; allowed: ${this.order.join(", ")}`);
    return this.specs[id];
  }

  /** The route change (leak multiplier - 1, or eroded fraction) giving the fold at reference. */
  solve(spec) {
    const r = spec.fold * this.healthyLmRatio;
    const [lacP, manP] = this.pore;
    const [lacL, manL] = this.leak;
    const [lacU, manU] = this.unr;
    if (spec.route === "leak") {
      const denom = lacL - r * manL;
      const level = denom > 0 ? (r * manP) / denom : Infinity;
      if (!(level > 0 && level <= this.leakCap) || lacP > 0) {
        throw new Error(`${spec.id}: a ${pyRepr(spec.fold)}-fold rise cannot be reached on the leak route`);
      }
      return level - 1.0;
    }
    const denom = lacU - r * manU;
    const damage = denom > 0 ? (r * (manP + manL) - (lacP + lacL)) / denom : Infinity;
    if (!(damage >= 0 && damage <= 1)) {
      throw new Error(`${spec.id}: a ${pyRepr(spec.fold)}-fold rise cannot be reached by erosion`);
    }
    return damage;
  }

  routeChange(id) {
    return this.modelled(id) ? this.targets[id] : 0.0;
  }

  check(ex) {
    const spec = this.spec(ex.cause);
    checkNumber(`${ex.cause} intensity`, ex.intensity, 0.0, spec.maximum, spec.label);
    checkNumber(`${ex.cause} start`, ex.start, 0.0, this.maxDays, "day the cause starts");
    if (ex.stop !== null) checkNumber(`${ex.cause} stop`, ex.stop, ex.start, this.maxDays, "days, not before start");
    return spec;
  }

  /** Each cause's effect over time (exposures: [{cause, intensity, start, stop}]). */
  effects(exposures, days) {
    if (!Array.isArray(days) || !days.every((d) => typeof d === "number" && Number.isFinite(d) && d >= 0
        && d <= this.maxDays)) {
      throw new Error(`days must be a 1-D list of finite numbers from 0 to ${pyFormat(this.maxDays, "g")}`);
    }
    const out = {};
    for (const raw of exposures) {
      const ex = { start: 0.0, stop: null, ...raw };
      const spec = this.check(ex);
      if (!this.modelled(ex.cause)) continue;
      const e = causePulse(days, ex.intensity / spec.reference, ex.start, ex.stop, spec.onset_days, spec.recovery_days);
      out[ex.cause] = ex.cause in out ? out[ex.cause].map((v, i) => v + e[i]) : e;
    }
    return out;
  }

  /** Route levels, sugar-test ratio and TEER over time for these exposures. */
  course(exposures, days) {
    const effects = this.effects(exposures, days);
    let leak = days.map(() => 1.0);
    let damage = days.map(() => 0.0);
    for (const [id, e] of Object.entries(effects)) {
      const target = this.targets[id];
      if (this.specs[id].route === "leak") leak = leak.map((v, i) => v * (1.0 + target * e[i]));
      else damage = damage.map((v, i) => v + target * e[i]);
    }
    leak = leak.map((v) => Math.min(v, this.leakCap));
    damage = damage.map((v) => Math.min(Math.max(v, 0.0), 1.0));
    const row = (k) => days.map((_, i) => this.pore[k] + this.leak[k] * leak[i] + this.unr[k] * damage[i]);
    const [lac, man, water] = [row(0), row(1), row(2)];
    const ratio = lac.map((v, i) => v / man[i]);
    return new CauseCourse({
      days, leak_level: leak, damaged_fraction: damage, lm_ratio: ratio,
      fold: ratio.map((v) => v / this.healthyLmRatio),
      teer: water.map((w) => (this.teerHealthy * this.healthyWater) / w), effects,
    });
  }
}
