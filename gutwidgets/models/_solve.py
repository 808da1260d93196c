"""Small numerical tools, so the models need only numpy.

scipy would add 20-50 MB to every dashboard kernel (``scipy.optimize``, ``scipy.integrate``,
``scipy.linalg``) and a large download to an in-browser (Pyodide) kernel, for three small jobs:

- :func:`find_root`: a bracketing root finder for one-dimensional calibrations;
- :func:`expm`: the matrix exponential (scaling and squaring with a degree-13 Pade
  approximant, Higham 2005, the algorithm scipy.linalg.expm also uses);
- :func:`affine_response`: the exact solution of a linear system with a piecewise-linear input,
  which the sugar test and the LPS cascade are built from.

``views/_esm/models/solve.js`` is the page's twin of :func:`expm` and :func:`affine_response` (the same
algorithm step for step; ``tests/test_crosscheck_systemic.py`` compares them). numpy is imported on
first use (``gutwidgets/_np.py``): a kernel that only builds a page computing in the browser never loads it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import ArrayLike, NDArray
else:
    from .._np import np  # imported on first use: chapter 4's kernel builds its page without numpy


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


# Pade(13) coefficients and the norm bound below which it is accurate to double precision
# (Higham, SIAM J. Matrix Anal. Appl. 2005;26:1179-93, table 2.3).
_PADE13 = (64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0,
           129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0,
           40840800.0, 960960.0, 16380.0, 182.0, 1.0)
_THETA13 = 5.371920351148152
#: Most step exponentials a caller's cache keeps (then it starts again).
_CACHE_LIMIT = 20_000


def expm(a: ArrayLike) -> NDArray[np.float64]:
    """exp(A) of a square matrix, or of each matrix in a stack of shape (..., n, n)."""
    m = np.asarray(a, dtype=float)
    if m.ndim < 2 or m.shape[-1] != m.shape[-2]:
        raise ValueError(f"expm needs square matrices (shape (..., n, n)); got shape {m.shape}")
    if not np.all(np.isfinite(m)):
        raise ValueError("expm needs finite matrix entries")
    stack = m.reshape(-1, m.shape[-1], m.shape[-1])
    out = np.empty_like(stack)
    norms = np.abs(stack).sum(axis=-2).max(axis=-1)  # 1-norm of each matrix
    squarings = np.maximum(0, np.ceil(np.log2(np.maximum(norms, 1e-300) / _THETA13))).astype(int)
    for s in np.unique(squarings):  # matrices that need the same number of squarings together
        pick = squarings == s
        out[pick] = _pade13(stack[pick] / 2.0 ** s, int(s))
    return out.reshape(m.shape)


def _pade13(a: NDArray[np.float64], squarings: int) -> NDArray[np.float64]:
    b = _PADE13
    ident = np.broadcast_to(np.eye(a.shape[-1]), a.shape)
    a2 = a @ a
    a4 = a2 @ a2
    a6 = a4 @ a2
    u = a @ (a6 @ (b[13] * a6 + b[11] * a4 + b[9] * a2) + b[7] * a6 + b[5] * a4 + b[3] * a2 + b[1] * ident)
    v = a6 @ (b[12] * a6 + b[10] * a4 + b[8] * a2) + b[6] * a6 + b[4] * a4 + b[2] * a2 + b[0] * ident
    r = np.linalg.solve(v - u, v + u)
    for _ in range(squarings):
        r = r @ r
    return r


def affine_response(a: ArrayLike, b: ArrayLike, c: ArrayLike, y0: ArrayLike, times: ArrayLike,
                    inputs: ArrayLike, cache: dict[float, NDArray[np.float64]] | None = None) -> NDArray[np.float64]:
    """Solve y' = A y + b u(t) + c exactly when u is linear (or constant) between the given times.

    ``times`` are increasing; ``inputs`` gives the input u at those times (drawn as straight
    lines between them), or one value per step (len(times) - 1: constant over each step).
    ``y0`` is the state at ``times[0]``. Returns the states at ``times``, shape (len(times), n). Each step uses the
    exponential of an augmented matrix (state, 1, u, du/dt), so the only approximation is the
    straight line drawn between input values. Steps of equal length share one exponential;
    ``cache`` (a dict kept by the caller for one fixed system A, b, c) keeps them between calls.
    """
    a = np.asarray(a, dtype=float)
    n = a.shape[0]
    t = np.asarray(times, dtype=float)
    u = np.asarray(inputs, dtype=float)
    if t.ndim != 1 or u.ndim != 1 or u.size not in (t.size, t.size - 1) or np.any(np.diff(t) <= 0):
        raise ValueError("times must be increasing and inputs must give one value per time or per step")
    aug = np.zeros((n + 3, n + 3))
    aug[:n, :n] = a
    aug[:n, n] = c
    aug[:n, n + 1] = b
    aug[n + 1, n + 2] = 1.0
    steps = np.diff(t)
    lengths, which = np.unique(np.round(steps, 12), return_inverse=True)
    if cache is None:
        phis = expm(aug[None] * lengths[:, None, None])
    else:
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        todo = [h for h in lengths.tolist() if h not in cache]
        if todo:
            cache.update(zip(todo, expm(aug[None] * np.array(todo)[:, None, None])))
        phis = np.array([cache[h] for h in lengths.tolist()]).reshape(-1, n + 3, n + 3)
    trans = phis[:, :n, :n]
    if u.size == t.size:
        start, slopes = u[:-1], np.diff(u) / steps
    else:
        start, slopes = u, np.zeros(steps.size)
    # Everything that does not depend on the state, for all steps at once.
    forcing = (phis[which, :n, n] + phis[which, :n, n + 1] * start[:, None] + phis[which, :n, n + 2] * slopes[:, None])
    out = np.empty((t.size, n))
    y = np.asarray(y0, dtype=float).copy()
    out[0] = y
    for i in range(steps.size):
        y = trans[which[i]] @ y + forcing[i]
        out[i + 1] = y
    return out
