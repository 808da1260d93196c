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

Everything is a linear system solved exactly with a matrix exponential. This module imports
numpy only: no widget library.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from ._solve import expm, find_root
from ._validate import LeverSpec, check_number
from .barrier import BarrierConstants, BarrierModel

__all__ = ["SCENARIOS", "SUGARS", "SUGAR_TEST_LEVERS", "SugarTestConstants", "SugarTestModel", "SugarTestResult"]

#: Sugars the test can use: data/ probe id -> whether colonic bacteria break it down.
SUGARS: dict[str, bool] = {"lactulose": True, "mannitol": True, "sucralose": False}

#: The test's levers: the model's range and the chapter 6 dashboard's control.
SUGAR_TEST_LEVERS: dict[str, LeverSpec] = {
    "window": LeverSpec(1.0, 24.0, 1.0, "h", "hours of urine collection"),
}

#: Published scenarios: the data/ records each reproduces, relative to its own study's controls.
#: ratio: the ratio record; controls: the controls' ratio record (or value); lactulose and
#: lactulose_controls: the lactulose recovery records (coeliac), which together with the ratio
#: fix both the leak route and the absorptive surface. Folds are published value over published
#: controls, applied to the model's healthy person.
SCENARIOS: dict[str, dict[str, object]] = {
    "healthy": {"label": "Healthy adult"},
    "coeliac": {"label": "Untreated coeliac disease", "ratio": "coeliac_lm_ratio",
                "controls": "healthy_lm_ratio", "lactulose": "coeliac_lactulose_recovery",
                "lactulose_controls": "healthy_lactulose_recovery"},
    "crohn_quiescent": {"label": "Crohn's disease, quiescent", "ratio": "crohn_quiescent_lm_ratio",
                        "controls": 0.018},
    "nsaid": {"label": "NSAID (indomethacin) for 5 days", "damage": "nsaid_damaged_fraction"},
    "alcohol_liver": {"label": "Alcohol-related liver disease", "ratio": "alcohol_liver_lm_ratio",
                      "controls": 0.019},
}


@dataclass(frozen=True)
class SugarTestConstants:
    """Published numbers the simulator uses; field names are ``data/`` record ids."""

    healthy_lactulose_recovery: float = 0.31  # % of dose in 0-5 h urine (adults)
    iv_lactulose_recovery_5h: float = 0.75  # fraction of an IV dose in urine by 5 h
    colon_arrival_2h: float = 49.6  # % of a liquid dose in the colon by 2 h
    sucralose_24h_recovery: float = 1.41  # % of dose in 0-24 h urine
    lactulose_24h_recovery: float = 0.52  # % of dose in 0-24 h urine, with a colon
    lactulose_24h_ileostomy: float = 0.25  # % of dose in 0-24 h urine, without a colon
    mannitol_24h_recovery: float = 30.0  # % of dose in 0-24 h urine
    urine_window: float = 5.0  # h
    lm_dose_lactulose: float = 5.0  # g
    lm_dose_mannitol: float = 2.0  # g
    healthy_lr_ratio_iqr_low: float = 0.022
    healthy_lr_ratio_iqr_high: float = 0.034
    sucralose: float = 4.75  # Å
    lactulose: float = 4.8  # Å
    mannitol: float = 3.6  # Å

    FACT_IDS: ClassVar[tuple[str, ...]] = (
        "healthy_lactulose_recovery", "iv_lactulose_recovery_5h", "colon_arrival_2h",
        "sucralose_24h_recovery", "lactulose_24h_recovery", "lactulose_24h_ileostomy",
        "mannitol_24h_recovery", "urine_window", "lm_dose_lactulose", "lm_dose_mannitol",
        "sucralose", "lactulose", "mannitol",
    )

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if not (isinstance(v, (int, float)) and math.isfinite(v) and v > 0):
                raise ValueError(f"constant {f.name} must be a finite number > 0; got {v!r}")
        if self.lactulose_24h_ileostomy >= self.lactulose_24h_recovery:
            raise ValueError("lactulose_24h_ileostomy must be below lactulose_24h_recovery (the colon adds)")

    @classmethod
    def from_values(cls, values: Mapping[str, float], iqr: tuple[float, float] | None = None) -> SugarTestConstants:
        """Build from record id -> value (and the healthy ratio's IQR, if given)."""
        missing = [k for k in cls.FACT_IDS if k not in values]
        if missing:
            raise ValueError(f"missing values for: {', '.join(missing)}")
        extra = {} if iqr is None else {"healthy_lr_ratio_iqr_low": iqr[0], "healthy_lr_ratio_iqr_high": iqr[1]}
        return cls(**{k: float(values[k]) for k in cls.FACT_IDS}, **extra)

    @property
    def transit_rate(self) -> float:
        """Small intestine -> colon, per hour."""
        return -math.log(1 - self.colon_arrival_2h / 100) / 2.0

    @property
    def renal_rate(self) -> float:
        """Blood -> urine, per hour."""
        return -math.log(1 - self.iv_lactulose_recovery_5h) / 5.0

    @property
    def ratio_spread(self) -> float:
        """Person-to-person spread of the ratio: sd of its logarithm, from the published IQR."""
        return math.log(self.healthy_lr_ratio_iqr_high / self.healthy_lr_ratio_iqr_low) / 1.349


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
        self._surface = check_number("surface", value, 0.05, 1.5, "absorptive surface relative to healthy")

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
        radius = getattr(self.constants, sugar)
        p = float(self.barrier.permeability(radius))
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
        for sugar in SUGARS:
            k_abs, k_col, k_deg = self.rates(sugar)
            if not colon:
                k_col, k_deg = 0.0, 0.0
            curves[sugar] = _recovery_curve(k_abs, k_col, c.transit_rate, c.renal_rate, grid, k_deg)
            rec[sugar] = float(curves[sugar][np.searchsorted(grid, self.window)])
        ratio = rec["lactulose"] / rec["mannitol"] if rec["mannitol"] > 0 else math.inf
        return SugarTestResult(hours=grid, cumulative=curves, window=self.window, recovery=rec, lm_ratio=ratio)

    def population(self, n: int = 200, seed: int = 1) -> NDArray[np.float64]:
        """Ratios of ``n`` simulated people around this state (log-normal, published spread)."""
        if not (isinstance(n, int) and 1 <= n <= 100_000):
            raise ValueError(f"n must be a whole number from 1 to 100000; got {n!r}")
        rng = np.random.default_rng(seed)
        return self.run([self.window]).lm_ratio * np.exp(self.constants.ratio_spread * rng.standard_normal(n))

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
