"""Chapter 4 dashboards without a browser: levers change the figures and words; bad values raise."""

from __future__ import annotations

import re

import pytest
import traitlets

from gutwidgets.figures import figure_structure
from gutwidgets.figures.systemic import EVIDENCE_KINDS
from gutwidgets.pages_systemic import SystemicPage, outcome_ids
from gutwidgets.views.systemic import DURATIONS, CascadeExplorer, ConfoundingExplorer, EvidenceMap

from .test_views_chapters import _no_nan


def _trace(plot, name: str) -> dict:
    return next(t for t in plot.figure["data"] if t.get("name") == name)


@pytest.fixture
def cascade(catalogue):
    return CascadeExplorer(catalogue=catalogue)


def test_leak_slider_raises_the_curves_the_diagram_and_the_words(cascade):
    blood = max(_trace(cascade.plot, "LPS in the blood")["y"])
    peak_entry = max(cascade.flow.course["multiplier"])
    structure = figure_structure(cascade.plot.figure)
    cascade.leak_slider.value = 15.0
    assert max(_trace(cascade.plot, "LPS in the blood")["y"]) > 2 * blood
    assert max(cascade.flow.course["multiplier"]) > 2 * peak_entry
    assert cascade.flow.leak_level == 15.0
    assert "8 times the healthy rate" in cascade.summary.value
    # Only x/y arrays changed: the browser can take its fast redraw path.
    assert figure_structure(cascade.plot.figure) == structure


def test_short_opening_falls_back_lasting_opening_stays(cascade):
    cascade.opening_hours = 6.0
    index = _trace(cascade.plot, "Inflammation index (slow)")["y"]
    # Leak route 5x healthy: the index rises a little (the cytokine scale is calibrated low on the
    # dose-response, not at its top) and comes back.
    assert max(index) > 1.01 and index[-1] < 1.005
    assert "falls back" in cascade.summary.value
    cascade.duration_slider.value = 504.0
    index = _trace(cascade.plot, "Inflammation index (slow)")["y"]
    assert index[-1] > 1.1
    assert "stays raised" in cascade.summary.value


def test_the_words_say_the_cytokine_answer_is_illustrative_and_give_its_range(cascade):
    """0.1 % erosion: the sentence gives the range of IL-6 over the unmeasured numbers and what would
    change it (old page: one number, IL-6 2.6x, with no range)."""
    cascade.leak_level, cascade.eroded_percent = 1.0, 0.1
    text = cascade.summary.value
    assert "not known from any study in people" in text and "What would change the answer" in text
    low, high = cascade.model.steady_range(cascade.uncertain_ranges, damaged_fraction=0.001)["il6"]
    assert f"from {low:.2f} to {high:.3g} times healthy" in text
    cascade.eroded_percent = 0.0  # barrier closed: no range to give
    assert "not known from any study" not in cascade.summary.value


def test_erosion_matters_and_extremes_have_no_nan(cascade):
    before = max(_trace(cascade.plot, "LPS in the blood")["y"])
    cascade.erosion_slider.value = 0.5
    assert max(_trace(cascade.plot, "LPS in the blood")["y"]) > 3 * before
    cascade.leak_slider.value = 20.0
    cascade.opening_hours = 504.0
    for widget in (cascade.plot, cascade.flow, cascade.summary):
        _no_nan(widget)
    assert "nan" not in cascade.summary.value.lower()


def test_cascade_reset_and_validation(cascade):
    cascade.leak_level, cascade.eroded_percent, cascade.opening_hours = 12.0, 0.3, 168.0
    cascade.reset_button.click()
    assert (cascade.leak_level, cascade.eroded_percent, cascade.opening_hours) == (5.0, 0.0, 24.0)
    with pytest.raises(traitlets.TraitError, match="leak_level must be from 1 to 20"):
        cascade.leak_level = 50.0
    with pytest.raises(traitlets.TraitError, match="opening_hours must be one of"):
        cascade.opening_hours = 5.0
    assert [h for _, h in DURATIONS] == [cascade.duration_slider.options[i][1] for i in range(len(DURATIONS))]


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
    assert "no effect" in demo.summary.value and "moderate correlation" in demo.summary.value
    xs = _trace(demo.plot, "Simulated people")["x"]
    demo.sliders["hidden_to_marker"].value = 0.0
    assert _trace(demo.plot, "Simulated people")["x"] != xs
    assert "no correlation" in demo.summary.value
    demo.groups_box.value = True
    assert {t["name"] for t in demo.plot.figure["data"]} == {"Hidden factor low", "Hidden factor middle",
                                                             "Hidden factor high"}
    demo.reset_button.click()
    assert demo.hidden_to_marker == 0.7 and demo.show_groups is False
    demo.direct_effect = 0.6
    assert "does raise the symptom" in demo.summary.value
    with pytest.raises(traitlets.TraitError, match="direct_effect must be from 0"):
        demo.direct_effect = 2.0


def test_duration_says_why_it_waits_while_the_barrier_is_closed(cascade):
    assert not cascade.duration_slider.disabled and cascade.note.value == ""
    cascade.leak_level = 1.0  # healthy leak route and nothing eroded: nothing is open
    assert cascade.duration_slider.disabled and "the barrier is not open" in cascade.duration_slider.tooltip
    assert "The barrier stays open for" in cascade.note.value
    cascade.eroded_percent = 0.1
    assert not cascade.duration_slider.disabled and cascade.note.value == ""
