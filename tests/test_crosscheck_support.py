"""Chapter 5's browser models (``_esm/models/support.js``: FibreModel, StrategyModel on chapter 3's
CauseModel), figures (``_esm/figures/support.js``) and page paths (``_esm/pages/support.js``) against
Python's (``models/support.py``, ``figures/support.py``, ``views/support.py``), under Node:

- 1,000 seeded fibre states (intakes from none to the model's top, one past it and below none,
  the typical and recommended intakes, several at once; dish concentrations to the model's top and
  past it): the whole chain and its band, the bell's parameters and top, the shortfall, and, where
  the intake is on the dashboard's slider, the page's sentence, note and buttons (and every eighth
  state's figure, both themes);
- 1,000 seeded plans (each cause at 0, its reference and its maximum or anywhere between, with and
  without a stop; any strategies, each from its own day, set, stopped or protected at each end of
  its range; day grids from one day to years; bad starts and levels): every route level, ratio,
  fold and TEER with and without the strategies, the band, each strategy's status, the exposures
  after the strategies act (at both ends of the protection's range) and the day back to normal;
- 1,000 seeded planner states (every scenario with no strategy, each one and all of them at the
  sliders' ends, then random ones, both themes, any card shown): the page's sentence, status list,
  card, note and sliders' availability, and every twentieth state's figure.

Numbers agree within 1e-9 relative: every output is the same formula on both sides (the dish's
bell is solved by Cramer's rule on both, its top by the same 200 halvings of the same closed-form
slope, np.interp and np.linspace by their own steps), so they differ only in the last bits of
``pow`` and ``exp``. A figure's numbers are rounded to 4 figures (``clean``) after that: a value on
a rounding boundary may round one unit apart, at most once per 10,000 numbers. Sentences, HTML and
error messages are exactly equal. An edit of either side alone is caught (``*_alone_*``).
"""

from __future__ import annotations

import dataclasses
import json
import random
import subprocess

import numpy as np
import pytest

from gutwidgets.models import support as support_module
from gutwidgets.models.causes import MAX_DAYS, Exposure
from gutwidgets.models.from_data import fibre_model_from_data, strategy_model_from_data
from gutwidgets.models.support import FIBRE_MAX, FibreConstants, StrategySpec, Use
from gutwidgets.views.support import SCENARIO_IDS, SUPPORT_PAGE_PARTS, FibreExplorer, ScenarioPlanner

from .test_crosscheck import NODE, differences, joined
from .test_crosscheck_figures import _last_digit, as_js

pytestmark = pytest.mark.browser  # runs Node

PARTS = SUPPORT_PAGE_PARTS
STATES = 1000
ENDS = ("", "_low", "_high")
COURSE = ("leak_level", "damaged_fraction", "lm_ratio", "fold", "teer")

SCRIPT = """
import { readFileSync } from "node:fs";
const m = await import(process.argv[1]);
const input = JSON.parse(readFileSync(0, "utf8"));
const C = input.constants;
const attempt = (f) => { try { return f(); } catch (e) { return { error: e.message }; } };
const fibre = new m.FibreModel(C);
const strategies = new m.StrategyModel(C);
const withFigure = (out, figure) => { if (!figure) delete out.views.plot.figure; return out; };
const course = (c) => Object.fromEntries(input.course.map((k) => [k, c[k]]));
const model = {
  u: fibre.u, d: fibre.d, best_dose: fibre.bestDose, dish_factor: fibre.dishFactor,
  half_intake: input.ends.map((e) => fibre.halfIntake(e)), healthy: strategies.causes.healthyLmRatio,
  low_targets: strategies.causesLow.targets, high_targets: strategies.causesHigh.targets,
};
const fibreOut = input.fibre.map((s) => ({
  chain: attempt(() => fibre.chain(s.intakes)),
  effect: attempt(() => fibre.junctionEffect(s.dish)),
  shortfall: attempt(() => fibre.shortfall(s.intakes[0])),
  page: s.page ? attempt(() => withFigure(m.fibrePage({ fibre: s.intakes[0] }, C, input.fibre_inputs, s.theme),
    s.figure)) : null,
}));
const plans = input.plans.map((s) => attempt(() => {
  const p = strategies.plan(s.exposures, s.uses, s.days);
  return { without: course(p.without), with: course(p.with_), band_low: p.band_low, band_high: p.band_high,
    status: p.status, effective: p.effective, back: p.with_.backToNormal(),
    applied: input.ends.map((e) => strategies.apply(s.exposures, s.uses, e)) };
}));
const planner = input.planner.map((s) => attempt(() => withFigure(m.plannerPage(s.levers, C, input.planner_inputs,
  s.theme, { focus: s.focus }), s.figure)));
process.stdout.write(JSON.stringify({ model, fibre: fibreOut, plans, planner }));
"""


# -- the states ---------------------------------------------------------------------------------------

def fibre_states(fibre_model, n: int) -> list[dict]:
    """Intakes (the first is the slider's, when it is on the slider) and dish concentrations."""
    c = fibre_model.constants
    rnd = random.Random(1651)
    top = FibreExplorer.class_traits()["fibre"].high
    edges = [[0.0], [FIBRE_MAX], [top], [c.fibre_typical_intake], [c.fibre_recommended], [FIBRE_MAX + 1e-9], [-0.5],
             [1e-9], [0.0, FIBRE_MAX, 30.0]]
    states = [{"intakes": e, "dish": [0.0, 200.0], "page": 0 <= e[0] <= top} for e in edges]
    states += [{"intakes": [float(f)], "dish": [float(f) / 6], "page": True} for f in range(int(top) + 1)]
    states.append({"intakes": [5.0], "dish": [250.0], "page": False})
    states.append({"intakes": [5.0], "dish": [-1.0, 3.0], "page": False})
    while len(states) < n:
        k = rnd.randint(1, 4)
        intakes = [rnd.choice([rnd.uniform(0, FIBRE_MAX), rnd.uniform(0, top), float(rnd.randint(0, int(top)))])
                   for _ in range(k)]
        states.append({"intakes": intakes, "dish": [rnd.uniform(0, 200) for _ in range(rnd.randint(0, 3))],
                       "page": intakes[0] <= top})
    for i, s in enumerate(states):
        s.update(theme=rnd.choice(["default", "projector"]), figure=s["page"] and (i % 8 == 0 or i < len(edges)))
    return states


def plan_states(catalogue, strategies, n: int) -> list[dict]:
    """Exposures, strategies in use and day grids, edges and errors included."""
    rnd = random.Random(1652)
    causes = catalogue.causes
    sids = list(strategies.strategies)
    grids = [[0.0], [0.0, 30.0, 120.0], np.linspace(0.0, 120.0, 25).tolist(), [float(d) for d in range(0, 200, 9)],
             [0.0, 1.0, 400.0, MAX_DAYS]]

    def use(sid: str) -> dict:
        start = rnd.choice([0.0, 30.0, 60.0, rnd.uniform(0, 200), float(rnd.randint(0, 60))])
        level = None
        if strategies.strategies[sid].action == "set_intensity":
            level = rnd.choice([0.0, 12.0, 30.0, rnd.uniform(0, 30)])
        return {"strategy": sid, "start": start, "level": level}

    states = []
    for cid, c in causes.items():  # each cause alone, at 0, its reference and its maximum, every strategy on it
        for v in (0.0, c.intensity_reference, c.intensity_max):
            uses = [{"strategy": sid, "start": 20.0, "level": 10.0 if s.action == "set_intensity" else None}
                    for sid, s in strategies.strategies.items()]
            states.append({"exposures": [{"cause": cid, "intensity": v, "start": 0.0, "stop": None}], "uses": uses,
                           "days": grids[2]})
    states += [  # errors: a start past the model's days, no level, a level past the cause's maximum, unknown names
        {"exposures": [{"cause": "nsaid", "intensity": 150.0, "start": 0.0, "stop": None}],
         "uses": [{"strategy": "stop_nsaids", "start": MAX_DAYS + 1, "level": None}], "days": grids[1]},
        {"exposures": [], "uses": [{"strategy": "more_fibre", "start": 0.0, "level": None}], "days": grids[1]},
        {"exposures": [], "uses": [{"strategy": "more_fibre", "start": 0.0, "level": 31.0}], "days": grids[1]},
        {"exposures": [], "uses": [{"strategy": "magic_beans", "start": 0.0, "level": None}], "days": grids[1]},
        {"exposures": [{"cause": "nsaid", "intensity": 150.0, "start": 0.0, "stop": None}],
         "uses": [{"strategy": "zinc_carnosine", "start": 10.0, "level": None}], "days": grids[3]},
        {"exposures": [{"cause": "nsaid", "intensity": 150.0, "start": 0.0, "stop": None}],
         "uses": [{"strategy": "zinc_carnosine", "start": 10.0, "level": None},
                  {"strategy": "stop_nsaids", "start": 10.0, "level": None}], "days": grids[3]},
    ]
    while len(states) < n:
        exposures = []
        for cid in rnd.sample(list(causes), rnd.randint(0, 4)):
            c = causes[cid]
            start = rnd.choice([0.0, 0.0, rnd.uniform(0, 40)])
            stop = rnd.choice([None, None, start + rnd.uniform(0, 90), start])
            exposures.append({"cause": cid, "intensity": rnd.choice([0.0, c.intensity_reference, c.intensity_max,
                                                                       rnd.uniform(0, c.intensity_max)]),
                              "start": start, "stop": stop})
        uses = [use(sid) for sid in rnd.sample(sids, rnd.randint(0, 4))]
        days = rnd.choice([*grids, sorted(rnd.uniform(0, 300) for _ in range(rnd.randint(1, 20)))])
        states.append({"exposures": exposures, "uses": uses, "days": days})
    return states


def planner_states(n: int) -> list[dict]:
    """The planner's levers as the page reads them (the scenario by its id, each switch by its strategy)."""
    rnd = random.Random(1653)
    sids = list(ScenarioPlanner().switches)
    sliders = [(0.0, 0.0), (60.0, 60.0), (30.0, 30.0), (0.0, 60.0), (60.0, 0.0), (10.0, 18.0), (45.0, 24.0),
               (5.0, 45.0)]
    states, k = [], 0
    for scenario in SCENARIO_IDS.values():
        for chosen in ([], sids, *([sid] for sid in sids), ["more_fibre", "stop_nsaids"]):
            start, after = sliders[k % len(sliders)]
            k += 1
            states.append({"scenario": scenario, **{sid: sid in chosen for sid in sids}, "start_day": start,
                           "fibre_after": after})
    while len(states) < n:
        st = {"scenario": rnd.choice(list(SCENARIO_IDS.values())), **{sid: rnd.random() < 0.3 for sid in sids}}
        st["start_day"] = rnd.choice([float(rnd.randint(0, 60)), rnd.uniform(0, 60)])
        st["fibre_after"] = rnd.choice([float(rnd.randint(0, 60)), rnd.uniform(0, 60)])
        states.append(st)
    return [{"levers": st, "theme": rnd.choice(["default", "projector"]), "focus": rnd.choice(sids),
             "figure": i % 20 == 0} for i, st in enumerate(states)]


# -- Python's outputs -----------------------------------------------------------------------------------

def _error(f):
    try:
        return f()
    except ValueError as e:
        return {"error": str(e)}


def python_model(fibre_model, strategies) -> dict:
    return {"u": fibre_model._u, "d": fibre_model._d, "best_dose": fibre_model.best_dose,
            "dish_factor": fibre_model.dish_factor, "half_intake": [fibre_model.half_intake(e) for e in ENDS],
            "healthy": strategies.causes.healthy_lm_ratio, "low_targets": strategies.causes_low._targets,
            "high_targets": strategies.causes_high._targets}


def python_fibre(fibre_model, explorer, states: list[dict]) -> list[dict]:
    out = []
    for s in states:
        page = None
        if s["page"]:
            with explorer.hold_trait_notifications():
                explorer.fibre, explorer.theme = s["intakes"][0], s["theme"]
            plot = {"description": explorer.sentence}
            if s["figure"]:
                explorer.show_in_kernel()
                plot = {"description": explorer.plot.description, "figure": explorer.plot.figure}
            else:
                explorer._show_note()
            page = {"sentence": explorer.sentence, "buttons": explorer.button_reasons(),
                    "views": {"plot": plot, "note": {"value": explorer.note.value}}}
        out.append({"chain": _error(lambda s=s: dataclasses.asdict(fibre_model.chain(s["intakes"]))),
                    "effect": _error(lambda s=s: fibre_model.junction_effect(s["dish"])),
                    "shortfall": _error(lambda s=s: fibre_model.shortfall(s["intakes"][0])), "page": page})
    return out


def python_plans(strategies, states: list[dict]) -> list[dict]:
    out = []
    for s in states:
        exposures = [Exposure(**e) for e in s["exposures"]]
        uses = [Use(**u) for u in s["uses"]]

        def run(exposures=exposures, uses=uses, days=s["days"]):
            p = strategies.plan(exposures, uses, days)
            return {"without": {k: getattr(p.without, k) for k in COURSE},
                    "with": {k: getattr(p.with_, k) for k in COURSE}, "band_low": p.band_low,
                    "band_high": p.band_high, "status": p.status, "effective": p.effective(),
                    "back": p.with_.back_to_normal(),
                    "applied": [[dataclasses.asdict(e) for e in strategies.apply(exposures, uses, end)]
                                for end in ENDS]}
        out.append(_error(run))
    return out


def python_planner(planner, states: list[dict]) -> list[dict]:
    out = []
    for s in states:
        with planner.hold_trait_notifications():
            planner.set_page_levers(s["levers"])
            planner.focus, planner.theme = s["focus"], s["theme"]
        if s["figure"]:
            planner.show_in_kernel()
        else:
            planner._show_words(planner._plan())
        views = {name: {"value": getattr(planner, name).value} for name in ("status", "card", "note")}
        views.update({name: {"disabled": getattr(planner, name).disabled, "tooltip": getattr(planner, name).tooltip}
                      for name in ("start_slider", "fibre_slider")})
        views["plot"] = {"description": planner.sentence}
        if s["figure"]:
            views["plot"]["figure"] = planner.plot.figure
        out.append({"sentence": planner.sentence, "views": views})
    return out


# -- running and comparing ----------------------------------------------------------------------------------

def plain(node: object) -> object:
    """Plain JSON as the page has it (numpy arrays to lists, tuples to lists, ints to floats)."""
    return as_js(json.loads(json.dumps(node, default=lambda x: x.tolist())))


def run_js(source: str, payload: dict, tmp_path) -> dict:
    assert NODE is not None, "node is not on PATH"
    module = tmp_path / "support.mjs"
    module.write_text(source, encoding="utf-8")
    done = subprocess.run([NODE, "--input-type=module", "-e", SCRIPT, module.as_uri()], input=json.dumps(payload),
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def fast_differences(py: object, js: object, path: str = "") -> list[str]:
    """:func:`tests.test_crosscheck.differences`, with long lists of numbers compared at once."""
    if isinstance(py, dict) and isinstance(js, dict) and set(py) == set(js):
        return [d for k in py for d in fast_differences(py[k], js[k], f"{path}.{k}")]
    if (isinstance(py, list) and isinstance(js, list) and len(py) == len(js) > 8
            and all(type(v) is float for v in py) and all(type(v) in (float, int) for v in js)):
        a, b = np.array(py), np.array(js, dtype=float)
        if np.all((a == b) | (np.abs(a - b) <= 1e-9 * np.maximum(np.abs(a), np.abs(b)))):
            return []
    return differences(py, js, path)


def compare(py: list, js: list, label: str) -> tuple[list[str], list[str]]:
    """(differences, rounding-boundary differences of one unit in the 4th figure, in figures only)."""
    found, boundary = [], []
    for i, (a, b) in enumerate(zip(py, js, strict=True)):
        for d in fast_differences(plain(a), b):
            (boundary if ".figure." in d and _last_digit(d) else found).append(f"{label} {i}{d}")
    return found, boundary


@pytest.fixture(scope="module")
def fibre_model(catalogue):
    return fibre_model_from_data(catalogue)


@pytest.fixture(scope="module")
def strategies(catalogue):
    return strategy_model_from_data(catalogue)


@pytest.fixture(scope="module")
def run(catalogue, fibre_model, strategies, tmp_path_factory):
    """Both sides on every state: (Python's outputs, the browser's outputs, the payload with the states)."""
    fibre_ex, planner = FibreExplorer(catalogue=catalogue), ScenarioPlanner(catalogue=catalogue)
    states = {"fibre": fibre_states(fibre_model, STATES), "plans": plan_states(catalogue, strategies, STATES),
              "planner": planner_states(STATES)}
    payload = {"constants": planner.summary.constants, "fibre_inputs": fibre_ex.summary.inputs,
               "planner_inputs": planner.summary.inputs, "ends": list(ENDS), "course": list(COURSE), **states}
    py = {"model": python_model(fibre_model, strategies), "fibre": python_fibre(fibre_model, fibre_ex, states["fibre"]),
          "plans": python_plans(strategies, states["plans"]), "planner": python_planner(planner, states["planner"])}
    js = run_js(joined(PARTS), payload, tmp_path_factory.mktemp("support"))
    return py, js, payload


def test_the_browser_models_figures_and_pages_agree_with_python(run):
    py, js, _ = run
    assert not differences(plain(py["model"]), js["model"])
    found, boundary = [], []
    numbers = 0
    for part in ("fibre", "plans", "planner"):
        f, b = compare(py[part], js[part], part)
        found += f
        boundary += b
        numbers += json.dumps(js[part]).count(",")
    assert not found, f"{len(found)} differences, e.g.:\n" + "\n".join(found[:20])
    assert len(boundary) <= numbers // 10_000, boundary


def test_the_states_reach_every_branch(run):
    """Errors are few and named; every sentence the dashboards can say is said."""
    py, _, _ = run
    errors = [o["error"] for o in py["plans"] if "error" in o]
    errors += [v["error"] for o in py["fibre"] for k, v in o.items() if k != "page" and isinstance(v, dict)
               and "error" in v]
    for words in ("fibre intake must be from 0 to 80", "butyrate concentration must be from 0 to 200",
                  "start must be from 0 to 3650", "give level", "more_fibre level must be from 0 to 30",
                  "unknown strategy 'magic_beans'"):
        assert any(words in e for e in errors), words
    assert sum("error" in p for p in py["plans"]) < STATES // 10
    fibre_words = " ".join(o["page"]["sentence"] for o in py["fibre"] if o["page"])
    planner_words = " ".join(o["sentence"] for o in py["planner"])
    for words in ("With no fibre", "rises only slowly", "on the rising side", "on the top",
                  "The top of its range reaches", "counts no fibre shortfall", "counts a shortfall of"):
        assert words in fibre_words, words
    for words in ("No cause is acting", "Add a strategy", "None of the chosen strategies changes",
                  "back within a tenth of healthy by day", "is no more than the typical intake",
                  "changes nothing further", "leaves a shortfall of"):
        assert words in planner_words, words
    statuses = {s for p in py["plans"] if "status" in p for s in p["status"].values()}
    assert "modelled" in statuses and any(s.startswith("no effect") for s in statuses) \
        and any(s.startswith("not modelled") for s in statuses)


@pytest.mark.parametrize(("part", "old", "new"), [
    ("models/support.js", "ceiling * f / (k + f)", "ceiling * f / (k + 1.001 * f)"),
    ("models/support.js", "for (let i = 0; i < 200; i += 1)", "for (let i = 0; i < 20; i += 1)"),
    ("models/support.js", "level *= 1.0 - {", "level *= 1.0001 - {"),
    ("models/support.js", "Math.min(low[i], high[i], v) / spread", "Math.min(high[i], v) / spread"),
    ("figures/support.js", "healthyRatio * 8", "healthyRatio * 7"),
    ("pages/support.js", "p.dish < 0.9 * best", "p.dish < 0.8 * best"),
    ("pages/support.js", "\"acts in the model.\"", "\"acts.\""),
])
def test_the_check_fails_when_the_browser_side_changes_alone(run, tmp_path, part, old, new):
    py, _, payload = run
    few = {k: v[:40] if isinstance(v, list) and k in ("fibre", "plans", "planner") else v for k, v in payload.items()}
    js = run_js(joined(PARTS, {part: (old, new)}), few, tmp_path)
    found = [d for k in ("fibre", "plans", "planner") for d in compare(py[k][:40], js[k], k)[0]]
    assert found


def test_the_check_fails_when_the_python_side_changes_alone(run, catalogue, monkeypatch, tmp_path):
    _, js, payload = run
    half = support_module.FibreModel.half_intake
    monkeypatch.setattr(support_module.FibreModel, "half_intake", lambda self, end="": 1.001 * half(self, end))
    changed = fibre_model_from_data(catalogue)
    py = python_fibre(changed, FibreExplorer(catalogue=catalogue), payload["fibre"][:80])
    assert compare(py, js["fibre"][:80], "fibre")[0]


def test_bad_constants_get_the_same_message(catalogue, run, tmp_path):
    """The browser models refuse bad constants as the Python models do, with the same words."""
    _, _, payload = run
    constants = payload["constants"]
    cases = []

    def fibre_case(**changes):
        bad = json.loads(json.dumps(constants))
        bad["support"]["fibre"].update(changes)
        with pytest.raises(ValueError) as raised:
            FibreConstants(**bad["support"]["fibre"])
        cases.append((bad, "FibreModel", str(raised.value)))

    fibre_case(butyrate_optimum=9.0)
    fibre_case(colonic_scfa_total=155.0, colonic_scfa_total_high=160.0)
    fibre_case(colonic_scfa_ceiling=99.0, colonic_scfa_ceiling_low=90.0)
    fibre_case(butyrate_share_high=120.0)
    fibre_case(butyrate_harm_size=0.0)
    for sid, changes in (("zinc_carnosine", {"effect": 1.5}), ("stop_nsaids", {"action": "cure"}),
                         ("limit_alcohol", {"acts_on": []}), ("glutamine", {"not_modelled_because": None})):
        bad = json.loads(json.dumps(constants))
        spec = {**bad["support"]["strategies"][sid], **changes}
        bad["support"]["strategies"][sid] = spec
        with pytest.raises(ValueError) as raised:
            StrategySpec(**{**spec, "acts_on": tuple(spec["acts_on"]),
                            "effect_range": tuple(spec["effect_range"]) if spec["effect_range"] else None})
        cases.append((bad, "StrategyModel", str(raised.value)))
    bad = json.loads(json.dumps(constants))
    bad["support"]["strategies"]["stop_nsaids"]["acts_on"] = ["gremlins"]
    with pytest.raises(ValueError) as raised:
        model = strategy_model_from_data(catalogue)
        specs = {**model.strategies, "stop_nsaids": dataclasses.replace(model.strategies["stop_nsaids"],
                                                                        acts_on=("gremlins",))}
        support_module.StrategyModel(model.causes, specs)
    cases.append((bad, "StrategyModel", str(raised.value)))
    script = ('const m = await import(process.argv[1]); const out = JSON.parse(process.argv[2]).map(([c, k]) => {'
              ' try { new m[k](c); return "no error"; } catch (e) { return e.message; } });'
              ' process.stdout.write(JSON.stringify(out));')
    module = tmp_path / "support.mjs"
    module.write_text(joined(PARTS), encoding="utf-8")
    done = subprocess.run([NODE, "--input-type=module", "-e", script, module.as_uri(),
                           json.dumps([[c, k] for c, k, _ in cases])], capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [message for _, _, message in cases]
