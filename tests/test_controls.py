"""Controls that act, and one range per lever, on every chapter's dashboards (widgets driven directly).

- Every control a viewer can operate either changes what the dashboard shows (a figure, a
  drawing, the live sentence, a note) when moved, or is disabled with its reason in its tooltip
  and in a visible note: at the start state, and at seeded random states reached by moving
  controls as a viewer would.
- Every lever's trait takes its range from the model's lever table, its slider is built from the
  same entry (range, step, scale), the slider always shows exactly the trait's value, and a value
  outside the range set from Python is refused with an error naming the lever and its range.
- Reset returns every control and every view to the start.
"""

from __future__ import annotations

import html
import json
import math
import random
import re

import ipywidgets as w
import pytest
import traitlets

from gutwidgets.models import barrier, cascade, confounding, junction, sugar_test, support
from gutwidgets.models._validate import LeverSpec
from gutwidgets.testtools.fuzz import widgets
from gutwidgets.views import BarrierExplorer
from gutwidgets.views._dashboard import Dashboard
from gutwidgets.views._traits import Lever
from gutwidgets.views.causes import CauseExplorer
from gutwidgets.views.junction import JunctionExplorer
from gutwidgets.views.sugar_test import SugarTestExplorer
from gutwidgets.views.support import FibreExplorer, ScenarioPlanner
from gutwidgets.views.systemic import CascadeExplorer, ConfoundingExplorer

#: Every chapter dashboard with controls (chapter 4's evidence map and chapter 5's ladder have none).
DASHBOARDS = {
    "ch1-barrier": BarrierExplorer,
    "ch2-junction": JunctionExplorer,
    "ch3-causes": CauseExplorer,
    "ch4-cascade": CascadeExplorer,
    "ch4-confounding": ConfoundingExplorer,
    "ch5-fibre": FibreExplorer,
    "ch5-planner": ScenarioPlanner,
    "ch6-sugar-test": SugarTestExplorer,
}
MODEL_MODULES = (barrier, junction, cascade, confounding, support, sugar_test)

SLIDERS = (w.FloatSlider, w.FloatLogSlider, w.IntSlider, w.SelectionSlider)
CONTROLS = (*SLIDERS, w.Dropdown, w.ToggleButtons, w.Checkbox, w.Button)
#: State keys that say nothing a viewer sees (or that differ between two instances of a widget).
HIDDEN_KEYS = {"layout", "style", "children", "tabbable", "_view_count"}


@pytest.fixture(scope="module")
def catalogue():
    from gutwidgets import data

    return data.load()


def _make(key: str, catalogue):
    cls = DASHBOARDS[key]
    return cls() if cls is ConfoundingExplorer else cls(catalogue=catalogue)


def _walk(root: w.Widget) -> list[w.Widget]:
    """Every widget under ``root``, each once (the fuzzer's own walk)."""
    return widgets([root])


def _controls(root) -> list[w.Widget]:
    """What a viewer can operate; Reset is left out here (at the start it has nothing to undo)."""
    return [x for x in _walk(root) if isinstance(x, CONTROLS)
            and not (isinstance(x, w.Button) and x.description == "Reset")]


def _state(x: w.Widget) -> dict:
    return {k: v for k, v in x.get_state().items()
            if k not in HIDDEN_KEYS and not (k.startswith("_") and k != "_dom_classes")
            and not isinstance(v, (bytes, memoryview))}


def _page(root) -> list:
    """What the page draws for a dashboard computing in the page, as its Python twin has it (the page
    draws exactly that: tests/test_page_models.py)."""
    return [x.page_state() for x in _walk(root) if isinstance(x, Dashboard) and x.IN_PAGE]


def _shown(root) -> str:
    """What the views show: every widget that is not a control or a box (figures, drawings, text)."""
    views = [x for x in _walk(root) if not isinstance(x, (*CONTROLS, w.Box))]
    return json.dumps([[(type(x).__name__, _state(x)) for x in views], _page(root)], sort_keys=True, default=str)


def _everything(root) -> str:
    """Every widget's visible state, controls included (for Reset); widget references by position."""
    everything = _walk(root)
    position = {x.model_id: str(i) for i, x in enumerate(everything)}
    text = json.dumps([[(type(x).__name__, _state(x)) for x in everything], _page(root)], sort_keys=True,
                      default=str)
    return re.sub(r"anywidget:([0-9a-f]+)", lambda m: "anywidget:" + position.get(m.group(1), "?"), text)


def _reset(root) -> None:
    """Press Reset: the kernel's button, or (a dashboard computing in the page) the page's, which does
    what the kernel's reset() does."""
    button = next((x for x in _walk(root) if isinstance(x, w.Button) and x.description == "Reset"), None)
    if button is not None:
        button.click()
        return
    # Python's reset(): the page's Reset reaches the same controls, state and sentence
    # (tests/test_page_models*.py: test_reset_in_the_page_...)
    for x in _walk(root):
        if isinstance(x, Dashboard) and x.IN_PAGE:
            x.reset()


def _text(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", value))


def _notes(root) -> str:
    """The visible notes on controls that cannot act. A dashboard computing in the page draws its note
    in the page; show_in_kernel() draws the kernel's twin of it (tests/test_page_models*.py: the same)."""
    for x in _walk(root):
        if isinstance(x, Dashboard) and x.IN_PAGE:
            x.show_in_kernel()
    return " ".join(_text(x.value) for x in _walk(root)
                    if isinstance(x, w.HTML) and "gw-control-note" in x.value)


def _label(ctrl) -> str:
    return getattr(ctrl, "description", "") or type(ctrl).__name__


def _move(ctrl, rng: random.Random | None = None) -> None:
    """Operate a control as a viewer could: one step, the next option, a toggle, a click."""
    if isinstance(ctrl, w.Button):
        ctrl.click()
    elif isinstance(ctrl, w.Checkbox):
        ctrl.value = not ctrl.value
    elif isinstance(ctrl, (w.SelectionSlider, w.Dropdown, w.ToggleButtons)):
        n = len(ctrl.options)
        i = ctrl.index
        ctrl.index = (rng.randrange(n - 1) + i + 1) % n if rng else (i + 1 if i + 1 < n else i - 1)
    elif isinstance(ctrl, w.FloatLogSlider):
        e = math.log(ctrl.value, ctrl.base)
        up = e + ctrl.step <= ctrl.max + 1e-9
        ctrl.value = ctrl.base ** (e + ctrl.step if up else e - ctrl.step)
    else:
        up = ctrl.value + ctrl.step <= ctrl.max + 1e-9
        ctrl.value = ctrl.value + ctrl.step if up else ctrl.value - ctrl.step


def _scramble(ctrl, rng: random.Random) -> None:
    """Set a control as a viewer could, anywhere in its range (edges often)."""
    if isinstance(ctrl, (w.FloatSlider, w.IntSlider)):
        r = rng.random()
        steps = round((ctrl.max - ctrl.min) / ctrl.step)
        k = 0 if r < 0.2 else steps if r < 0.4 else rng.randint(0, steps)
        ctrl.value = min(ctrl.max, ctrl.min + k * ctrl.step)
    elif isinstance(ctrl, w.FloatLogSlider):
        steps = round((ctrl.max - ctrl.min) / ctrl.step)
        ctrl.value = ctrl.base ** (ctrl.min + rng.randint(0, steps) * ctrl.step)
    else:
        _move(ctrl, rng)


def _assert_acts_or_says_why(root, ctrl, where: str, rng: random.Random | None = None) -> None:
    name = f"{where}: {type(ctrl).__name__} {_label(ctrl)!r}"
    if ctrl.disabled:
        reason = ctrl.tooltip or ""
        assert reason.strip(), f"{name} is disabled without a reason in its tooltip"
        notes = _notes(root)
        assert reason.split(": ", 1)[-1] in notes and _label(ctrl) in notes, (
            f"{name} is disabled but no visible note says why (note: {notes!r}; tooltip: {reason!r})")
        return
    before = _shown(root)
    _move(ctrl, rng)
    changed = _shown(root) != before
    assert changed, f"{name} was moved and nothing the dashboard shows changed"


# -- 1. every control acts, or says why it cannot -----------------------------------------------

@pytest.mark.parametrize("key", DASHBOARDS)
def test_every_control_acts_at_the_start_or_says_why(key, catalogue):
    n = len(_controls(_make(key, catalogue)))
    assert n, f"{key} has no controls"
    for i in range(n):
        root = _make(key, catalogue)
        _assert_acts_or_says_why(root, _controls(root)[i], f"{key} at the start")


@pytest.mark.parametrize("key", DASHBOARDS)
def test_every_control_acts_at_random_states_or_says_why(key, catalogue):
    rng = random.Random(20261128)
    root = _make(key, catalogue)
    for state in range(12):
        for ctrl in rng.sample(_controls(root), k=min(4, len(_controls(root)))):
            if not ctrl.disabled and not isinstance(ctrl, w.Button):
                _scramble(ctrl, rng)
        for ctrl in _controls(root):
            if not isinstance(ctrl, w.Button):
                _assert_acts_or_says_why(root, ctrl, f"{key} at random state {state}")


def test_chapter3_intensity_switches_its_cause_on(catalogue):
    """The starting state that used to show eight sliders doing nothing: moving one acts."""
    ex = CauseExplorer(catalogue=catalogue)
    ctl = ex.controls["alcohol"]
    assert not ctl.switch.value and not ctl.intensity.disabled
    ctl.intensity.value = 4.0
    assert ctl.switch.value and ex.active == {"alcohol": 4.0}
    ctl.switch.value = False  # off again: the slider keeps its value and can switch it back on
    assert ex.active == {} and ctl.intensity.value == 4.0 and not ctl.intensity.disabled
    ctl.intensity.value = 5.0
    assert ex.active == {"alcohol": 5.0} and ctl.switch.value


def test_a_control_that_cannot_act_says_why(catalogue):
    """Chapter 3: a cause with no modelled size keeps its intensity slider greyed, with the reason."""
    ex = CauseExplorer(catalogue=catalogue)
    unmodelled = [cid for cid, c in catalogue.causes.items() if not c.modelled]
    assert unmodelled
    for cid in unmodelled:
        ctl = ex.controls[cid]
        assert ctl.intensity.disabled and "no modelled size" in ctl.intensity.tooltip
    assert "no modelled size" in _notes(ex)


def test_tnf_slider_acts_without_priming(catalogue):
    """Chapter 2: TNF-alpha alone lowers resistance (Schmitz et al. 1999), so its slider always acts; priming
    adds the leak route. (It used to be greyed out until the cells were primed.)"""
    ex = JunctionExplorer(catalogue=catalogue)
    tnf = ex.sliders["tnf"]
    assert not tnf.disabled and "TNF" not in _notes(ex)
    before = ex.sentence
    ex.tnf = 100.0
    assert ex.sentence != before and "81% below healthy" in ex.sentence
    alone = ex.sentence
    ex.primed_box.value = True
    assert not tnf.disabled and ex.sentence != alone and "opens the leak route" in ex.sentence


# -- 2. one range per lever -----------------------------------------------------------------------

def _lever_tables() -> list[LeverSpec]:
    return [spec for m in MODEL_MODULES for v in vars(m).values()
            if isinstance(v, dict) and v and all(isinstance(x, LeverSpec) for x in v.values())
            for spec in v.values()]


def _levers(root) -> dict[str, Lever]:
    traits = root.class_traits() if isinstance(root, type) else root.traits()
    return {n: tr for n, tr in traits.items() if isinstance(tr, Lever)}


def _probe(spec: LeverSpec, current: float) -> float:
    """An in-range value, different from the current one, on the slider's grid."""
    for share in (0.37, 0.61, 0.12):
        if spec.scale == "log":
            e = math.log10(spec.low) + share * (math.log10(spec.high) - math.log10(spec.low))
            e = math.log10(spec.low) + round((e - math.log10(spec.low)) / spec.step) * spec.step
            v = 10 ** e
        else:
            v = spec.low + round(share * (spec.high - spec.low) / spec.step) * spec.step
        if not math.isclose(v, current):
            return v
    raise AssertionError("no probe value")


def _slider_of(root, name: str, spec: LeverSpec):
    """The one slider that follows the lever's trait."""
    sliders = [s for s in _walk(root) if isinstance(s, SLIDERS)]
    before = [s.value for s in sliders]
    setattr(root, name, _probe(spec, getattr(root, name)))
    moved = [s for s, b in zip(sliders, before) if s.value != b]
    assert len(moved) == 1, f"{name}: {len(moved)} sliders follow the trait"
    return moved[0]


LEVER_CASES = [(k, n) for k, cls in DASHBOARDS.items() for n in _levers(cls)]


@pytest.mark.parametrize("key, name", LEVER_CASES, ids=[f"{k}-{n}" for k, n in LEVER_CASES])
def test_lever_trait_and_slider_share_one_range_from_the_model(key, name, catalogue):
    root = _make(key, catalogue)
    trait = _levers(root)[name]
    spec = trait.spec
    slider = _slider_of(root, name, spec)
    k = spec.shown_as
    if spec.scale == "log":
        assert isinstance(slider, w.FloatLogSlider)
        assert slider.base ** slider.min == pytest.approx(spec.low)
        assert slider.base ** slider.max == pytest.approx(spec.high)
        assert slider.step == pytest.approx(spec.step)
    else:
        assert (slider.min, slider.max) == (pytest.approx(spec.low * k), pytest.approx(spec.high * k))
        assert slider.step == pytest.approx(spec.step * k)
    # The slider shows exactly the trait's value, at both ends too.
    for value in (spec.low, spec.high, _probe(spec, spec.low)):
        setattr(root, name, value)
        assert slider.value == pytest.approx(value * k, rel=1e-12, abs=1e-12)
    slider.value = slider.base ** slider.max if spec.scale == "log" else slider.max
    assert getattr(root, name) == pytest.approx(spec.high)
    # Outside the range: refused, naming the lever and its range; nothing changes.
    for bad in (spec.high * 1.5 + spec.step, spec.low - spec.step if spec.scale == "linear" else spec.low / 2):
        with pytest.raises(traitlets.TraitError) as err:
            setattr(root, name, bad)
        message = str(err.value)
        assert name in message and f"from {spec.low:g} to {spec.high:g}" in message, message
        assert getattr(root, name) == pytest.approx(spec.high) and slider.value == pytest.approx(spec.high * k)
    # One source: the range is the model's lever table entry itself.
    assert (trait.low, trait.high) == (spec.low, spec.high)
    assert any(spec is s for s in _lever_tables()), f"{name}'s range is not an entry of a model's lever table"


def test_chapter1_levers_match_their_sliders(catalogue):
    """The reported case: values the sliders could not show were accepted."""
    ex = BarrierExplorer(catalogue=catalogue)
    with pytest.raises(traitlets.TraitError, match=r"pore_level must be from 0 to 5"):
        ex.pore_level = 10
    ex.leak_level = 80
    assert ex.leak_slider.value == pytest.approx(80)
    with pytest.raises(traitlets.TraitError, match=r"damaged_fraction must be from 0 to 0.02"):
        ex.damaged_fraction = 0.05


def test_chapter3_intensity_sliders_use_the_cause_records(catalogue):
    ex = CauseExplorer(catalogue=catalogue)
    for cid, ctl in ex.controls.items():
        cause = catalogue.causes[cid]
        assert (ctl.intensity.min, ctl.intensity.max, ctl.intensity.step) == (
            0.0, cause.intensity_max, cause.intensity_step)
        with pytest.raises(traitlets.TraitError, match=rf"{cid} intensity must be from 0 to {cause.intensity_max:g}"):
            ex.set_cause(cid, cause.intensity_max + cause.intensity_step)


def test_lever_tables_are_inside_the_models_validity():
    assert all(isinstance(s, LeverSpec) for s in _lever_tables()) and len(_lever_tables()) >= 14
    for name, spec in barrier.LEVERS.items():
        low, high, _ = barrier.PARAMETER_RANGES[name]
        assert low <= spec.low < spec.high <= high
    with pytest.raises(ValueError, match="outside the model's"):
        LeverSpec(0.0, 30.0, 1.0, "", "x").within("x", 0.0, 20.0)
    with pytest.raises(ValueError, match="log-scale lever needs low above 0"):
        LeverSpec(0.0, 1.0, 0.1, "", "x", scale="log")


# -- 3. Reset returns everything to the start -----------------------------------------------------

@pytest.mark.parametrize("key", DASHBOARDS)
def test_reset_returns_every_control_and_view_to_the_start(key, catalogue):
    start = _everything(_make(key, catalogue))
    root = _make(key, catalogue)
    rng = random.Random(7)
    for _ in range(25):
        ctrl = rng.choice([c for c in _controls(root) if not c.disabled])
        _scramble(ctrl, rng)
    assert _everything(root) != start
    _reset(root)
    assert _everything(root) == start


def test_helpers_detect_a_control_that_does_nothing():
    """The checks above can fail: a slider wired to nothing, and one disabled without a reason."""
    idle = w.FloatSlider(min=0, max=1, step=0.1, description="Idle")
    root = w.VBox([idle, w.HTML("<p class='gw-summary'>nothing</p>")])
    with pytest.raises(AssertionError, match="nothing the dashboard shows changed"):
        _assert_acts_or_says_why(root, idle, "test")
    idle.disabled = True
    with pytest.raises(AssertionError, match="disabled without a reason"):
        _assert_acts_or_says_why(root, idle, "test")
    idle.tooltip = "Not available now: switch something on first"
    with pytest.raises(AssertionError, match="no visible note"):
        _assert_acts_or_says_why(root, idle, "test")
    root.children = [*root.children, w.HTML("<div class='gw-control-note'><p><b>Idle</b> is greyed out: "
                                            "switch something on first</p></div>")]
    _assert_acts_or_says_why(root, idle, "test")
