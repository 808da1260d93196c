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

This module imports numpy only: no widget library.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ._validate import LeverSpec, check_number, ranges_of

__all__ = ["CONFOUNDING_LEVERS", "CONFOUNDING_RANGES", "GROUPS", "ConfoundingDemo", "ConfoundingSample"]

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


@dataclass(frozen=True)
class ConfoundingSample:
    """One simulated population and its correlations."""

    hidden: NDArray[np.float64]
    marker: NDArray[np.float64]
    symptom: NDArray[np.float64]
    group: NDArray[np.int_]  # 0, 1, 2: thirds of the hidden factor (for colouring)
    r_overall: float
    r_adjusted: float  # correlation once the hidden factor is taken into account (partial correlation)


def _corr(x: NDArray[np.float64], y: NDArray[np.float64]) -> float:
    sx, sy = float(np.std(x)), float(np.std(y))
    if sx == 0 or sy == 0:
        return 0.0
    return float(np.mean((x - x.mean()) * (y - y.mean())) / (sx * sy))


class ConfoundingDemo:
    """A fixed population whose marker and symptom depend on the levers."""

    def __init__(self, people: int = 300, seed: int = 11) -> None:
        n = int(check_number("people", people, 20, 5000, "number of simulated people"))
        rng = np.random.default_rng(seed)
        self.hidden = rng.standard_normal(n)
        self._noise_x = rng.standard_normal(n)
        self._noise_y = rng.standard_normal(n)
        cut = np.quantile(self.hidden, [1 / 3, 2 / 3])
        self.group = np.searchsorted(cut, self.hidden)

    def sample(self, hidden_to_marker: float = 0.7, hidden_to_symptom: float = 0.7,
               direct_effect: float = 0.0) -> ConfoundingSample:
        """The population for these levers (see :data:`CONFOUNDING_RANGES`)."""
        a, b, c = (check_number(k, v, *CONFOUNDING_RANGES[k])
                   for k, v in (("hidden_to_marker", hidden_to_marker), ("hidden_to_symptom", hidden_to_symptom),
                                ("direct_effect", direct_effect)))
        x = a * self.hidden + math.sqrt(1 - a * a) * self._noise_x
        y = b * self.hidden + c * x + math.sqrt(1 - b * b) * self._noise_y
        z = self.hidden - self.hidden.mean()
        resid = [v - v.mean() - z * float(np.dot(z, v - v.mean()) / np.dot(z, z)) for v in (x, y)]
        return ConfoundingSample(hidden=self.hidden, marker=x, symptom=y, group=self.group,
                                 r_overall=_corr(x, y), r_adjusted=_corr(*resid))
