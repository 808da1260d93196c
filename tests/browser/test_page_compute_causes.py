"""Chapter 3 computes in the page, in a real Chromium: through Voila and in the static copy (from
file://). A viewer moves a cause's intensity with the keyboard (which switches the cause on), ticks
another cause, lengthens the duration, picks the short time axis, pins the scenario, changes it,
clears the pin and presses Reset; each time the live sentence must be the Python twin's for that
state (tests/test_page_models_causes.py holds the two equal) and the course's peak the model's, and
no websocket frame from the kernel may carry figure data."""

from __future__ import annotations

import pytest

from gutwidgets.figures import clean
from gutwidgets.testtools.fuzz import dashboards, fuzz_page
from gutwidgets.testtools.testing import PageWatch
from gutwidgets.views.causes import CauseExplorer

from ..conftest import NOTEBOOKS
from .test_page_compute import assert_no_figure_from_the_kernel, open_in_voila, wait_sentence

pytestmark = pytest.mark.browser

PLOT = ".gw-cause-course"
#: What only chapter 3's figure data carries.
FIGURE_MARKS = ("Sugar-test ratio (x healthy, log)", "Pinned scenario: ratio", '"figure"')


def twin(catalogue, **state) -> CauseExplorer:
    ex = CauseExplorer(catalogue=catalogue)
    with ex.hold_trait_notifications():
        for k, v in state.items():
            setattr(ex, k, v)
    return ex


def switch(page, label: str):
    return page.get_by_role("checkbox", name=label, exact=True)


def trace(page, name: str) -> list:
    return page.evaluate("(n) => document.querySelector('.gw-cause-course .js-plotly-plot').data"
                         ".find((t) => t.name === n).y", name)


def check(page, catalogue, **state) -> None:
    """The sentence, and the plotted ratio's peak, are the Python twin's for this state."""
    ex = twin(catalogue, **state)
    wait_sentence(page, ex.sentence)
    ex.show_in_kernel()
    want = max(v for v in next(t for t in ex.course_plot.figure["data"] if t["name"] == "Sugar-test ratio")["y"])
    page.wait_for_function("(w) => { const gd = document.querySelector('.gw-cause-course .js-plotly-plot');"
                           " const y = gd.data.find((t) => t.name === 'Sugar-test ratio').y;"
                           " return Math.abs(Math.max(...y) - w) <= 1e-3 * w; }", arg=want, timeout=15_000)


def drive_chapter3(page, catalogue, kernel: bool) -> int:
    """The viewer's path through chapter 3; returns the states checked."""
    alcohol = catalogue.causes["alcohol"]
    handle = page.locator(".widget-slider", has_text="Alcohol (drinks/day)").locator(".noUi-handle")
    handle.scroll_into_view_if_needed()
    handle.focus()
    handle.press("ArrowRight")
    handle.press("ArrowRight")
    drinks = alcohol.intensity_reference + 2 * alcohol.intensity_step
    check(page, catalogue, active={"alcohol": drinks})
    assert switch(page, alcohol.label).is_checked(), "moving the intensity must switch the cause on"
    assert page.get_attribute(".gw-card", "aria-label") == "Evidence for Heavy alcohol use"
    switch(page, catalogue.causes["nsaid"].label).check()
    check(page, catalogue, active={"nsaid": 150.0, "alcohol": drinks})
    assert page.get_attribute(".gw-card", "aria-label").startswith("Evidence for Anti-inflammatory painkillers")
    duration = page.locator(".widget-slider", has_text="Causes act for").locator(".noUi-handle")
    duration.focus()
    duration.press("ArrowRight")
    check(page, catalogue, active={"nsaid": 150.0, "alcohol": drinks}, duration=7.0)
    page.locator(".widget-toggle-buttons button", has_text="First 3 days").click()
    check(page, catalogue, active={"nsaid": 150.0, "alcohol": drinks}, duration=7.0, span="First 3 days")
    pin = page.locator(".gw-page-button[data-name='pin']")
    unpin = page.locator(".gw-page-button[data-name='unpin']")
    assert unpin.is_disabled() and "nothing is pinned" in unpin.get_attribute("title")
    pin.click()
    page.wait_for_function("() => document.querySelector(\".gw-page-button[data-name='pin']\").disabled")
    assert not unpin.is_disabled() and "already pinned" in page.inner_text(".gw-control-note")
    pinned = trace(page, "Pinned scenario: ratio")
    assert pinned == trace(page, "Sugar-test ratio") and None not in pinned
    switch(page, catalogue.causes["nsaid"].label).uncheck()
    check(page, catalogue, active={"alcohol": drinks}, duration=7.0, span="First 3 days")
    assert trace(page, "Pinned scenario: ratio") == pinned and "gw-compare" in page.inner_html(".gw-explorer")
    unpin.click()
    page.wait_for_function("() => document.querySelector('.gw-cause-course .js-plotly-plot').data"
                           ".find((t) => t.name === 'Pinned scenario: ratio').y.every((v) => v === null)")
    page.locator(".gw-page-reset").click()
    check(page, catalogue)
    if kernel:  # the kernel's echo of the Reset must not switch the cause on again
        page.wait_for_timeout(1500)
    assert not switch(page, alcohol.label).is_checked()
    assert page.locator(".gw-page .gw-summary").text_content().startswith("No cause is switched on")
    assert clean([1.0])[0] == max(trace(page, "Sugar-test ratio"))
    return 7


def test_chapter3_controls_redraw_in_the_page_through_voila(page, voila, catalogue):
    watch = PageWatch(page)
    frames = open_in_voila(page, voila, "03_causes.ipynb", PLOT)
    assert drive_chapter3(page, catalogue, kernel=True) == 7
    assert_no_figure_from_the_kernel(frames, FIGURE_MARKS)
    assert not watch.problems(), watch.problems()


def test_chapter3_controls_work_in_the_static_copy_from_a_file(static_page, catalogue):
    open_page, errors = static_page
    page = open_page("03_causes", PLOT)
    assert "Every control on this page works here" in page.inner_text(".gw-static-banner")
    assert drive_chapter3(page, catalogue, kernel=False) == 7
    assert errors == []


#: Random events in the static copy's fuzz of chapter 3 (python -m gutwidgets.fuzz --page runs 1,000).
FUZZ_EVENTS = 150


def test_fuzzing_chapter3_in_the_static_copy(static_page):
    """Seeded random keys and clicks on every control of chapter 3 (sliders, switches, the time-axis
    buttons, Reset, Pin and Clear pin, greyed out or not), with no kernel: no NaN or error text, no
    console error, and the sentence exactly the Python twin's for the levers the page drew."""
    open_page, errors = static_page
    page = open_page("03_causes", PLOT)
    report = fuzz_page(page, dashboards(NOTEBOOKS / "03_causes.ipynb"), events=FUZZ_EVENTS, seed=16)
    assert report.problems == [], "\n".join(report.problems[:10])
    assert report.events == FUZZ_EVENTS
    assert set(report.by_kind) == {"slider", "checkbox", "toggle", "reset", "button"}, report.by_kind
    assert len(set(report.states)) > FUZZ_EVENTS // 4, "the events hardly changed the state"
    assert errors == []
