"""The static export (python -m gutwidgets.export build), opened in headless Chromium, offline.

The export is built once for the module, then every page is opened twice: from disk (file://)
and from a plain static web server (python -m http.server, as on any static host). No server
runs any Python for the pages. Requests that leave the folder (file://) or localhost (http) are
aborted and recorded, as are console errors, uncaught exceptions and failed local requests.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from gutwidgets.testtools.testing import PageWatch, ServerProcess

from ..conftest import NOTEBOOKS
from .test_classroom import AXE_JS, _axe, _serious, quiz_doms, quiz_leaks, shown_choice

pytestmark = pytest.mark.browser

PAGES = ["index", *sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")), "glossary"]
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


class StaticSite(ServerProcess):
    """``python -m http.server`` on localhost, serving a folder: a static host, nothing else."""

    ready_path = "index.html"

    def __init__(self, folder: Path) -> None:
        super().__init__(["-m", "http.server", "--bind", "127.0.0.1", "--directory", str(folder)], cwd=folder)
        self.args.append(str(self.port))


@dataclass
class FolderWatch(PageWatch):
    """PageWatch for a page opened from disk: anything outside ``root`` counts as outside."""

    root: str = ""
    failed: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__post_init__()
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} (HTTP {r.status})"))

    def _on_route(self, route) -> None:
        url = route.request.url
        if self.root and url.startswith(self.root):
            self.requests += 1
            route.continue_()
        else:
            super()._on_route(route)

    def problems(self) -> list[str]:
        return super().problems() + [f"failed request: {u}" for u in self.failed
                                     if "net::ERR_ABORTED" not in u or "/assets/" in u]


@pytest.fixture(scope="module")
def site(static_site):
    """The whole export (tests/browser/conftest.py builds it once for the session)."""
    return static_site


@pytest.fixture(scope="module")
def http_site(site):
    with StaticSite(site) as server:
        yield server


def _state(site: Path, name: str) -> dict:
    text = (site / f"{name}.html").read_text(encoding="utf-8")
    m = re.search(rf'<script type="{re.escape(WIDGET_STATE)}">\s*(.*?)\s*</script>', text, re.DOTALL)
    return json.loads(m.group(1))["state"] if m else {}


def _plots(state: dict) -> int:
    return sum(1 for m in state.values() if m["model_name"] == "AnyModel" and "loadPlotly" in m["state"]["_esm"])


def _controls(state: dict) -> list[dict]:
    return [m["state"] for m in state.values()
            if m["model_module"] == "@jupyter-widgets/controls" and "disabled" in m["state"]
            and not m["model_name"].endswith("StyleModel")]


# Every output's widgets drawn, and as many plots drawn (or failed) as the page's state holds: a
# plot inside a box is drawn after its box, so "every plot present is drawn" alone can pass early.
RENDERED = """(plotCount) => {
  const outs = [...document.querySelectorAll('div.jupyter-widgets.jp-OutputArea-output')];
  const views = outs.every((d) => {
    const s = d.querySelector(':scope > .widget-subarea'); return s && s.children.length; });
  const plots = [...document.querySelectorAll('.gw-plot')];
  return views && plots.length >= plotCount && plots.every((p) => Number(p.dataset.revision) >= 1 || p.dataset.error);
}"""


def _wait_rendered(page, site: Path, name: str) -> None:
    page.wait_for_function(RENDERED, arg=_plots(_state(site, name)), timeout=30_000)


def _open(page, url: str, site: Path, mode: str) -> FolderWatch:
    watch = FolderWatch(page, root=site.resolve().as_uri() + "/" if mode == "file" else "")
    page.goto(url, wait_until="load")
    _wait_rendered(page, site, url.rsplit("/", 1)[-1].split("#")[0].removesuffix(".html"))
    return watch


def _url(mode: str, site: Path, http_site, name: str) -> str:
    return (site.resolve().as_uri() + "/" if mode == "file" else http_site.url) + f"{name}.html"


@pytest.mark.parametrize("mode", ["file", "http"])
@pytest.mark.parametrize("name", PAGES)
def test_page_renders_offline(page, site, http_site, mode, name):
    state = _state(site, name)
    watch = _open(page, _url(mode, site, http_site, name), site, mode)
    assert page.locator(".jupyter-widgets-error-widget").count() == 0, watch.problems()
    n_plots = _plots(state)
    drawn = page.evaluate("""() => [...document.querySelectorAll('.gw-plot')].map((p) => {
        const plot = p.querySelector('.js-plotly-plot');
        return plot ? plot.querySelectorAll('.main-svg .trace').length : 0; })""")
    assert len(drawn) == n_plots, f"{n_plots} plots in the page's state, {len(drawn)} drawn"
    assert all(n > 0 for n in drawn), f"a plot without traces: {drawn}"
    if name.startswith(("01", "02", "03", "04", "05", "06")):
        assert n_plots >= 1, "every chapter has at least one plot"
    assert page.locator(".gw-plot-status").count() == 0, "a plot could not load plotly.js"
    body = page.inner_text("body")
    assert "Static copy" in page.inner_text(".gw-static-banner")
    assert "Traceback" not in body and not re.search(r"\bNaN\b|\bInfinity\b", body)
    assert not re.search(r"Error (rendering|loading|displaying)|[Ff]ailed to (load|render)", body)
    assert page.locator(".jp-InputArea-editor, .jp-InputPrompt").count() == 0, "code must be hidden"
    assert "from gutwidgets" not in body and "page = Page()" not in body and "page.claim(" not in body
    assert page.locator("a[href$='.ipynb'], a[href*='.ipynb#']").count() == 0, "links must point at pages"
    if name == "01_the_barrier":
        # Its few formulas are simple (H(lambda), lambda = a / r): set as HTML at export time, so
        # the page loads no MathJax; test_formulas_offline covers a page that needs it.
        assert page.locator(".gw-formula").count() >= 5
        assert "\u03bb = a / r".replace(" ", "\u2009") in page.inner_text(".gw-formula >> nth=1")
        assert "$" not in page.inner_text("#rendered_cells")
        assert page.locator("script[src*='mathjax']").count() == 0
    page.wait_for_timeout(300)  # late scripts (fonts) report their failures
    assert not watch.problems(), watch.problems()


def test_formulas_offline(page, tmp_path_factory):
    """A page with formulas: simple ones are set as HTML at export time; any other is typeset by
    the MathJax copied beside the page, loaded once the page has drawn, from file://."""
    import nbformat

    folder = tmp_path_factory.mktemp("formulas")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Formulas\n\nA simple one, $H(\\lambda)$, and one that needs "
                                              "typesetting: $\\frac{a}{r^2}$. Code keeps its `$x$`."),
                nbformat.v4.new_code_cell("import ipywidgets\nipywidgets.IntSlider(description='n')")]
    nbformat.write(nb, folder / "index.ipynb")
    out = folder / "site"
    proc = subprocess.run([sys.executable, "-m", "gutwidgets.export", "build", str(out), "--notebooks", str(folder),
                           "--pages", "index", "--kernel", "python3"],
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    watch = FolderWatch(page, root=out.resolve().as_uri())
    page.goto((out / "index.html").resolve().as_uri(), wait_until="load")
    page.wait_for_selector(".widget-slider", timeout=30_000)  # the widget renderer drew the slider
    assert page.inner_text(".gw-formula") == "H(\u03bb)"
    try:
        page.wait_for_selector("mjx-container svg", state="attached", timeout=20_000)
    except PlaywrightTimeout:
        pytest.fail("the formula must be typeset: no MathJax output 20 s after the widgets drew")
    assert page.locator("mjx-container").count() == 1
    assert "$x$" in page.inner_text("#rendered_cells code")
    page.wait_for_timeout(300)
    assert not watch.problems(), watch.problems()


@pytest.fixture(scope="module")
def axe_js() -> str:
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is not installed: run `npm install --prefix {AXE_JS.parents[2]}` (done by .ci/run)")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", PAGES)
def test_access_audit(page, site, name, axe_js):
    """axe-core on each static page (banner and greyed-out controls included): nothing serious."""
    _open(page, (site / f"{name}.html").resolve().as_uri(), site, "file")
    serious = _serious(_axe(page, axe_js))
    assert not serious, json.dumps(serious, indent=1)


def test_index_links_every_chapter_to_its_page(page, site):
    watch = _open(page, (site / "index.html").resolve().as_uri(), site, "file")
    hrefs = page.eval_on_selector_all("main a[href]", "as => as.map((a) => a.getAttribute('href'))")
    for name in PAGES[1:-1]:
        assert f"{name}.html" in hrefs, f"the landing page does not link {name}.html"
    for href in hrefs:
        if not re.match(r"https?:|mailto:|#", href):
            assert (site / href.split("#")[0]).is_file(), f"broken link {href}"
    page.click(f"main a[href='{PAGES[1]}.html']")
    _wait_rendered(page, site, PAGES[1])
    assert page.url.endswith(f"{PAGES[1]}.html")
    assert not watch.problems(), watch.problems()


@pytest.mark.parametrize("name", PAGES)
def test_every_link_in_a_page_resolves_to_an_exported_file(site, name):
    """Previous/next, contents, slides and heading links: each names a file of the copy, and a
    ``#place`` in it (looked up as a browser does: as written, then percent-decoded). A ``#name=value``
    fragment is a dashboard's state, not a place."""
    from urllib.parse import unquote

    def ids(page_name: str) -> set[str]:
        return set(re.findall(r'\sid=["\']([^"\']+)["\']', (site / page_name).read_text(encoding="utf-8")))

    body = (site / f"{name}.html").read_text(encoding="utf-8")
    main = body[body.find("<main"):] if "<main" in body else body  # page links, not the scripts'
    hrefs = re.findall(r'<a\s[^>]*href=["\']([^"\']*)["\']', main)
    local = [h for h in hrefs if not re.match(r"[a-z][a-z0-9+.-]*:", h, re.I)]
    assert any(not h.startswith("#") for h in local), f"{name}: no link to another page"
    broken = []
    for href in local:
        path, _, frag = href.partition("#")
        target = path or f"{name}.html"
        if not (site / target).is_file():
            broken.append(f"{href}: no file {target} in the copy")
        elif frag and "=" not in frag and not {frag, unquote(frag)} & ids(target):  # (a=b: a state link,
            # which sets the dashboards: tests/test_state_links.py applies every one)
            broken.append(f"{href}: {target} has no id {unquote(frag)!r}")
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("name", [p for p in PAGES if p[:2].isdigit()])
def test_no_control_of_a_chapter_is_dead(page, site, name):
    """Every chapter's dashboards compute in the page: the copy greys out no control, and the banner says
    every control works."""
    from gutwidgets.publishing.export import kernel_controls

    assert kernel_controls(_state(site, name)) == []
    watch = _open(page, (site / f"{name}.html").resolve().as_uri(), site, "file")
    assert "Every control on this page works here" in page.inner_text(".gw-static-banner")
    assert page.locator(".gw-needs-kernel").count() == 0
    assert not watch.problems(), watch.problems()


def test_kernel_controls_are_named_greyed_out_and_do_not_move(page, tmp_path):
    """A notebook of one's own whose controls drive Python (a slider and a box observed by the kernel):
    in the copy they are greyed out, outlined, named in the banner, and cannot be moved."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Kernel controls"), nbformat.v4.new_code_cell(
        "import ipywidgets as w\nout = w.HTML('0')\nn = w.IntSlider(value=3, max=10, description='Sugar dose')\n"
        "on = w.Checkbox(description='Switch a cause on')\n"
        "n.observe(lambda ch: setattr(out, 'value', str(ch['new'])), names='value')\nw.VBox([n, on, out])")]
    nbformat.write(nb, tmp_path / "01_probe.ipynb")
    out = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "gutwidgets.export", "build", str(out), "--notebooks", str(tmp_path),
                           "--pages", "01_probe", "--kernel", "python3"],
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    controls = _controls(_state(out, "01_probe"))
    assert len(controls) == 2
    watch = _open(page, (out / "01_probe.html").resolve().as_uri(), out, "file")
    banner = page.inner_text(".gw-static-banner")
    assert "Needs a live kernel" in banner and f"the {len(controls)} controls" in banner
    page.click(".gw-static-controls summary")
    listed = page.inner_text(".gw-static-controls")
    for c in controls:
        assert c["description"].split(" (")[0] in listed, f"{c['description']!r} not named in the banner"
    marked = page.locator(".gw-needs-kernel")
    assert marked.count() == len(controls)
    assert all(c["disabled"] for c in controls)
    assert page.evaluate("() => getComputedStyle(document.querySelector('.gw-needs-kernel')).outlineStyle") == "dashed"
    # A slider cannot be moved: the readout keeps its exported value.
    slider = page.locator(".gw-needs-kernel.widget-slider").first
    before = slider.locator(".widget-readout").inner_text()
    handle = slider.locator(".noUi-handle")
    handle.focus()
    page.keyboard.press("ArrowRight")
    box = handle.bounding_box()
    page.mouse.move(box["x"] + 2, box["y"] + 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 120, box["y"] + 2)
    page.mouse.up()
    assert slider.locator(".widget-readout").inner_text() == before
    assert page.locator(".gw-needs-kernel.widget-checkbox input").first.is_disabled()
    assert not watch.problems(), watch.problems()


def _frames(page, root: str) -> int:
    return int(page.get_attribute(root, "data-frames") or 0)


@pytest.mark.parametrize("name,root,canvas,button", [
    ("01_the_barrier", ".gw-cross-section", ".gw-cs-canvas", ".gw-cs-play"),
    ("02_tight_junctions", ".gw-junction-zipper", ".gw-jz-canvas", ".gw-jz-play"),
    ("04_systemic_effects", ".gw-lps-flow", ".gw-lf-canvas", ".gw-lf-button"),
])
def test_animations_run_and_pause_without_a_kernel(page, site, name, root, canvas, button):
    watch = _open(page, (site / f"{name}.html").resolve().as_uri(), site, "file")
    page.locator(root).scroll_into_view_if_needed()
    if page.get_attribute(root, "data-playing") != "true":
        page.click(button)
    first = _frames(page, root)
    picture = page.eval_on_selector(canvas, "c => c.toDataURL()")
    page.wait_for_function(f"() => Number(document.querySelector('{root}').dataset.frames) > {first + 20}",
                           timeout=15_000)
    assert page.eval_on_selector(canvas, "c => c.toDataURL()") != picture, "the drawing did not change"
    page.click(button)  # pause
    assert page.get_attribute(root, "data-playing") == "false"
    paused = _frames(page, root)
    page.wait_for_timeout(600)
    assert _frames(page, root) <= paused + 10
    assert not watch.problems(), watch.problems()


def test_front_end_interactions_listed_in_the_banner_work(page, site, catalogue):
    """What each banner promises: plot hover, speed menu, quiz feedback, evidence panels."""
    watch = _open(page, (site / "01_the_barrier.html").resolve().as_uri(), site, "file")
    banner = page.inner_text(".gw-static-banner")
    assert "point at a line or marker" in banner and "Speed" in banner and "choose an answer" in banner
    # Hover a probe marker on the sieving plot: its values appear.
    point = page.locator(".gw-sieving-plot .scatterlayer .point").first
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function(
        "() => /Stokes radius/.test(document.querySelector('.gw-sieving-plot .hoverlayer').textContent)", timeout=5_000)
    # Drag across the plot: it zooms in (the x range shrinks).
    graph = ".gw-sieving-plot .js-plotly-plot"
    span = f"() => {{ const r = document.querySelector('{graph}')._fullLayout.xaxis.range; return r[1] - r[0]; }}"
    before = page.evaluate(span)
    drag = page.locator(f"{graph} .nsewdrag").first.bounding_box()
    page.mouse.move(drag["x"] + drag["width"] * 0.3, drag["y"] + drag["height"] * 0.3)
    page.mouse.down()
    page.mouse.move(drag["x"] + drag["width"] * 0.6, drag["y"] + drag["height"] * 0.6, steps=5)
    page.mouse.up()
    page.wait_for_function(f"() => ({span})() < {before} * 0.8", timeout=5_000)
    page.select_option(".gw-cs-select", index=0)
    # A quiz gives nothing away before a choice, in the page or its stored state (which carries
    # sealed verdicts); an answer shows its own feedback at once, decoded in the page; Reset clears it.
    stored = (site / "01_the_barrier.html").read_text(encoding="utf-8")
    assert re.search(r'"sealed"\s*:\s*\{\s*"ch1_', stored), "a static page carries the sealed verdicts"
    assert quiz_leaks(stored + page.content(), catalogue, "01_the_barrier") == []
    assert all("correct" not in dom.lower() for dom in quiz_doms(page))
    question = page.locator(".gw-question").first
    for right, mark in ((False, "✗ Not quite. "), (True, "✓ Correct. ")):
        shown, text = shown_choice(question, catalogue, right=right)
        question.locator(".gw-choice").nth(shown).click()
        assert " ".join(question.locator(".gw-feedback").inner_text().split()) == mark + text
    page.click(".gw-quiz-reset")
    assert page.locator(".gw-feedback").first.inner_text() == ""
    assert not watch.problems(), watch.problems()

    # The evidence map (a plot): pointing at a condition shows what was found.
    watch = _open(page, (site / "04_systemic_effects.html").resolve().as_uri(), site, "file")
    assert "the evidence map: point at a condition" in page.inner_text(".gw-static-banner")
    marker = page.locator(".gw-evidence-map .scatterlayer .point").first
    marker.scroll_into_view_if_needed()
    box = marker.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("() => document.querySelector('.gw-evidence-map .hoverlayer').textContent.length > 20",
                           timeout=5_000)
    assert not watch.problems(), watch.problems()

    for name, root, attr, panel, text in [
        ("03_causes", ".gw-cause-chain", "data-cause", ".gw-chain-panel", "stud"),
        ("05_supporting_the_barrier", ".gw-evidence-ladder", "data-strategy", ".gw-ladder-panel", "evidence"),
    ]:
        watch = _open(page, (site / f"{name}.html").resolve().as_uri(), site, "file")
        assert "point at (or tab to)" in page.inner_text(".gw-static-banner")
        target = page.locator(f"{root} [{attr}]").nth(1)
        target.scroll_into_view_if_needed()
        target.hover()
        page.wait_for_function(f"() => document.querySelector('{root}').dataset.shown", timeout=5_000)
        assert page.get_attribute(root, "data-shown") == target.get_attribute(attr)
        assert text in page.inner_text(panel).lower()
        assert not watch.problems(), watch.problems()
