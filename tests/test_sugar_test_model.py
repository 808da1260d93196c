"""The lactulose/mannitol test simulator against published reference points."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gutwidgets.models import BarrierModel
from gutwidgets.models.sugar_test import SCENARIOS, SugarTestModel

RECORDS = {  # the published values the scenarios reproduce (as in data/sugar_test.yaml)
    "coeliac_lm_ratio": 0.12, "healthy_lm_ratio": 0.02, "coeliac_lactulose_recovery": 0.94,
    "crohn_quiescent_lm_ratio": 0.046, "nsaid_damaged_fraction": 0.001, "alcohol_liver_lm_ratio": 0.703,
}


@pytest.fixture(scope="module")
def healthy():
    return SugarTestModel()


def _scenario(name, healthy):
    lv = SugarTestModel.scenario_levers(name, RECORDS, healthy)
    surface = lv.pop("surface")
    m = SugarTestModel(BarrierModel().set(**lv), surface=surface)
    return m.run([5.0])


def test_healthy_5h_ratio_and_recoveries_match_published_ranges(healthy):
    r = healthy.run([5.0])
    assert 0.014 <= r.lm_ratio <= 0.03
    assert 10 <= r.recovery["mannitol"] <= 30
    assert 0.1 <= r.recovery["lactulose"] <= 0.5


def test_untreated_coeliac_ratio_rises_4_to_8_fold_with_mannitol_falling(healthy):
    base, coeliac = healthy.run([5.0]), _scenario("coeliac", healthy)
    assert 4 <= coeliac.lm_ratio / base.lm_ratio <= 8
    assert coeliac.recovery["mannitol"] < base.recovery["mannitol"]
    assert coeliac.recovery["lactulose"] > base.recovery["lactulose"]


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
    assert r.cumulative["sucralose"][i24] == pytest.approx(1.41, rel=1e-3)
    # Published 24-h recoveries: sucralose 1.41 % vs lactulose 0.52 % (2.7 times): colonic bacteria
    # break lactulose down, not sucralose, so sucralose keeps being absorbed in the colon.
    assert r.cumulative["sucralose"][i24] > 1.3 * r.cumulative["lactulose"][i24]
    assert r.cumulative["sucralose"][i5] == pytest.approx(r.cumulative["lactulose"][i5], rel=0.3)


def test_lactulose_24h_within_a_factor_two_of_published_value(healthy):
    # Published healthy 24-h lactulose recovery: 0.50-0.52 % of the dose. The model's kidney
    # keeps excreting after 5 h, so it lands higher (about 1 %): within a factor of two.
    assert 0.26 <= healthy.run([24.0]).recovery["lactulose"] <= 1.04


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
