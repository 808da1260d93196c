"""Every control of every chapter, driven with random in-range and edge values (seeded)."""

from __future__ import annotations

import ipywidgets as w
import numpy as np
import pytest

from gutwidgets.testtools.fuzz import controls, dashboards, fuzz, state_digest

from .conftest import NOTEBOOKS

CHAPTERS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
EVENTS = 1000


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_random_input_never_breaks_a_chapter(path):
    roots = dashboards(path)
    assert controls(roots), f"{path.name} shows no controls to fuzz"
    report = fuzz(roots, events=EVENTS, seed=20261127)
    assert report.events == EVENTS, report.problems
    assert not report.problems, "\n".join(report.problems[:10])
    # Every kind of control on the page was exercised.
    kinds = {type(c).__name__ for c in controls(roots)}
    assert kinds <= set(report.by_kind), f"never driven: {kinds - set(report.by_kind)}"


def test_fuzzing_is_reproducible():
    """The same seed sends the same events and leaves the widgets in the same states; another
    seed sends other events."""
    path = NOTEBOOKS / "01_the_barrier.ipynb"
    first_roots = dashboards(path)
    a = fuzz(first_roots, events=60, seed=5)
    b = fuzz(dashboards(path), events=60, seed=5)
    c = fuzz(dashboards(path), events=60, seed=6)
    assert len(a.sequence) == len(a.states) == 60
    assert a.sequence == b.sequence
    assert a.states == b.states
    assert a.by_kind == b.by_kind
    # The digests follow the widgets: the run moved them through many states, and the last
    # digest is that of the widgets as they are now.
    assert len(set(a.states)) > 10
    assert a.states[-1] == state_digest(first_roots)
    assert c.sequence != a.sequence and c.states != a.states


def test_state_digest_sees_a_changed_state():
    roots = dashboards(NOTEBOOKS / "01_the_barrier.ipynb")
    before = state_digest(roots)
    slider = next(c for c in controls(roots) if isinstance(c, w.FloatSlider))
    slider.value = slider.max if slider.value != slider.max else slider.min
    assert state_digest(roots) != before


def test_a_disabled_control_is_never_driven_and_is_counted():
    moved = w.FloatSlider(min=0, max=1, description="free")
    locked = w.FloatSlider(min=0, max=1, value=0.5, description="locked", disabled=True)
    pressed = []
    button = w.Button(description="locked button", disabled=True)
    button.on_click(lambda _: pressed.append(1))
    report = fuzz([w.VBox([moved, locked, button])], events=100, seed=3)
    assert locked.value == 0.5 and pressed == []
    assert report.events == 100 and report.by_kind == {"FloatSlider": 100}
    assert report.skipped["FloatSlider"] > 0 and report.skipped["Button"] > 0
    assert {control for control, _ in report.sequence} == {"FloatSlider#0 'free'"}


def test_a_control_disabled_during_the_run_is_skipped_from_then_on():
    gate = w.Checkbox(False, description="lock the slider")
    slider = w.FloatSlider(min=0, max=1, description="x")
    gate.observe(lambda change: setattr(slider, "disabled", change["new"]), names="value")
    report = fuzz([w.VBox([gate, slider])], events=200, seed=11)
    for k, (control, _) in enumerate(report.sequence):
        if control.startswith("FloatSlider"):
            # the gate's value just before this event (it alternates with each toggle)
            toggles = sum(1 for c, _ in report.sequence[:k] if c.startswith("Checkbox"))
            assert toggles % 2 == 0, f"event {k} moved the slider while it was disabled"
    assert report.skipped.get("FloatSlider", 0) > 0


# -- the fuzzer finds what it is meant to find -------------------------------------------------

def _broken_dashboard(failure: str) -> w.VBox:
    slider = w.FloatSlider(min=0, max=1, description="x")
    out = w.HTML("fine")
    plot = w.FloatText(0.0)

    def update(change):
        if change["new"] >= 1.0:
            if failure == "nan":
                plot.value = float(np.nan)
            elif failure == "text":
                out.value = "<p>Traceback (most recent call last)</p>"
            else:
                raise RuntimeError("boom")

    slider.observe(update, names="value")
    return w.VBox([slider, out, plot])


@pytest.mark.parametrize("failure, words", [("nan", "NaN or infinity"), ("text", "Traceback"), ("raise", "boom")])
def test_fuzzer_reports_nan_tracebacks_and_exceptions(failure, words):
    report = fuzz([_broken_dashboard(failure)], events=200, seed=1)
    assert any(words in p for p in report.problems), report.problems
