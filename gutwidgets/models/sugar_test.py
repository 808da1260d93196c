"""The lactulose/mannitol urine test, simulated from the three-route barrier model.

A person drinks two sugars that the body neither digests nor actively absorbs. Each sugar:

1. sits in the small intestine, leaving it for the colon at a first-order rate set by the
   published fraction of a liquid dose that reaches the colon by 2 h;
2. is absorbed through the lining at a rate proportional to its permeability (from
   :class:`~gutwidgets.models.barrier.BarrierModel`) times the absorptive surface (villous
   atrophy lowers it);
3. is excreted into urine at a first-order rate set by the published urinary recovery of an
   intravenous dose by 5 h.

In the colon, bacteria break lactulose down (no further absorption); sucralose and mannitol
are not broken down (data/ source), so they keep being absorbed there, and sucralose in a 24-h
collection reports the whole gut.
The absorption scale is calibrated so that a healthy lining returns the published 5-h mannitol
recovery; the colonic scale so that sucralose returns its published 24-h recovery.

Everything is a linear system solved exactly with a matrix exponential. This module imports
numpy only: no widget library.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from ._solve import expm, find_root
from ._validate import LeverSpec, check_number
from .barrier import BarrierModel

__all__ = ["SCENARIOS", "SUGARS", "SUGAR_TEST_LEVERS", "SugarTestConstants", "SugarTestModel", "SugarTestResult"]

#: Sugars the test can use: data/ probe id -> whether colonic bacteria break it down.
SUGARS: dict[str, bool] = {"lactulose": True, "mannitol": False, "sucralose": False}

#: The test's levers: the model's range and the chapter 6 dashboard's control.
SUGAR_TEST_LEVERS: dict[str, LeverSpec] = {
    "window": LeverSpec(1.0, 24.0, 1.0, "h", "hours of urine collection"),
}

#: Published scenarios: the data/ records each reproduces, relative to its own study's controls.
#: fold_ratio: the ratio record and the controls' ratio record (or healthy_lm_ratio);
#: lactulose: optional lactulose recovery record (coeliac), which also fixes the surface.
SCENARIOS: dict[str, dict[str, object]] = {
    "healthy": {"label": "Healthy adult"},
    "coeliac": {"label": "Untreated coeliac disease", "ratio": "coeliac_lm_ratio",
                "controls": "healthy_lm_ratio", "lactulose": "coeliac_lactulose_recovery"},
    "crohn_quiescent": {"label": "Crohn's disease, quiescent", "ratio": "crohn_quiescent_lm_ratio",
                        "controls": 0.018},
    "nsaid": {"label": "NSAID (indomethacin) for 5 days", "damage": "nsaid_damaged_fraction"},
    "alcohol_liver": {"label": "Alcohol-related liver disease", "ratio": "alcohol_liver_lm_ratio",
                      "controls": 0.019},
}


@dataclass(frozen=True)
class SugarTestConstants:
    """Published numbers the simulator uses; field names are ``data/`` record ids."""

    healthy_mannitol_recovery: float = 18.5  # % of dose in 0-5 h urine
    iv_lactulose_recovery_5h: float = 0.75  # fraction of an IV dose in urine by 5 h
    colon_arrival_2h: float = 49.6  # % of a liquid dose in the colon by 2 h
    sucralose_24h_recovery: float = 1.41  # % of dose in 0-24 h urine
    urine_window: float = 5.0  # h
    lm_dose_lactulose: float = 5.0  # g
    lm_dose_mannitol: float = 2.0  # g
    healthy_lr_ratio_iqr_low: float = 0.022
    healthy_lr_ratio_iqr_high: float = 0.034
    sucralose: float = 4.75  # Å
    lactulose: float = 4.8  # Å
    mannitol: float = 3.6  # Å

    FACT_IDS: ClassVar[tuple[str, ...]] = (
        "healthy_mannitol_recovery", "iv_lactulose_recovery_5h", "colon_arrival_2h",
        "sucralose_24h_recovery", "urine_window", "lm_dose_lactulose", "lm_dose_mannitol",
        "sucralose", "lactulose", "mannitol",
    )

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if not (isinstance(v, (int, float)) and math.isfinite(v) and v > 0):
                raise ValueError(f"constant {f.name} must be a finite number > 0; got {v!r}")

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
                    hours: NDArray[np.float64]) -> NDArray[np.float64]:
    # States: small intestine, colon, blood, urine (fractions of the dose).
    a = np.array([
        [-(k_t + k_abs), 0.0, 0.0, 0.0],
        [k_t, -k_colon if k_colon > 0 else -1e-9, 0.0, 0.0],
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

    def _healthy_permeability(self, radius: float) -> float:
        healthy = BarrierModel(constants=self.barrier.constants, method=self.barrier.method)
        return float(healthy.permeability(radius))

    def _calibrate(self) -> None:
        # Two scales, fitted together: small-intestinal absorption (healthy 5-h mannitol) and
        # colonic absorption (healthy 24-h sucralose). Mannitol also crosses in the colon, so
        # the two depend on each other; a few alternating fits converge.
        c = self.constants
        k_t, k_r = c.transit_rate, c.renal_rate
        p_m = self._healthy_permeability(c.mannitol)
        p_s = self._healthy_permeability(c.sucralose)
        self._abs_scale, self._colon_scale = 1.0, 0.0
        for _ in range(8):
            colon = self._colon_scale

            def mannitol_gap(scale: float, colon: float = colon) -> float:
                curve = _recovery_curve(scale * p_m, colon * p_m, k_t, k_r, np.array([c.urine_window]))
                return float(curve[0]) - c.healthy_mannitol_recovery

            self._abs_scale = find_root(mannitol_gap, 1e-6, 1e3)

            def sucralose_gap(scale: float) -> float:
                curve = _recovery_curve(self._abs_scale * p_s, scale * p_s, k_t, k_r, np.array([24.0]))
                return float(curve[0]) - c.sucralose_24h_recovery

            self._colon_scale = 0.0 if sucralose_gap(0.0) >= 0 else find_root(sucralose_gap, 0.0, 1e3)

    def rates(self, sugar: str) -> tuple[float, float]:
        """(small-intestinal absorption, colonic absorption) rates per hour for a sugar."""
        if sugar not in SUGARS:
            raise ValueError(f"sugar must be one of {', '.join(SUGARS)}; got {sugar!r}")
        radius = getattr(self.constants, sugar)
        p = float(self.barrier.permeability(radius))
        k_abs = self._abs_scale * p * self.surface
        colon = 0.0 if SUGARS[sugar] else self._colon_scale * p
        return k_abs, colon

    def run(self, hours: Sequence[float] | None = None) -> SugarTestResult:
        """Cumulative urinary recovery (% of dose) of each sugar, and the window's numbers."""
        c = self.constants
        grid = np.linspace(0, 24, 49) if hours is None else np.asarray(hours, dtype=float)
        if grid.size == 0 or np.any(~np.isfinite(grid)) or np.any(grid < 0) or np.any(grid > 48):
            raise ValueError("hours must be finite numbers from 0 to 48")
        grid = np.unique(np.append(grid, self.window))
        curves, rec = {}, {}
        for sugar in SUGARS:
            k_abs, k_col = self.rates(sugar)
            curves[sugar] = _recovery_curve(k_abs, k_col, c.transit_rate, c.renal_rate, grid)
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
        fold = float(records[str(spec["ratio"])]) / control_ratio
        base = healthy.run([healthy.window])
        target_ratio = base.lm_ratio * fold
        surface = 1.0
        if "lactulose" in spec:
            # Lactulose rises by the published factor; the rest of the ratio's rise comes from
            # mannitol falling, i.e. a smaller absorptive surface.
            lac_fold = float(records[str(spec["lactulose"])]) / base.recovery["lactulose"]
            surface = max(0.05, min(1.0, lac_fold / fold))
        probe = SugarTestModel(BarrierModel(constants=healthy.barrier.constants), constants=healthy.constants,
                               surface=surface, window=healthy.window)

        lever = str(spec.get("fit", "leak_level"))
        low, high = (0.01, 100.0) if lever == "leak_level" else (0.0, 1.0)

        def gap(value: float) -> float:
            setattr(probe.barrier, lever, value)
            return probe.run([probe.window]).lm_ratio - target_ratio

        out[lever] = find_root(gap, low, high) if gap(high) > 0 > gap(low) else high
        out["surface"] = surface
        return out
