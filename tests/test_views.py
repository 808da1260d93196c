"""Widgets without a browser: set a trait, the figure data changes; bad values raise."""

from __future__ import annotations

import json
import math

import pytest
import traitlets

from gutwidgets.views import BarrierExplorer, CrossSection, SievingPlot
from gutwidgets.views.cross_section import crossing_probability


@pytest.fixture
def explorer(catalogue):
    return BarrierExplorer(catalogue=catalogue)


def _state_json(widget) -> str:
    # What would travel to the browser; allow_nan=False fails on NaN or infinity.
    state = widget.get_state()
    return json.dumps({k: v for k, v in state.items() if not k.startswith("_")}, allow_nan=False)


def test_moving_the_leak_lever_keeps_the_kernel_in_step_and_draws_on_request(explorer):
    assert explorer.sieving.figure == {} and explorer.cross_section.probes == []  # the kernel draws nothing
    explorer.show_in_kernel()
    before = explorer.sieving.curves["leak"]
    explorer.leak_level = 5.0
    assert explorer.model.leak_level == 5.0 and "greatly raised" in explorer.sentence
    assert explorer.sieving.curves["leak"] == before  # the page draws the move, not the kernel
    explorer.show_in_kernel()
    after = explorer.sieving.curves["leak"]
    i = next(k for k, v in enumerate(before) if v)
    assert after[i] == pytest.approx(5 * before[i], rel=1e-3)  # values are sent to 4 digits


def test_a_control_move_from_the_page_sends_nothing_back(explorer, monkeypatch):
    """A slider value arriving from the page (as ipywidgets applies it) updates the kernel's levers and
    model; no widget sends a message in reply (the page computes the figures: tests/test_page_models.py)."""
    import ipywidgets as w

    sent = []
    monkeypatch.setattr(w.Widget, "_send", lambda self, msg, buffers=None: sent.append((type(self).__name__, msg)))
    for slider, value in ((explorer.leak_slider, 30.0), (explorer.damage_slider, 1.5), (explorer.pore_slider, 4.0)):
        slider.set_state({"value": value})
    assert (explorer.leak_level, explorer.damaged_fraction, explorer.pore_level) == (30.0, pytest.approx(0.015), 4.0)
    assert explorer.model.leak_level == 30.0
    assert "greatly raised" in explorer.sentence
    assert [name for name, _msg in sent if name != "FloatSlider" and name != "FloatLogSlider"] == [], sent
    explorer.theme = "projector"  # the projector switch: each view takes it, the kernel sends no figure
    assert not any(name == "SievingPlot" and "figure" in str(msg) for name, msg in sent)


def test_slider_and_trait_are_linked(explorer):
    explorer.leak_slider.value = 3.0
    assert explorer.leak_level == 3.0
    explorer.damage_slider.value = 0.5  # percent
    assert explorer.damaged_fraction == pytest.approx(0.005)
    assert explorer.model.damaged_fraction == pytest.approx(0.005)
    explorer.pore_level = 2.0
    assert explorer.pore_slider.value == 2.0


def test_erosion_appears_in_plot_and_animation(explorer):
    explorer.show_in_kernel()
    assert all(v is None for v in explorer.sieving.curves["unrestricted"])
    lps = next(p for p in explorer.sieving.probes if p["id"] == "lps_aggregate")
    assert lps["permeability"] == 0
    explorer.animated = ["lps_aggregate"]
    assert [p["id"] for p in explorer.summary.inputs["animated"]] == ["lps_aggregate"]  # the page is told
    explorer.show_in_kernel()
    assert explorer.cross_section.probes[0]["crossing_probability"] == 0
    explorer.damaged_fraction = 0.01
    explorer.show_in_kernel()
    assert any(v for v in explorer.sieving.curves["unrestricted"])
    assert explorer.cross_section.probes[0]["crossing_probability"] > 0


def test_reset_restores_healthy_state(explorer):
    explorer.show_in_kernel()
    healthy, sentence = explorer.sieving.curves, explorer.sentence
    explorer.leak_level, explorer.pore_level, explorer.damaged_fraction = 7.0, 3.0, 0.01
    assert explorer.sentence != sentence
    explorer.reset()
    assert (explorer.pore_level, explorer.leak_level, explorer.damaged_fraction) == (1.0, 1.0, 0.0)
    assert explorer.leak_slider.value == 1.0 and explorer.damage_slider.value == 0.0
    assert explorer.sentence == sentence
    explorer.show_in_kernel()
    assert explorer.sieving.curves == healthy


@pytest.mark.parametrize(
    ("trait", "bad"),
    [("leak_level", -1.0), ("pore_level", 50.0), ("damaged_fraction", 1.5), ("leak_level", math.nan)],
)
def test_invalid_value_raises_and_names_the_range(explorer, trait, bad):
    with pytest.raises(traitlets.TraitError, match=rf"{trait} must be from"):
        setattr(explorer, trait, bad)
    assert getattr(explorer, trait) == {"leak_level": 1.0, "pore_level": 1.0, "damaged_fraction": 0.0}[trait]


def test_unknown_probe_and_theme_raise(explorer):
    with pytest.raises(traitlets.TraitError, match="unknown probe id"):
        explorer.animated = ["unobtainium"]
    with pytest.raises(traitlets.TraitError, match="theme must be one of default, projector"):
        explorer.theme = "neon"


def test_projector_theme_reaches_every_view(explorer):
    explorer.theme = "projector"
    assert explorer.sieving.theme == "projector" and explorer.cross_section.theme == "projector"
    assert "gw-projector" in explorer._dom_classes


@pytest.mark.parametrize(
    "state",
    [{}, {"pore_level": 0.0, "leak_level": 0.1}, {"leak_level": 100.0, "damaged_fraction": 0.02},
     {"pore_level": 5.0}, {"damaged_fraction": 1e-9},
     # Beyond the dashboard's levers, the model's own extremes reach the same views from code.
     {"pore_level": 0.0, "leak_level": 0.0}, {"leak_level": 100.0, "damaged_fraction": 1.0}, {"pore_level": 20.0}],
)
def test_no_nan_or_infinity_reaches_the_browser(explorer, state, catalogue):
    try:
        for k, v in state.items():
            setattr(explorer, k, v)
    except traitlets.TraitError:  # outside the dashboard's range: draw the model state directly
        explorer.model.set(**state)
    explorer.show_in_kernel()
    for widget in (explorer.sieving, explorer.cross_section, explorer.summary):
        _state_json(widget)
    assert "nan" not in explorer.model.summary().lower() and "nan" not in explorer.sentence.lower()


def test_every_probe_is_marked_with_grade_and_source(explorer, catalogue):
    explorer.show_in_kernel()
    marked = {p["id"]: p for p in explorer.sieving.probes}
    assert set(marked) == set(catalogue.probes)
    for p in marked.values():
        assert p["grade"] and p["source"] and p["radius_low"] <= p["radius"] <= p["radius_high"]


def test_crossing_probability_keeps_order():
    values = [crossing_probability(x) for x in (0, 0.02, 1, 100, math.nan, -1)]
    assert values[0] == 0 and values[1] < values[2] < values[3] < 1
    assert values[4] == 0 and values[5] == 0


def test_widgets_ship_their_front_end(explorer, tmp_path):
    """The sieving plot's front end, run under Node (fake model, page and Plotly), draws the
    figure, animates a lever move (x/y arrays only) and rebuilds the plot for a new theme. The
    cross-section's front end loads as a module with a render function (it is drawn and animated
    in Chromium by tests/browser/test_voila_pages.py::test_chapter1_cross_section_animates)."""
    import subprocess

    from .test_plot_structure import NODE, run_front_end

    assert isinstance(explorer.sieving, SievingPlot)
    explorer.show_in_kernel()
    start = json.loads(json.dumps(explorer.sieving.figure))
    explorer.leak_level = 5.0
    explorer.show_in_kernel()
    lever = json.loads(json.dumps(explorer.sieving.figure))
    explorer.theme = "projector"
    explorer.show_in_kernel()
    projector = json.loads(json.dumps(explorer.sieving.figure))
    (steps,) = run_front_end(SievingPlot._esm.default_value, [[start, lever, projector]], tmp_path)
    assert [s["call"] for s in steps] == ["react", "animate", "react"]
    assert steps[0]["data"] == start["data"] and steps[2]["data"] == projector["data"]
    moved = [i for i, (a, b) in enumerate(zip(start["data"], lever["data"])) if (a["x"], a["y"]) != (b["x"], b["y"])]
    assert moved and steps[1]["traces"] == moved
    assert steps[1]["data"] == [{"x": lever["data"][i]["x"], "y": lever["data"][i]["y"]} for i in moved]

    module = tmp_path / "cross_section.mjs"
    module.write_text(CrossSection._esm.default_value, encoding="utf-8")
    script = "const m = await import(process.argv[1]); process.stdout.write(typeof m.default.render);"
    done = subprocess.run([NODE, "--input-type=module", "-e", script, module.as_uri()], capture_output=True,
                          text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout) == (0, "function"), done.stderr


def test_records_cover_every_number_the_dashboard_uses(explorer, catalogue):
    ids = explorer.records()
    for rid in ids:
        catalogue.record(rid)
    assert "healthy_lm_ratio" in ids and "lactulose" in ids
