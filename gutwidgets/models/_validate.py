"""Input checks shared by the models: one clear message naming the parameter and its range."""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass


def check_number(name: str, value: object, low: float, high: float, meaning: str) -> float:
    """Return ``value`` as a float if it is a real number in [low, high], else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number from {low:g} to {high:g} ({meaning}); got {value!r}")
    v = float(value)
    if not math.isfinite(v) or not low <= v <= high:
        raise ValueError(f"{name} must be from {low:g} to {high:g} ({meaning}); got {value!r}")
    return v


@dataclass(frozen=True)
class LeverSpec:
    """One dashboard lever: its range, its control's step and scale, its unit and meaning.

    The single source of a lever's range: the widget's trait refuses values outside
    ``[low, high]`` and its slider is built from the same numbers. ``scale`` is "linear" or "log"
    (then ``step`` is in powers of ten, and ``low`` must be above 0). ``shown_as`` is the factor
    from the lever's value to the number its control shows (100 shows a fraction as a percentage,
    and ``unit`` is then the shown unit).
    """

    low: float
    high: float
    step: float
    unit: str
    meaning: str
    scale: str = "linear"
    shown_as: float = 1.0

    def __post_init__(self) -> None:
        for name in ("low", "high", "step", "shown_as"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise ValueError(f"lever {name} must be a finite number; got {v!r}")
        if not self.low < self.high:
            raise ValueError(f"lever low must be below high; got {self.low!r} and {self.high!r}")
        if self.step <= 0 or self.shown_as <= 0:
            raise ValueError("lever step and shown_as must be above 0")
        if self.scale not in SCALES:
            raise ValueError(f"lever scale must be one of {', '.join(SCALES)}; got {self.scale!r}")
        if self.scale == "log" and self.low <= 0:
            raise ValueError(f"a log-scale lever needs low above 0; got {self.low!r}")

    def range_words(self) -> str:
        """The range in words, in the lever's own units: 'from 0 to 5 (× healthy)'."""
        return f"from {self.low:g} to {self.high:g} ({self.meaning})"

    def check(self, name: str, value: object) -> float:
        """``value`` as a float if it is a number in range, else ValueError naming the lever and range."""
        return check_number(name, value, self.low, self.high, self.meaning)

    def within(self, name: str, low: float, high: float) -> LeverSpec:
        """Refuse (ValueError) a lever range that is not inside a model's validity range."""
        if not (low <= self.low and self.high <= high):
            raise ValueError(f"lever {name}: range {self.low:g}-{self.high:g} is outside the model's {low:g}-{high:g}")
        return self


#: Slider scales a lever may use.
SCALES = ("linear", "log")


def ranges_of(levers: dict[str, LeverSpec]) -> dict[str, tuple[float, float, str]]:
    """A lever table as the models' (low, high, meaning) range table."""
    return {name: (lv.low, lv.high, lv.meaning) for name, lv in levers.items()}
