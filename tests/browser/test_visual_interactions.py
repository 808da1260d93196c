"""Purely visual interactions (play/pause, animation speed, restart, plot zoom) stay in the browser.

Thirty students on one laptop share its two cores: what only changes the picture must not cost a
kernel round trip. Each test does the interaction, checks that the picture really responded and
that not a byte went to the kernel over the page's websocket.
"""

from __future__ import annotations

import pytest

from .test_voila_pages import _open, _wait_revision

pytestmark = pytest.mark.browser

#: Canvas pixels as a short fingerprint (changes when a frame with moving molecules is drawn).
CANVAS_PRINT = """(sel) => { const c = document.querySelector(sel); const d = c.toDataURL();
  let h = 0; for (let i = 0; i < d.length; i += 7) h = (h * 31 + d.charCodeAt(i)) | 0; return h; }"""


def _quiet(page, watch) -> int:
    """Let the page settle (initial widget traffic), then return the bytes sent so far."""
    page.wait_for_timeout(1000)
    return watch.ws_sent


def _animates(page, canvas: str) -> bool:
    first = page.evaluate(CANVAS_PRINT, canvas)
    for _ in range(10):
        page.wait_for_timeout(200)
        if page.evaluate(CANVAS_PRINT, canvas) != first:
            return True
    return False


def test_cross_section_play_speed_and_restart_make_no_kernel_round_trip(page, voila):
    watch = _open(page, voila, "01_the_barrier.ipynb")
    page.wait_for_selector(".gw-cross-section canvas", state="visible", timeout=60_000)
    page.locator(".gw-cross-section").scroll_into_view_if_needed()
    sent = _quiet(page, watch)
    play = page.locator(".gw-cs-play")
    label = play.inner_text()
    play.click()
    page.wait_for_function(f"() => document.querySelector('.gw-cs-play').innerText !== {label!r}", timeout=5_000)
    if "Pause" not in play.inner_text():  # it was running: the click paused it, start it again
        play.click()
        page.wait_for_function("() => document.querySelector('.gw-cs-play').innerText.includes('Pause')",
                               timeout=5_000)
    assert _animates(page, ".gw-cross-section canvas"), "the cross-section does not animate after Play"
    page.select_option(".gw-cs-select", "fast")
    assert page.eval_on_selector(".gw-cs-select", "s => s.value") == "fast"
    page.locator(".gw-cs-restart").click()
    page.wait_for_timeout(700)
    assert watch.ws_sent == sent, "play, speed and restart must not talk to the kernel"
    assert not watch.problems(), watch.problems()


def test_zipper_and_lps_flow_play_pause_make_no_kernel_round_trip(page, voila):
    for name, canvas, button in (("02_tight_junctions.ipynb", ".gw-junction-zipper canvas", ".gw-jz-play"),
                                 ("04_systemic_effects.ipynb", ".gw-lps-flow canvas", ".gw-lf-button")):
        watch = _open(page, voila, name)
        page.wait_for_selector(canvas, state="visible", timeout=60_000)
        page.locator(canvas).scroll_into_view_if_needed()
        sent = _quiet(page, watch)
        for _ in range(2):  # pause and play again (or the reverse): the label names the next action
            label = page.inner_text(button)
            page.click(button)
            page.wait_for_function(f"() => document.querySelector({button!r}).innerText !== {label!r}",
                                   timeout=5_000)
        if "Pause" not in page.inner_text(button):
            page.click(button)
        assert _animates(page, canvas), f"{name}: the animation does not run after Play"
        page.wait_for_timeout(300)
        assert watch.ws_sent == sent, f"{name}: play/pause must not talk to the kernel"
        assert not watch.problems(), watch.problems()


def test_zooming_a_plot_makes_no_kernel_round_trip(page, voila):
    watch = _open(page, voila, "06_measuring_permeability.ipynb")
    _wait_revision(page, ".gw-sugar-timeline")
    plot = page.locator(".gw-sugar-timeline .js-plotly-plot")
    plot.scroll_into_view_if_needed()
    sent = _quiet(page, watch)
    x_range = ("() => JSON.stringify(document.querySelector('.gw-sugar-timeline .js-plotly-plot')"
               "._fullLayout.xaxis.range)")
    before = page.evaluate(x_range)
    box = page.locator(".gw-sugar-timeline .nsewdrag").first.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.4, y, steps=8)
    page.mouse.up()
    page.wait_for_function(f"() => ({x_range})() !== {before!r}", timeout=5_000)
    page.wait_for_timeout(500)
    assert watch.ws_sent == sent, "zooming a plot must not talk to the kernel"
    assert not watch.problems(), watch.problems()
