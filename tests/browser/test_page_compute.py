"""Chapter 1 computes in the page, in a real Chromium: through Voila and in the static copy (from
file://). Each slider is moved to three values with the keyboard; each time the live sentence must be
the model's sentence for that state (the Python twin, which tests/test_page_models.py holds equal to
the page's) and the sieving plot's total curve the model's, and no websocket frame from the kernel may
carry figure data (the redraw needs no kernel reply)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gutwidgets.figures import clean
from gutwidgets.models.barrier import LEVERS
from gutwidgets.models.constants import model_from_data
from gutwidgets.testing import PageWatch
from gutwidgets.views.sieving_plot import radius_grid

pytestmark = pytest.mark.browser

#: Slider label, lever, and the lever's value after k presses of the arrow key from the start.
SLIDERS = [
    ("Claudin-2 pores", "pore_level", lambda k: 1.0 + k * LEVERS["pore_level"].step),
    ("Leak route", "leak_level", lambda k: 10 ** (k * LEVERS["leak_level"].step)),
    ("Eroded surface", "damaged_fraction", lambda k: k * LEVERS["damaged_fraction"].step),
]
PRESSES = (3, 6, 9)
#: What only figure data carries: the sieving plot's trace names and axis titles.
FIGURE_MARKS = ("All routes together", "Stokes radius of the molecule", '"figure"')


def expected(catalogue, levers: dict) -> tuple[str, list]:
    model = model_from_data(catalogue)
    model.set(**levers)
    routes = model.route_permeabilities(radius_grid())
    total = routes["pore"] + routes["leak"] + routes["unrestricted"]
    return model.summary(), clean(total, positive=True)


def total_curve(page) -> list:
    return json.loads(page.evaluate(
        "() => JSON.stringify(document.querySelector('.gw-sieving-plot .js-plotly-plot').data[0].y)"))


def close(a: list, b: list) -> bool:
    return len(a) == len(b) and all((x is None and y is None) or (x is not None and y is not None
                                    and abs(x - y) <= 1e-3 * max(abs(x), abs(y))) for x, y in zip(a, b))


def drive_every_slider(page, catalogue) -> int:
    """Move each slider to three values; check sentence and curve each time. Returns the states checked."""
    checked = 0
    sentence = page.locator(".gw-page .gw-summary")
    for label, lever, value in SLIDERS:
        handle = page.locator(".widget-slider", has_text=label).locator(".noUi-handle")
        handle.scroll_into_view_if_needed()
        handle.focus()
        done = 0
        for k in PRESSES:
            for _ in range(k - done):
                handle.press("ArrowRight")
            done = k
            levers = {"pore_level": 1.0, "leak_level": 1.0, "damaged_fraction": 0.0, lever: value(k)}
            text, curve = expected(catalogue, levers)
            page.wait_for_function("(t) => document.querySelector('.gw-page .gw-summary').textContent === t",
                                   arg=text, timeout=15_000)
            assert sentence.text_content() == text
            page.wait_for_timeout(50)
            assert close(total_curve(page), curve), (lever, k)
            checked += 1
        page.locator(".gw-page-reset").click()  # Reset runs in the page too
        healthy, _ = expected(catalogue, {"pore_level": 1.0, "leak_level": 1.0, "damaged_fraction": 0.0})
        page.wait_for_function("(t) => document.querySelector('.gw-page .gw-summary').textContent === t",
                               arg=healthy, timeout=15_000)
    return checked


def test_chapter1_controls_redraw_in_the_page_through_voila(page, voila, catalogue):
    watch = PageWatch(page)
    frames: list[str] = []

    def on_ws(ws):
        ws.on("framereceived", lambda f: frames.append(f if isinstance(f, str) else bytes(f).decode("latin-1")))

    page.on("websocket", on_ws)
    page.goto(voila.url + "voila/render/01_the_barrier.ipynb", wait_until="domcontentloaded")
    page.wait_for_selector(".gw-sieving-plot .main-svg", timeout=90_000)
    page.wait_for_selector(".gw-page .gw-summary", timeout=30_000)
    page.wait_for_timeout(1000)
    frames.clear()
    assert drive_every_slider(page, catalogue) == 9
    with_figure = [f[:200] for f in frames if any(m in f for m in FIGURE_MARKS)]
    assert frames, "the kernel heard nothing (the sliders must still reach explorer.leak_level)"
    assert with_figure == [], f"{len(with_figure)} kernel frames carried figure data"
    assert not watch.problems(), watch.problems()


@pytest.fixture(scope="module")
def chapter1_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("page") / "site"
    proc = subprocess.run([sys.executable, "-m", "gutwidgets.export", "build", str(out), "--pages", "01_the_barrier"],
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def test_chapter1_controls_work_in_the_static_copy_from_a_file(browser, chapter1_site, catalogue):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto((chapter1_site / "01_the_barrier.html").as_uri())
        page.wait_for_selector(".gw-sieving-plot .main-svg", timeout=60_000)
        banner = page.inner_text(".gw-static-banner")
        assert "Every control on this page works here (3 of them)" in banner
        assert page.locator(".gw-needs-kernel").count() == 0
        assert drive_every_slider(page, catalogue) == 9
        assert errors == []
    finally:
        context.close()
