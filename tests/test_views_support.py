"""Chapter 5's widgets without a browser: controls drive the model, the figures and the words."""

from __future__ import annotations

import json

import pytest
import traitlets

from gutwidgets.figures import figure_structure
from gutwidgets.views.support import EvidenceLadder, FibreExplorer, ScenarioPlanner


@pytest.fixture
def fibre():
    return FibreExplorer()


@pytest.fixture
def planner():
    return ScenarioPlanner()


def _trace(plot, name):
    return next(t for t in plot.figure["data"] if t["name"] == name)


def test_fibre_slider_moves_the_point_and_the_words(fibre):
    before = _trace(fibre.plot, "This intake")["x"]
    assert "At 18 g of fibre a day" in fibre.summary.value and "rising side" in fibre.summary.value
    fibre.slider.value = 30
    assert _trace(fibre.plot, "This intake")["x"] == [30.0] != before
    assert _trace(fibre.plot, "This intake, dish-equivalent")["x"] == [pytest.approx(fibre.model.best_dose, rel=1e-3)]
    assert "top of the cell-culture curve" in fibre.summary.value and "no fibre shortfall" in fibre.summary.value


def test_fibre_beyond_the_recommendation_levels_off_and_the_band_says_it_is_a_dish_result(fibre):
    fibre.fibre = 50
    assert "rises only slowly" in fibre.summary.value and "top of the cell-culture curve" in fibre.summary.value
    assert "The top of its range reaches past the best dose" in fibre.summary.value
    assert "no study shows that a high-fibre diet loosens the human gut barrier" in fibre.summary.value


def test_fibre_changes_only_touch_data_arrays(fibre):
    before = figure_structure(fibre.plot.figure)
    for v in (0, 7, 33, 60):
        fibre.fibre = v
        assert figure_structure(fibre.plot.figure) == before
        json.dumps(fibre.plot.figure, allow_nan=False)


def test_fibre_buttons_and_reset(fibre):
    fibre.recommended_button.click()
    assert fibre.fibre == 30
    fibre.reset_button.click()
    assert fibre.fibre == 18
    assert "Limited evidence" in fibre.card.value and "doi.org" in fibre.card.value


def test_planner_strategy_changes_the_plot_and_the_words(planner):
    without = _trace(planner.plot, "With the strategies")["y"]
    planner.switches["stop_nsaids"].value = True
    assert planner.chosen == ["stop_nsaids"]
    after = _trace(planner.plot, "With the strategies")["y"]
    assert after != without and after[-1] == pytest.approx(0.02, rel=0.01)
    assert _trace(planner.plot, "Without the strategies")["y"] == without
    assert "back within a tenth of healthy by day" in planner.summary.value
    assert "acts in the model" in planner.status.value and "Strong evidence" in planner.card.value


def test_unmodelled_strategy_changes_nothing_and_says_why(planner):
    before = _trace(planner.plot, "With the strategies")["y"]
    planner.switches["glutamine"].value = True
    assert _trace(planner.plot, "With the strategies")["y"] == before
    assert "None of the chosen strategies changes" in planner.summary.value
    assert "not enough evidence to model" in planner.status.value
    assert "Not modelled" in planner.card.value


def test_zinc_carnosine_only_helps_against_nsaids(planner):
    planner.choose("zinc_carnosine")
    assert planner.status.value.count("acts in the model") == 1
    planner.scenario = "Heavy drinking"
    assert "No effect in this scenario" in planner.status.value


def test_planner_changes_only_touch_data_arrays(planner):
    before = figure_structure(planner.plot.figure)
    planner.choose("stop_nsaids", "more_fibre")
    planner.start_day = 10
    planner.scenario = "All three together"
    planner.fibre_after = 45
    assert figure_structure(planner.plot.figure) == before
    json.dumps(planner.plot.figure, allow_nan=False)


def test_band_is_drawn_around_the_line(planner):
    band = _trace(planner.plot, "Likely range (sizes' ranges, and the middle half of people)")
    line = _trace(planner.plot, "With the strategies")["y"]
    n = len(line)
    high, low = band["y"][:n], band["y"][n:][::-1]
    assert all(lo < v < hi for lo, v, hi in zip(low, line, high))
    assert band["fill"] == "toself"


def test_reset_restores_the_start(planner):
    planner.choose("stop_nsaids", "zinc")
    planner.scenario = "Heavy drinking"
    planner.start_day = 5
    planner.reset_button.click()
    assert planner.chosen == [] and planner.scenario == "NSAID painkillers every day" and planner.start_day == 30
    assert not any(b.value for b in planner.switches.values())


@pytest.mark.parametrize("name, value, words", [
    ("chosen", ["magic_beans"], "unknown strategy 'magic_beans'; allowed: "),
    ("scenario", "Bad luck", "scenario"),
    ("start_day", 99, "start_day must be from 0 to 60"),
    ("fibre_after", -1, "fibre_after must be from 0 to 60"),
    ("theme", "neon", "theme must be one of"),
])
def test_invalid_values_are_refused_with_what_is_allowed(planner, name, value, words):
    with pytest.raises(traitlets.TraitError, match=words):
        setattr(planner, name, value)


def test_fibre_refuses_out_of_range():
    with pytest.raises(traitlets.TraitError, match="fibre must be from 0 to 60"):
        FibreExplorer().fibre = 500


def test_ladder_rows_come_from_data_with_sources():
    from gutwidgets import data
    cat = data.load()
    ladder = EvidenceLadder()
    rows = {r["id"]: r for r in ladder.rows}
    assert set(rows) == set(cat.of_kind("strategies"))
    assert [r["id"] for r in ladder.rungs] == list(data.RUNGS)
    order = [list(data.RUNGS).index(r["rung"]) for r in ladder.rows]
    assert order == sorted(order), "strongest rung first"
    assert rows["stop_nsaids"]["rung"] == "repeated-human" and rows["zinc"]["rung"] == "human-uncontrolled"
    assert not rows["glutamine"]["modelled"] and "not enough evidence" in rows["glutamine"]["reason"]
    for r in ladder.rows:
        assert r["sources"] and all(s["href"].startswith("http") for s in r["sources"])
    assert "Evidence ladder" in ladder.description


def test_records_cover_every_number_shown(planner, fibre):
    from gutwidgets import data
    cat = data.load()
    for rid in planner.records() + fibre.records() + EvidenceLadder().records():
        cat.record(rid)


def test_planner_sliders_say_why_they_wait_for_a_strategy(planner):
    """The start day and the fibre slider change nothing until a strategy that uses them acts."""
    assert planner.start_slider.disabled and "no strategy is chosen" in planner.start_slider.tooltip
    assert planner.fibre_slider.disabled and "Eat more fibre" in planner.fibre_slider.tooltip
    assert "Strategies start on day" in planner.note.value and "Fibre after" in planner.note.value
    planner.choose("more_fibre")  # in the NSAID scenario it has nothing to act on
    assert planner.start_slider.disabled and "none of the chosen strategies acts" in planner.start_slider.tooltip
    planner.scenario = "Low-fibre diet (typical intake)"
    assert not planner.start_slider.disabled and not planner.fibre_slider.disabled and planner.note.value == ""
    planner.fibre_after = 45
    assert "meets the recommendation" in planner.summary.value and "changes nothing further" in planner.summary.value
    planner.fibre_after = 24
    assert "leaves a shortfall of 6 g/day" in planner.summary.value


def test_fibre_shortcuts_are_greyed_out_where_they_already_are(fibre):
    assert fibre.typical_button.disabled and "already at the typical intake" in fibre.typical_button.tooltip
    assert not fibre.recommended_button.disabled
    fibre.recommended_button.click()
    assert fibre.recommended_button.disabled and not fibre.typical_button.disabled
    assert "Recommended" in fibre.note.value
