"""A small bracketing root finder, so models need not import scipy.optimize (about 20 MB per
kernel) for one-dimensional calibrations."""

from __future__ import annotations

import math
from collections.abc import Callable


def find_root(f: Callable[[float], float], low: float, high: float, *, xtol: float = 1e-12,
              rtol: float = 1e-12, maxiter: int = 200) -> float:
    """A root of ``f`` in [low, high], where f(low) and f(high) differ in sign (Illinois method).

    Raises ValueError when the interval does not bracket a root or ``f`` is not finite there.
    """
    a, b = float(low), float(high)
    fa, fb = f(a), f(b)
    if not (math.isfinite(fa) and math.isfinite(fb)):
        raise ValueError(f"f must be finite at both ends of [{a:g}, {b:g}]")
    if fa == 0:
        return a
    if fb == 0:
        return b
    if (fa > 0) == (fb > 0):
        raise ValueError(f"f(low) and f(high) must differ in sign on [{a:g}, {b:g}]")
    side = 0
    c = a
    for _ in range(maxiter):
        c = (a * fb - b * fa) / (fb - fa)
        if not (min(a, b) < c < max(a, b)):  # guard: fall back to bisection
            c = 0.5 * (a + b)
        fc = f(c)
        if fc == 0 or abs(b - a) <= xtol + rtol * abs(c):
            return c
        if (fc > 0) == (fb > 0):
            b, fb = c, fc
            if side == -1:
                fa *= 0.5
            side = -1
        else:
            a, fa = c, fc
            if side == 1:
                fb *= 0.5
            side = 1
    return c
