"""Association without causation: a hidden common cause makes two things go together.

A simulated population. Each person has a hidden factor ``Z`` (for example an illness, a
medicine or heavy drinking that affects both), a gut-permeability marker ``X`` and a symptom
score ``Y``::

    X = a * Z + sqrt(1 - a^2) * noise_x
    Y = b * Z + c * X + sqrt(1 - b^2) * noise_y

``a``: how strongly the hidden factor raises permeability; ``b``: how strongly it raises the
symptom; ``c``: the direct effect of permeability on the symptom (0 = none). With ``c = 0`` the
marker and the symptom are still correlated (about ``a * b``), but once the hidden factor is taken
into account (the partial correlation, adjusting for ``Z``) the correlation (nearly) disappears.
The noise is drawn once (fixed seed), so moving a lever moves the same people.

The draws come from the small seeded generator Python shares with the page (:mod:`._random`):
``3 * people`` standard normals, the hidden factor first, then each noise. The page draws the same
people (``views/_esm/models/confounding.js``, the twin of this module: every sum is a plain sum
from the first person to the last, on both sides; ``tests/test_crosscheck_systemic.py`` compares
them).

Pure Python: no numpy, no widget library.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ._random import check_seed, standard_normals
from ._validate import LeverSpec, check_number, ranges_of

__all__ = ["CONFOUNDING_LEVERS", "CONFOUNDING_RANGES", "GROUPS", "MAX_PEOPLE", "MIN_PEOPLE", "PEOPLE", "SEED",
           "ConfoundingDemo", "ConfoundingSample", "quantile"]

#: The levers: the model's ranges and the confounding dashboard's controls.
CONFOUNDING_LEVERS: dict[str, LeverSpec] = {
    "hidden_to_marker": LeverSpec(0.0, 0.95, 0.05, "",
                                  "how strongly the hidden factor raises the permeability marker"),
    "hidden_to_symptom": LeverSpec(0.0, 0.95, 0.05, "", "how strongly the hidden factor raises the symptom"),
    "direct_effect": LeverSpec(0.0, 0.95, 0.05, "", "direct effect of permeability on the symptom (0 = none)"),
}
#: (low, high, meaning) of each lever.
CONFOUNDING_RANGES: dict[str, tuple[float, float, str]] = ranges_of(CONFOUNDING_LEVERS)

#: Groups of the hidden factor, lowest third first.
GROUPS: tuple[str, ...] = ("low", "middle", "high")
#: How many people a population may have, and the dashboard's population (its size and seed).
MIN_PEOPLE, MAX_PEOPLE = 20, 5000
PEOPLE, SEED = 300, 11


@dataclass(frozen=True)
class ConfoundingSample:
    """One simulated population and its correlations."""

    hidden: list[float]
    marker: list[float]
    symptom: list[float]
    group: list[int]  # 0, 1, 2: thirds of the hidden factor (for colouring)
    r_overall: float
    r_adjusted: float  # correlation once the hidden factor is taken into account (partial correlation)


def _total(values: list[float]) -> float:
    """A plain sum, first to last (the page's loop adds in the same order)."""
    out = 0.0
    for v in values:
        out += v
    return out


def _mean(values: list[float]) -> float:
    return _total(values) / len(values)


def _centred(values: list[float]) -> list[float]:
    m = _mean(values)
    return [v - m for v in values]


def _dot(x: list[float], y: list[float]) -> float:
    return _total([a * b for a, b in zip(x, y)])


def _corr(x: list[float], y: list[float]) -> float:
    """Pearson's correlation (population standard deviations); 0 where either does not vary."""
    dx, dy = _centred(x), _centred(y)
    sx, sy = math.sqrt(_mean([v * v for v in dx])), math.sqrt(_mean([v * v for v in dy]))
    if sx == 0 or sy == 0:
        return 0.0
    return _mean([a * b for a, b in zip(dx, dy)]) / (sx * sy)


def quantile(values: list[float], q: float) -> float:
    """numpy.quantile's default ("linear"): between the two order statistics around ``q * (n - 1)``."""
    s = sorted(values)
    pos = q * (len(s) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(s) - 1)
    t = pos - lo
    a, b = s[lo], s[hi]
    return b - (b - a) * (1.0 - t) if t >= 0.5 else a + (b - a) * t


class ConfoundingDemo:
    """A fixed population whose marker and symptom depend on the levers."""

    def __init__(self, people: int = PEOPLE, seed: int = SEED) -> None:
        n = int(check_number("people", people, MIN_PEOPLE, MAX_PEOPLE, "number of simulated people"))
        self.people, self.seed = n, check_seed(seed)
        draws = standard_normals(3 * n, self.seed)
        self.hidden = draws[:n]
        self._noise_x = draws[n:2 * n]
        self._noise_y = draws[2 * n:]
        cuts = [quantile(self.hidden, 1 / 3), quantile(self.hidden, 2 / 3)]
        self.group = [sum(1 for c in cuts if c < h) for h in self.hidden]  # numpy.searchsorted's left side

    def sample(self, hidden_to_marker: float = 0.7, hidden_to_symptom: float = 0.7,
               direct_effect: float = 0.0) -> ConfoundingSample:
        """The population for these levers (see :data:`CONFOUNDING_RANGES`)."""
        a, b, c = (check_number(k, v, *CONFOUNDING_RANGES[k])
                   for k, v in (("hidden_to_marker", hidden_to_marker), ("hidden_to_symptom", hidden_to_symptom),
                                ("direct_effect", direct_effect)))
        ka, kb = math.sqrt(1 - a * a), math.sqrt(1 - b * b)
        x = [a * h + ka * e for h, e in zip(self.hidden, self._noise_x)]
        y = [b * h + c * xi + kb * e for h, xi, e in zip(self.hidden, x, self._noise_y)]
        z = _centred(self.hidden)
        zz = _dot(z, z)
        resid = []
        for v in (x, y):
            d = _centred(v)
            k = _dot(z, d) / zz
            resid.append([di - zi * k for di, zi in zip(d, z)])
        return ConfoundingSample(hidden=list(self.hidden), marker=x, symptom=y, group=list(self.group),
                                 r_overall=_corr(x, y), r_adjusted=_corr(*resid))
