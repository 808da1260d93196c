"""Tight-junction levers and TEER against published reference points."""

from __future__ import annotations

import math

import pytest

from gutwidgets.models import BarrierModel
from gutwidgets.models.junction import JUNCTION_RANGES, JunctionModel


@pytest.fixture
def model():
    return JunctionModel()


def test_healthy_junction_gives_the_tissue_reference(model):
    for tissue, expected in (("caco2", 350.0), ("jejunum", 20.0), ("distal_colon", 289.0)):
        assert model.teer(tissue) == pytest.approx(expected)


def test_small_intestine_is_leakier_than_cultured_cells_and_colon(model):
    assert model.teer("jejunum") < model.teer("distal_colon") < model.teer("caco2") * 1.0 + 1e-9


def test_tnf_on_primed_cells_lowers_resistance_60_to_90_percent(model):
    # HT-29/B6: 100 ng/mL basolateral TNF-alpha lowered resistance by 81 %.
    model.set(ifn_gamma_primed=True, tnf=100)
    assert 0.60 <= model.teer_fall() <= 0.90


def test_tnf_without_ifn_gamma_priming_does_nothing(model):
    model.set(tnf=100)
    assert model.teer_fall() == pytest.approx(0.0, abs=1e-9)
    assert model.route_levels() == (1.0, 1.0)


def test_tnf_effect_rises_with_dose(model):
    model.set(ifn_gamma_primed=True)
    falls = [model.set(tnf=d).teer_fall() for d in (0, 1, 10, 50, 100)]
    assert falls == sorted(falls) and falls[0] == pytest.approx(0.0, abs=1e-9)


def test_tnf_opens_the_leak_route(model):
    model.set(ifn_gamma_primed=True, tnf=100)
    pore, leak = model.route_levels()
    assert pore == 1.0 and leak > 1.0
    assert model.barrier.leak_level == pytest.approx(leak)


def test_calcium_removal_drops_resistance_by_at_least_90_percent(model):
    model.set(calcium_removed=1.0)
    assert model.teer_fall() >= 0.90 - 1e-9


def test_claudin2_lowers_resistance_but_not_lactulose_passage(model):
    lac_before = model.barrier.permeability(4.8)
    model.set(claudin2=3)
    assert model.teer_fall() > 0.5
    assert model.barrier.permeability(4.8) == pytest.approx(lac_before)


def test_mlck_opens_leak_route_with_little_effect_on_resistance(model):
    model.set(mlck=5)
    assert model.barrier.leak_level == 5
    assert abs(model.teer_fall()) < 0.05  # TEER reports small ions, which mostly use the pores


def test_zonulin_changes_no_number(model):
    before = (model.teer(), model.route_levels())
    model.set(zonulin=True)
    assert (model.teer(), model.route_levels()) == before
    assert "not modelled" in model.summary()


@pytest.mark.parametrize(("lever", "bad"), [("tnf", -1), ("tnf", 1000), ("claudin2", math.nan),
                                            ("calcium_removed", 1.5), ("mlck", "high")])
def test_invalid_lever_names_parameter_and_range(model, lever, bad):
    low, high, _ = JUNCTION_RANGES[lever]
    with pytest.raises(ValueError, match=rf"{lever} must be .*{low:g} to {high:g}"):
        model.set(**{lever: bad})


def test_unknown_lever_and_tissue_are_named(model):
    with pytest.raises(ValueError, match="unknown lever 'gluten'"):
        model.set(gluten=1)
    with pytest.raises(ValueError, match="tissue must be one of caco2, jejunum, distal_colon"):
        model.tissue = "stomach"
    with pytest.raises(ValueError, match="ifn_gamma_primed must be True or False"):
        model.set(ifn_gamma_primed=1)


def test_reset_restores_healthy(model):
    model.set(claudin2=4, mlck=7, tnf=50, ifn_gamma_primed=True, calcium_removed=0.5, zonulin=True)
    model.reset()
    assert model.teer() == pytest.approx(350.0)
    assert model.barrier.pore_level == 1.0 and model.barrier.leak_level == 1.0


def test_sealed_junction_reports_without_infinity_in_words(model):
    model.set(claudin2=0, mlck=0)
    assert math.isinf(model.teer())
    assert "inf" not in model.summary().lower() and "nan" not in model.summary().lower()


def test_drives_an_existing_barrier_model():
    b = BarrierModel()
    JunctionModel(barrier=b).set(mlck=3)
    assert b.leak_level == 3
