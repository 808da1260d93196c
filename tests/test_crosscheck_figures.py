"""Chapter 1's sieving figure computed in the page (``_esm/figures/barrier.js``) against Python's
(``views/sieving_plot.py``'s data path into ``figures/barrier.py: sieving_figure``), under Node, on
seeded random lever states (range edges included) in both themes: every number within 1e-9
relative (the same formulas, rounded the same way), every string exact. A separate file from
tests/test_crosscheck.py (which checks the models) so the figure's check can grow on its own."""

from __future__ import annotations

import json
import math
import random
import subprocess

import pytest

from gutwidgets.models.constants import BARRIER_PARTS, browser_constants, model_from_data
from gutwidgets.views.sieving_plot import SievingPlot, sieving_inputs

from .test_crosscheck import NODE, barrier_states, differences, joined

pytestmark = pytest.mark.browser  # runs Node

PARTS = (*BARRIER_PARTS, "figures/common.js", "figures/barrier.js")
STATES = 300

SCRIPT = """
import { readFileSync } from "node:fs";
const m = await import(process.argv[1]);
const input = JSON.parse(readFileSync(0, "utf8"));
const out = input.states.map(({ theme, ...levers }) =>
  m.sievingModelFigure(new m.BarrierModel(input.constants, levers), input.inputs, theme));
process.stdout.write(JSON.stringify(out));
"""


def python_figure(catalogue, state: dict) -> dict:
    model = model_from_data(catalogue)
    theme = state.get("theme", "default")
    model.set(**{k: v for k, v in state.items() if k != "theme"})
    plot = SievingPlot(theme=theme)
    plot.show_model(model, list(catalogue.probes.values()), catalogue)
    return json.loads(json.dumps(plot.figure))


def js_figures(source: str, catalogue, states: list[dict], tmp_path) -> list[dict]:
    assert NODE is not None, "node is not on PATH"
    module = tmp_path / "figure.mjs"
    module.write_text(source, encoding="utf-8")
    payload = {"constants": browser_constants(catalogue), "inputs": sieving_inputs(catalogue), "states": states}
    done = subprocess.run([NODE, "--input-type=module", "-e", SCRIPT, module.as_uri()], input=json.dumps(payload),
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def figure_states(n: int) -> list[dict]:
    rnd = random.Random(16)
    states = []
    for s in barrier_states(n):
        s = {k: v for k, v in s.items() if k in ("pore_level", "leak_level", "damaged_fraction")}
        states.append({**s, "theme": rnd.choice(["default", "projector"])})
    return states


def as_js(node: object) -> object:
    """Numbers as JavaScript has them (no int/float distinction): every int a float."""
    if isinstance(node, dict):
        return {k: as_js(v) for k, v in node.items()}
    if isinstance(node, list):
        return [as_js(v) for v in node]
    return float(node) if isinstance(node, int) and not isinstance(node, bool) else node


def _last_digit(d: str) -> bool:
    """A difference of one unit in the 4th significant figure: both sides round (figures' clean) a
    model value that agrees within 1e-9, and it lay on the rounding boundary."""
    try:
        a, b = (float(x) for x in d.split(": ", 1)[1].split(" (")[0].split(" != "))
    except ValueError:
        return False
    unit = 10.0 ** (math.floor(math.log10(max(abs(a), abs(b)))) - 3)
    return abs(a - b) <= unit * (1 + 1e-9)


def compare(catalogue, states, figures, boundary: list | None = None) -> list[str]:
    found = []
    for state, js in zip(states, figures):
        for d in differences(as_js(python_figure(catalogue, state)), as_js(js)):
            if boundary is not None and _last_digit(d):
                boundary.append(d)
            else:
                found.append(f"{state}{d}")
    return found


def test_page_sieving_figure_agrees_with_python(catalogue, tmp_path):
    states = figure_states(STATES)
    assert any(s["damaged_fraction"] == 0 for s in states) and any(s["damaged_fraction"] > 0 for s in states)
    boundary: list[str] = []
    found = compare(catalogue, states, js_figures(joined(PARTS), catalogue, states, tmp_path), boundary)
    assert not found, f"{len(found)} differences, e.g.:\n" + "\n".join(found[:20])
    # Rounding-boundary cases (one unit in the 4th figure) stay rare: at most 1 in 10,000 numbers
    # (about 1,000 numbers per figure).
    assert len(boundary) <= STATES * 1000 // 10_000, boundary


@pytest.mark.parametrize(("part", "old", "new"), [
    ("figures/barrier.js", '"Cannot cross in this state: "', '"Cannot pass in this state: "'),  # a string
    ("figures/barrier.js", "width * 0.6", "width * 0.61"),  # a number
    ("figures/common.js", "Math.floor(Math.log10(safe)) - 3", "Math.floor(Math.log10(safe)) - 4"),  # the rounding
    ("figures/common.js", "legend: { orientation", "legend: { yanchor: 'top', orientation"),  # shared layout
])
def test_the_figure_check_fails_when_the_browser_side_changes_alone(catalogue, tmp_path, part, old, new):
    states = figure_states(20)
    source = joined(PARTS, {part: (old, new)})
    assert compare(catalogue, states, js_figures(source, catalogue, states, tmp_path))


def test_the_figure_check_fails_when_python_changes_alone(catalogue, tmp_path, monkeypatch):
    from gutwidgets.figures import barrier as figures_barrier
    states = figure_states(10)
    figures = js_figures(joined(PARTS), catalogue, states, tmp_path)
    assert not compare(catalogue, states, figures)
    original = figures_barrier.base_layout
    monkeypatch.setattr(figures_barrier, "base_layout", lambda *a, **k: {**original(*a, **k), "height": 1})
    assert compare(catalogue, states, figures)
