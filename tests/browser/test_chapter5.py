"""Chapter 5 in a real Voila and headless Chromium, offline: strategies redraw, the ladder responds."""

from __future__ import annotations

import pytest

from .test_voila_pages import _open, _wait_revision

pytestmark = pytest.mark.browser

NAME = "05_supporting_the_barrier.ipynb"
WITH_LINE = ("() => [...document.querySelectorAll('.gw-plan-plot .scatterlayer .trace')]"
             ".map(n => (n.querySelector('path.js-line') || {}).getAttribute?.('d') || '').join('|')")


@pytest.fixture
def chapter5(page, voila):
    watch = _open(page, voila, NAME)
    for sel in (".gw-plan-plot .main-svg", ".gw-fibre-plot .main-svg", ".gw-evidence-ladder .gw-ladder-chip"):
        page.wait_for_selector(sel, timeout=60_000)
    return page, watch


def test_adding_a_strategy_redraws_the_plan_and_the_sentence(chapter5):
    page, watch = chapter5
    rev = _wait_revision(page, ".gw-plan-plot")
    before = page.evaluate(WITH_LINE)
    page.locator(".widget-checkbox", has_text="Stop anti-inflammatory painkillers").locator("input").check()
    _wait_revision(page, ".gw-plan-plot", rev)
    page.wait_for_function("() => [...document.querySelectorAll('.gw-summary')].some("
                           "n => n.innerText.includes('back within a tenth of healthy by day'))", timeout=15_000)
    page.wait_for_function(f"() => ({WITH_LINE})() !== {before!r}", timeout=10_000)
    names = page.evaluate("() => document.querySelector('.gw-plan-plot .js-plotly-plot').data.map(t => t.name)")
    assert "Likely range (sizes' ranges, and the middle half of people)" in names
    assert not watch.problems(), watch.problems()


def test_glutamine_draws_nothing_new_and_says_why(chapter5):
    page, watch = chapter5
    page.locator(".widget-checkbox", has_text="L-glutamine").locator("input").check()
    page.wait_for_function("() => [...document.querySelectorAll('.gw-strategy-status')].some("
                           "n => n.innerText.includes('not enough evidence to model'))", timeout=15_000)
    assert not watch.problems(), watch.problems()


def test_fibre_slider_moves_the_point(chapter5):
    page, watch = chapter5
    rev = _wait_revision(page, ".gw-fibre-plot")
    handle = page.locator(".gw-explorer", has=page.locator(".gw-fibre-plot")).locator(".noUi-handle").first
    handle.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    _wait_revision(page, ".gw-fibre-plot", rev)
    page.wait_for_function("() => [...document.querySelectorAll('.gw-summary')].some("
                           "n => n.innerText.includes('At 23 g of fibre a day'))", timeout=15_000)
    # The page computes and draws the plot in a task after the sentence's frame: wait for the point.
    page.wait_for_function("() => document.querySelector('.gw-fibre-plot .js-plotly-plot').data"
                           ".find(t => t.name === 'This intake').x[0] === 23", timeout=10_000)
    assert not watch.problems(), watch.problems()


def test_pointing_at_the_ladder_shows_sources_without_a_kernel_round_trip(chapter5):
    page, watch = chapter5
    page.wait_for_timeout(1000)
    sent = watch.ws_sent
    chip = page.locator(".gw-ladder-chip[data-strategy='zinc']")
    chip.scroll_into_view_if_needed()
    chip.hover()
    page.wait_for_function("() => document.querySelector('.gw-evidence-ladder').dataset.shown === 'zinc'",
                           timeout=5_000)
    panel = page.inner_text(".gw-ladder-panel")
    assert "without a control group" in panel and "Sturniolo" in panel
    assert page.locator(".gw-ladder-panel a").count() >= 3
    assert page.locator(".gw-ladder-rung.gw-hover").get_attribute("data-rung") == "human-uncontrolled"
    page.wait_for_timeout(500)
    assert watch.ws_sent == sent, "hovering the ladder must not talk to the kernel"
    assert not watch.problems(), watch.problems()
