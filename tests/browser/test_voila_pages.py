"""Every page served by a real Voila, opened in headless Chromium, offline.

Requests that leave localhost are aborted and recorded (an offline classroom), console errors
and uncaught exceptions are recorded, and websocket bytes are counted.
"""

from __future__ import annotations

import json
import time

import pytest

from gutwidgets.testtools.testing import PageWatch

from ..conftest import NOTEBOOKS

pytestmark = pytest.mark.browser

NOTEBOOK_NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
VOILA_CELL_ERROR = "There was an error when executing cell"
WS_BUDGET_BYTES = 1_000_000


def _open(page, voila, name):
    watch = PageWatch(page)
    page.goto(voila.url + f"voila/render/{name}", wait_until="domcontentloaded")
    # Voila shows cells once every cell has run and widgets are rendered.
    page.wait_for_selector("#rendered_cells", state="visible", timeout=90_000)
    page.wait_for_selector(".jp-OutputArea-output", timeout=30_000)
    return watch


def test_tree_lists_every_chapter_offline(page, voila):
    watch = PageWatch(page)
    page.goto(voila.url + "voila/tree", wait_until="networkidle")
    text = page.inner_text("body")
    for name in NOTEBOOK_NAMES:
        assert name in text
    assert not watch.problems(), watch.problems()


@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_page_renders_offline_without_errors(page, voila, name):
    watch = _open(page, voila, name)
    page.wait_for_timeout(1500)  # let late scripts and widget views settle
    body = page.inner_text("body")
    assert VOILA_CELL_ERROR not in body, voila.log()
    assert "Traceback" not in body and "NaN" not in body
    assert "from gutwidgets" not in body and "page = Page()" not in body, "code must be hidden"
    assert not watch.problems(), watch.problems()
    assert watch.ws_received < WS_BUDGET_BYTES, f"{watch.ws_received} bytes over the websocket"


@pytest.fixture
def chapter1(page, voila):
    watch = _open(page, voila, "01_the_barrier.ipynb")
    page.wait_for_selector(".gw-sieving-plot .main-svg", timeout=60_000)
    page.wait_for_selector(".gw-cross-section canvas", timeout=30_000)
    return page, watch


def _revision(page) -> int:
    return int(page.get_attribute(".gw-sieving-plot", "data-revision") or 0)


def _plot_data(page) -> str:
    return page.evaluate(
        "() => JSON.stringify([...document.querySelectorAll('.gw-sieving-plot .js-plotly-plot')]"
        ".map(g => g.data.map(t => t.y)))"
    )


def test_chapter1_cross_section_animates(chapter1):
    page, watch = chapter1
    root = ".gw-cross-section"
    page.locator(root).scroll_into_view_if_needed()  # the loop sleeps while offscreen
    if page.get_attribute(root, "data-playing") != "true":
        page.click(f"{root} button:has-text('Play')")
    first = int(page.get_attribute(root, "data-frames") or 0)
    page.wait_for_function(
        f"() => Number(document.querySelector('{root}').dataset.frames) > {first + 20}", timeout=15_000
    )
    page.wait_for_function(f"() => Number(document.querySelector('{root}').dataset.crossed) > 0", timeout=30_000)
    assert not watch.problems(), watch.problems()


def test_chapter1_slider_move_redraws_plot_and_summary(chapter1):
    page, watch = chapter1
    page.wait_for_function("() => Number(document.querySelector('.gw-sieving-plot').dataset.revision) >= 1")
    before_rev, before_data = _revision(page), _plot_data(page)
    before_summary = page.inner_text(".gw-summary")
    slider = page.locator(".widget-slider", has_text="Leak route")
    handle = slider.locator(".noUi-handle")
    handle.focus()
    for _ in range(6):
        handle.press("ArrowRight")
    page.wait_for_function(
        f"() => Number(document.querySelector('.gw-sieving-plot').dataset.revision) > {before_rev}",
        timeout=15_000,
    )
    assert _plot_data(page) != before_data
    # Six presses on the log slider double the leak route: the summary must end up saying so.
    page.wait_for_function(
        "() => document.querySelector('.gw-summary').innerText.includes('Leak route (MLCK/TNF): raised')",
        timeout=15_000,
    )
    assert page.inner_text(".gw-summary") != before_summary
    # Reset brings the healthy state back.
    page.click("button:has-text('Reset')")
    page.wait_for_function(
        "() => document.querySelector('.gw-summary').innerText.includes('Leak route (MLCK/TNF): normal')",
        timeout=10_000,
    )
    assert not watch.problems(), watch.problems()


def test_chapter1_plot_shows_routes_and_probes(chapter1):
    page, _ = chapter1
    names = json.loads(
        page.evaluate("() => JSON.stringify(document.querySelector('.gw-sieving-plot .js-plotly-plot')"
                      ".data.map(t => t.name))")
    )
    assert {"Pore route (claudin-2)", "Leak route (MLCK)", "All routes together", "Probe molecules"} <= set(names)


def test_landing_page_link_opens_chapter_1(page, voila):
    watch = _open(page, voila, "index.ipynb")
    page.click("a:has-text('The barrier')")
    page.wait_for_url("**/voila/render/01_the_barrier.ipynb", timeout=30_000)
    page.wait_for_selector(".gw-sieving-plot .main-svg", timeout=60_000)
    assert not watch.problems(), watch.problems()


def test_plotting_library_is_served_over_http_and_cacheable(page, voila):
    response = page.request.get(voila.url + "voila/templates/gutwidgets/static/plotly-basic.min.js?v=4.1.1")
    assert response.status == 200
    assert "max-age" in response.headers.get("cache-control", "")
    assert len(response.body()) > 500_000


def test_closing_a_page_shuts_its_kernel_down(browser, voila):
    """A closed or reloaded tab must not leave its kernel running (30 students reload a lot)."""
    context = browser.new_context()
    page = context.new_page()  # no PageWatch: its request routing would hold the unload beacon
    page.goto(voila.url + "voila/render/01_the_barrier.ipynb")
    page.wait_for_selector(".gw-sieving-plot .main-svg", timeout=90_000)
    kernel_id = page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")

    def alive() -> bool:
        return any(kernel_id in " ".join(p.cmdline()) for p in voila.kernel_processes())

    assert alive()
    page.goto("about:blank")  # leaving the page sends Voila's shutdown beacon
    context.close()
    deadline = time.monotonic() + 20
    while alive() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not alive(), "the page's kernel was left running after the tab closed"


def _wait_revision(page, selector: str, above: int = 0) -> int:
    page.wait_for_function(
        f"() => Number((document.querySelector('{selector}') || {{dataset: {{}}}}).dataset.revision || 0) > {above}",
        timeout=60_000,
    )
    return int(page.get_attribute(selector, "data-revision") or 0)


def test_chapter2_levers_redraw_the_teer_meter_and_zipper(page, voila):
    watch = _open(page, voila, "02_tight_junctions.ipynb")
    rev = _wait_revision(page, ".gw-teer-plot")
    marker_x = ("() => document.querySelectorAll('.gw-teer-plot .scatterlayer .trace')[1]"
                ".querySelector('path.point').getBoundingClientRect().x")
    before = page.evaluate(marker_x)
    page.locator(".gw-junction-zipper").scroll_into_view_if_needed()
    page.wait_for_function("() => Number(document.querySelector('.gw-junction-zipper').dataset.frames) > 10",
                           timeout=20_000)
    handle = page.locator(".widget-slider", has_text="Calcium removed").locator(".noUi-handle")
    handle.focus()
    handle.press("End")
    _wait_revision(page, ".gw-teer-plot", rev)
    page.wait_for_function("() => document.querySelector('.gw-junction-zipper').dataset.integrity === '0'",
                           timeout=15_000)
    page.wait_for_function("() => document.querySelector('.gw-summary').innerText.includes('90% below healthy')",
                           timeout=15_000)
    # The model's marker really moved left (lower resistance), not just the data behind it.
    page.wait_for_function(f"() => ({marker_x})() < {before} - 20", timeout=10_000)
    assert not watch.problems(), watch.problems()


def test_chapter6_scenario_redraws_both_plots(page, voila):
    watch = _open(page, voila, "06_measuring_permeability.ipynb")
    rev_t = _wait_revision(page, ".gw-sugar-timeline")
    rev_r = _wait_revision(page, ".gw-ratio-plot")
    page.select_option(".widget-dropdown select", label="Untreated coeliac disease")
    _wait_revision(page, ".gw-sugar-timeline", rev_t)
    _wait_revision(page, ".gw-ratio-plot", rev_r)
    page.wait_for_function("() => document.querySelector('.gw-summary').innerText.includes('coeliac')",
                           timeout=15_000)
    assert not watch.problems(), watch.problems()
