"""Chapter 3 in a real Voila and headless Chromium: causes light the chain and redraw the course."""

from __future__ import annotations

import pytest

from .test_voila_pages import _open, _wait_revision

pytestmark = pytest.mark.browser

RATIO_PATH = ("() => { const t = [...document.querySelectorAll('.gw-cause-course .scatterlayer .trace')];"
              " return t.map(n => (n.querySelector('path.js-line') || {}).getAttribute?.('d') || '').join('|'); }")


def _wait_chain(page, key: str, value: str, timeout: float = 30_000) -> None:
    page.wait_for_function(
        f"() => (document.querySelector('.gw-cause-chain') || {{dataset: {{}}}}).dataset.{key} === {value!r}",
        timeout=timeout,
    )


def test_switching_a_cause_lights_its_chain_and_redraws_the_course(page, voila):
    watch = _open(page, voila, "03_causes.ipynb")
    rev = _wait_revision(page, ".gw-cause-course")
    _wait_chain(page, "rows", "8")
    lines_before = page.evaluate(RATIO_PATH)
    page.locator(".gw-cause-control", has_text="NSAIDs").locator("input[type=checkbox]").check()
    _wait_chain(page, "active", "nsaid")
    _wait_revision(page, ".gw-cause-course", rev)
    page.wait_for_function("() => document.querySelector('.gw-summary').innerText.includes('2.5 times healthy')",
                           timeout=15_000)
    # The drawn line itself changed, not only the data behind it.
    page.wait_for_function(f"() => ({RATIO_PATH})() !== {lines_before!r}", timeout=10_000)
    lit = page.get_attribute(".gw-chain-route.gw-lit", "data-route")
    assert lit == "unrestricted"
    assert not watch.problems(), watch.problems()


def test_pointing_at_a_cause_shows_its_evidence_without_a_kernel_round_trip(page, voila):
    watch = _open(page, voila, "03_causes.ipynb")
    _wait_chain(page, "rows", "8")
    page.wait_for_timeout(1000)
    sent = watch.ws_sent
    row = page.locator(".gw-chain-row[data-cause='sugar'] rect").first
    row.scroll_into_view_if_needed()
    row.hover()
    _wait_chain(page, "shown", "sugar", timeout=5_000)
    panel = page.inner_text(".gw-chain-panel")
    assert "animal studies" in panel and "Sugar" in panel
    page.locator(".gw-chain-row[data-cause='emulsifiers'] rect").first.hover()
    assert "Not modelled" in page.inner_text(".gw-chain-panel")
    page.wait_for_timeout(500)
    assert watch.ws_sent == sent, "hovering the diagram must not talk to the kernel"
    assert not watch.problems(), watch.problems()


def test_at_the_start_every_intensity_acts_or_says_why(page, voila):
    """No slider that does nothing: an intensity switches its cause on; an unmodelled one says why."""
    watch = _open(page, voila, "03_causes.ipynb")
    rev = _wait_revision(page, ".gw-cause-course")
    _wait_chain(page, "rows", "8")
    control = page.locator(".gw-cause-control", has_text="Heavy alcohol use")
    box = control.locator("input[type=checkbox]")
    assert not box.is_checked()
    handle = control.locator(".noUi-handle")
    handle.focus()
    handle.press("ArrowLeft")  # 8 -> 7 drinks a day, with the cause still switched off
    _wait_chain(page, "active", "alcohol")
    _wait_revision(page, ".gw-cause-course", rev)
    page.wait_for_function("() => document.querySelector('.gw-summary').innerText.includes('Heavy alcohol use (7')",
                           timeout=15_000)
    assert box.is_checked(), "moving the intensity must switch the cause on, and the switch must show it"
    # A cause with no modelled size: its slider is greyed out, and both its tooltip and a note say why.
    unmodelled = page.locator(".gw-cause-control", has_text="Food emulsifiers")
    assert unmodelled.locator(".noUi-target").get_attribute("disabled") is not None
    title = unmodelled.locator(".widget-slider .widget-label").get_attribute("title") or ""
    assert "no modelled size" in title, title
    note = page.inner_text(".gw-control-note")
    assert "Food emulsifiers (carboxymethylcellulose) has no modelled size" in note
    assert not watch.problems(), watch.problems()
