"""Chapter 4 in the page against Python, under Node: the LPS cascade (``_esm/models/cascade.js`` on
``models/solve.js``), the hidden-common-cause demo (``models/confounding.js`` on ``models/random.js``),
their figures (``figures/systemic.js``) and sentences (``pages/systemic.js``) against
``models/cascade.py`` (on ``models/_solve.py``), ``models/confounding.py``, ``figures/systemic.py`` and
``views/systemic.py``.

- The cascade: 1,000 seeded lever states (every corner of the levers' ranges with every duration in
  both themes, the closed barrier, then slider positions and values between them) give the same entry
  multiplier, steady state, IL-6 range over the unmeasured numbers, time course (ten series at 141
  report times), flow-diagram course, figure and sentence. Tolerance: 1e-9 relative for every number
  ("the same formula": the matrix exponential is _solve.expm's algorithm step for step, Pade 13 with
  the same scaling and the same pivoting, and every other step is the same formula; numpy's BLAS adds
  in its own order, so the two sides differ in the last bits: 2e-11 at most here, in the TLR4 signal,
  a number near 5e-4 that carries the absolute round-off of the cytokines near 1), sentences exact;
  figures and the flow course round to 4 figures, so a model value on a rounding boundary may differ
  by one unit in the 4th figure: at most 1 in 10,000 such numbers (none in these states).
- The matrix exponential itself on random stable matrices over twelve orders of magnitude of the step
  (1e-9 of the largest entry), and affine_response on a random system.
- The demo: the shared generator's draws, the thirds of the hidden factor, and every person's marker
  and symptom and both correlations for 120 seeded lever states (three populations besides the
  dashboard's), with the figure in both themes and the sentence: 1e-9 relative, the sentence exact.
- Bad input and bad constants get the same messages; an edit of either side alone is caught.
"""

from __future__ import annotations

import dataclasses
import json
import random
import subprocess
import threading

import numpy as np
import pytest

from gutwidgets.figures.systemic import cascade_figure, confounding_figure
from gutwidgets.models import _solve
from gutwidgets.models._random import standard_normals
from gutwidgets.models.cascade import CASCADE_LEVERS, CascadeConstants, CascadeModel
from gutwidgets.models.confounding import PEOPLE, SEED, ConfoundingDemo
from gutwidgets.models.systemic_constants import (
    SYSTEMIC_PAGE_PARTS,
    cascade_browser_constants,
    confounding_browser_constants,
)
from gutwidgets.views import systemic
from gutwidgets.views.systemic import DURATIONS, FLOW_FRAMES, PLOT_HEIGHT, CascadeExplorer, ConfoundingExplorer

from .test_crosscheck import NODE, SAME_FORMULA, differences, encode, joined, largest_difference
from .test_crosscheck_figures import _last_digit, as_js

pytestmark = pytest.mark.browser  # runs Node

PARTS = SYSTEMIC_PAGE_PARTS
STATES = 1000
CONFOUNDING_STATES = 120
#: Populations besides the dashboard's: a third that does not divide, the smallest, the largest seed.
POPULATIONS = [(PEOPLE, SEED), (20, 0), (301, 12345), (1000, 2**32 - 1)]
SERIES = ("hours", "multiplier", "portal", "active", "neutralised", "plasma", "tlr4", "tnf", "il6", "index")

SCRIPT = r"""
import { readFileSync } from "node:fs";
globalThis.document = {};
const m = await import(process.argv[1]);
const special = { inf: Infinity, "-inf": -Infinity, nan: NaN };
const input = JSON.parse(readFileSync(0, "utf8"), (_key, value) => (value && typeof value === "object"
  && !Array.isArray(value) && "$float" in value ? special[value.$float] : value));
const attempt = (f) => { try { return f(); } catch (e) { return { error: e.message }; } };
const out = {};
if (input.cascade) {
  const { constants: C, inputs, states } = input.cascade;
  const model = new m.CascadeModel(C);
  out.cascade = states.map(({ theme, ...levers }) => attempt(() => {
    const barrier = { leak_level: levers.leak_level, damaged_fraction: levers.eroded_percent / 100 };
    const entry = model.translocation(barrier);
    const steps = levers.opening_hours >= inputs.t_end ? [[0.0, entry]] : [[0.0, entry], [levers.opening_hours, 1.0]];
    const r = model.run(inputs.hours, steps);
    const series = Object.fromEntries(["multiplier", "plasma", "tnf", "il6", "index"].map((k) => [k, r[k]]));
    return {
      entry, steady: model.steadyState(entry), range: model.steadyRange(C.cascade.uncertain, barrier), result: r,
      sentence: m.cascadeSentence(r, levers, model, C, inputs), flow: m.cascadeFlowCourse(r, inputs.flow_frames),
      figure: m.cascadeFigure(r.hours, series, levers.opening_hours, theme, inputs.plot_height),
    };
  }));
}
if (input.confounding) {
  out.confounding = input.confounding.map(({ people, seed, states }) => attempt(() => {
    const C = { confounding: { ...input.confounding_constants.confounding, people, seed } };
    const demo = new m.ConfoundingDemo(C);
    return {
      draws: m.standardNormals(3 * people, seed), group: demo.group,
      states: states.map(({ theme, show_groups: groups, ...lv }) => {
        const s = demo.sample(lv.hidden_to_marker, lv.hidden_to_symptom, lv.direct_effect);
        return { sample: s, sentence: m.confoundingSentence(s.r_overall, s.r_adjusted, lv.direct_effect),
          figure: m.confoundingFigure(s.marker, s.symptom, s.group, groups, theme, 380) };
      }),
    };
  }));
}
if (input.expm) out.expm = input.expm.map((a) => attempt(() => m.expm(a)));
if (input.affine) out.affine = input.affine.map((c) => attempt(() => m.affineResponse(...c)));
const CALLS = {
  run: (C, [hours, schedule]) => new m.CascadeModel(C).run(hours, schedule),
  translocation: (C, [levers]) => new m.CascadeModel(C).translocation(levers),
  steady_state: (C, [x]) => new m.CascadeModel(C).steadyState(x),
  steady_range: (C, [ranges, levers]) => new m.CascadeModel(C).steadyRange(ranges, levers),
  cascade_constants: (C, [changes]) => {
    const values = Object.entries({ ...C.cascade.constants, ...changes }).filter(([, v]) => v !== null);
    return new m.CascadeModel({ ...C, cascade: { ...C.cascade, constants: Object.fromEntries(values) } });
  },
  demo: (C, [people, seed]) => new m.ConfoundingDemo({ confounding: { ...C.confounding, people, seed } }),
  sample: (C, [levers]) => new m.ConfoundingDemo(C).sample(...levers),
  expm: (C, [a]) => m.expm(a),
  affine: (C, args) => m.affineResponse(...args),
};
if (input.errors) {
  out.errors = input.errors.map(({ call, args, constants }) => {
    try { CALLS[call](constants, args); return "no error"; } catch (e) { return e.message; }
  });
}
process.stdout.write(JSON.stringify(out));
"""


class NodeRun:
    """The joined parts run under Node on ``payload``, in the background (Python computes its side meanwhile)."""

    def __init__(self, source: str, payload: dict, tmp_path) -> None:
        assert NODE is not None, "node is not on PATH"
        module = tmp_path / f"systemic_{id(self)}.mjs"
        module.write_text(source, encoding="utf-8")
        self.proc = subprocess.Popen([NODE, "--input-type=module", "-e", SCRIPT, module.as_uri()],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.thread = threading.Thread(target=self._talk, args=(json.dumps(encode(payload), allow_nan=False),))
        self.thread.start()

    def _talk(self, text: str) -> None:
        self.out, self.err = self.proc.communicate(text, timeout=600)

    def result(self) -> dict:
        self.thread.join()
        assert self.proc.returncode == 0, self.err
        return json.loads(self.out)


def run_js(source: str, payload: dict, tmp_path) -> dict:
    return NodeRun(source, payload, tmp_path).result()


def _numbers(values: object) -> bool:
    return isinstance(values, list) and all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool))
                                            for v in values)


def close(py: object, js: object, path: str = "") -> list[str]:
    """``differences`` (1e-9 relative), with long lists of numbers compared at once."""
    if isinstance(py, dict) and isinstance(js, dict) and set(py) == set(js):
        return [d for k in py for d in close(py[k], js[k], f"{path}.{k}")]
    if isinstance(py, list) and isinstance(js, list) and len(py) == len(js):
        if not (_numbers(py) and _numbers(js)):
            return [d for i, (a, b) in enumerate(zip(py, js)) for d in close(a, b, f"{path}[{i}]")]
        a, b = (np.array([np.nan if v is None else v for v in x], dtype=float) for x in (py, js))
        same = (a == b) | (np.abs(a - b) <= SAME_FORMULA * np.maximum(np.abs(a), np.abs(b)))
        if np.array_equal(np.isnan(a), np.isnan(b)) and np.all(same | np.isnan(a)):
            return []
    return differences(as_js(py), as_js(js), path)


# -- the cascade ----------------------------------------------------------------------------------

def cascade_states(n: int) -> list[dict]:
    """Every corner of the levers with every duration in both themes (the closed barrier among them),
    then the sliders' positions and values between them."""
    leak, eroded = CASCADE_LEVERS["leak_level"], CASCADE_LEVERS["eroded_percent"]
    hours = [h for _, h in DURATIONS]
    states = [{"leak_level": lk, "eroded_percent": er, "opening_hours": h, "theme": th}
              for lk in (leak.low, leak.high) for er in (eroded.low, eroded.high) for h in hours
              for th in ("default", "projector")]
    rnd = random.Random(1641)
    while len(states) < n:
        if rnd.random() < 0.7:  # a slider position
            lk = leak.low + rnd.randint(0, round((leak.high - leak.low) / leak.step)) * leak.step
            er = round(rnd.randint(0, round(eroded.high / eroded.step)) * eroded.step, 10)
        else:  # between them (a value set from Python), the healthy leak route now and then
            lk = rnd.choice([leak.low, rnd.uniform(leak.low + 0.01, leak.high)])
            er = rnd.choice([0.0, rnd.uniform(0.001, eroded.high)])
        states.append({"leak_level": lk, "eroded_percent": er, "opening_hours": rnd.choice(hours),
                       "theme": rnd.choice(["default", "projector"])})
    return states


def python_cascade(explorer: CascadeExplorer, states: list[dict]) -> list[dict]:
    """What the kernel's Python twin computes and draws for each state."""
    model = explorer.model
    uncertain = explorer.summary.constants["cascade"]["uncertain"]
    out = []
    for s in states:
        with explorer.hold_trait_notifications():
            explorer.leak_level, explorer.eroded_percent = s["leak_level"], s["eroded_percent"]
            explorer.opening_hours = s["opening_hours"]
        sentence = explorer.sentence
        r = explorer.result()
        barrier = {"leak_level": s["leak_level"], "damaged_fraction": s["eroded_percent"] / 100}
        entry = model.translocation(**barrier)
        series = {k: getattr(r, k) for k in ("multiplier", "plasma", "tnf", "il6", "index")}
        out.append({
            "entry": entry, "steady": model.steady_state(entry),
            "range": {k: list(v) for k, v in model.steady_range(uncertain, **barrier).items()},
            "result": {k: getattr(r, k).tolist() for k in SERIES}, "sentence": sentence,
            "flow": systemic.flow_course(r, FLOW_FRAMES),
            "figure": cascade_figure(r.hours.tolist(), series, s["opening_hours"], s["theme"], height=PLOT_HEIGHT),
        })
    return out


def compare(py: list[dict], js: list[dict], states: list[dict], boundary: list[str] | None = None) -> list[str]:
    """Differences beyond the tolerance; one unit in the 4th figure of a rounded number goes to ``boundary``."""
    found = []
    for state, a, b in zip(states, py, js):
        for d in close(a, b):
            where = d.split(":", 1)[0]
            if boundary is not None and (".figure" in where or ".flow" in where) and _last_digit(d):
                boundary.append(d)
            else:
                found.append(f"{state}{d}")
    return found


def cascade_payload(explorer, states: list[dict]) -> dict:
    return {"cascade": {"constants": explorer.summary.constants, "inputs": explorer.summary.inputs, "states": states}}


@pytest.fixture(scope="module")
def cascade_check(catalogue, tmp_path_factory):
    """The states, Python's outputs and the page's (Node runs while Python computes)."""
    explorer = CascadeExplorer(catalogue=catalogue)
    states = cascade_states(STATES)
    node = NodeRun(joined(PARTS), cascade_payload(explorer, states), tmp_path_factory.mktemp("systemic"))
    py = python_cascade(explorer, states)
    return explorer, states, py, node.result()["cascade"]


def test_the_cascade_agrees_with_python(cascade_check):
    _, states, py, js = cascade_check
    boundary: list[str] = []
    found = compare(py, js, states, boundary)
    assert not found, f"{len(found)} differences, e.g.:\n" + "\n".join(found[:20])
    assert len(boundary) <= STATES * 2500 // 10_000, boundary  # some 2,500 rounded numbers a state
    # The states reach every kind of sentence.
    sentences = [o["sentence"] for o in py]
    for words in ("The barrier is not open", "for the whole three weeks", "then falls back", "stays raised",
                  "for 6 hours", "for 7 days", "from 1.00 to"):
        assert any(words in s for s in sentences), words


def test_the_largest_difference_is_rounding(cascade_check):
    """Same formulas: the two sides differ only in the last bits of the arithmetic."""
    _, _, py, js = cascade_check
    largest = max(largest_difference(as_js(a[key]), as_js(b[key]))
                  for a, b in zip(py[::10], js[::10]) for key in ("entry", "steady", "range", "result"))
    assert largest < 1e-10, largest  # about 2e-11: the TLR4 signal (~5e-4) carries the others' absolute round-off


def test_the_matrix_exponential_and_the_affine_solution_agree(tmp_path):
    rnd = np.random.default_rng(1642)
    matrices = []
    for size in (1, 3, 4, 7, 9):
        for h in 10.0 ** np.arange(-6, 6.5, 1.0):
            a = -np.diag(rnd.uniform(0.1, 10, size)) + np.tril(rnd.uniform(0, 1, (size, size)), -1)
            matrices.append((a * h).tolist())
    matrices.append([[0.0, 1.0], [-1.0, 0.0]])  # a rotation: no decay
    affine = [[[[-2.0, 0.0], [1.0, -0.5]], [1.0, 0.0], [0.0, 0.1], [1.0, 2.0], [0.0, 0.1, 0.5, 2.0, 9.0],
               [1.0, 3.0, 0.0, 2.0, 2.0]],
              [[[-1.0]], [2.0], [0.5], [0.0], [0.0, 1.0, 4.0], [1.0, 0.0]]]  # one value per step
    js = run_js(joined(PARTS), {"expm": matrices, "affine": affine}, tmp_path)
    for a, b in zip(matrices, js["expm"]):
        want = _solve.expm(a)
        assert np.max(np.abs(want - np.asarray(b))) <= 1e-9 * np.max(np.abs(want)), a
    for args, b in zip(affine, js["affine"]):
        want = _solve.affine_response(*args)
        assert np.allclose(want, b, rtol=1e-12, atol=1e-14), (want, b)


# -- the hidden common cause --------------------------------------------------------------------------

def confounding_states(n: int) -> list[dict]:
    rnd = random.Random(1643)
    names = ("hidden_to_marker", "hidden_to_symptom", "direct_effect")
    states = [dict(zip(names, corner)) for corner in ((0.0, 0.0, 0.0), (0.95, 0.95, 0.95), (0.7, 0.7, 0.0),
                                                      (0.0, 0.95, 0.0), (0.95, 0.0, 0.95))]
    while len(states) < n:
        states.append({k: rnd.choice([round(rnd.randint(0, 19) * 0.05, 10), rnd.uniform(0, 0.95)]) for k in names})
    rnd2 = random.Random(1644)
    return [{**s, "show_groups": rnd2.random() < 0.5, "theme": rnd2.choice(["default", "projector"])} for s in states]


def confounding_payload(states: list[dict]) -> dict:
    per = [states] + [states[:10]] * (len(POPULATIONS) - 1)
    return {"confounding_constants": confounding_browser_constants(),
            "confounding": [{"people": p, "seed": s, "states": st} for (p, s), st in zip(POPULATIONS, per)]}


def python_confounding(payload: dict) -> list[dict]:
    explorer = ConfoundingExplorer()
    out = []
    for pop in payload["confounding"]:
        demo = ConfoundingDemo(pop["people"], pop["seed"])
        rows = []
        for s in pop["states"]:
            sample = demo.sample(s["hidden_to_marker"], s["hidden_to_symptom"], s["direct_effect"])
            explorer.direct_effect = s["direct_effect"]
            rows.append({"sample": dataclasses.asdict(sample),
                         "sentence": explorer._describe(sample.r_overall, sample.r_adjusted),
                         "figure": confounding_figure(sample.marker, sample.symptom, sample.group, s["show_groups"],
                                                      s["theme"], 380)})
        out.append(encode({"draws": standard_normals(3 * pop["people"], pop["seed"]), "group": demo.group,
                           "states": rows}))
    return out


def test_the_hidden_common_cause_draws_the_same_people(tmp_path):
    states = confounding_states(CONFOUNDING_STATES)
    payload = confounding_payload(states)
    py = python_confounding(payload)
    js = run_js(joined(PARTS), payload, tmp_path)["confounding"]
    boundary: list[str] = []
    found = compare(py, js, [f"population {p}" for p in POPULATIONS], boundary)
    assert not found, f"{len(found)} differences, e.g.:\n" + "\n".join(found[:20])
    assert len(boundary) <= 2, boundary
    assert [pop["group"] for pop in js] == [pop["group"] for pop in py]  # the same thirds, exactly
    for pop, (people, _) in zip(py, POPULATIONS):
        assert all(abs(pop["group"].count(g) - people / 3) <= 1 for g in (0, 1, 2)), people
    sentences = [r["sentence"] for pop in py for r in pop["states"]]
    for words in ("show no correlation", "a weak correlation", "a moderate correlation", "a strong correlation",
                  "has no effect", "does raise the symptom"):
        assert any(words in s for s in sentences), words


# -- bad input ----------------------------------------------------------------------------------------

def error_cases(cascade_constants: dict, confounding_constants: dict) -> list[tuple[dict, object]]:
    """(case for the page, the Python call that must raise the same message)."""
    model = CascadeModel()
    uncertain = cascade_constants["cascade"]["uncertain"]
    base = dataclasses.asdict(CascadeConstants())

    def cascade_constants_case(changes: dict):
        return lambda: CascadeConstants.from_values({k: v for k, v in {**base, **changes}.items() if v is not None})

    cases = [
        ({"call": "run", "args": [[3.0, 1.0], 1.0]}, lambda: model.run([3.0, 1.0], 1.0)),
        ({"call": "run", "args": [[], 1.0]}, lambda: model.run([], 1.0)),
        ({"call": "run", "args": [[0.0, 1e5], 1.0]}, lambda: model.run([0.0, 1e5], 1.0)),
        ({"call": "run", "args": [[0.0, 1.0], -1.0]}, lambda: model.run([0.0, 1.0], -1.0)),
        ({"call": "run", "args": [[0.0, 1.0], [[5.0, 1.0], [2.0, 2.0]]]},
         lambda: model.run([0.0, 1.0], [(5.0, 1.0), (2.0, 2.0)])),
        ({"call": "run", "args": [[0.0, 1.0], [[0.0, 2e4]]]}, lambda: model.run([0.0, 1.0], [(0.0, 2e4)])),
        ({"call": "translocation", "args": [{"leak_level": 1e6}]}, lambda: model.translocation(leak_level=1e6)),
        ({"call": "steady_state", "args": [True]}, lambda: model.steady_state(True)),
        ({"call": "steady_range", "args": [{"cascade_portal_transit_h": [0.1, 0.2]}, {}]},
         lambda: model.steady_range({"cascade_portal_transit_h": [0.1, 0.2]})),
        ({"call": "steady_range", "args": [{"cascade_lps_radius": [0.0, 1.0]}, {}]},
         lambda: model.steady_range({"cascade_lps_radius": [0.0, 1.0]})),
        ({"call": "steady_range", "args": [{**uncertain, "cascade_iv_equivalent_active": [1.5, 30.0]}, {}]},
         lambda: model.steady_range({**uncertain, "cascade_iv_equivalent_active": [1.5, 30.0]})),
        ({"call": "expm", "args": [[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]]}, lambda: _solve.expm([[1.0, 2.0, 3.0],
                                                                                              [4.0, 5.0, 6.0]])),
        ({"call": "expm", "args": [[[1.0, 2.0], [3.0, 1e309]]]}, lambda: _solve.expm([[1.0, 2.0], [3.0, np.inf]])),
        ({"call": "affine", "args": [[[-1.0]], [1.0], [0.0], [0.0], [0.0, 1.0, 1.0], [1.0, 1.0, 1.0]]},
         lambda: _solve.affine_response([[-1.0]], [1.0], [0.0], [0.0], [0.0, 1.0, 1.0], [1.0, 1.0, 1.0])),
        ({"call": "demo", "args": [10.0, 1]}, lambda: ConfoundingDemo(10.0, 1)),
        ({"call": "demo", "args": [300.0, 1.5]}, lambda: ConfoundingDemo(300, 1.5)),
        ({"call": "sample", "args": [[1.0, 0.5, 0.0]]}, lambda: ConfoundingDemo().sample(1.0, 0.5, 0.0)),
        ({"call": "sample", "args": [[0.5, 0.5, -0.1]]}, lambda: ConfoundingDemo().sample(0.5, 0.5, -0.1)),
    ]
    for changes in ({"cascade_hepatic_extraction": 1.2}, {"cascade_iv_equivalent_active": 5.0},
                    {"cascade_iv_equivalent_active": 0.5}, {"endotoxemia_tnf_fold": 0.9},
                    {"cascade_portal_transit_h": -1.0}, {"cascade_lps_radius": None}):
        cases.append(({"call": "cascade_constants", "args": [changes]}, cascade_constants_case(changes)))
    for case, _ in cases:
        case["constants"] = confounding_constants if case["call"] in ("demo", "sample") else cascade_constants
    return cases


def test_bad_input_and_bad_constants_get_the_same_messages(catalogue, tmp_path):
    cascade_constants, confounding_constants = cascade_browser_constants(catalogue), confounding_browser_constants()
    cases = error_cases(cascade_constants, confounding_constants)
    messages = []
    for _, call in cases:
        with pytest.raises(ValueError) as raised:
            call()
        messages.append(str(raised.value))
    assert any(m.startswith("missing values for: cascade_lps_radius") for m in messages)
    js = run_js(joined(PARTS), {"errors": [c for c, _ in cases]}, tmp_path)["errors"]
    mismatched = [(c["call"], c["args"], p, j) for (c, _), p, j in zip(cases, messages, js) if p != j]
    assert not mismatched, mismatched


# -- an edit of one side alone is caught ------------------------------------------------------------------

@pytest.mark.parametrize(("part", "old", "new"), [
    ("models/cascade.js", "[0.0, 0.5 * this.k_index, 0.5 * this.k_index, -this.k_index]",
     "[0.0, 0.5 * this.k_index, 0.49 * this.k_index, -this.k_index]"),
    ("models/cascade.js", "if (offset < span) nodes.push(lo + offset);",
     "if (offset < span && k % 2 === 0) nodes.push(lo + offset);"),
    ("models/solve.js", "const SOLVE_STEP_DECIMALS = 1e12;", "const SOLVE_STEP_DECIMALS = 1e6;"),
    ("models/solve.js", "const slope = u.length === t.length ? (u[i + 1] - u[i]) / step : 0.0;",
     "const slope = 0.0;"),
    ("figures/systemic.js", 'key === "plasma" || key === "index" ? 1.6 : 1.0', 'key === "plasma" ? 1.6 : 1.0'),
    ("pages/systemic.js", "and stays raised", "and stays high"),
])
def test_an_edit_of_the_page_side_alone_is_caught(cascade_check, tmp_path, part, old, new):
    explorer, states, py, _ = cascade_check
    some = states[:40:4] + states[500:510]
    js = run_js(joined(PARTS, {part: (old, new)}), cascade_payload(explorer, some), tmp_path)["cascade"]
    assert compare(py[:40:4] + py[500:510], js, some)


@pytest.mark.parametrize(("part", "old", "new"), [
    ("models/confounding.js", "return t >= 0.5 ? b - (b - a) * (1.0 - t) : a + (b - a) * t;",
     "return a + (b - a) * t * 1.5;"),
    ("models/confounding.js", "const k = confoundingDot(z, d) / zz;", "const k = confoundingDot(z, d) / zz / 2;"),
    ("pages/systemic.js", 'a < 0.6 ? "a moderate"', 'a < 0.5 ? "a moderate"'),
])
def test_an_edit_of_the_demo_alone_is_caught(tmp_path, part, old, new):
    payload = confounding_payload(confounding_states(60))
    py = python_confounding(payload)
    js = run_js(joined(PARTS, {part: (old, new)}), payload, tmp_path)["confounding"]
    assert compare(py, js, [f"population {p}" for p in POPULATIONS])


def test_an_edit_of_python_alone_is_caught(cascade_check, catalogue, monkeypatch, tmp_path):
    explorer, states, _, _ = cascade_check
    some = states[:40:4] + states[500:510]
    js = run_js(joined(PARTS), cascade_payload(explorer, some), tmp_path)["cascade"]
    monkeypatch.setattr(systemic, "ILLUSTRATIVE", "Illustrative model: levels are relative to healthy values.")
    edited = CascadeExplorer(catalogue=catalogue)
    assert compare(python_cascade(edited, some), js, some)
    monkeypatch.undo()

    def half_activation_one_percent_higher(self, active):
        a = np.maximum(np.asarray(active, dtype=float), 0.0)
        return a / (a + 1.01 * self.constants.cascade_tlr4_half_activation)

    monkeypatch.setattr(CascadeModel, "_activation", half_activation_one_percent_higher)
    assert compare(python_cascade(CascadeExplorer(catalogue=catalogue), some), js, some)
