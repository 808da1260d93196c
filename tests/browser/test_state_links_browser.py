"""Links that open a dashboard in a chosen state, in a real Chromium: through Voila and in the static
copy (from file://). The address sets the controls before the first draw, "Copy link to this view"
writes the address of what is shown, a link inside the page changes the state in place, and a bad
link shows its message and the dashboard's start. (tests/test_state_links.py round-trips every
control of every dashboard under Node.)"""

from __future__ import annotations

import pytest

from gutwidgets.testtools.testing import PageWatch
from gutwidgets.views.causes import CauseExplorer
from gutwidgets.views.junction import JunctionExplorer

from .test_page_compute import wait_sentence

pytestmark = pytest.mark.browser


def test_a_link_opens_chapter3_in_its_state_through_voila(page, voila, catalogue):
    watch = PageWatch(page)
    page.goto(voila.url + "voila/render/03_causes.ipynb#nsaid_on=1&alcohol=10&duration=14",
              wait_until="domcontentloaded")
    page.wait_for_selector(".gw-cause-course .main-svg", timeout=90_000)
    want = CauseExplorer(catalogue=catalogue, active={"nsaid": 150.0}, duration=14.0)
    wait_sentence(page, want.sentence)  # alcohol's intensity is set, but a link does not switch it on
    assert page.get_by_role("checkbox", name="Anti-inflammatory painkillers (NSAIDs)", exact=True).is_checked()
    page.locator(".gw-page-link").click()
    page.wait_for_selector(".gw-link-note:not([hidden])")
    assert page.evaluate("location.hash") == "#alcohol=10&nsaid_on=1&duration=14"
    assert page.inner_text(".gw-link-note").endswith("/voila/render/03_causes.ipynb#alcohol=10&nsaid_on=1&duration=14")
    assert not watch.problems(), watch.problems()


def test_links_in_the_static_copy_from_a_file(static_page, static_site, catalogue):
    open_page, errors = static_page
    page = open_page("02_tight_junctions", ".gw-teer-plot")
    page.goto((static_site / "02_tight_junctions.html").as_uri() + "#tnf=50&tissue=jejunum")
    page.reload()
    page.wait_for_selector(".gw-teer-plot .main-svg", timeout=60_000)
    want = JunctionExplorer(catalogue=catalogue, tnf=50.0, tissue="jejunum")
    wait_sentence(page, want.sentence)
    page.evaluate("location.hash = '#tnf=500'")  # a link inside the page: out of range
    page.wait_for_selector(".gw-link-note[data-kind='error']:not([hidden])")
    assert "tnf=500 is outside 0 to 100" in page.inner_text(".gw-link-note")
    wait_sentence(page, want.sentence)  # nothing changed
    page.evaluate("location.hash = '#claudin2=3'")
    wait_sentence(page, JunctionExplorer(catalogue=catalogue, tnf=50.0, tissue="jejunum", claudin2=3.0).sentence)
    page.goto((static_site / "03_causes.html").as_uri() + "#duration=4")
    page.reload()
    page.wait_for_selector(".gw-link-note[data-kind='error']:not([hidden])", timeout=60_000)
    assert "duration=4 is not one of" in page.inner_text(".gw-link-note")
    wait_sentence(page, CauseExplorer(catalogue=catalogue).sentence)
    assert errors == []
