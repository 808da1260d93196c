"""The tight junction's levers, and the electrical resistance (TEER) they produce.

Levers, as in the laboratory:

- ``claudin2`` -- claudin-2 expression relative to healthy (IL-13 raises it): more pores;
- ``mlck`` -- myosin light chain kinase activity relative to healthy: the ring contracts and
  the leak route opens;
- ``tnf`` -- TNF-alpha (ng/mL). On its own it raises the junction's charge-selective ion
  conductance, calibrated on the published fall in resistance of HT-29/B6 cells given TNF-alpha
  alone (Schmitz et al. 1999: 81 % at 100 ng/mL); in Caco-2 BBE cells TNF-alpha alone likewise
  raised sodium and chloride flow without changing mannitol flow. IFN-gamma priming
  (``ifn_gamma_primed``) amplifies it: in primed Caco-2 cells TNF-alpha also raises MLCK and
  opens the leak route (Wang et al. 2005; an assumed size of effect, recorded in ``data/``).
  Whether priming is needed for the leak effect depends on the cells and protocol: some Caco-2
  studies saw TNF-alpha alone raise paracellular flux, so the model's "leak only when primed" is
  the Wang et al. protocol, not a rule for gut cells in general;
- ``calcium_removed`` -- the fraction of junctional calcium removed (1 = the classic
  chelation experiment): strands come apart and the junction's openings widen. The model shifts
  the flow to larger openings (pore and leak capacity rise, geometrically in the removed fraction),
  calibrated on two published numbers: the fall in resistance (more than 90 %) and the widening of
  Caco-2's equivalent pore radius measured with EGTA (4.6 to 14.6 Å). The sugar ratio therefore rises;
- ``zonulin`` -- the proposed zonulin pathway. It is drawn but changes no number: there is not
  enough evidence to give it a size (commercial zonulin assays do not measure zonulin).

Outputs: the :class:`~gutwidgets.models.barrier.BarrierModel` levels the junction produces, and
TEER for a reference tissue. TEER here treats the resistance as entirely paracellular (the
cells' own membranes are a parallel path that the model leaves out); the small-ion path of each
route is the barrier model's (see its docstring: the pore route's share rests on an uncertain
small-ion : mannitol ratio, so TEER comes with a range).

This module imports numpy only: no widget library.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import ClassVar

from ._validate import LeverSpec, check_number, ranges_of
from .barrier import PARAMETER_RANGES, BarrierModel
from .hindrance import equivalent_pore_radius, pore_ratio

__all__ = ["ION_RATIO_RECORD", "JUNCTION_LEVERS", "JUNCTION_RANGES", "TISSUES", "JunctionConstants", "JunctionModel",
           "dashboard_sentence"]

#: Reference tissues: data/ record id of their healthy TEER, and a label.
TISSUES: dict[str, tuple[str, str]] = {
    "caco2": ("caco2_teer", "Caco-2 cell monolayer"),
    "jejunum": ("jejunum_teer", "Human jejunum (small intestine)"),
    "distal_colon": ("distal_colon_teer", "Human distal colon"),
}

#: The levers: the model's ranges and the chapter 2 dashboard's controls.
JUNCTION_LEVERS: dict[str, LeverSpec] = {
    "claudin2": LeverSpec(0.0, 5.0, 0.1, "× healthy", "claudin-2 relative to healthy (1 = healthy)"),
    "mlck": LeverSpec(0.0, 10.0, 0.1, "× healthy", "MLCK activity relative to healthy (1 = healthy)"),
    "tnf": LeverSpec(0.0, 100.0, 1.0, "ng/mL", "TNF-alpha concentration, ng/mL"),
    "calcium_removed": LeverSpec(0.0, 1.0, 0.05, "fraction",
                                 "fraction of junctional calcium removed (0 = none, 1 = chelated)"),
}
#: (low, high, meaning) of each lever.
JUNCTION_RANGES: dict[str, tuple[float, float, str]] = ranges_of(JUNCTION_LEVERS)

#: The record whose range sets how uncertain the model's TEER is.
ION_RATIO_RECORD = "small_ion_mannitol_ratio"

#: The barrier model's upper limits of the pore and leak routes: the junction's levels stop there.
PORE_LIMIT, LEAK_LIMIT = PARAMETER_RANGES["pore_level"][1], PARAMETER_RANGES["leak_level"][1]


@dataclass(frozen=True)
class JunctionConstants:
    """Published and assumed numbers; field names are ``data/`` record ids."""

    tnf_teer_fall_ht29: float = 0.81
    tnf_dose_ht29: float = 100.0
    tnf_half_effect_dose: float = 10.0
    tnf_leak_rise: float = 4.0
    calcium_removal_teer_fall: float = 0.9
    calcium_pore_widening: float = 3.17
    caco2_teer: float = 350.0
    jejunum_teer: float = 20.0
    distal_colon_teer: float = 289.0

    FACT_IDS: ClassVar[tuple[str, ...]] = (
        "tnf_teer_fall_ht29",
        "tnf_dose_ht29",
        "tnf_half_effect_dose",
        "tnf_leak_rise",
        "calcium_removal_teer_fall",
        "calcium_pore_widening",
        "caco2_teer",
        "jejunum_teer",
        "distal_colon_teer",
    )

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if not (isinstance(v, (int, float)) and math.isfinite(v) and v > 0):
                raise ValueError(f"constant {f.name} must be a finite number > 0; got {v!r}")
        for name in ("tnf_teer_fall_ht29", "calcium_removal_teer_fall"):
            if getattr(self, name) >= 1:
                raise ValueError(f"{name} is a fraction and must be below 1")
        if self.calcium_pore_widening <= 1:
            raise ValueError("calcium_pore_widening must be above 1 (a widening)")

    @classmethod
    def from_values(cls, values: Mapping[str, float]) -> JunctionConstants:
        """Build from record id -> value; every id in FACT_IDS is required."""
        missing = [k for k in cls.FACT_IDS if k not in values]
        if missing:
            raise ValueError(f"missing values for: {', '.join(missing)}")
        return cls(**{k: float(values[k]) for k in cls.FACT_IDS})


def _check(name: str, value: object) -> float:
    low, high, meaning = JUNCTION_RANGES[name]
    return check_number(name, value, low, high, meaning)


class JunctionModel:
    """Tight-junction levers -> route levels -> TEER.

    Parameters
    ----------
    claudin2, mlck, tnf, calcium_removed
        See :data:`JUNCTION_RANGES`.
    ifn_gamma_primed, zonulin
        Booleans.
    tissue
        Reference tissue for TEER: one of :data:`TISSUES`.
    barrier
        The three-route model to drive (default: a fresh healthy one).
    """

    DEFAULTS: ClassVar[dict[str, object]] = {
        "claudin2": 1.0, "mlck": 1.0, "tnf": 0.0, "calcium_removed": 0.0,
        "ifn_gamma_primed": False, "zonulin": False,
    }

    def __init__(self, *, constants: JunctionConstants | None = None, barrier: BarrierModel | None = None,
                 tissue: str = "caco2", **levers: object) -> None:
        self.constants = constants or JunctionConstants()
        self.barrier = barrier or BarrierModel()
        self.tissue = tissue
        self._levers: dict[str, object] = dict(self.DEFAULTS)
        self._calcium_pore_full, self._calcium_leak_full = self._calibrate_calcium()
        self.set(**levers)

    # -- levers -------------------------------------------------------------------------------
    @property
    def tissue(self) -> str:
        """Reference tissue for TEER."""
        return self._tissue

    @tissue.setter
    def tissue(self, value: str) -> None:
        if value not in TISSUES:
            raise ValueError(f"tissue must be one of {', '.join(TISSUES)}; got {value!r}")
        self._tissue = value

    def set(self, **levers: object) -> JunctionModel:
        """Set levers (all checked before any changes); updates the barrier model too."""
        checked: dict[str, object] = {}
        for name, value in levers.items():
            if name in JUNCTION_RANGES:
                checked[name] = _check(name, value)
            elif name in ("ifn_gamma_primed", "zonulin"):
                if not isinstance(value, bool):
                    raise ValueError(f"{name} must be True or False; got {value!r}")
                checked[name] = value
            else:
                allowed = ", ".join([*JUNCTION_RANGES, "ifn_gamma_primed", "zonulin"])
                raise ValueError(f"unknown lever {name!r}; allowed: {allowed}")
        self._levers.update(checked)
        pore, leak = self.route_levels()
        self.barrier.set(pore_level=min(pore, PORE_LIMIT), leak_level=min(leak, LEAK_LIMIT))
        return self

    def reset(self) -> JunctionModel:
        """Healthy, unstimulated junctions."""
        return self.set(**self.DEFAULTS)

    def __getattr__(self, name: str) -> object:
        levers = self.__dict__.get("_levers", {})
        if name in levers:
            return levers[name]
        raise AttributeError(name)

    # -- calibration ---------------------------------------------------------------------------
    def _calibrate_calcium(self) -> tuple[float, float]:
        """Pore and leak capacity factors at full calcium removal.

        Two published numbers fix them: the fall in resistance, and the widening of the equivalent
        (single-pore, Renkin) radius that the lining's own lactulose/mannitol ratio implies.
        """
        c, bc = self.constants, self.barrier.constants
        healthy = BarrierModel(constants=bc, method=self.barrier.method)
        man = healthy.route_permeabilities([bc.mannitol])
        lac_leak = float(healthy.route_permeabilities([bc.lactulose])["leak"][0])
        m_pore, m_leak = float(man["pore"][0]), float(man["leak"][0])
        ions = healthy.ion_permeabilities()
        ratio = bc.small_ion_mannitol_ratio
        a_pore, a_leak = ions["pore"] / ratio, ions["leak"] / ratio
        r0 = equivalent_pore_radius(healthy.lm_ratio(), bc.mannitol, bc.lactulose)
        r1 = r0 * c.calcium_pore_widening
        target = float(pore_ratio(r1, bc.mannitol, bc.lactulose))
        room = lac_leak - target * m_leak
        if room <= 0:
            raise ValueError(
                f"calcium_pore_widening {c.calcium_pore_widening:g} asks for a sugar ratio ({target:.3g}) the leak"
                " route cannot reach; allowed: a smaller widening"
            )
        rho = target * m_pore / room
        g_full = 1.0 / (1.0 - c.calcium_removal_teer_fall)
        pore_full = g_full / (a_pore + a_leak * rho)
        return pore_full, rho * pore_full

    # -- mechanics ----------------------------------------------------------------------------
    def tnf_response(self) -> float:
        """TNF-alpha effect from 0 to 1 (1 at the published dose), primed or not."""
        c = self.constants
        tnf = float(self._levers["tnf"])  # type: ignore[arg-type]
        k = c.tnf_half_effect_dose
        return (tnf / (tnf + k)) / (c.tnf_dose_ht29 / (c.tnf_dose_ht29 + k))

    def calcium_factors(self) -> tuple[float, float]:
        """(pore, leak) capacity factors from calcium removal (1, 1 = none removed)."""
        x = float(self._levers["calcium_removed"])  # type: ignore[arg-type]
        return self._calcium_pore_full ** x, self._calcium_leak_full ** x

    def ion_factor(self) -> float:
        """Charge-selective ion conductance raised by TNF-alpha (1 = unchanged); needs no priming."""
        full = 1.0 / (1.0 - self.constants.tnf_teer_fall_ht29)
        return 1.0 + (full - 1.0) * self.tnf_response()

    def tnf_leak_factor(self) -> float:
        """Leak-route rise from TNF-alpha through MLCK: only on IFN-gamma-primed cells (Wang et al. 2005)."""
        if not self._levers["ifn_gamma_primed"]:
            return 1.0
        return 1.0 + (self.constants.tnf_leak_rise - 1.0) * self.tnf_response()

    def route_levels(self) -> tuple[float, float]:
        """(pore_level, leak_level) for the barrier model."""
        ca_pore, ca_leak = self.calcium_factors()
        pore = float(self._levers["claudin2"]) * ca_pore  # type: ignore[arg-type]
        leak = float(self._levers["mlck"]) * self.tnf_leak_factor() * ca_leak  # type: ignore[arg-type]
        return pore, leak

    def conductance(self, ratio: float | None = None) -> float:
        """Paracellular small-ion conductance relative to healthy junctions.

        ``ratio``: the healthy lining's small-ion : mannitol ratio (default: the recorded value).
        """
        return self.barrier.ion_conductance(ratio) * self.ion_factor()

    def teer(self, tissue: str | None = None, ratio: float | None = None) -> float:
        """Transepithelial electrical resistance, Ω·cm², for the reference tissue."""
        name = tissue or self.tissue
        if name not in TISSUES:
            raise ValueError(f"tissue must be one of {', '.join(TISSUES)}; got {name!r}")
        healthy = getattr(self.constants, TISSUES[name][0])
        g = self.conductance(ratio)
        return healthy / g if g > 0 else math.inf

    def teer_fall(self, ratio: float | None = None) -> float:
        """Fractional fall of TEER from the healthy value (negative for a rise)."""
        g = self.conductance(ratio)
        return 1.0 - 1.0 / g if g > 0 else -math.inf

    def teer_fall_span(self, low: float, high: float) -> tuple[float, float]:
        """(smallest, largest) TEER fall over small-ion : mannitol ratios from ``low`` to ``high``."""
        falls = (self.teer_fall(low), self.teer_fall(high), self.teer_fall())
        return min(falls), max(falls)

    def summary(self) -> str:
        """The junction's state in plain words."""
        lv = self._levers
        parts = []
        if lv["tnf"] and not lv["ifn_gamma_primed"]:
            parts.append(f"TNF-alpha at {lv['tnf']:g} ng/mL raises ion flow between the cells; without IFN-gamma"
                         " priming it does not open the leak route here.")
        elif lv["tnf"]:
            parts.append(f"TNF-alpha at {lv['tnf']:g} ng/mL on primed cells raises ion flow and, through MLCK,"
                         " opens the leak route.")
        if lv["calcium_removed"]:
            parts.append(f"{float(lv['calcium_removed']):.0%} of junctional calcium removed: strands come apart"  # type: ignore[arg-type]
                         " and the openings widen.")
        if lv["zonulin"]:
            parts.append("Zonulin pathway shown as proposed only; its size of effect is not modelled.")
        pore, leak = self.route_levels()
        teer = self.teer()
        label = TISSUES[self.tissue][1]
        fall = self.teer_fall()
        if math.isinf(teer):
            resistance = "no ions can pass between the cells, so the model's resistance has no limit"
        else:
            change = ("about as healthy" if abs(fall) < 0.005 else
                      f"{fall:.0%} below healthy" if fall > 0 else f"{-fall:.0%} above healthy")
            resistance = f"{teer:.3g} Ω·cm², {change}"
        parts.append(f"Pore route {_times(pore)} and leak route {_times(leak)} healthy. Resistance ({label}):"
                     f" {resistance}.")
        return " ".join(parts)


def dashboard_sentence(model: JunctionModel, ratio_range: tuple[float, float]) -> str:
    """Chapter 2's live sentence: the model's summary, with the dashboard's hints around it.

    ``ratio_range``: the (low, high) plausible range of the healthy lining's small-ion : mannitol
    ratio (record :data:`ION_RATIO_RECORD`). Adds the primed-cells hint when TNF-alpha is at 0, the
    range of the fall in resistance when that ratio makes it uncertain, and a warning for each route
    the levers push beyond the barrier model's limit. The browser's ``dashboardSentence``
    (``views/_esm/models/junction.js``) is its twin; tests/test_crosscheck.py keeps them equal.
    """
    text = model.summary()
    if model.ifn_gamma_primed and not model.tnf:
        text = "Cells primed with IFN-gamma: TNF-alpha will now also open the leak route; move its slider. " + text
    low_r, high_r = ratio_range
    lo_fall, hi_fall = model.teer_fall_span(low_r, high_r)
    if hi_fall - lo_fall >= 0.01:
        text += (f" How much resistance changes is uncertain: between {_pct(lo_fall)} and {_pct(hi_fall)},"
                 " depending on how much more easily small ions than mannitol pass (an estimate from cell"
                 " studies).")
    pore, leak = model.route_levels()
    for route, level, top in (("pore", pore, PORE_LIMIT), ("leak", leak, LEAK_LIMIT)):
        if level > top:
            text += (f" The levers ask for a {route} route of {level:.3g} × healthy, beyond the model's limit"
                     f" of {top:g} × healthy: it stays at {top:g}, so pushing it further changes nothing.")
    return text


def _pct(fall: float) -> str:
    """A fall in resistance in words: "12 % lower" or "3 % higher"."""
    return f"{fall:.0%} lower" if fall >= 0 else f"{-fall:.0%} higher"


def _times(level: float) -> str:
    """A route level in words: "1x", "7.3x", "570x"."""
    return f"{level:,.0f}x" if level >= 100 else f"{level:.2g}x"
