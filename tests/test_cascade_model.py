"""The LPS-to-inflammation cascade (chapter 4): conservation, positivity, steady state, transients."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from gutwidgets.models import BarrierModel
from gutwidgets.models.cascade import STATE_NAMES, UNCERTAIN_IDS, CascadeConstants, CascadeModel, cascade_response

WEEKS3 = np.unique(np.concatenate([[0.0], np.geomspace(0.05, 504.0, 160)]))


@pytest.fixture
def cascade() -> CascadeModel:
    return CascadeModel()


def _vector(state: dict[str, float]) -> np.ndarray:
    return np.array([state[k] for k in STATE_NAMES])


def test_defaults_equal_the_data_records(catalogue):
    defaults = CascadeConstants()
    for rid in CascadeConstants.FACT_IDS:
        assert getattr(defaults, rid) == pytest.approx(catalogue.fact(rid).value), rid
    # Unpublished numbers are labelled as assumptions in data/.
    for rid in CascadeConstants.FACT_IDS:
        if rid.startswith("cascade_"):
            assert catalogue.fact(rid).basis == "assumed", rid


def test_healthy_state_is_a_fixed_point_normalised_to_one(cascade):
    ss = cascade.steady_state(1.0)
    assert ss["active"] == pytest.approx(1.0)
    assert ss["tnf"] == pytest.approx(1.0) and ss["il6"] == pytest.approx(1.0) and ss["index"] == pytest.approx(1.0)
    assert np.allclose(cascade.derivatives(_vector(ss), 1.0), 0.0, atol=1e-10)
    r = cascade.run(WEEKS3, 1.0)
    for name in ("plasma", "active", "tnf", "il6", "index", "portal", "neutralised"):
        assert np.allclose(getattr(r, name), 1.0, atol=1e-5), name


@pytest.mark.parametrize("m", [0.6, 3.0, 25.0])
def test_constant_barrier_reaches_the_exact_steady_state(cascade, m):
    r = cascade.run(WEEKS3, m)
    ss = cascade.steady_state(m)
    assert np.allclose(cascade.derivatives(_vector(ss), m), 0.0, atol=1e-8)
    final = {"active": r.active[-1], "tlr4": r.tlr4[-1], "tnf": r.tnf[-1], "il6": r.il6[-1], "index": r.index[-1]}
    for name, value in final.items():
        assert value == pytest.approx(ss[name], rel=2e-3), name
    # Blood LPS settles to m times healthy: the LPS part is linear.
    assert r.plasma[-1] == pytest.approx(m, rel=1e-3)
    # ... and approaches it from one side without overshoot.
    d = np.diff(r.plasma) * np.sign(m - 1)
    assert np.all(d >= -1e-6 * m), "overshoot or wobble beyond solver tolerance"


def test_no_entry_means_body_lps_only_decays_and_mass_balances(cascade):
    start = cascade.steady_state(10.0)
    t = np.linspace(0, 72, 4001)
    r = cascade.run(t, 0.0, start=start)
    amount = (r.portal * cascade.healthy_portal + r.active + r.neutralised * cascade.healthy_neutralised)
    assert np.all(np.diff(amount) <= 1e-9), "with no entry, LPS in the body can only fall"
    assert amount[-1] < 1e-3 * amount[0]
    # Mass balance with entry: change in body LPS = entry - liver clearance.
    t = np.linspace(0, 72, 7201)
    r2 = cascade.run(t, [(0.0, 4.0), (12.0, 1.0)])
    y = np.vstack([r2.portal * cascade.healthy_portal, r2.active, r2.neutralised * cascade.healthy_neutralised,
                   r2.tlr4, r2.tnf, r2.il6, r2.index])
    body = y[0] + y[1] + y[2]
    entered = cascade.entry * (4.0 * 12.0 + 1.0 * 60.0)  # exact: the entry is a step
    out = np.array([cascade.clearance(y[:, i]) for i in range(t.size)])
    cleared = float(np.sum((out[1:] + out[:-1]) / 2 * np.diff(t)))  # clearance is smooth: trapezoid rule
    assert body[-1] - body[0] == pytest.approx(entered - cleared, rel=1e-3, abs=1e-3 * entered)


def test_state_stays_non_negative_and_the_boundary_points_inwards(cascade):
    rng = np.random.default_rng(4)
    for _ in range(5):
        starts = np.sort(rng.uniform(0, 300, 4))
        levels = rng.choice([0.0, 0.5, 1.0, 40.0, 500.0], 4)
        r = cascade.run(WEEKS3, list(zip(starts, levels)))
        for name in ("portal", "active", "neutralised", "tlr4", "tnf", "il6", "index", "plasma"):
            assert np.all(getattr(r, name) >= 0), name
        assert np.all(r.tlr4 <= 1.0)
    # Positivity is structural: on each face y_i = 0 (others >= 0) the flow does not point out.
    for _ in range(200):
        y = rng.uniform(0, 20, len(STATE_NAMES))
        y[3] = rng.uniform(0, 1)
        i = rng.integers(len(STATE_NAMES))
        y[i] = 0.0
        assert cascade.derivatives(y, float(rng.uniform(0, 50)))[i] >= 0, STATE_NAMES[i]


def test_transient_opening_rises_then_falls_back(cascade):
    open_h = 6.0
    r = cascade.run(WEEKS3, [(24.0, 8.0), (24.0 + open_h, 1.0)])
    for name in ("plasma", "tlr4", "tnf", "il6", "index"):
        hour, peak = r.peak(name)
        base = getattr(r, name)[0]
        assert peak > base * 1.05, f"{name} did not rise"
        assert 24.0 < hour < 24.0 + open_h + 72, f"{name} peaked at {hour} h"
        assert getattr(r, name)[-1] == pytest.approx(base, rel=0.01), f"{name} did not come back"
    # The fast variables peak before the slow index.
    assert r.peak("tnf")[0] < r.peak("index")[0]
    # A longer opening of the same size drives the slow index higher.
    longer = cascade.run(WEEKS3, [(24.0, 8.0), (24.0 + 72, 1.0)])
    assert longer.peak("index")[1] > r.peak("index")[1]


def test_iv_calibration_point_reproduces_the_published_rises(cascade, catalogue):
    """Active LPS held at the IV-equivalent level gives the rises after 0.8 ng/kg IV LPS:
    TNF-alpha about 5x, IL-6 about 10x (UCLA trial, Moieni et al. 2015, PMID 25598426), within 1 %.
    Old model: that level (100x healthy) gave IL-6 8.4x, because the rise was put at a full signal."""
    a_iv = catalogue.fact("cascade_iv_equivalent_active").value
    ss = cascade.steady_state(a_iv)
    assert ss["tnf"] == pytest.approx(catalogue.fact("endotoxemia_tnf_fold").value, rel=0.01)
    assert ss["il6"] == pytest.approx(catalogue.fact("endotoxemia_il6_fold").value, rel=0.01)
    assert ss["tlr4"] < 0.1, "the calibration point must sit low on the dose-response, not at its top"


def test_the_low_dose_response_is_not_a_ceiling(cascade, catalogue):
    """IV LPS at 2 ng/kg (2.5x the 0.8 ng/kg dose) gives IL-6 of about 1,000 pg/mL (Copeland et al. 2005,
    doi 10.1128/CDLI.12.1.60-67.2005), far above a tenfold rise from a baseline of a few pg/mL: the human
    dose-response is far from saturated at 0.8 ng/kg. The model must let a larger load give a larger
    response: 2.5x the calibration level at least doubles the IL-6 rise (a hyperbola can give at most
    2.5x, so the model understates the steepness, as docs/model.md says), and a full TLR4 signal lies far
    above the 0.8 ng/kg rise. Old model: the 0.8 ng/kg rise was the full signal (IL-6 at most 10.0x;
    2.5x the load raised the rise by 1.0x)."""
    a_iv = catalogue.fact("cascade_iv_equivalent_active").value
    fold = catalogue.fact("endotoxemia_il6_fold").value
    rise = cascade.steady_state(2.5 * a_iv)["il6"] - 1.0
    assert rise >= 2.0 * (fold - 1.0)
    top = cascade.full_signal()
    assert top["il6"] > 5 * fold and top["tnf"] > 5 * catalogue.fact("endotoxemia_tnf_fold").value
    assert cascade.steady_state(1e4)["il6"] > 5 * fold
    assert catalogue.fact("endotoxemia_il6_2ngkg").value >= 500  # pg/mL: the published point behind this test


def test_a_tiny_leak_gives_an_answer_the_data_do_not_pin_down(cascade, catalogue):
    """0.1 % eroded surface, held: no study in people measures what it does to IL-6. Old model: IL-6 2.62x
    (with no range). New: 1.44x at the model's assumptions (illustrative), and across the ranges of the
    unmeasured numbers from about 1.0x to more than the 0.8 ng/kg rise, so the page must give the range."""
    m = cascade.translocation(damaged_fraction=0.001)
    il6 = cascade.steady_state(m)["il6"]
    assert il6 == pytest.approx(1.44, abs=0.03)
    ranges = {rid: catalogue.fact(rid).range for rid in UNCERTAIN_IDS}
    low, high = cascade.steady_range(ranges, damaged_fraction=0.001)["il6"]
    assert low < 1.05 < il6 < high
    assert high > 3.0
    # Far from saturation, the rise is close to (fold - 1)(m - 1)/(A_iv - 1): set by the assumed A_iv.
    c = cascade.constants
    approx = (c.endotoxemia_il6_fold - 1) * (m - 1) / (c.cascade_iv_equivalent_active - 1)
    assert il6 - 1 == pytest.approx(approx, rel=0.1)
    # A healthy barrier gives exactly healthy levels whatever the assumptions.
    for key, (lo, hi) in cascade.steady_range(ranges).items():
        assert lo == pytest.approx(1.0) and hi == pytest.approx(1.0), key
    with pytest.raises(ValueError, match="steady_range varies only"):
        cascade.steady_range({"cascade_active_halflife_h": (0.1, 1.0)})


def test_barrier_state_sets_lps_entry(cascade):
    assert cascade.translocation() == pytest.approx(1.0)
    leak = [cascade.translocation(leak_level=x) for x in (1, 2, 5, 20)]
    damage = [cascade.translocation(damaged_fraction=x) for x in (0, 0.0005, 0.001, 0.005)]
    assert leak == sorted(leak) and leak[-1] > 5 * leak[0]
    assert damage == sorted(damage) and damage[-1] > 5 * damage[0]
    # LPS is too big for the claudin-2 pores: they change nothing.
    assert cascade.translocation(pore_level=10) == pytest.approx(1.0)
    # Entry that bypasses the junctions remains when they are sealed.
    sealed = cascade.translocation(leak_level=0)
    assert sealed == pytest.approx(CascadeConstants().cascade_basal_entry_share)
    # The same number from a model instance.
    assert cascade.translocation(BarrierModel(leak_level=5)) == pytest.approx(cascade.translocation(leak_level=5))


def test_cascade_response_follows_barrier_steps(cascade):
    steps = [(10.0, {"leak_level": 5.0}), (40.0, {})]
    r = cascade_response(WEEKS3, steps, cascade)
    expected = cascade.run(WEEKS3, [(10.0, cascade.translocation(leak_level=5.0)), (40.0, 1.0)])
    assert np.allclose(r.plasma, expected.plasma) and np.allclose(r.index, expected.index)
    assert r.multiplier[0] == 1.0 and r.multiplier[np.searchsorted(WEEKS3, 20.0)] > 2


def test_a_function_of_time_works_like_steps(cascade):
    t = np.linspace(0, 48, 97)
    smooth = cascade.run(t, lambda h: 3.0 if h >= 12 else 1.0)
    steps = cascade.run(t, [(12.0, 3.0)])
    assert np.allclose(smooth.plasma, steps.plasma, rtol=1e-3)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.run([0, 1], -1.0), "multiplier must be from 0"),
        (lambda c: c.run([0, 1], float("nan")), "multiplier must be from 0"),
        (lambda c: c.run([3, 1], 1.0), "hours must be increasing"),
        (lambda c: c.run([], 1.0), "hours is empty"),
        (lambda c: c.run([0, 1], [(5, 1.0), (2, 2.0)]), "schedule steps"),
        (lambda c: c.run([0, 1], "fast"), "schedule must be"),
        (lambda c: c.translocation(leak_level=1e6), "leak_level must be from 0 to 100000"),
        (lambda c: c.steady_state(True), "multiplier must be a number"),
    ],
)
def test_bad_inputs_are_named(cascade, call, message):
    with pytest.raises(ValueError, match=message):
        call(cascade)


def test_bad_constants_are_refused():
    with pytest.raises(ValueError, match="cascade_hepatic_extraction is a share"):
        CascadeConstants(cascade_hepatic_extraction=1.2)
    with pytest.raises(ValueError, match="cascade_iv_equivalent_active .* is too low"):
        CascadeConstants(cascade_iv_equivalent_active=5.0)
    with pytest.raises(ValueError, match="cascade_iv_equivalent_active must be above 1"):
        CascadeConstants(cascade_iv_equivalent_active=0.5)
    with pytest.raises(ValueError, match="missing values"):
        CascadeConstants.from_values({"cascade_lps_radius": 20})


def test_cascade_imports_no_widget_library():
    code = (
        "import sys, json, gutwidgets.models.cascade, gutwidgets.models.confounding;"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('ipywidgets','plotly','anywidget','traitlets','IPython'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
