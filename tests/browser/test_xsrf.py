"""The XSRF check is on wherever the dashboards are served, and a closed tab still frees its kernel.

Two servers, each started exactly as a user starts it: ``voila notebooks/`` from the repository
root (``voila.json`` applies; the session's ``voila`` fixture) and ``python -m gutwidgets.serve
--network`` with a token (the classroom mode, listening on every interface). On both:

- a POST to ``voila/api/shutdown/<kernel>`` without the XSRF token is refused (403) and the
  kernel keeps running, also when it carries the cookies a visitor's browser holds (what a form
  on another site would send);
- the page's own close beacon, from a real page closed in Chromium, shuts its kernel down: the
  page got an ``_xsrf`` cookie, and the beacon sends its value back.
"""

from __future__ import annotations

import http.cookiejar
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from gutwidgets.testtools.testing import ServerProcess
from gutwidgets.testtools.viewer import kernel_id_of

pytestmark = pytest.mark.browser

TOKEN = "xsrf-test-7b"
PAGE = "01_the_barrier.ipynb"


class ClassroomServer(ServerProcess):
    """``python -m gutwidgets.serve --network --token TOKEN`` on a free port, from the repository root."""

    ready_path = f"voila/tree?token={TOKEN}"

    def __init__(self) -> None:
        super().__init__(["-m", "gutwidgets.serve", "--network", "--token", TOKEN])
        self.args.append(f"--port={self.port}")


@pytest.fixture(scope="module")
def classroom():
    with ClassroomServer() as server:
        yield server


@pytest.fixture(params=["voila notebooks/", "serve --network"])
def served(request):
    """(server, query string a first visit needs) for each way the dashboards are served."""
    if request.param == "voila notebooks/":
        return request.getfixturevalue("voila"), ""
    return request.getfixturevalue("classroom"), f"?token={TOKEN}"


def _alive(server, kernel_id: str) -> bool:
    return any(kernel_id in " ".join(p.cmdline()) for p in server.kernel_processes())


def _wait_gone(server, kernel_id: str, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while _alive(server, kernel_id) and time.monotonic() < deadline:
        time.sleep(0.5)
    return not _alive(server, kernel_id)


def _post(opener, url: str, form: dict[str, str] | None = None) -> int:
    data = urllib.parse.urlencode(form).encode() if form is not None else b""
    try:
        with opener.open(urllib.request.Request(url, data=data, method="POST"), timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def test_a_shutdown_post_without_the_xsrf_token_is_refused_and_the_kernel_runs_on(served):
    server, query = served
    jar = http.cookiejar.CookieJar()
    visitor = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))  # a visitor's browser
    with visitor.open(server.url + f"voila/render/{PAGE}{query}", timeout=120) as r:
        kernel_id = kernel_id_of(r.read().decode("utf-8", "replace"))
    assert kernel_id, "the page names no kernel"
    xsrf = next((c.value for c in jar if c.name == "_xsrf"), "")
    assert xsrf, "the page did not set the _xsrf cookie its close beacon sends back"
    url = server.url + f"voila/api/shutdown/{kernel_id}"
    try:
        # The visitor's cookies (login included) but no token in the form: a form on another site.
        assert _post(visitor, url) == 403
        assert _post(visitor, url, {"_xsrf": "not-the-token"}) == 403
        # Nothing at all (no cookies, no token).
        assert _post(urllib.request.build_opener(), url) == 403
        # (An accepted shutdown answers only once the kernel has been stopped.)
        assert _alive(server, kernel_id), "a refused shutdown still stopped the kernel"
        # What the page's beacon sends: the cookie, and its value in the form.
        assert _post(visitor, url, {"_xsrf": xsrf}) == 204
        assert _wait_gone(server, kernel_id), "an accepted shutdown left the kernel running"
    finally:
        if _alive(server, kernel_id):
            _post(visitor, url, {"_xsrf": xsrf})


def test_closing_a_real_page_shuts_its_kernel_down_with_the_check_on(served, browser):
    server, query = served
    context = browser.new_context()
    page = context.new_page()  # no PageWatch: its request routing would hold the unload beacon
    try:
        page.goto(server.url + f"voila/render/{PAGE}{query}")
        page.wait_for_selector(".gw-sieving-plot .main-svg", timeout=120_000)
        kernel_id = page.evaluate(
            "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
        assert _alive(server, kernel_id)
        assert any(c["name"] == "_xsrf" for c in context.cookies()), "the page set no _xsrf cookie"
        page.goto("about:blank")  # leaving the page sends Voila's shutdown beacon
    finally:
        context.close()
    assert _wait_gone(server, kernel_id), "the page's kernel was left running after the tab closed"
