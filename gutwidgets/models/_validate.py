"""Input checks shared by the models: one clear message naming the parameter and its range."""

from __future__ import annotations

import math

import numpy as np


def check_number(name: str, value: object, low: float, high: float, meaning: str) -> float:
    """Return ``value`` as a float if it is a real number in [low, high], else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise ValueError(f"{name} must be a number from {low:g} to {high:g} ({meaning}); got {value!r}")
    v = float(value)
    if not math.isfinite(v) or not low <= v <= high:
        raise ValueError(f"{name} must be from {low:g} to {high:g} ({meaning}); got {value!r}")
    return v
