"""Chapter 1's page controller (``views/_page.py``, ``_esm/lib/page.js``, ``_esm/pages/barrier.js``)
run under Node as the page runs it, with fake control and view models: what it draws must be what
the kernel's Python twin draws for the same control values (the live sentence exactly; figure and
rates within the cross-check's tolerance), it must send nothing from the views to the kernel, and
Reset and bad constants must behave.
"""

from __future__ import annotations

import json
import math
import random
import subprocess

import ipywidgets as w
import pytest

from gutwidgets.models.barrier import LEVERS
from gutwidgets.views import BarrierExplorer
from gutwidgets.views._dashboard import ERROR_TEXT
from gutwidgets.views._page import SELECTIONS

from .conftest import ROOT
from .test_crosscheck import NODE, differences
from .test_crosscheck_figures import _last_digit, as_js

pytestmark = pytest.mark.browser  # runs Node

HARNESS = ROOT / "tests" / "page_harness.mjs"
STATES = 200


def run_page(explorer, script: list[dict], tmp_path, esm: str | None = None, hash: str = "") -> dict:
    assert NODE is not None, "node is not on PATH"
    module = tmp_path / "page.mjs"
    module.write_text(esm or explorer.summary._esm, encoding="utf-8")
    page = explorer.summary
    state = {k: getattr(page, k) for k in ("constants", "inputs", "controls", "views", "reset_tooltip", "theme",
                                           "link_prefix", "state")}
    models = {}
    for name, spec in page.controls.items():  # each control's value and range, as its model in the page has them
        c = explorer.control_widgets[name]
        models[spec["ref"]] = {k: getattr(c, k) for k in (spec["attr"], "min", "max", "base") if c.has_trait(k)}
    for name, ref in page.views.items():
        view = getattr(explorer, name)
        models[ref] = {k: json.loads(json.dumps(getattr(view, k))) for k in view.keys
                       if not k.startswith("_") and k not in ("layout", "tabbable", "tooltip", "style")}
    done = subprocess.run([NODE, str(HARNESS), str(module)], input=json.dumps({"state": state, "models": models,
                          "script": script, "hash": hash}), capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def shown_states(n: int) -> list[dict]:
    """Seeded states of the dashboard's levers (their lever table's range, edges included), as the
    sliders show them: every edge combination first, then random values (log-uniform on a log lever)."""
    rnd = random.Random(1602)
    edges = [{name: (spec.low if (i >> k) & 1 == 0 else spec.high) for k, (name, spec) in enumerate(LEVERS.items())}
             for i in range(2 ** len(LEVERS))]
    states = list(edges)
    while len(states) < n:
        states.append({name: (10 ** rnd.uniform(math.log10(spec.low), math.log10(spec.high)) if spec.scale == "log"
                              else rnd.uniform(spec.low, spec.high)) for name, spec in LEVERS.items()})
    return [{name: v * LEVERS[name].shown_as for name, v in st.items()} for st in states]


def python_views(explorer, shown: dict) -> tuple[str, dict]:
    """What the kernel's Python twin draws for these slider values."""
    for name, value in shown.items():
        explorer.sliders[name].value = value
    explorer.show_in_kernel()
    cs = explorer.cross_section
    views = {
        "sieving": {"figure": explorer.sieving.figure, "description": explorer.sentence},
        "cross_section": {"probes": cs.probes, "pore_level": cs.pore_level, "leak_level": cs.leak_level,
                          "damaged_fraction": cs.damaged_fraction, "description": explorer.sentence},
    }
    return explorer.sentence, json.loads(json.dumps(views))


def page_views(step: dict) -> dict:
    keys = {"sieving": ("figure", "description"),
            "cross_section": ("probes", "pore_level", "leak_level", "damaged_fraction", "description")}
    return {name: {k: step["views"][name][k] for k in ks} for name, ks in keys.items()}


def set_controls(explorer, shown: dict) -> None:
    """Set each control named in ``shown`` as the page holds it (a selection by its index)."""
    for name, value in shown.items():
        spec = explorer.summary.controls[name]
        setattr(explorer.control_widgets[name], spec["attr"], value)


def view_readers(view_keys: dict[str, tuple[str, ...]]):
    """(python_views, page_views) for a dashboard whose page writes ``view_keys`` (view -> traits): what
    the kernel's Python twin draws for some control values, and what a step of the page drew."""

    def python_views_of(explorer, shown: dict) -> tuple[str, dict]:
        set_controls(explorer, shown)
        explorer.show_in_kernel()
        views = {name: {k: getattr(getattr(explorer, name), k) for k in keys} for name, keys in view_keys.items()}
        return explorer.sentence, json.loads(json.dumps(views))

    def page_views_of(step: dict) -> dict:
        return {name: {k: step["views"][name][k] for k in keys} for name, keys in view_keys.items()}

    return python_views_of, page_views_of


@pytest.fixture
def explorer(catalogue):
    return BarrierExplorer(catalogue=catalogue)


def assert_page_draws_python(explorer, states: list[dict], tmp_path, python_views, page_views) -> dict:
    """Run the page on every state in turn; each step's sentence must be the Python twin's exactly and
    its views' data within the cross-check's tolerance (rounding-boundary cases, one unit in the 4th
    figure, at most 1 in 10,000 of some 1,000 numbers per state). Returns the page's run."""
    out = run_page(explorer, [{"set": s} for s in states], tmp_path)
    found, boundary = [], []
    for shown, step in zip(states, out["steps"][1:]):
        sentence, views = python_views(explorer, shown)
        assert step["sentence"] == sentence, shown
        for d in differences(as_js(views), as_js(page_views(step))):
            (boundary if _last_digit(d) else found).append(f"{shown}{d}")
    assert not found, f"{len(found)} differences, e.g.:\n" + "\n".join(found[:20])
    assert len(boundary) <= len(states) * 1000 // 10_000, boundary
    return out


def test_the_page_draws_what_python_draws_for_every_state(explorer, tmp_path):
    out = assert_page_draws_python(explorer, shown_states(STATES), tmp_path, python_views, page_views)
    # The drawn state is the page's own: the views were set in the page, never saved to the kernel.
    views = set(explorer.summary.views.values())
    assert all(n == 0 for ref, n in out["steps"][-1]["saves"].items() if ref in views)
    assert all(n == 0 for n in out["steps"][-1]["saves"].values()), "a move sent something to the kernel"
    assert out["steps"][-1]["warnings"] == 0


def test_the_first_draw_needs_no_kernel(explorer, tmp_path):
    out = run_page(explorer, [], tmp_path)
    first = out["steps"][0]
    sentence, views = python_views(explorer, {k: s.value for k, s in explorer.sliders.items()})
    assert first["sentence"] == sentence and first["revision"] == "1"
    assert not differences(as_js(views), as_js(page_views(first)))
    assert out["reset_title"] == "Back to a healthy lining"


def test_each_control_alone_changes_the_sentence_and_the_figure(explorer, tmp_path):
    start = {k: s.value for k, s in explorer.sliders.items()}
    moves = {"pore_level": [0.0, 2.5, 5.0], "leak_level": [0.1, 10.0, 100.0], "damaged_fraction": [0.2, 1.0, 2.0]}
    script = [{"set": {name: v}} for name, values in moves.items() for v in [*values, start[name]]]
    out = run_page(explorer, script, tmp_path)
    steps = out["steps"]
    i = 1
    for name, values in moves.items():
        for v in values:
            assert steps[i]["sentence"] != steps[0]["sentence"], (name, v)
            assert steps[i]["views"]["sieving"]["figure"] != steps[0]["views"]["sieving"]["figure"], (name, v)
            sentence, _ = python_views(explorer, {**start, name: v})
            assert steps[i]["sentence"] == sentence
            i += 1
        assert steps[i]["sentence"] == steps[0]["sentence"]  # back to the start
        i += 1


def test_reset_in_the_page_restores_every_control_and_tells_the_kernel(explorer, tmp_path):
    out = run_page(explorer, [{"set": {"pore_level": 4.0, "leak_level": 30.0, "damaged_fraction": 1.5}},
                              {"reset": True}], tmp_path)
    moved, reset = out["steps"][1], out["steps"][2]
    assert moved["sentence"] != out["steps"][0]["sentence"]
    assert reset["controls"] == {"pore_level": 1.0, "leak_level": 1.0, "damaged_fraction": 0.0}
    assert reset["sentence"] == out["steps"][0]["sentence"]
    controls = {spec["ref"] for spec in explorer.summary.controls.values()}
    assert {ref for ref, n in reset["saves"].items() if n} == controls  # each control once, nothing else
    assert all(reset["saves"][ref] == 1 for ref in controls)


def test_bad_constants_show_the_error_text_and_keep_the_figure(explorer, tmp_path):
    bad = json.loads(json.dumps(explorer.summary.constants))
    bad["barrier"]["pore_radius"] = -1.0
    out = run_page(explorer, [{"set": {"leak_level": 5.0}}, {"constants": bad}], tmp_path)
    good, broken = out["steps"][1], out["steps"][2]
    assert broken["sentence"] == ERROR_TEXT and broken["warnings"] == 1
    assert broken["views"] == good["views"]  # nothing half-drawn


def test_the_comparison_fails_when_the_page_side_changes_alone(explorer, tmp_path):
    esm = explorer.summary._esm
    edited = esm.replace("permeability / (permeability + halfSaturation)",
                         "permeability / (permeability + 2 * halfSaturation)")
    assert edited != esm
    shown = shown_states(5)[3]
    out = run_page(explorer, [{"set": shown}], tmp_path, esm=edited)
    _, views = python_views(explorer, shown)
    assert differences(as_js(views), as_js(page_views(out["steps"][1])))


def assert_random_walk_is_clean(explorer, seed: int, events: int, tmp_path) -> None:
    """Random control events (an enabled slider anywhere in its range, a box ticked or not, any entry of
    a menu, selection slider or toggle buttons, Reset now and then) run in the page: no step shows NaN,
    Infinity or the error text, nothing warns."""
    rnd = random.Random(seed)
    script = []
    for _ in range(events):
        if rnd.random() < 0.05:
            script.append({"reset": True})
            continue
        name = rnd.choice([n for n in explorer.summary.controls if not explorer.control_widgets[n].disabled])
        c = explorer.control_widgets[name]
        if isinstance(c, w.Checkbox):
            value = rnd.random() < 0.5
        elif isinstance(c, SELECTIONS):
            value = rnd.randrange(len(c.options))
        elif isinstance(c, w.FloatLogSlider):
            value = 10 ** rnd.uniform(c.min, c.max)
        else:
            value = rnd.uniform(c.min, c.max)
        script.append({"set": {name: value}})
    out = run_page(explorer, script, tmp_path)
    for step in out["steps"]:
        text = json.dumps(step)
        assert "NaN" not in text and "Infinity" not in text and "null" not in step["sentence"]
        assert step["sentence"] and step["sentence"] != ERROR_TEXT
    assert out["steps"][-1]["warnings"] == 0


def test_a_random_walk_of_controls_never_shows_nan_or_breaks(explorer, tmp_path):
    assert_random_walk_is_clean(explorer, 1601, 1000, tmp_path)
