"""Causes of increased permeability: how much each opens its route, and when.

Each cause (a ``data/causes.yaml`` record) acts on one route of the three-route
:class:`~gutwidgets.models.barrier.BarrierModel`:

- on the **unrestricted** route (NSAIDs): it erodes a fraction of the surface;
- on the **leak** route (stress, alcohol, diet, too little fibre): it multiplies the leak
  route's capacity.

Size. At its reference intensity (for example the published indomethacin course) a cause
raises the model's lactulose/mannitol ratio by its published or assumed fold; the route
parameter that does so is solved exactly (the model is linear in its route levels). Below or
above the reference, the change of the route parameter scales in proportion to intensity.

Time. While a cause acts, its effect approaches its target exponentially with the onset time
constant; after it stops, it decays with the recovery time constant. Between changes this is
solved exactly, so a time course costs a few vector operations.

Combining causes. Erosion adds (capped at the whole surface); leak-route changes multiply.

Outputs over time: the route levels, the lactulose/mannitol ratio (and its fold over healthy),
and TEER of a reference tissue, computed from the same routes and small-ion path as chapter 2
(paracellular only; see the barrier model for how uncertain the leak route's ion share is).

This module needs numpy only (imported on first use, ``gutwidgets/_np.py``), and reads no files:
build specs from ``data/`` records with :func:`specs_from_catalogue`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ._validate import check_number
from .barrier import BarrierModel

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
else:
    from .._np import np

__all__ = ["MAX_DAYS", "TEER_RECORD", "CauseModel", "CauseSpec", "Course", "Exposure", "specs_from_catalogue"]

#: The longest time course the model will run, days.
MAX_DAYS = 3650.0
#: Upper limit on the leak route (as in BarrierModel).
LEAK_CAP = 100.0
#: The reference tissue for TEER (the ``data/`` record): small-intestinal causes, human jejunum.
TEER_RECORD = "jejunum_teer"


@dataclass(frozen=True)
class CauseSpec:
    """One cause, as the model needs it (built from a ``data/causes.yaml`` record)."""

    id: str
    label: str
    route: str | None
    reference: float
    maximum: float
    fold: float | None = None
    onset_days: float | None = None
    recovery_days: float | None = None
    not_modelled_because: str | None = None

    def __post_init__(self) -> None:
        check_number(f"{self.id}: reference intensity", self.reference, 1e-12, math.inf, "the published intensity")
        check_number(f"{self.id}: maximum intensity", self.maximum, self.reference, math.inf, "not below the reference")
        if self.fold is None:
            if not self.not_modelled_because:
                raise ValueError(f"{self.id}: a cause without a fold must say why it is not modelled")
            return
        if self.route not in ("leak", "unrestricted"):
            raise ValueError(f"{self.id}: route must be 'leak' or 'unrestricted' for a modelled cause;"
                             f" got {self.route!r}")
        check_number(f"{self.id}: fold", self.fold, 1.0, math.inf, "rise of the sugar ratio")
        check_number(f"{self.id}: onset_days", self.onset_days, 1e-4, MAX_DAYS, "time constant, days")
        check_number(f"{self.id}: recovery_days", self.recovery_days, 1e-4, MAX_DAYS, "time constant, days")

    @property
    def modelled(self) -> bool:
        return self.fold is not None


@dataclass(frozen=True)
class Exposure:
    """A cause acting at a constant intensity from ``start`` until ``stop`` (days; None = on)."""

    cause: str
    intensity: float
    start: float = 0.0
    stop: float | None = None


@dataclass(frozen=True)
class Course:
    """A time course: route levels and test readouts at each day."""

    days: NDArray[np.float64]
    leak_level: NDArray[np.float64]
    damaged_fraction: NDArray[np.float64]
    lm_ratio: NDArray[np.float64]
    fold: NDArray[np.float64]
    teer: NDArray[np.float64]
    effects: dict[str, NDArray[np.float64]] = field(default_factory=dict)  # cause -> 0..(max/ref)

    def peak_fold(self) -> float:
        return float(np.max(self.fold)) if self.fold.size else 1.0

    def min_teer(self) -> float:
        return float(np.min(self.teer)) if self.teer.size else math.nan

    def back_to_normal(self, within: float = 0.1) -> float | None:
        """First day after the peak when the ratio is back within ``within`` of healthy (None: never)."""
        if not self.fold.size:
            return None
        peak = int(np.argmax(self.fold))
        if self.fold[peak] <= 1.0 + within:
            return None
        after = np.nonzero(self.fold[peak:] <= 1.0 + within)[0]
        return float(self.days[peak + after[0]]) if after.size else None


def specs_from_catalogue(catalogue: object) -> dict[str, CauseSpec]:
    """Build a :class:`CauseSpec` for every cause record (``gutwidgets.data.Catalogue``)."""
    specs: dict[str, CauseSpec] = {}

    def value(fid: str | None) -> float | None:
        return catalogue.fact(fid).value if fid else None  # type: ignore[attr-defined]

    for cid, rec in catalogue.causes.items():  # type: ignore[attr-defined]
        specs[cid] = CauseSpec(
            id=cid, label=rec.label, route=rec.route, reference=rec.intensity_reference,
            maximum=rec.intensity_max, fold=value(rec.fold), onset_days=value(rec.onset_days),
            recovery_days=value(rec.recovery_days), not_modelled_because=rec.not_modelled_because,
        )
    return specs


def _pulse(days: NDArray[np.float64], amplitude: float, start: float, stop: float | None,
           onset: float, recovery: float) -> NDArray[np.float64]:
    """Exact first-order response to a step up at ``start`` and down at ``stop``."""
    out = np.zeros_like(days)
    if amplitude == 0:
        return out
    on = days >= start
    end = math.inf if stop is None else stop
    rising = on & (days < end)
    out[rising] = amplitude * -np.expm1(-(days[rising] - start) / onset)
    if stop is not None and stop > start:
        at_stop = amplitude * -math.expm1(-(stop - start) / onset)
        falling = days >= stop
        out[falling] = at_stop * np.exp(-(days[falling] - stop) / recovery)
    return out


class CauseModel:
    """Causes -> route levels over time -> sugar-test ratio and TEER.

    Parameters
    ----------
    specs
        The causes, by id (see :func:`specs_from_catalogue`).
    barrier
        The three-route model whose calibration is used (default: a healthy one).
    teer_healthy
        Healthy TEER of the reference tissue, Ω·cm² (the data/ record for human jejunum).
    """

    def __init__(self, specs: Mapping[str, CauseSpec], *, barrier: BarrierModel | None = None,
                 teer_healthy: float = 20.0) -> None:
        if not specs:
            raise ValueError("specs must name at least one cause")
        self.specs = dict(specs)
        self.teer_healthy = check_number("teer_healthy", teer_healthy, 1e-6, math.inf, "Ω·cm²")
        b = barrier or BarrierModel()
        self.healthy_lm_ratio = b.constants.healthy_lm_ratio
        unit = BarrierModel(pore_level=1.0, leak_level=1.0, damaged_fraction=1.0,
                            constants=b.constants, method=b.method)
        c = b.constants
        routes = unit.route_permeabilities([c.lactulose, c.mannitol])
        ions = unit.ion_permeabilities()
        # Per unit of each lever: rows lactulose, mannitol, small ions (the barrier model's ion path).
        self._pore = np.array([*routes["pore"], ions["pore"]], dtype=float)
        self._leak = np.array([*routes["leak"], ions["leak"]], dtype=float)
        self._unr = np.array([*routes["unrestricted"], ions["unrestricted"]], dtype=float)
        self._healthy_water = float(self._pore[2] + self._leak[2])
        self._targets = {cid: self._solve(s) for cid, s in self.specs.items() if s.modelled}

    # -- sizing ------------------------------------------------------------------------------
    def _solve(self, spec: CauseSpec) -> float:
        """The route change (leak multiplier - 1, or eroded fraction) giving the fold at reference."""
        r = float(spec.fold) * self.healthy_lm_ratio  # type: ignore[arg-type]
        lac_p, man_p = self._pore[0], self._pore[1]
        lac_l, man_l = self._leak[0], self._leak[1]
        lac_u, man_u = self._unr[0], self._unr[1]
        if spec.route == "leak":
            denom = lac_l - r * man_l
            level = r * man_p / denom if denom > 0 else math.inf
            if not (0 < level <= LEAK_CAP) or lac_p > 0:
                raise ValueError(f"{spec.id}: a {spec.fold}-fold rise cannot be reached on the leak route")
            return level - 1.0
        denom = lac_u - r * man_u
        damage = (r * (man_p + man_l) - (lac_p + lac_l)) / denom if denom > 0 else math.inf
        if not (0 <= damage <= 1):
            raise ValueError(f"{spec.id}: a {spec.fold}-fold rise cannot be reached by erosion")
        return damage

    def route_change(self, cause: str) -> float:
        """Change of its route parameter at the reference intensity (leak: multiplier - 1)."""
        spec = self._spec(cause)
        if not spec.modelled:
            return 0.0
        return self._targets[cause]

    def _spec(self, cause: str) -> CauseSpec:
        try:
            return self.specs[cause]
        except KeyError:
            raise ValueError(f"unknown cause {cause!r}; allowed: {', '.join(self.specs)}") from None

    def _check(self, exposure: Exposure) -> CauseSpec:
        spec = self._spec(exposure.cause)
        check_number(f"{exposure.cause} intensity", exposure.intensity, 0.0, spec.maximum, spec.label)
        check_number(f"{exposure.cause} start", exposure.start, 0.0, MAX_DAYS, "day the cause starts")
        if exposure.stop is not None:
            check_number(f"{exposure.cause} stop", exposure.stop, exposure.start, MAX_DAYS,
                         "days, not before start")
        return spec

    # -- results -----------------------------------------------------------------------------
    def effects(self, exposures: Iterable[Exposure], days: Sequence[float] | NDArray[np.float64]
                ) -> dict[str, NDArray[np.float64]]:
        """Each cause's effect over time: 0 (none) to intensity/reference (full)."""
        t = np.asarray(days, dtype=float)
        if t.ndim != 1 or not np.all(np.isfinite(t)) or (t.size and (t.min() < 0 or t.max() > MAX_DAYS)):
            raise ValueError(f"days must be a 1-D list of finite numbers from 0 to {MAX_DAYS:g}")
        out: dict[str, NDArray[np.float64]] = {}
        for ex in exposures:
            spec = self._check(ex)
            if not spec.modelled:
                continue
            e = _pulse(t, ex.intensity / spec.reference, ex.start, ex.stop,
                       float(spec.onset_days), float(spec.recovery_days))  # type: ignore[arg-type]
            out[ex.cause] = out[ex.cause] + e if ex.cause in out else e
        return out

    def course(self, exposures: Iterable[Exposure], days: Sequence[float] | NDArray[np.float64]) -> Course:
        """Route levels, sugar-test ratio and TEER over time for these exposures."""
        exposures = list(exposures)
        t = np.asarray(days, dtype=float)
        effects = self.effects(exposures, t)
        leak = np.ones_like(t)
        damage = np.zeros_like(t)
        for cid, e in effects.items():
            spec = self.specs[cid]
            change = self._targets[cid] * e
            if spec.route == "leak":
                leak = leak * (1.0 + change)
            else:
                damage = damage + change
        leak = np.minimum(leak, LEAK_CAP)
        damage = np.clip(damage, 0.0, 1.0)
        lac, man, water = (self._pore[i] + self._leak[i] * leak + self._unr[i] * damage for i in range(3))
        ratio = lac / man
        teer = self.teer_healthy * self._healthy_water / water
        return Course(days=t, leak_level=leak, damaged_fraction=damage, lm_ratio=ratio,
                      fold=ratio / self.healthy_lm_ratio, teer=teer, effects=effects)

    def steady(self, exposures: Iterable[Exposure]) -> Course:
        """The state once every exposure has acted for a long time (no stop)."""
        held = [Exposure(e.cause, e.intensity) for e in exposures]
        longest = max([self._spec(e.cause).onset_days or 0.0 for e in held] + [1.0])
        return self.course(held, [min(longest * 40.0, MAX_DAYS)])
