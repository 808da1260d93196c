"""Chapter 5's page controllers (``views/support.py: FibrePage, PlannerPage``, ``_esm/pages/support.js``)
run under Node as the page runs them (tests/page_harness.mjs): for seeded states of their controls
(the fibre slider; the planner's scenario menu, ten strategy switches, start day and fibre intake)
each page draws what the kernel's Python twin draws (the live sentence, the status list, the card,
the notes and the sliders' availability exactly; the figures within the cross-check's tolerance),
needs no kernel for its first draw, sends nothing but control moves to the kernel, greys out a slider
that cannot act (with its reason, in its tooltip and the note) as the state changes, runs its own
buttons and Reset, and shows the error text on bad constants. The models' own check is
tests/test_crosscheck_support.py."""

from __future__ import annotations

import json
import random

import pytest

from gutwidgets.views._dashboard import ERROR_TEXT
from gutwidgets.views._traits import UNAVAILABLE
from gutwidgets.views.support import SCENARIOS, FibreExplorer, ScenarioPlanner

from .test_crosscheck import differences
from .test_crosscheck_figures import as_js
from .test_page_models import assert_page_draws_python, assert_random_walk_is_clean, run_page, set_controls

pytestmark = pytest.mark.browser  # runs Node

STATES = 200
FIBRE_VIEWS = {"plot": ("figure", "description"), "note": ("value",)}
PLANNER_VIEWS = {"plot": ("figure", "description"), "status": ("value",), "card": ("value",), "note": ("value",),
                 "start_slider": ("disabled", "tooltip"), "fibre_slider": ("disabled", "tooltip")}


@pytest.fixture
def fibre(catalogue):
    return FibreExplorer(catalogue=catalogue)


@pytest.fixture
def planner(catalogue):
    return ScenarioPlanner(catalogue=catalogue)


def views_of(explorer, keys: dict) -> dict:
    return json.loads(json.dumps({name: {k: getattr(getattr(explorer, name), k) for k in ks}
                                  for name, ks in keys.items()}))


def fibre_python(explorer, shown: dict) -> tuple[str, dict]:
    """What the kernel's Python twin draws for this slider value."""
    set_controls(explorer, shown)
    explorer.show_in_kernel()
    return explorer.sentence, views_of(explorer, FIBRE_VIEWS)


def planner_python(explorer, shown: dict) -> tuple[str, dict]:
    """What the kernel's Python twin draws for these control values. The card is the page's: the switch
    last moved (the page tells the kernel in its state, as the kernel hears it here)."""
    moved = [k for k in shown if k in explorer.switches and shown[k] != explorer.switches[k].value]
    set_controls(explorer, shown)
    if moved:
        explorer.focus = moved[-1]
    explorer.show_in_kernel()
    return explorer.sentence, views_of(explorer, PLANNER_VIEWS)


def page_views(keys: dict):
    return lambda step: {name: {k: step["views"][name][k] for k in ks} for name, ks in keys.items()}


def fibre_states(explorer, n: int) -> list[dict]:
    """Every whole intake on the slider, then random ones anywhere on it."""
    rnd = random.Random(1661)
    top = explorer.slider.max
    states = [{"fibre": float(f)} for f in range(int(top) + 1)]
    while len(states) < n:
        states.append({"fibre": rnd.choice([rnd.uniform(0, top), float(rnd.randint(0, int(top)))])})
    return states


def planner_states(explorer, n: int) -> list[dict]:
    """Every scenario with no strategy, each one alone and all of them at the sliders' ends, then random
    states (as the controls hold them: the scenario by index)."""
    rnd = random.Random(1662)
    sids = list(explorer.switches)
    ends = [(0.0, 0.0), (60.0, 60.0), (0.0, 60.0), (60.0, 0.0), (30.0, 24.0), (12.0, 45.0)]
    states = []
    for i in range(len(SCENARIOS)):
        for chosen in ([], sids, *([sid] for sid in sids)):
            start, after = ends[len(states) % len(ends)]
            states.append({"scenario": i, **{sid: sid in chosen for sid in sids}, "start_day": start,
                           "fibre_after": after})
    while len(states) < n:
        st = {"scenario": rnd.randrange(len(SCENARIOS)), **{sid: rnd.random() < 0.3 for sid in sids}}
        st.update(start_day=float(rnd.randint(0, 60)), fibre_after=rnd.choice([float(rnd.randint(0, 60)),
                                                                              rnd.uniform(0, 60)]))
        states.append(st)
    return states


def only_moves_sent(out, explorer) -> None:
    """A viewer's moves were the page's own (the harness sends none): nothing, views included, was sent."""
    last = out["steps"][-1]
    assert all(n == 0 for n in last["saves"].values()), "something was sent to the kernel"
    assert last["warnings"] == 0


def test_the_fibre_page_draws_what_python_draws_for_every_state(fibre, tmp_path):
    states = fibre_states(fibre, STATES)
    out = assert_page_draws_python(fibre, states, tmp_path, fibre_python, page_views(FIBRE_VIEWS))
    only_moves_sent(out, fibre)
    assert out["steps"][-1]["controller_saves"] == 0
    for shown, step in zip(states, out["steps"][1:]):  # the page's own buttons, greyed out where the slider is
        set_controls(fibre, shown)
        reasons = fibre.button_reasons()
        assert {k: b["disabled"] for k, b in step["buttons"].items()} == {k: r is not None for k, r in reasons.items()}
        assert all(b["title"] == UNAVAILABLE + reasons[k] for k, b in step["buttons"].items() if b["disabled"])


def test_the_planner_page_draws_what_python_draws_for_every_state(planner, tmp_path):
    out = assert_page_draws_python(planner, planner_states(planner, STATES), tmp_path, planner_python,
                                   page_views(PLANNER_VIEWS))
    only_moves_sent(out, planner)


def test_the_first_draws_need_no_kernel(fibre, planner, tmp_path):
    for explorer, python, keys, title in (
            (fibre, fibre_python, FIBRE_VIEWS, "Back to the typical intake"),
            (planner, planner_python, PLANNER_VIEWS, "NSAID scenario, no strategies, day 30, recommended fibre")):
        assert explorer._model is None and explorer.plot.figure == {}  # the kernel has computed nothing
        out = run_page(explorer, [], tmp_path)
        first = out["steps"][0]
        sentence, views = python(explorer, {})
        assert first["sentence"] == sentence and first["revision"] == "1"
        assert not differences(as_js(views), as_js(page_views(keys)(first)))
        assert out["reset_title"] == title
    assert first["views"]["start_slider"]["disabled"] and first["views"]["fibre_slider"]["disabled"]
    assert "Strategies start on day" in first["views"]["note"]["value"]


def test_the_fibre_buttons_move_the_slider_and_tell_the_kernel(fibre, tmp_path):
    c = fibre._constants
    out = run_page(fibre, [{"button": "recommended"}, {"button": "recommended"}, {"button": "typical"}], tmp_path)
    start, recommended, again, typical = out["steps"]
    assert start["buttons"]["typical"]["disabled"] and not start["buttons"]["recommended"]["disabled"]
    assert recommended["controls"]["fibre"] == c.fibre_recommended and recommended["buttons"]["recommended"]["disabled"]
    assert f"At {c.fibre_recommended:g} g of fibre a day" in recommended["sentence"]
    assert "already at the recommended intake" in recommended["views"]["note"]["value"]
    slider = fibre.summary.controls["fibre"]["ref"]
    assert recommended["saves"][slider] == 1 and again["sentence"] == recommended["sentence"]
    assert typical["controls"]["fibre"] == c.fibre_typical_intake and typical["sentence"] == start["sentence"]
    fibre.shortcut("recommended")  # the kernel's twin of the button
    assert fibre.fibre == c.fibre_recommended and fibre.sentence == recommended["sentence"]
    with pytest.raises(ValueError, match="unknown shortcut 'plenty'; allowed: typical, recommended"):
        fibre.shortcut("plenty")


def test_each_planner_control_acts_or_is_greyed_out_with_its_reason(planner, tmp_path):
    """At seeded states, each slider is moved: where the page has greyed it out its tooltip and the note
    say why and the prediction does not change; where not, the sentence or the plan changes. The menu
    and each switch always change the sentence or what the page shows."""
    rnd = random.Random(1663)
    states = planner_states(planner, 60)[::6] + planner_states(planner, 72)[60:]  # edges, then random states
    moves = {"start_day": lambda v: 60.0 - v if v != 30.0 else 10.0, "fibre_after": lambda v: 60.0 - v if v != 30.0
             else 18.0}
    script = []
    for st in states:
        for name, other in moves.items():
            script += [{"set": st}, {"set": {name: other(st[name])}}]
        switch = rnd.choice(list(planner.switches))
        script += [{"set": st}, {"set": {switch: not st[switch]}}, {"set": st},
                   {"set": {"scenario": (st["scenario"] + 1) % len(SCENARIOS)}}]
    steps = run_page(planner, script, tmp_path)["steps"][1:]

    def with_line(step):
        return next(t for t in step["views"]["plot"]["figure"]["data"] if t["name"] == "With the strategies")["y"]

    greyed = acted = 0
    for i in range(0, len(steps), 8):
        for k, name in enumerate(moves):
            before, after = steps[i + 2 * k], steps[i + 2 * k + 1]
            slider = before["views"][f"{'start' if name == 'start_day' else 'fibre'}_slider"]
            if slider["disabled"]:
                reason = slider["tooltip"].removeprefix(UNAVAILABLE)
                assert slider["tooltip"].startswith(UNAVAILABLE) and reason
                assert reason.replace("'", "&#x27;") in before["views"]["note"]["value"]
                assert with_line(after) == with_line(before)
                greyed += 1
            else:
                assert after["sentence"] != before["sentence"] or with_line(after) != with_line(before)
                acted += 1
        assert steps[i + 5]["sentence"] != steps[i + 4]["sentence"] or \
            steps[i + 5]["views"]["status"] != steps[i + 4]["views"]["status"]
        assert steps[i + 7]["sentence"] != steps[i + 6]["sentence"]
    assert greyed > 5 and acted > 5


def test_ticking_a_strategy_shows_its_card_and_tells_the_kernel(planner, tmp_path):
    out = run_page(planner, [{"set": {"glutamine": True}}, {"set": {"zinc_carnosine": True}},
                             {"kernel": {"more_fibre": True}}], tmp_path)
    _, glutamine, zinc, kernel = out["steps"]
    assert glutamine["state"] == {"focus": "glutamine"} and "Not modelled" in glutamine["views"]["card"]["value"]
    assert "None of the chosen strategies changes" in glutamine["sentence"]
    assert glutamine["views"]["start_slider"]["disabled"] and "none of the chosen strategies acts" in \
        glutamine["views"]["start_slider"]["tooltip"]
    assert zinc["state"] == {"focus": "zinc_carnosine"} and zinc["controller_saves"] == 2
    assert not zinc["views"]["start_slider"]["disabled"] and "Modelled" in zinc["views"]["card"]["value"]
    assert kernel["state"] == zinc["state"] and kernel["controller_saves"] == 2  # Python's move: no new card
    # The kernel's twin follows the page's state.
    planner.summary.state = zinc["state"]
    set_controls(planner, {"glutamine": True, "zinc_carnosine": True, "more_fibre": True})
    assert planner.focus == "zinc_carnosine" and planner.chosen == ["more_fibre", "zinc_carnosine", "glutamine"]
    assert planner.sentence == kernel["sentence"]


def test_reset_in_the_page_restores_every_control_and_the_card_and_tells_the_kernel(fibre, planner, tmp_path):
    moved = {"scenario": 3, "stop_nsaids": True, "more_fibre": True, "start_day": 5.0, "fibre_after": 50.0}
    for explorer, script in ((fibre, [{"set": {"fibre": 42.0}}, {"reset": True}]),
                             (planner, [{"set": moved}, {"reset": True}])):
        out = run_page(explorer, script, tmp_path)
        reset = out["steps"][-1]
        defaults = {name: spec["default"] for name, spec in explorer.summary.controls.items()}
        assert reset["controls"] == defaults and out["steps"][1]["sentence"] != reset["sentence"]
        assert reset["sentence"] == out["steps"][0]["sentence"] and reset["views"] == out["steps"][0]["views"]
    assert reset["state"] == {"focus": "stop_nsaids"}
    assert defaults["fibre_after"] == planner.fibre.constants.fibre_recommended  # from data/
    # The kernel's Reset reaches the same state.
    set_controls(planner, moved)
    planner.focus = "more_fibre"
    planner.reset()
    assert planner.sentence == reset["sentence"] and planner.summary.state == reset["state"]
    assert {n: getattr(planner.control_widgets[n], s["attr"]) for n, s in planner.summary.controls.items()} == defaults


def test_bad_constants_show_the_error_text_and_keep_the_views(fibre, planner, tmp_path):
    for explorer, move in ((fibre, {"fibre": 25.0}), (planner, {"stop_nsaids": True})):
        bad = json.loads(json.dumps(explorer.summary.constants))
        bad["support"]["fibre"]["butyrate_optimum"] = 9.0
        out = run_page(explorer, [{"set": move}, {"constants": bad}], tmp_path)
        good, broken = out["steps"][1], out["steps"][2]
        assert broken["sentence"] == ERROR_TEXT and broken["warnings"] == 1
        assert broken["views"] == good["views"]


@pytest.mark.parametrize("which", ["fibre", "planner"])
def test_a_random_walk_of_controls_never_shows_nan_or_breaks(which, request, tmp_path):
    assert_random_walk_is_clean(request.getfixturevalue(which), 1664, 300 if which == "fibre" else 200, tmp_path)
