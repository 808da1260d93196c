"""From a leaky barrier to low-grade inflammation: an illustrative cascade (chapter 4).

**An illustrative model, not a physiological one.** The chain is textbook (bacterial
lipopolysaccharide, LPS, crosses the lining; binding proteins carry it to the TLR4 receptor of
immune cells; they release TNF-alpha and IL-6), but most rate constants in it have no published
value: each is a ``data/`` record with basis "assumed", and the page says so.

Seven state variables, all amounts or levels that cannot go negative (time in hours):

- ``portal``: LPS in the portal blood and liver sinusoids. It arrives from the gut at
  ``J0 * m(t)`` and leaves at ``k_P``; the liver removes the fraction ``E`` (first pass), the
  rest reaches the body's blood;
- ``active``: LPS free or carried by LBP/sCD14, able to reach TLR4. It leaves at ``k_A``: the
  share ``s`` by binding to lipoproteins (neutralised), the rest by direct uptake in the liver;
- ``neutralised``: LPS on lipoproteins, cleared by the liver at ``k_N``;
- ``tlr4``: the TLR4 signal of immune cells (0-1), relaxing at ``k_S`` towards
  ``active / (active + K)``;
- ``tnf``, ``il6``: cytokine levels (healthy = 1), relaxing at ``k_T``, ``k_I`` towards
  ``b + g * tlr4``; ``g`` is calibrated so that active LPS held at ``A_iv`` times healthy (an
  assumption: the level taken to act like a 0.8 ng/kg intravenous dose) gives the rises published
  after that dose in volunteers, and ``b`` so that the healthy level is 1. That dose is far from
  the top of the human dose-response (2 ng/kg gives far more IL-6), so it is a calibration point,
  not a ceiling: the half-activation ``K`` lies well above ``A_iv``;
- ``index``: a slow inflammation index (healthy = 1) relaxing at ``k_X`` towards the mean of
  the two cytokines.

Amounts of LPS are in units of the healthy steady-state amount of active LPS, so the model never
needs (or claims) one "normal" plasma LPS concentration: published assays disagree too much.

The barrier enters through the translocation multiplier ``m`` (healthy = 1): a share of LPS
entry is taken to bypass the junctions (transcellular, with fat absorption), the rest scales
with the permeability of an LPS-sized molecule through the leak and unrestricted routes of
:class:`~gutwidgets.models.barrier.BarrierModel`. :func:`cascade_response` runs the cascade for
a barrier that changes over time (steps of barrier levers), so chapter 3's causes can drive it.

The LPS compartments are linear: with no entry, total LPS in the body only decays. The system
has one steady state for a constant barrier (:meth:`CascadeModel.steady_state`).

**How much a small leak raises the cytokines is not known from any study in people**: with the
response far from saturation, a leak's cytokine rise is close to ``(fold - 1) * (m - 1) / (A_iv - 1)``,
so it is set by the assumed ``A_iv`` (and by the assumed share of entry that bypasses the
junctions, which sets ``m``). :meth:`CascadeModel.steady_range` gives the lowest and highest
steady levels over the ranges of those assumptions (:data:`UNCERTAIN_IDS`), so a page can say how
far the answer could move.

The LPS compartments are solved exactly (a linear system with a constant or piecewise-linear
entry); the signal and cytokine part is linear too once active LPS is known, and is solved
exactly for an activation drawn as straight lines between closely spaced times (the spacing
grows geometrically after every change of the barrier, so the fast start is resolved finely).

Its browser twin is ``views/_esm/models/cascade.js`` (on ``models/solve.js``, the twin of
:mod:`._solve`); ``tests/test_crosscheck_systemic.py`` holds the two equal.

This module needs numpy only (imported on first use, ``gutwidgets/_np.py``, so chapter 4's kernel
builds its page without it): no widget library.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, ClassVar

from ._solve import affine_response
from ._validate import LeverSpec, check_number
from .barrier import PARAMETER_RANGES, BarrierModel

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import ArrayLike, NDArray
else:
    from .._np import np

__all__ = [
    "CASCADE_LEVERS",
    "STATE_NAMES",
    "UNCERTAIN_IDS",
    "CascadeConstants",
    "CascadeModel",
    "CascadeResult",
    "cascade_response",
]

#: The state variables, in the solver's order.
STATE_NAMES: tuple[str, ...] = ("portal", "active", "neutralised", "tlr4", "tnf", "il6", "index")

#: The unmeasured numbers that set how strongly a given leak raises the cytokines (record ids):
#: how a gut leak compares with the calibrating intravenous dose, where the TLR4 signal
#: half-saturates, the share of entry that bypasses the junctions, and the size of LPS.
UNCERTAIN_IDS: tuple[str, ...] = (
    "cascade_iv_equivalent_active",
    "cascade_tlr4_half_activation",
    "cascade_basal_entry_share",
    "cascade_lps_radius",
)

#: Largest translocation multiplier accepted (healthy = 1).
MAX_MULTIPLIER = 1.0e4
#: Longest simulation accepted, hours (a year).
MAX_HOURS = 24.0 * 365

#: The chapter 4 dashboard's barrier levers while the barrier is open (inside the barrier
#: model's ranges; the eroded surface is given in percent).
CASCADE_LEVERS: dict[str, LeverSpec] = {
    "leak_level": LeverSpec(1.0, 20.0, 0.5, "× healthy", "leak-route capacity while the barrier is open, × healthy"),
    "eroded_percent": LeverSpec(0.0, 0.5, 0.01, "%", "eroded share of the surface while the barrier is open, %"),
}
CASCADE_LEVERS["leak_level"].within("leak_level", *PARAMETER_RANGES["leak_level"][:2])
CASCADE_LEVERS["eroded_percent"].within("eroded_percent", *(100 * x for x in PARAMETER_RANGES["damaged_fraction"][:2]))


@dataclass(frozen=True)
class CascadeConstants:
    """Every number the cascade uses; field names are ``data/`` record ids (see FACT_IDS)."""

    cascade_lps_radius: float = 20.0  # Å, LPS molecule as it crosses (assumed)
    cascade_basal_entry_share: float = 0.5  # share of healthy entry that bypasses the junctions
    cascade_hepatic_extraction: float = 0.8  # share of portal LPS the liver removes on first pass
    cascade_portal_transit_h: float = 0.1  # h
    cascade_active_halflife_h: float = 0.3  # h
    cascade_neutralised_share: float = 0.7  # share of active LPS that is neutralised on lipoproteins
    cascade_neutralised_halflife_h: float = 6.0  # h
    cascade_tlr4_half_activation: float = 2000.0  # × healthy active LPS
    cascade_tlr4_time_constant_h: float = 0.5  # h
    cascade_tnf_time_constant_h: float = 0.5  # h
    cascade_il6_time_constant_h: float = 1.0  # h
    cascade_index_time_constant_h: float = 48.0  # h
    cascade_iv_equivalent_active: float = 100.0  # × healthy active LPS taken to act like IV LPS 0.8 ng/kg
    endotoxemia_tnf_fold: float = 5.0  # × baseline, after IV LPS 0.8 ng/kg (published, one trial)
    endotoxemia_il6_fold: float = 10.0  # × baseline, after IV LPS 0.8 ng/kg (published, one trial)

    FACT_IDS: ClassVar[tuple[str, ...]] = (
        "cascade_lps_radius",
        "cascade_basal_entry_share",
        "cascade_hepatic_extraction",
        "cascade_portal_transit_h",
        "cascade_active_halflife_h",
        "cascade_neutralised_share",
        "cascade_neutralised_halflife_h",
        "cascade_tlr4_half_activation",
        "cascade_tlr4_time_constant_h",
        "cascade_tnf_time_constant_h",
        "cascade_il6_time_constant_h",
        "cascade_index_time_constant_h",
        "cascade_iv_equivalent_active",
        "endotoxemia_tnf_fold",
        "endotoxemia_il6_fold",
    )

    #: Constants that are shares and must lie strictly between 0 and 1.
    SHARES: ClassVar[tuple[str, ...]] = (
        "cascade_basal_entry_share",
        "cascade_hepatic_extraction",
        "cascade_neutralised_share",
    )

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if not (isinstance(v, (int, float)) and math.isfinite(v) and v > 0):
                raise ValueError(f"constant {f.name} must be a finite number > 0; got {v!r}")
        for name in self.SHARES:
            if not getattr(self, name) < 1:
                raise ValueError(f"{name} is a share and must be below 1")
        k, a_iv = self.cascade_tlr4_half_activation, self.cascade_iv_equivalent_active
        if a_iv <= 1:
            raise ValueError(f"cascade_iv_equivalent_active must be above 1 (more LPS than healthy); got {a_iv:g}")
        s_healthy, s_iv = 1.0 / (1.0 + k), a_iv / (a_iv + k)
        for name in ("endotoxemia_tnf_fold", "endotoxemia_il6_fold"):
            fold = getattr(self, name)
            if fold <= 1:
                raise ValueError(f"{name} must be above 1 (a rise)")
            # The healthy cytokine level must be reachable with a non-negative basal production:
            # the signal at the calibration level must be at least fold times the healthy signal.
            if fold * s_healthy > s_iv:
                raise ValueError(
                    f"cascade_iv_equivalent_active ({a_iv:g}) is too low for {name} ({fold:g}) with"
                    f" cascade_tlr4_half_activation {k:g}: the TLR4 signal there must be at least {fold:g}"
                    " times the healthy signal"
                )

    @classmethod
    def from_values(cls, values: Mapping[str, float]) -> CascadeConstants:
        """Build from a mapping of record id to value; every id in FACT_IDS is required."""
        missing = [k for k in cls.FACT_IDS if k not in values]
        if missing:
            raise ValueError(f"missing values for: {', '.join(missing)}")
        return cls(**{k: float(values[k]) for k in cls.FACT_IDS})


@dataclass(frozen=True)
class CascadeResult:
    """A time course. LPS amounts and cytokines are relative to the healthy steady state (= 1)."""

    hours: NDArray[np.float64]
    multiplier: NDArray[np.float64]  # LPS entry from the gut, × healthy
    portal: NDArray[np.float64]
    active: NDArray[np.float64]
    neutralised: NDArray[np.float64]
    plasma: NDArray[np.float64]  # active + neutralised: what a blood test would try to measure
    tlr4: NDArray[np.float64]  # 0-1
    tnf: NDArray[np.float64]
    il6: NDArray[np.float64]
    index: NDArray[np.float64]

    def series(self) -> dict[str, list[float]]:
        """Every array as a plain list (for widgets and JSON)."""
        return {f.name: getattr(self, f.name).tolist() for f in fields(self)}

    def peak(self, name: str) -> tuple[float, float]:
        """(hour, value) of the highest value of one series."""
        values = getattr(self, name)
        i = int(np.argmax(values))
        return float(self.hours[i]), float(values[i])


Schedule = float | Sequence[tuple[float, float]] | Callable[[float], float]


class CascadeModel:
    """LPS from the gut to an inflammation index, over hours to weeks (illustrative).

    Parameters
    ----------
    constants
        Defaults equal the ``data/`` records (a test keeps them in step).
    barrier
        The barrier model whose state sets LPS entry (default: a fresh healthy one).
    """

    def __init__(self, constants: CascadeConstants | None = None, barrier: BarrierModel | None = None) -> None:
        if constants is not None and not isinstance(constants, CascadeConstants):
            raise ValueError("constants must be a CascadeConstants")
        if barrier is not None and not isinstance(barrier, BarrierModel):
            raise ValueError("barrier must be a BarrierModel")
        self.constants = c = constants or CascadeConstants()
        self.barrier = barrier or BarrierModel()
        ln2 = math.log(2.0)
        self.k_portal = 1.0 / c.cascade_portal_transit_h
        self.k_active = ln2 / c.cascade_active_halflife_h
        self.k_neutralised = ln2 / c.cascade_neutralised_halflife_h
        self.k_tlr4 = 1.0 / c.cascade_tlr4_time_constant_h
        self.k_tnf = 1.0 / c.cascade_tnf_time_constant_h
        self.k_il6 = 1.0 / c.cascade_il6_time_constant_h
        self.k_index = 1.0 / c.cascade_index_time_constant_h
        e, s = c.cascade_hepatic_extraction, c.cascade_neutralised_share
        # Entry scale: healthy steady state has active LPS = 1.
        self.entry = self.k_active / (1.0 - e)
        self.healthy_portal = self.entry / self.k_portal
        self.healthy_neutralised = s * self.k_active / self.k_neutralised
        self.healthy_tlr4 = self._activation(1.0)
        self.gain_tnf, self.basal_tnf = self._cytokine_scale(c.endotoxemia_tnf_fold)
        self.gain_il6, self.basal_il6 = self._cytokine_scale(c.endotoxemia_il6_fold)
        # Step exponentials of the two linear parts, kept between runs (the constants never change).
        self._steps_lps: dict[float, NDArray[np.float64]] = {}
        self._steps_immune: dict[float, NDArray[np.float64]] = {}
        self._healthy_para = self._paracellular(self.barrier.__class__(constants=self.barrier.constants,
                                                                       method=self.barrier.method))

    # -- pieces ---------------------------------------------------------------------------------
    def _activation(self, active: ArrayLike) -> NDArray[np.float64] | float:
        a = np.maximum(np.asarray(active, dtype=float), 0.0)
        return a / (a + self.constants.cascade_tlr4_half_activation)

    def _cytokine_scale(self, fold: float) -> tuple[float, float]:
        """Gain and basal term: healthy level 1, and ``fold`` with active LPS held at the IV-equivalent level."""
        s0 = float(self.healthy_tlr4)
        s_iv = float(self._activation(self.constants.cascade_iv_equivalent_active))
        gain = (fold - 1.0) / (s_iv - s0)
        return gain, 1.0 - gain * s0

    def full_signal(self) -> dict[str, float]:
        """TNF-alpha and IL-6 (× healthy) at a full TLR4 signal: far above the calibration dose's rise."""
        return {"tnf": self.basal_tnf + self.gain_tnf, "il6": self.basal_il6 + self.gain_il6}

    def steady_range(self, ranges: Mapping[str, Sequence[float]], **levers: float) -> dict[str, tuple[float, float]]:
        """Lowest and highest steady TNF-alpha, IL-6 and index for a barrier held at ``levers``.

        ``ranges`` maps record ids of :data:`UNCERTAIN_IDS` to ``(low, high)``; every corner of
        those ranges is tried (the other constants stay as in this model). With this model's own
        values included, the result always contains :meth:`steady_state`'s answer.
        """
        names = [n for n in UNCERTAIN_IDS if n in ranges]
        unknown = sorted(set(ranges) - set(UNCERTAIN_IDS))
        if unknown:
            raise ValueError(f"steady_range varies only {', '.join(UNCERTAIN_IDS)}; got {', '.join(unknown)}")
        base = {f.name: getattr(self.constants, f.name) for f in fields(self.constants)}
        corners = []
        for name in names:
            pair = [float(x) for x in ranges[name]]
            if len(pair) != 2 or not all(math.isfinite(x) and x > 0 for x in pair):
                raise ValueError(f"range of {name} must be two finite numbers > 0; got {ranges[name]!r}")
            corners.append(sorted({*pair, base[name]}))
        found: dict[str, list[float]] = {"tnf": [], "il6": [], "index": []}
        # The corner models depend on the ranges only, not on the levers: built once and kept, so a
        # lever move costs one steady state per corner rather than one calibration per corner.
        cache = self.__dict__.setdefault("_corner_models", {})
        barrier = BarrierModel(constants=self.barrier.constants, method=self.barrier.method)
        barrier.set(**levers)
        para: dict[float, float] = {}  # the barrier's paracellular permeability depends on the corner's LPS radius only
        for combo in itertools.product(*corners):
            key = (tuple(names), combo)
            model = cache.get(key)
            if model is None:
                model = CascadeModel(CascadeConstants(**{**base, **dict(zip(names, combo))}), barrier=self.barrier)
                cache[key] = model
            radius = model.constants.cascade_lps_radius
            if radius not in para:
                para[radius] = model._paracellular(barrier)
            ss = model.steady_state(model._entry(para[radius]))
            for key, values in found.items():
                values.append(ss[key])
        return {key: (min(v), max(v)) for key, v in found.items()}

    def _paracellular(self, barrier: BarrierModel) -> float:
        routes = barrier.route_permeabilities([self.constants.cascade_lps_radius])
        return float(routes["leak"][0] + routes["unrestricted"][0])

    # -- the barrier's effect ----------------------------------------------------------------------
    def translocation(self, barrier: BarrierModel | None = None, **levers: float) -> float:
        """LPS entry from the gut, × healthy, for a barrier state (the given model or levers).

        With levers, a copy of this model's barrier is set to them (healthy for any not given).
        """
        if barrier is None:
            barrier = BarrierModel(constants=self.barrier.constants, method=self.barrier.method)
            barrier.set(**levers)
        elif levers:
            raise ValueError("give either a barrier model or levers, not both")
        return self._entry(self._paracellular(barrier))

    def _entry(self, paracellular: float) -> float:
        """The entry multiplier for a barrier whose paracellular permeability to LPS is ``paracellular``."""
        f = self.constants.cascade_basal_entry_share
        if self._healthy_para <= 0:
            return 1.0
        return f + (1.0 - f) * paracellular / self._healthy_para

    # -- dynamics -------------------------------------------------------------------------------
    def derivatives(self, y: NDArray[np.float64], m: float) -> NDArray[np.float64]:
        """d(state)/dt for entry multiplier ``m`` (amounts in healthy-active units, per hour)."""
        c = self.constants
        p, a, n, s, tnf, il6, x = y
        e, share = c.cascade_hepatic_extraction, c.cascade_neutralised_share
        return np.array([
            self.entry * m - self.k_portal * p,
            (1.0 - e) * self.k_portal * p - self.k_active * a,
            share * self.k_active * a - self.k_neutralised * n,
            self.k_tlr4 * (self._activation(a) - s),
            self.k_tnf * (self.basal_tnf + self.gain_tnf * s - tnf),
            self.k_il6 * (self.basal_il6 + self.gain_il6 * s - il6),
            self.k_index * (0.5 * (tnf + il6) - x),
        ])

    def clearance(self, y: NDArray[np.float64]) -> float:
        """Rate at which LPS leaves the body (liver), same units as the entry rate."""
        c = self.constants
        p, a, n = y[0], y[1], y[2]
        return float(c.cascade_hepatic_extraction * self.k_portal * p
                     + (1.0 - c.cascade_neutralised_share) * self.k_active * a
                     + self.k_neutralised * n)

    def steady_state(self, multiplier: float = 1.0) -> dict[str, float]:
        """The state a constant entry multiplier settles to (exact)."""
        m = _check_multiplier(multiplier)
        c = self.constants
        p = self.entry * m / self.k_portal
        a = (1.0 - c.cascade_hepatic_extraction) * self.k_portal * p / self.k_active
        n = c.cascade_neutralised_share * self.k_active * a / self.k_neutralised
        s = float(self._activation(a))
        tnf = self.basal_tnf + self.gain_tnf * s
        il6 = self.basal_il6 + self.gain_il6 * s
        return dict(zip(STATE_NAMES, (p, a, n, s, tnf, il6, 0.5 * (tnf + il6))))

    def run(self, hours: ArrayLike, schedule: Schedule = 1.0,
            start: Mapping[str, float] | None = None) -> CascadeResult:
        """Integrate from ``start`` (default: healthy steady state) and report at ``hours``.

        ``schedule`` is the LPS entry multiplier (healthy = 1): a number, a list of
        ``(start_hour, multiplier)`` steps (before the first step: 1), or a function of time.
        Steps are integrated piece by piece, so sudden changes are handled exactly.
        """
        t = _check_hours(hours)
        y0 = np.array([float((start or self.steady_state(1.0))[k]) for k in STATE_NAMES])
        if not np.all(np.isfinite(y0)) or np.any(y0 < 0):
            raise ValueError("start must give a finite, non-negative value for every state variable")
        steps, func = _as_steps(schedule)
        edges = [0.0, *sorted({s for s, _ in steps if 0 < s < t[-1]}), float(t[-1])]
        out = np.empty((len(STATE_NAMES), t.size))
        y = y0
        for k, (lo, hi) in enumerate(itertools.pairwise(edges)):
            last = k == len(edges) - 2
            inside = (t >= lo) & ((t <= hi) if last else (t < hi))
            if hi <= lo:  # a single time at 0: nothing to integrate
                out[:, inside] = y[:, None]
                continue
            nodes = np.union1d(_fine_times(lo, hi, smooth=func is not None), t[inside])
            if func is None:
                entry = np.full(nodes.size, _level_at(steps, lo))
            else:  # constant over each short step, at its midpoint: a jump between nodes stays sharp
                entry = np.array([_check_multiplier(func(x)) for x in 0.5 * (nodes[:-1] + nodes[1:])])
            states = self._integrate(y, nodes, entry)
            out[:, inside] = states[np.isin(nodes, t[inside])].T
            y = states[-1]
        if np.any(out < -1e-6 * (1.0 + np.abs(out).max(axis=1, keepdims=True))):
            raise RuntimeError("the cascade went negative: the integration is not accurate enough")
        out = np.maximum(out, 0.0)  # remove round-off just below zero
        m_t = np.array([_check_multiplier(func(x) if func else _level_at(steps, x)) for x in t])
        return self._result(t, m_t, out)

    def _integrate(self, y0: NDArray[np.float64], nodes: NDArray[np.float64],
                   entry: NDArray[np.float64]) -> NDArray[np.float64]:
        """States at ``nodes`` from ``y0`` at nodes[0], for the entry multiplier at each node
        (drawn as straight lines) or over each step between nodes (constant)."""
        c = self.constants
        e, share = c.cascade_hepatic_extraction, c.cascade_neutralised_share
        # LPS: portal, active, neutralised; input = entry multiplier.
        lps = affine_response(
            [[-self.k_portal, 0.0, 0.0],
             [(1.0 - e) * self.k_portal, -self.k_active, 0.0],
             [0.0, share * self.k_active, -self.k_neutralised]],
            [self.entry, 0.0, 0.0], [0.0, 0.0, 0.0], y0[:3], nodes, entry, self._steps_lps)
        # Signal, TNF, IL-6, index; input = TLR4 activation by the active LPS just computed.
        immune = affine_response(
            [[-self.k_tlr4, 0.0, 0.0, 0.0],
             [self.k_tnf * self.gain_tnf, -self.k_tnf, 0.0, 0.0],
             [self.k_il6 * self.gain_il6, 0.0, -self.k_il6, 0.0],
             [0.0, 0.5 * self.k_index, 0.5 * self.k_index, -self.k_index]],
            [self.k_tlr4, 0.0, 0.0, 0.0], [0.0, self.k_tnf * self.basal_tnf, self.k_il6 * self.basal_il6, 0.0],
            y0[3:], nodes, self._activation(lps[:, 1]), self._steps_immune)
        return np.hstack([lps, immune])

    def _result(self, t: NDArray[np.float64], m_t: NDArray[np.float64], out: NDArray[np.float64]) -> CascadeResult:
        p, a, n, s, tnf, il6, x = out
        healthy_plasma = 1.0 + self.healthy_neutralised
        return CascadeResult(
            hours=t, multiplier=m_t, portal=p / self.healthy_portal, active=a, neutralised=n / self.healthy_neutralised,
            plasma=(a + n) / healthy_plasma, tlr4=s, tnf=tnf, il6=il6, index=x,
        )


#: Integration nodes after each change: the first step (h) and the growth of later steps.
FIRST_STEP_H = 1.0e-3
STEP_GROWTH = 1.03
#: Largest step for an entry given as a function of time (drawn as straight lines between nodes).
SMOOTH_MAX_STEP_H = 0.02


def _fine_times(lo: float, hi: float, smooth: bool) -> NDArray[np.float64]:
    """Nodes from ``lo`` to ``hi``: fine just after ``lo``, where a change starts its transient."""
    span = hi - lo
    count = math.ceil(math.log1p(span * (STEP_GROWTH - 1.0) / FIRST_STEP_H) / math.log(STEP_GROWTH))
    offsets = FIRST_STEP_H * np.expm1(np.arange(count + 1) * math.log(STEP_GROWTH)) / (STEP_GROWTH - 1.0)
    nodes = lo + offsets[offsets < span]
    if smooth:
        nodes = np.union1d(nodes, np.linspace(lo, hi, math.ceil(span / SMOOTH_MAX_STEP_H) + 1))
    return np.union1d(nodes, [lo, hi])


def _check_multiplier(m: object) -> float:
    return check_number("multiplier", m, 0.0, MAX_MULTIPLIER, "LPS entry from the gut relative to healthy (1)")


def _check_hours(hours: ArrayLike) -> NDArray[np.float64]:
    try:
        t = np.asarray(hours, dtype=float).ravel()
    except (TypeError, ValueError):
        raise ValueError(f"hours must be numbers; got {hours!r}") from None
    if t.size == 0:
        raise ValueError("hours is empty; give at least one time in hours")
    if not np.all(np.isfinite(t)) or t[0] < 0 or t[-1] > MAX_HOURS or np.any(np.diff(t) <= 0):
        raise ValueError(f"hours must be increasing times from 0 to {MAX_HOURS:g} h; got {hours!r}")
    return t


def _as_steps(schedule: Schedule) -> tuple[list[tuple[float, float]], Callable[[float], float] | None]:
    if callable(schedule):
        return [], schedule
    if isinstance(schedule, (int, float, np.floating, np.integer)) and not isinstance(schedule, bool):
        return [(0.0, _check_multiplier(schedule))], None
    try:
        steps = [(float(s), _check_multiplier(m)) for s, m in schedule]  # type: ignore[union-attr]
    except (TypeError, ValueError) as exc:
        raise ValueError(f"schedule must be a number, (start_hour, multiplier) steps or a function: {exc}") from None
    starts = [s for s, _ in steps]
    if not steps or any(not math.isfinite(s) or s < 0 for s in starts) or starts != sorted(starts):
        raise ValueError("schedule steps must start at increasing hours >= 0")
    return steps, None


def _level_at(steps: list[tuple[float, float]], time: float) -> float:
    level = 1.0
    for start, m in steps:
        if start <= time:
            level = m
    return level


def cascade_response(hours: ArrayLike, barrier_steps: Sequence[tuple[float, Mapping[str, float]]],
                     model: CascadeModel | None = None) -> CascadeResult:
    """Run the cascade for a barrier that changes in steps.

    ``barrier_steps`` is a list of ``(start_hour, levers)``, where ``levers`` are
    :class:`~gutwidgets.models.barrier.BarrierModel` levers (pore_level, leak_level,
    damaged_fraction; those not given are healthy). Before the first step the barrier is healthy.
    """
    cascade = model or CascadeModel()
    steps = [(float(start), cascade.translocation(**dict(levers))) for start, levers in barrier_steps]
    return cascade.run(hours, steps)
