"""Chapter 3's widgets without a browser: controls drive the model, the figure and the words (the
kernel's Python twin of what the page draws: ``show_in_kernel()`` draws it; tests/test_page_models_causes.py
checks the page draws the same)."""

from __future__ import annotations

import json

import pytest
import traitlets

from gutwidgets.figures import figure_structure
from gutwidgets.views.causes import CauseChain, CauseExplorer


@pytest.fixture
def explorer():
    return CauseExplorer()


def _trace(explorer, name):
    explorer.show_in_kernel()
    return next(t for t in explorer.course_plot.figure["data"] if t["name"] == name)


def test_starts_healthy_with_no_causes(explorer):
    assert explorer.active == {}
    assert set(_trace(explorer, "Sugar-test ratio")["y"]) == {1.0}
    assert "No cause is switched on" in explorer.sentence


def test_switching_a_cause_on_changes_the_plot_the_diagram_and_the_words(explorer):
    before = _trace(explorer, "Sugar-test ratio")["y"]
    explorer.controls["nsaid"].switch.value = True
    assert explorer.active == {"nsaid": 150.0}
    assert not explorer.controls["nsaid"].intensity.disabled
    after = _trace(explorer, "Sugar-test ratio")["y"]
    assert after != before and 2.4 <= max(after) <= 2.6
    assert explorer.chain.active == {"nsaid": 1.0}
    assert "2.5 times healthy" in explorer.sentence and "back within a tenth" in explorer.sentence
    explorer.show_in_kernel()
    assert explorer.focus == "nsaid" and "Strong evidence" in explorer.card.value


def test_intensity_slider_scales_the_effect(explorer):
    explorer.set_cause("alcohol", 8)
    full = max(_trace(explorer, "Sugar-test ratio")["y"])
    explorer.controls["alcohol"].intensity.value = 4
    half = max(_trace(explorer, "Sugar-test ratio")["y"])
    assert 1.0 < half < full
    assert explorer.chain.active["alcohol"] == pytest.approx(0.5)


def test_animal_sized_causes_are_labelled_on_the_page(explorer):
    explorer.set_cause("sugar")
    assert "comes from animal studies and is for illustration only" in explorer.sentence
    explorer.show_in_kernel()
    assert "Animal or cell studies only" in explorer.card.value
    assert "animal studies" in explorer.controls["sugar"].badge.value


def test_unmodelled_cause_is_shown_but_changes_nothing(explorer):
    explorer.set_cause("chronic_stress")
    assert set(_trace(explorer, "Sugar-test ratio")["y"]) == {1.0}
    assert "Not modelled, for lack of a measured size" in explorer.sentence
    explorer.show_in_kernel()
    assert "Not modelled:" in explorer.card.value


def test_pin_compares_two_scenarios_side_by_side(explorer):
    explorer.set_cause("nsaid")
    explorer.pin()
    pinned = _trace(explorer, "Pinned scenario: ratio")["y"]
    explorer.set_cause("alcohol")
    assert _trace(explorer, "Pinned scenario: ratio")["y"] == pinned
    assert max(_trace(explorer, "Sugar-test ratio")["y"]) > max(pinned)
    explorer.show_in_kernel()
    assert "<table class='gw-compare'>" in explorer.comparison.value
    assert "NSAIDs" in explorer.comparison.value and "Heavy alcohol" in explorer.comparison.value
    explorer.span = "First 3 days"  # the pinned scenario is redrawn on the new time axis
    assert len(_trace(explorer, "Pinned scenario: ratio")["y"]) == len(_trace(explorer, "Sugar-test ratio")["y"])
    explorer.unpin()
    assert set(_trace(explorer, "Pinned scenario: ratio")["y"]) == {None}


def test_cause_changes_only_touch_data_arrays(explorer):
    """Switching causes must take the browser's fast redraw path: only x/y arrays change."""
    explorer.show_in_kernel()
    before = figure_structure(explorer.course_plot.figure)
    explorer.set_cause("nsaid")
    explorer.duration = 14.0
    explorer.set_cause("alcohol", 5)
    explorer.show_in_kernel()
    assert figure_structure(explorer.course_plot.figure) == before


def test_reset_restores_the_start(explorer):
    explorer.set_cause("nsaid")
    explorer.duration = 28.0
    explorer.span = "First 3 days"
    explorer.pin()
    explorer.reset()
    assert explorer.active == {} and explorer.duration == 5.0 and explorer.span == "90 days"
    assert not any(c.switch.value for c in explorer.controls.values())
    assert explorer.pinned is None and explorer.summary.state == {"focus": "nsaid", "pinned": None}
    explorer.show_in_kernel()
    assert "Clear pin</b> is greyed out: nothing is pinned" in explorer.note.value


@pytest.mark.parametrize("name, value, words", [
    ("active", {"nsaid": 999}, "nsaid intensity must be from 0 to 200"),
    ("active", {"coffee": 1}, "unknown cause 'coffee'"),
    ("duration", 4.0, "duration must be one of"),
    ("focus", "coffee", "focus must be one of"),
    ("theme", "neon", "theme must be one of"),
])
def test_invalid_values_are_refused_with_what_is_allowed(explorer, name, value, words):
    with pytest.raises(traitlets.TraitError, match=words):
        setattr(explorer, name, value)


def test_every_state_gives_plain_json_without_nan(explorer):
    for ctl in explorer.controls.values():
        ctl.switch.value = True
        ctl.intensity.value = ctl.intensity.max
    for span in ("First 3 days", "90 days"):
        explorer.span = span
        explorer.show_in_kernel()
        json.dumps(explorer.course_plot.figure, allow_nan=False)
    assert "Something went wrong" not in explorer.sentence


def test_chain_rows_come_from_data():
    from gutwidgets import data
    chain = CauseChain.from_catalogue(data.load())
    rows = {r["id"]: r for r in chain.rows}
    assert rows["nsaid"]["route"] == "unrestricted" and rows["alcohol"]["route"] == "leak"
    assert rows["emulsifiers"]["route"] is None and not rows["emulsifiers"]["modelled"]
    assert rows["sugar"]["species"] == "animal"


def test_records_cover_every_number_shown(explorer):
    from gutwidgets import data
    cat = data.load()
    ids = explorer.records()
    for c in cat.causes.values():
        assert c.id in ids and all(f in ids for f in c.fact_ids())


def test_constructor_values_survive_the_controls():
    ex = CauseExplorer(active={"alcohol": 4.0}, duration=14.0, span="First 3 days")
    assert (ex.duration, ex.duration_slider.value, ex.span, ex.span_pick.value) == (14.0, 14.0, "First 3 days",
                                                                                    "First 3 days")
    assert ex.controls["alcohol"].switch.value and ex.controls["alcohol"].intensity.value == 4.0


def test_the_kernel_computes_nothing_until_python_reads(explorer):
    assert explorer._model is None and explorer.course_plot.figure == {}
    explorer.set_cause("nsaid")
    assert explorer._model is None  # a lever move only marks the kernel's state stale
    assert "2.5 times healthy" in explorer.sentence and explorer._model is not None


def test_a_move_from_the_page_does_not_switch_its_cause_on_in_the_kernel(explorer):
    """The page switches a cause on itself when a viewer moves its intensity (and tells the kernel); a
    Reset in the page sends the intensity back with the switch off, which the kernel must not undo."""
    ctl = explorer.controls["alcohol"]
    ctl.intensity.set_state({"value": 4.0})  # as a message from the page sets it
    assert ctl.intensity.value == 4.0 and not ctl.switch.value and explorer.active == {}
    ctl.intensity.value = 5.0  # Python code moving it: the kernel switches the cause on
    assert ctl.switch.value and explorer.active == {"alcohol": 5.0}


def test_the_page_state_reaches_the_kernel(explorer):
    explorer.summary.state = {"focus": "sugar", "pinned": {"active": {"sugar": 1.0}, "duration": 14.0,
                                                           "span": "90 days"}}
    assert explorer.focus == "sugar" and explorer.pinned["duration"] == 14.0
    explorer.show_in_kernel()
    assert "Evidence for Sugar" in explorer.card.value and "gw-compare" in explorer.comparison.value
