"""Paracellular transport across the intestinal lining through three parallel routes.

The Turner group's framework: molecules pass between epithelial cells by

- the **pore** route: small, charge-selective channels (about 4 Å radius) made by claudin-2;
  its capacity scales with the number of pores (``pore_level``);
- the **leak** route: rarer, larger openings (about 50 Å radius) regulated by myosin light
  chain kinase (MLCK) and TNF; its capacity scales with ``leak_level``;
- the **unrestricted** route: where the epithelium is eroded, molecules of any size pass;
  its capacity scales with the eroded surface fraction (``damaged_fraction``).

Each route's permeability to a molecule of Stokes radius ``a`` is
``S_route * level * D0(a) * H(a / r_route)``, with ``D0`` from Stokes-Einstein and ``H`` the
diffusive hindrance (Dechadilok-Deen by default, Renkin on request). The unrestricted route has
no hindrance. Permeabilities are reported relative to mannitol's through a healthy lining.

Small ions (what TEER measures) are not computed from the same sharp 4 Å pore. Mannitol sits at
lambda = 0.9 in that pore, far past where either hindrance formula holds, so the formula makes the
pore route about 11,000 times (Dechadilok-Deen) or 500 times (Renkin) more permeable to small ions
than to mannitol; measured Caco-2 resistance against measured mannitol permeability puts the
whole lining's small-ion : mannitol ratio nearer 6-60 (record ``small_ion_mannitol_ratio``). So the
leak and unrestricted routes, where the small molecules are far from the wall and the formula
holds, carry ions by the same formula; the pore route's ion permeability is scaled so that the
healthy lining has the recorded small-ion : mannitol ratio. The result: the pore route carries
most of the ions (claudin-2 moves TEER), and opening the leak route lowers TEER by an amount that
depends on that uncertain ratio (:meth:`BarrierModel.ion_conductance` takes it as an argument so
a page can show the range).

The route scales ``S_route`` are calibrated, not measured: the leak scale so that a healthy
lining gives the published lactulose/mannitol ratio, the unrestricted scale so that an assumed
eroded fraction reproduces the published rise with an NSAID. :class:`BarrierConstants` holds
every number the model uses; :meth:`BarrierConstants.from_values` builds it from ``data/``
records, and a test keeps the defaults equal to those records.

This module imports numpy only: no widget library.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, ClassVar

from ._validate import LeverSpec, check_number
from .hindrance import HINDRANCE_METHODS, hindrance, stokes_einstein

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import ArrayLike, NDArray
else:
    from .._np import np

__all__ = ["LEVERS", "PARAMETER_RANGES", "ROUTES", "BarrierConstants", "BarrierModel", "BarrierState"]

ROUTES: tuple[str, ...] = ("pore", "leak", "unrestricted")

#: Allowed range of each lever: (low, high, what it means).
PARAMETER_RANGES: dict[str, tuple[float, float, str]] = {
    "pore_level": (0.0, 20.0, "number of claudin-2 pores relative to a healthy lining (1 = healthy)"),
    "leak_level": (0.0, 1.0e5, "leak-route capacity (MLCK/TNF activity, calcium removal) relative to healthy"
                   " (1 = healthy)"),
    "damaged_fraction": (0.0, 1.0, "fraction of the surface that is eroded (0 = intact, 1 = all)"),
}

#: The chapter 1 dashboard's levers: the part of each range worth exploring by hand (inside
#: PARAMETER_RANGES, which other models use in full). The eroded fraction is shown in percent.
LEVERS: dict[str, LeverSpec] = {
    "pore_level": LeverSpec(0.0, 5.0, 0.1, "× healthy", "claudin-2 pores relative to a healthy lining"),
    "leak_level": LeverSpec(0.1, 100.0, 0.05, "× healthy", "leak-route capacity (MLCK/TNF) relative to healthy",
                            scale="log"),
    "damaged_fraction": LeverSpec(0.0, 0.02, 0.0001, "%", "fraction of the surface that is eroded",
                                  shown_as=100.0),
}
for _name, _lever in LEVERS.items():
    _lever.within(_name, *PARAMETER_RANGES[_name][:2])

#: Largest Stokes radius accepted, Å (1 µm: about a bacterium).
MAX_RADIUS_ANGSTROM = 1.0e4


@dataclass(frozen=True)
class BarrierConstants:
    """Every published or calibration number the barrier model uses.

    Field names are the ``data/`` record ids they come from (see :attr:`FACT_IDS`).
    """

    pore_radius: float = 4.0  # Å
    leak_radius: float = 50.0  # Å
    water_viscosity_37c: float = 0.69  # mPa·s
    body_temperature: float = 310.15  # K
    healthy_lm_ratio: float = 0.02
    nsaid_ratio_rise: float = 2.5  # fold
    nsaid_damaged_fraction: float = 0.001
    mannitol: float = 3.6  # Å, Stokes radius
    lactulose: float = 4.8  # Å, Stokes radius
    renkin_validity_limit: float = 0.4
    water: float = 1.4  # Å, Stokes radius: stands for small ions
    small_ion_mannitol_ratio: float = 20.0

    FACT_IDS: ClassVar[tuple[str, ...]] = (
        "pore_radius",
        "leak_radius",
        "water_viscosity_37c",
        "body_temperature",
        "healthy_lm_ratio",
        "nsaid_ratio_rise",
        "nsaid_damaged_fraction",
        "mannitol",
        "lactulose",
        "renkin_validity_limit",
        "water",
        "small_ion_mannitol_ratio",
    )

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if not (isinstance(v, (int, float)) and math.isfinite(v) and v > 0):
                raise ValueError(f"constant {f.name} must be a finite number > 0; got {v!r}")
        if self.mannitol >= self.pore_radius * 1.0 and self.mannitol >= self.leak_radius:
            raise ValueError("mannitol must be smaller than the leak radius")
        if self.nsaid_damaged_fraction >= 1:
            raise ValueError("nsaid_damaged_fraction must be below 1")
        if self.nsaid_ratio_rise <= 1:
            raise ValueError("nsaid_ratio_rise must be above 1 (a rise)")
        if self.water >= self.mannitol:
            raise ValueError("water (the small-ion stand-in) must be smaller than mannitol")

    @classmethod
    def from_values(cls, values: Mapping[str, float]) -> BarrierConstants:
        """Build from a mapping of record id to value; every id in FACT_IDS is required."""
        missing = [k for k in cls.FACT_IDS if k not in values]
        if missing:
            raise ValueError(f"missing values for: {', '.join(missing)}")
        return cls(**{k: float(values[k]) for k in cls.FACT_IDS})


@dataclass(frozen=True)
class BarrierState:
    """A read-only snapshot of the model's levers and headline results."""

    pore_level: float
    leak_level: float
    damaged_fraction: float
    lm_ratio: float
    healthy_lm_ratio: float
    lactulose_shares: dict[str, float]
    mannitol_shares: dict[str, float]


def _check_level(name: str, value: object) -> float:
    low, high, meaning = PARAMETER_RANGES[name]
    return check_number(name, value, low, high, meaning)


def _check_radius(radius_angstrom: ArrayLike) -> NDArray[np.float64]:
    try:
        a = np.asarray(radius_angstrom, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"radius_angstrom must be numbers in Å; got {radius_angstrom!r}") from None
    if a.size == 0:
        raise ValueError("radius_angstrom is empty; give at least one Stokes radius in Å")
    if not np.all(np.isfinite(a)) or np.any(a <= 0) or np.any(a > MAX_RADIUS_ANGSTROM):
        raise ValueError(
            f"radius_angstrom must be finite, > 0 and <= {MAX_RADIUS_ANGSTROM:g} Å; got {radius_angstrom!r}"
        )
    return a


class BarrierModel:
    """Three-route paracellular permeability of the intestinal lining.

    Parameters
    ----------
    pore_level, leak_level, damaged_fraction
        The levers; see :data:`PARAMETER_RANGES`. Defaults describe a healthy lining.
    constants
        Published and calibration numbers; defaults equal the ``data/`` records.
    method
        Hindrance function: "dechadilok-deen" (default, valid close to the pore size) or "renkin".
    """

    HEALTHY: ClassVar[dict[str, float]] = {"pore_level": 1.0, "leak_level": 1.0, "damaged_fraction": 0.0}

    def __init__(
        self,
        pore_level: float = 1.0,
        leak_level: float = 1.0,
        damaged_fraction: float = 0.0,
        *,
        constants: BarrierConstants | None = None,
        method: str = "dechadilok-deen",
    ) -> None:
        if method not in HINDRANCE_METHODS:
            raise ValueError(f"method must be one of {', '.join(HINDRANCE_METHODS)}; got {method!r}")
        if constants is not None and not isinstance(constants, BarrierConstants):
            raise ValueError("constants must be a BarrierConstants")
        self.constants = constants or BarrierConstants()
        self.method = method
        self._calibrate()
        self.pore_level = pore_level
        self.leak_level = leak_level
        self.damaged_fraction = damaged_fraction

    # -- levers ---------------------------------------------------------------------------
    @property
    def pore_level(self) -> float:
        """Claudin-2 pore number relative to healthy (0-20)."""
        return self._pore_level

    @pore_level.setter
    def pore_level(self, value: float) -> None:
        self._pore_level = _check_level("pore_level", value)

    @property
    def leak_level(self) -> float:
        """Leak-route capacity relative to healthy (0-100)."""
        return self._leak_level

    @leak_level.setter
    def leak_level(self, value: float) -> None:
        self._leak_level = _check_level("leak_level", value)

    @property
    def damaged_fraction(self) -> float:
        """Eroded fraction of the surface (0-1)."""
        return self._damaged_fraction

    @damaged_fraction.setter
    def damaged_fraction(self, value: float) -> None:
        self._damaged_fraction = _check_level("damaged_fraction", value)

    def set(self, **levers: float) -> BarrierModel:
        """Set several levers at once; all are checked before any changes."""
        unknown = set(levers) - set(PARAMETER_RANGES)
        if unknown:
            raise ValueError(f"unknown lever(s) {sorted(unknown)}; allowed: {', '.join(PARAMETER_RANGES)}")
        checked = {k: _check_level(k, v) for k, v in levers.items()}
        for k, v in checked.items():
            setattr(self, k, v)
        return self

    def reset(self) -> BarrierModel:
        """Restore the healthy defaults (pore 1, leak 1, nothing eroded)."""
        return self.set(**self.HEALTHY)

    # -- calibration ------------------------------------------------------------------------
    def _raw(self, route: str, a: NDArray[np.float64]) -> NDArray[np.float64]:
        c = self.constants
        d0 = np.asarray(stokes_einstein(a, c.body_temperature, c.water_viscosity_37c * 1e-3))
        if route == "pore":
            return d0 * np.asarray(hindrance(a / c.pore_radius, self.method))
        if route == "leak":
            return d0 * np.asarray(hindrance(a / c.leak_radius, self.method))
        return d0

    def _calibrate(self) -> None:
        c = self.constants
        m = np.array([c.mannitol])
        lac = np.array([c.lactulose])
        pm, lm, um = (float(self._raw(r, m)[0]) for r in ROUTES)
        pl, ll, ul = (float(self._raw(r, lac)[0]) for r in ROUTES)
        r0 = c.healthy_lm_ratio
        s_pore = 1.0
        denom = ll - r0 * lm
        if pm <= 0 or denom <= 0 or pl > 0:
            raise ValueError(
                "constants cannot be calibrated: mannitol must fit the pore route, lactulose must not,"
                " and the healthy ratio must be reachable"
            )
        s_leak = r0 * s_pore * pm / denom
        p_man = s_pore * pm + s_leak * lm
        p_lac = s_leak * ll
        fold = c.nsaid_ratio_rise
        denom_u = ul - fold * r0 * um
        if denom_u <= 0:
            raise ValueError("nsaid_ratio_rise is too large to reach by erosion alone")
        x = (fold * r0 * p_man - p_lac) / denom_u
        s_unr = x / c.nsaid_damaged_fraction
        self._scale = {"pore": s_pore / p_man, "leak": s_leak / p_man, "unrestricted": s_unr / p_man}
        # Small ions: the leak route by the formula (valid there); the pore route carries the rest of
        # the healthy lining's recorded small-ion : mannitol ratio.
        w = np.array([c.water])
        self._ion_leak = self._scale["leak"] * float(self._raw("leak", w)[0])
        self._ion_unrestricted = self._scale["unrestricted"] * float(self._raw("unrestricted", w)[0])
        #: What the sharp-pore formula alone would give the pore route (kept to show the artefact).
        self.formula_pore_ion_ratio = float(self._raw("pore", w)[0] / self._raw("pore", np.array([c.mannitol]))[0])
        if self._ion_pore(c.small_ion_mannitol_ratio) <= 0:
            raise ValueError(
                f"small_ion_mannitol_ratio {c.small_ion_mannitol_ratio:g} is below what the leak route alone"
                f" carries ({self._ion_leak:.3g}); allowed: above that"
            )

    def _ion_pore(self, ratio: float) -> float:
        """Healthy pore-route small-ion permeability (relative to healthy mannitol) for a lining ratio."""
        return ratio - self._ion_leak

    # -- results ----------------------------------------------------------------------------
    def _level(self, route: str) -> float:
        return {"pore": self.pore_level, "leak": self.leak_level, "unrestricted": self.damaged_fraction}[route]

    def route_permeabilities(self, radius_angstrom: ArrayLike) -> dict[str, NDArray[np.float64]]:
        """Permeability through each route, relative to mannitol through a healthy lining."""
        a = _check_radius(radius_angstrom)
        return {r: self._scale[r] * self._level(r) * self._raw(r, a) for r in ROUTES}

    def permeability(self, radius_angstrom: ArrayLike) -> NDArray[np.float64] | float:
        """Total permeability (sum of the routes), relative to healthy mannitol."""
        routes = self.route_permeabilities(radius_angstrom)
        total = routes["pore"] + routes["leak"] + routes["unrestricted"]
        return float(total) if np.ndim(total) == 0 else total

    def route_shares(self, radius_angstrom: ArrayLike) -> dict[str, NDArray[np.float64]]:
        """Fraction of each molecule's passage carried by each route (0 where nothing passes)."""
        routes = self.route_permeabilities(radius_angstrom)
        total = routes["pore"] + routes["leak"] + routes["unrestricted"]
        safe = np.where(total > 0, total, 1.0)
        return {r: np.where(total > 0, v / safe, 0.0) for r, v in routes.items()}

    def ion_permeabilities(self, ratio: float | None = None) -> dict[str, float]:
        """Small-ion permeability of each route, relative to mannitol through a healthy lining.

        ``ratio`` is the healthy lining's small-ion : mannitol permeability ratio (default: the
        recorded value); pass the ends of the record's range to see how uncertain TEER is.
        """
        r = self._check_ion_ratio(ratio)
        return {"pore": self._ion_pore(r) * self.pore_level,
                "leak": self._ion_leak * self.leak_level,
                "unrestricted": self._ion_unrestricted * self.damaged_fraction}

    def ion_conductance(self, ratio: float | None = None) -> float:
        """Paracellular small-ion conductance relative to a healthy lining (1 = healthy; TEER goes as 1/this)."""
        r = self._check_ion_ratio(ratio)
        return sum(self.ion_permeabilities(r).values()) / r

    def ion_shares(self, ratio: float | None = None) -> dict[str, float]:
        """Fraction of the small-ion current carried by each route (0 everywhere if nothing passes)."""
        p = self.ion_permeabilities(ratio)
        total = sum(p.values())
        return {k: (v / total if total > 0 else 0.0) for k, v in p.items()}

    def _check_ion_ratio(self, ratio: float | None) -> float:
        if ratio is None:
            return self.constants.small_ion_mannitol_ratio
        low = self._ion_leak
        value = check_number("ratio", ratio, 0.0, math.inf, "the healthy lining's small-ion : mannitol ratio")
        if value <= low:
            raise ValueError(f"ratio must be above {low:.3g} (what the leak route alone carries); got {ratio!r}")
        return value

    def lm_ratio(self) -> float:
        """Lactulose/mannitol permeability ratio: the sugar test's index (healthy = published value)."""
        c = self.constants
        p = np.asarray(self.permeability([c.lactulose, c.mannitol]))
        if p[1] <= 0:
            return math.inf if p[0] > 0 else 0.0
        return float(p[0] / p[1])

    def beyond_validity(self, radius_angstrom: ArrayLike) -> dict[str, NDArray[np.bool_]]:
        """Where a molecule is above the Renkin validity limit yet still smaller than the route."""
        a = _check_radius(radius_angstrom)
        c = self.constants
        out = {}
        for route, r in (("pore", c.pore_radius), ("leak", c.leak_radius)):
            lam = a / r
            out[route] = (lam > c.renkin_validity_limit) & (lam < 1)
        return out

    def state(self) -> BarrierState:
        """Snapshot of levers and headline results."""
        c = self.constants
        shares = self.route_shares([c.lactulose, c.mannitol])
        return BarrierState(
            pore_level=self.pore_level,
            leak_level=self.leak_level,
            damaged_fraction=self.damaged_fraction,
            lm_ratio=self.lm_ratio(),
            healthy_lm_ratio=c.healthy_lm_ratio,
            lactulose_shares={r: float(v[0]) for r, v in shares.items()},
            mannitol_shares={r: float(v[1]) for r, v in shares.items()},
        )

    def summary(self) -> str:
        """The current state in plain words (for screen readers and the back row)."""
        s = self.state()
        parts = [
            f"Pore route (claudin-2): {_describe_level(s.pore_level)}.",
            f"Leak route (MLCK/TNF): {_describe_level(s.leak_level)}.",
            f"Eroded surface: {_describe_damage(s.damaged_fraction)}.",
        ]
        if math.isinf(s.lm_ratio):
            parts.append("Mannitol cannot cross, so the sugar-test ratio is undefined.")
        elif s.lm_ratio == 0:
            parts.append("Neither sugar can cross: the model lining is sealed.")
        else:
            fold = s.lm_ratio / s.healthy_lm_ratio
            parts.append(
                f"Predicted lactulose/mannitol ratio {_fmt(s.lm_ratio)}, {_describe_fold(fold)}"
                f" (healthy lining: {_fmt(s.healthy_lm_ratio)})."
            )
            main_l = max(s.lactulose_shares, key=s.lactulose_shares.__getitem__)
            main_m = max(s.mannitol_shares, key=s.mannitol_shares.__getitem__)
            parts.append(
                f"Lactulose crosses mostly by the {main_l} route ({s.lactulose_shares[main_l]:.0%});"
                f" mannitol mostly by the {main_m} route ({s.mannitol_shares[main_m]:.0%})."
            )
        return " ".join(parts)

    def __repr__(self) -> str:
        return (
            f"BarrierModel(pore_level={self.pore_level:g}, leak_level={self.leak_level:g},"
            f" damaged_fraction={self.damaged_fraction:g}, method={self.method!r})"
        )


def _fmt(x: float) -> str:
    if x == 0:
        return "0"
    digits = max(0, 1 - math.floor(math.log10(abs(x))))
    return f"{x:.{digits}f}"


def _describe_level(x: float) -> str:
    if x == 0:
        return "closed"
    if x < 0.8:
        return f"reduced ({x:.2g}x healthy)"
    if x <= 1.25:
        return "normal"
    if x <= 3:
        return f"raised ({x:.2g}x healthy)"
    return f"greatly raised ({x:.2g}x healthy)"


def _describe_damage(f: float) -> str:
    if f == 0:
        return "none"
    return f"{f:.2%} of the surface" if f < 0.01 else f"{f:.1%} of the surface"


def _describe_fold(fold: float) -> str:
    if 0.8 <= fold <= 1.25:
        return "about the same as a healthy lining"
    if fold > 1:
        return f"{fold:.2g} times the healthy value"
    return f"{fold:.2g} of the healthy value"
