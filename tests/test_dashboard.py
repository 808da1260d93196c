"""The Dashboard base class: guarded update, reset, theme to the children, the records/_render contract."""

from __future__ import annotations

import logging

import ipywidgets as w
import pytest
import traitlets as t

from gutwidgets.models._validate import LeverSpec
from gutwidgets.views import _dashboard
from gutwidgets.views._dashboard import ERROR_TEXT, Dashboard
from gutwidgets.views._traits import Lever, Theme, lever_slider
from gutwidgets.views.causes import CauseExplorer
from gutwidgets.views.explorer import BarrierExplorer
from gutwidgets.views.junction import JunctionExplorer
from gutwidgets.views.sugar_test import SugarTestExplorer
from gutwidgets.views.support import FibreExplorer, ScenarioPlanner
from gutwidgets.views.systemic import CascadeExplorer, ConfoundingExplorer

SPEC_A = LeverSpec(low=0.0, high=10.0, step=0.5, unit="", meaning="a test lever")
SPEC_B = LeverSpec(low=1.0, high=100.0, step=0.1, unit="", meaning="a log lever", scale="log")

ALL = (BarrierExplorer, JunctionExplorer, CauseExplorer, CascadeExplorer, ConfoundingExplorer, FibreExplorer,
       ScenarioPlanner, SugarTestExplorer)


class Child(w.DOMWidget):
    theme = Theme()


class Toy(Dashboard):
    """A dashboard whose drawing fails when ``fail`` is set."""

    UPDATE_ON = ("a", "b", "mode", "theme")
    RESET = ("mode",)
    USES_CATALOGUE = False
    PROJECTOR_CLASS = True

    a = Lever(2.0, SPEC_A)
    b = Lever(10.0, SPEC_B)
    mode = t.Enum(["one", "two"], "one")
    untouched = t.Int(3)
    fail = t.Bool(False)

    def _setup(self) -> None:
        self.drawn: list[str] = []
        self.inner = Child()
        self.top = Child()

    def _data_defaults(self) -> dict[str, float]:
        return {"b": 20.0}

    def _build(self) -> None:
        self.slider = lever_slider(self, "a", "A")
        self.children = [self.slider, self.summary, self.top, w.VBox([w.HBox([self.inner])])]

    def records(self) -> list[str]:
        return []

    def _render(self) -> str:
        if self.fail:
            raise ValueError("boom")
        self.drawn.append(self.theme)
        return f"a is {self.a:g}, b is {self.b:g}, mode {self.mode}"


def test_the_guarded_update_shows_the_message_and_logs_the_class(caplog):
    toy = Toy()
    assert "a is 2, b is 20, mode one" in toy.summary.value
    toy.fail = True
    with caplog.at_level(logging.ERROR, logger=_dashboard.__name__):
        toy.a = 3.0
    assert ERROR_TEXT in toy.summary.value and "Traceback" not in toy.summary.value
    assert "role='status'" in toy.summary.value
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "Toy" in record.getMessage() and record.exc_info[0] is ValueError
    toy.fail = False
    toy.a = 4.0
    assert "a is 4" in toy.summary.value


def test_reset_restores_every_lever_and_declared_default_and_nothing_else():
    toy = Toy()
    with toy.hold_trait_notifications():
        toy.a, toy.b, toy.mode, toy.untouched = 9.5, 2.0, "two", 7
    assert toy.defaults() == {"a": 2.0, "b": 20.0, "mode": "one"}
    toy.reset()
    assert (toy.a, toy.b, toy.mode, toy.untouched) == (2.0, 20.0, "one", 7)
    assert toy.slider.value == 2.0
    assert "a is 2, b is 20, mode one" in toy.summary.value


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_every_dashboard_resets_every_lever(cls):
    d = cls()
    start = {name: getattr(d, name) for name in d.defaults()}
    levers = [name for name, trait in d.traits().items() if isinstance(trait, Lever)]
    assert set(levers) <= set(start)
    assert set(cls.RESET) <= set(start)
    for name in levers:
        trait = d.traits()[name]
        setattr(d, name, trait.high if getattr(d, name) != trait.high else trait.low)
    d.reset()
    assert {name: getattr(d, name) for name in start} == start
    assert d.sentence and ERROR_TEXT not in d.sentence


def test_theme_reaches_every_themed_child_and_the_page_class():
    toy = Toy(theme="projector")
    assert toy.top.theme == toy.inner.theme == "projector"
    assert "gw-projector" in toy._dom_classes
    assert toy.drawn[-1] == "projector"
    toy.theme = "default"
    assert toy.top.theme == toy.inner.theme == "default"
    assert "gw-projector" not in toy._dom_classes
    assert toy.drawn[-1] == "default", "children get the theme before the redraw"
    with pytest.raises(t.TraitError, match="theme must be one of"):
        toy.theme = "dark"


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_theme_reaches_the_children_of_every_dashboard(cls):
    d = cls(theme="projector")
    themed = d.themed_children()
    assert themed and all(c.theme == "projector" for c in themed)
    assert ("gw-projector" in d._dom_classes) == cls.PROJECTOR_CLASS  # only chapter 1's box, as before
    d.theme = "default"
    assert all(c.theme == "default" for c in themed)


def test_a_subclass_without_records_or_render_is_refused_when_defined():
    with pytest.raises(TypeError, match=r"NoRecords must define records\(\)"):
        class NoRecords(Dashboard):
            def _render(self) -> str:
                return ""
    with pytest.raises(TypeError, match=r"must define records\(\) and _render\(\)"):
        class Nothing(Dashboard):
            pass


def test_update_on_and_reset_must_name_traits():
    with pytest.raises(TypeError, match="not traits"):
        class Typo(Dashboard):
            UPDATE_ON = ("levr",)

            def records(self) -> list[str]:
                return []

            def _render(self) -> str:
                return ""


def test_a_constructor_value_wins_over_the_data_start_value(catalogue):
    """_data_defaults() gives the start values read from data/ (Reset goes back to them); a value given to
    the constructor is kept (SugarTestExplorer(window=24) collects for 24 h, not the records' 5 h)."""
    from gutwidgets.views.sugar_test import SugarTestExplorer

    assert SugarTestExplorer(catalogue=catalogue).window == catalogue.fact("urine_window").value
    ex = SugarTestExplorer(catalogue=catalogue, window=24.0)
    assert ex.window == 24.0 and ex.window_slider.value == 24.0
    ex.reset()
    assert ex.window == catalogue.fact("urine_window").value
