"""Chapter 3's page controller (``views/causes.py: CausePage``, ``_esm/pages/causes.js``) run under
Node as the page runs it (tests/page_harness.mjs): for seeded states of its twenty controls (each
cause's switch and intensity, the duration, the time axis) the page draws what the kernel's Python
twin draws (the live sentence, the evidence card, the table and the note exactly; the course figure
and the chain within the cross-check's tolerance), pins and clears a scenario in the page, switches a
cause on when its intensity moves, sends no figure to the kernel, and Reset and bad constants behave.
The cause model's own check is tests/test_crosscheck_causes.py."""

from __future__ import annotations

import html
import json
import random

import pytest

from gutwidgets.views._dashboard import ERROR_TEXT
from gutwidgets.views.causes import DURATIONS, SPANS, CauseExplorer

from .test_crosscheck import differences
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
    "course_plot": ("figure", "description"),
    "chain": ("active", "description"),
    "card": ("value",),
    "comparison": ("value",),
    "note": ("value",),
}


@pytest.fixture
def explorer(catalogue):
    return CauseExplorer(catalogue=catalogue)


def shown_states(explorer, n: int) -> list[dict]:
    """Seeded control states as the controls hold them (the duration and time axis by index): each cause
    alone at each end of its intensity, on both time axes at the shortest and longest duration, every
    cause at its maximum together, then random ones."""
    causes = explorer._causes
    rnd = random.Random(1631)
    off = {**{cid: c.intensity_reference for cid, c in causes.items()}, **{f"{cid}_on": False for cid in causes}}
    states = []
    for cid, c in causes.items():
        for value in (0.0, c.intensity_max):
            for d in (0, len(DURATIONS) - 1):
                for span in range(len(SPANS)):
                    states.append({**off, cid: value, f"{cid}_on": True, "duration": d, "span": span})
    states.append({**{cid: c.intensity_max for cid, c in causes.items()}, **{f"{cid}_on": True for cid in causes},
                   "duration": len(DURATIONS) - 1, "span": 1})
    while len(states) < n:
        st = {}
        for cid, c in causes.items():
            steps = round(c.intensity_max / c.intensity_step)
            st[cid] = round(rnd.randint(0, steps) * c.intensity_step, 10)
        st.update({f"{cid}_on": rnd.random() < 0.35 for cid in causes})
        st.update(duration=rnd.randrange(len(DURATIONS)), span=rnd.randrange(len(SPANS)))
        states.append(st)
    return states


python_views, page_views = view_readers(VIEW_KEYS)


def test_the_page_draws_what_python_draws_for_every_state(explorer, tmp_path):
    out = assert_page_draws_python(explorer, shown_states(explorer, STATES), tmp_path, python_views, page_views)
    views = set(explorer.summary.views.values())
    assert all(n == 0 for ref, n in out["steps"][-1]["saves"].items() if ref in views), "a view was sent to the kernel"
    assert out["steps"][-1]["warnings"] == 0


def test_the_states_reach_what_the_sentence_warns_of(explorer):
    """The seeded states include a cause that never comes back in view, animal-sized causes, causes not
    modelled and a rise too small to count."""
    sentences = []
    for shown in shown_states(explorer, STATES):
        set_controls(explorer, shown)
        sentences.append(explorer.sentence)
    for words in ("has not come back within the time shown", "comes from animal studies",
                  "Not modelled, for lack of a measured size", "is back within a tenth of healthy by day",
                  "times healthy.", "No cause is switched on"):
        assert any(words in s for s in sentences), words


def test_the_first_draw_needs_no_kernel(explorer, tmp_path):
    out = run_page(explorer, [], tmp_path)
    first = out["steps"][0]
    sentence, views = python_views(explorer, {})
    assert first["sentence"] == sentence and first["revision"] == "1"
    assert not differences(as_js(views), as_js(page_views(first)))
    assert out["reset_title"] == "No causes; 5 days; 90-day view; no pin"
    assert first["buttons"]["unpin"]["disabled"] and not first["buttons"]["pin"]["disabled"]
    assert first["buttons"]["unpin"]["title"].startswith("Not available now: nothing is pinned")


def test_moving_an_intensity_switches_its_cause_on_and_shows_its_card(explorer, tmp_path):
    out = run_page(explorer, [{"set": {"alcohol": 4.0}}, {"set": {"alcohol_on": False}}, {"set": {"nsaid_on": True}}],
                   tmp_path)
    moved, off, nsaid = out["steps"][1:]
    alcohol_switch = explorer.summary.controls["alcohol_on"]["ref"]
    assert moved["controls"]["alcohol_on"] is True and moved["saves"][alcohol_switch] == 1  # told to the kernel
    assert "Heavy alcohol use (4 drinks/day), for 5 days" in moved["sentence"]
    assert moved["state"]["focus"] == "alcohol" and "Evidence for Heavy alcohol use" in moved["views"]["card"]["value"]
    assert off["sentence"].startswith("No cause is switched on") and off["controls"]["alcohol"] == 4.0
    assert nsaid["state"]["focus"] == "nsaid" and nsaid["controller_saves"] == 2  # each new focus told once
    # The kernel's Python twin does the same for the same moves.
    set_controls(explorer, {"alcohol": 4.0})
    assert explorer.controls["alcohol"].switch.value and explorer.focus == "alcohol"
    assert explorer.sentence == moved["sentence"]


def test_a_move_the_kernel_makes_is_not_taken_for_a_viewers(explorer, tmp_path):
    """Python's reset() sends each intensity back while the switch is off: the page must not switch the
    cause on again (the kernel has already done what follows from its own moves)."""
    out = run_page(explorer, [{"kernel": {"alcohol": 4.0}}], tmp_path)
    step = out["steps"][1]
    assert step["controls"]["alcohol_on"] is False and step["sentence"].startswith("No cause is switched on")
    assert all(n == 0 for n in step["saves"].values()) and step["controller_saves"] == 0


def test_pin_and_clear_in_the_page(explorer, tmp_path):
    script = [{"set": {"nsaid_on": True}}, {"button": "pin"}, {"set": {"alcohol_on": True}}, {"set": {"span": 0}},
              {"button": "unpin"}]
    out = run_page(explorer, script, tmp_path)
    _, nsaid, pinned, both, short, cleared = out["steps"]
    assert pinned["state"]["pinned"] == {"active": {"nsaid": 150.0}, "duration": 5.0, "span": "90 days"}
    assert pinned["buttons"]["pin"]["disabled"] and not pinned["buttons"]["unpin"]["disabled"]
    assert "already pinned" in pinned["views"]["note"]["value"]

    def ratio(step, name):
        return next(t for t in step["views"]["course_plot"]["figure"]["data"] if t["name"] == name)["y"]

    assert set(ratio(nsaid, "Pinned scenario: ratio")) == {None}
    assert ratio(pinned, "Pinned scenario: ratio") == ratio(pinned, "Sugar-test ratio")
    assert ratio(both, "Pinned scenario: ratio") == ratio(pinned, "Sugar-test ratio")
    assert not both["buttons"]["pin"]["disabled"]
    assert "<table class='gw-compare'>" in both["views"]["comparison"]["value"]
    assert len(ratio(short, "Pinned scenario: ratio")) == len(ratio(short, "Sugar-test ratio")) \
        == SPANS["First 3 days"][1]
    assert set(ratio(cleared, "Pinned scenario: ratio")) == {None} and cleared["state"]["pinned"] is None
    # Python sees the same pin and draws the same table (the page told the kernel its state).
    set_controls(explorer, {"nsaid_on": True})
    explorer.pin()
    assert explorer.summary.state["pinned"] == pinned["state"]["pinned"]
    set_controls(explorer, {"alcohol_on": True, "span": 0})
    explorer.show_in_kernel()
    assert explorer.comparison.value == short["views"]["comparison"]["value"]
    assert explorer.note.value == short["views"]["note"]["value"]


def test_a_pin_set_from_python_is_drawn_in_the_page(explorer, tmp_path):
    state = {"focus": "sugar", "pinned": {"active": {"sugar": 1.0}, "duration": 14.0, "span": "90 days"}}
    out = run_page(explorer, [{"state": state}], tmp_path)
    step = out["steps"][1]
    assert html.escape("Sugar, fructose and high blood glucose (at the study's level), for 14 days") in \
        step["views"]["comparison"]["value"]
    assert "Evidence for Sugar" in step["views"]["card"]["value"]


def test_reset_in_the_page_restores_every_control_and_the_pin_and_tells_the_kernel(explorer, tmp_path):
    moved = {"alcohol": 10.0, "nsaid_on": True, "duration": 9, "span": 0}
    out = run_page(explorer, [{"set": moved}, {"button": "pin"}, {"set": {"acute_stress": 0.5}}, {"reset": True}],
                   tmp_path)
    reset = out["steps"][-1]
    defaults = {name: spec["default"] for name, spec in explorer.summary.controls.items()}
    assert reset["controls"] == defaults
    assert reset["sentence"] == out["steps"][0]["sentence"]
    assert reset["state"] == {"focus": "nsaid", "pinned": None}
    assert reset["views"] == out["steps"][0]["views"]
    # The kernel's Reset reaches the same state.
    set_controls(explorer, moved)
    explorer.pin()
    explorer.reset()
    assert explorer.sentence == reset["sentence"] and explorer.summary.state == reset["state"]
    assert {n: getattr(explorer.control_widgets[n], s["attr"]) for n, s in explorer.summary.controls.items()} \
        == reset["controls"]


def test_bad_constants_show_the_error_text_and_keep_the_figures(explorer, tmp_path):
    bad = json.loads(json.dumps(explorer.summary.constants))
    bad["causes"]["specs"]["nsaid"]["fold"] = 0.5
    out = run_page(explorer, [{"set": {"nsaid_on": True}}, {"constants": bad}], tmp_path)
    good, broken = out["steps"][1], out["steps"][2]
    assert broken["sentence"] == ERROR_TEXT and broken["warnings"] == 1
    assert broken["views"] == good["views"]


def test_the_comparison_fails_when_the_page_side_changes_alone(explorer, tmp_path):
    esm = explorer.summary._esm
    edited = esm.replace("out[i] = atStop * Math.exp(-(d - stop) / recovery)",
                         "out[i] = atStop * Math.exp(-(d - stop) / (1.01 * recovery))")
    assert edited != esm
    shown = {"nsaid_on": True}
    out = run_page(explorer, [{"set": shown}], tmp_path, esm=edited)
    _, views = python_views(explorer, shown)
    assert differences(as_js(views), as_js(page_views(out["steps"][1])))


def test_a_random_walk_of_controls_never_shows_nan_or_breaks(explorer, tmp_path):
    assert_random_walk_is_clean(explorer, 1632, 1000, tmp_path)
