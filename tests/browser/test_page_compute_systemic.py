"""Chapter 4 computes in the page, in a real Chromium: through Voila and in the static copy (from
file://). In the cascade a viewer opens the leak route with the keyboard, erodes the surface, makes the
opening last, closes the barrier again (the duration greys out, saying why) and presses Reset; in the
hidden-common-cause demo they take the hidden factor's effect on the marker away, colour the people by
the hidden factor, add a direct effect and press Reset. Each time the live sentence must be the Python
twin's for that state (tests/test_page_models_systemic.py holds the two equal), the blood curve's peak
the model's and the flow diagram's course the page's own; through Voila no websocket frame from the
kernel may carry figure data or the flow's course. A short seeded fuzz of both dashboards in the static
copy closes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from gutwidgets.testtools.fuzz import dashboards, fuzz_page
from gutwidgets.testtools.testing import PageWatch
from gutwidgets.views.systemic import CascadeExplorer, ConfoundingExplorer

from ..conftest import NOTEBOOKS
from .test_page_compute import assert_no_figure_from_the_kernel, open_in_voila

pytestmark = pytest.mark.browser

NAME = "04_systemic_effects"
CASCADE = ".gw-explorer:has(.gw-cascade-plot)"
CONFOUNDING = ".gw-explorer:has(.gw-confounding-plot)"
#: What only chapter 4's figure data and the flow diagram's course carry.
FIGURE_MARKS = ("Level, × healthy (log scale)", "Gut permeability marker (standardised)", '"figure"', '"course"')


def says(page, box: str, text: str) -> None:
    """The dashboard's live sentence in the page becomes ``text``."""
    expect(page.locator(f"{box} .gw-page .gw-summary")).to_have_text(text, timeout=15_000)


def press(page, box: str, label: str, key: str, times: int = 1) -> None:
    handle = page.locator(f"{box} .widget-slider", has_text=label).locator(".noUi-handle")
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(times):
        handle.press(key)


def check_cascade(page, catalogue, **state) -> CascadeExplorer:
    """The sentence, the blood curve's peak and the flow's peak entry are the Python twin's for this state."""
    ex = CascadeExplorer(catalogue=catalogue, **state)
    says(page, CASCADE, ex.sentence)
    ex.show_in_kernel()
    blood = max(next(t for t in ex.plot.figure["data"] if t["name"] == "LPS in the blood")["y"])
    page.wait_for_function("(w) => { const gd = document.querySelector('.gw-cascade-plot .js-plotly-plot');"
                           " const y = gd.data.find((t) => t.name === 'LPS in the blood').y;"
                           " return Math.abs(Math.max(...y) - w) <= 1e-3 * w; }", arg=blood, timeout=15_000)
    entry = f"{max(ex.flow.course['multiplier']):.2f}"
    page.wait_for_function("(e) => document.querySelector('.gw-lps-flow').dataset.peakEntry === e", arg=entry,
                           timeout=15_000)
    return ex


def duration_greyed(page) -> bool:
    target = page.locator(f"{CASCADE} .widget-slider", has_text="The barrier stays open for").locator(".noUi-target")
    return target.get_attribute("disabled") is not None


def drive_cascade(page, catalogue) -> int:
    press(page, CASCADE, "Leak route while open", "ArrowRight", 4)
    check_cascade(page, catalogue, leak_level=7.0)
    press(page, CASCADE, "Eroded surface while open", "ArrowRight", 10)
    check_cascade(page, catalogue, leak_level=7.0, eroded_percent=0.1)
    press(page, CASCADE, "The barrier stays open for", "End")
    ex = check_cascade(page, catalogue, leak_level=7.0, eroded_percent=0.1, opening_hours=504.0)
    assert "for the whole three weeks" in ex.sentence and not duration_greyed(page)
    press(page, CASCADE, "Leak route while open", "Home")
    press(page, CASCADE, "Eroded surface while open", "Home")
    ex = check_cascade(page, catalogue, leak_level=1.0, opening_hours=504.0)
    assert ex.sentence.startswith("The barrier is not open")
    page.wait_for_function("() => document.querySelector('.gw-cascade-plot') && "
                           "/The barrier stays open for is greyed out/.test("
                           "document.querySelector('.gw-explorer:has(.gw-cascade-plot) .gw-control-note')?.innerText)",
                           timeout=15_000)
    assert duration_greyed(page)
    page.locator(f"{CASCADE} .gw-page-reset").click()
    check_cascade(page, catalogue)
    page.wait_for_function("() => !document.querySelector('.gw-explorer:has(.gw-cascade-plot) .gw-control-note')",
                           timeout=15_000)
    assert not duration_greyed(page)
    return 5


def trace_names(page) -> list[str]:
    return page.evaluate("() => document.querySelector('.gw-confounding-plot .js-plotly-plot').data.map(t => t.name)")


def drive_confounding(page) -> int:
    press(page, CONFOUNDING, "Hidden factor → permeability marker", "Home")
    says(page, CONFOUNDING, ConfoundingExplorer(hidden_to_marker=0.0).sentence)
    page.locator(f"{CONFOUNDING} .widget-checkbox", has_text="Colour people by the hidden factor").locator(
        "input").check()
    page.wait_for_function("() => document.querySelector('.gw-confounding-plot .js-plotly-plot').data.length === 3",
                           timeout=15_000)
    assert trace_names(page) == ["Hidden factor low", "Hidden factor middle", "Hidden factor high"]
    press(page, CONFOUNDING, "Permeability → symptom", "End")
    says(page, CONFOUNDING, ConfoundingExplorer(hidden_to_marker=0.0, direct_effect=0.95, show_groups=True).sentence)
    page.locator(f"{CONFOUNDING} .gw-page-reset").click()
    says(page, CONFOUNDING, ConfoundingExplorer().sentence)
    page.wait_for_function("() => document.querySelector('.gw-confounding-plot .js-plotly-plot').data.length === 1",
                           timeout=15_000)
    assert trace_names(page) == ["Simulated people"]
    return 3


def test_chapter4_controls_redraw_in_the_page_through_voila(page, voila, catalogue):
    watch = PageWatch(page)
    frames = open_in_voila(page, voila, f"{NAME}.ipynb", ".gw-confounding-plot")
    assert drive_cascade(page, catalogue) == 5
    assert drive_confounding(page) == 3
    assert_no_figure_from_the_kernel(frames, FIGURE_MARKS)
    assert not watch.problems(), watch.problems()


def test_chapter4_controls_work_in_the_static_copy_from_a_file(static_page, catalogue):
    open_page, errors = static_page
    page = open_page(NAME, ".gw-confounding-plot")
    assert "Every control on this page works here (7 of them)" in page.inner_text(".gw-static-banner")
    assert drive_cascade(page, catalogue) == 5
    assert drive_confounding(page) == 3
    assert errors == []


#: Random events in the static copy's fuzz of chapter 4 (python -m gutwidgets.fuzz --page runs 1,000).
FUZZ_EVENTS = 150


def test_fuzzing_chapter4_in_the_static_copy(static_page):
    """Seeded random keys and clicks on every control of both dashboards (sliders, the duration greyed out
    or not, the colouring box, both Reset buttons), with no kernel: no NaN or error text, no console
    error, and each sentence exactly its Python twin's for the levers the page drew."""
    open_page, errors = static_page
    page = open_page(NAME, ".gw-confounding-plot")
    report = fuzz_page(page, dashboards(NOTEBOOKS / f"{NAME}.ipynb"), events=FUZZ_EVENTS, seed=16)
    assert report.problems == [], "\n".join(report.problems[:10])
    assert report.events == FUZZ_EVENTS
    assert set(report.by_kind) == {"slider", "checkbox", "reset"}, report.by_kind
    assert len(set(report.states)) > FUZZ_EVENTS // 4, "the events hardly changed the state"
    assert errors == []
