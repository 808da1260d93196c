// Association without causation, a hidden common cause: the twin of gutwidgets/models/confounding.py's
// ConfoundingDemo (its docstring describes the model). The same people: 3 * people standard normals
// from the generator Python shares with the page (models/random.js: the hidden factor first, then
// each noise), the same thirds of the hidden factor (numpy.quantile's "linear" cut, as Python's
// quantile), and every sum a plain sum from the first person to the last, as Python's.
//
// A part (see views/_assets.py): joined after lib/pyformat.js, models/validate.js and models/random.js;
// no imports, no DOM. The lever table and the population's size and seed come in `constants`: the JSON
// of gutwidgets.models.systemic_constants.confounding_browser_constants().

function confoundingTotal(values) {
  let out = 0.0;
  for (const v of values) out += v;
  return out;
}

function confoundingMean(values) {
  return confoundingTotal(values) / values.length;
}

function confoundingCentred(values) {
  const m = confoundingMean(values);
  return values.map((v) => v - m);
}

function confoundingDot(x, y) {
  return confoundingTotal(x.map((v, i) => v * y[i]));
}

/** confounding.py: _corr: Pearson's correlation (population standard deviations); 0 where either does not vary. */
export function confoundingCorr(x, y) {
  const dx = confoundingCentred(x);
  const dy = confoundingCentred(y);
  const sx = Math.sqrt(confoundingMean(dx.map((v) => v * v)));
  const sy = Math.sqrt(confoundingMean(dy.map((v) => v * v)));
  if (sx === 0 || sy === 0) return 0.0;
  return confoundingMean(dx.map((v, i) => v * dy[i])) / (sx * sy);
}

/** confounding.py: quantile (numpy.quantile's default, "linear"). */
export function confoundingQuantile(values, q) {
  const s = [...values].sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  const t = pos - lo;
  const [a, b] = [s[lo], s[hi]];
  return t >= 0.5 ? b - (b - a) * (1.0 - t) : a + (b - a) * t;
}

export class ConfoundingDemo {
  /** @param constants confounding_browser_constants() (people and seed: the population). */
  constructor(constants) {
    const cc = constants.confounding;
    this.levers = cc.levers;
    const [low, high] = cc.people_range;
    const n = Math.trunc(checkNumber("people", cc.people, low, high, "number of simulated people"));
    this.people = n;
    this.seed = checkSeed(cc.seed);
    const draws = standardNormals(3 * n, this.seed);
    this.hidden = draws.slice(0, n);
    this.noiseX = draws.slice(n, 2 * n);
    this.noiseY = draws.slice(2 * n);
    const cuts = [confoundingQuantile(this.hidden, 1 / 3), confoundingQuantile(this.hidden, 2 / 3)];
    this.group = this.hidden.map((h) => cuts.filter((c) => c < h).length);
  }

  checkLever(name, value) {
    const { low, high, meaning } = this.levers[name];
    return checkNumber(name, value, low, high, meaning);
  }

  /** The population for these levers: {hidden, marker, symptom, group, r_overall, r_adjusted}. */
  sample(hiddenToMarker = 0.7, hiddenToSymptom = 0.7, directEffect = 0.0) {
    const a = this.checkLever("hidden_to_marker", hiddenToMarker);
    const b = this.checkLever("hidden_to_symptom", hiddenToSymptom);
    const c = this.checkLever("direct_effect", directEffect);
    const ka = Math.sqrt(1 - a * a);
    const kb = Math.sqrt(1 - b * b);
    const x = this.hidden.map((h, i) => a * h + ka * this.noiseX[i]);
    const y = this.hidden.map((h, i) => b * h + c * x[i] + kb * this.noiseY[i]);
    const z = confoundingCentred(this.hidden);
    const zz = confoundingDot(z, z);
    const resid = [x, y].map((v) => {
      const d = confoundingCentred(v);
      const k = confoundingDot(z, d) / zz;
      return d.map((di, i) => di - z[i] * k);
    });
    return {
      hidden: [...this.hidden], marker: x, symptom: y, group: [...this.group],
      r_overall: confoundingCorr(x, y), r_adjusted: confoundingCorr(resid[0], resid[1]),
    };
  }
}
