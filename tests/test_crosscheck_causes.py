"""Chapter 3's cause model in the page (``_esm/models/causes.js``) and its course figure
(``_esm/figures/causes.js``) against Python's (``models/causes.py``, ``figures/causes.py``), under
Node: 1,000 seeded exposure sets (every cause at 0, its reference and its maximum, several causes at
once, starts and stops, stops before the start, still acting at the end, single days and long grids)
give the same effects, route levels, ratios and TEER within 1e-9 relative (the same closed-form
solution: no numerical solver on either side), the same peak, lowest TEER and day back to normal,
and the same figure for each time axis in both themes; bad input gives the same messages; an edit
of either side alone is caught."""

from __future__ import annotations

import json
import random
import subprocess

import pytest

from gutwidgets.figures.causes import cause_course_figure
from gutwidgets.models.causes import MAX_DAYS, Exposure
from gutwidgets.models.constants import CAUSE_PARTS, cause_browser_constants
from gutwidgets.models.from_data import cause_model_from_data

from .test_crosscheck import NODE, differences, joined
from .test_crosscheck_figures import as_js

pytestmark = pytest.mark.browser  # runs Node

PARTS = (*CAUSE_PARTS, "figures/common.js", "figures/causes.js")
STATES = 1000

SCRIPT = """
import { readFileSync } from "node:fs";
const m = await import(process.argv[1]);
const input = JSON.parse(readFileSync(0, "utf8"));
const model = new m.CauseModel(input.constants);
const attempt = (f) => { try { return f(); } catch (e) { return { error: e.message }; } };
const out = input.states.map(({ exposures, days, theme, pinned }) => attempt(() => {
  const c = model.course(exposures, days);
  return {
    effects: c.effects, leak_level: c.leak_level, damaged_fraction: c.damaged_fraction, lm_ratio: c.lm_ratio,
    fold: c.fold, teer: c.teer, peak: c.peakFold(), min_teer: c.minTeer(), back: c.backToNormal(),
    back_half: c.backToNormal(0.5),
    figure: m.causeCourseFigure(c.days, c.fold, c.teer, pinned ? [c.teer.map(() => 2.0), c.teer] : null,
      Math.min(exposures.length ? exposures[0].stop ?? days[days.length - 1] : 0, days[days.length - 1]),
      model.teerHealthy, theme),
  };
}));
const changes = Object.fromEntries(model.order.map((id) => [id, model.routeChange(id)]));
process.stdout.write(JSON.stringify({ out, changes, healthy: model.healthyLmRatio }));
"""


def exposure_states(catalogue, n: int) -> list[dict]:
    rnd = random.Random(1633)
    causes = catalogue.causes
    ids = list(causes)
    grids = [[0.0, 1.0, 2.0], [float(d) for d in range(0, 91)], [i * 3.0 / 288 for i in range(289)], [5.0],
             [i * 90.0 / 360 for i in range(361)], [0.0, MAX_DAYS]]
    states = []
    for cid, c in causes.items():  # each cause alone at 0, its reference and its maximum
        for v in (0.0, c.intensity_reference, c.intensity_max):
            states.append({"exposures": [{"cause": cid, "intensity": v, "start": 0.0, "stop": 5.0}], "days": grids[1]})
    states.append({"exposures": [{"cause": cid, "intensity": c.intensity_max, "start": 0.0, "stop": None}
                                 for cid, c in causes.items()], "days": grids[4]})
    states.append({"exposures": [], "days": grids[0]})
    states.append({"exposures": [{"cause": "alcohol", "intensity": 8.0, "start": 3.0, "stop": 2.0}], "days": grids[0]})
    while len(states) < n:
        exposures = []
        for cid in rnd.sample(ids, rnd.randint(1, len(ids))):
            c = causes[cid]
            start = rnd.choice([0.0, 0.0, rnd.uniform(0, 30)])
            stop = rnd.choice([None, start, start + rnd.uniform(0, 60), start + rnd.choice([0.25, 1.0, 14.0])])
            exposures.append({"cause": cid, "intensity": rnd.choice([0.0, c.intensity_reference, c.intensity_max,
                                                                       rnd.uniform(0, c.intensity_max)]),
                              "start": start, "stop": stop})
        states.append({"exposures": exposures, "days": rnd.choice(grids)})
    rnd2 = random.Random(1634)
    return [{**s, "theme": rnd2.choice(["default", "projector"]), "pinned": rnd2.random() < 0.3} for s in states]


def python_outputs(model, healthy_teer: float, states: list[dict]) -> list[dict]:
    out = []
    for s in states:
        try:
            exposures = [Exposure(e["cause"], e["intensity"], e["start"], e["stop"]) for e in s["exposures"]]
            c = model.course(exposures, s["days"])
        except ValueError as e:
            out.append({"error": str(e)})
            continue
        end = s["days"][-1]
        first_stop = s["exposures"][0]["stop"] if s["exposures"] else 0
        exposure_end = min(end if first_stop is None else first_stop, end)
        pinned = ([2.0] * len(s["days"]), c.teer.tolist()) if s["pinned"] else None
        out.append(json.loads(json.dumps({
            "effects": {k: v.tolist() for k, v in c.effects.items()}, "leak_level": c.leak_level.tolist(),
            "damaged_fraction": c.damaged_fraction.tolist(), "lm_ratio": c.lm_ratio.tolist(), "fold": c.fold.tolist(),
            "teer": c.teer.tolist(), "peak": c.peak_fold(), "min_teer": c.min_teer(), "back": c.back_to_normal(),
            "back_half": c.back_to_normal(0.5),
            "figure": cause_course_figure(c.days, c.fold, c.teer, pinned, exposure_end, healthy_teer, s["theme"]),
        })))
    return out


def run_js(source: str, constants: dict, states: list[dict], tmp_path) -> dict:
    assert NODE is not None, "node is not on PATH"
    module = tmp_path / "causes.mjs"
    module.write_text(source, encoding="utf-8")
    done = subprocess.run([NODE, "--input-type=module", "-e", SCRIPT, module.as_uri()],
                          input=json.dumps({"constants": constants, "states": states}),
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def compare(py: list[dict], js: list[dict], states: list[dict]) -> list[str]:
    found = []
    for i, (a, b) in enumerate(zip(py, js)):
        found += [f"state {i} {states[i]['exposures']}{d}" for d in differences(as_js(a), as_js(b))]
    return found


@pytest.fixture(scope="module")
def model(catalogue):
    return cause_model_from_data(catalogue)


@pytest.fixture(scope="module")
def constants(catalogue):
    return cause_browser_constants(catalogue)


def test_cause_model_and_figure_agree_with_python(catalogue, model, constants, tmp_path):
    states = exposure_states(catalogue, STATES)
    py = python_outputs(model, constants["causes"]["teer_healthy"], states)
    js = run_js(joined(PARTS), constants, states, tmp_path)
    found = compare(py, js["out"], states)
    assert not found, f"{len(found)} differences, e.g.:\n" + "\n".join(found[:20])
    assert not differences(as_js({c: model.route_change(c) for c in model.specs}), as_js(js["changes"]))
    assert js["healthy"] == model.healthy_lm_ratio
    # The states reach what they should: errors (a stop before the start), no return, long courses.
    errors = [o["error"] for o in py if "error" in o]
    assert any("stop must be from" in e for e in errors) and len(errors) < len(states) // 2
    assert any(o.get("back") is None and o.get("peak", 0) > 1.1 for o in py)
    assert any(o.get("back") is not None for o in py)


@pytest.mark.parametrize(("exposures", "days"), [
    ([{"cause": "coffee", "intensity": 1.0, "start": 0.0, "stop": None}], [0.0]),
    ([{"cause": "nsaid", "intensity": 250.0, "start": 0.0, "stop": None}], [0.0]),
    ([{"cause": "nsaid", "intensity": 150.0, "start": -1.0, "stop": None}], [0.0]),
    ([{"cause": "nsaid", "intensity": 150.0, "start": 0.0, "stop": None}], [0.0, MAX_DAYS + 1]),
])
def test_bad_input_gets_the_same_message(model, constants, tmp_path, exposures, days):
    states = [{"exposures": exposures, "days": days, "theme": "default", "pinned": False}]
    py = python_outputs(model, 20.0, states)
    js = run_js(joined(PARTS), constants, states, tmp_path)["out"]
    assert "error" in py[0] and js[0] == py[0]


def test_bad_constants_get_the_same_message(catalogue, constants, tmp_path):
    import dataclasses

    from gutwidgets.models.causes import CauseModel, specs_from_catalogue
    bad = json.loads(json.dumps(constants))
    bad["causes"]["specs"]["alcohol"]["onset_days"] = 0.0
    with pytest.raises(ValueError) as raised:
        specs = specs_from_catalogue(catalogue)
        CauseModel({**specs, "alcohol": dataclasses.replace(specs["alcohol"], onset_days=0.0)})
    script = ('const m = await import(process.argv[1]); try { new m.CauseModel(JSON.parse(process.argv[2])); } '
              'catch (e) { process.stdout.write(e.message); }')
    module = tmp_path / "causes.mjs"
    module.write_text(joined(PARTS), encoding="utf-8")
    done = subprocess.run([NODE, "--input-type=module", "-e", script, module.as_uri(), json.dumps(bad)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout == str(raised.value)


@pytest.mark.parametrize(("part", "old", "new"), [
    ("models/causes.js", "amplitude * -Math.expm1(-(d - start) / onset)",
     "amplitude * -Math.expm1(-(d - start) / recovery)"),
    ("models/causes.js", "v * (1.0 + target * e[i])", "v * (1.0 + 0.999 * target * e[i])"),
    ("models/causes.js", "(this.teerHealthy * this.healthyWater) / w", "(this.teerHealthy * this.pore[2]) / w"),
    ("figures/causes.js", "healthyTeer * 1.25", "healthyTeer * 1.2"),
])
def test_the_check_fails_when_the_browser_side_changes_alone(catalogue, model, constants, tmp_path, part, old, new):
    states = exposure_states(catalogue, 60)
    py = python_outputs(model, constants["causes"]["teer_healthy"], states)
    assert compare(py, run_js(joined(PARTS, {part: (old, new)}), constants, states, tmp_path)["out"], states)
