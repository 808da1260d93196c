"""Browser fixtures: one real Voila server (repository configuration) and headless Chromium."""

from __future__ import annotations

import http.cookiejar
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from gutwidgets.testtools.testing import VoilaServer, launch_chromium


@pytest.fixture(scope="session")
def voila():
    with VoilaServer("notebooks") as server:
        yield server


@pytest.fixture(scope="session")
def static_site(tmp_path_factory):
    """The whole static copy (every chapter computes in the page), built once for the session by the
    real command line (its run time is reported)."""
    out = tmp_path_factory.mktemp("static") / "site"
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "gutwidgets.export", "build", str(out)],
                          capture_output=True, text=True, timeout=900, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    print(f"\nstatic export: {time.monotonic() - started:.1f} s")
    return out


@pytest.fixture
def static_page(browser, static_site):
    """Open a page of the static copy from file://: yields (open, errors); open(name, plot) loads
    ``name``.html and waits for its plot; errors collects console errors and page errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def open_page(name: str, plot: str):
        page.goto((static_site / f"{name}.html").as_uri())
        page.wait_for_selector(f"{plot} .main-svg", timeout=60_000)
        assert page.locator(".gw-needs-kernel").count() == 0
        return page

    yield open_page, errors
    context.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    # Close like a tab: shut the page's kernel down. (PageWatch's request routing holds back the
    # page's own unload beacon, and kernels left behind would fill the server's kernel cap.)
    kernel_ids = set()
    for frame_page in context.pages:
        try:
            kid = frame_page.evaluate(
                "() => { const c = document.getElementById('jupyter-config-data');"
                " return c ? JSON.parse(c.textContent).kernelId || '' : ''; }")
        except Exception:
            kid = ""
        if kid:
            kernel_ids.add(kid)
    context.close()
    if "voila" in request.fixturenames and kernel_ids:
        server = request.getfixturevalue("voila")
        for kid in kernel_ids:
            _shutdown(server.url, kid)


def _shutdown(base_url: str, kernel_id: str) -> int:
    """Shut a kernel down as a closing tab does: the ``_xsrf`` cookie a visited page gets, sent
    back with its value in the form (Voila's beacon). Returns the HTTP status (0: no answer)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    try:
        opener.open(base_url + "voila/tree", timeout=20).close()  # sets the _xsrf cookie
        xsrf = next((c.value for c in jar if c.name == "_xsrf"), "")
        req = urllib.request.Request(base_url + f"voila/api/shutdown/{kernel_id}", method="POST",
                                     data=urllib.parse.urlencode({"_xsrf": xsrf}).encode())
        with opener.open(req, timeout=20) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code  # e.g. already gone
    except (urllib.error.URLError, OSError):
        return 0
