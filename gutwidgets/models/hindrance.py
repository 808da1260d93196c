"""Restricted diffusion of a spherical molecule through a cylindrical pore.

Pure functions of numbers and numpy arrays:

- :func:`renkin` -- Renkin's (1954) hindrance factor, reliable up to lambda of about 0.4;
- :func:`dechadilok_deen` -- Dechadilok and Deen's (2006) overall diffusive hindrance, fitted
  for lambda up to 0.95, with the usual asymptotic form between 0.95 and 1;
- :func:`stokes_einstein` -- free diffusion coefficient of a sphere in water;
- :func:`pore_ratio` and :func:`equivalent_pore_radius` -- the permeability ratio of two molecules
  through one pore, and the single pore radius that gives a measured ratio (how "equivalent pore
  radius" is estimated from two probes).

Here lambda is the molecule's Stokes radius divided by the pore radius. Both hindrance factors
include steric exclusion at the pore mouth, so they are 0 once the molecule is as wide as the pore.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import ArrayLike, NDArray
else:
    from .._np import np

__all__ = [
    "BOLTZMANN", "HINDRANCE_METHODS", "dechadilok_deen", "equivalent_pore_radius", "hindrance", "pore_ratio", "renkin",
    "stokes_einstein",
]

#: Boltzmann constant, J/K (exact, SI 2019).
BOLTZMANN = 1.380649e-23

HINDRANCE_METHODS = ("dechadilok-deen", "renkin")


def _ratio(lam: ArrayLike, name: str = "lam") -> NDArray[np.float64]:
    arr = np.asarray(lam, dtype=float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite numbers (got {lam!r})")
    if np.any(arr < 0):
        raise ValueError(f"{name} must be >= 0 (a ratio of two radii); got {lam!r}")
    return arr


def renkin(lam: ArrayLike) -> NDArray[np.float64] | float:
    """Renkin hindrance factor H(lambda) = (1 - l)^2 (1 - 2.104 l + 2.09 l^3 - 0.95 l^5).

    Parameters
    ----------
    lam
        Solute Stokes radius divided by pore radius (>= 0). H is 0 for lambda >= 1.
    """
    arr = _ratio(lam)
    inside = arr < 1.0
    lc = np.where(inside, arr, 0.0)
    h = (1 - lc) ** 2 * (1 - 2.104 * lc + 2.09 * lc**3 - 0.95 * lc**5)
    out = np.where(inside, np.clip(h, 0.0, None), 0.0)
    return float(out) if out.ndim == 0 else out


_DD = (-1.56034, 0.528155, 1.91521, -2.81903, 0.270788, 1.10115, -0.435933)


def dechadilok_deen(lam: ArrayLike) -> NDArray[np.float64] | float:
    """Overall diffusive hindrance H = Phi * K_d of Dechadilok and Deen (2006).

    ``H = 1 + 9/8 l ln l - 1.56034 l + 0.528155 l^2 + 1.91521 l^3 - 2.81903 l^4
    + 0.270788 l^5 + 1.10115 l^6 - 0.435933 l^7`` for lambda <= 0.95; between 0.95 and 1,
    ``H = (1 - l)^2 * 0.984 ((1 - l) / l)^2.5``; 0 from lambda = 1.
    """
    arr = _ratio(lam)
    out = np.zeros_like(arr, dtype=float)
    low = (arr > 0) & (arr <= 0.95)
    mid = (arr > 0.95) & (arr < 1.0)
    lo = arr[low]
    poly = 1.0 + 9.0 / 8.0 * lo * np.log(lo)
    for power, coef in enumerate(_DD, start=1):
        poly = poly + coef * lo**power
    out[low] = poly
    m = arr[mid]
    out[mid] = (1 - m) ** 2 * 0.984 * ((1 - m) / m) ** 2.5
    out[arr == 0] = 1.0
    out = np.clip(out, 0.0, 1.0)
    return float(out) if out.ndim == 0 else out


def hindrance(lam: ArrayLike, method: str = "dechadilok-deen") -> NDArray[np.float64] | float:
    """Hindrance by the named method ("dechadilok-deen" or "renkin")."""
    if method == "renkin":
        return renkin(lam)
    if method == "dechadilok-deen":
        return dechadilok_deen(lam)
    raise ValueError(f"method must be one of {', '.join(HINDRANCE_METHODS)}; got {method!r}")


def stokes_einstein(
    radius_angstrom: ArrayLike, temperature_k: float = 310.15, viscosity_pa_s: float = 0.69e-3
) -> NDArray[np.float64] | float:
    """Free diffusion coefficient D0 = kT / (6 pi eta a), in cm^2/s.

    Parameters
    ----------
    radius_angstrom
        Stokes radius, Å (> 0).
    temperature_k
        Absolute temperature, K (> 0).
    viscosity_pa_s
        Solvent viscosity, Pa·s (> 0); water at 37 °C is about 0.69e-3.
    """
    a = np.asarray(radius_angstrom, dtype=float)
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        raise ValueError(f"radius_angstrom must be finite and > 0 Å; got {radius_angstrom!r}")
    for name, value in (("temperature_k", temperature_k), ("viscosity_pa_s", viscosity_pa_s)):
        if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
            raise ValueError(f"{name} must be a finite number > 0; got {value!r}")
    d_m2_s = BOLTZMANN * temperature_k / (6 * math.pi * viscosity_pa_s * a * 1e-10)
    out = d_m2_s * 1e4
    return float(out) if out.ndim == 0 else out


def pore_ratio(radius_angstrom: float, small: float, large: float, method: str = "renkin") -> float:
    """Permeability of the ``large`` molecule over the ``small`` one through one pore (radii in Å)."""
    for name, value in (("radius_angstrom", radius_angstrom), ("small", small), ("large", large)):
        if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
            raise ValueError(f"{name} must be a finite radius > 0 Å; got {value!r}")
    if large <= small:
        raise ValueError(f"large ({large:g} Å) must be bigger than small ({small:g} Å)")
    h_small = float(hindrance(small / radius_angstrom, method))
    if h_small <= 0:
        return 0.0
    return small / large * float(hindrance(large / radius_angstrom, method)) / h_small


def equivalent_pore_radius(ratio: float, small: float, large: float, method: str = "renkin") -> float:
    """The single pore radius (Å) through which ``large``/``small`` permeability equals ``ratio``.

    ``ratio`` must lie between 0 and ``small / large`` (the free-diffusion ratio, reached only by an
    infinitely wide pore).
    """
    from ._solve import find_root

    top = small / large
    if not (isinstance(ratio, (int, float)) and math.isfinite(ratio) and 0 < ratio < top):
        raise ValueError(f"ratio must be above 0 and below {top:.4g} (free diffusion); got {ratio!r}")
    return find_root(lambda r: pore_ratio(r, small, large, method) - ratio, large * (1 + 1e-9), 1e6)
