"""Links between the pages work where readers open them: Voila and JupyterLab, in Chromium.

- Voila (``voila notebooks/``, the session's server with ``voila.json``): every page is opened
  and every link on it that stays on the server is followed (requested once each); none may
  fail, and a link to a place on the same page must find it.
- JupyterLab (``jupyter lab`` rooted at the notebooks' folder, headless, no token): a chapter
  opens without a 404 from ``/api/contents``, and clicking its links opens the notebooks they
  name.

(The static copy's links are checked in test_static_export.py; the notebooks' Markdown, without
a browser, in tests/test_links.py.)
"""

from __future__ import annotations

import json
import re
import shutil
import time
import urllib.error
import urllib.request
from urllib.parse import unquote, urldefrag, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from gutwidgets.testtools.testing import LOCAL_HOSTS, JupyterLabServer
from gutwidgets.testtools.viewer import kernel_id_of

from ..conftest import NOTEBOOKS
from ..test_links import DASHBOARD_FRAGMENTS
from .conftest import _shutdown

pytestmark = pytest.mark.browser

NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
CHAPTERS = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
# The template's classroom.js opens presentation mode at #slides (or #slides/N).
LINKS = """() => [...document.querySelectorAll('a[href]')].map((a) => ({
    href: a.getAttribute('href'), url: a.href, text: a.textContent.trim() }))"""

_followed: dict[str, int] = {}  # each address is requested once for the whole module


def _follow(server, url: str) -> int:
    """GET an address on the server as a click would; a page's kernel is shut down afterwards."""
    if url not in _followed:
        try:
            with urllib.request.urlopen(url, timeout=120) as r:
                status, body = r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            status, body = e.code, ""
        kernel_id = kernel_id_of(body)
        if kernel_id:
            _shutdown(server.url, kernel_id)
        _followed[url] = status
    return _followed[url]


@pytest.mark.parametrize("name", NAMES)
def test_every_link_on_a_voila_page_works(page, voila, name):
    page.goto(voila.url + f"voila/render/{name}", wait_until="domcontentloaded")
    page.wait_for_selector("#rendered_cells", state="visible", timeout=120_000)
    here = urldefrag(page.url).url
    links = page.evaluate(LINKS)
    local = [link for link in links if urlparse(link["url"]).hostname in LOCAL_HOSTS]
    assert any(urldefrag(link["url"]).url != here for link in local), f"{name}: no link to another page"
    problems = []
    for link in local:
        target, frag = urldefrag(link["url"])
        where = f"{name}: [{link['text']}]({link['href']}) -> {link['url']}"
        if target == here:
            # As a browser looks a fragment up: the id as written, then percent-decoded.
            if frag and not DASHBOARD_FRAGMENTS.fullmatch(frag) and not page.evaluate(
                    "(ids) => ids.some((id) => !!document.getElementById(id))", [frag, unquote(frag)]):
                problems.append(f"{where}: nothing on the page has the id {unquote(frag)!r}")
            continue
        status = _follow(voila, target)
        if status != 200:
            problems.append(f"{where}: HTTP {status}")
    assert not problems, "\n".join(problems)


def _current_notebook(page) -> str:
    """The file name on JupyterLab's current main-area tab."""
    return page.inner_text("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel").strip()


def _open_link(page, text: str, expected: str, failures: list[str]) -> None:
    """Click the (first) link with exactly this text in the current notebook; ``expected`` must open."""
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.locator(".jp-RenderedMarkdown a", has_text=re.compile(rf"^\s*{re.escape(text)}\s*$")).first.click()
    try:
        page.wait_for_function(
            "(name) => { const t = document.querySelector("
            "'#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel');"
            " return t && t.textContent.trim() === name; }", arg=expected, timeout=60_000)
    except PlaywrightTimeout as exc:  # say what the click did instead
        raise AssertionError(f"the link {text!r} did not open {expected}; the current tab is"
                             f" {_current_notebook(page)!r}; failed requests: {failures}") from exc
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown h1").first.wait_for(timeout=60_000)


def test_jupyterlab_opens_chapters_without_404s_and_follows_their_links(browser, tmp_path):
    """``jupyter lab notebooks/``: a chapter opens with no 404 for /api/contents, and its previous/next,
    contents and slides links open the notebooks they name."""
    work = tmp_path / "notebooks"  # a copy: JupyterLab may autosave what it opens
    shutil.copytree(NOTEBOOKS, work)
    second, third = CHAPTERS[1], CHAPTERS[2]
    with JupyterLabServer(work) as server:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        failures: list[str] = []
        page.on("response", lambda r: r.status >= 400 and failures.append(f"HTTP {r.status} {r.url}"))
        page.on("console", lambda m: m.type == "error" and failures.append(f"console: {m.text}"))
        try:
            page.goto(server.url + f"lab/tree/{second}")
            page.wait_for_selector(".jp-Notebook .jp-RenderedMarkdown h1", timeout=120_000)
            assert _current_notebook(page) == second
            title = page.inner_text(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown h1")
            assert title.startswith("Chapter 2"), title
            third_title = _h1(work / third)
            _open_link(page, third_title, third, failures)  # "Next: Chapter 3 · ..."
            _open_link(page, _h1(work / second), second, failures)  # chapter 3's "Previous:"
            _open_link(page, "Contents", "index.ipynb", failures)
            _open_link(page, "chapter 3", third, failures)  # the landing page's slides link (#slides)
            page.wait_for_timeout(1000)  # late requests (the contents of restored or linked files)
            contents_404 = [f for f in failures if "404" in f and ("/api/contents" in f or "console" in f)]
            assert not contents_404, contents_404
            assert not failures, failures
            deadline = time.monotonic() + 30  # the open tabs were saved in the server's own workspace
            while not list(server.workspaces_dir.glob("*.jupyterlab-workspace")) and time.monotonic() < deadline:
                time.sleep(0.5)
            assert list(server.workspaces_dir.glob("*.jupyterlab-workspace")), "JupyterLab saved no workspace"
        finally:
            context.close()


def _h1(path) -> str:
    """'Chapter 3 · What loosens the barrier' (the link text) from a chapter's first heading."""
    first = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"]).splitlines()[0]
    return first.lstrip("# ").split(":")[0].strip()
