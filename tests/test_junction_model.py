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


def test_tnf_alone_lowers_ht29_resistance_by_81_percent(model):
    # Schmitz et al. 1999 (J Cell Sci 112:137, doi 10.1242/jcs.112.1.137): 100 ng/mL basolateral TNF-alpha
    # alone lowered HT-29/B6 resistance by 81 %. The old model gave 0 % without IFN-gamma priming.
    model.set(tnf=100)
    assert model.teer_fall() == pytest.approx(0.81, abs=0.005)


def test_tnf_alone_changes_ions_not_the_sugar_ratio(model):
    # Caco-2 BBE (J Membr Biol, doi 10.1007/s002329900333): TNF-alpha raised Na+ and Cl- conductance with no
    # change in mannitol flux: a charge-selective change, so the sugar ratio stays.
    lm = model.barrier.lm_ratio()
    model.set(tnf=100)
    assert model.route_levels() == (1.0, 1.0)
    assert model.barrier.lm_ratio() == pytest.approx(lm)


def test_ifn_gamma_priming_amplifies_tnf(model):
    # Schmitz et al. 1999: TNF-alpha and IFN-gamma act synergistically; Wang et al. 2005 (PMID 15681825): in
    # primed Caco-2, TNF-alpha raises MLCK and opens the leak route.
    alone = model.set(tnf=100).teer_fall()
    lm_alone = model.barrier.lm_ratio()
    model.set(ifn_gamma_primed=True)
    assert model.teer_fall() > alone
    pore, leak = model.route_levels()
    assert pore == 1.0 and leak > 1.0 and model.barrier.leak_level == pytest.approx(leak)
    assert model.barrier.lm_ratio() > 2 * lm_alone


@pytest.mark.parametrize("primed", [False, True])
def test_tnf_effect_rises_with_dose(model, primed):
    model.set(ifn_gamma_primed=primed)
    falls = [model.set(tnf=d).teer_fall() for d in (0, 1, 10, 50, 100)]
    assert falls == sorted(falls) and falls[0] == pytest.approx(0.0, abs=1e-9) and falls[1] > 0


def test_calcium_removal_drops_resistance_by_at_least_90_percent(model):
    # Collares-Buzato et al. 1994: basolateral calcium chelation lowered resistance by more than 90 %.
    model.set(calcium_removed=1.0)
    assert model.teer_fall() >= 0.90 - 1e-9


def test_calcium_removal_widens_the_equivalent_pore_and_raises_the_sugar_ratio(model):
    # Caco-2 with EGTA (J Pharm Sci 1997, record caco2_pores1997): equivalent pore radius 4.6 -> 14.6 Å
    # (3.17-fold). The old model scaled capacity only, so the sugar ratio stayed at 1.00x healthy.
    from gutwidgets.models.hindrance import equivalent_pore_radius

    c = model.barrier.constants
    r0 = equivalent_pore_radius(model.barrier.lm_ratio(), c.mannitol, c.lactulose)
    assert r0 == pytest.approx(4.6, rel=0.15)  # the healthy model's equivalent radius, against Caco-2's 4.6 Å
    ratios = [model.set(calcium_removed=x).barrier.lm_ratio() for x in (0, 0.25, 0.5, 0.75, 1.0)]
    assert ratios == sorted(ratios) and ratios[-1] > 10 * ratios[0]
    r1 = equivalent_pore_radius(ratios[-1], c.mannitol, c.lactulose)
    assert r1 / r0 == pytest.approx(model.constants.calcium_pore_widening, rel=1e-9)


def test_claudin2_lowers_resistance_but_not_lactulose_passage(model):
    lac_before = model.barrier.permeability(4.8)
    model.set(claudin2=3)
    assert model.teer_fall() > 0.5
    assert model.barrier.permeability(4.8) == pytest.approx(lac_before)


def test_opening_the_leak_route_lowers_resistance(model):
    # Wang et al. 2005 (PMID 15681825): MLCK-driven opening lowers Caco-2 TER (reversed by MLCK inhibition).
    # The old model's ion path gave MLCK x10 a 0.0 % change. How far TEER falls rests on the recorded
    # small-ion : mannitol ratio (6-60): at each end the fall is real but modest, because the leak route is
    # low-capacity for ions.
    model.set(mlck=10)
    low, high = model.teer_fall_span(6, 60)
    assert 0.01 < low < model.teer_fall() < high < 0.15
    falls = [model.set(mlck=m).teer_fall() for m in (1, 2, 5, 10)]
    assert falls == sorted(falls) and falls[1] > 0.001


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
