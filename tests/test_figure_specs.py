"""Every figure the project draws is valid plotly: strict validation of every factory's output.

The figure specs are hand-built plotly JSON, and plotly.js silently ignores a misspelt key (the
plot just looks wrong). ``plotly.graph_objects`` (the Python package, test extra only: the
runtime keeps plain dicts) raises on an unknown property or an invalid value. Every public
function of the figures modules is wrapped while every chapter's dashboards are built and
driven (seeded random and edge values, both themes), and each spec it returns is validated. A
function added later is discovered here: it must be drawn by some dashboard, or classified
below, or the suite fails.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import json
import sys
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import pytest

from gutwidgets import figures
from gutwidgets.testtools.fuzz import dashboards, fuzz, widgets
from gutwidgets.views._dashboard import Dashboard
from gutwidgets.views.plot import PlotlyFigure

from .conftest import NOTEBOOKS

MODULES = tuple(importlib.import_module(f"gutwidgets.figures.{name}") for name in figures.MODULES)
THEMES = ("default", "projector")
CHAPTERS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
#: Random and edge events per chapter and theme (seeded), after each chapter's starting state.
EVENTS = 25

#: Public functions that return a piece of a figure, and which piece. Every other public function
#: whose name ends in ``_figure`` returns a whole figure ({"data": [...], "layout": {...}}).
PIECES = {"line_trace": "trace", "band_trace": "trace", "base_layout": "layout", "axis": "axis"}
#: Public functions that return no plotly JSON.
NOT_SPECS = {
    "clean": "rounds a list of numbers",
    "figure_structure": "text compared for the fast redraw path (tests/test_plot_structure.py)",
}


def public_functions() -> dict[str, Callable]:
    """Every public function defined in the figures modules, by name."""
    found: dict[str, Callable] = {}
    for module in MODULES:
        for name, fn in vars(module).items():
            if not name.startswith("_") and inspect.isfunction(fn) and fn.__module__ == module.__name__:
                assert name not in found, f"two figures modules define {name}"
                found[name] = fn
    return found


def kind(name: str) -> str | None:
    """'figure', 'trace', 'layout' or 'axis' for a spec-building function; None for the others."""
    if name in NOT_SPECS:
        return None
    if name in PIECES:
        return PIECES[name]
    if name.endswith("_figure"):
        return "figure"
    raise AssertionError(f"{name}: a new public function of the figures modules; name it *_figure if it returns a "
                         "figure, or add it to PIECES or NOT_SPECS in tests/test_figure_specs.py")


def validate(what: str, spec: Any) -> None:
    """Strict plotly validation (raises ValueError on an unknown property or an invalid value)."""
    if what == "figure":
        go.Figure(spec)
    elif what == "trace":
        go.Figure({"data": [spec]})
    elif what == "layout":
        go.Figure({"layout": spec})
    elif what == "axis":
        go.layout.XAxis(spec)
        go.layout.YAxis(spec)
    else:
        raise AssertionError(what)


def _theme_all(roots: list, theme: str) -> None:
    for x in widgets(roots):
        if x.has_trait("theme"):
            x.theme = theme


@functools.cache
def drawn() -> dict[str, Any]:
    """What every public figures function returned while each chapter's dashboards were built and
    driven in each theme: {"calls": {name: {theme: [spec, ...]}}, "shown": {theme: [figure, ...]}}
    ("shown": every figure a PlotlyFigure held after each phase)."""
    originals = public_functions()
    calls: dict[str, dict[str, list]] = {name: {t: [] for t in THEMES} for name in originals}
    shown: dict[str, list] = {t: [] for t in THEMES}
    phase = {"theme": THEMES[0]}
    wrappers = {}

    def wrap(name: str, fn: Callable) -> Callable:
        @functools.wraps(fn)
        def recorded(*args: Any, **kwargs: Any) -> Any:
            out = fn(*args, **kwargs)
            calls[name][phase["theme"]].append(out)
            return out
        return recorded

    def swap(table: dict) -> None:  # replace every reference held by a gutwidgets module
        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith("gutwidgets"):
                for attr, value in list(vars(module).items()):
                    for old, new in table.items():
                        if value is old:
                            setattr(module, attr, new)

    for name, fn in originals.items():
        wrappers[fn] = wrap(name, fn)
    swap(wrappers)
    try:
        for i, path in enumerate(CHAPTERS):
            phase["theme"] = THEMES[0]
            roots = dashboards(path)
            for k, theme in enumerate(THEMES):
                phase["theme"] = theme
                _theme_all(roots, theme)
                fuzz(roots, events=EVENTS, seed=1000 * i + k)
                for x in widgets(roots):  # a dashboard computing in the page: its Python twin's figures
                    if isinstance(x, Dashboard) and x.IN_PAGE:  # (the page's equal them: test_page_models*)
                        x.show_in_kernel()
                shown[theme] += [x.figure for x in widgets(roots) if isinstance(x, PlotlyFigure) and x.figure]
    finally:
        swap({new: old for old, new in wrappers.items()})
    return {"calls": calls, "shown": shown}


def _unique(specs: list) -> list:
    seen, out = set(), []
    for spec in specs:
        text = json.dumps(spec, sort_keys=True, default=str)
        if text not in seen:
            seen.add(text)
            out.append(spec)
    return out


def _problems(what: str, specs: list) -> list[str]:
    problems = set()
    for spec in _unique(specs):
        try:
            validate(what, spec)
        except ValueError as exc:
            lines = [line for line in str(exc).splitlines() if line.strip()]
            problems.add(" / ".join(lines[:2]))
    return sorted(problems)


SPEC_FUNCTIONS = sorted(name for name in public_functions() if name not in NOT_SPECS)


def test_every_public_function_of_the_figures_modules_is_known():
    names = set(public_functions())
    for name in names:
        kind(name)  # raises for an unclassified one
    assert set(PIECES) <= names and set(NOT_SPECS) <= names, "PIECES or NOT_SPECS names a function that is gone"
    assert {n for n in names if kind(n) == "figure"} >= {"sieving_figure", "cascade_figure", "plan_figure"}


@pytest.mark.parametrize("name", SPEC_FUNCTIONS)
def test_every_spec_function_is_drawn_in_both_themes(name):
    counts = {theme: len(drawn()["calls"][name][theme]) for theme in THEMES}
    assert all(counts.values()), f"{name} is never drawn by a chapter in some theme ({counts}): add a state here"


@pytest.mark.parametrize("name", SPEC_FUNCTIONS)
def test_every_spec_is_valid_plotly(name):
    specs = [s for theme in THEMES for s in drawn()["calls"][name][theme]]
    problems = _problems(kind(name), specs)
    assert not problems, f"{name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("theme", THEMES)
def test_every_figure_a_widget_shows_is_valid_plotly(theme):
    shown = drawn()["shown"][theme]
    assert len(shown) >= len(CHAPTERS)
    problems = _problems("figure", shown)
    assert not problems, "\n".join(problems)


def test_validation_is_strict():
    """The check above would see a misspelt key or a bad value (plotly.js would ignore them)."""
    figure = json.loads(json.dumps(drawn()["calls"]["sieving_figure"]["default"][0]))
    validate("figure", figure)
    figure["layout"]["legend"]["orientaton"] = "h"
    with pytest.raises(ValueError, match="orientaton"):
        validate("figure", figure)
    trace = dict(figure["data"][0], line={"dash": "dotted-ish"})
    with pytest.raises(ValueError, match="dash"):
        validate("trace", trace)
