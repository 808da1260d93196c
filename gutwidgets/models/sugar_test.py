"""The lactulose/mannitol urine test, simulated from the three-route barrier model.

A person drinks two sugars that the body neither digests nor actively absorbs. Each sugar:

1. sits in the small intestine, leaving it for the colon at a first-order rate set by the
   published fraction of a liquid dose that reaches the colon by 2 h;
2. is absorbed through the lining at a rate proportional to its permeability (from
   :class:`~gutwidgets.models.barrier.BarrierModel`) times the absorptive surface (villous
   atrophy lowers it);
3. is excreted into urine at a first-order rate set by the published urinary recovery of an
   intravenous dose by 5 h.

In the colon every sugar goes on being absorbed, at a rate proportional to its permeability
(one colonic scale), while colonic bacteria break lactulose and mannitol down at a first-order
rate of their own; sucralose is not broken down, so a 24-h collection of sucralose reports the
whole gut.

Four numbers are fitted to a healthy person, together (each depends on the others):

- the small-intestinal absorption scale, so that 5-h lactulose is the published 0.31 % of
  Johnston et al. 2000 (the controls of the coeliac scenario's study);
- the colonic absorption scale, so that 24-h sucralose is its published recovery;
- mannitol's colonic breakdown rate, so that 24-h mannitol is its published recovery (stool
  bacteria break mannitol down: Laker et al. 1982);
- lactulose's colonic breakdown rate, so that the colon adds to 24-h lactulose what people with
  a colon recovered above people without one (Anderson et al. 2004: 0.52 % against 0.25 %).

The 5-h mannitol recovery and the 5-h lactulose/mannitol ratio are not fitted: they come out of
the barrier model's permeability ratio and these kinetics, and miss their published values
(docs/model.md, chapter 6, says by how much and why).

Everything is a linear system solved exactly with a matrix exponential. The crowd of simulated
people (:meth:`SugarTestModel.population`) is drawn with the small seeded generator the page shares
(:mod:`gutwidgets.models._random`: mulberry32 integers, Box-Muller normals), so the page draws the
same people for the same seed.

The page runs a twin of this model (``views/_esm/models/sugar_test.js``: the same calibration, the
same Pade matrix exponential and root finder, the same scenarios and sentence), fed the constants of
:mod:`.sugar_test_constants`; ``tests/test_crosscheck_sugar_test.py`` holds the two equal. This module
imports numpy only: no widget library.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from ._random import standard_normals
from ._solve import expm, find_root
from ._validate import check_number
from .barrier import BarrierConstants, BarrierModel
from .sugar_test_constants import SCENARIOS, SUGAR_TEST_LEVERS, SUGARS, SURFACE_RANGE, SugarTestConstants

__all__ = ["SCENARIOS", "SUGARS", "SUGAR_TEST_LEVERS", "SugarTestConstants", "SugarTestModel", "SugarTestResult",
           "dashboard_sentence"]


@dataclass(frozen=True)
class SugarTestResult:
    """Urinary recovery (% of dose) of each sugar over time, and the headline numbers."""

    hours: NDArray[np.float64]
    cumulative: dict[str, NDArray[np.float64]]  # sugar -> % of dose, at each hour
    window: float
    recovery: dict[str, float]  # sugar -> % of dose in the window
    lm_ratio: float


def _recovery_curve(k_abs: float, k_colon: float, k_t: float, k_r: float,
                    hours: NDArray[np.float64], k_deg: float = 0.0) -> NDArray[np.float64]:
    # States: small intestine, colon, blood, urine (fractions of the dose). The colon loses
    # sugar to the blood (k_colon) and to bacteria (k_deg).
    loss = k_colon + k_deg
    a = np.array([
        [-(k_t + k_abs), 0.0, 0.0, 0.0],
        [k_t, -loss if loss > 0 else -1e-9, 0.0, 0.0],
        [k_abs, k_colon, -k_r, 0.0],
        [0.0, 0.0, k_r, 0.0],
    ])
    # Step from one time to the next with exp(A dt); equal steps reuse one matrix exponential.
    order = np.argsort(hours, kind="stable")
    x = np.array([1.0, 0.0, 0.0, 0.0])
    out = np.empty(len(hours))
    cache: dict[float, np.ndarray] = {}
    now = 0.0
    for i in order:
        dt = round(float(hours[i]) - now, 12)
        if dt > 0:
            if dt not in cache:
                cache[dt] = expm(a * dt)
            x = cache[dt] @ x
            now = float(hours[i])
        out[i] = x[3]
    return out * 100.0


def _at(k_abs: float, k_colon: float, k_deg: float, c: SugarTestConstants, hour: float) -> float:
    return float(_recovery_curve(k_abs, k_colon, c.transit_rate, c.renal_rate, np.array([hour]), k_deg)[0])


def _fit(gap: Callable[[float], float], low: float, high: float) -> float:
    """The root of an increasing-or-decreasing gap in [low, high]; ``low`` if it has none there."""
    g0 = gap(low)
    return low if g0 == 0 or (g0 > 0) == (gap(high) > 0) else find_root(gap, low, high)


Calibration = tuple[float, float, tuple[float, float]]


def _calibration_step(x: tuple[float, float, float, float], c: SugarTestConstants,
                      perm: tuple[float, float, float], colonic_lactulose: float) -> tuple[float, float, float, float]:
    # One round of the four fits, each holding the others at their latest values.
    _, col, d_l, _ = x
    pl, pm, ps = perm
    a = _fit(lambda v: _at(v * pl, col * pl, d_l, c, c.urine_window) - c.healthy_lactulose_recovery, 1e-6, 1e3)
    col = _fit(lambda v: _at(a * ps, v * ps, 0.0, c, 24.0) - c.sucralose_24h_recovery, 0.0, 1e3)
    d_m = _fit(lambda v: _at(a * pm, col * pm, v, c, 24.0) - c.mannitol_24h_recovery, 0.0, 1e3)
    small_only = _at(a * pl, 0.0, 0.0, c, 24.0)
    d_l = _fit(lambda v: _at(a * pl, col * pl, v, c, 24.0) - small_only - colonic_lactulose, 0.0, 1e3)
    return a, col, d_l, d_m


@lru_cache(maxsize=32)
def _calibration(c: SugarTestConstants, barrier: BarrierConstants, method: str) -> Calibration:
    """(small-intestinal scale, colonic scale, (lactulose, mannitol) breakdown rates), healthy.

    The four fits depend on one another (mannitol and lactulose also cross in the colon), so they
    are repeated in turn until none moves by more than 1e-9 of itself.
    """
    healthy = BarrierModel(constants=barrier, method=method)
    pl, pm, ps = (float(healthy.permeability(getattr(c, s))) for s in ("lactulose", "mannitol", "sucralose"))
    colonic_lactulose = c.lactulose_24h_recovery - c.lactulose_24h_ileostomy
    x = (1.0, 0.0, 0.0, 0.0)  # small-intestinal scale, colonic scale, lactulose and mannitol breakdown
    for _ in range(200):
        new = _calibration_step(x, c, (pl, pm, ps), colonic_lactulose)
        done = all(abs(u - v) <= 1e-9 * max(abs(v), 1e-12) for u, v in zip(new, x))
        x = new
        if done:
            return x[0], x[1], (x[2], x[3])
    raise ValueError("the sugar-test calibration did not converge")  # pragma: no cover


class SugarTestModel:
    """Simulate the sugar test for a barrier state.

    Parameters
    ----------
    barrier
        The three-route model (its levers set the lining's state).
    surface
        Absorptive surface relative to healthy (0.05-1.5); villous atrophy lowers it.
    window
        Urine collection window, hours (1-24).
    """

    def __init__(self, barrier: BarrierModel | None = None, *, constants: SugarTestConstants | None = None,
                 surface: float = 1.0, window: float | None = None) -> None:
        self.constants = constants or SugarTestConstants()
        self.barrier = barrier or BarrierModel()
        self.surface = surface
        self.window = self.constants.urine_window if window is None else window
        self._calibrate()

    @property
    def surface(self) -> float:
        """Absorptive surface relative to healthy."""
        return self._surface

    @surface.setter
    def surface(self, value: float) -> None:
        self._surface = check_number("surface", value, *SURFACE_RANGE)

    @property
    def window(self) -> float:
        """Urine collection window, h."""
        return self._window

    @window.setter
    def window(self, value: float) -> None:
        self._window = SUGAR_TEST_LEVERS["window"].check("window", value)

    def _calibrate(self) -> None:
        self._abs_scale, self._colon_scale, deg = _calibration(self.constants, self.barrier.constants,
                                                               self.barrier.method)
        self._degradation = {"lactulose": deg[0], "mannitol": deg[1], "sucralose": 0.0}

    @property
    def degradation(self) -> dict[str, float]:
        """Fitted colonic breakdown rate of each sugar, per hour (0 for sucralose)."""
        return dict(self._degradation)

    def rates(self, sugar: str) -> tuple[float, float, float]:
        """(small-intestinal absorption, colonic absorption, colonic breakdown) rates per hour."""
        if sugar not in SUGARS:
            raise ValueError(f"sugar must be one of {', '.join(SUGARS)}; got {sugar!r}")
        return self._rates(sugar, float(self.barrier.permeability(getattr(self.constants, sugar))))

    def _rates(self, sugar: str, p: float) -> tuple[float, float, float]:
        return self._abs_scale * p * self.surface, self._colon_scale * p, self._degradation[sugar]

    def run(self, hours: Sequence[float] | None = None, *, colon: bool = True) -> SugarTestResult:
        """Cumulative urinary recovery (% of dose) of each sugar, and the window's numbers.

        ``colon=False`` simulates a person without a colon (an ileostomy): what leaves the
        small intestine is lost.
        """
        c = self.constants
        grid = np.linspace(0, 24, 49) if hours is None else np.asarray(hours, dtype=float)
        if grid.size == 0 or np.any(~np.isfinite(grid)) or np.any(grid < 0) or np.any(grid > 48):
            raise ValueError("hours must be finite numbers from 0 to 48")
        grid = np.unique(np.append(grid, self.window))
        curves, rec = {}, {}
        perm = np.asarray(self.barrier.permeability([getattr(c, sugar) for sugar in SUGARS]), dtype=float).tolist()
        for sugar, p in zip(SUGARS, perm):
            k_abs, k_col, k_deg = self._rates(sugar, p)
            if not colon:
                k_col, k_deg = 0.0, 0.0
            curves[sugar] = _recovery_curve(k_abs, k_col, c.transit_rate, c.renal_rate, grid, k_deg)
            rec[sugar] = float(curves[sugar][np.searchsorted(grid, self.window)])
        ratio = rec["lactulose"] / rec["mannitol"] if rec["mannitol"] > 0 else math.inf
        return SugarTestResult(hours=grid, cumulative=curves, window=self.window, recovery=rec, lm_ratio=ratio)

    def population(self, n: int = 200, seed: int = 1) -> NDArray[np.float64]:
        """Ratios of ``n`` simulated people around this state (log-normal, published spread).

        The draws come from the generator the page shares (:func:`gutwidgets.models._random.standard_normals`,
        seed a whole number from 0 to 2**32 - 1): the page draws the same people.
        """
        if isinstance(n, bool) or not (isinstance(n, int) and 1 <= n <= 100_000):
            raise ValueError(f"n must be a whole number from 1 to 100000; got {n!r}")
        normals = np.array(standard_normals(n, seed))
        return self.run([self.window]).lm_ratio * np.exp(self.constants.ratio_spread * normals)

    # -- published scenarios ----------------------------------------------------------------
    @staticmethod
    def scenario_levers(name: str, records: Mapping[str, float], healthy: SugarTestModel) -> dict[str, float]:
        """Lever settings that reproduce a published scenario (calibrated here, from records).

        Each fold is the published value over its own study's published controls, applied to
        the model's healthy person. Coeliac disease is fitted on two numbers at once: the
        lactulose recovery fixes the leak route and the ratio then fixes the absorptive surface
        (assumed: villous atrophy scales small-intestinal absorption of every sugar alike and
        leaves the colon as it is, so the whole fall in mannitol comes from lost surface).

        Returns ``pore_level``, ``leak_level``, ``damaged_fraction`` and ``surface``.
        """
        if name not in SCENARIOS:
            raise ValueError(f"scenario must be one of {', '.join(SCENARIOS)}; got {name!r}")
        spec = SCENARIOS[name]
        out = {"pore_level": 1.0, "leak_level": 1.0, "damaged_fraction": 0.0, "surface": 1.0}
        if "damage" in spec:
            out["damaged_fraction"] = float(records[str(spec["damage"])])
            return out
        if "ratio" not in spec:
            return out
        controls = spec["controls"]
        control_ratio = float(records[controls]) if isinstance(controls, str) else float(controls)  # type: ignore[arg-type]
        base = healthy.run([healthy.window])
        target_ratio = base.lm_ratio * float(records[str(spec["ratio"])]) / control_ratio
        probe = SugarTestModel(BarrierModel(constants=healthy.barrier.constants, method=healthy.barrier.method),
                               constants=healthy.constants, window=healthy.window)

        def solve_leak(gap: Callable[[float], float]) -> float:
            low, high = 0.01, 100.0
            return find_root(gap, low, high) if gap(high) > 0 > gap(low) else (high if gap(high) <= 0 else low)

        def ratio_gap(value: float) -> float:
            probe.barrier.leak_level = value
            return probe.run([probe.window]).lm_ratio - target_ratio

        if "lactulose" not in spec:
            out["leak_level"] = solve_leak(ratio_gap)
            return out
        lac_fold = float(records[str(spec["lactulose"])]) / float(records[str(spec["lactulose_controls"])])
        target_lactulose = base.recovery["lactulose"] * lac_fold

        def lactulose_gap(value: float) -> float:
            probe.barrier.leak_level = value
            return probe.run([probe.window]).recovery["lactulose"] - target_lactulose

        def surface_gap(surface: float) -> float:
            probe.surface = surface
            return ratio_gap(solve_leak(lactulose_gap))

        low, high = 0.05, 1.0
        surface = find_root(surface_gap, low, high) if surface_gap(low) > 0 > surface_gap(high) else \
            (high if surface_gap(high) >= 0 else low)
        probe.surface = surface
        out["leak_level"] = solve_leak(lactulose_gap)
        out["surface"] = surface
        return out


def dashboard_sentence(scenario: str, result: SugarTestResult, healthy: SugarTestResult, above: Mapping[str, float],
                       constants: SugarTestConstants, records: Mapping[str, float]) -> str:
    """Chapter 6's live sentence: the scenario's recoveries and ratio in the window (``result``, against
    ``healthy`` in the same window), the share of the simulated crowd above each lab's cut-off
    (``above``: lab -> share), and what was fitted or missed at the published windows. ``records``:
    the scenarios' published values (``sugar_test_constants.SCENARIO_RECORDS``)."""
    spec = SCENARIOS[scenario]
    r = result.recovery
    fold = result.lm_ratio / healthy.lm_ratio
    lines = [
        f"{spec['label']}, urine collected for {result.window:g} h: mannitol {r['mannitol']:.3g} % and lactulose "
        f"{r['lactulose']:.3g} % of the dose; ratio {result.lm_ratio:.3g}"
        + ("." if scenario == "healthy" else f", {fold:.2g} times the healthy value."),
        "Of the simulated people in this state, "
        + ", ".join(f"{share:.0%} are above {lab}'s cut-off" for lab, share in above.items()) + ".",
    ]
    c = constants
    if scenario == "healthy" and result.window == c.urine_window:
        lines.append(f"Fitted: 5-h lactulose, published {c.healthy_lactulose_recovery:g} %. Not fitted: "
                     f"the ratio comes out {result.lm_ratio:.2g} against the published "
                     f"{records['healthy_lm_ratio']:g}, because mannitol's uptake saturates in this model.")
    if scenario == "healthy" and result.window == 24:
        lines.append(f"Published 24-h recoveries: mannitol {c.mannitol_24h_recovery:g} % (fitted), "
                     f"lactulose {c.lactulose_24h_recovery:g} %: the model's lactulose is higher, "
                     "because its small intestine keeps passing lactulose after 5 h (not because of the "
                     "kidney: measured 24-h values include late excretion too).")
    if scenario == "coeliac" and result.window == c.urine_window:
        lines.append(f"Fitted: lactulose {records['coeliac_lactulose_recovery']:g} % and the ratio's rise "
                     f"({records['coeliac_lm_ratio']:g} against {records['healthy_lm_ratio']:g} in the "
                     "same study); assumed: mannitol falls only because villous atrophy shrinks the surface.")
    if scenario == "alcohol_liver":
        published = records[str(spec["ratio"])] / float(spec["controls"])  # type: ignore[arg-type]
        if fold < 0.9 * published:
            lines.append(f"The published ratio is {published:.2g} times its controls'; this simple model "
                         f"cannot reach that with plausible settings (it stops at {fold:.2g} times).")
    return " ".join(lines)
