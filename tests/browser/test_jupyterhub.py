"""The JupyterHub route: deploy/jupyterhub/jupyterhub_config.py, for real.

A real JupyterHub (its proxy, configurable-http-proxy, from tests/browser/npm) starts with the
deployment's configuration plus a test override: a shared password instead of the machine's
accounts, every user server run as this user (SimpleLocalProcessSpawner), free localhost ports
and a temporary directory for the database and secrets. Two users log in in Chromium and each
gets the landing dashboard with our template, a chapter with working widgets, and nothing
fetched from outside; the per-user kernel cap and the idle culler's access are checked too.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from gutwidgets.testtools.testing import REPO_ROOT, JupyterHubServer, PageWatch, free_port

pytestmark = pytest.mark.browser

HUB_CONFIG = REPO_ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PROXY = REPO_ROOT / "tests" / "browser" / "npm" / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "class-password"
TEST_KERNEL_CAP = 2  # lowered from the deployment's value so the test can reach it quickly


def write_test_config(directory: Path, kernel_cap: int = TEST_KERNEL_CAP) -> Path:
    """The deployment's configuration plus what a test on one machine needs."""
    if not PROXY.exists():
        raise RuntimeError(f"{PROXY} is missing: run npm install --prefix tests/browser/npm")
    allow_root = ["--allow-root"] if os.geteuid() == 0 else []
    text = f"""
c = get_config()  # noqa: F821
load_subconfig({str(HUB_CONFIG)!r})  # noqa: F821
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{str(PROXY)!r}]
c.ConfigurableHTTPProxy.pid_file = {str(directory / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///" + {str(directory / "hub.sqlite")!r}
c.JupyterHub.cookie_secret_file = {str(directory / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(directory / "hub.pid")!r}
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {PASSWORD!r}
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(directory / "home" / "{username}")!r}
c.Spawner.args = [a for a in c.Spawner.args if not a.startswith("--CappedKernelManager.max_kernels=")]
c.Spawner.args = c.Spawner.args + {allow_root!r} + ["--CappedKernelManager.max_kernels={kernel_cap}"]
"""
    path = directory / "jupyterhub_test_config.py"
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    directory = tmp_path_factory.mktemp("hub")
    with JupyterHubServer(write_test_config(directory), cwd=directory) as server:
        yield server


def _log_in(browser, hub, user: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = PageWatch(page)
    page.goto(hub.url + "hub/login", wait_until="domcontentloaded")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("[type=submit]")
    # The hub starts the user's server and sends the browser to the landing dashboard.
    page.wait_for_url(f"**/user/{user}/voila/render/index.ipynb", timeout=90_000)
    return context, page, watch


def _landing_is_our_dashboard(page) -> None:
    page.wait_for_selector("#rendered_cells", state="visible", timeout=90_000)
    assert page.locator("link[href*='voila/templates/gutwidgets/static/gutwidgets.css']").count() == 1
    page.wait_for_selector(".gw-toolbar", timeout=15_000)
    body = page.inner_text("body")
    assert "Chapters" in body and "page = Page()" not in body


def _chapter_works(page, user: str) -> None:
    page.click("a:has-text('The barrier')")
    page.wait_for_url(f"**/user/{user}/voila/render/01_the_barrier.ipynb", timeout=30_000)
    page.wait_for_selector(".gw-sieving-plot .main-svg", timeout=90_000)
    page.wait_for_selector("mjx-container", state="attached", timeout=15_000)
    handle = page.locator(".widget-slider", has_text="Leak route").locator(".noUi-handle")
    handle.focus()
    for _ in range(6):
        handle.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('.gw-summary').innerText.includes('Leak route (MLCK/TNF): raised')",
        timeout=20_000,
    )


def _kernel_count(page, hub, user: str) -> int:
    deadline = time.monotonic() + 20
    while True:
        kernels = json.loads(page.request.get(hub.url + f"user/{user}/api/kernels").text())
        if len(kernels) <= 1 or time.monotonic() > deadline:
            return len(kernels)
        time.sleep(0.5)


def test_two_users_each_get_the_dashboards(browser, hub):
    sessions = {}
    try:
        for user in ("alice", "bob"):
            sessions[user] = _log_in(browser, hub, user)
        for user, (_, page, _) in sessions.items():
            _landing_is_our_dashboard(page)
            assert f"/user/{user}/" in page.url
        for user, (_, page, watch) in sessions.items():
            _chapter_works(page, user)
            assert not watch.problems(), f"{user}: {watch.problems()}"
            # Leaving the landing page shut its kernel down: one page open, one kernel.
            assert _kernel_count(page, hub, user) == 1
        # Each user has a server of their own.
        servers = [p for p in hub.processes() if "jupyterhub.singleuser" in " ".join(p.cmdline())]
        assert len(servers) == 2, [p.cmdline() for p in servers]
    finally:
        for context, _, _ in sessions.values():
            context.close()


def test_a_users_kernel_cap_answers_server_full(browser, hub):
    """Past the per-user cap a new page gets the template's "server full" page, not a hang."""
    context, page, watch = _log_in(browser, hub, "carol")
    try:
        _landing_is_our_dashboard(page)  # kernel 1
        second = context.new_page()
        second.goto(hub.url + "user/carol/voila/render/glossary.ipynb")  # kernel 2: the cap
        second.wait_for_selector("#rendered_cells", state="visible", timeout=90_000)
        third = context.new_page()
        response = third.goto(hub.url + "user/carol/voila/render/01_the_barrier.ipynb")
        assert response.status == 503
        text = third.inner_text("body")
        assert "This server is full" in text and "Try again" in text, text  # the template's 503.html
        assert not watch.problems(), watch.problems()
    finally:
        context.close()


def test_idle_culler_service_can_read_the_hub(hub):
    """jupyterhub-idle-culler runs as a hub service with the role it needs (no 403s)."""
    def culler_requests() -> list[str]:
        log = hub.log_path.read_text(errors="replace")
        return [line for line in log.splitlines() if "(idle-culler@" in line]

    deadline = time.monotonic() + 20
    while not culler_requests() and time.monotonic() < deadline:
        time.sleep(0.5)
    lines = culler_requests()
    assert any(" 200 GET /hub/api/users" in line for line in lines), lines or hub.log()
    assert not any(" 403 " in line for line in lines), lines
    assert any("jupyterhub_idle_culler" in " ".join(p.cmdline()) for p in hub.processes())

