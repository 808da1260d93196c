"""Chapter 4 in a real Voila and headless Chromium, offline: it draws, animates and responds."""

from __future__ import annotations

import pytest

from .test_voila_pages import _open, _wait_revision

pytestmark = pytest.mark.browser

NAME = "04_systemic_effects.ipynb"
FLOW = ".gw-lps-flow"
BLOOD_PATH = ("() => document.querySelectorAll('.gw-cascade-plot .scatterlayer .trace')[2]"
              ".querySelector('path.js-line').getAttribute('d')")


@pytest.fixture
def chapter4(page, voila):
    watch = _open(page, voila, NAME)
    for sel in (".gw-cascade-plot .main-svg", f"{FLOW} canvas", ".gw-evidence-map .main-svg",
                ".gw-confounding-plot .main-svg"):
        page.wait_for_selector(sel, timeout=60_000)
    return page, watch


def test_chapter4_draws_every_view_offline(chapter4):
    page, watch = chapter4
    names = page.evaluate("() => document.querySelector('.gw-cascade-plot .js-plotly-plot').data.map(t => t.name)")
    assert {"LPS in the blood", "TNF-alpha", "IL-6", "Inflammation index (slow)"} <= set(names)
    conditions = page.evaluate(
        "() => document.querySelector('.gw-evidence-map .js-plotly-plot').data.flatMap(t => t.y)")
    assert "Coeliac disease" in conditions and "Fatigue (incl. ME/CFS)" in conditions
    assert page.locator("table.gw-outcomes tr[data-record]").count() == len(conditions)
    assert "Illustrative model" in page.inner_text(".gw-summary >> nth=0")
    assert not watch.problems(), watch.problems()


def test_chapter4_flow_diagram_animates_in_the_browser(chapter4):
    page, watch = chapter4
    page.locator(FLOW).scroll_into_view_if_needed()  # the loop sleeps while offscreen
    if page.get_attribute(FLOW, "data-playing") != "true":
        page.click(f"{FLOW} button:has-text('Play')")
    first = int(page.get_attribute(FLOW, "data-frames") or 0)
    page.wait_for_function(f"() => Number(document.querySelector('{FLOW}').dataset.frames) > {first + 20}",
                           timeout=15_000)
    page.wait_for_function(f"() => Number(document.querySelector('{FLOW}').dataset.crossing) > 0", timeout=15_000)
    assert "Time since the barrier opened" in page.inner_text(f"{FLOW} .gw-lf-clock")
    assert not watch.problems(), watch.problems()


def test_chapter4_leak_slider_redraws_plot_diagram_and_summary(chapter4):
    page, watch = chapter4
    rev = _wait_revision(page, ".gw-cascade-plot")
    before_path = page.evaluate(BLOOD_PATH)
    before_entry = float(page.get_attribute(FLOW, "data-peak-entry"))
    before_summary = page.inner_text(".gw-summary >> nth=0")
    handle = page.locator(".widget-slider", has_text="Leak route while open").locator(".noUi-handle")
    handle.focus()
    handle.press("End")
    _wait_revision(page, ".gw-cascade-plot", rev)
    # The drawn line itself moved, not just the data behind it.
    page.wait_for_function(f"() => ({BLOOD_PATH})() !== {before_path!r}", timeout=10_000)
    page.wait_for_function(
        f"() => Number(document.querySelector('{FLOW}').dataset.peakEntry) > {2 * before_entry}", timeout=10_000)
    page.wait_for_function(
        f"() => document.querySelector('.gw-summary').innerText !== {before_summary!r}", timeout=10_000)
    page.click("button:has-text('Reset') >> nth=0")
    page.wait_for_function(
        f"() => Number(document.querySelector('{FLOW}').dataset.peakEntry) === {before_entry}", timeout=10_000)
    assert not watch.problems(), watch.problems()


def test_chapter4_confounding_groups_recolour_the_people(chapter4):
    page, watch = chapter4
    rev = _wait_revision(page, ".gw-confounding-plot")
    traces = "() => document.querySelector('.gw-confounding-plot .js-plotly-plot').data.map(t => t.name)"
    assert page.evaluate(traces) == ["Simulated people"]
    page.locator(".widget-checkbox", has_text="Colour people by the hidden factor").locator("input").check()
    _wait_revision(page, ".gw-confounding-plot", rev)
    assert page.evaluate(traces) == ["Hidden factor low", "Hidden factor middle", "Hidden factor high"]
    assert page.locator(".gw-confounding-plot .scatterlayer .trace").count() == 3
    assert not watch.problems(), watch.problems()
