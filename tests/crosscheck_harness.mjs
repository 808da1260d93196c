// Runs the browser models (gutwidgets/views/_esm/lib/pyformat.js and _esm/models/*.js, joined as a
// widget joins them) under Node for tests/test_crosscheck.py: JSON in on stdin, JSON out on stdout.
//
//   node tests/crosscheck_harness.mjs <joined module .mjs>  < {"mode": ..., ...}
//
// Modes: "format" (pyFormat and pyRepr of values), "hindrance" (the hindrance functions on grids),
// "barrier" and "junction" (every output of the models for each state), "fuzz" (a sequence of
// control events applied to one dashboard's model, its outputs after each), "errors" (bad input:
// the message each call throws). Numbers that JSON cannot carry are written {"$float": "inf" |
// "-inf" | "nan"}, as the Python side writes them.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const m = await import(pathToFileURL(process.argv[2]).href);
const input = JSON.parse(readFileSync(0, "utf8"), (_key, value) => {
  if (value && typeof value === "object" && !Array.isArray(value) && "$float" in value) {
    return { inf: Infinity, "-inf": -Infinity, nan: NaN }[value.$float];
  }
  return value;
});
const C = input.constants;

function barrierOutputs(model, radii, ratioRange) {
  const [low, high] = ratioRange;
  return {
    scale: model.scale,
    ion_leak: model.ionLeak,
    ion_unrestricted: model.ionUnrestricted,
    formula_pore_ion_ratio: model.formulaPoreIonRatio,
    route_permeabilities: model.routePermeabilities(radii),
    permeability: model.permeability(radii),
    permeability_one: model.permeability(radii[0]),
    route_shares: model.routeShares(radii),
    route_shares_one: model.routeShares(radii[0]),
    beyond_validity: model.beyondValidity(radii),
    lm_ratio: model.lmRatio(),
    ion_permeabilities: model.ionPermeabilities(),
    ion_permeabilities_low: model.ionPermeabilities(low),
    ion_conductance: [model.ionConductance(), model.ionConductance(low), model.ionConductance(high)],
    ion_shares: model.ionShares(),
    ion_shares_high: model.ionShares(high),
    state: model.state(),
    summary: model.summary(),
  };
}

function junctionOutputs(model, radii, ratioRange) {
  const [low, high] = ratioRange;
  return {
    calcium_full: [model.calciumPoreFull, model.calciumLeakFull],
    tnf_response: model.tnfResponse(),
    calcium_factors: model.calciumFactors(),
    ion_factor: model.ionFactor(),
    tnf_leak_factor: model.tnfLeakFactor(),
    route_levels: model.routeLevels(),
    barrier_levels: [model.barrier.pore_level, model.barrier.leak_level],
    conductance: [model.conductance(), model.conductance(low), model.conductance(high)],
    teer: Object.fromEntries(Object.keys(C.tissues).map((t) => [t, model.teer(t)])),
    teer_here: [model.teer(), model.teer(undefined, low), model.teer(undefined, high)],
    teer_fall: [model.teerFall(), model.teerFall(low), model.teerFall(high)],
    teer_fall_span: model.teerFallSpan(low, high),
    lm_ratio: model.barrier.lmRatio(),
    permeability: model.barrier.permeability(radii),
    ion_shares: model.barrier.ionShares(),
    summary: model.summary(),
    sentence: m.dashboardSentence(model, ratioRange),
  };
}

function barrierFor(state) {
  const { method, ...levers } = state;
  return new m.BarrierModel(C, { method, ...levers });
}

function junctionFor(state) {
  const { method, tissue, ...levers } = state;
  return new m.JunctionModel(C, { barrier: new m.BarrierModel(C, { method }), tissue, ...levers });
}

// Each event: {"set": {lever: value, ...}} or {"reset": true}, on one model.
function fuzz(dashboard, events, radii, ratioRange) {
  const model = dashboard === "barrier" ? new m.BarrierModel(C) : new m.JunctionModel(C);
  const outputs = dashboard === "barrier" ? barrierOutputs : junctionOutputs;
  return events.map((event) => {
    try {
      if (event.reset) {
        model.reset();
        if (dashboard === "junction") model.tissue = "caco2";
      } else {
        const { tissue, ...levers } = event.set;
        if (tissue !== undefined) model.tissue = tissue;
        model.set(levers);
      }
      return { ok: outputs(model, radii, ratioRange) };
    } catch (error) {
      return { error: String(error && error.stack ? error.stack : error) };
    }
  });
}

// Bad input: each case names a call; the answer is the message it throws (or "no error").
const CALLS = {
  renkin: (a) => m.renkin(...a),
  dechadilok_deen: (a) => m.dechadilokDeen(...a),
  hindrance: (a) => m.hindrance(...a),
  stokes_einstein: (a) => m.stokesEinstein(...a),
  pore_ratio: (a) => m.poreRatio(...a),
  equivalent_pore_radius: (a) => m.equivalentPoreRadius(...a),
  find_root: ([name, low, high]) => m.findRoot({ flat: () => 1.0, line: (x) => x, inf: () => Infinity }[name], low, high),
  barrier: ([levers]) => barrierFor(levers),
  barrier_set: ([levers]) => new m.BarrierModel(C).set(levers),
  barrier_constants: ([changes]) => new m.BarrierModel({ ...C, barrier: { ...C.barrier, ...changes } }),
  route_permeabilities: ([radii]) => new m.BarrierModel(C).routePermeabilities(radii),
  beyond_validity: ([radii]) => new m.BarrierModel(C).beyondValidity(radii),
  ion_conductance: ([ratio]) => new m.BarrierModel(C).ionConductance(ratio),
  junction: ([levers]) => junctionFor(levers),
  junction_set: ([levers]) => new m.JunctionModel(C).set(levers),
  junction_constants: ([changes]) => new m.JunctionModel({ ...C, junction: { ...C.junction, ...changes } }),
  teer: ([tissue, ratio]) => new m.JunctionModel(C).teer(tissue, ratio),
};

function errors(cases) {
  return cases.map(({ call, args }) => {
    try {
      CALLS[call](args);
      return "no error";
    } catch (error) {
      if (!(error instanceof Error)) return `not an Error: ${String(error)}`;
      return error.message;
    }
  });
}

function run() {
  const { mode } = input;
  if (mode === "format") {
    return {
      formatted: input.values.map((v) => input.specs.map((s) => m.pyFormat(v, s))),
      repr: input.reprs.map((v) => m.pyRepr(v)),
    };
  }
  if (mode === "hindrance") {
    return {
      renkin: m.renkin(input.lams),
      dechadilok_deen: m.dechadilokDeen(input.lams),
      renkin_one: input.lams.map((l) => m.renkin(l)),
      stokes_einstein: m.stokesEinstein(input.radii, ...input.stokes),
      pore_ratio: input.pore_ratio.map(([r, s, l, method]) => m.poreRatio(r, s, l, method)),
      equivalent_pore_radius: input.equivalent.map(([q, s, l, method]) => m.equivalentPoreRadius(q, s, l, method)),
    };
  }
  if (mode === "barrier") return input.states.map((s) => barrierOutputs(barrierFor(s), input.radii, input.ratio_range));
  if (mode === "junction") {
    return input.states.map((s) => junctionOutputs(junctionFor(s), input.radii, input.ratio_range));
  }
  if (mode === "fuzz") return fuzz(input.dashboard, input.events, input.radii, input.ratio_range);
  if (mode === "errors") return errors(input.cases);
  throw new Error(`unknown mode ${mode}`);
}

process.stdout.write(JSON.stringify(run(), (_key, value) => {
  if (typeof value === "number" && !Number.isFinite(value)) {
    return { $float: Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf" };
  }
  return value;
}));
