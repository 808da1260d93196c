"""Chapters 1 and 2 compute in the page, in a real Chromium: through Voila and in the static copy
(from file://). Each slider is moved to three values with the keyboard (chapter 2's check boxes are
ticked and its tissue menu changed too); each time the live sentence must be the model's sentence
for that state (the Python twin, which tests/test_page_models*.py hold equal to the page's) and a
figure the model's (chapter 1's sieving curve, chapter 2's TEER marker), and no websocket frame from
the kernel may carry figure data (the redraw needs no kernel reply)."""

from __future__ import annotations

import json

import pytest

from gutwidgets.figures import clean
from gutwidgets.models.barrier import LEVERS
from gutwidgets.models.constants import junction_from_data, model_from_data
from gutwidgets.models.junction import ION_RATIO_RECORD, JUNCTION_LEVERS, JunctionModel, dashboard_sentence
from gutwidgets.testtools.fuzz import dashboards, fuzz_page
from gutwidgets.testtools.testing import PageWatch
from gutwidgets.views.sieving_plot import radius_grid

from ..conftest import NOTEBOOKS

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
#: Chapter 2's sliders: label and lever (each starts at its default and moves by its step).
JUNCTION_SLIDERS = [("Claudin-2", "claudin2"), ("MLCK activity", "mlck"), ("TNF-alpha", "tnf"),
                    ("Calcium removed", "calcium_removed")]
#: What only chapter 2's figure data carries.
JUNCTION_FIGURE_MARKS = ("Electrical resistance, TEER", "Model: ", '"figure"', "Stokes radius of the molecule")


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


def slider_presses(page, label: str):
    """Focus the slider labelled ``label`` and press the right arrow until it has moved each number of
    steps in PRESSES, yielding that number each time."""
    handle = page.locator(".widget-slider", has_text=label).locator(".noUi-handle")
    handle.scroll_into_view_if_needed()
    handle.focus()
    done = 0
    for k in PRESSES:
        for _ in range(k - done):
            handle.press("ArrowRight")
        done = k
        yield k


def drive_every_slider(page, catalogue) -> int:
    """Move each slider to three values; check sentence and curve each time. Returns the states checked."""
    checked = 0
    sentence = page.locator(".gw-page .gw-summary")
    for label, lever, value in SLIDERS:
        for k in slider_presses(page, label):
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


def wait_sentence(page, text: str) -> None:
    page.wait_for_function("(t) => document.querySelector('.gw-page .gw-summary').textContent === t",
                           arg=text, timeout=15_000)


def junction_expected(catalogue, levers: dict) -> tuple[str, float | None]:
    """Chapter 2's sentence and the TEER marker's value (as the figure rounds it) for these levers."""
    model = junction_from_data(catalogue)
    state = {**JunctionModel.DEFAULTS, "tissue": "caco2", **levers}
    model.tissue = state.pop("tissue")
    model.set(**state)
    return dashboard_sentence(model, catalogue.fact(ION_RATIO_RECORD).range), clean([model.teer()], positive=True)[0]


def teer_marker(page) -> float | None:
    return page.evaluate("() => document.querySelector('.gw-teer-plot .js-plotly-plot').data[2].x[0]")


def check_junction(page, catalogue, levers: dict) -> None:
    text, teer = junction_expected(catalogue, levers)
    wait_sentence(page, text)
    page.wait_for_timeout(50)
    shown = teer_marker(page)
    assert teer is not None and abs(shown - teer) <= 1e-3 * teer, (levers, shown, teer)


def drive_every_junction_control(page, catalogue) -> int:
    """Chapter 2: each slider to three values, then priming (with TNF-alpha on), the zonulin box and
    the tissue menu; the sentence and the TEER marker checked each time. Returns the states checked."""
    checked = 0
    for label, lever in JUNCTION_SLIDERS:
        spec = JUNCTION_LEVERS[lever]
        for k in slider_presses(page, label):
            check_junction(page, catalogue, {lever: JunctionModel.DEFAULTS[lever] + k * spec.step})
            checked += 1
        page.locator(".gw-page-reset").click()
        check_junction(page, catalogue, {})
    tnf = page.locator(".widget-slider", has_text="TNF-alpha").locator(".noUi-handle")
    tnf.focus()
    for _ in range(9):
        tnf.press("ArrowRight")
    check_junction(page, catalogue, {"tnf": 9.0})
    page.get_by_label("Cells primed with IFN-gamma").check()
    check_junction(page, catalogue, {"tnf": 9.0, "ifn_gamma_primed": True})
    page.get_by_label("Show the proposed zonulin pathway").check()
    check_junction(page, catalogue, {"tnf": 9.0, "ifn_gamma_primed": True, "zonulin": True})
    page.locator(".widget-dropdown", has_text="Resistance of").locator("select").select_option(index=2)
    check_junction(page, catalogue, {"tnf": 9.0, "ifn_gamma_primed": True, "zonulin": True,
                                     "tissue": "distal_colon"})
    checked += 4
    page.locator(".gw-page-reset").click()
    check_junction(page, catalogue, {})
    assert not page.get_by_label("Cells primed with IFN-gamma").is_checked()
    return checked


def open_in_voila(page, voila, notebook: str, plot: str) -> list[str]:
    """Open a chapter through Voila; return the list that collects the kernel's websocket frames from
    the moment its page has computed (empty now)."""
    frames: list[str] = []

    def on_ws(ws):
        ws.on("framereceived", lambda f: frames.append(f if isinstance(f, str) else bytes(f).decode("latin-1")))

    page.on("websocket", on_ws)
    page.goto(voila.url + f"voila/render/{notebook}", wait_until="domcontentloaded")
    page.wait_for_selector(f"{plot} .main-svg", timeout=90_000)
    page.wait_for_selector(".gw-page .gw-summary", timeout=30_000)
    page.wait_for_timeout(1000)
    frames.clear()
    return frames


def assert_no_figure_from_the_kernel(frames: list[str], marks: tuple[str, ...]) -> None:
    with_figure = [f[:200] for f in frames if any(m in f for m in marks)]
    assert frames, "the kernel heard nothing (the controls must still reach the explorer's levers)"
    assert with_figure == [], f"{len(with_figure)} kernel frames carried figure data"


def test_chapter2_controls_redraw_in_the_page_through_voila(page, voila, catalogue):
    watch = PageWatch(page)
    frames = open_in_voila(page, voila, "02_tight_junctions.ipynb", ".gw-teer-plot")
    assert drive_every_junction_control(page, catalogue) == 16
    assert_no_figure_from_the_kernel(frames, JUNCTION_FIGURE_MARKS)
    assert not watch.problems(), watch.problems()


def test_chapter1_controls_redraw_in_the_page_through_voila(page, voila, catalogue):
    watch = PageWatch(page)
    frames = open_in_voila(page, voila, "01_the_barrier.ipynb", ".gw-sieving-plot")
    assert drive_every_slider(page, catalogue) == 9
    assert_no_figure_from_the_kernel(frames, FIGURE_MARKS)
    assert not watch.problems(), watch.problems()


@pytest.mark.parametrize(("notebook", "plot", "marks"),
                         [("01_the_barrier.ipynb", ".gw-sieving-plot", FIGURE_MARKS),
                          ("02_tight_junctions.ipynb", ".gw-teer-plot", JUNCTION_FIGURE_MARKS)])
def test_projector_switch_after_a_drag_redraws_in_the_page_and_sends_no_figure(page, voila, notebook, plot, marks):
    """A drag leaves page-only figure data on the views' models; the projector switch then saves each
    view's theme to the kernel. That save must carry no figure (lib/page.js: gwForgetPageOnly), or
    the kernel's echo would redraw the plot with the figure it held before, in the old theme."""
    watch = PageWatch(page)
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on(
        "framesent", lambda f: sent.append(f if isinstance(f, str) else bytes(f).decode("latin-1"))))
    received = open_in_voila(page, voila, notebook, plot)
    slider = page.locator(".widget-slider .ui-slider-handle, .widget-slider .noUi-handle").first
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(500)
    font = f"() => document.querySelector('{plot} .js-plotly-plot').layout.font.size"
    assert page.evaluate(font) == 13
    page.locator(".gw-projector-toggle").click()
    page.wait_for_selector("body.gw-theme-projector")
    page.wait_for_function(f"() => ({font})() === 20", timeout=20_000)
    page.wait_for_timeout(1500)  # any echo from the kernel would have arrived and redrawn by now
    assert page.evaluate(font) == 20, "the plot went back to the default theme's fonts"
    assert [f[:160] for f in sent if any(m in f for m in marks)] == [], "the page sent figure data to the kernel"
    assert_no_figure_from_the_kernel(received, marks)
    assert not watch.problems(), watch.problems()


def test_chapter1_controls_work_in_the_static_copy_from_a_file(static_page, catalogue):
    open_page, errors = static_page
    page = open_page("01_the_barrier", ".gw-sieving-plot")
    assert "Every control on this page works here (3 of them)" in page.inner_text(".gw-static-banner")
    assert drive_every_slider(page, catalogue) == 9
    assert errors == []


def test_chapter2_controls_work_in_the_static_copy_from_a_file(static_page, catalogue):
    open_page, errors = static_page
    page = open_page("02_tight_junctions", ".gw-teer-plot")
    assert "Every control on this page works here (7 of them)" in page.inner_text(".gw-static-banner")
    assert drive_every_junction_control(page, catalogue) == 16
    assert errors == []


#: Random events per chapter in the static copy's fuzz here (python -m gutwidgets.fuzz --page runs 1,000).
FUZZ_EVENTS = 150


@pytest.mark.parametrize(("name", "plot", "kinds"), [
    ("01_the_barrier", ".gw-sieving-plot", {"slider", "reset"}),
    ("02_tight_junctions", ".gw-teer-plot", {"slider", "checkbox", "menu", "reset"}),
])
def test_fuzzing_the_static_copy_s_controls(static_page, name, plot, kinds):
    """Seeded random keys and clicks on every control of the page, with no kernel: after each, no NaN,
    infinity or error text anywhere the page shows it, no console error, and the sentence exactly
    the Python twin's for the levers the page drew (gutwidgets.testtools.fuzz.fuzz_page)."""
    open_page, errors = static_page
    page = open_page(name, plot)
    report = fuzz_page(page, dashboards(NOTEBOOKS / f"{name}.ipynb"), events=FUZZ_EVENTS, seed=16)
    assert report.problems == [], "\n".join(report.problems[:10])
    assert report.events == FUZZ_EVENTS and set(report.by_kind) == kinds, report.by_kind
    assert len(set(report.states)) > FUZZ_EVENTS // 4, "the events hardly changed the state"
    assert errors == []


def test_the_page_fuzzer_sees_a_page_that_disagrees_with_its_twin(static_page, monkeypatch):
    from gutwidgets.models.barrier import BarrierModel

    open_page, _errors = static_page
    page = open_page("01_the_barrier", ".gw-sieving-plot")
    roots = dashboards(NOTEBOOKS / "01_the_barrier.ipynb")
    summary = BarrierModel.summary
    monkeypatch.setattr(BarrierModel, "summary", lambda self: summary(self) + " (edited)")
    report = fuzz_page(page, roots, events=6, seed=1)  # (a twin whose levers did not change keeps its sentence)
    assert report.problems and all("its Python twin" in p for p in report.problems), report.problems
