"""The lactulose/mannitol test simulator against published reference points."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gutwidgets import data as gdata
from gutwidgets.models import BarrierModel
from gutwidgets.models.sugar_test import SCENARIOS, SugarTestConstants, SugarTestModel

RECORDS = {  # the published values the scenarios reproduce (as in data/sugar_test.yaml, pathways.yaml)
    "coeliac_lm_ratio": 0.12, "healthy_lm_ratio": 0.02, "coeliac_lactulose_recovery": 0.94,
    "healthy_lactulose_recovery": 0.31, "crohn_quiescent_lm_ratio": 0.046, "nsaid_damaged_fraction": 0.001,
    "alcohol_liver_lm_ratio": 0.703,
}


@pytest.fixture(scope="module")
def healthy():
    return SugarTestModel()


def _at(model, sugar, hour, colon=True):
    """Cumulative % of the dose in urine by ``hour``."""
    r = model.run([hour], colon=colon)
    return float(r.cumulative[sugar][list(r.hours).index(hour)])


def _scenario(name, healthy):
    lv = SugarTestModel.scenario_levers(name, RECORDS, healthy)
    surface = lv.pop("surface")
    m = SugarTestModel(BarrierModel().set(**lv), surface=surface)
    return m.run([5.0])


def test_constants_defaults_equal_the_data_records():
    cat = gdata.load()
    c = SugarTestConstants()
    for rid in SugarTestConstants.FACT_IDS:
        assert getattr(c, rid) == pytest.approx(cat.fact(rid).value), rid
    assert (c.healthy_lr_ratio_iqr_low, c.healthy_lr_ratio_iqr_high) == tuple(cat.fact("healthy_lr_ratio_iqr").range)


def test_healthy_5h_lactulose_is_the_published_0_31_percent(healthy):
    # Johnston et al. 2000 (PMID 10902869), population controls: 0.31 % of the dose in 5-h urine.
    # Fitted (the old model, fitted on children's mannitol, gave 0.43 %).
    assert healthy.run([5.0]).recovery["lactulose"] == pytest.approx(0.31, rel=1e-3)


def test_healthy_5h_ratio_and_mannitol_are_not_fitted_and_miss_as_the_docs_say(healthy):
    # Johnston et al. 2000: ratio 0.02 with lactulose 0.31 % means mannitol about 15.5 % (our
    # arithmetic); Catassi et al. 1997 (children): mannitol 18.5 %. With the barrier model's
    # permeability ratio of 0.02, mannitol's absorption saturates, so the urine ratio comes out
    # about 0.023 (docs/model.md, chapter 6) and 5-h mannitol about 13 %.
    r = healthy.run([5.0])
    assert r.lm_ratio == pytest.approx(0.0231, abs=0.0005)
    assert r.recovery["mannitol"] == pytest.approx(13.4, abs=0.5)
    assert 10 <= r.recovery["mannitol"] <= 30  # the rough adult range of healthy_mannitol_recovery


def test_untreated_coeliac_is_fitted_to_its_published_lactulose_and_ratio(healthy):
    # Johnston et al. 2000 (PMID 10902869): lactulose 0.94 % vs 0.31 % in controls, ratio 0.12 vs
    # 0.02. The old scenario gave lactulose 1.43 % (folds taken over the model's own healthy values).
    base, coeliac = healthy.run([5.0]), _scenario("coeliac", healthy)
    assert coeliac.recovery["lactulose"] == pytest.approx(0.94, rel=0.02)
    assert coeliac.lm_ratio / base.lm_ratio == pytest.approx(0.12 / 0.02, rel=0.02)
    # Hence mannitol falls to (0.94/0.12) / (0.31/0.02) = 0.505 of healthy (ratio of means, our arithmetic).
    fold = coeliac.recovery["mannitol"] / base.recovery["mannitol"]
    assert fold == pytest.approx((0.94 / 0.12) / (0.31 / 0.02), rel=0.02)


def test_coeliac_surface_loss_is_what_the_fit_needs(healthy):
    lv = SugarTestModel.scenario_levers("coeliac", RECORDS, healthy)
    assert 0.2 < lv["surface"] < 0.5 and lv["leak_level"] > 1


def test_24h_mannitol_recovery_lands_in_the_published_band(healthy):
    # Khoshbin et al. 2021 (PMID 33865841): median about 30 % of 13C-mannitol in 24-h urine;
    # Laker et al. 1982 (doi 10.1111/j.1365-2362.1982.tb02230.x): oral recoveries 8.0-39.6 %, and
    # stool bacteria break mannitol down. The old model, which left mannitol intact in the colon, gave 47 %.
    m24 = _at(healthy, "mannitol", 24.0)
    assert m24 == pytest.approx(30.0, abs=0.5)
    assert 15 <= m24 <= 35
    assert healthy.degradation["mannitol"] > 0 and healthy.degradation["sucralose"] == 0


def test_colon_adds_lactulose_as_in_people_with_and_without_a_colon(healthy):
    # Anderson et al. 2004 (PMID 15450113): 24-h lactulose 0.52 % in controls vs 0.25 % in
    # ileostomists, "a significant amount of lactulose also appeared to be absorbed in the colon".
    # The colon adds 0.27 % of the dose; the old model destroyed lactulose in the colon at once (adds 0).
    with_colon = _at(healthy, "lactulose", 24.0)
    without = _at(healthy, "lactulose", 24.0, colon=False)
    assert with_colon - without == pytest.approx(0.52 - 0.25, abs=0.005)
    assert healthy.degradation["lactulose"] > 0


def test_24h_lactulose_gap_is_in_the_small_intestine_not_the_kidney(healthy):
    # Published 24-h lactulose: 0.52 % (Anderson et al. 2004), 0.50 % (Jenkins et al. 1991),
    # 0.32 % (Khoshbin et al. 2021). Fitted to 0.31 % at 5 h, the model's lactulose keeps
    # crossing the small intestine and reaching urine after 5 h (24 h is about 2.2 times the 5-h
    # value from the small intestine alone), so it lands higher: about 0.87 %. Measured 24-h values
    # include late kidney excretion too, so that is not the reason.
    r24 = _at(healthy, "lactulose", 24.0)
    assert r24 == pytest.approx(0.87, abs=0.03)
    small = _at(healthy, "lactulose", 24.0, colon=False) / _at(healthy, "lactulose", 5.0, colon=False)
    assert small == pytest.approx(2.2, abs=0.1)
def test_nsaid_raises_ratio_1_5_to_4_fold(healthy):
    fold = _scenario("nsaid", healthy).lm_ratio / healthy.run([5.0]).lm_ratio
    assert 1.5 <= fold <= 4


def test_quiescent_crohns_matches_published_fold(healthy):
    fold = _scenario("crohn_quiescent", healthy).lm_ratio / healthy.run([5.0]).lm_ratio
    assert fold == pytest.approx(0.046 / 0.018, rel=0.02)


def test_alcohol_liver_disease_is_the_largest_rise(healthy):
    folds = {n: _scenario(n, healthy).lm_ratio for n in SCENARIOS if n != "healthy"}
    assert max(folds, key=folds.get) == "alcohol_liver"


def test_urine_accumulates_and_never_exceeds_the_dose(healthy):
    r = healthy.run(np.linspace(0, 24, 49))
    for curve in r.cumulative.values():
        assert np.all(np.diff(curve) >= -1e-9) and curve[0] == 0 and np.all(curve <= 100)


def test_sucralose_reports_the_whole_gut_over_24_hours(healthy):
    r = healthy.run([5.0, 24.0])
    i5, i24 = list(r.hours).index(5.0), list(r.hours).index(24.0)
    # Anderson et al. 2004: 24-h sucralose 1.41 % (fitted); it exceeds lactulose's because colonic
    # bacteria break lactulose (and mannitol) down but not sucralose.
    assert r.cumulative["sucralose"][i24] == pytest.approx(1.41, rel=1e-3)
    assert r.cumulative["sucralose"][i24] > 1.3 * r.cumulative["lactulose"][i24]
    assert r.cumulative["sucralose"][i5] == pytest.approx(r.cumulative["lactulose"][i5], rel=0.3)
    # Without a colon sucralose falls (published 0.96 %); the model's small intestine passes less
    # sucralose than people do (its size is assumed, record sucralose), so it lands lower.
    without = _at(healthy, "sucralose", 24.0, colon=False)
    assert 0.4 < without < 0.96 < r.cumulative["sucralose"][i24]


def test_smaller_surface_lowers_mannitol(healthy):
    m = SugarTestModel(surface=0.4)
    assert m.run([5.0]).recovery["mannitol"] < healthy.run([5.0]).recovery["mannitol"]


def test_population_is_reproducible_and_spread_as_published(healthy):
    a, b = healthy.population(2000, seed=3), healthy.population(2000, seed=3)
    np.testing.assert_array_equal(a, b)
    q1, q3 = np.percentile(a, [25, 75])
    assert q3 / q1 == pytest.approx(0.034 / 0.022, rel=0.1)


@pytest.mark.parametrize(("kwargs", "match"), [({"surface": 0}, "surface"), ({"window": 30}, "window"),
                                                ({"window": math.nan}, "window")])
def test_invalid_inputs_are_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        SugarTestModel(**kwargs)


def test_bad_hours_and_scenario_are_named(healthy):
    with pytest.raises(ValueError, match="hours"):
        healthy.run([-1])
    with pytest.raises(ValueError, match="scenario must be one of"):
        SugarTestModel.scenario_levers("vampire", RECORDS, healthy)
    with pytest.raises(ValueError, match="n must be"):
        healthy.population(0)
    with pytest.raises(ValueError, match="seed must be a whole number from 0 to 4294967295"):
        healthy.population(5, seed=-1)


def test_population_is_drawn_with_the_generator_the_page_shares(healthy):
    # The page draws the same crowd (tests/test_crosscheck_sugar_test.py): mulberry32 and Box-Muller
    # (gutwidgets/models/_random.py), not numpy's generator.
    from gutwidgets.models._random import standard_normals

    ratio = healthy.run([healthy.window]).lm_ratio
    expected = ratio * np.exp(healthy.constants.ratio_spread * np.array(standard_normals(7, 11)))
    np.testing.assert_array_equal(healthy.population(7, seed=11), expected)
    assert not np.array_equal(healthy.population(7, seed=11), healthy.population(7, seed=12))
