"""Under JupyterLab's server the package's extension serves the plotting library, cacheably."""

from __future__ import annotations

import urllib.request

import pytest

from gutwidgets.testing import JupyterServer

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


def test_chapter_runs_and_draws_in_jupyterlab(browser, tmp_path):
    """A reader opens chapter 1 in JupyterLab and runs all cells: the widgets render."""
    import shutil

    from gutwidgets.testing import JupyterLabServer, PageWatch

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
            assert not watch.external_requests, watch.external_requests
            assert not watch.page_errors, watch.page_errors
        finally:
            context.close()
