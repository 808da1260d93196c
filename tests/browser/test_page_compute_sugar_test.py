"""Chapter 6 computes in the page, in a real Chromium: through Voila and in the static copy (from
file://). The window slider is moved to three values with the keyboard, the scenario menu changed and
Reset pressed; each time the live sentence must be the Python twin's (tests/test_page_models_sugar_test.py
holds the two equal) and both plots the model's (the collection window's edge, the typical person's
ratio), and no websocket frame from the kernel may carry figure data. The static copy is built for this
chapter alone, once for the module."""

from __future__ import annotations

import pytest

from gutwidgets.testtools.fuzz import dashboards, fuzz_page
from gutwidgets.testtools.testing import PageWatch
from gutwidgets.views.sugar_test import SugarTestExplorer

from ..conftest import NOTEBOOKS
from .test_page_compute import assert_no_figure_from_the_kernel, open_in_voila, slider_presses, wait_sentence

pytestmark = pytest.mark.browser

CHAPTER = "06_measuring_permeability"
PLOT = ".gw-sugar-timeline"
#: What only chapter 6's figure data carries.
FIGURE_MARKS = ("Urine collection window", "Simulated people (same state)", '"figure"')
#: Random events in the static copy's fuzz (each checked against the Python twin).
FUZZ_EVENTS = 150

#: The plots' numbers the page drew: the collection window's right edge and the typical person's ratio.
_SHOWN = """() => {
  const data = (sel) => document.querySelector(sel + ' .js-plotly-plot').data;
  return [data('.gw-sugar-timeline')[0].x[1], data('.gw-ratio-plot')[2].x[0]];
}"""


def check(page, twin: SugarTestExplorer, scenario: str, window: float) -> None:
    """The sentence and both plots are the Python twin's for this state."""
    twin.scenario, twin.window = scenario, window
    wait_sentence(page, twin.sentence)
    twin.show_in_kernel()
    want = [twin.timeline.figure["data"][0]["x"][1], twin.ratio_plot.figure["data"][2]["x"][0]]
    # (the slider's value after key presses may be a float a hair off the whole hour: 7.999999999999999)
    page.wait_for_function(f"(w) => {{ const s = ({_SHOWN})(); return Math.abs(s[0] - w[0]) <= 1e-9 * w[0] && "
                           "Math.abs(s[1] - w[1]) <= 1e-3 * w[1]; }", arg=want, timeout=15_000)


def drive_chapter6(page, twin: SugarTestExplorer) -> int:
    """The window slider to three values, the coeliac scenario, Reset; returns the states checked."""
    checked = 0
    for k in slider_presses(page, "Urine collected for"):
        check(page, twin, "healthy", 5.0 + k)
        checked += 1
    page.locator(".widget-dropdown", has_text="Who drinks the test").locator("select").select_option(
        label="Untreated coeliac disease")
    check(page, twin, "coeliac", 14.0)
    page.locator(".gw-page-reset").click()
    check(page, twin, "healthy", 5.0)
    assert "Fitted: 5-h lactulose" in page.inner_text(".gw-page .gw-summary")
    return checked + 2


def test_chapter6_controls_redraw_in_the_page_through_voila(page, voila, catalogue):
    watch = PageWatch(page)
    frames = open_in_voila(page, voila, f"{CHAPTER}.ipynb", PLOT)
    assert drive_chapter6(page, SugarTestExplorer(catalogue=catalogue)) == 5
    assert_no_figure_from_the_kernel(frames, FIGURE_MARKS)
    assert not watch.problems(), watch.problems()


def test_chapter6_controls_work_in_the_static_copy_from_a_file(static_page, catalogue):
    open_page, errors = static_page
    page = open_page(CHAPTER, PLOT)
    assert "Every control on this page works here (2 of them)" in page.inner_text(".gw-static-banner")
    assert drive_chapter6(page, SugarTestExplorer(catalogue=catalogue)) == 5
    report = fuzz_page(page, dashboards(NOTEBOOKS / f"{CHAPTER}.ipynb"), events=FUZZ_EVENTS, seed=6)
    assert report.problems == [], "\n".join(report.problems[:10])
    assert set(report.by_kind) >= {"slider", "menu"}, report.by_kind
    assert errors == []
