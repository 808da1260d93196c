"""The tight junction's levers, and the electrical resistance (TEER) they produce.

Levers, as in the laboratory:

- ``claudin2`` -- claudin-2 expression relative to healthy (IL-13 raises it): more pores;
- ``mlck`` -- myosin light chain kinase activity relative to healthy: the ring contracts and
  the leak route opens;
- ``tnf`` -- TNF-alpha (ng/mL). It acts only on IFN-gamma-primed epithelium
  (``ifn_gamma_primed``): it raises the charge-selective ion conductance (calibrated on the
  published fall in resistance of HT-29/B6 cells) and, through MLCK, the leak route (an
  assumed size of effect, recorded in ``data/``);
- ``calcium_removed`` -- the fraction of junctional calcium removed (1 = the classic
  chelation experiment): strands come apart and every junctional route widens, calibrated on
  the published fall in resistance;
- ``zonulin`` -- the proposed zonulin pathway. It is drawn but changes no number: there is not
  enough evidence to give it a size (commercial zonulin assays do not measure zonulin).

Outputs: the :class:`~gutwidgets.models.barrier.BarrierModel` levels the junction produces, and
TEER for a reference tissue. TEER here treats the resistance as entirely paracellular (the
cells' own membranes are a parallel path that the model leaves out); small ions are taken to
cross like water-sized molecules.

This module imports numpy only: no widget library.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import ClassVar

from ._validate import LeverSpec, check_number, ranges_of
from .barrier import PARAMETER_RANGES, BarrierModel

__all__ = ["JUNCTION_LEVERS", "JUNCTION_RANGES", "TISSUES", "JunctionConstants", "JunctionModel"]

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

#: The barrier model's upper limits of the pore and leak routes: the junction's levels stop there.
PORE_LIMIT, LEAK_LIMIT = PARAMETER_RANGES["pore_level"][1], PARAMETER_RANGES["leak_level"][1]

#: Small ions are taken to cross like water (Stokes radius, Å, from data/probes.yaml).
ION_PROBE = "water"


@dataclass(frozen=True)
class JunctionConstants:
    """Published and assumed numbers; field names are ``data/`` record ids."""

    tnf_teer_fall_ht29: float = 0.81
    tnf_dose_ht29: float = 100.0
    tnf_half_effect_dose: float = 10.0
    tnf_leak_rise: float = 4.0
    calcium_removal_teer_fall: float = 0.9
    caco2_teer: float = 350.0
    jejunum_teer: float = 20.0
    distal_colon_teer: float = 289.0
    water: float = 1.4

    FACT_IDS: ClassVar[tuple[str, ...]] = (
        "tnf_teer_fall_ht29",
        "tnf_dose_ht29",
        "tnf_half_effect_dose",
        "tnf_leak_rise",
        "calcium_removal_teer_fall",
        "caco2_teer",
        "jejunum_teer",
        "distal_colon_teer",
        "water",
    )

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if not (isinstance(v, (int, float)) and math.isfinite(v) and v > 0):
                raise ValueError(f"constant {f.name} must be a finite number > 0; got {v!r}")
        for name in ("tnf_teer_fall_ht29", "calcium_removal_teer_fall"):
            if getattr(self, name) >= 1:
                raise ValueError(f"{name} is a fraction and must be below 1")

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
        self._healthy_ion = self._ion_permeability(1.0, 1.0)
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

    # -- mechanics ----------------------------------------------------------------------------
    def tnf_response(self) -> float:
        """TNF effect from 0 to 1 (1 at the published dose); 0 unless IFN-gamma-primed."""
        if not self._levers["ifn_gamma_primed"]:
            return 0.0
        c = self.constants
        tnf = float(self._levers["tnf"])  # type: ignore[arg-type]
        k = c.tnf_half_effect_dose
        return (tnf / (tnf + k)) / (c.tnf_dose_ht29 / (c.tnf_dose_ht29 + k))

    def calcium_factor(self) -> float:
        """How much every junctional route widens as calcium is removed (1 = not at all)."""
        c = self.constants
        full = 1.0 / (1.0 - c.calcium_removal_teer_fall)
        return 1.0 + (full - 1.0) * float(self._levers["calcium_removed"])  # type: ignore[arg-type]

    def ion_factor(self) -> float:
        """Charge-selective ion conductance raised by TNF (1 = unchanged)."""
        full = 1.0 / (1.0 - self.constants.tnf_teer_fall_ht29)
        return 1.0 + (full - 1.0) * self.tnf_response()

    def route_levels(self) -> tuple[float, float]:
        """(pore_level, leak_level) for the barrier model."""
        ca = self.calcium_factor()
        pore = float(self._levers["claudin2"]) * ca  # type: ignore[arg-type]
        leak_tnf = 1.0 + (self.constants.tnf_leak_rise - 1.0) * self.tnf_response()
        leak = float(self._levers["mlck"]) * leak_tnf * ca  # type: ignore[arg-type]
        return pore, leak

    def _ion_permeability(self, pore: float, leak: float) -> float:
        b = BarrierModel(pore_level=min(pore, PORE_LIMIT), leak_level=min(leak, LEAK_LIMIT),
                         damaged_fraction=self.barrier.damaged_fraction,
                         constants=self.barrier.constants, method=self.barrier.method)
        return float(b.permeability(self.constants.water))

    def conductance(self) -> float:
        """Paracellular small-ion conductance relative to healthy junctions."""
        pore, leak = self.route_levels()
        return self._ion_permeability(pore, leak) / self._healthy_ion * self.ion_factor()

    def teer(self, tissue: str | None = None) -> float:
        """Transepithelial electrical resistance, Ω·cm², for the reference tissue."""
        name = tissue or self.tissue
        if name not in TISSUES:
            raise ValueError(f"tissue must be one of {', '.join(TISSUES)}; got {name!r}")
        healthy = getattr(self.constants, TISSUES[name][0])
        g = self.conductance()
        return healthy / g if g > 0 else math.inf

    def teer_fall(self) -> float:
        """Fractional fall of TEER from the healthy value (negative for a rise)."""
        g = self.conductance()
        return 1.0 - 1.0 / g if g > 0 else -math.inf

    def summary(self) -> str:
        """The junction's state in plain words."""
        lv = self._levers
        parts = []
        if lv["tnf"] and not lv["ifn_gamma_primed"]:
            parts.append("TNF-alpha has no effect here: the cells were not primed with IFN-gamma.")
        elif lv["tnf"]:
            parts.append(f"TNF-alpha at {lv['tnf']:g} ng/mL on primed cells raises ion flow and MLCK activity.")
        if lv["calcium_removed"]:
            parts.append(f"{float(lv['calcium_removed']):.0%} of junctional calcium removed: strands come apart.")  # type: ignore[arg-type]
        if lv["zonulin"]:
            parts.append("Zonulin pathway shown as proposed only; its size of effect is not modelled.")
        pore, leak = self.route_levels()
        teer = self.teer()
        label = TISSUES[self.tissue][1]
        fall = self.teer_fall()
        if math.isinf(teer):
            resistance = "no ions can pass between the cells, so the model's resistance has no limit"
        else:
            change = ("about as healthy" if abs(fall) < 0.05 else
                      f"{fall:.0%} below healthy" if fall > 0 else f"{-fall:.0%} above healthy")
            resistance = f"{teer:.3g} Ω·cm², {change}"
        parts.append(f"Pore route {pore:.2g}x and leak route {leak:.2g}x healthy. Resistance ({label}): {resistance}.")
        return " ".join(parts)
