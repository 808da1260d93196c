"""Trait types and small helpers shared by every widget: theme, bounded levers, the summary."""

from __future__ import annotations

import html
import math
from typing import Any

import traitlets as t

from .. import theme as th


class Theme(t.Unicode):
    """The display theme: 'default' or 'projector'; anything else is refused with the choices.

    Synced with the browser, so the page's projector switch (the template's classroom.js) can
    set it on every widget that has one; the widget then redraws itself in that theme.
    """

    info_text = "'default' or 'projector'"

    def __init__(self, default_value: str = "default", **kwargs: Any) -> None:
        super().__init__(default_value, help="'default' or 'projector'", **kwargs)
        self.metadata["sync"] = True

    def validate(self, obj: Any, value: Any) -> str:
        value = super().validate(obj, value)
        if value not in th.THEMES:
            raise t.TraitError(f"theme must be one of {', '.join(th.THEMES)}; got {value!r}")
        return value


class Lever(t.Float):
    """A bounded lever; an out-of-range (or NaN) value is refused with its name and range."""

    def __init__(self, default_value: float, low: float, high: float, meaning: str, **kwargs: Any) -> None:
        super().__init__(default_value, help=meaning, **kwargs)
        self.low, self.high, self.meaning = low, high, meaning

    def validate(self, obj: Any, value: Any) -> float:
        value = super().validate(obj, value)
        if not (math.isfinite(value) and self.low <= value <= self.high):
            raise t.TraitError(
                f"{self.name} must be from {self.low:g} to {self.high:g} ({self.meaning}); got {value!r}"
            )
        return value


def levers_from(ranges: dict[str, tuple[float, float, str]], defaults: dict[str, Any]) -> dict[str, Lever]:
    """One Lever trait per entry of a model's range table."""
    return {name: Lever(float(defaults[name]), low, high, meaning) for name, (low, high, meaning) in ranges.items()}


def summary_html(text: str) -> str:
    """The live sentence under a dashboard's controls (announced by screen readers)."""
    return f"<p class='gw-summary' role='status' aria-live='polite'>{html.escape(text)}</p>"
