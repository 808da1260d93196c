"""Chapter 5's model: the fibre -> butyrate chain, and strategies acting on chapter 3's causes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gutwidgets import data
from gutwidgets.models.causes import Exposure
from gutwidgets.models.from_data import fibre_model_from_data, strategy_model_from_data
from gutwidgets.models.support import FIBRE_MAX, FibreConstants, FibreModel, StrategyModel, StrategySpec, Use

DAYS = np.linspace(0.0, 200.0, 801)


@pytest.fixture(scope="module")
def catalogue():
    return data.load()


@pytest.fixture(scope="module")
def fibre(catalogue):
    return fibre_model_from_data(catalogue)


@pytest.fixture(scope="module")
def strategies(catalogue):
    return strategy_model_from_data(catalogue)


# -- fibre -> butyrate ------------------------------------------------------------------------------

def test_butyrate_response_rises_then_falls(fibre):
    c = np.linspace(0.0, 20.0, 2001)
    e = fibre.junction_effect(c)
    peak = int(np.argmax(e))
    assert e[0] == 0 and 0 < peak < len(c) - 1
    assert np.all(np.diff(e[: peak + 1]) > 0), "rises up to the peak"
    assert np.all(np.diff(e[peak:]) < 0), "falls after it"
    k = fibre.constants
    assert 1.0 <= c[peak] <= k.butyrate_harmful / 2  # the peak sits near the tightening dose
    assert fibre.junction_effect(k.butyrate_optimum)[0] == pytest.approx(1.0)  # tighter at 2 mM (Caco-2)
    assert fibre.junction_effect(k.butyrate_harmful)[0] == pytest.approx(-k.butyrate_harm_size)  # looser at 8 mM


def test_chain_matches_the_records_at_the_typical_intake(fibre, catalogue):
    typical = catalogue.fact("fibre_typical_intake").value
    ch = fibre.chain([typical])
    assert ch.scfa[0] == pytest.approx(catalogue.fact("colonic_scfa_total").value)
    assert (ch.scfa_low[0], ch.scfa_high[0]) == pytest.approx(catalogue.fact("colonic_scfa_total").range)
    share = catalogue.fact("butyrate_share").value / 100
    assert ch.butyrate[0] == pytest.approx(ch.scfa[0] * share)
    assert ch.butyrate_low[0] < ch.butyrate[0] < ch.butyrate_high[0]
    assert ch.effect_low[0] <= ch.effect[0] <= ch.effect_high[0]


def test_recommended_intake_sits_at_the_top_of_the_bell(fibre, catalogue):
    ch = fibre.chain([catalogue.fact("fibre_recommended").value])
    grid = np.linspace(0.0, 20.0, 200001)
    top = float(grid[np.argmax(fibre.junction_effect(grid))])
    assert fibre.best_dose == pytest.approx(top, abs=1e-4)  # the bisection finds the bell's top
    assert ch.dish[0] == pytest.approx(fibre.best_dose)
    # The top lies a little below the 2 mM where Caco-2 junctions tightened (Peng et al. 2007).
    assert 0.5 * fibre.constants.butyrate_optimum < fibre.best_dose < fibre.constants.butyrate_optimum
    assert fibre.dish_factor < 0.2  # cells see far less than the colon holds


def test_scfa_stays_physiological_at_every_allowed_intake(fibre, catalogue):
    # Cummings et al. 1987 (Gut 28:1221, PMID 3678950): colonic SCFA 80 +/- 11 (descending colon) to
    # 131 +/- 9 mmol/kg (caecum). Colonic totals rarely exceed about 150-200 mmol/kg; the old model,
    # proportional to intake, gave 333 mmol/kg at 60 g/day (433 at the top of its band).
    f = np.linspace(0.0, FIBRE_MAX, 801)
    ch = fibre.chain(f)
    ceiling = catalogue.fact("colonic_scfa_ceiling")
    assert ceiling.range[1] <= 200.0
    assert np.all(ch.scfa < ceiling.value) and np.all(ch.scfa_high < ceiling.range[1])
    assert np.all(ch.scfa_low <= ch.scfa) and np.all(ch.scfa <= ch.scfa_high)
    assert float(np.interp(60.0, f, ch.scfa)) == pytest.approx(130.4, abs=0.5)  # old model: 333
    # More fibre always means more SCFA, but less and less more (it saturates).
    assert np.all(np.diff(ch.scfa[1:]) > 0) and np.all(np.diff(ch.scfa, 2) < 0)
    # Through the measured values at the typical intake (the anchor, exactly).
    typical = fibre.chain([catalogue.fact("fibre_typical_intake").value])
    assert typical.scfa[0] == pytest.approx(100.0) and typical.scfa_high[0] == pytest.approx(131.0)


def test_more_fibre_up_to_the_recommended_intake_is_never_worse(fibre, catalogue):
    # The old model scored the typical 18 g/day (+1.011) above the recommended 30 g/day (+1.000),
    # contradicting chapter 3, where the recommended intake is the healthy reference.
    recommended = catalogue.fact("fibre_recommended").value
    f = np.linspace(0.0, recommended, 601)
    effect = fibre.chain(f).effect
    assert np.all(np.diff(effect) >= 0)
    typical = catalogue.fact("fibre_typical_intake").value
    at = fibre.chain([typical, recommended]).effect
    assert at[0] == pytest.approx(1.033, abs=2e-3) and at[1] == pytest.approx(1.043, abs=2e-3)
    assert at[1] > at[0]


def test_fibre_constants_defaults_equal_the_data_records(catalogue):
    defaults = FibreConstants()
    for rid in FibreConstants.FACT_IDS:
        assert getattr(defaults, rid) == pytest.approx(catalogue.fact(rid).value), rid
    for rid in FibreConstants.RANGED:
        assert (getattr(defaults, f"{rid}_low"), getattr(defaults, f"{rid}_high")) == pytest.approx(
            catalogue.fact(rid).range), rid


def test_more_fibre_means_more_butyrate_and_less_shortfall(fibre):
    ch = fibre.chain([0, 10, 20, 30])
    assert np.all(np.diff(ch.butyrate) > 0) and ch.butyrate[0] == 0
    assert fibre.shortfall(0) == 30 and fibre.shortfall(18) == 12 and fibre.shortfall(45) == 0


@pytest.mark.parametrize("bad", [-1, math.nan, 1000, "lots"])
def test_bad_fibre_is_refused_with_the_allowed_range(fibre, bad):
    with pytest.raises(ValueError, match="fibre intake must be"):
        fibre.chain([bad]) if not isinstance(bad, str) else fibre.shortfall(bad)


def test_constants_refuse_an_upside_down_bell():
    with pytest.raises(ValueError, match="butyrate_optimum must be below butyrate_harmful"):
        FibreConstants(butyrate_optimum=9.0)
    with pytest.raises(ValueError, match="colonic_scfa_ceiling must be above colonic_scfa_total"):
        FibreConstants(colonic_scfa_ceiling=100.0, colonic_scfa_ceiling_low=90.0)
    with pytest.raises(ValueError, match="missing values for: .*butyrate_share"):
        FibreConstants.from_facts({"fibre_typical_intake": (18, (15, 21))})
    assert FibreModel().dish_factor > 0


# -- strategies ----------------------------------------------------------------------------------------

def _recovered_by(course, healthy, within=0.01):
    ok = np.nonzero(np.abs(course.lm_ratio / healthy - 1) > within)[0]
    return float(course.days[ok[-1] + 1]) if ok.size else 0.0


@pytest.mark.parametrize("strategy, cause, intensity", [("stop_nsaids", "nsaid", 150.0),
                                                        ("limit_alcohol", "alcohol", 8.0)])
def test_removing_a_cause_returns_to_baseline_on_its_recovery_time(strategies, catalogue, strategy, cause, intensity):
    start = 40.0
    plan = strategies.plan([Exposure(cause, intensity)], [Use(strategy, start)], DAYS)
    healthy = strategies.causes.healthy_lm_ratio
    assert plan.status == {strategy: "modelled"}
    assert plan.without.lm_ratio[-1] > 1.5 * healthy  # the cause keeps acting without the strategy
    assert plan.with_.lm_ratio[-1] == pytest.approx(healthy, rel=1e-3)  # back to baseline
    # It decays on the cause's own recovery time: the effect left after one time constant is 1/e.
    tau = catalogue.fact(catalogue.causes[cause].recovery_days).value
    effect = plan.with_.effects[cause]
    at_start = float(np.interp(start, DAYS, effect))
    assert float(np.interp(start + tau, DAYS, effect)) == pytest.approx(at_start / math.e, rel=1e-3)
    # Equivalent to chapter 3's own "stop" (the strategy reuses it, not a new mechanism).
    stopped = strategies.causes.course([Exposure(cause, intensity, 0.0, start)], DAYS)
    assert np.allclose(stopped.lm_ratio, plan.with_.lm_ratio)


def test_more_fibre_reduces_the_chapter3_shortfall(strategies, fibre):
    short = fibre.shortfall(fibre.constants.fibre_typical_intake)
    plan = strategies.plan([Exposure("low_fibre", short)], [Use("more_fibre", 30.0, level=fibre.shortfall(30))], DAYS)
    assert plan.with_.lm_ratio[-1] == pytest.approx(strategies.causes.healthy_lm_ratio, rel=1e-3)
    half = strategies.plan([Exposure("low_fibre", short)], [Use("more_fibre", 30.0, level=short / 2)], DAYS)
    assert plan.with_.lm_ratio[-1] < half.with_.lm_ratio[-1] < half.without.lm_ratio[-1]


@pytest.mark.parametrize("sid", ["glutamine", "zinc", "colostrum", "probiotics", "stress_management"])
def test_strategy_without_human_evidence_has_no_effect_and_says_why(strategies, catalogue, sid):
    ex = [Exposure("nsaid", 150.0), Exposure("alcohol", 8.0)]
    plan = strategies.plan(ex, [Use(sid, 10.0)], DAYS)
    assert np.array_equal(plan.with_.lm_ratio, plan.without.lm_ratio)
    assert plan.status[sid].startswith("not modelled: not enough evidence to model")
    assert catalogue.of_kind("strategies")[sid].not_modelled_because in plan.status[sid]


def test_zinc_carnosine_acts_only_on_nsaid_injury(strategies, catalogue):
    share = catalogue.fact("zinc_carnosine_nsaid_protection").value
    on_nsaid = strategies.plan([Exposure("nsaid", 150.0)], [Use("zinc_carnosine", 0.0)], DAYS)
    rise = lambda c: c.lm_ratio[-1] / strategies.causes.healthy_lm_ratio - 1  # noqa: E731
    assert on_nsaid.status["zinc_carnosine"] == "modelled"
    assert 0 < rise(on_nsaid.with_) < rise(on_nsaid.without)
    assert on_nsaid.with_.damaged_fraction[-1] == pytest.approx((1 - share) * on_nsaid.without.damaged_fraction[-1])
    on_alcohol = strategies.plan([Exposure("alcohol", 8.0)], [Use("zinc_carnosine", 0.0)], DAYS)
    assert np.array_equal(on_alcohol.with_.lm_ratio, on_alcohol.without.lm_ratio)
    assert "no effect in this scenario" in on_alcohol.status["zinc_carnosine"]


def test_band_contains_the_prediction_and_the_person_spread(strategies):
    plan = strategies.plan([Exposure("nsaid", 150.0)], [Use("zinc_carnosine", 30.0)], DAYS)
    assert np.all(plan.band_low < plan.with_.lm_ratio) and np.all(plan.with_.lm_ratio < plan.band_high)
    healthy = strategies.causes.healthy_lm_ratio
    spread = math.exp(0.6745 * strategies.ratio_spread)
    assert plan.band_low[0] == pytest.approx(healthy / spread) and plan.band_high[0] == pytest.approx(healthy * spread)
    # Wider while the NSAID acts: the published range of its size adds to the spread.
    assert plan.band_high[100] / plan.band_low[100] > plan.band_high[0] / plan.band_low[0]


def test_every_strategy_has_a_graded_sourced_record(catalogue, strategies):
    records = catalogue.of_kind("strategies")
    assert set(records) == set(strategies.strategies) and len(records) >= 8
    for sid, rec in records.items():
        assert rec.grade in data.GRADES and rec.sources, sid
        assert rec.rung in data.RUNGS, sid
        assert rec.modelled or rec.not_modelled_because, sid
        for fid in rec.fact_ids():
            catalogue.fact(fid)
    assert {"stop_nsaids", "more_fibre", "glutamine", "zinc", "zinc_carnosine", "probiotics", "colostrum",
            "stress_management"} <= set(records)
    assert records["stop_nsaids"].grade == "strong" and records["glutamine"].grade == "limited"


@pytest.mark.parametrize("kwargs, words", [
    ({"action": "cure"}, "action must be one of"),
    ({"action": None}, "must say why it is not modelled"),
    ({"action": "protect", "effect": 1.5}, "effect must be from 0 to 1"),
    ({"action": "stop", "acts_on": ()}, "must name the causes"),
])
def test_bad_strategy_specs_are_refused(kwargs, words):
    base = {"id": "x", "label": "X", "acts_on": ("nsaid",), "action": "stop"}
    with pytest.raises(ValueError, match=words):
        StrategySpec(**{**base, **kwargs})


def test_bad_uses_are_refused(strategies):
    ex = [Exposure("low_fibre", 12.0)]
    with pytest.raises(ValueError, match="unknown strategy 'magic'; allowed: "):
        strategies.plan(ex, [Use("magic")], DAYS)
    with pytest.raises(ValueError, match="give level"):
        strategies.plan(ex, [Use("more_fibre", 0.0)], DAYS)
    with pytest.raises(ValueError, match="more_fibre level must be from 0 to 30"):
        strategies.plan(ex, [Use("more_fibre", 0.0, level=99)], DAYS)
    with pytest.raises(ValueError, match="start must be from 0"):
        strategies.plan(ex, [Use("stop_nsaids", -3.0)], DAYS)
    with pytest.raises(ValueError, match="acts on unknown cause 'coffee'"):
        StrategyModel(strategies.causes, {"x": StrategySpec("x", "X", ("coffee",), "stop")})


def test_data_loader_refuses_a_strategy_naming_a_missing_cause(tmp_path, catalogue):
    import shutil

    import yaml

    from .conftest import DATA
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    doc = yaml.safe_load((dest / "strategies.yaml").read_text())
    doc["records"][0]["acts_on"] = ["coffee"]
    (dest / "strategies.yaml").write_text(yaml.safe_dump(doc))
    with pytest.raises(data.DataError, match="strategies.yaml, record 'stop_nsaids', field 'acts_on'.*'coffee'"):
        data.load(dest)


def test_the_surgical_glutamine_meta_analysis_is_described_on_chapter5(catalogue):
    # Shu et al. 2016, Exp Ther Med 12:3499 (PMID 28105083, doi 10.3892/etm.2016.3799): 21 randomised trials
    # in abdominal surgery; glutamine dipeptides lowered L/M, diamine oxidase and endotoxin.
    from .conftest import NOTEBOOKS
    st = catalogue.statement("glutamine_after_surgery")
    assert st.grade == "moderate" and "human" in st.studied_in and "shu2016" in st.sources
    assert "21 randomised trials" in st.text and "healthy people" in st.text and "sugar-test ratio" in st.text
    src = catalogue.sources["shu2016"]
    assert src.pmid == "28105083" and src.doi == "10.3892/etm.2016.3799"
    assert 'page.claim(\\"glutamine_after_surgery\\")' in (NOTEBOOKS / "05_supporting_the_barrier.ipynb").read_text()
