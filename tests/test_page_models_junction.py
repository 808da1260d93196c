"""Chapter 2's page controller (``views/junction.py: JunctionPage``, ``_esm/pages/junction.js``) run
under Node as the page runs it (tests/page_harness.mjs): for every state of its seven controls
(four sliders, two check boxes, the tissue menu) the page draws what the kernel's Python twin draws
(the live sentence exactly; the zipper's state, the TEER meter and the sieving plot within the
cross-check's tolerance), sends nothing from the views to the kernel, and Reset and bad constants
behave. The TEER figure's own check is tests/test_crosscheck_teer.py."""

from __future__ import annotations

import json
import random

import pytest

from gutwidgets.models.junction import JUNCTION_LEVERS, TISSUES
from gutwidgets.views._dashboard import ERROR_TEXT
from gutwidgets.views.junction import JunctionExplorer

from .test_crosscheck import _draw, differences
from .test_crosscheck_figures import as_js
from .test_page_models import (
    assert_page_draws_python,
    assert_random_walk_is_clean,
    run_page,
    set_controls,
    view_readers,
)

pytestmark = pytest.mark.browser  # runs Node

STATES = 200
VIEW_KEYS = {
    "zipper": ("claudin2_level", "leak_level", "strand_integrity", "zonulin_active", "description"),
    "teer_plot": ("figure", "description"),
    "sieving": ("figure", "description"),
}


@pytest.fixture
def explorer(catalogue):
    return JunctionExplorer(catalogue=catalogue)


def shown_states(n: int) -> list[dict]:
    """Seeded control states: each slider at each end (with each switch and tissue), then random ones;
    values as the controls hold them (a menu by its index)."""
    tissues = list(TISSUES)
    rnd = random.Random(1621)
    defaults = {name: spec.low if name in ("tnf", "calcium_removed") else 1.0 for name, spec in JUNCTION_LEVERS.items()}
    states = []
    for name, spec in JUNCTION_LEVERS.items():
        for value in (spec.low, spec.high):
            for i in range(len(tissues)):
                states.append({**defaults, name: value, "ifn_gamma_primed": bool(i % 2), "zonulin": i == 2,
                               "tissue": i})
    states.append({name: spec.high for name, spec in JUNCTION_LEVERS.items()}
                  | {"ifn_gamma_primed": True, "zonulin": True, "tissue": 1})
    states.append({name: spec.low for name, spec in JUNCTION_LEVERS.items()}
                  | {"ifn_gamma_primed": False, "zonulin": False, "tissue": 2})
    while len(states) < n:
        st = {name: _draw(rnd, spec.low, spec.high, spec.step, spec.scale) for name, spec in JUNCTION_LEVERS.items()}
        st.update(ifn_gamma_primed=rnd.random() < 0.5, zonulin=rnd.random() < 0.3, tissue=rnd.randrange(len(tissues)))
        states.append(st)
    return [{k: v * JUNCTION_LEVERS[k].shown_as if k in JUNCTION_LEVERS else v for k, v in st.items()}
            for st in states]


python_views, page_views = view_readers(VIEW_KEYS)


def test_the_page_draws_what_python_draws_for_every_state(explorer, tmp_path):
    out = assert_page_draws_python(explorer, shown_states(STATES), tmp_path, python_views, page_views)
    assert all(n == 0 for n in out["steps"][-1]["saves"].values()), "a move sent something to the kernel"
    assert out["steps"][-1]["warnings"] == 0


def test_the_states_reach_the_limits_the_sentence_warns_of(explorer):
    """The seeded states include the sealed junction, a route past the model's limit and each tissue."""
    sentences = []
    for shown in shown_states(STATES):
        set_controls(explorer, shown)
        sentences.append(explorer.sentence)
    assert any("beyond the model's limit" in s for s in sentences)
    assert any("has no limit" in s for s in sentences)
    assert any("How much resistance changes is uncertain" in s for s in sentences)
    assert {label for _, label in TISSUES.values()} <= {lab for s in sentences for _, lab in TISSUES.values()
                                                         if lab in s}


def test_the_first_draw_needs_no_kernel(explorer, tmp_path):
    out = run_page(explorer, [], tmp_path)
    first = out["steps"][0]
    sentence, views = python_views(explorer, {})
    assert first["sentence"] == sentence and first["revision"] == "1"
    assert not differences(as_js(views), as_js(page_views(first)))
    assert out["reset_title"] == "Back to healthy, unstimulated junctions"


def test_each_control_alone_changes_what_it_should(explorer, tmp_path):
    """Each slider changes the sentence and the TEER meter; priming (with TNF-alpha) opens the leak
    route; the zonulin box changes the drawing and the words but no number; the menu changes the tissue."""
    moves = [("claudin2", 3.0), ("mlck", 8.0), ("tnf", 50.0), ("calcium_removed", 0.5)]
    script = [{"set": {name: v}} for name, v in moves]
    script += [{"reset": True}, {"set": {"tnf": 50.0}}, {"set": {"ifn_gamma_primed": True}}, {"reset": True},
               {"set": {"zonulin": True}}, {"reset": True}, {"set": {"tissue": 1}}]
    out = run_page(explorer, script, tmp_path)
    steps = out["steps"]
    start = steps[0]
    for i, (name, _v) in enumerate(moves, start=1):
        assert steps[i]["sentence"] != steps[i - 1]["sentence"], name
        assert steps[i]["views"]["teer_plot"]["figure"] != steps[i - 1]["views"]["teer_plot"]["figure"], name
    tnf_alone, primed = steps[6], steps[7]
    assert primed["views"]["zipper"]["leak_level"] > tnf_alone["views"]["zipper"]["leak_level"] == 1.0
    assert primed["views"]["sieving"]["figure"] != tnf_alone["views"]["sieving"]["figure"]
    zonulin = steps[9]
    assert zonulin["views"]["zipper"]["zonulin_active"] is True and "Zonulin" in zonulin["sentence"]
    assert zonulin["views"]["teer_plot"]["figure"] == start["views"]["teer_plot"]["figure"]
    assert zonulin["views"]["sieving"]["figure"] == start["views"]["sieving"]["figure"]
    jejunum = steps[11]
    assert "Human jejunum" in jejunum["sentence"] and "Human jejunum" not in start["sentence"]
    assert jejunum["views"]["teer_plot"]["figure"]["data"][2]["y"][0].startswith("Model: Human jejunum")


def test_reset_in_the_page_restores_every_control_and_tells_the_kernel(explorer, tmp_path):
    moved = {"claudin2": 3.0, "mlck": 8.0, "tnf": 50.0, "calcium_removed": 0.4, "ifn_gamma_primed": True,
             "zonulin": True, "tissue": 2}
    out = run_page(explorer, [{"set": moved}, {"reset": True}], tmp_path)
    after, reset = out["steps"][1], out["steps"][2]
    assert after["controls"] == moved
    assert reset["controls"] == {"claudin2": 1.0, "mlck": 1.0, "tnf": 0.0, "calcium_removed": 0.0,
                                 "ifn_gamma_primed": False, "zonulin": False, "tissue": 0}
    assert reset["sentence"] == out["steps"][0]["sentence"]
    controls = {spec["ref"] for spec in explorer.summary.controls.values()}
    assert {ref for ref, n in reset["saves"].items() if n} == controls
    assert all(reset["saves"][ref] == 1 for ref in controls)
    # The kernel's Reset (explorer.reset()) reaches the same state.
    set_controls(explorer, moved)
    explorer.reset()
    assert explorer.sentence == reset["sentence"]
    assert {n: getattr(explorer.control_widgets[n], s["attr"]) for n, s in explorer.summary.controls.items()} \
        == reset["controls"]


def test_bad_constants_show_the_error_text_and_keep_the_figures(explorer, tmp_path):
    bad = json.loads(json.dumps(explorer.summary.constants))
    bad["junction"]["calcium_removal_teer_fall"] = 1.5
    out = run_page(explorer, [{"set": {"tnf": 5.0}}, {"constants": bad}], tmp_path)
    good, broken = out["steps"][1], out["steps"][2]
    assert broken["sentence"] == ERROR_TEXT and broken["warnings"] == 1
    assert broken["views"] == good["views"]


def test_the_comparison_fails_when_the_page_side_changes_alone(explorer, tmp_path):
    esm = explorer.summary._esm
    edited = esm.replace("strand_integrity: 1.0 - model.calcium_removed", "strand_integrity: 1.0")
    assert edited != esm
    shown = {"calcium_removed": 0.5}
    out = run_page(explorer, [{"set": shown}], tmp_path, esm=edited)
    _, views = python_views(explorer, shown)
    assert differences(as_js(views), as_js(page_views(out["steps"][1])))


def test_a_random_walk_of_controls_never_shows_nan_or_breaks(explorer, tmp_path):
    assert_random_walk_is_clean(explorer, 1622, 1000, tmp_path)
