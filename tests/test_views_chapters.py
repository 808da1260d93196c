"""Chapter 2 and 6 dashboards without a browser: levers change the figures; bad values raise."""

from __future__ import annotations

import json

import pytest
import traitlets

from gutwidgets.figures import figure_structure
from gutwidgets.views.junction import JunctionExplorer
from gutwidgets.views.sugar_test import SugarTestExplorer


def _no_nan(widget) -> None:
    state = {k: v for k, v in widget.get_state().items() if not k.startswith("_")}
    json.dumps(state, allow_nan=False)


@pytest.fixture
def junction(catalogue):
    return JunctionExplorer(catalogue=catalogue)


@pytest.fixture
def sugar(catalogue):
    return SugarTestExplorer(catalogue=catalogue)



def _trace(plot, name_start: str) -> dict:
    """The figure's trace whose name starts with this text."""
    return next(t for t in plot.figure["data"] if t.get("name", "").startswith(name_start))

def test_primed_tnf_lowers_the_teer_bar_and_opens_the_zipper(junction):
    assert junction.teer_plot.figure == {}  # the kernel draws nothing until asked
    junction.show_in_kernel()
    bar = junction.teer_plot.figure["data"][2]["x"][0]
    junction.ifn_gamma_primed = True
    junction.tnf = 100.0
    assert "81% below healthy" in junction.sentence and junction.model.tnf == 100.0
    assert junction.teer_plot.figure["data"][2]["x"][0] == bar  # the page draws the move, not the kernel
    junction.show_in_kernel()
    after = junction.teer_plot.figure["data"][2]["x"][0]
    assert after < 0.4 * bar
    assert junction.zipper.leak_level > 1
    assert "81% below healthy" in junction.zipper.description


def test_a_control_move_from_the_page_sends_nothing_back(junction, monkeypatch):
    """Values arriving from the page (a slider, a check box, the tissue menu, as ipywidgets applies them)
    update the kernel's levers, model and sentence; no view sends a message in reply (the page draws:
    tests/test_page_models_junction.py)."""
    import ipywidgets as w

    sent = []
    monkeypatch.setattr(w.Widget, "_send", lambda self, msg, buffers=None: sent.append((type(self).__name__, msg)))
    junction.sliders["tnf"].set_state({"value": 50.0})
    junction.primed_box.set_state({"value": True})
    junction.tissue_pick.set_state({"index": 1})
    assert (junction.tnf, junction.ifn_gamma_primed, junction.tissue) == (50.0, True, "jejunum")
    assert junction.model.tissue == "jejunum" and "Human jejunum" in junction.sentence
    views = (junction.zipper, junction.teer_plot, junction.sieving, junction.summary)
    assert not [name for name, _msg in sent if name in {type(v).__name__ for v in views}], sent
    junction.theme = "projector"  # the projector switch: each view takes it, the kernel sends no figure
    assert not any("figure" in str(msg) for _name, msg in sent)


def test_the_teer_meter_takes_the_fast_redraw_path_when_a_lever_moves(junction):
    """Only x arrays change while a lever moves (the sealed junction included), so the browser moves the
    markers without a full redraw; a new tissue changes the rows and redraws in full."""
    def structure() -> str:
        junction.show_in_kernel()
        return figure_structure(junction.teer_plot.figure)

    start = structure()
    for lever, value in (("tnf", 40.0), ("calcium_removed", 0.7), ("claudin2", 0.0), ("mlck", 0.0)):
        setattr(junction, lever, value)
        assert structure() == start, lever
    assert junction.teer_plot.figure["data"][2]["x"][0] == 3000.0  # sealed: the marker at the axis' end
    junction.tissue = "jejunum"
    assert structure() != start


def test_calcium_removal_reaches_the_zipper(junction):
    junction.sliders["calcium_removed"].value = 1.0
    junction.show_in_kernel()
    assert junction.zipper.strand_integrity == 0.0
    healthy = JunctionExplorer()
    healthy.show_in_kernel()
    assert junction.sieving.curves["leak"] != healthy.sieving.curves["leak"]


def test_zonulin_is_drawn_but_changes_no_number(junction):
    junction.show_in_kernel()
    before = junction.teer_plot.figure
    junction.zonulin = True
    junction.show_in_kernel()
    assert junction.zipper.zonulin_active is True
    assert junction.teer_plot.figure["data"] == before["data"]
    assert "Zonulin pathway shown as proposed only" in junction.sentence


def test_junction_reset_and_validation(junction):
    start = junction.sentence
    junction.mlck, junction.claudin2, junction.tissue = 8.0, 3.0, "distal_colon"
    junction.reset()
    assert (junction.mlck, junction.claudin2, junction.tnf, junction.tissue) == (1.0, 1.0, 0.0, "caco2")
    assert junction.sentence == start and junction.tissue_pick.value == "caco2"
    with pytest.raises(traitlets.TraitError, match="tnf must be from 0 to 100"):
        junction.tnf = 500.0


def test_junction_sealed_state_has_no_nan(junction):
    junction.claudin2, junction.mlck = 0.0, 0.0
    junction.show_in_kernel()
    assert "has no limit" in junction.sentence
    for w in (junction.zipper, junction.teer_plot, junction.sieving, junction.summary):
        _no_nan(w)


def test_scenario_changes_both_plots_and_the_words(sugar):
    assert sugar.timeline.figure == {} and sugar._model is None  # the page draws; the kernel computes nothing
    sugar.show_in_kernel()
    line = sugar.timeline.figure["data"][1]["y"][-1]
    crowd = _trace(sugar.ratio_plot, "Simulated people")["x"]
    sugar.scenario = "coeliac"
    assert sugar.scenario_pick.value == "coeliac"
    assert sugar.timeline.figure["data"][1]["y"][-1] == line  # the page draws the move, not the kernel
    sugar.show_in_kernel()
    assert sugar.timeline.figure["data"][1]["y"][-1] != line
    assert _trace(sugar.ratio_plot, "Simulated people")["x"] != crowd
    assert "Untreated coeliac disease" in sugar.sentence and "times the healthy value" in sugar.sentence
    assert sugar.timeline.description == sugar.sentence == sugar.ratio_plot.description


def test_window_slider_moves_the_collection_window(sugar):
    sugar.window_slider.value = 24.0
    assert sugar.window == 24.0 and sugar.model.window == 24.0
    sugar.show_in_kernel()
    window = sugar.timeline.figure["data"][0]
    assert window["name"] == "Urine collection window" and max(window["x"]) == 24.0
    with pytest.raises(traitlets.TraitError, match="window must be from 1 to 24"):
        sugar.window = 48.0


def test_every_scenario_renders_without_nan(sugar):
    from gutwidgets.models.sugar_test import SCENARIOS

    for name in SCENARIOS:
        sugar.scenario = name
        sugar.show_in_kernel()
        _no_nan(sugar.timeline)
        _no_nan(sugar.ratio_plot)
        assert "nan" not in sugar.sentence.lower()


def test_alcohol_scenario_admits_the_model_falls_short(sugar):
    sugar.scenario = "alcohol_liver"
    assert "cannot reach" in sugar.sentence


def test_cutoffs_come_from_data(sugar, catalogue):
    sugar.show_in_kernel()
    labels = [a["text"] for a in sugar.ratio_plot.figure["layout"]["annotations"]]
    for rid in ("cutoff_jarvinen2013", "cutoff_turpin2020", "cutoff_catassi1997"):
        assert any(f"{catalogue.fact(rid).value:g}" in s for s in labels)
        assert any(c["x"] == catalogue.fact(rid).value for c in sugar.summary.inputs["cutoffs"])  # the page's too


def test_records_exist(junction, sugar, catalogue):
    for rid in [*junction.records(), *sugar.records()]:
        catalogue.record(rid)


def test_collection_window_changes_only_data_arrays():
    """Moving the window slider must take the browser's fast path: only x/y arrays change (the page's
    figures are these figures' twins: tests/test_page_models_sugar_test.py)."""
    sugar = SugarTestExplorer()
    sugar.show_in_kernel()
    before = [figure_structure(p.figure) for p in (sugar.timeline, sugar.ratio_plot)]
    data_before = [p.figure["data"] for p in (sugar.timeline, sugar.ratio_plot)]
    sugar.window = 9.0
    sugar.show_in_kernel()
    after = [figure_structure(p.figure) for p in (sugar.timeline, sugar.ratio_plot)]
    assert after == before
    assert [p.figure["data"] for p in (sugar.timeline, sugar.ratio_plot)] != data_before
