"""Every control of every chapter, driven with random in-range and edge values (seeded)."""

from __future__ import annotations

import ipywidgets as w
import numpy as np
import pytest

from gutwidgets.fuzz import controls, dashboards, fuzz

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
    path = NOTEBOOKS / "01_the_barrier.ipynb"
    a = fuzz(dashboards(path), events=60, seed=5)
    b = fuzz(dashboards(path), events=60, seed=5)
    assert a.by_kind == b.by_kind


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
