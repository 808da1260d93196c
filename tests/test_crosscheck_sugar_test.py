"""Chapter 6's browser model (``_esm/models/random.js``, ``_esm/models/sugar_test.js``) and figures
(``_esm/figures/sugar_test.js``) against the Python model (``models/_random.py``, ``models/sugar_test.py``)
and figures (``figures/sugar_test.py``), under Node, on 1,000+ seeded states (every lever at each end,
the sealed lining, both hindrance methods, with and without a colon, odd and even crowds, the extreme
seeds): every number and every sentence.

Tolerances:

- the random generator's integers: exactly equal (the same 32-bit integer arithmetic on both sides);
- every other number: relative difference at most ``SAME_FORMULA`` (1e-9). The formulas are the same
  on both sides and so are the algorithms: the matrix exponential is ``_solve.expm``'s scaling and
  squaring with the degree-13 Pade approximant (``models/solve.js``, step for step), the fits use
  ``find_root``'s Illinois steps, the normals Box-Muller. The two
  sides differ only in the order of a few sums (BLAS against a loop) and the last bit of
  ``log``/``exp``/``cos``: :func:`test_chapter6_sugar_test_model_agrees` shows how small that is (the
  largest difference is below 1e-12). No output needs the 1e-6 a different algorithm would;
- figures: the numbers within 1e-9, or one unit in the 4th significant figure where a value agreeing
  within 1e-9 lay on ``clean``'s rounding boundary (at most once per 10,000 numbers); strings exact;
- sentences and error messages: exactly equal.

The check fails when one side changes alone (the ``*_alone`` tests). Needs Node (browser marker).
"""

from __future__ import annotations

import functools
import json
import math
import random
import re
import subprocess

import numpy as np
import pytest

from gutwidgets.figures import ratio_figure, sugar_timeline_figure
from gutwidgets.models import _random
from gutwidgets.models import sugar_test as sugar_module
from gutwidgets.models.barrier import LEVERS, PARAMETER_RANGES, BarrierModel
from gutwidgets.models.from_data import sugar_test_from_data
from gutwidgets.models.sugar_test import SCENARIOS, SUGARS, SugarTestModel, dashboard_sentence
from gutwidgets.models.sugar_test_constants import (
    SUGAR_TEST_LEVERS,
    SUGAR_TEST_PARTS,
    SURFACE_RANGE,
    scenario_records_from_data,
    sugar_test_browser_constants,
    sugar_test_constants_from_data,
)
from gutwidgets.views.sugar_test import (
    BAND_Z,
    RATIO_HEIGHT,
    SUGAR_LABELS,
    SUGAR_TEST_PAGE_PARTS,
    TIMELINE_HEIGHT,
    TIMELINE_HOURS,
    SugarTestExplorer,
)

from .test_crosscheck import ESM_DIR, NODE, SAME_FORMULA, _draw, differences, encode, joined, largest_difference
from .test_crosscheck_figures import _last_digit, as_js

pytestmark = pytest.mark.browser  # runs Node

PARTS = (*SUGAR_TEST_PARTS, "figures/common.js", "figures/sugar_test.js")
STATES = 1000
#: States whose figures are compared too (each state's figures hold some 300 numbers).
FIGURE_EVERY = 5
METHODS = ("dechadilok-deen", "renkin")
SEED = 1606

SCRIPT = r"""
import { readFileSync } from "node:fs";
const m = await import(process.argv[1]);
const input = JSON.parse(readFileSync(0, "utf8"), (_k, v) => (v && typeof v === "object" && "$float" in v
  ? { inf: Infinity, "-inf": -Infinity, nan: NaN }[v.$float] : v));
const C = input.constants;
const I = input.inputs;

function model(s) {
  const barrier = new m.BarrierModel(C, { method: s.method, pore_level: s.pore_level, leak_level: s.leak_level,
    damaged_fraction: s.damaged_fraction });
  return new m.SugarTestModel(C, { barrier, surface: s.surface, window: s.window });
}

function outputs(s) {
  const mod = model(s);
  const result = mod.run(s.hours);
  const crowd = mod.population(s.n, s.seed);
  const healthy = new m.SugarTestModel(C, { barrier: new m.BarrierModel(C, { method: s.method }), window: s.window })
    .run([s.window]);
  const above = I.cutoffs.map((c) => [c.lab, crowd.filter((p) => p > c.x).length / crowd.length]);
  const out = {
    calibration: [mod.absScale, mod.colonScale, mod.degradation],
    rates: Object.fromEntries(Object.keys(C.sugars).map((sugar) => [sugar, mod.rates(sugar)])),
    run: result,
    no_colon: mod.run([s.window, 24.0], { colon: false }),
    population: crowd,
    sentence: m.sugarTestSentence(s.scenario, result, healthy, above, mod.constants, C.scenario_records, C.scenarios),
  };
  if (s.figures) {
    const spread = m.sugarRatioSpread(mod.constants);
    const band = [healthy.lm_ratio * Math.exp(-I.band_z * spread), healthy.lm_ratio * Math.exp(I.band_z * spread)];
    out.timeline = m.sugarTimelineFigure(result.hours, result.cumulative, result.window, I.sugar_labels,
      I.sugar_colors, s.theme, I.timeline_height);
    out.ratio = m.sugarRatioFigure(crowd, result.lm_ratio, band, I.cutoffs.map((c) => ({ x: c.x, label: c.label })),
      s.theme, I.ratio_height);
  }
  return out;
}

const CALLS = {
  surface: ([v]) => new m.SugarTestModel(C, { surface: v }),
  window: ([v]) => new m.SugarTestModel(C, { window: v }),
  hours: ([v]) => new m.SugarTestModel(C).run(v),
  n: ([v]) => new m.SugarTestModel(C).population(v),
  seed: ([v]) => new m.SugarTestModel(C).population(3, v),
  sugar: ([v]) => new m.SugarTestModel(C).rates(v),
  scenario: ([v]) => m.SugarTestModel.scenarioLevers(v, C.scenario_records, new m.SugarTestModel(C)),
  constants: ([changes]) => new m.SugarTestModel({ ...C, sugar_test: { ...C.sugar_test, ...changes } }),
};

function run() {
  if (input.mode === "states") return input.states.map(outputs);
  if (input.mode === "scenarios") {
    return input.methods.map((method) => Object.fromEntries(Object.keys(C.scenarios).map((name) => [name,
      m.SugarTestModel.scenarioLevers(name, C.scenario_records,
        new m.SugarTestModel(C, { barrier: new m.BarrierModel(C, { method }) }))])));
  }
  if (input.mode === "random") {
    return input.draws.map(([n, seed]) => ({ ints: m.uint32s(n, seed), normals: m.standardNormals(n, seed) }));
  }
  if (input.mode === "errors") {
    return input.cases.map(([call, args]) => {
      try {
        CALLS[call](args);
        return "no error";
      } catch (error) {
        return error instanceof Error ? error.message : `not an Error: ${String(error)}`;
      }
    });
  }
  throw new Error(`unknown mode ${input.mode}`);
}

process.stdout.write(JSON.stringify(run(), (_k, v) => (typeof v === "number" && !Number.isFinite(v)
  ? { $float: Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf" } : v)));
"""


# -- running both sides ---------------------------------------------------------------------------------

def run_js(source: str, payload: dict, tmp_path) -> object:
    assert NODE is not None, "node is not on PATH"
    module = tmp_path / "sugar_test.mjs"
    module.write_text(source, encoding="utf-8")
    done = subprocess.run([NODE, "--input-type=module", "-e", SCRIPT, module.as_uri()],
                          input=json.dumps(encode(payload), allow_nan=False), capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def constants(catalogue) -> dict:
    return sugar_test_browser_constants(catalogue)


@pytest.fixture(scope="module")
def inputs(catalogue) -> dict:
    return SugarTestExplorer(catalogue=catalogue).summary.inputs


@pytest.fixture(scope="module")
def reference(catalogue):
    model = sugar_test_from_data(catalogue)
    return model.constants, model.barrier.constants, scenario_records_from_data(catalogue)


def states(n: int, seed: int = SEED) -> list[dict]:
    """Each lever of the barrier (slider and model range), the surface and the window at each end, the
    sealed lining, then random states; each with a scenario's words, a crowd and a seed."""
    rnd = random.Random(seed)
    window, (s_low, s_high, _) = SUGAR_TEST_LEVERS["window"], SURFACE_RANGE
    healthy = {**BarrierModel.HEALTHY, "surface": 1.0, "window": 5.0}
    fixed = []
    for method in METHODS:
        for name, lv in LEVERS.items():
            for value in (lv.low, lv.high, *PARAMETER_RANGES[name][:2]):
                fixed.append({"method": method, **healthy, name: float(value)})
        for name, (low, high) in (("surface", (s_low, s_high)), ("window", (window.low, window.high))):
            fixed += [{"method": method, **healthy, name: low}, {"method": method, **healthy, name: high}]
        fixed.append({"method": method, **healthy, **dict.fromkeys(LEVERS, 0.0)})  # sealed: no sugar crosses
        fixed.append({"method": method, **healthy, "window": 24.0})
    out = []
    for i in range(len(fixed) + n):
        if i < len(fixed):
            s = dict(fixed[i])
        else:
            s = {"method": rnd.choice(METHODS), "surface": _draw(rnd, s_low, s_high, 0.05, "linear"),
                 "window": _draw(rnd, window.low, window.high, window.step, "linear")}
            for name, lv in LEVERS.items():
                s[name] = _draw(rnd, lv.low, lv.high, lv.step, lv.scale) if rnd.random() < 0.9 else \
                    float(BarrierModel.HEALTHY[name])
        roll = rnd.random()
        if roll < 0.7:
            hours = list(TIMELINE_HOURS)
        elif roll < 0.85:  # the model's own grid, as run() has it when no hours are given
            hours = [float(h) for h in np.linspace(0, 24, 49)]
        else:  # unsorted, repeated, up to the limits
            hours = [rnd.choice([0.0, 48.0, s["window"], rnd.uniform(0, 48)]) for _ in range(rnd.randint(1, 12))]
        seed_roll = rnd.random()
        seed_value = 0 if seed_roll < 0.05 else _random.SEED_MAX if seed_roll < 0.1 else rnd.randrange(2**32)
        n = rnd.choice([1, 2, 3, 10, 200, rnd.randint(1, 300)])
        s.update(hours=hours, scenario=rnd.choice(list(SCENARIOS)), n=n, seed=seed_value,
                 theme=rnd.choice(["default", "projector"]), figures=i % FIGURE_EVERY == 0)
        out.append(s)
    return out


@functools.lru_cache(maxsize=256)
def _healthy(sc, bc, method: str, window: float):
    """The healthy person's run in a window (many states share one: the slider's whole hours)."""
    return SugarTestModel(BarrierModel(constants=bc, method=method), constants=sc, window=window).run([window])


def python_outputs(s: dict, reference, inputs) -> dict:
    sc, bc, records = reference
    barrier = BarrierModel(s["pore_level"], s["leak_level"], s["damaged_fraction"], constants=bc, method=s["method"])
    model = SugarTestModel(barrier, constants=sc, surface=s["surface"], window=s["window"])
    result = model.run(s["hours"])
    crowd = model.population(s["n"], s["seed"])
    healthy = _healthy(sc, bc, s["method"], s["window"])
    above = {c["lab"]: float(np.mean(crowd > c["x"])) for c in inputs["cutoffs"]}
    out = {
        "calibration": [model._abs_scale, model._colon_scale, model.degradation],
        "rates": {sugar: model.rates(sugar) for sugar in SUGARS},
        "run": result,
        "no_colon": model.run([s["window"], 24.0], colon=False),
        "population": crowd,
        "sentence": dashboard_sentence(s["scenario"], result, healthy, above, sc, records),
    }
    if s["figures"]:
        spread = sc.ratio_spread
        band = (healthy.lm_ratio * np.exp(-BAND_Z * spread), healthy.lm_ratio * np.exp(BAND_Z * spread))
        out["timeline"] = sugar_timeline_figure(result.hours, result.cumulative, result.window, SUGAR_LABELS,
                                                s["theme"], height=TIMELINE_HEIGHT)
        out["ratio"] = ratio_figure(crowd, result.lm_ratio, band, [{"x": c["x"], "label": c["label"]}
                                                                   for c in inputs["cutoffs"]],
                                    s["theme"], height=RATIO_HEIGHT)
    return encode(out)


def compare(py: list, js: list, sts: list[dict], boundary: list | None = None) -> list[str]:
    found = []
    for s, p, j in zip(sts, py, js):
        for d in differences(as_js(p), as_js(j)):
            if boundary is not None and d.startswith((".timeline", ".ratio")) and _last_digit(d):
                boundary.append(d)
            else:
                found.append(f"{ {k: v for k, v in s.items() if k != 'hours'} }{d}")
    return found


def check(constants, inputs, reference, tmp_path, sts, source=None) -> tuple[list, list]:
    py = [python_outputs(s, reference, inputs) for s in sts]
    js = run_js(source or joined(PARTS), {"mode": "states", "constants": constants, "inputs": inputs, "states": sts},
                tmp_path)
    return py, js


# -- the constants ---------------------------------------------------------------------------------------

def test_browser_constants_are_the_models_constants_as_plain_json(catalogue, constants, reference):
    sc, bc, records = reference
    assert constants["sugar_test"] == {k: float(v) for k, v in vars(sc).items()}
    assert constants["barrier"] == {k: float(v) for k, v in vars(bc).items()}
    assert constants["scenario_records"] == records and list(constants["scenarios"]) == list(SCENARIOS)
    assert sugar_test_constants_from_data(catalogue) == sc  # the model's factory reads the same numbers
    assert json.loads(json.dumps(constants, allow_nan=False)) == constants


def test_browser_parts_have_no_imports_and_no_dom():
    for part in ("models/random.js", "models/sugar_test.js", "figures/sugar_test.js", "pages/sugar_test.js"):
        text = (ESM_DIR / part).read_text(encoding="utf-8")
        assert not re.search(r"^\s*import\b", text, re.M), f"{part} imports: a part may not"
        assert not re.search(r"\b(document|globalThis|requestAnimationFrame)\b", text), f"{part} uses the DOM"
    assert SUGAR_TEST_PAGE_PARTS[:len(PARTS)] == PARTS  # the page runs the parts checked here


# -- the model, the sentence and the figures ------------------------------------------------------------

def test_chapter6_sugar_test_model_agrees(constants, inputs, reference, tmp_path):
    sts = states(STATES)
    assert len(sts) > STATES and {s["method"] for s in sts} == set(METHODS)
    py, js = check(constants, inputs, reference, tmp_path, sts)
    boundary: list[str] = []
    found = compare(py, js, sts, boundary)
    assert not found, f"{len(found)} differences, e.g.:\n" + "\n".join(found[:20])
    figures = sum(1 for s in sts if s["figures"])
    assert len(boundary) <= figures * 300 // 10_000, boundary
    # The states reach every branch of the sentence and the sealed lining (no sugar crosses).
    sentences = [p["sentence"] for p in py]
    for words in ("Fitted: 5-h lactulose", "Published 24-h recoveries", "Fitted: lactulose", "cannot reach"):
        assert any(words in t for t in sentences), words
    assert any(p["run"]["lm_ratio"] == {"$float": "inf"} for p in py)
    # The largest difference is rounding: the two sides differ in the order of a few sums and the last
    # bit of log/exp/cos, so by about 1e-12 at worst (most of it from the fits, which stop within 1e-12
    # of their roots), a thousand times below SAME_FORMULA. A different algorithm would show far more.
    model_keys = ("calibration", "rates", "run", "no_colon", "population")
    worst = max(largest_difference({k: p[k] for k in model_keys}, {k: j[k] for k in model_keys})
                for p, j in zip(py, js))
    assert 0 < worst < SAME_FORMULA / 1000, f"largest relative difference {worst:.3g}"


def test_the_scenarios_levers_agree(constants, reference, tmp_path):
    sc, bc, records = reference
    py = [{name: SugarTestModel.scenario_levers(name, records, SugarTestModel(BarrierModel(constants=bc, method=m),
                                                                                constants=sc))
           for name in SCENARIOS} for m in METHODS]
    js = run_js(joined(PARTS), {"mode": "scenarios", "constants": constants, "methods": list(METHODS)}, tmp_path)
    assert not differences(as_js(encode(py)), as_js(js))
    assert py[0]["alcohol_liver"]["leak_level"] == 100.0 and 0.05 < py[0]["coeliac"]["surface"] < 1.0


def test_the_shared_generator_draws_the_same_people(tmp_path):
    draws = [[1, 0], [2, 1], [7, 7], [1000, 3], [5, _random.SEED_MAX], [33, 123456789]]
    js = run_js(joined(PARTS), {"mode": "random", "draws": draws}, tmp_path)
    for (n, seed), j in zip(draws, js):
        assert _random.uint32s(n, seed) == j["ints"]  # integers: exactly
        assert not differences(_random.standard_normals(n, seed), j["normals"], rel=1e-14)
    # mulberry32's published first output for seed 0 (0.26642920868471265 of 2**32)
    assert _random.uint32s(1, 0) == [1144304738]


# -- bad input ---------------------------------------------------------------------------------------------

BAD_INPUT = [("surface", [0.01]), ("surface", [2.0]), ("window", [30.0]), ("window", [math.nan]),
             ("window", [0.5]), ("hours", [[-1.0]]), ("hours", [[]]), ("hours", [[1.0, 49.0]]), ("n", [0.5]),
             ("n", [0.0]), ("n", [100001.0]), ("seed", [1.5]), ("seed", [-1.0]), ("sugar", ["glucose"]),
             ("scenario", ["vampire"]), ("constants", [{"lactulose_24h_ileostomy": 0.6}]),
             ("constants", [{"colon_arrival_2h": -1.0}])]


def python_error(call: str, args: list, reference) -> str:
    sc, _bc, records = reference
    calls = {
        "surface": lambda v: SugarTestModel(constants=sc, surface=v),
        "window": lambda v: SugarTestModel(constants=sc, window=v),
        "hours": lambda v: SugarTestModel(constants=sc).run(v),
        "n": lambda v: SugarTestModel(constants=sc).population(v),
        "seed": lambda v: SugarTestModel(constants=sc).population(3, v),
        "sugar": lambda v: SugarTestModel(constants=sc).rates(v),
        "scenario": lambda v: SugarTestModel.scenario_levers(v, records, SugarTestModel(constants=sc)),
        "constants": lambda changes: SugarTestModel(constants=type(sc)(**{**vars(sc), **changes})),
    }
    try:
        calls[call](*args)
    except ValueError as e:
        return str(e)
    return "no error"


def test_bad_input_gives_python_error_messages(constants, reference, tmp_path):
    js = run_js(joined(PARTS), {"mode": "errors", "constants": constants, "cases": BAD_INPUT}, tmp_path)
    py = [python_error(call, args, reference) for call, args in BAD_INPUT]
    assert all(m != "no error" for m in py)
    assert js == py


# -- the check fails when one side changes alone ---------------------------------------------------------

@pytest.mark.parametrize(("part", "old", "new", "where"), [
    ("models/sugar_test.js", "return -Math.log(1 - c.iv_lactulose_recovery_5h) / 5.0;",
     "return -Math.log(1 - c.iv_lactulose_recovery_5h) / 5.001;", ".run"),
    ("models/sugar_test.js", "1e-9 * Math.max(Math.abs(x[k]), 1e-12)", "1e-6 * Math.max(Math.abs(x[k]), 1e-12)",
     ".calibration"),
    ("models/sugar_test.js", "} times the healthy value.`", "} times healthy.`", ".sentence"),
    ("models/random.js", "z | 61", "z | 63", ".population"),
    ("figures/sugar_test.js", "% of dose<extra></extra>", "% of the dose<extra></extra>", ".timeline"),
    ("figures/common.js", 'paper_bgcolor: "white"', 'paper_bgcolor: "#fff"', ".ratio"),
])
def test_the_check_fails_when_the_browser_side_changes_alone(constants, inputs, reference, tmp_path, part, old, new,
                                                             where):
    sts = states(12)[-12:]
    for s in sts:
        s["figures"] = True
    py, js = check(constants, inputs, reference, tmp_path, sts, source=joined(PARTS, {part: (old, new)}))
    found = compare(py, js, sts)
    assert any(where in d for d in found), found[:5]


def test_the_check_fails_when_python_changes_alone(constants, inputs, reference, tmp_path, monkeypatch):
    sts = states(10)[-10:]
    js = run_js(joined(PARTS), {"mode": "states", "constants": constants, "inputs": inputs, "states": sts}, tmp_path)
    assert not compare([python_outputs(s, reference, inputs) for s in sts], js, sts)
    normals = _random.standard_normals
    monkeypatch.setattr(sugar_module, "standard_normals", lambda n, seed: [z * 1.0001 for z in normals(n, seed)])
    found = compare([python_outputs(s, reference, inputs) for s in sts], js, sts)
    assert any(d.split("}", 1)[1].startswith(".population") for d in found), found[:5]
