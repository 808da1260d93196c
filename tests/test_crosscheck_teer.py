"""Chapter 2's TEER meter computed in the page (``_esm/figures/junction.js: teerFigure`` through
``_esm/pages/junction.js: teerMeter``) against Python's (``views/junction.py: teer_meter`` into
``figures/junction.py: teer_figure``), under Node, on seeded junction states (every lever at each
end, the sealed junction, each tissue, both hindrance methods) in both themes: every number within
1e-9 relative (the same formulas, rounded the same way), every string exact."""

from __future__ import annotations

import json
import random
import subprocess

import pytest

from gutwidgets.models.constants import JUNCTION_PARTS, browser_constants
from gutwidgets.views.junction import TEER_REFERENCES, teer_meter

from .test_crosscheck import NODE, differences, joined, junction_states, python_junction
from .test_crosscheck_figures import _last_digit, as_js

pytestmark = pytest.mark.browser  # runs Node

PARTS = (*JUNCTION_PARTS, "figures/common.js", "figures/junction.js", "pages/junction.js")
STATES = 300

SCRIPT = """
import { readFileSync } from "node:fs";
const m = await import(process.argv[1]);
const input = JSON.parse(readFileSync(0, "utf8"));
const C = input.constants;
const out = input.states.map(({ theme, method, tissue, ...levers }) => {
  const model = new m.JunctionModel(C, { barrier: new m.BarrierModel(C, { method }), tissue, ...levers });
  return m.teerMeter(model, input.ratio_range, input.references, theme, 300);
});
process.stdout.write(JSON.stringify(out));
"""


def teer_states(n: int) -> list[dict]:
    rnd = random.Random(1623)
    states = junction_states(n)
    return [{**s, "theme": rnd.choice(["default", "projector"])} for s in states]


def references(catalogue) -> list[list]:
    return [[label, catalogue.fact(rid).value] for rid, label in TEER_REFERENCES]


def ratio_range(catalogue) -> list[float]:
    return list(catalogue.fact("small_ion_mannitol_ratio").range)


def python_figures(catalogue, reference, states) -> list[dict]:
    jc, bc = reference
    refs = [tuple(r) for r in references(catalogue)]
    out = []
    for s in states:
        model = python_junction({k: v for k, v in s.items() if k != "theme"}, jc, bc)
        out.append(json.loads(json.dumps(teer_meter(model, tuple(ratio_range(catalogue)), refs, s["theme"]))))
    return out


def js_figures(source: str, catalogue, states, tmp_path) -> list[dict]:
    assert NODE is not None, "node is not on PATH"
    module = tmp_path / "teer.mjs"
    module.write_text(source, encoding="utf-8")
    payload = {"constants": browser_constants(catalogue), "states": states, "references": references(catalogue),
               "ratio_range": ratio_range(catalogue)}
    done = subprocess.run([NODE, "--input-type=module", "-e", SCRIPT, module.as_uri()], input=json.dumps(payload),
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def compare(py: list[dict], js: list[dict], states: list[dict], boundary: list | None = None) -> list[str]:
    found = []
    for state, a, b in zip(states, py, js):
        for d in differences(as_js(a), as_js(b)):
            if boundary is not None and _last_digit(d):
                boundary.append(d)
            else:
                found.append(f"{state}{d}")
    return found


@pytest.fixture(scope="module")
def reference(catalogue):
    from gutwidgets.models.constants import junction_from_data
    junction = junction_from_data(catalogue)
    return junction.constants, junction.barrier.constants


def test_page_teer_figure_agrees_with_python(catalogue, reference, tmp_path):
    states = teer_states(STATES)
    py = python_figures(catalogue, reference, states)
    # The states reach the sealed junction (no finite resistance) and the top of the axis.
    assert any(f["data"][2]["x"][0] == 3000.0 for f in py)
    assert {s["tissue"] for s in states} == {"caco2", "jejunum", "distal_colon"}
    boundary: list[str] = []
    found = compare(py, js_figures(joined(PARTS), catalogue, states, tmp_path), states, boundary)
    assert not found, f"{len(found)} differences, e.g.:\n" + "\n".join(found[:20])
    assert len(boundary) <= len(states) * 40 // 10_000, boundary


@pytest.mark.parametrize(("part", "old", "new"), [
    ("figures/junction.js", '"%{y}: %{x:.3g} Ω·cm²<extra></extra>"', '"%{y}: %{x:.2g} Ω·cm²<extra></extra>"'),
    ("figures/junction.js", "Math.min(lo, values[0])", "Math.min(hi, values[0])"),
    ("pages/junction.js", "model.teer(undefined, ratioRange[1])", "model.teer(undefined, ratioRange[0])"),
    ("figures/common.js", "paper_bgcolor: \"white\"", "paper_bgcolor: \"#fff\""),
])
def test_the_teer_check_fails_when_the_browser_side_changes_alone(catalogue, reference, tmp_path, part, old, new):
    states = teer_states(30)
    py = python_figures(catalogue, reference, states)
    assert compare(py, js_figures(joined(PARTS, {part: (old, new)}), catalogue, states, tmp_path), states)


def test_the_teer_check_fails_when_python_changes_alone(catalogue, reference, tmp_path, monkeypatch):
    from gutwidgets.figures import junction as figures_junction
    states = teer_states(10)
    js = js_figures(joined(PARTS), catalogue, states, tmp_path)
    assert not compare(python_figures(catalogue, reference, states), js, states)
    original = figures_junction.base_layout
    monkeypatch.setattr(figures_junction, "base_layout", lambda *a, **k: {**original(*a, **k), "height": 1})
    assert compare(python_figures(catalogue, reference, states), js, states)
