"""Under JupyterLab's server the package's extension serves the plotting library, cacheably."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

from gutwidgets.figures import clean
from gutwidgets.models.constants import model_from_data
from gutwidgets.testtools.testing import JupyterServer
from gutwidgets.views.sieving_plot import radius_grid

from ..conftest import NOTEBOOKS, ROOT

pytestmark = pytest.mark.browser


def test_server_extension_serves_plotly_for_jupyterlab():
    with JupyterServer(NOTEBOOKS) as server:
        url = server.url + "gutwidgets/static/plotly-basic.min.js?v=4.1.1"
        with urllib.request.urlopen(url, timeout=20) as r:
            body = r.read()
            assert r.status == 200
            assert "max-age" in (r.headers.get("Cache-Control") or "")
        assert body == (ROOT / "gutwidgets/static/plotly-basic.min.js").read_bytes()


#: Whether the sieving plot's total curve is ``arg`` (to the figure's 4 significant figures).
SAME_CURVE = """(want) => {
  const y = document.querySelector('.gw-sieving-plot .js-plotly-plot').data[0].y;
  return y.length === want.length && want.every((b, i) => (b === null ? y[i] === null
    : y[i] !== null && Math.abs(y[i] - b) <= 1e-3 * Math.abs(b)));
}"""


def test_chapter_runs_and_draws_in_jupyterlab(browser, tmp_path, catalogue):
    """A reader opens chapter 1 in JupyterLab and runs all cells: the widgets render. Then they program
    it: a new cell sets ``explorer.leak_level = 10``, and the slider moves and the page (which computes
    the dashboard) redraws the sentence and the sieving plot for that state."""
    import shutil

    from gutwidgets.testtools.testing import JupyterLabServer, PageWatch

    work = tmp_path / "notebooks"  # a copy: JupyterLab may autosave outputs into what it opens
    shutil.copytree(NOTEBOOKS, work)
    with JupyterLabServer(work) as server:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        watch = PageWatch(page)
        try:
            page.goto(server.url + "lab/tree/01_the_barrier.ipynb")
            page.wait_for_selector(".jp-Notebook", timeout=90_000)
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
            page.wait_for_function("() => document.querySelectorAll('.jp-Notebook .jp-Cell').length > 10",
                                   timeout=30_000)
            for attempt in range(3):  # a freshly started JupyterLab may still be wiring up its menus
                page.click("text=Run >> nth=0")
                page.click("text=Run All Cells")
                try:
                    page.wait_for_selector(".gw-sieving-plot", state="attached", timeout=40_000)
                    break
                except Exception:
                    page.keyboard.press("Escape")
                    if attempt == 2:
                        page.screenshot(path=str(tmp_path / "jupyterlab.png"))
                        raise
            # JupyterLab may skip rendering cells outside the viewport: bring the plot into view.
            page.locator(".gw-sieving-plot").scroll_into_view_if_needed()
            page.wait_for_function(
                "() => Number(document.querySelector('.gw-sieving-plot').dataset.revision) >= 1", timeout=60_000
            )
            assert page.locator(".gw-sieving-plot .main-svg").count() >= 1
            page.wait_for_selector(".gw-cross-section canvas", state="attached", timeout=30_000)
            page.wait_for_function(
                "() => [...document.querySelectorAll('.gw-summary')].some(e => e.innerText.startsWith('Pore route'))",
                timeout=30_000,
            )
            healthy = page.inner_text(".gw-page .gw-summary")
            model = model_from_data(catalogue)
            assert healthy == model.summary()
            model.set(leak_level=10.0)
            routes = model.route_permeabilities(radius_grid())
            curve = clean(routes["pore"] + routes["leak"] + routes["unrestricted"], positive=True)
            # A new cell at the end, in command mode: select the last cell, insert below, type, run.
            page.locator(".jp-Notebook .jp-Cell").last.click()
            page.keyboard.press("Escape")
            page.keyboard.press("b")
            page.keyboard.press("Enter")
            page.keyboard.type("explorer.leak_level = 10")  # on the slider's grid (it snaps to it)
            page.keyboard.press("Shift+Enter")
            page.locator(".gw-page .gw-summary").scroll_into_view_if_needed()
            page.wait_for_function("(t) => document.querySelector('.gw-page .gw-summary').textContent === t",
                                   arg=model.summary(), timeout=60_000)
            try:  # the plot redraws on the next frame (an animated update): wait for the model's curve
                page.wait_for_function(SAME_CURVE, arg=curve, timeout=20_000)
            except Exception:
                shown = page.evaluate("() => document.querySelector('.gw-sieving-plot .js-plotly-plot').data[0].y")
                bad = [(i, a, b) for i, (a, b) in enumerate(zip(shown, curve)) if a != b]
                raise AssertionError(f"the sieving plot differs from the model at {bad[:8]}") from None
            # The slider's readout, read as textContent: JupyterLab may leave a cell out of view unrendered
            # (its windowing), and an unrendered element's innerText came back empty once in CI.
            readout = page.locator(".widget-slider", has_text="Leak route").locator(".widget-readout")
            readout.scroll_into_view_if_needed()
            try:
                page.wait_for_function(
                    "(e) => ['10', '10.0'].includes(e.textContent.trim())", arg=readout.element_handle(), timeout=20_000
                )
            except Exception:
                raise AssertionError(f"the Leak route readout shows {readout.text_content()!r}, not 10") from None
            assert not watch.external_requests, watch.external_requests
            assert not watch.page_errors, watch.page_errors
        finally:
            context.close()


def test_binder_route_serves_the_dashboards_with_the_project_template(browser):
    """Binder's route: Jupyter Server started in the repository root, Voila as its server extension.

    The README badge's ``urlpath`` opens the landing page; voila.json's VoilaConfiguration (read
    from the working directory) must give it our template: hidden code, our toolbar, nothing from
    a CDN; and a chapter link must open a working dashboard.
    """
    from gutwidgets.testtools.testing import PageWatch

    from ..test_environment import landing_urlpath

    with JupyterServer(ROOT) as server:  # cwd and root_dir: the repository root, as on Binder
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        watch = PageWatch(page)
        try:
            page.goto(server.url + landing_urlpath(), wait_until="domcontentloaded")
            page.wait_for_selector("#rendered_cells", state="visible", timeout=90_000)
            assert page.locator("link[href*='voila/templates/gutwidgets/static/gutwidgets.css']").count() == 1
            page.wait_for_selector(".gw-toolbar", timeout=15_000)  # the template's classroom layer
            body = page.inner_text("body")
            assert "page = Page()" not in body, "code shown: voila.json's strip_sources was not applied"
            assert "Chapters" in body
            landing_kernel = page.evaluate(
                "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
            assert landing_kernel in _kernel_ids(server)
            page.click("a:has-text('The barrier')")
            page.wait_for_url("**/voila/render/notebooks/01_the_barrier.ipynb", timeout=30_000)
            # Leaving a page shuts its kernel down (the unload beacon passes the XSRF check).
            deadline = time.monotonic() + 20
            while landing_kernel in _kernel_ids(server) and time.monotonic() < deadline:
                time.sleep(0.5)
            assert landing_kernel not in _kernel_ids(server), "the landing page's kernel outlived the page"
            page.wait_for_selector(".gw-sieving-plot .main-svg", timeout=90_000)
            page.wait_for_selector(".gw-cross-section canvas", state="attached", timeout=30_000)
            page.wait_for_selector(".gw-toolbar", timeout=15_000)
            page.wait_for_selector("mjx-container", state="attached", timeout=15_000)  # maths, offline
            # The kernel answers: a slider move reaches the model and the summary follows.
            handle = page.locator(".widget-slider", has_text="Leak route").locator(".noUi-handle")
            handle.focus()
            for _ in range(6):
                handle.press("ArrowRight")
            page.wait_for_function(
                "() => document.querySelector('.gw-summary').innerText.includes('Leak route (MLCK/TNF): raised')",
                timeout=20_000,
            )
            assert not watch.problems(), watch.problems()
        finally:
            context.close()


def _kernel_ids(server) -> set[str]:
    with urllib.request.urlopen(server.url + "api/kernels", timeout=10) as r:
        return {k["id"] for k in json.load(r)}
