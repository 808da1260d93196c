// Chapter 5's models in the page: the twin of gutwidgets/models/support.py. FibreModel: fibre intake
// -> colonic SCFA -> butyrate -> dish-equivalent butyrate -> the cell-culture bell curve, with its
// band (the same closed forms; the bell's top by the same 200 halvings). StrategyModel: strategies
// acting on chapter 3's causes (CauseModel of models/causes.js, at the records' sizes and at the ends
// of their ranges), with the uncertainty band of the sugar-test ratio. Same checks and messages.
//
// A part (see views/_assets.py): joined after the cause model's parts (lib/pyformat.js,
// models/validate.js, hindrance.js, barrier.js, causes.js); no imports, no DOM. Every number that
// lives in data/ comes in `constants` (support_browser_constants(): `causes` and `support`).

/** The ends of the fibre chain's band: '' the records' values, '_low' / '_high' their ranges' ends. */
const FIBRE_ENDS = ["", "_low", "_high"];
const FIBRE_RANGED = ["colonic_scfa_total", "colonic_scfa_ceiling", "butyrate_share"];

/** models/support.py: FibreConstants' checks (same messages); returns c. */
export function checkFibreConstants(c) {
  for (const [name, v] of Object.entries(c)) checkNumber(`constant ${name}`, v, 1e-9, 1e6, "a positive number");
  for (const name of FIBRE_RANGED) {
    const [low, mid, high] = [c[`${name}_low`], c[name], c[`${name}_high`]];
    if (!(low <= mid && mid <= high)) {
      throw new Error(`constant ${name} must lie within its range [${pyFormat(low, "g")}, ${pyFormat(high, "g")}]; `
        + `got ${pyFormat(mid, "g")}`);
    }
  }
  for (const end of FIBRE_ENDS) {
    const [total, ceiling] = [c[`colonic_scfa_total${end}`], c[`colonic_scfa_ceiling${end}`]];
    if (!(total < ceiling)) {
      throw new Error(`constant colonic_scfa_ceiling${end} must be above colonic_scfa_total${end} (SCFA level off `
        + `above the typical intake's value); got ${pyFormat(ceiling, "g")} <= ${pyFormat(total, "g")}`);
    }
  }
  if (c.butyrate_share_high > 100) throw new Error("butyrate_share is a percentage: at most 100");
  if (!(c.butyrate_optimum < c.butyrate_harmful)) {
    throw new Error("butyrate_optimum must be below butyrate_harmful (the response is bell-shaped)");
  }
  return c;
}

/** numpy's interp for increasing xp (ends held flat outside it). */
export function supportInterp(xs, xp, fp) {
  const last = xp.length - 1;
  return xs.map((x) => {
    if (x >= xp[last]) return fp[last];
    if (x < xp[0]) return fp[0];
    let j = 0;
    let hi = last;
    while (hi - j > 1) {
      const mid = (j + hi) >> 1;
      if (xp[mid] <= x) j = mid;
      else hi = mid;
    }
    const slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
    return slope * (x - xp[j]) + fp[j];
  });
}

/** numpy's linspace(start, stop, n) (the last point exactly stop). */
export function supportLinspace(start, stop, n) {
  const step = (stop - start) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 && n > 1 ? stop : i * step + start));
}

/** models/support.py: FibreModel (fibre arrays are plain arrays of numbers). */
export class FibreModel {
  /** @param constants support_browser_constants() (its `support`: fibre, fibre_max, butyrate_max). */
  constructor(constants) {
    const s = constants.support;
    this.fibreMax = s.fibre_max;
    this.butyrateMax = s.butyrate_max;
    const c = checkFibreConstants({ ...s.fibre });
    this.constants = c;
    this.ku = c.butyrate_optimum / 4.0;
    this.kd = Math.sqrt(c.butyrate_optimum * c.butyrate_harmful);
    // U up(c_opt) - D down(c_opt) = 1 and U up(c_harm) - D down(c_harm) = -harm_size (Cramer's rule)
    const [a, b] = [this.up(c.butyrate_optimum), this.down(c.butyrate_optimum)];
    const [p, q] = [this.up(c.butyrate_harmful), this.down(c.butyrate_harmful)];
    const det = b * p - a * q;
    this.u = -(q + b * c.butyrate_harm_size) / det;
    this.d = -(p + a * c.butyrate_harm_size) / det;
    this.bestDose = this.solveBestDose();
  }

  up(x) { return x ** 2 / (x ** 2 + this.ku ** 2); }

  down(x) { return x ** 4 / (x ** 4 + this.kd ** 4); }

  /** dE/dc of the dish's response (closed form). */
  slope(x) {
    const [ku2, kd4] = [this.ku ** 2, this.kd ** 4];
    return this.u * 2 * x * ku2 / (x ** 2 + ku2) ** 2 - this.d * 4 * x ** 3 * kd4 / (x ** 4 + kd4) ** 2;
  }

  /** The top of the bell: where dE/dc = 0 between no butyrate and the harmful dose (200 halvings). */
  solveBestDose() {
    let [lo, hi] = [1e-9, this.constants.butyrate_harmful];
    if (!(this.slope(hi) < 0)) {
      throw new Error("the dish's response must be falling at butyrate_harmful (a bell, not a rise)");
    }
    for (let i = 0; i < 200; i += 1) {
      const mid = 0.5 * (lo + hi);
      if (this.slope(mid) > 0) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  }

  /** K, g/day: the intake at which SCFA reach half their ceiling (one end of the band). */
  halfIntake(end = "") {
    const c = this.constants;
    return c.fibre_typical_intake * (c[`colonic_scfa_ceiling${end}`] / c[`colonic_scfa_total${end}`] - 1.0);
  }

  scfa(fibre, end = "") {
    const ceiling = this.constants[`colonic_scfa_ceiling${end}`];
    const k = this.halfIntake(end);
    return fibre.map((f) => ceiling * f / (k + f));
  }

  butyrate(fibre, end) {
    const share = this.constants[`butyrate_share${end}`];
    return this.scfa(fibre, end).map((v) => v * share / 100.0);
  }

  /** Dish-equivalent mM per mM in the colon (calibrated: recommended intake -> top of the bell). */
  get dishFactor() {
    return this.bestDose / this.butyrate([this.constants.fibre_recommended], "")[0];
  }

  /** The bell-shaped response in the dish (dish: a number or an array of mM). */
  junctionEffect(dish) {
    const xs = Array.isArray(dish) ? dish : [dish];
    if (xs.length && !xs.every((x) => Number.isFinite(x) && x >= 0 && x <= this.butyrateMax)) {
      throw new Error(`butyrate concentration must be from 0 to ${pyFormat(this.butyrateMax, "g")} (mM); `
        + `got ${pyRepr(dish)}`);
    }
    return xs.map((x) => this.u * this.up(x) - this.d * this.down(x));
  }

  /** The whole chain at these intakes (g/day), with its band from the records' ranges. */
  chain(fibre) {
    const f = Array.isArray(fibre) ? fibre : [fibre];
    if (!f.every((x) => typeof x === "number" && Number.isFinite(x) && x >= 0 && x <= this.fibreMax)) {
      throw new Error(`fibre intake must be from 0 to ${pyFormat(this.fibreMax, "g")} (g/day); got ${pyRepr(fibre)}`);
    }
    const k = this.dishFactor;
    const out = { fibre: f };
    const dish = {};
    const eff = {};
    for (const e of FIBRE_ENDS) {
      out[`scfa${e}`] = this.scfa(f, e);
      out[`butyrate${e}`] = this.butyrate(f, e);
      dish[e] = out[`butyrate${e}`].map((b) => k * b);
      eff[e] = this.junctionEffect(dish[e]);
      out[`dish${e}`] = dish[e];
    }
    // The band of the effect must cover the mid value too (the bell can fold the range over).
    const peak = this.junctionEffect(this.bestDose)[0];
    out.effect = eff[""];
    out.effect_low = f.map((_, i) => Math.min(Math.min(eff._low[i], eff._high[i]), eff[""][i]));
    out.effect_high = f.map((_, i) => {
      const spans = dish._low[i] <= this.bestDose && this.bestDose <= dish._high[i];
      return Math.max(Math.max(eff._low[i], eff._high[i]), spans ? peak : eff[""][i]);
    });
    return out;
  }

  /** The fibre shortfall (g/day below the recommendation): chapter 3's low-fibre intensity. */
  shortfall(fibre) {
    const f = checkNumber("fibre intake", fibre, 0.0, this.fibreMax, "g/day");
    return Math.max(0.0, this.constants.fibre_recommended - f);
  }
}

/** models/causes.py: CauseModel.steady: the state once every exposure has acted for a long time. */
export function causeSteady(model, exposures) {
  const held = exposures.map((e) => ({ cause: e.cause, intensity: e.intensity, start: 0.0, stop: null }));
  const longest = Math.max(...held.map((e) => model.spec(e.cause).onset_days || 0.0), 1.0);
  return model.course(held, [Math.min(longest * 40.0, model.maxDays)]);
}

/** models/support.py: StrategySpec's checks (same messages); returns s. */
export function checkStrategySpec(s, actions) {
  if (s.action === null || s.action === undefined) {
    if (!s.not_modelled_because) throw new Error(`${s.id}: a strategy without an action must say why it is not modelled`);
    return s;
  }
  if (!actions.includes(s.action)) {
    throw new Error(`${s.id}: action must be one of ${actions.join(", ")}; got ${pyRepr(s.action)}`);
  }
  if (!s.acts_on.length) throw new Error(`${s.id}: a modelled strategy must name the causes it acts on`);
  if (s.action === "protect") {
    checkNumber(`${s.id}: effect`, s.effect, 0.0, 1.0, "share of the cause's effect prevented");
    const [low, high] = s.effect_range || [s.effect, s.effect];
    checkNumber(`${s.id}: effect range low`, low, 0.0, s.effect, "not above the effect");
    checkNumber(`${s.id}: effect range high`, high, s.effect, 1.0, "not below the effect");
  }
  return s;
}

function strategyModelled(s) {
  return s.action !== null && s.action !== undefined;
}

/** from_data.causes_at: the constants with every modelled cause's fold at one end of its range (0: low, 1: high). */
export function causesAt(constants, end) {
  const cc = constants.causes;
  const ranges = constants.support.fold_ranges;
  const specs = Object.fromEntries(Object.entries(cc.specs).map(([id, s]) => [id,
    s.fold === null || s.fold === undefined ? s : { ...s, fold: ranges[id][end] }]));
  return { ...constants, causes: { ...cc, specs } };
}

/** models/support.py: StrategyModel, built from the constants (the causes at the records' sizes and at both ends). */
export class StrategyModel {
  constructor(constants) {
    const s = constants.support;
    if (!s.strategy_order || !s.strategy_order.length) throw new Error("strategies must name at least one strategy");
    this.causes = new CauseModel(constants);
    this.causesLow = new CauseModel(causesAt(constants, 0));
    this.causesHigh = new CauseModel(causesAt(constants, 1));
    this.order = s.strategy_order;
    this.strategies = Object.fromEntries(this.order.map((id) => [id, checkStrategySpec(s.strategies[id], s.actions)]));
    this.ratioSpread = checkNumber("ratio_spread", s.ratio_spread, 0.0, 3.0, "sd of the log ratio");
    this.quartileZ = s.quartile_z;
    for (const spec of Object.values(this.strategies)) {
      for (const cid of spec.acts_on) {
        if (!(cid in this.causes.specs)) {
          throw new Error(`${spec.id}: acts on unknown cause ${pyRepr(cid)}; allowed: ${this.causes.order.join(", ")}`);
        }
      }
    }
  }

  spec(sid) {
    if (!(sid in this.strategies)) throw new Error(`unknown strategy ${pyRepr(sid)}; allowed: ${this.order.join(", ")}`);
    return this.strategies[sid];
  }

  /** 'modelled', or in words why this strategy has no effect in this scenario. */
  status(sid, exposures) {
    const spec = this.spec(sid);
    if (!strategyModelled(spec)) return `not modelled: ${spec.not_modelled_because}`;
    const present = new Set(exposures.filter((e) => e.intensity > 0).map((e) => e.cause));
    if (!spec.acts_on.some((c) => present.has(c))) {
      const names = spec.acts_on.map((c) => this.causes.specs[c].label).join(", ");
      return `no effect in this scenario: it acts only on ${names}, which is not part of it.`;
    }
    return "modelled";
  }

  checkUse(use) {
    const spec = this.spec(use.strategy);
    checkNumber(`${use.strategy} start`, use.start, 0.0, this.causes.maxDays, "day the strategy starts");
    if (spec.action === "set_intensity") {
      if (use.level === null || use.level === undefined) {
        throw new Error(`${use.strategy}: give level, the new intensity of ${spec.acts_on.join(", ")}`);
      }
      for (const cid of spec.acts_on) {
        checkNumber(`${use.strategy} level`, use.level, 0.0, this.causes.specs[cid].maximum, `new intensity of ${cid}`);
      }
    }
    return spec;
  }

  /** The exposures after the strategies act (each split at the days strategies start); protectEnd: '', '_low', '_high'. */
  apply(exposures, uses, protectEnd = "") {
    const specs = uses.map((u) => this.checkUse(u));
    const out = [];
    for (const raw of exposures) {
      const ex = { start: 0.0, stop: null, ...raw };
      const acting = uses.map((u, i) => [u, specs[i]])
        .filter(([, s]) => strategyModelled(s) && s.acts_on.includes(ex.cause));
      const end = ex.stop === null ? Infinity : ex.stop;
      const cuts = [...new Set(acting.map(([u]) => u.start).filter((d) => ex.start < d && d < end))].sort((x, y) => x - y);
      const edges = [ex.start, ...cuts, end];
      for (let k = 0; k + 1 < edges.length; k += 1) {
        const [a, b] = [edges[k], edges[k + 1]];
        let level = ex.intensity;
        const active = acting.filter(([u]) => u.start <= a)
          .sort((x, y) => Number(x[1].action === "protect") - Number(y[1].action === "protect")); // set/stop first
        for (const [u, s] of active) {
          if (s.action === "stop") level = 0.0;
          else if (s.action === "set_intensity") level = Math.min(level, u.level);
          else {
            const [lo, hi] = s.effect_range || [s.effect, s.effect];
            level *= 1.0 - { "": s.effect, _low: lo, _high: hi }[protectEnd];
          }
        }
        if (level > 0) out.push({ cause: ex.cause, intensity: level, start: a, stop: b === Infinity ? null : b });
      }
    }
    return out;
  }

  /** The scenario without and with the strategies, and the band of the ratio with them. */
  plan(exposures, uses, days) {
    const without = this.causes.course(exposures, days);
    const with_ = this.causes.course(this.apply(exposures, uses), days);
    // Least permeable: small cause sizes, strong protection; most permeable: the reverse.
    const low = this.causesLow.course(this.apply(exposures, uses, "_high"), days).lm_ratio;
    const high = this.causesHigh.course(this.apply(exposures, uses, "_low"), days).lm_ratio;
    const spread = Math.exp(this.quartileZ * this.ratioSpread);
    const mid = with_.lm_ratio;
    const status = {};
    for (const u of uses) status[u.strategy] = this.status(u.strategy, exposures);
    return {
      days, without, with_, status,
      band_low: mid.map((v, i) => Math.min(low[i], high[i], v) / spread),
      band_high: mid.map((v, i) => Math.max(low[i], high[i], v) * spread),
      effective: Object.keys(status).filter((sid) => status[sid] === "modelled"),
    };
  }
}
