"""Chapter 4 dashboards without a browser: levers change the figures and words; bad values raise.

Both explorers compute in the page (``IN_PAGE``): here the kernel's Python twins are read
(``explorer.sentence``, and the views after ``explorer.show_in_kernel()``); the page's own drawing is
tests/test_page_models_systemic.py's."""

from __future__ import annotations

import re

import pytest
import traitlets

from gutwidgets.figures import figure_structure
from gutwidgets.figures.systemic import EVIDENCE_KINDS
from gutwidgets.models._random import standard_normals
from gutwidgets.models.confounding import PEOPLE, SEED, ConfoundingDemo
from gutwidgets.pages_systemic import SystemicPage, outcome_ids
from gutwidgets.views.systemic import DURATIONS, CascadeExplorer, ConfoundingExplorer, EvidenceMap

from .test_views_chapters import _no_nan


def _trace(plot, name: str) -> dict:
    return next(t for t in plot.figure["data"] if t.get("name") == name)


@pytest.fixture
def cascade(catalogue):
    return CascadeExplorer(catalogue=catalogue)


def _drawn(explorer):
    """The kernel's copies of the views (the page draws its own: tests/test_page_models_systemic.py)."""
    explorer.show_in_kernel()
    return explorer


def test_the_kernel_computes_nothing_until_python_reads(cascade):
    assert cascade.plot.figure == {} and cascade.flow.course == {} and cascade._model is None
    cascade.leak_slider.value = 15.0
    assert cascade.leak_level == 15.0 and cascade._model is None and cascade.plot.figure == {}
    assert "8 times the healthy rate" in cascade.sentence and cascade._model is not None
    assert cascade.summary.constants["cascade"]["constants"]["cascade_lps_radius"] == 20.0
    assert cascade.summary.inputs["hours"][0] == 0.0 and len(cascade.summary.inputs["hours"]) == 141


def test_leak_slider_raises_the_curves_the_diagram_and_the_words(cascade):
    _drawn(cascade)
    blood = max(_trace(cascade.plot, "LPS in the blood")["y"])
    peak_entry = max(cascade.flow.course["multiplier"])
    structure = figure_structure(cascade.plot.figure)
    cascade.leak_slider.value = 15.0
    _drawn(cascade)
    assert max(_trace(cascade.plot, "LPS in the blood")["y"]) > 2 * blood
    assert max(cascade.flow.course["multiplier"]) > 2 * peak_entry
    assert cascade.flow.leak_level == 15.0
    assert "8 times the healthy rate" in cascade.sentence
    assert cascade.plot.description == cascade.flow.description == cascade.sentence
    # Only x/y arrays changed: the browser can take its fast redraw path.
    assert figure_structure(cascade.plot.figure) == structure


def test_short_opening_falls_back_lasting_opening_stays(cascade):
    cascade.opening_hours = 6.0
    index = _trace(_drawn(cascade).plot, "Inflammation index (slow)")["y"]
    # Leak route 5x healthy: the index rises a little (the cytokine scale is calibrated low on the
    # dose-response, not at its top) and comes back.
    assert max(index) > 1.01 and index[-1] < 1.005
    assert "falls back" in cascade.sentence
    cascade.duration_slider.value = 504.0
    index = _trace(_drawn(cascade).plot, "Inflammation index (slow)")["y"]
    assert index[-1] > 1.1
    assert "stays raised" in cascade.sentence


def test_the_words_say_the_cytokine_answer_is_illustrative_and_give_its_range(cascade):
    """0.1 % erosion: the sentence gives the range of IL-6 over the unmeasured numbers and what would
    change it (old page: one number, IL-6 2.6x, with no range)."""
    cascade.leak_level, cascade.eroded_percent = 1.0, 0.1
    text = cascade.sentence
    assert "not known from any study in people" in text and "What would change the answer" in text
    low, high = cascade.model.steady_range(cascade.uncertain_ranges, damaged_fraction=0.001)["il6"]
    assert f"from {low:.2f} to {high:.3g} times healthy" in text
    cascade.eroded_percent = 0.0  # barrier closed: nothing changes, no range to give
    assert "not known from any study" not in cascade.sentence
    assert cascade.sentence.startswith("The barrier is not open") and "Illustrative model" in cascade.sentence


def test_erosion_matters_and_extremes_have_no_nan(cascade):
    before = max(_trace(_drawn(cascade).plot, "LPS in the blood")["y"])
    cascade.erosion_slider.value = 0.5
    assert max(_trace(_drawn(cascade).plot, "LPS in the blood")["y"]) > 3 * before
    cascade.leak_slider.value = 20.0
    cascade.opening_hours = 504.0
    _drawn(cascade)
    for widget in (cascade.plot, cascade.flow):
        _no_nan(widget)
    assert "nan" not in cascade.sentence.lower()


def test_cascade_reset_and_validation(cascade):
    cascade.leak_level, cascade.eroded_percent, cascade.opening_hours = 12.0, 0.3, 168.0
    cascade.reset()
    assert (cascade.leak_level, cascade.eroded_percent, cascade.opening_hours) == (5.0, 0.0, 24.0)
    assert {n: s["default"] for n, s in cascade.summary.controls.items()} == {  # the page's Reset: the same
        "leak_level": 5.0, "eroded_percent": 0.0, "opening_hours": 1}
    with pytest.raises(traitlets.TraitError, match="leak_level must be from 1 to 20"):
        cascade.leak_level = 50.0
    with pytest.raises(traitlets.TraitError, match="opening_hours must be one of"):
        cascade.opening_hours = 5.0
    assert [h for _, h in DURATIONS] == [cascade.duration_slider.options[i][1] for i in range(len(DURATIONS))]
    assert all(c.continuous_update for c in cascade.control_widgets.values())


def test_records_exist_and_assumptions_are_labelled(cascade, catalogue):
    for rid in cascade.records():
        catalogue.record(rid)
    assert cascade.assumptions() and all(catalogue.fact(r).basis == "assumed" for r in cascade.assumptions())


def test_every_outcome_shown_has_a_graded_sourced_record(catalogue):
    ids = outcome_ids(catalogue)
    required = {"coeliac", "ibd", "t1d", "joint_pain", "eczema", "fatigue", "autoimmunity", "alcoholic_liver"}
    assert {i.removeprefix("outcome_") for i in ids} >= required
    emap = EvidenceMap(catalogue=catalogue)
    shown = {y for trace in emap.figure["data"] for y in trace["y"]}
    by_condition = {catalogue.record(i).condition: catalogue.record(i) for i in ids}
    assert shown == set(by_condition)
    for condition, rec in by_condition.items():
        assert rec.grade and rec.sources and rec.evidence_kind in EVIDENCE_KINDS
        # The marker sits in its evidence-kind column and carries its grade.
        trace = next(t for t in emap.figure["data"] if condition in t["y"])
        i = trace["y"].index(condition)
        assert trace["x"][i] == list(EVIDENCE_KINDS).index(rec.evidence_kind)
    # Nothing only associated is worded as caused by permeability.
    for rec in by_condition.values():
        if rec.evidence_kind != "established":
            text = (rec.finding + " " + rec.causation).lower()
            assert not re.search(r"(permeability|leak\w*|gut|barrier)\s+(causes|caused|leads to)", text), rec.id
            assert any(w in rec.causation.lower() for w in ("not", "no ", "hypothesis", "association", "only"))


def test_outcomes_table_lists_each_condition_with_its_sources(catalogue):
    page = SystemicPage(catalogue)
    html = page.outcomes().body
    for rid in outcome_ids(catalogue):
        rec = catalogue.record(rid)
        assert f"data-record='{rid}'" in html and rec.condition in html.replace("&#x27;", "'")
    refs = page.references().body
    assert "Bosi" in refs and "Tajik" in refs


def test_confounding_demo_shows_correlation_without_causation():
    demo = ConfoundingExplorer()
    assert demo.plot.figure == {} and demo._model is None  # the page draws; the kernel computes nothing
    assert "no effect" in demo.sentence and "moderate correlation" in demo.sentence
    demo.show_in_kernel()
    xs = _trace(demo.plot, "Simulated people")["x"]
    demo.sliders["hidden_to_marker"].value = 0.0
    demo.show_in_kernel()
    assert _trace(demo.plot, "Simulated people")["x"] != xs
    assert "no correlation" in demo.sentence
    demo.groups_box.value = True
    demo.show_in_kernel()
    assert {t["name"] for t in demo.plot.figure["data"]} == {"Hidden factor low", "Hidden factor middle",
                                                             "Hidden factor high"}
    assert demo.plot.description == demo.sentence
    demo.reset()
    assert demo.hidden_to_marker == 0.7 and demo.show_groups is False and not demo.groups_box.value
    demo.direct_effect = 0.6
    assert "does raise the symptom" in demo.sentence
    with pytest.raises(traitlets.TraitError, match="direct_effect must be from 0"):
        demo.direct_effect = 2.0


def test_the_demo_draws_the_shared_generators_people():
    """The same people as the page: the generator Python and the page share (models/_random.py), the
    hidden factor first, then each noise; thirds of the hidden factor."""
    demo = ConfoundingDemo()
    draws = standard_normals(3 * PEOPLE, SEED)
    assert demo.hidden == draws[:PEOPLE]
    assert [demo.group.count(g) for g in (0, 1, 2)] == [100, 100, 100]
    low = max(h for h, g in zip(demo.hidden, demo.group) if g == 0)
    assert all(h > low for h, g in zip(demo.hidden, demo.group) if g > 0)
    s = demo.sample(0.0, 0.7, 0.0)
    assert s.marker == demo._noise_x and abs(s.r_overall) < 0.1  # no shared cause: no correlation
    with pytest.raises(ValueError, match="people must be from 20 to 5000"):
        ConfoundingDemo(10)


def test_duration_says_why_it_waits_while_the_barrier_is_closed(cascade):
    _drawn(cascade)
    assert not cascade.duration_slider.disabled and cascade.note.value == ""
    cascade.leak_level = 1.0  # healthy leak route and nothing eroded: nothing is open
    assert cascade.closed and "the barrier is not open" in cascade.sentence.lower()
    _drawn(cascade)
    assert cascade.duration_slider.disabled and "the barrier is not open" in cascade.duration_slider.tooltip
    assert "The barrier stays open for" in cascade.note.value
    cascade.eroded_percent = 0.1
    _drawn(cascade)
    assert not cascade.duration_slider.disabled and cascade.note.value == ""


#: The chapter's notebook cells, run in a fresh interpreter: numpy stays out until Python reads a model.
KERNEL_PROBE = r"""
import json, sys
names = {}
for code in json.loads(sys.argv[1]):
    exec(compile(code, "<cell>", "exec"), names)
explorer = names["explorer"]
built = "numpy" in sys.modules
explorer.leak_level, explorer.opening_hours = 12.0, 168.0
moved = "numpy" in sys.modules
sentence = explorer.sentence
print(json.dumps({"built": built, "moved": moved, "after": "numpy" in sys.modules, "sentence": sentence}))
"""


def test_the_chapter_kernel_imports_no_numpy_until_python_reads_the_model(catalogue):
    import json
    import subprocess
    import sys

    from .conftest import ROOT

    nb = json.loads((ROOT / "notebooks" / "04_systemic_effects.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    done = subprocess.run([sys.executable, "-c", KERNEL_PROBE, json.dumps(cells)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["built"] is False, "building chapter 4's page imported numpy"
    assert out["moved"] is False, "a lever move imported numpy (the kernel computed)"
    assert out["after"] is True and out["sentence"] == CascadeExplorer(
        catalogue=catalogue, leak_level=12.0, opening_hours=168.0).sentence
