"""Chapter 4's page controllers (``views/systemic.py: CascadePage, ConfoundingPage``,
``_esm/pages/systemic.js``) run under Node as the page runs them (tests/page_harness.mjs): for seeded
states of each dashboard's controls the page draws what the kernel's Python twin draws (the live
sentence and the duration's note exactly; the time course, the flow diagram's course and the scatter
plot within the cross-check's tolerance), its first draw needs no kernel, each control changes what it
should, nothing is sent to the kernel but Reset's control values, and bad constants show the error
text. The models' own check is tests/test_crosscheck_systemic.py."""

from __future__ import annotations

import itertools
import json
import random

import pytest

from gutwidgets.models.cascade import CASCADE_LEVERS
from gutwidgets.models.confounding import CONFOUNDING_LEVERS
from gutwidgets.views._dashboard import ERROR_TEXT
from gutwidgets.views.systemic import DURATIONS, CascadeExplorer, ConfoundingExplorer

from .test_crosscheck import differences
from .test_crosscheck_figures import as_js
from .test_page_models import assert_page_draws_python, assert_random_walk_is_clean, run_page, set_controls

pytestmark = pytest.mark.browser  # runs Node

STATES = 200
WALK = 300
CASCADE_VIEWS = {
    "plot": ("figure", "description"),
    "flow": ("course", "opening_hours", "leak_level", "eroded_percent", "description"),
    "duration_slider": ("disabled", "tooltip"),
    "note": ("value",),
}
CONFOUNDING_VIEWS = {"plot": ("figure", "description")}


@pytest.fixture
def cascade(catalogue):
    return CascadeExplorer(catalogue=catalogue)


@pytest.fixture
def confounding():
    return ConfoundingExplorer()


def kernel_views(keys: dict):
    """(python_views, page_views) for a dashboard whose views' traits ``keys`` the page draws."""

    def pick(views: dict) -> dict:
        return {name: {k: views[name][k] for k in ks} for name, ks in keys.items()}

    def python_views(explorer, shown: dict) -> tuple[str, dict]:
        """What the kernel's Python twin draws for these control values."""
        set_controls(explorer, shown)
        explorer.show_in_kernel()
        drawn = {name: getattr(explorer, name).get_state(list(ks)) for name, ks in keys.items()}
        return explorer.sentence, json.loads(json.dumps(pick(drawn)))

    return python_views, lambda step: pick(step["views"])


cascade_python, cascade_page = kernel_views(CASCADE_VIEWS)
confounding_python, confounding_page = kernel_views(CONFOUNDING_VIEWS)


def cascade_states(n: int) -> list[dict]:
    """Control states as the controls hold them (the duration by index): each corner of the two sliders
    with the shortest and the lasting opening (the closed barrier among them), then slider positions."""
    leak, eroded = CASCADE_LEVERS["leak_level"], CASCADE_LEVERS["eroded_percent"]
    last = len(DURATIONS) - 1
    states = [{"leak_level": lk, "eroded_percent": er, "opening_hours": d}
              for lk in (leak.low, leak.high) for er in (eroded.low, eroded.high) for d in (0, last)]
    rnd = random.Random(1645)
    while len(states) < n:
        states.append({"leak_level": leak.low + rnd.randint(0, round((leak.high - leak.low) / leak.step)) * leak.step,
                       "eroded_percent": rnd.choice([0.0, round(rnd.randint(0, 50) * eroded.step, 10)]),
                       "opening_hours": rnd.randrange(len(DURATIONS))})
    return states


def confounding_states(n: int) -> list[dict]:
    names = list(CONFOUNDING_LEVERS)
    states = [{**dict.fromkeys(names, v), "show_groups": g} for v in (0.0, 0.95) for g in (False, True)]
    rnd = random.Random(1646)
    while len(states) < n:
        states.append({**{k: round(rnd.randint(0, 19) * 0.05, 10) for k in names}, "show_groups": rnd.random() < 0.5})
    return states


# -- the page draws what Python draws -------------------------------------------------------------------

def test_the_cascade_page_draws_what_python_draws_for_every_state(cascade, tmp_path):
    states = cascade_states(STATES)
    out = assert_page_draws_python(cascade, states, tmp_path, cascade_python, cascade_page)
    last = out["steps"][-1]
    assert all(n == 0 for n in last["saves"].values()), "a move sent something to the kernel"
    assert last["warnings"] == 0
    disabled = [s["views"]["duration_slider"]["disabled"] for s in out["steps"][1:]]
    assert any(disabled) and not all(disabled)  # the closed barrier greys the duration out, and only it


def test_the_confounding_page_draws_what_python_draws_for_every_state(confounding, tmp_path):
    out = assert_page_draws_python(confounding, confounding_states(STATES // 2), tmp_path, confounding_python,
                                   confounding_page)
    assert all(n == 0 for n in out["steps"][-1]["saves"].values()) and out["steps"][-1]["warnings"] == 0


@pytest.mark.parametrize(("make", "python_views", "page_views", "reset_title"), [
    ("cascade", cascade_python, cascade_page, "Leak route 5 × healthy for one day"),
    ("confounding", confounding_python, confounding_page, "A hidden cause and no direct effect"),
])
def test_the_first_draw_needs_no_kernel(request, make, python_views, page_views, reset_title, tmp_path):
    explorer = request.getfixturevalue(make)
    assert explorer._model is None  # the kernel has computed nothing
    out = run_page(explorer, [], tmp_path)
    first = out["steps"][0]
    assert explorer._model is None
    sentence, views = python_views(explorer, {})
    assert first["sentence"] == sentence and first["revision"] == "1"
    assert not differences(as_js(views), as_js(page_views(first)))
    assert out["reset_title"] == reset_title


# -- each control ---------------------------------------------------------------------------------------

def _course_changed(a: dict, b: dict) -> bool:
    return a["views"]["flow"]["course"] != b["views"]["flow"]["course"]


def test_each_cascade_control_changes_what_it_should(cascade, tmp_path):
    script = [{"set": {"leak_level": 15.0}}, {"set": {"eroded_percent": 0.3}}, {"set": {"opening_hours": 4}},
              {"set": {"leak_level": 1.0, "eroded_percent": 0.0}}, {"set": {"opening_hours": 0}}]
    out = run_page(cascade, script, tmp_path)
    start, leak, eroded, lasting, closed, shorter = out["steps"]
    for before, after in ((start, leak), (leak, eroded), (eroded, lasting)):
        assert after["sentence"] != before["sentence"] and _course_changed(before, after)
        assert after["views"]["plot"]["figure"] != before["views"]["plot"]["figure"]
    assert "8 times the healthy rate" in leak["sentence"] and leak["views"]["flow"]["leak_level"] == 15.0
    assert eroded["views"]["flow"]["eroded_percent"] == 0.3
    assert "for the whole three weeks" in lasting["sentence"] and lasting["views"]["flow"]["opening_hours"] == 504.0
    band = lasting["views"]["plot"]["figure"]["data"][0]
    assert band["name"] == "Barrier open" and max(band["x"]) == 504.0
    # Closed: nothing changes, so the duration is greyed out and says why; moving it changes nothing drawn.
    assert closed["sentence"].startswith("The barrier is not open")
    assert closed["views"]["duration_slider"]["disabled"] is True
    assert closed["views"]["duration_slider"]["tooltip"].startswith("Not available now: the barrier is not open")
    assert "The barrier stays open for</b> is greyed out" in closed["views"]["note"]["value"]
    assert shorter["sentence"] == closed["sentence"] and not _course_changed(closed, shorter)
    assert not leak["views"]["duration_slider"]["disabled"] and leak["views"]["note"]["value"] == ""
    # The kernel's Python twin says the same for the same moves.
    set_controls(cascade, {"leak_level": 15.0, "eroded_percent": 0.3, "opening_hours": 4})
    assert cascade.sentence == lasting["sentence"]


def test_each_confounding_control_changes_what_it_should(confounding, tmp_path):
    script = [{"set": {"hidden_to_marker": 0.0}}, {"set": {"hidden_to_symptom": 0.2}}, {"set": {"direct_effect": 0.6}},
              {"set": {"show_groups": True}}]
    out = run_page(confounding, script, tmp_path)
    steps = out["steps"]
    for before, after in itertools.pairwise(steps[:4]):
        assert after["sentence"] != before["sentence"]
        assert after["views"]["plot"]["figure"] != before["views"]["plot"]["figure"]
    assert "show no correlation" in steps[1]["sentence"] and "effect 0.60" in steps[3]["sentence"]
    grouped = steps[4]
    assert grouped["sentence"] == steps[3]["sentence"]  # colouring changes what is drawn, not the numbers
    assert [t["name"] for t in grouped["views"]["plot"]["figure"]["data"]] == [
        "Hidden factor low", "Hidden factor middle", "Hidden factor high"]
    assert sorted(x for t in grouped["views"]["plot"]["figure"]["data"] for x in t["x"]) == \
        sorted(steps[3]["views"]["plot"]["figure"]["data"][0]["x"])  # the same people, by group


# -- Reset, bad constants, the page side alone, a random walk ---------------------------------------------

@pytest.mark.parametrize(("make", "moves"), [
    ("cascade", {"leak_level": 12.0, "eroded_percent": 0.3, "opening_hours": 3}),
    ("confounding", {"hidden_to_marker": 0.1, "hidden_to_symptom": 0.9, "direct_effect": 0.4, "show_groups": True}),
])
def test_reset_in_the_page_restores_every_control_and_tells_the_kernel(request, make, moves, tmp_path):
    explorer = request.getfixturevalue(make)
    out = run_page(explorer, [{"set": moves}, {"reset": True}], tmp_path)
    start, moved, reset = out["steps"]
    assert moved["sentence"] != start["sentence"]
    assert reset["controls"] == {name: spec["default"] for name, spec in explorer.summary.controls.items()}
    assert reset["sentence"] == start["sentence"] and reset["views"] == start["views"]
    controls = {spec["ref"] for spec in explorer.summary.controls.values()}
    assert {ref for ref, n in reset["saves"].items() if n} == controls and all(reset["saves"][r] == 1 for r in controls)
    # The kernel's Reset reaches the same state.
    set_controls(explorer, moves)
    explorer.reset()
    assert explorer.sentence == reset["sentence"]


@pytest.mark.parametrize(("make", "part", "key", "value"), [
    ("cascade", "cascade", "constants", {"cascade_hepatic_extraction": 1.2}),
    ("confounding", "confounding", "people", 5),
])
def test_bad_constants_show_the_error_text_and_keep_the_views(request, make, part, key, value, tmp_path):
    explorer = request.getfixturevalue(make)
    bad = json.loads(json.dumps(explorer.summary.constants))
    bad[part][key] = {**bad[part][key], **value} if isinstance(value, dict) else value
    moved = {"leak_level": 8.0} if make == "cascade" else {"direct_effect": 0.5}
    out = run_page(explorer, [{"set": moved}, {"constants": bad}], tmp_path)
    good, broken = out["steps"][1], out["steps"][2]
    assert broken["sentence"] == ERROR_TEXT and broken["warnings"] == 1
    assert broken["views"] == good["views"]  # nothing half-drawn


@pytest.mark.parametrize(("make", "old", "new", "shown"), [
    ("cascade", "parts[2] += back >= 0", "parts[2] += back > 0 && false", {"opening_hours": 0}),
    ("cascade", "const healthy = Math.max(result.tlr4[0], 1e-12);", "const healthy = 1.0;", {"leak_level": 9.0}),
    ("confounding", "const sentence = confoundingSentence(s.r_overall, s.r_adjusted, levers.direct_effect);",
     "const sentence = confoundingSentence(s.r_adjusted, s.r_overall, levers.direct_effect);", {"direct_effect": 0.3}),
])
def test_the_comparison_fails_when_the_page_side_changes_alone(request, make, old, new, shown, tmp_path):
    explorer = request.getfixturevalue(make)
    esm = explorer.summary._esm
    edited = esm.replace(old, new)
    assert edited != esm
    out = run_page(explorer, [{"set": shown}], tmp_path, esm=edited)
    python_views, page_views = (cascade_python, cascade_page) if make == "cascade" else \
        (confounding_python, confounding_page)
    sentence, views = python_views(explorer, shown)
    step = out["steps"][1]
    assert step["sentence"] != sentence or differences(as_js(views), as_js(page_views(step)))


@pytest.mark.parametrize("make", ["cascade", "confounding"])
def test_a_random_walk_of_controls_never_shows_nan_or_breaks(request, make, tmp_path):
    assert_random_walk_is_clean(request.getfixturevalue(make), 1647, WALK, tmp_path)
