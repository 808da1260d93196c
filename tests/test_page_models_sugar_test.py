"""Chapter 6's page controller (``views/sugar_test.py: SugarTestPage``, ``_esm/pages/sugar_test.js``) run
under Node as the page runs it (tests/page_harness.mjs): for every state of its two controls (the
scenario menu, the window slider) the page draws what the kernel's Python twin draws (the live
sentence exactly; the urine timeline and the ratio plot, its crowd of simulated people included,
within the cross-check's tolerance), sends nothing from the views to the kernel, and Reset and bad
constants behave. The model's and the figures' own check is tests/test_crosscheck_sugar_test.py; here
too, the kernel behind the chapter imports no numpy until Python code reads the model."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

from gutwidgets.figures import figure_structure
from gutwidgets.models.sugar_test_constants import SCENARIOS, SUGAR_TEST_LEVERS
from gutwidgets.views._dashboard import ERROR_TEXT
from gutwidgets.views.sugar_test import SugarTestExplorer

from .conftest import ROOT
from .test_crosscheck import differences
from .test_crosscheck_figures import as_js
from .test_kernel_path import PROBE, _code_cells, _find_explorer_name
from .test_page_models import (
    assert_page_draws_python,
    assert_random_walk_is_clean,
    run_page,
    set_controls,
    view_readers,
)

pytestmark = pytest.mark.browser  # runs Node

STATES = 200
VIEW_KEYS = {"timeline": ("figure", "description"), "ratio_plot": ("figure", "description")}
#: The start: the first scenario (healthy) and the published window (data/: urine_window).
START = {"scenario": 0, "window": 5.0}


@pytest.fixture
def explorer(catalogue):
    return SugarTestExplorer(catalogue=catalogue)


def shown_states(n: int) -> list[dict]:
    """Seeded control states: each scenario at each end of the window and at the published one, then
    random ones (the slider's whole hours, and any value in its range); the menu by its index."""
    window = SUGAR_TEST_LEVERS["window"]
    states = [{"scenario": i, "window": w} for i in range(len(SCENARIOS)) for w in (window.low, window.high, 5.0)]
    rnd = random.Random(1661)
    while len(states) < n:
        w = float(rnd.randint(int(window.low), int(window.high))) if rnd.random() < 0.7 else \
            rnd.uniform(window.low, window.high)
        states.append({"scenario": rnd.randrange(len(SCENARIOS)), "window": w})
    return states


python_views, page_views = view_readers(VIEW_KEYS)


def test_the_page_draws_what_python_draws_for_every_state(explorer, tmp_path):
    out = assert_page_draws_python(explorer, shown_states(STATES), tmp_path, python_views, page_views)
    assert all(n == 0 for n in out["steps"][-1]["saves"].values()), "a move sent something to the kernel"
    assert out["steps"][-1]["warnings"] == 0
    # The crowd is the one Python draws (the shared generator): the same 200 people, dot for dot.
    last = out["steps"][-1]["views"]["ratio_plot"]["figure"]["data"][1]
    assert last["name"].startswith("Simulated people") and len(last["x"]) == explorer.people
    assert last["x"] == explorer.ratio_plot.figure["data"][1]["x"]


def test_the_first_draw_needs_no_kernel(explorer, tmp_path):
    assert explorer._model is None and explorer.timeline.figure == {}  # the kernel computed nothing
    out = run_page(explorer, [], tmp_path)
    first = out["steps"][0]
    sentence, views = python_views(explorer, START)
    assert first["sentence"] == sentence and first["revision"] == "1"
    assert first["sentence"].startswith("Healthy adult, urine collected for 5 h")
    assert not differences(as_js(views), as_js(page_views(first)))
    assert out["reset_title"] == "Healthy adult, 5-hour collection"


def test_each_control_alone_changes_what_it_should(explorer, tmp_path):
    """The window slider moves the collection window and changes the curves' numbers, the crowd and the
    sentence, but not the figures' structure (plotly's fast path); the menu changes the scenario."""
    out = run_page(explorer, [{"set": {"window": 24.0}}, {"set": {"window": 5.0}}, {"set": {"scenario": 1}}],
                   tmp_path)
    start, day, back, coeliac = out["steps"]
    assert "24 h" in day["sentence"] and "Published 24-h recoveries" in day["sentence"]
    window = day["views"]["timeline"]["figure"]["data"][0]
    assert window["name"] == "Urine collection window" and max(window["x"]) == 24.0
    for name in VIEW_KEYS:
        before, after = start["views"][name]["figure"], day["views"][name]["figure"]
        assert figure_structure(before) == figure_structure(after), name
        assert before["data"] != after["data"], name
    assert back["sentence"] == start["sentence"] and back["views"] == start["views"]
    assert coeliac["sentence"].startswith("Untreated coeliac disease") and "times the healthy value" in \
        coeliac["sentence"]
    people = [s["views"]["ratio_plot"]["figure"]["data"][1]["x"] for s in (start, coeliac)]
    assert people[0] != people[1]
    curves = [s["views"]["timeline"]["figure"]["data"][1]["y"] for s in (start, coeliac)]
    assert curves[0] != curves[1]


def test_reset_in_the_page_restores_every_control_and_tells_the_kernel(explorer, tmp_path):
    moved = {"scenario": 3, "window": 24.0}
    start, after, reset = run_page(explorer, [{"set": moved}, {"reset": True}], tmp_path)["steps"]
    assert after["controls"] == moved and after["sentence"] != start["sentence"]
    assert (reset["controls"], reset["sentence"], reset["views"]) == (START, start["sentence"], start["views"])
    refs = {spec["ref"] for spec in explorer.summary.controls.values()}
    assert reset["saves"] == {ref: int(ref in refs) for ref in reset["saves"]}  # each control told once, no view
    # The kernel's Reset (explorer.reset()) reaches the same state: the published window comes from data/.
    set_controls(explorer, moved)
    explorer.reset()
    assert (explorer.scenario_pick.index, explorer.window_slider.value) == (START["scenario"], START["window"])
    assert explorer.sentence == reset["sentence"]


@pytest.mark.parametrize(("key", "value"), [("lactulose_24h_ileostomy", 0.9), ("colon_arrival_2h", -1.0)])
def test_bad_constants_show_the_error_text_and_keep_the_figures(explorer, tmp_path, key, value):
    bad = json.loads(json.dumps(explorer.summary.constants))
    bad["sugar_test"][key] = value  # the colon taking lactulose away; a negative share
    _start, good, broken = run_page(explorer, [{"set": {"window": 9.0}}, {"constants": bad}], tmp_path)["steps"]
    assert (broken["sentence"], broken["warnings"], broken["views"]) == (ERROR_TEXT, 1, good["views"])


def test_the_comparison_fails_when_the_page_side_changes_alone(explorer, tmp_path):
    esm = explorer.summary._esm
    edited = esm.replace("model.population(inputs.people, inputs.seed)", "model.population(inputs.people, 8)")
    assert edited != esm
    shown = {"scenario": 2, "window": 6.0}
    out = run_page(explorer, [{"set": shown}], tmp_path, esm=edited)
    _sentence, views = python_views(explorer, shown)
    found = differences(as_js(views), as_js(page_views(out["steps"][1])))
    assert any(d.startswith(".ratio_plot.figure.data[1].x") for d in found), found[:5]


def test_a_random_walk_of_controls_never_shows_nan_or_breaks(explorer, tmp_path):
    assert_random_walk_is_clean(explorer, 1662, 400, tmp_path)


def test_the_crowd_size_reaches_the_page_and_the_kernel_computes_nothing_on_a_move(explorer):
    explorer.window_slider.value = 12.0
    explorer.scenario_pick.index = 2
    explorer.people = 50
    assert explorer._model is None and explorer.summary.inputs["people"] == 50  # told, not computed
    assert explorer.window == 12.0 and explorer.scenario == "crohn_quiescent"
    assert "crohn" in explorer.sentence.lower() and explorer.model.window == 12.0
    explorer.show_in_kernel()
    assert len(explorer.ratio_plot.figure["data"][1]["x"]) == 50


def test_chapter6_kernel_imports_no_numpy_until_python_reads_the_model():
    """The chapter's own notebook cells in a fresh interpreter (tests/test_kernel_path.py's probe)."""
    cells = _code_cells("06_measuring_permeability")
    name = _find_explorer_name(cells, "SugarTestExplorer")
    levers = {"scenario": "coeliac", "window": 24.0}
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(cells), name, json.dumps(levers)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["before"] is False, "building the page imported numpy"
    assert out["moved"] is False, "a lever move imported numpy (the kernel computed)"
    assert out["after"] is True, "reading the sentence must run the Python model"
    here = SugarTestExplorer()  # the same dashboard in this process, numpy already loaded
    for lever, value in levers.items():
        setattr(here, lever, value)
    assert out["sentence"] == here.sentence and "24 h" in out["sentence"]
    assert "error_text" in out["inputs"] and "sugar_test" in out["constants"]
