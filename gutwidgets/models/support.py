"""Chapter 5: what supports the barrier. The fibre -> butyrate chain, and strategies acting on causes.

Two parts, both pure numpy:

**Fibre to butyrate** (:class:`FibreModel`). Bacteria ferment fibre into short-chain fatty acids
(SCFA). The colon's lining absorbs them as they are made, so their concentration in the colon's
contents cannot rise without limit: the model assumes it levels off towards a ceiling,

    S(f) = S_max f / (K + f),    K = f_typical (S_max / S_typical - 1),

a saturating (hyperbolic) curve through two published anchors: the concentration measured in the
human colon (Cummings et al. 1987), taken to belong to the typical intake, and a ceiling at the
top of what that study measured (its caecum). The band uses the low ends of both records
together, and the high ends together. More fibre always means more SCFA, but less and less
more; butyrate is a published share of them. Cells at the surface see far less than the colon
holds (they burn it, and sit behind mucus), so the colon's butyrate is mapped onto the
concentration scale of a cell-culture dish with one factor, calibrated so that the recommended
intake sits at the top of the dish's curve (in line with chapter 3, where the recommended intake
is the healthy reference): from no fibre up to the recommended intake, more fibre is never
worse in the model. The dish's response is bell-shaped (Caco-2: tighter at 2 mM, looser at
8 mM): a saturating benefit minus a steep harm,

    E(c) = U c^2 / (c^2 + (c_opt/4)^2) - D c^4 / (c^4 + (c_opt c_harm)^2)

(:meth:`FibreModel.junction_effect`; the half-effect concentrations are shape assumptions); U and D are
solved so that E(c_opt) = +1 (the tightening at the measured dose) and E(c_harm) = -harm_size. The
curve's top (:attr:`FibreModel.best_dose`, found by bisection on dE/dc) lies a little below c_opt.

**Strategies** (:class:`StrategyModel`). A strategy acts only through chapter 3's
:class:`~gutwidgets.models.causes.CauseModel`: from its start day it stops a cause (``stop``),
lowers it to a new intensity (``set_intensity``: more fibre is a smaller fibre shortfall) or
blocks a share of its effect (``protect``: zinc carnosine against NSAID injury). The cause's
exposure is split at that day, so the old effect fades on the cause's own recovery time and the
new one builds on its onset time. A strategy without a mechanism and a human barrier study has
no action: the model gives it no effect and reports why. Uncertainty: the plan is run with each
cause's size (and each strategy's effect) at the ends of their ranges, and the band is widened by
the person-to-person spread of the sugar test (middle half of people).

This module needs numpy only (imported on first use, ``gutwidgets/_np.py``: the kernel behind chapter
5's page builds its dashboards from the constants classes and never computes) and reads no files:
build strategy specs from ``data/`` records with :func:`strategy_specs_from_catalogue`. The page's twin
is ``views/_esm/models/support.js``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, ClassVar

from ._validate import LeverSpec, check_number
from .causes import MAX_DAYS, CauseModel, Course, Exposure

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
else:
    from .._np import np

__all__ = [
    "ACTIONS", "BUTYRATE_MAX", "FIBRE_MAX", "QUARTILE_Z", "SUPPORT_LEVERS", "FibreChain", "FibreModel", "Plan",
    "StrategyModel", "StrategySpec", "Use", "strategy_specs_from_catalogue",
]

#: Highest fibre intake the model accepts, g/day.
FIBRE_MAX = 80.0
#: The chapter 5 dashboards' levers (fibre inside FIBRE_MAX; strategies start within two months).
SUPPORT_LEVERS: dict[str, LeverSpec] = {
    "fibre": LeverSpec(0.0, 60.0, 1.0, "g/day", "fibre eaten, g/day"),
    "start_day": LeverSpec(0.0, 60.0, 1.0, "day", "day the strategies start"),
    "fibre_after": LeverSpec(0.0, 60.0, 1.0, "g/day", "fibre eaten once 'Eat more fibre' starts, g/day"),
}
for _name in ("fibre", "fibre_after"):
    SUPPORT_LEVERS[_name].within(_name, 0.0, FIBRE_MAX)
#: Highest dish-equivalent butyrate, mM.
BUTYRATE_MAX = 200.0
#: What a modelled strategy can do to a cause.
ACTIONS = ("stop", "set_intensity", "protect")
#: z-score of the quartiles: the band covers the middle half of people.
QUARTILE_Z = 0.6745


@dataclass(frozen=True)
class FibreConstants:
    """Published numbers for the fibre -> butyrate chain; field names are ``data/`` record ids.

    ``*_low`` / ``*_high`` are the records' ranges.
    """

    fibre_typical_intake: float = 18.0  # g/day
    fibre_recommended: float = 30.0  # g/day
    colonic_scfa_total: float = 100.0  # mmol/kg at the typical intake
    colonic_scfa_total_low: float = 80.0
    colonic_scfa_total_high: float = 131.0
    colonic_scfa_ceiling: float = 150.0  # mmol/kg: the level SCFA approach with ever more fibre
    colonic_scfa_ceiling_low: float = 131.0
    colonic_scfa_ceiling_high: float = 200.0
    butyrate_share: float = 20.0  # % of SCFA
    butyrate_share_low: float = 15.0
    butyrate_share_high: float = 25.0
    butyrate_optimum: float = 2.0  # mM, Caco-2 tighter
    butyrate_harmful: float = 8.0  # mM, Caco-2 looser
    butyrate_harm_size: float = 1.0  # loosening at butyrate_harmful / tightening at the optimum

    FACT_IDS: ClassVar[tuple[str, ...]] = (
        "fibre_typical_intake", "fibre_recommended", "colonic_scfa_total", "colonic_scfa_ceiling",
        "butyrate_share", "butyrate_optimum", "butyrate_harmful", "butyrate_harm_size",
    )
    RANGED: ClassVar[tuple[str, ...]] = ("colonic_scfa_total", "colonic_scfa_ceiling", "butyrate_share")
    #: The ends of the band: '' the records' values, '_low' / '_high' the ends of their ranges.
    ENDS: ClassVar[tuple[str, ...]] = ("", "_low", "_high")

    def __post_init__(self) -> None:
        for f in fields(self):
            check_number(f"constant {f.name}", getattr(self, f.name), 1e-9, 1e6, "a positive number")
        for name in self.RANGED:
            low, mid, high = (getattr(self, f"{name}{s}") for s in ("_low", "", "_high"))
            if not low <= mid <= high:
                raise ValueError(f"constant {name} must lie within its range [{low:g}, {high:g}]; got {mid:g}")
        for end in self.ENDS:
            total, ceiling = getattr(self, f"colonic_scfa_total{end}"), getattr(self, f"colonic_scfa_ceiling{end}")
            if not total < ceiling:
                raise ValueError(f"constant colonic_scfa_ceiling{end} must be above colonic_scfa_total{end} "
                                 f"(SCFA level off above the typical intake's value); got {ceiling:g} <= {total:g}")
        if self.butyrate_share_high > 100:
            raise ValueError("butyrate_share is a percentage: at most 100")
        if not self.butyrate_optimum < self.butyrate_harmful:
            raise ValueError("butyrate_optimum must be below butyrate_harmful (the response is bell-shaped)")

    @classmethod
    def from_facts(cls, facts: Mapping[str, tuple[float, tuple[float, float]]]) -> FibreConstants:
        """Build from record id -> (value, (low, high)); ValueError names missing ids."""
        missing = [k for k in cls.FACT_IDS if k not in facts]
        if missing:
            raise ValueError(f"missing values for: {', '.join(missing)}")
        kw = {k: float(facts[k][0]) for k in cls.FACT_IDS}
        for name in cls.RANGED:
            kw[f"{name}_low"], kw[f"{name}_high"] = (float(x) for x in facts[name][1])
        return cls(**kw)


@dataclass(frozen=True)
class FibreChain:
    """The chain at one or more intakes: mid values and low/high ends of the band."""

    fibre: NDArray[np.float64]  # g/day
    scfa: NDArray[np.float64]  # mmol/kg
    scfa_low: NDArray[np.float64]
    scfa_high: NDArray[np.float64]
    butyrate: NDArray[np.float64]  # mM in the colon's contents
    butyrate_low: NDArray[np.float64]
    butyrate_high: NDArray[np.float64]
    dish: NDArray[np.float64]  # mM, dish-equivalent
    dish_low: NDArray[np.float64]
    dish_high: NDArray[np.float64]
    effect: NDArray[np.float64]  # junction effect in the dish: +1 = the tightening measured at butyrate_optimum
    effect_low: NDArray[np.float64]
    effect_high: NDArray[np.float64]


class FibreModel:
    """Fibre intake -> colonic SCFA -> butyrate -> dish-equivalent butyrate -> junction effect."""

    def __init__(self, constants: FibreConstants | None = None) -> None:
        self.constants = c = constants or FibreConstants()
        self._ku = c.butyrate_optimum / 4.0
        self._kd = math.sqrt(c.butyrate_optimum * c.butyrate_harmful)
        # U up(c_opt) - D down(c_opt) = 1 and U up(c_harm) - D down(c_harm) = -harm_size (Cramer's rule)
        a, b = self._up(c.butyrate_optimum), self._down(c.butyrate_optimum)
        p, q = self._up(c.butyrate_harmful), self._down(c.butyrate_harmful)
        det = b * p - a * q
        self._u = -(q + b * c.butyrate_harm_size) / det
        self._d = -(p + a * c.butyrate_harm_size) / det
        self._best = self._solve_best_dose()

    def _up(self, c: NDArray[np.float64] | float) -> NDArray[np.float64] | float:
        return c**2 / (c**2 + self._ku**2)

    def _down(self, c: NDArray[np.float64] | float) -> NDArray[np.float64] | float:
        return c**4 / (c**4 + self._kd**4)

    def _slope(self, c: float) -> float:
        """dE/dc of the dish's response (closed form)."""
        ku2, kd4 = self._ku**2, self._kd**4
        return (self._u * 2 * c * ku2 / (c**2 + ku2) ** 2
                - self._d * 4 * c**3 * kd4 / (c**4 + kd4) ** 2)

    def _solve_best_dose(self) -> float:
        """The top of the bell: where dE/dc = 0 between no butyrate and the harmful dose (bisection)."""
        lo, hi = 1e-9, self.constants.butyrate_harmful
        if not self._slope(hi) < 0:
            raise ValueError("the dish's response must be falling at butyrate_harmful (a bell, not a rise)")
        for _ in range(200):  # fixed number of halvings: deterministic, far below float resolution
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if self._slope(mid) > 0 else (lo, mid)
        return 0.5 * (lo + hi)

    @property
    def best_dose(self) -> float:
        """Dish-equivalent butyrate (mM) at the top of the bell: the model's best dose."""
        return self._best

    def half_intake(self, end: str = "") -> float:
        """K, g/day: the intake at which SCFA reach half their ceiling ('' or '_low' / '_high' end of the band)."""
        c = self.constants
        total, ceiling = getattr(c, f"colonic_scfa_total{end}"), getattr(c, f"colonic_scfa_ceiling{end}")
        return c.fibre_typical_intake * (ceiling / total - 1.0)

    def _scfa(self, fibre: NDArray[np.float64], end: str = "") -> NDArray[np.float64]:
        """Colonic SCFA (mmol/kg): a saturating curve through the typical intake's value towards the ceiling."""
        ceiling = getattr(self.constants, f"colonic_scfa_ceiling{end}")
        f = np.asarray(fibre, dtype=float)
        return ceiling * f / (self.half_intake(end) + f)

    @property
    def dish_factor(self) -> float:
        """Dish-equivalent mM per mM in the colon (calibrated: recommended intake -> top of the bell)."""
        c = self.constants
        return self.best_dose / float(self._butyrate(np.array([c.fibre_recommended]), "")[0])

    def _butyrate(self, fibre: NDArray[np.float64], end: str) -> NDArray[np.float64]:
        return self._scfa(fibre, end) * getattr(self.constants, f"butyrate_share{end}") / 100.0

    def junction_effect(self, dish_mm: float | Sequence[float] | NDArray[np.float64]) -> NDArray[np.float64]:
        """The bell-shaped response in the dish: 0 with no butyrate, +1 at the measured dose, then falling."""
        x = np.atleast_1d(np.asarray(dish_mm, dtype=float))
        if x.size and not (np.all(np.isfinite(x)) and x.min() >= 0 and x.max() <= BUTYRATE_MAX):
            raise ValueError(f"butyrate concentration must be from 0 to {BUTYRATE_MAX:g} (mM); got {dish_mm!r}")
        return self._u * self._up(x) - self._d * self._down(x)

    def chain(self, fibre: float | Sequence[float] | NDArray[np.float64]) -> FibreChain:
        """The whole chain at these intakes (g/day), with its band from the records' ranges."""
        f = np.atleast_1d(np.asarray(fibre, dtype=float))
        if f.ndim != 1 or (f.size and not (np.all(np.isfinite(f)) and f.min() >= 0 and f.max() <= FIBRE_MAX)):
            raise ValueError(f"fibre intake must be from 0 to {FIBRE_MAX:g} (g/day); got {fibre!r}")
        k = self.dish_factor
        ends = FibreConstants.ENDS
        scfa = {e: self._scfa(f, e) for e in ends}
        but = {e: self._butyrate(f, e) for e in ends}
        dish = {e: k * b for e, b in but.items()}
        eff = {e: self.junction_effect(d) for e, d in dish.items()}
        lo, hi = np.minimum(eff["_low"], eff["_high"]), np.maximum(eff["_low"], eff["_high"])
        # The band of the effect must cover the mid value too (the bell can fold the range over).
        return FibreChain(
            fibre=f, scfa=scfa[""], scfa_low=scfa["_low"], scfa_high=scfa["_high"],
            butyrate=but[""], butyrate_low=but["_low"], butyrate_high=but["_high"],
            dish=dish[""], dish_low=dish["_low"], dish_high=dish["_high"], effect=eff[""],
            effect_low=np.minimum(lo, eff[""]), effect_high=np.maximum(hi, self._peak_within(dish, eff[""])),
        )

    def _peak_within(self, dish: dict[str, NDArray[np.float64]], mid: NDArray[np.float64]) -> NDArray[np.float64]:
        """Where the band of concentrations spans the best dose, the top of the effect band is the peak."""
        spans = (dish["_low"] <= self.best_dose) & (self.best_dose <= dish["_high"])
        peak = float(self.junction_effect(self.best_dose)[0])
        return np.where(spans, peak, mid)

    def shortfall(self, fibre: float) -> float:
        """The fibre shortfall (g/day below the recommendation): chapter 3's low-fibre intensity."""
        f = check_number("fibre intake", fibre, 0.0, FIBRE_MAX, "g/day")
        return max(0.0, self.constants.fibre_recommended - f)


# -- strategies ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class StrategySpec:
    """One strategy, as the model needs it (built from a ``data/strategies.yaml`` record)."""

    id: str
    label: str
    acts_on: tuple[str, ...] = ()
    action: str | None = None
    effect: float | None = None  # protect: share of the cause's effect prevented
    effect_range: tuple[float, float] | None = None
    not_modelled_because: str | None = None

    def __post_init__(self) -> None:
        if self.action is None:
            if not self.not_modelled_because:
                raise ValueError(f"{self.id}: a strategy without an action must say why it is not modelled")
            return
        if self.action not in ACTIONS:
            raise ValueError(f"{self.id}: action must be one of {', '.join(ACTIONS)}; got {self.action!r}")
        if not self.acts_on:
            raise ValueError(f"{self.id}: a modelled strategy must name the causes it acts on")
        if self.action == "protect":
            check_number(f"{self.id}: effect", self.effect, 0.0, 1.0, "share of the cause's effect prevented")
            low, high = self.effect_range or (self.effect, self.effect)
            check_number(f"{self.id}: effect range low", low, 0.0, float(self.effect), "not above the effect")
            check_number(f"{self.id}: effect range high", high, float(self.effect), 1.0, "not below the effect")

    @property
    def modelled(self) -> bool:
        return self.action is not None


def strategy_specs_from_catalogue(catalogue: object) -> dict[str, StrategySpec]:
    """A :class:`StrategySpec` for every strategy record (``gutwidgets.data.Catalogue``), with its
    effect's value and range where it has one."""
    out: dict[str, StrategySpec] = {}
    for sid, rec in catalogue.of_kind("strategies").items():  # type: ignore[attr-defined]
        fact = catalogue.fact(rec.effect) if rec.effect else None  # type: ignore[attr-defined]
        out[sid] = StrategySpec(id=sid, label=rec.label, acts_on=tuple(rec.acts_on), action=rec.action,
                                effect=fact.value if fact else None, effect_range=fact.range if fact else None,
                                not_modelled_because=rec.not_modelled_because)
    return out


@dataclass(frozen=True)
class Use:
    """A strategy used from day ``start``; ``level`` is the new intensity for ``set_intensity``."""

    strategy: str
    start: float = 0.0
    level: float | None = None


@dataclass(frozen=True)
class Plan:
    """A scenario with and without the strategies, with the band of the sugar-test ratio."""

    days: NDArray[np.float64]
    without: Course
    with_: Course
    band_low: NDArray[np.float64]  # sugar-test ratio (lactulose/mannitol)
    band_high: NDArray[np.float64]
    status: dict[str, str]  # strategy id -> "modelled", or in words why it has no effect here

    def effective(self) -> list[str]:
        return [sid for sid, s in self.status.items() if s == "modelled"]


class StrategyModel:
    """Strategies acting on chapter 3's causes, with an uncertainty band.

    Parameters
    ----------
    causes
        The cause model at the records' values.
    strategies
        The strategies, by id.
    causes_low, causes_high
        The same causes with each size at the low / high end of its range (default: ``causes``).
    ratio_spread
        Person-to-person spread of the sugar-test ratio (sd of its logarithm; chapter 6).
    """

    def __init__(self, causes: CauseModel, strategies: Mapping[str, StrategySpec], *,
                 causes_low: CauseModel | None = None, causes_high: CauseModel | None = None,
                 ratio_spread: float = 0.0) -> None:
        if not strategies:
            raise ValueError("strategies must name at least one strategy")
        self.causes = causes
        self.causes_low = causes_low or causes
        self.causes_high = causes_high or causes
        self.strategies = dict(strategies)
        self.ratio_spread = check_number("ratio_spread", ratio_spread, 0.0, 3.0, "sd of the log ratio")
        for s in self.strategies.values():
            for cid in s.acts_on:
                if cid not in causes.specs:
                    raise ValueError(f"{s.id}: acts on unknown cause {cid!r}; allowed: {', '.join(causes.specs)}")

    def _spec(self, sid: str) -> StrategySpec:
        try:
            return self.strategies[sid]
        except KeyError:
            raise ValueError(f"unknown strategy {sid!r}; allowed: {', '.join(self.strategies)}") from None

    def status(self, sid: str, exposures: Iterable[Exposure]) -> str:
        """'modelled', or in words why this strategy has no effect in this scenario."""
        spec = self._spec(sid)
        if not spec.modelled:
            return f"not modelled: {spec.not_modelled_because}"
        present = {e.cause for e in exposures if e.intensity > 0}
        if not present & set(spec.acts_on):
            names = ", ".join(self.causes.specs[c].label for c in spec.acts_on)
            return f"no effect in this scenario: it acts only on {names}, which is not part of it."
        return "modelled"

    def _check_use(self, use: Use) -> StrategySpec:
        spec = self._spec(use.strategy)
        check_number(f"{use.strategy} start", use.start, 0.0, MAX_DAYS, "day the strategy starts")
        if spec.action == "set_intensity":
            if use.level is None:
                raise ValueError(f"{use.strategy}: give level, the new intensity of {', '.join(spec.acts_on)}")
            for cid in spec.acts_on:
                top = self.causes.specs[cid].maximum
                check_number(f"{use.strategy} level", use.level, 0.0, top, f"new intensity of {cid}")
        return spec

    def apply(self, exposures: Iterable[Exposure], uses: Iterable[Use], protect_end: str = "") -> list[Exposure]:
        """The exposures after the strategies act (each split at the days strategies start).

        ``protect_end``: '' uses each protecting strategy's effect, '_low' / '_high' the ends of
        its range.
        """
        uses = list(uses)
        specs = [self._check_use(u) for u in uses]
        out: list[Exposure] = []
        for ex in exposures:
            acting = [(u, s) for u, s in zip(uses, specs) if s.modelled and ex.cause in s.acts_on]
            end = math.inf if ex.stop is None else ex.stop
            cuts = sorted({u.start for u, _ in acting if ex.start < u.start < end})
            edges = [ex.start, *cuts, end]
            for a, b in itertools.pairwise(edges):
                level = ex.intensity
                active = [(u, s) for u, s in acting if u.start <= a]
                for u, s in sorted(active, key=lambda us: us[1].action == "protect"):  # set/stop before protect
                    if s.action == "stop":
                        level = 0.0
                    elif s.action == "set_intensity":
                        level = min(level, float(u.level))  # type: ignore[arg-type]
                    else:
                        lo, hi = s.effect_range or (s.effect, s.effect)
                        share = {"": s.effect, "_low": lo, "_high": hi}[protect_end]
                        level *= 1.0 - float(share)  # type: ignore[arg-type]
                if level > 0:
                    out.append(Exposure(ex.cause, level, a, None if math.isinf(b) else b))
        return out

    def plan(self, exposures: Iterable[Exposure], uses: Iterable[Use],
             days: Sequence[float] | NDArray[np.float64]) -> Plan:
        """The scenario without and with the strategies, and the band of the ratio with them."""
        exposures, uses = list(exposures), list(uses)
        t = np.asarray(days, dtype=float)
        without = self.causes.course(exposures, t)
        with_ = self.causes.course(self.apply(exposures, uses), t)
        # Least permeable: small cause sizes, strong protection; most permeable: the reverse.
        low = self.causes_low.course(self.apply(exposures, uses, "_high"), t).lm_ratio
        high = self.causes_high.course(self.apply(exposures, uses, "_low"), t).lm_ratio
        spread = math.exp(QUARTILE_Z * self.ratio_spread)
        band_low = np.minimum.reduce([low, high, with_.lm_ratio]) / spread
        band_high = np.maximum.reduce([low, high, with_.lm_ratio]) * spread
        status = {u.strategy: self.status(u.strategy, exposures) for u in uses}
        return Plan(days=t, without=without, with_=with_, band_low=band_low, band_high=band_high, status=status)
