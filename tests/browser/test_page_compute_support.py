"""Chapter 5 computes in the page, in a real Chromium: through Voila and in the static copy (from
file://). A viewer moves the fibre slider with the keyboard, presses "Recommended" and "Typical
intake" and Reset; in the planner ticks a strategy (the start day's slider comes alive), moves the
start day, picks the low-fibre scenario, ticks "Eat more fibre" (the fibre slider comes alive) and
moves it, ticks a strategy with no model and presses Reset (both sliders greyed out again). Each
time the live sentence must be the Python twin's for that state (tests/test_page_models_support.py
holds the two equal), and through Voila no websocket frame from the kernel may carry figure data."""

from __future__ import annotations

import pytest

from gutwidgets.testtools.fuzz import dashboards, fuzz_page
from gutwidgets.testtools.testing import PageWatch
from gutwidgets.views.support import FibreExplorer, ScenarioPlanner

from ..conftest import NOTEBOOKS
from .test_page_compute import assert_no_figure_from_the_kernel, open_in_voila

pytestmark = pytest.mark.browser

FIBRE = ".gw-explorer:has(.gw-fibre-plot)"
PLANNER = ".gw-explorer:has(.gw-plan-plot)"
#: What only chapter 5's figure data carries.
FIGURE_MARKS = ("Butyrate in the colon (mM)", "Sugar-test ratio (L/M, log)", '"figure"')


def twin(cls, catalogue, **state):
    ex = cls(catalogue=catalogue)
    with ex.hold_trait_notifications():
        for k, v in state.items():
            setattr(ex, k, v)
    return ex


def wait_sentence(page, box: str, text: str) -> None:
    page.wait_for_function("([b, t]) => document.querySelector(b + ' .gw-page .gw-summary').textContent === t",
                           arg=[box, text], timeout=15_000)


def press(page, box: str, label: str, key: str, times: int) -> None:
    handle = page.locator(f"{box} .widget-slider", has_text=label).locator(".noUi-handle")
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(times):
        handle.press(key)


def greyed(page, label: str) -> bool:
    return page.locator(f"{PLANNER} .widget-slider", has_text=label).locator(".noUi-target").get_attribute(
        "disabled") is not None


def drive_fibre(page, catalogue) -> int:
    c = twin(FibreExplorer, catalogue)._constants
    press(page, FIBRE, "Fibre eaten", "ArrowRight", 5)
    wait_sentence(page, FIBRE, twin(FibreExplorer, catalogue, fibre=c.fibre_typical_intake + 5).sentence)
    x = page.evaluate(f"() => document.querySelector('{FIBRE} .js-plotly-plot').data"
                      ".find((t) => t.name === 'This intake').x[0]")
    assert x == c.fibre_typical_intake + 5
    recommended = page.locator(f"{FIBRE} .gw-page-button[data-name='recommended']")
    typical = page.locator(f"{FIBRE} .gw-page-button[data-name='typical']")
    recommended.click()
    wait_sentence(page, FIBRE, twin(FibreExplorer, catalogue, fibre=c.fibre_recommended).sentence)
    assert recommended.is_disabled() and not typical.is_disabled()
    assert "Recommended is greyed out" in page.inner_text(f"{FIBRE} .gw-control-note")
    typical.click()
    wait_sentence(page, FIBRE, twin(FibreExplorer, catalogue).sentence)
    press(page, FIBRE, "Fibre eaten", "ArrowLeft", 18)
    wait_sentence(page, FIBRE, twin(FibreExplorer, catalogue, fibre=0.0).sentence)
    page.locator(f"{FIBRE} .gw-page-reset").click()
    wait_sentence(page, FIBRE, twin(FibreExplorer, catalogue).sentence)
    assert typical.is_disabled()
    return 5


def drive_planner(page, catalogue, kernel: bool) -> int:
    def check(**state):
        wait_sentence(page, PLANNER, twin(ScenarioPlanner, catalogue, **state).sentence)

    def tick(label: str):
        page.locator(f"{PLANNER} .widget-checkbox", has_text=label).locator("input").check()

    note = f"{PLANNER} .gw-control-note"
    assert greyed(page, "Strategies start on day") and greyed(page, "Fibre after")
    assert "Strategies start on day is greyed out: no strategy is chosen yet" in page.inner_text(note)
    tick("Stop anti-inflammatory painkillers")
    check(chosen=["stop_nsaids"])
    assert not greyed(page, "Strategies start on day") and greyed(page, "Fibre after")
    assert "acts in the model" in page.inner_text(f"{PLANNER} .gw-strategy-status")
    press(page, PLANNER, "Strategies start on day", "ArrowLeft", 10)
    check(chosen=["stop_nsaids"], start_day=20.0)
    page.locator(f"{PLANNER} .widget-dropdown select").select_option(label="Low-fibre diet (typical intake)")
    check(chosen=["stop_nsaids"], start_day=20.0, scenario="Low-fibre diet (typical intake)")
    assert greyed(page, "Strategies start on day"), "stopping NSAIDs acts on nothing here"
    tick("Eat more fibre")
    check(chosen=["stop_nsaids", "more_fibre"], start_day=20.0, scenario="Low-fibre diet (typical intake)")
    assert not greyed(page, "Fibre after") and page.locator(note).count() == 0
    assert page.get_attribute(f"{PLANNER} .gw-card", "aria-label") == "Evidence for Eat more fibre"
    press(page, PLANNER, "Fibre after", "ArrowLeft", 6)
    check(chosen=["stop_nsaids", "more_fibre"], start_day=20.0, scenario="Low-fibre diet (typical intake)",
          fibre_after=24.0)
    assert "leaves a shortfall of 6 g/day" in page.inner_text(f"{PLANNER} .gw-page .gw-summary")
    tick("L-glutamine")
    page.wait_for_function(f"() => document.querySelector(\"{PLANNER} .gw-card\").textContent.includes('Not modelled')")
    page.locator(f"{PLANNER} .gw-page-reset").click()
    check()
    if kernel:  # the kernel's echo of the Reset must not tick a strategy again
        page.wait_for_timeout(1500)
    assert page.locator(f"{PLANNER} .widget-checkbox input:checked").count() == 0
    assert greyed(page, "Strategies start on day") and greyed(page, "Fibre after")
    return 8


def test_chapter5_controls_redraw_in_the_page_through_voila(page, voila, catalogue):
    watch = PageWatch(page)
    frames = open_in_voila(page, voila, "05_supporting_the_barrier.ipynb", ".gw-plan-plot")
    assert drive_fibre(page, catalogue) + drive_planner(page, catalogue, kernel=True) == 13
    assert_no_figure_from_the_kernel(frames, FIGURE_MARKS)
    assert not watch.problems(), watch.problems()


def test_chapter5_controls_work_in_the_static_copy_from_a_file(static_page, catalogue):
    open_page, errors = static_page
    page = open_page("05_supporting_the_barrier", ".gw-plan-plot")
    assert "Every control on this page works here" in page.inner_text(".gw-static-banner")
    assert drive_fibre(page, catalogue) + drive_planner(page, catalogue, kernel=False) == 13
    assert errors == []


#: Random events in the static copy's fuzz of chapter 5 (python -m gutwidgets.fuzz --page runs 1,000).
FUZZ_EVENTS = 150


def test_fuzzing_chapter5_in_the_static_copy(static_page):
    """Seeded random keys and clicks on every control of both dashboards (sliders greyed out or not, the
    strategy switches, the scenario menu, the fibre buttons, Reset), with no kernel: no NaN or error
    text, no console error, and each sentence exactly its Python twin's for the levers the page drew."""
    open_page, errors = static_page
    page = open_page("05_supporting_the_barrier", ".gw-plan-plot")
    report = fuzz_page(page, dashboards(NOTEBOOKS / "05_supporting_the_barrier.ipynb"), events=FUZZ_EVENTS, seed=16)
    assert report.problems == [], "\n".join(report.problems[:10])
    assert report.events == FUZZ_EVENTS
    assert set(report.by_kind) == {"slider", "checkbox", "menu", "reset", "button"}, report.by_kind
    assert len(set(report.states)) > FUZZ_EVENTS // 4, "the events hardly changed the state"
    assert errors == []
