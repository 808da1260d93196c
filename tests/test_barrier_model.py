"""The three-route barrier model: published behaviour, validation, purity."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest

from gutwidgets.models import PARAMETER_RANGES, BarrierConstants, BarrierModel

MANNITOL, LACTULOSE, FD4, ALBUMIN = 3.6, 4.8, 15.0, 36.0


@pytest.fixture
def model():
    return BarrierModel()


def test_healthy_lining_reproduces_published_sugar_ratio(model):
    assert model.lm_ratio() == pytest.approx(BarrierConstants().healthy_lm_ratio, rel=1e-6)


def test_mannitol_crosses_far_more_readily_than_lactulose(model):
    p_m, p_l = model.permeability([MANNITOL, LACTULOSE])
    assert p_m > 20 * p_l


def test_fd4_uses_only_leak_or_unrestricted_routes(model):
    for state in ({}, {"leak_level": 10}, {"damaged_fraction": 0.01}, {"pore_level": 20}):
        model.reset().set(**state)
        shares = model.route_shares([FD4])
        assert shares["pore"][0] == 0.0
        assert shares["leak"][0] + shares["unrestricted"][0] == pytest.approx(1.0)


def test_lactulose_cannot_use_the_pore_route(model):
    model.set(pore_level=20)
    assert model.route_permeabilities([LACTULOSE])["pore"][0] == 0.0


@pytest.mark.parametrize(
    "state",
    [{}, {"leak_level": 30}, {"pore_level": 5}, {"damaged_fraction": 0.02}, {"pore_level": 0, "leak_level": 0.1}],
)
@pytest.mark.parametrize("method", ["dechadilok-deen", "renkin"])
def test_permeability_falls_monotonically_with_radius(state, method):
    m = BarrierModel(method=method).set(**state)
    radii = np.geomspace(1, 5000, 800)
    p = m.permeability(radii)
    assert np.all(np.isfinite(p)) and np.all(p >= 0)
    assert np.all(np.diff(p) <= 1e-15 * p[:-1] + 1e-300)


def test_each_lever_moves_only_its_route(model):
    radii = [1.4, MANNITOL, LACTULOSE, FD4, ALBUMIN]
    base = model.route_permeabilities(radii)
    for lever, route in (("pore_level", "pore"), ("leak_level", "leak"), ("damaged_fraction", "unrestricted")):
        model.reset().set(**{lever: 3 if lever != "damaged_fraction" else 0.01})
        moved = model.route_permeabilities(radii)
        for r in base:
            if r == route:
                assert np.any(moved[r] > base[r])
            else:
                np.testing.assert_allclose(moved[r], base[r])


def test_leak_raises_the_ratio_and_pores_lower_it(model):
    healthy = model.lm_ratio()
    assert model.set(leak_level=5).lm_ratio() > 3 * healthy
    assert model.reset().set(pore_level=3).lm_ratio() < healthy


def test_nsaid_calibration_reproduces_published_rise(model):
    c = model.constants
    model.set(damaged_fraction=c.nsaid_damaged_fraction)
    assert model.lm_ratio() / c.healthy_lm_ratio == pytest.approx(c.nsaid_ratio_rise, rel=1e-6)


def test_erosion_lets_an_lps_aggregate_through_and_intact_lining_does_not(model):
    assert model.permeability(600.0) == 0.0
    assert model.set(damaged_fraction=0.01).permeability(600.0) > 0


def test_shares_sum_to_one_where_anything_crosses(model):
    model.set(leak_level=2, damaged_fraction=0.005)
    shares = model.route_shares(np.geomspace(1, 1000, 50))
    total = shares["pore"] + shares["leak"] + shares["unrestricted"]
    np.testing.assert_allclose(total, 1.0)


def test_reset_restores_healthy_defaults(model):
    model.set(pore_level=4, leak_level=9, damaged_fraction=0.3)
    model.reset()
    assert (model.pore_level, model.leak_level, model.damaged_fraction) == (1.0, 1.0, 0.0)
    assert model.lm_ratio() == pytest.approx(model.constants.healthy_lm_ratio)


@pytest.mark.parametrize(
    ("lever", "bad"),
    [("pore_level", -1), ("leak_level", 1e6), ("damaged_fraction", 1.5), ("damaged_fraction", -0.1),
     ("pore_level", math.nan), ("leak_level", math.inf), ("pore_level", "3"), ("leak_level", True)],
)
def test_invalid_lever_names_parameter_and_range(model, lever, bad):
    low, high, _ = PARAMETER_RANGES[lever]
    with pytest.raises(ValueError, match=rf"{lever} must be .*{low:g} to {high:g}"):
        setattr(model, lever, bad)


def test_set_is_all_or_nothing(model):
    with pytest.raises(ValueError, match="damaged_fraction"):
        model.set(leak_level=5, damaged_fraction=2)
    assert model.leak_level == 1.0


@pytest.mark.parametrize("bad", [-1.0, 0.0, math.nan, [3.6, -2], [], "abc"])
def test_invalid_radius_raises(model, bad):
    with pytest.raises(ValueError, match="radius_angstrom"):
        model.permeability(bad)


def test_summary_is_plain_words_without_nan(model):
    for state in ({}, {"leak_level": 0, "pore_level": 0}, {"pore_level": 0}, {"damaged_fraction": 1}):
        text = model.reset().set(**state).summary()
        assert "nan" not in text.lower() and "inf" not in text.lower()
        assert "Pore route" in text and "Leak route" in text


def test_summary_describes_a_leaky_state(model):
    text = model.set(leak_level=5).summary()
    assert "greatly raised" in text and "times the healthy value" in text


def test_importing_models_pulls_in_no_widget_library():
    code = (
        "import sys, json, gutwidgets.models, gutwidgets.models.causes, gutwidgets.models.support,"
        " gutwidgets.models.constants, gutwidgets.models.from_data, gutwidgets.figures, gutwidgets.data,"
        " gutwidgets.pages;"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('ipywidgets','plotly','anywidget','traitlets','IPython'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


# -- small ions (TEER) ------------------------------------------------------------------------------
def test_healthy_lining_has_the_recorded_small_ion_to_mannitol_ratio(model):
    c = model.constants
    total = sum(model.ion_permeabilities().values())
    assert total == pytest.approx(c.small_ion_mannitol_ratio, rel=1e-12)
    assert model.ion_conductance() == pytest.approx(1.0, rel=1e-12)


def test_the_sharp_pore_formula_is_not_used_for_ions(model):
    # A single 4 Å pore with mannitol at lambda 0.9 gives ~11,000 (Dechadilok-Deen) or ~550 (Renkin) for the
    # pore route's small-ion : mannitol ratio: far beyond the 6-60 that Caco-2 TEER and mannitol flux imply.
    assert model.formula_pore_ion_ratio > 1000
    assert BarrierModel(method="renkin").formula_pore_ion_ratio == pytest.approx(550, rel=0.1)
    # The ion path no longer depends on that: both hindrance formulas give the leak route the same ion share
    # within a few percent (the old path differed 20-fold).
    dd = model.ion_shares()["leak"]
    rk = BarrierModel(method="renkin").ion_shares()["leak"]
    assert rk == pytest.approx(dd, rel=0.05)
    assert 0.001 < dd < 0.02


def test_leak_route_opening_raises_ion_conductance(model):
    model.set(leak_level=10)
    assert 1.01 < model.ion_conductance() < 1.2
    spans = [model.ion_conductance(r) for r in (6, 20, 60)]
    assert spans == sorted(spans, reverse=True)  # a smaller ratio gives the leak route a larger ion share
    model.set(leak_level=1, pore_level=2)
    assert model.ion_conductance() == pytest.approx(2.0, rel=0.01)  # the pores carry most of the ions


def test_ion_ratio_is_validated(model):
    with pytest.raises(ValueError, match="ratio must be above"):
        model.ion_conductance(0.05)
    with pytest.raises(ValueError, match="ratio must be from 0"):
        model.ion_conductance(math.nan)
