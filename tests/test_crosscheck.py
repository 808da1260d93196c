"""The browser models of chapters 1 and 2 against the Python models, under Node.

The dashboards compute in the page with ES modules (``views/_esm/lib/pyformat.js`` and
``views/_esm/models/*.js``) fed the constants :func:`gutwidgets.models.constants.browser_constants`
builds from ``data/``; the Python models stay the reference. Here the browser models run under Node
(``tests/crosscheck_harness.mjs``, one process per dashboard, JSON in and out) on seeded random
states, range edges included, and every number and every sentence is compared with Python's:

- numbers: relative difference at most :data:`SAME_FORMULA` (1e-9). Every output is the same formula
  on both sides, and root finding (the equivalent pore radius, and through it chapter 2's calcium
  calibration) is the same algorithm too: ``findRoot`` is ``_solve.find_root``'s Illinois method step
  for step, so no output needs the 1e-6 that a different algorithm would (the two sides differ only
  in the last bits of ``pow`` and ``log``; :func:`test_the_largest_difference_is_rounding` shows how
  small the largest difference is);
- sentences, error messages, formatted numbers: exactly equal.

The check fails when one side changes alone: see the ``*_alone_*`` tests. Needs Node (browser marker).
"""

from __future__ import annotations

import dataclasses
import importlib
import itertools
import json
import math
import random
import re
import shutil
import struct
import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from gutwidgets.models import junction as junction_module
from gutwidgets.models._solve import find_root
from gutwidgets.models.barrier import LEVERS, PARAMETER_RANGES, BarrierConstants, BarrierModel
from gutwidgets.models.constants import (
    BARRIER_PARTS,
    JUNCTION_PARTS,
    browser_constants,
    junction_from_data,
    model_from_data,
)
from gutwidgets.models.hindrance import (
    dechadilok_deen,
    equivalent_pore_radius,
    hindrance,
    pore_ratio,
    renkin,
    stokes_einstein,
)
from gutwidgets.models.junction import (
    ION_RATIO_RECORD,
    JUNCTION_LEVERS,
    TISSUES,
    JunctionConstants,
    JunctionModel,
    dashboard_sentence,
)

from .conftest import ROOT

pytestmark = pytest.mark.browser  # runs Node

#: The module (``gutwidgets.models.hindrance`` the attribute is the function of that name).
hindrance_module = importlib.import_module("gutwidgets.models.hindrance")

ESM_DIR = ROOT / "gutwidgets" / "views" / "_esm"
HARNESS = Path(__file__).with_name("crosscheck_harness.mjs")
NODE = shutil.which("node")

#: Relative tolerance where both sides use the same formula (here: every output, see the docstring).
SAME_FORMULA = 1e-9
#: States compared per dashboard (besides the range edges).
STATES = 1000
#: Control events per dashboard in the fuzz test.
EVENTS = 1000
SEED = 16


# -- running the browser side ---------------------------------------------------------------------

def joined(parts: tuple[str, ...], edits: dict[str, tuple[str, str]] | None = None) -> str:
    """The parts joined as a widget joins them; ``edits``: part -> (old, new) text replaced in it."""
    texts = []
    for part in parts:
        text = (ESM_DIR / part).read_text(encoding="utf-8")
        if edits and part in edits:
            old, new = edits[part]
            assert old in text, f"{old!r} is not in {part}"
            text = text.replace(old, new)
        texts.append(text)
    return "\n".join(texts)


def encode(node: object) -> object:
    """Plain JSON: numpy to lists and floats, tuples to lists, non-finite floats as {"$float": ...}."""
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        node = dataclasses.asdict(node)
    if isinstance(node, dict):
        return {str(k): encode(v) for k, v in node.items()}
    if isinstance(node, np.ndarray):
        return encode(node.tolist())
    if isinstance(node, (list, tuple)):
        return [encode(v) for v in node]
    if isinstance(node, (bool, np.bool_)):
        return bool(node)
    if isinstance(node, (int, float, np.floating, np.integer)):
        v = float(node)
        if math.isnan(v):
            return {"$float": "nan"}
        if math.isinf(v):
            return {"$float": "inf" if v > 0 else "-inf"}
        return v
    return node


def run_node(source: str, payload: dict, tmp_path: Path) -> object:
    """Run the harness on the joined module ``source`` with ``payload`` (a mode and its input)."""
    if NODE is None:
        raise AssertionError("node is not on PATH (the cross-check runs the browser models under Node.js)")
    module = tmp_path / "models.mjs"
    module.write_text(source, encoding="utf-8")
    done = subprocess.run([NODE, str(HARNESS), str(module)], input=json.dumps(encode(payload), allow_nan=False),
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# -- comparing --------------------------------------------------------------------------------------

def differences(py: object, js: object, path: str = "", rel: float = SAME_FORMULA) -> list[str]:
    """Where the two sides differ: numbers beyond ``rel`` (relative), anything else when not equal."""
    if isinstance(py, dict) and "$float" not in py:
        if not isinstance(js, dict) or set(py) != set(js):
            return [f"{path}: keys {sorted(py)} != {sorted(js) if isinstance(js, dict) else js!r}"]
        return [d for k in py for d in differences(py[k], js[k], f"{path}.{k}", rel)]
    if isinstance(py, list):
        if not isinstance(js, list) or len(py) != len(js):
            return [f"{path}: {py!r} != {js!r}"]
        return [d for i, (a, b) in enumerate(zip(py, js)) for d in differences(a, b, f"{path}[{i}]", rel)]
    if isinstance(py, bool) or isinstance(js, bool) or isinstance(py, (str, dict)) or py is None:
        return [] if py == js and type(py) is type(js) else [f"{path}: {py!r} != {js!r}"]
    if isinstance(py, float) and isinstance(js, (int, float)):
        if py == js or abs(py - js) <= rel * max(abs(py), abs(js)):
            return []
        return [f"{path}: {py!r} != {js!r} (relative difference {abs(py - js) / max(abs(py), abs(js)):.3g})"]
    return [f"{path}: {py!r} != {js!r}"]


def largest_difference(py: object, js: object) -> float:
    if isinstance(py, dict) and "$float" not in py:
        return max((largest_difference(py[k], js[k]) for k in py), default=0.0)
    if isinstance(py, list):
        return max((largest_difference(a, b) for a, b in zip(py, js)), default=0.0)
    if isinstance(py, float) and not isinstance(py, bool) and py != js:
        return abs(py - js) / max(abs(py), abs(js))
    return 0.0


def assert_same(py: list, js: list, labels: list[str]) -> None:
    found = [f"{label}{d}" for p, j, label in zip(py, js, labels) for d in differences(p, j)]
    assert not found, f"{len(found)} differences between Python and the browser models, e.g.:\n" + "\n".join(found[:25])


# -- the Python side's outputs (the harness computes the same keys) ------------------------------------

def barrier_outputs(model: BarrierModel, radii: list[float], ratio_range: tuple[float, float]) -> dict:
    low, high = ratio_range
    return encode({
        "scale": model._scale,
        "ion_leak": model._ion_leak,
        "ion_unrestricted": model._ion_unrestricted,
        "formula_pore_ion_ratio": model.formula_pore_ion_ratio,
        "route_permeabilities": model.route_permeabilities(radii),
        "permeability": model.permeability(radii),
        "permeability_one": model.permeability(radii[0]),
        "route_shares": model.route_shares(radii),
        "route_shares_one": model.route_shares(radii[0]),
        "beyond_validity": model.beyond_validity(radii),
        "lm_ratio": model.lm_ratio(),
        "ion_permeabilities": model.ion_permeabilities(),
        "ion_permeabilities_low": model.ion_permeabilities(low),
        "ion_conductance": [model.ion_conductance(), model.ion_conductance(low), model.ion_conductance(high)],
        "ion_shares": model.ion_shares(),
        "ion_shares_high": model.ion_shares(high),
        "state": model.state(),
        "summary": model.summary(),
    })


def junction_outputs(model: JunctionModel, radii: list[float], ratio_range: tuple[float, float]) -> dict:
    low, high = ratio_range
    return encode({
        "calcium_full": [model._calcium_pore_full, model._calcium_leak_full],
        "tnf_response": model.tnf_response(),
        "calcium_factors": model.calcium_factors(),
        "ion_factor": model.ion_factor(),
        "tnf_leak_factor": model.tnf_leak_factor(),
        "route_levels": model.route_levels(),
        "barrier_levels": [model.barrier.pore_level, model.barrier.leak_level],
        "conductance": [model.conductance(), model.conductance(low), model.conductance(high)],
        "teer": {t: model.teer(t) for t in TISSUES},
        "teer_here": [model.teer(), model.teer(ratio=low), model.teer(ratio=high)],
        "teer_fall": [model.teer_fall(), model.teer_fall(low), model.teer_fall(high)],
        "teer_fall_span": model.teer_fall_span(low, high),
        "lm_ratio": model.barrier.lm_ratio(),
        "permeability": model.barrier.permeability(radii),
        "ion_shares": model.barrier.ion_shares(),
        "summary": model.summary(),
        "sentence": dashboard_sentence(model, ratio_range),
    })


# -- inputs -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def constants(catalogue) -> dict:
    return browser_constants(catalogue)


@pytest.fixture(scope="module")
def radii(catalogue) -> list[float]:
    """Every probe's radius, both route radii, the radii where lambda crosses 0.4, 0.95 and 1, and a log grid."""
    bc = model_from_data(catalogue).constants
    special = [bc.pore_radius, bc.leak_radius, bc.mannitol, bc.lactulose, bc.water]
    for r in (bc.pore_radius, bc.leak_radius):
        special += [r * f for f in (0.4, 0.95, 0.9500001, 0.99999, 1.0000001)]
    grid = np.geomspace(0.5, 1.0e4, 60).tolist()
    return [float(p.value) for p in catalogue.probes.values()] + special + grid


@pytest.fixture(scope="module")
def ratio_range(catalogue) -> tuple[float, float]:
    low, high = catalogue.fact(ION_RATIO_RECORD).range
    return float(low), float(high)


def _draw(rnd: random.Random, low: float, high: float, step: float, scale: str) -> float:
    """A lever value: an end of its range (often), a slider step, or anywhere (log-uniform on a log lever)."""
    roll = rnd.random()
    if roll < 0.1:
        return float(low)
    if roll < 0.2:
        return float(high)
    if scale == "log":
        value = 10 ** rnd.uniform(math.log10(low), math.log10(high))
        if rnd.random() < 0.3:  # a log slider's value: 10 ** (k * step)
            value = 10 ** (round(math.log10(value) / step) * step)
    else:
        value = rnd.uniform(low, high)
        if rnd.random() < 0.3:  # a linear slider's value: k * step
            value = round(value / step) * step
    return float(min(max(value, low), high))


def barrier_states(n: int, seed: int = SEED) -> list[dict]:
    """Chapter 1: every lever at each end of its slider and of the model's range, the corners, then random."""
    methods = ("dechadilok-deen", "renkin")
    healthy = BarrierModel.HEALTHY
    states = []
    for method in methods:
        for corner in itertools.product(*[(lv.low, lv.high) for lv in LEVERS.values()]):
            states.append({"method": method, **dict(zip(LEVERS, map(float, corner)))})
        for name in LEVERS:
            for value in (LEVERS[name].low, LEVERS[name].high, *PARAMETER_RANGES[name][:2]):
                states.append({"method": method, **healthy, name: float(value)})
        states.append({"method": method, **dict.fromkeys(LEVERS, 0.0)})  # sealed
    rnd = random.Random(seed)
    for _ in range(n):
        state: dict[str, object] = {"method": rnd.choice(methods)}
        for name, lv in LEVERS.items():
            if rnd.random() < 0.1:  # the model's full range, beyond the slider
                low, high = PARAMETER_RANGES[name][:2]
                state[name] = _draw(rnd, max(low, 1e-3), high, lv.step, lv.scale) if rnd.random() < 0.9 else 0.0
            elif rnd.random() < 0.1:
                state[name] = float(healthy[name])
            else:
                state[name] = _draw(rnd, lv.low, lv.high, lv.step, lv.scale)
        states.append(state)
    return states


def junction_states(n: int, seed: int = SEED) -> list[dict]:
    """Chapter 2: every lever at each end, each switch and tissue, the corners, then random."""
    methods = ("dechadilok-deen", "renkin")
    defaults = JunctionModel.DEFAULTS
    states = []
    for corner in itertools.product(*[(lv.low, lv.high) for lv in JUNCTION_LEVERS.values()], (False, True)):
        *levels, primed = corner
        states.append({"method": methods[0], "tissue": "caco2", **dict(zip(JUNCTION_LEVERS, map(float, levels))),
                       "ifn_gamma_primed": primed, "zonulin": primed})
    for name, lv in JUNCTION_LEVERS.items():
        for value in (lv.low, lv.high):
            for tissue, method in itertools.product(TISSUES, methods):
                states.append({"method": method, "tissue": tissue, **defaults, name: float(value)})
    states.append({"method": methods[0], "tissue": "caco2", **defaults, "ifn_gamma_primed": True})  # the hint
    rnd = random.Random(seed)
    for _ in range(n):
        state: dict[str, object] = {"method": rnd.choice(methods), "tissue": rnd.choice(list(TISSUES))}
        for name, lv in JUNCTION_LEVERS.items():
            state[name] = float(defaults[name]) if rnd.random() < 0.1 else _draw(rnd, lv.low, lv.high, lv.step,
                                                                                   lv.scale)
        state["ifn_gamma_primed"] = rnd.random() < 0.5
        state["zonulin"] = rnd.random() < 0.3
        states.append(state)
    return states


def python_barrier(state: dict, bc: BarrierConstants) -> BarrierModel:
    levers = {k: v for k, v in state.items() if k != "method"}
    return BarrierModel(constants=bc, method=state["method"], **levers)


def python_junction(state: dict, jc: JunctionConstants, bc: BarrierConstants) -> JunctionModel:
    levers = {k: v for k, v in state.items() if k not in ("method", "tissue")}
    return JunctionModel(constants=jc, barrier=BarrierModel(constants=bc, method=state["method"]),
                         tissue=state["tissue"], **levers)


@pytest.fixture(scope="module")
def reference(catalogue):
    junction = junction_from_data(catalogue)
    return junction.constants, junction.barrier.constants


def _label(state: dict) -> str:
    return "{" + ", ".join(f"{k}={v!r}" for k, v in state.items()) + "} "


def barrier_check(constants, reference, radii, ratio_range, tmp_path, states, source=None) -> tuple[list, list]:
    _, bc = reference
    py = [barrier_outputs(python_barrier(s, bc), radii, ratio_range) for s in states]
    js = run_node(source or joined(BARRIER_PARTS), {"mode": "barrier", "constants": constants, "states": states,
                                                     "radii": radii, "ratio_range": ratio_range}, tmp_path)
    return py, js


def junction_check(constants, reference, radii, ratio_range, tmp_path, states, source=None) -> tuple[list, list]:
    jc, bc = reference
    py = [junction_outputs(python_junction(s, jc, bc), radii, ratio_range) for s in states]
    js = run_node(source or joined(JUNCTION_PARTS), {"mode": "junction", "constants": constants, "states": states,
                                                      "radii": radii, "ratio_range": ratio_range}, tmp_path)
    return py, js


# -- the constants ------------------------------------------------------------------------------------

def test_browser_constants_are_the_models_constants_as_plain_json(catalogue, constants):
    junction = junction_from_data(catalogue)
    assert constants["barrier"] == dataclasses.asdict(junction.barrier.constants)
    assert constants["junction"] == dataclasses.asdict(junction.constants)
    assert constants["barrier"] == {rid: catalogue.fact(rid).value for rid in BarrierConstants.FACT_IDS}
    assert constants["junction"] == {rid: catalogue.fact(rid).value for rid in JunctionConstants.FACT_IDS}
    assert constants["ranges"][ION_RATIO_RECORD] == list(catalogue.fact(ION_RATIO_RECORD).range)
    assert constants["barrier_levers"]["leak_level"]["low"] == LEVERS["leak_level"].low
    assert constants["junction_levers"]["tnf"]["high"] == JUNCTION_LEVERS["tnf"].high
    assert list(constants["tissues"]) == list(TISSUES)
    assert json.loads(json.dumps(constants, allow_nan=False)) == constants


def test_views_build_their_models_with_the_same_factories():
    from gutwidgets.views import explorer, junction

    assert explorer.model_from_data is model_from_data
    assert junction.junction_from_data is junction_from_data


def test_browser_models_are_parts_with_no_imports_and_no_dom():
    for part in JUNCTION_PARTS:
        text = (ESM_DIR / part).read_text(encoding="utf-8")
        assert not re.search(r"^\s*import\b", text, re.M), f"{part} imports: a part may not"
        assert not re.search(r"\b(document|window|globalThis|requestAnimationFrame)\b", text), f"{part} uses the DOM"


# -- pyformat.js ---------------------------------------------------------------------------------------

FORMAT_SPECS = ["", "g", ".2g", ".3g", ".4g", ".1g", ".0%", ".2%", ".1%", ",.0f", ".0f", ".1f", ".2f", ".3f",
                ".5f", ",.2f", ".3e", ",g"]
EDGE_VALUES = [0.0, -0.0, 1.0, -1.0, 1e-5, 0.005, 0.0149999, 0.015, 0.045, 0.125, 0.375, 0.5, 1.5, 2.5, 2.675,
               0.995, 0.9949999, 9.995, 99.5, 99.95, 999.5, 1234.5, 1e5, 1e15, 1e16, 1.5e16, 123456789.0, 1e-4,
               9.9999e-5, 0.00095, 1 / 3, 2 / 3, 100.0, 5e-324, 1.7976931348623157e308, math.inf, -math.inf,
               math.nan]


def format_values(n: int, seed: int = SEED) -> list[float]:
    rnd = random.Random(seed)
    values = list(EDGE_VALUES)
    for _ in range(n):
        values.append(rnd.uniform(-1, 1) * 10 ** rnd.uniform(-8, 8))
        values.append(round(rnd.uniform(0, 100), rnd.randint(0, 4)))
        values.append(rnd.randint(0, 2000) / 8 * 10 ** rnd.randint(-4, 2))  # exact binary ties
        bits = struct.unpack("d", struct.pack("Q", rnd.getrandbits(64)))[0]
        if math.isfinite(bits):
            values.append(bits)
    return values


def test_pyformat_writes_numbers_as_python_does(tmp_path):
    values = format_values(1500)
    reprs = [*values[:300], "abc", "it's", 'say "x"', "a\\b\nc", "", True, False, None, [1.0, -2.5, "x"], [],
             {"pore": 1.0}]
    got = run_node(joined(("lib/pyformat.js",)), {"mode": "format", "values": values, "specs": FORMAT_SPECS,
                                                  "reprs": reprs}, tmp_path)
    wrong = [(v, s, format(v, s), g) for v, row in zip(values, got["formatted"])
             for s, g in zip(FORMAT_SPECS, row) if format(v, s) != g]
    assert len(got["formatted"]) * len(FORMAT_SPECS) > 100_000
    assert not wrong, f"{len(wrong)} of {len(values) * len(FORMAT_SPECS)} differ, e.g. {wrong[:10]}"
    assert got["repr"] == [repr(v) for v in reprs]


def test_pyformat_refuses_a_spec_it_does_not_know(tmp_path):
    source = joined(("lib/pyformat.js",)) + "\n" + "\n".join([
        'const bad = [];',
        'for (const spec of [">10", "+g", ".2x", "#g", ".3"]) {',
        '  try { pyFormat(1.5, spec); } catch (error) { bad.push(error.message); }',
        '}',
        'console.log(JSON.stringify(bad));',
    ])
    module = tmp_path / "spec.mjs"
    module.write_text(source, encoding="utf-8")
    done = subprocess.run([NODE or "node", str(module)], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 5


# -- hindrance.js ---------------------------------------------------------------------------------------

def test_hindrance_functions_agree(tmp_path):
    rnd = random.Random(SEED)
    lams = [0.0, 1e-12, 0.4, 0.95, 0.9500001, 0.99, 0.999999, 1.0, 1.2, 50.0,
            *(rnd.uniform(0, 1.1) for _ in range(2000)), *(10 ** rnd.uniform(-8, 0) for _ in range(500))]
    radii = [10 ** rnd.uniform(-2, 4) for _ in range(500)]
    stokes = (310.15, 0.69e-3)
    methods = ("renkin", "dechadilok-deen")
    triples = []
    for _ in range(1000):
        small = 10 ** rnd.uniform(-0.5, 1.5)
        triples.append([10 ** rnd.uniform(-0.5, 3), small, small * rnd.uniform(1.001, 5), rnd.choice(methods)])
    equivalent = []
    for _ in range(300):
        small = rnd.uniform(1, 10)
        large = small * rnd.uniform(1.01, 3)
        equivalent.append([rnd.uniform(1e-6, 0.999) * small / large, small, large, rnd.choice(methods)])
    py = encode({
        "renkin": renkin(lams),
        "dechadilok_deen": dechadilok_deen(lams),
        "renkin_one": [renkin(v) for v in lams],
        "stokes_einstein": stokes_einstein(radii, *stokes),
        "pore_ratio": [pore_ratio(*t) for t in triples],
        "equivalent_pore_radius": [equivalent_pore_radius(*e) for e in equivalent],
    })
    js = run_node(joined(BARRIER_PARTS), {"mode": "hindrance", "lams": lams, "radii": radii, "stokes": stokes,
                                          "pore_ratio": triples, "equivalent": equivalent}, tmp_path)
    found = differences(py, js)
    assert not found, "\n".join(found[:25])


# -- the dashboards -----------------------------------------------------------------------------------

def test_chapter1_barrier_model_agrees(constants, reference, radii, ratio_range, tmp_path):
    states = barrier_states(STATES)
    assert len(states) >= STATES
    py, js = barrier_check(constants, reference, radii, ratio_range, tmp_path, states)
    assert len(js) == len(states)
    assert_same(py, js, [_label(s) for s in states])
    sentences = {o["summary"] for o in py}
    assert len(sentences) > STATES / 2, "the states should give many different sentences"
    # (mannitol crosses wherever lactulose does, so "undefined" cannot come up)
    for phrase in ("sealed", "closed", "reduced", "normal", "greatly raised", "% of the surface", "times the healthy",
                   "of the healthy value", "about the same"):
        assert any(phrase in s for s in sentences), f"no state gives a sentence with {phrase!r}"


def test_chapter2_junction_model_agrees(constants, reference, radii, ratio_range, tmp_path):
    states = junction_states(STATES)
    py, js = junction_check(constants, reference, radii, ratio_range, tmp_path, states)
    assert len(js) == len(states)
    assert_same(py, js, [_label(s) for s in states])
    sentences = [o["sentence"] for o in py]
    for phrase in ("uncertain", "beyond the model's limit", "Cells primed with IFN-gamma", "has no limit",
                   "on primed cells", "without IFN-gamma", "Zonulin", "above healthy"):
        assert any(phrase in s for s in sentences), f"no state gives a sentence with {phrase!r}"


def test_the_largest_difference_is_rounding(constants, reference, radii, ratio_range, tmp_path):
    # The two sides round differently only in the last bit of pow and log (numpy's vectorised loops,
    # V8's fdlibm). Cancellation magnifies that where a result is much smaller than its terms: the
    # Dechadilok-Deen polynomial at mannitol in the pore (lambda 0.9: terms of order 1, sum near 1e-5),
    # which scales every permeability, and the fall 1 - 1/g near g = 1; so about 1e-11 at worst, a
    # hundred times below SAME_FORMULA. An algorithm that differed would show far more.
    states = junction_states(200, seed=SEED + 1)
    py, js = junction_check(constants, reference, radii, ratio_range, tmp_path, states)
    worst = max(largest_difference(p, j) for p, j in zip(py, js))
    assert 0 < worst < 1e-10, f"largest relative difference {worst:.3g}"


# -- the check fails when one side changes alone ------------------------------------------------------

def test_the_check_fails_when_a_browser_constant_changes_alone(constants, reference, radii, ratio_range,
                                                                tmp_path):
    changed = json.loads(json.dumps(constants))
    changed["barrier"]["healthy_lm_ratio"] *= 1.0001
    states = barrier_states(20)
    py, js = barrier_check(changed, reference, radii, ratio_range, tmp_path, states)
    found = [d for p, j in zip(py, js) for d in differences(p, j)]
    assert any(d.startswith(".scale.leak") for d in found), found[:5]
    assert any(d.startswith(".lm_ratio") for d in found), found[:5]


def test_the_check_fails_when_the_browser_formula_changes_alone(constants, reference, radii, ratio_range,
                                                                tmp_path):
    source = joined(BARRIER_PARTS, {"models/hindrance.js": ("- 2.104 * lam", "- 2.105 * lam")})
    states = [s for s in barrier_states(40) if s["method"] == "renkin"]
    py, js = barrier_check(constants, reference, radii, ratio_range, tmp_path, states, source=source)
    found = [d for p, j in zip(py, js) for d in differences(p, j)]
    assert any(d.startswith(".route_permeabilities.pore") for d in found), found[:5]


def test_the_check_fails_when_the_browser_sentence_changes_alone(constants, reference, radii, ratio_range,
                                                                 tmp_path):
    source = joined(JUNCTION_PARTS, {"models/junction.js": ("} below healthy`", "} under healthy`")})
    states = junction_states(20)
    py, js = junction_check(constants, reference, radii, ratio_range, tmp_path, states, source=source)
    found = [d for p, j in zip(py, js) for d in differences(p, j)]
    assert any(d.startswith(".sentence") for d in found) and any(d.startswith(".summary") for d in found)
    assert not [d for d in found if not d.startswith((".sentence", ".summary"))], "only the words changed"


def test_the_check_fails_when_python_changes_alone(constants, reference, radii, ratio_range, tmp_path,
                                                   monkeypatch):
    monkeypatch.setattr(hindrance_module, "_DD", (-1.56035, *hindrance_module._DD[1:]))
    monkeypatch.setattr(junction_module, "_pct", lambda fall: f"{fall:.1%} lower")
    states = junction_states(30)
    py, js = junction_check(constants, reference, radii, ratio_range, tmp_path, states)
    found = [d for p, j in zip(py, js) for d in differences(p, j)]
    assert any(d.startswith(".calcium_full") for d in found), found[:5]
    assert any(d.startswith(".sentence") and "uncertain" in d for d in found), found[:5]


# -- bad input ---------------------------------------------------------------------------------------

NAN = math.nan

#: (call, args): the harness's CALLS and, below, the Python calls they stand for.
BAD_INPUT = [
    ("renkin", [-0.1]), ("renkin", [[0.1, -1.0]]), ("renkin", [NAN]), ("dechadilok_deen", [math.inf]),
    ("hindrance", [0.5, "deen"]),
    ("stokes_einstein", [-1.0, 310.0, 1e-3]), ("stokes_einstein", [[1.0, 0.0], 310.0, 1e-3]),
    ("stokes_einstein", [1.0, 0.0, 1e-3]), ("stokes_einstein", [1.0, 310.0, NAN]),
    ("pore_ratio", [0.0, 3.6, 4.8]), ("pore_ratio", [10.0, 4.8, 3.6]), ("pore_ratio", [10.0, NAN, 4.8]),
    ("pore_ratio", [10.0, 3.6, 4.8, "sieve"]),
    ("equivalent_pore_radius", [0.9, 3.6, 4.8]), ("equivalent_pore_radius", [0.0, 3.6, 4.8]),
    ("equivalent_pore_radius", [NAN, 3.6, 4.8]),
    ("find_root", ["flat", 0.0, 1.0]), ("find_root", ["inf", 0.5, 2.0]),
    ("barrier", [{"pore_level": -1.0}]), ("barrier", [{"leak_level": 2e5}]), ("barrier", [{"damaged_fraction": NAN}]),
    ("barrier", [{"pore_level": "2"}]), ("barrier", [{"pore_level": True}]), ("barrier", [{"leak_level": None}]),
    ("barrier", [{"method": "stokes"}]),
    ("barrier_set", [{"pore": 1.0, "leak": 2.0}]), ("barrier_set", [{"leak_level": -1.0}]),
    ("barrier_constants", [{"water": 4.0}]), ("barrier_constants", [{"mannitol": -1.0}]),
    ("barrier_constants", [{"nsaid_ratio_rise": 0.5}]), ("barrier_constants", [{"nsaid_damaged_fraction": 1.5}]),
    ("barrier_constants", [{"small_ion_mannitol_ratio": 0.01}]), ("barrier_constants", [{"healthy_lm_ratio": 0.5}]),
    ("route_permeabilities", [[]]), ("route_permeabilities", [[0.0]]), ("route_permeabilities", [[2e4]]),
    ("route_permeabilities", [[1.0, NAN]]), ("route_permeabilities", [-3.0]), ("route_permeabilities", [["a"]]),
    ("beyond_validity", [[]]),
    ("ion_conductance", [0.05]), ("ion_conductance", [-1.0]), ("ion_conductance", ["x"]),
    ("junction", [{"claudin2": 6.0}]), ("junction", [{"tnf": -1.0}]), ("junction", [{"ifn_gamma_primed": 1.0}]),
    ("junction", [{"zonulin": "yes"}]), ("junction", [{"tissue": "ileum"}]), ("junction", [{"zinc": 1.0}]),
    ("junction", [{"mlck": None}]),
    ("junction_set", [{"calcium_removed": 1.5}]),
    ("junction_constants", [{"tnf_teer_fall_ht29": 1.0}]), ("junction_constants", [{"calcium_pore_widening": 1.0}]),
    ("junction_constants", [{"caco2_teer": 0.0}]), ("junction_constants", [{"calcium_pore_widening": 40.0}]),
    ("teer", ["ileum", None]), ("teer", ["caco2", 0.09]),
]


def python_calls(bc: BarrierConstants, jc: JunctionConstants) -> dict[str, Callable]:
    flat = {"flat": lambda x: 1.0, "line": lambda x: x, "inf": lambda x: math.inf}

    def barrier(levers: dict) -> BarrierModel:
        return BarrierModel(constants=bc, **levers)

    def junction(levers: dict) -> JunctionModel:
        method = levers.pop("method", "dechadilok-deen")
        return JunctionModel(constants=jc, barrier=BarrierModel(constants=bc, method=method), **levers)

    return {
        "renkin": renkin, "dechadilok_deen": dechadilok_deen, "hindrance": hindrance,
        "stokes_einstein": stokes_einstein, "pore_ratio": pore_ratio, "equivalent_pore_radius": equivalent_pore_radius,
        "find_root": lambda name, low, high: find_root(flat[name], low, high),
        "barrier": barrier,
        "barrier_set": lambda levers: BarrierModel(constants=bc).set(**levers),
        "barrier_constants": lambda changes: BarrierModel(constants=dataclasses.replace(bc, **changes)),
        "route_permeabilities": lambda radii: BarrierModel(constants=bc).route_permeabilities(radii),
        "beyond_validity": lambda radii: BarrierModel(constants=bc).beyond_validity(radii),
        "ion_conductance": lambda ratio: BarrierModel(constants=bc).ion_conductance(ratio),
        "junction": junction,
        "junction_set": lambda levers: JunctionModel(constants=jc, barrier=BarrierModel(constants=bc)).set(**levers),
        "junction_constants": lambda changes: JunctionModel(constants=dataclasses.replace(jc, **changes),
                                                            barrier=BarrierModel(constants=bc)),
        "teer": lambda tissue, ratio: JunctionModel(constants=jc, barrier=BarrierModel(constants=bc)).teer(tissue,
                                                                                                            ratio),
    }


def test_bad_input_gives_python_error_messages(constants, reference, tmp_path):
    jc, bc = reference
    calls = python_calls(bc, jc)
    expected = []
    for call, args in BAD_INPUT:
        with pytest.raises(ValueError) as raised:
            calls[call](*json.loads(json.dumps(args)))
        expected.append(str(raised.value))
    got = run_node(joined(JUNCTION_PARTS), {"mode": "errors", "constants": constants,
                                            "cases": [{"call": c, "args": a} for c, a in BAD_INPUT]}, tmp_path)
    wrong = [f"{call}{args!r}:\n  Python: {e}\n  browser: {g}"
             for (call, args), e, g in zip(BAD_INPUT, expected, got) if e != g]
    assert not wrong, "\n".join(wrong)


# -- fuzz: control events on the browser side ------------------------------------------------------------

def fuzz_events(dashboard: str, n: int, seed: int = SEED) -> list[dict]:
    """What a viewer does: move one or two controls (to an end, a slider step or anywhere), or press Reset."""
    rnd = random.Random(seed)
    levers = LEVERS if dashboard == "barrier" else JUNCTION_LEVERS
    events = []
    for _ in range(n):
        if rnd.random() < 0.05:
            events.append({"reset": True})
            continue
        change: dict[str, object] = {}
        for name in rnd.sample(list(levers), rnd.choice((1, 1, 2))):
            lv = levers[name]
            change[name] = _draw(rnd, lv.low, lv.high, lv.step, lv.scale)
        if dashboard == "junction":
            roll = rnd.random()
            if roll < 0.15:
                change["ifn_gamma_primed"] = rnd.random() < 0.5
            elif roll < 0.25:
                change["zonulin"] = rnd.random() < 0.5
            elif roll < 0.35:
                change["tissue"] = rnd.choice(list(TISSUES))
        events.append({"set": change})
    return events


def python_fuzz(dashboard: str, events: list[dict], reference, radii, ratio_range) -> list[dict]:
    jc, bc = reference
    model = BarrierModel(constants=bc) if dashboard == "barrier" else JunctionModel(
        constants=jc, barrier=BarrierModel(constants=bc))
    outputs = barrier_outputs if dashboard == "barrier" else junction_outputs
    results = []
    for event in events:
        if event.get("reset"):
            model.reset()
            if isinstance(model, JunctionModel):
                model.tissue = "caco2"
        else:
            levers = dict(event["set"])
            if "tissue" in levers:
                model.tissue = levers.pop("tissue")
            model.set(**levers)
        results.append({"ok": outputs(model, radii, ratio_range)})
    return results


def _non_finite(node: object, path: str = "") -> list[tuple[str, str]]:
    if isinstance(node, dict) and "$float" in node:
        return [(path, node["$float"])]
    if isinstance(node, dict):
        return [x for k, v in node.items() for x in _non_finite(v, f"{path}.{k}")]
    if isinstance(node, list):
        return [x for i, v in enumerate(node) for x in _non_finite(v, f"{path}[{i}]")]
    return []


@pytest.mark.parametrize("dashboard", ["barrier", "junction"])
def test_fuzz_browser_models_give_no_nan_infinity_or_exception(dashboard, constants, reference, radii,
                                                                ratio_range, tmp_path):
    events = fuzz_events(dashboard, EVENTS)
    got = run_node(joined(JUNCTION_PARTS), {"mode": "fuzz", "dashboard": dashboard, "events": events,
                                            "constants": constants, "radii": radii, "ratio_range": ratio_range},
                   tmp_path)
    assert len(got) == EVENTS
    errors = [(i, e["error"]) for i, e in enumerate(got) if "error" in e]
    assert not errors, f"{len(errors)} events threw, e.g. {errors[:3]}"
    expected = python_fuzz(dashboard, events, reference, radii, ratio_range)
    problems = []
    for i, (js, py) in enumerate(zip(got, expected)):
        allowed = set(_non_finite(py))  # e.g. the sealed junction's TEER: infinite in Python too
        problems += [(i, events[i], x) for x in _non_finite(js) if x not in allowed or x[1] == "nan"]
        sentence = js["ok"]["summary"] + js["ok"].get("sentence", "")
        if re.search(r"\b(inf|nan|NaN|Infinity|undefined)\b", sentence.replace("is undefined", "")):
            problems.append((i, events[i], sentence))
    assert not problems, f"{len(problems)} non-finite outputs, e.g. {problems[:3]}"
    assert_same(expected, got, [f"event {i} {e!r} " for i, e in enumerate(events)])
