"""Chapter 3's widgets without a browser: controls drive the model, the figure and the words."""

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
    return next(t for t in explorer.course_plot.figure["data"] if t["name"] == name)


def test_starts_healthy_with_no_causes(explorer):
    assert explorer.active == {}
    assert set(_trace(explorer, "Sugar-test ratio")["y"]) == {1.0}
    assert "No cause is switched on" in explorer.summary.value


def test_switching_a_cause_on_changes_the_plot_the_diagram_and_the_words(explorer):
    before = _trace(explorer, "Sugar-test ratio")["y"]
    explorer.controls["nsaid"].switch.value = True
    assert explorer.active == {"nsaid": 150.0}
    assert not explorer.controls["nsaid"].intensity.disabled
    after = _trace(explorer, "Sugar-test ratio")["y"]
    assert after != before and 2.4 <= max(after) <= 2.6
    assert explorer.chain.active == {"nsaid": 1.0}
    assert "2.5 times healthy" in explorer.summary.value and "back within a tenth" in explorer.summary.value
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
    assert "comes from animal studies and is for illustration only" in explorer.summary.value
    assert "Animal or cell studies only" in explorer.card.value
    assert "animal studies" in explorer.controls["sugar"].badge.value


def test_unmodelled_cause_is_shown_but_changes_nothing(explorer):
    explorer.set_cause("chronic_stress")
    assert set(_trace(explorer, "Sugar-test ratio")["y"]) == {1.0}
    assert "Not modelled, for lack of a measured size" in explorer.summary.value
    assert "Not modelled:" in explorer.card.value


def test_pin_compares_two_scenarios_side_by_side(explorer):
    explorer.set_cause("nsaid")
    explorer.pin()
    pinned = _trace(explorer, "Pinned scenario: ratio")["y"]
    explorer.set_cause("alcohol")
    assert _trace(explorer, "Pinned scenario: ratio")["y"] == pinned
    assert max(_trace(explorer, "Sugar-test ratio")["y"]) > max(pinned)
    assert "<table class='gw-compare'>" in explorer.comparison.value
    assert "NSAIDs" in explorer.comparison.value and "Heavy alcohol" in explorer.comparison.value
    explorer.span = "First 3 days"  # the pinned scenario is redrawn on the new time axis
    assert len(_trace(explorer, "Pinned scenario: ratio")["y"]) == len(_trace(explorer, "Sugar-test ratio")["y"])
    explorer.unpin()
    assert set(_trace(explorer, "Pinned scenario: ratio")["y"]) == {None}


def test_cause_changes_only_touch_data_arrays(explorer):
    """Switching causes must take the browser's fast redraw path: only x/y arrays change."""
    before = figure_structure(explorer.course_plot.figure)
    explorer.set_cause("nsaid")
    explorer.duration = 14.0
    explorer.set_cause("alcohol", 5)
    assert figure_structure(explorer.course_plot.figure) == before


def test_reset_restores_the_start(explorer):
    explorer.set_cause("nsaid")
    explorer.duration = 28.0
    explorer.span = "First 3 days"
    explorer.pin()
    explorer.reset()
    assert explorer.active == {} and explorer.duration == 5.0 and explorer.span == "90 days"
    assert not any(c.switch.value for c in explorer.controls.values())
    assert explorer.unpin_button.disabled


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
        json.dumps(explorer.course_plot.figure, allow_nan=False)
    assert "Something went wrong" not in explorer.summary.value


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
