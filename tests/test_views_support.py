"""Chapter 5's widgets without a browser: controls drive the model, the figures and the words.

The fibre explorer and the scenario planner compute in the page (``IN_PAGE``): the kernel's traits
follow the controls and its sentence is read from ``explorer.sentence``; its figures, status, card and
notes are drawn by ``show_in_kernel()`` (the page draws its own twins: tests/test_page_models_support.py).
"""

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


def _trace(explorer, name):
    """A trace of the explorer's plot as the kernel's twin draws it (the page draws its own)."""
    explorer.show_in_kernel()
    return next(t for t in explorer.plot.figure["data"] if t["name"] == name)


def test_fibre_slider_moves_the_point_and_the_words(fibre):
    assert fibre.plot.figure == {} and fibre._model is None  # the page draws; the kernel computes nothing
    before = _trace(fibre, "This intake")["x"]
    assert "At 18 g of fibre a day" in fibre.sentence and "rising side" in fibre.sentence
    fibre.slider.value = 30
    assert fibre.fibre == 30 and fibre.plot.description != fibre.sentence  # the page draws the move, not the kernel
    assert _trace(fibre, "This intake")["x"] == [30.0] != before
    assert _trace(fibre, "This intake, dish-equivalent")["x"] == [pytest.approx(fibre.model.best_dose, rel=1e-3)]
    assert "top of the cell-culture curve" in fibre.sentence and "no fibre shortfall" in fibre.sentence
    assert fibre.plot.description == fibre.sentence


def test_fibre_beyond_the_recommendation_levels_off_and_the_band_says_it_is_a_dish_result(fibre):
    fibre.fibre = 50
    assert "rises only slowly" in fibre.sentence and "top of the cell-culture curve" in fibre.sentence
    assert "The top of its range reaches past the best dose" in fibre.sentence
    assert "no study shows that a high-fibre diet loosens the human gut barrier" in fibre.sentence


def test_fibre_changes_only_touch_data_arrays(fibre):
    fibre.show_in_kernel()
    before = figure_structure(fibre.plot.figure)
    for v in (0, 7, 33, 60):
        fibre.fibre = v
        fibre.show_in_kernel()
        assert figure_structure(fibre.plot.figure) == before
        json.dumps(fibre.plot.figure, allow_nan=False)


def test_fibre_buttons_and_reset(fibre):
    fibre.shortcut("recommended")  # the page's "Recommended" button (tests/test_page_models_support.py)
    assert fibre.fibre == 30
    fibre.reset()  # the page's Reset sets the slider to its default, from data/
    assert fibre.fibre == 18 == fibre.summary.controls["fibre"]["default"]
    assert [b["label"] for b in fibre.summary.inputs["buttons"]] == ["Typical intake", "Recommended"]
    assert "Limited evidence" in fibre.card.value and "doi.org" in fibre.card.value


def test_planner_strategy_changes_the_plot_and_the_words(planner):
    without = _trace(planner, "With the strategies")["y"]
    planner.switches["stop_nsaids"].value = True
    assert planner.chosen == ["stop_nsaids"]
    after = _trace(planner, "With the strategies")["y"]
    assert after != without and after[-1] == pytest.approx(0.02, rel=0.01)
    assert _trace(planner, "Without the strategies")["y"] == without
    assert "back within a tenth of healthy by day" in planner.sentence
    assert "acts in the model" in planner.status.value and "Strong evidence" in planner.card.value


def test_unmodelled_strategy_changes_nothing_and_says_why(planner):
    before = _trace(planner, "With the strategies")["y"]
    planner.choose("glutamine")  # (in the page, ticking its switch shows its card too)
    assert planner.switches["glutamine"].value and planner.focus == "glutamine"
    assert _trace(planner, "With the strategies")["y"] == before
    assert "None of the chosen strategies changes" in planner.sentence
    assert "not enough evidence to model" in planner.status.value
    assert "Not modelled" in planner.card.value


def test_zinc_carnosine_only_helps_against_nsaids(planner):
    planner.choose("zinc_carnosine")
    planner.show_in_kernel()
    assert planner.status.value.count("acts in the model") == 1
    planner.scenario = "Heavy drinking"
    planner.show_in_kernel()
    assert "No effect in this scenario" in planner.status.value


def test_planner_changes_only_touch_data_arrays(planner):
    planner.show_in_kernel()
    before = figure_structure(planner.plot.figure)
    planner.choose("stop_nsaids", "more_fibre")
    planner.start_day = 10
    planner.scenario = "All three together"
    planner.fibre_after = 45
    planner.show_in_kernel()
    assert figure_structure(planner.plot.figure) == before
    json.dumps(planner.plot.figure, allow_nan=False)


def test_band_is_drawn_around_the_line(planner):
    band = _trace(planner, "Likely range (sizes' ranges, and the middle half of people)")
    line = _trace(planner, "With the strategies")["y"]
    n = len(line)
    high, low = band["y"][:n], band["y"][n:][::-1]
    assert all(lo < v < hi for lo, v, hi in zip(low, line, high))
    assert band["fill"] == "toself"


def test_reset_restores_the_start(planner):
    planner.choose("stop_nsaids", "zinc")
    planner.scenario = "Heavy drinking"
    planner.start_day = 5
    planner.reset()  # (the page's Reset sets every control to its default: tests/test_page_models_support.py)
    assert planner.chosen == [] and planner.scenario == "NSAID painkillers every day" and planner.start_day == 30
    assert not any(b.value for b in planner.switches.values()) and planner.focus == "stop_nsaids"
    assert planner.summary.state == {"focus": "stop_nsaids"}


@pytest.mark.parametrize("name, value, words", [
    ("chosen", ["magic_beans"], "unknown strategy 'magic_beans'; allowed: "),
    ("focus", "magic_beans", "focus must be one of stop_nsaids, "),
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
    """The start day and the fibre slider change nothing until a strategy that uses them acts (the page
    greys them out as the state changes; here the kernel's twin, drawn by show_in_kernel)."""
    planner.show_in_kernel()
    assert planner.start_slider.disabled and "no strategy is chosen" in planner.start_slider.tooltip
    assert planner.fibre_slider.disabled and "Eat more fibre" in planner.fibre_slider.tooltip
    assert "Strategies start on day" in planner.note.value and "Fibre after" in planner.note.value
    planner.choose("more_fibre")  # in the NSAID scenario it has nothing to act on
    planner.show_in_kernel()
    assert planner.start_slider.disabled and "none of the chosen strategies acts" in planner.start_slider.tooltip
    planner.scenario = "Low-fibre diet (typical intake)"
    planner.show_in_kernel()
    assert not planner.start_slider.disabled and not planner.fibre_slider.disabled and planner.note.value == ""
    planner.fibre_after = 45
    assert "meets the recommendation" in planner.sentence and "changes nothing further" in planner.sentence
    planner.fibre_after = 24
    assert "leaves a shortfall of 6 g/day" in planner.sentence


def test_fibre_shortcuts_are_greyed_out_where_they_already_are(fibre):
    reasons = fibre.button_reasons()
    assert "already at the typical intake" in reasons["typical"] and reasons["recommended"] is None
    fibre.shortcut("recommended")
    fibre.show_in_kernel()
    assert fibre.button_reasons()["typical"] is None and "already at the recommended" in fibre.button_reasons()[
        "recommended"]
    assert "Recommended" in fibre.note.value and "Typical" not in fibre.note.value


def test_chapter5_kernel_imports_no_numpy_until_python_reads_the_model():
    """The kernel behind chapter 5's page builds both dashboards and hears lever moves without numpy
    (gutwidgets/_np.py); reading the sentence runs the Python model (tests/test_kernel_path.py's probe,
    on this chapter's own notebook cells)."""
    import subprocess
    import sys

    from .conftest import ROOT
    from .test_kernel_path import PROBE, _code_cells, _find_explorer_name

    cells = _code_cells("05_supporting_the_barrier")
    for cls, levers in (("FibreExplorer", {"fibre": 25.0}),
                        ("ScenarioPlanner", {"chosen": ["stop_nsaids"], "start_day": 10.0})):
        done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(cells), _find_explorer_name(cells, cls),
                               json.dumps(levers)], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
        out = json.loads(done.stdout.strip().splitlines()[-1])
        assert (out["before"], out["moved"], out["after"]) == (False, False, True), (cls, out)
        here = {"FibreExplorer": FibreExplorer, "ScenarioPlanner": ScenarioPlanner}[cls]()
        start = here.sentence
        for lever, value in levers.items():
            setattr(here, lever, value)
        assert out["sentence"] == here.sentence != start
        assert "error_text" in out["inputs"] and {"barrier", "causes", "support"} <= set(out["constants"])
