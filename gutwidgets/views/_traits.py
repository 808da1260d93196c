"""Trait types and small helpers shared by every widget: theme, bounded levers and their sliders,
controls that say why they are disabled, the summary."""

from __future__ import annotations

import html
import math
from typing import Any

import ipywidgets as w
import traitlets as t

from .. import theme as th
from ..models._validate import LeverSpec


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
    """A bounded lever whose range comes from a model's lever table (:class:`LeverSpec`).

    An out-of-range (or NaN) value is refused with a TraitError naming the lever and its range;
    :func:`lever_slider` builds the lever's control from the same table entry.
    """

    def __init__(self, default_value: float, spec: LeverSpec, **kwargs: Any) -> None:
        if not isinstance(spec, LeverSpec):
            raise TypeError(f"a Lever needs a LeverSpec from a model's lever table; got {spec!r}")
        super().__init__(default_value, help=spec.meaning, **kwargs)
        self.spec = spec
        self.low, self.high, self.meaning = spec.low, spec.high, spec.meaning

    def validate(self, obj: Any, value: Any) -> float:
        value = super().validate(obj, value)
        if not (math.isfinite(value) and self.low <= value <= self.high):
            unit = f" {self.spec.unit}" if self.spec.unit and self.spec.shown_as == 1 else ""
            raise t.TraitError(
                f"{self.name} must be from {self.low:g} to {self.high:g}{unit} ({self.meaning}); got {value!r}"
            )
        return value


def levers_from(table: dict[str, LeverSpec], defaults: dict[str, Any]) -> dict[str, Lever]:
    """One Lever trait per entry of a model's lever table."""
    return {name: Lever(float(defaults[name]), spec) for name, spec in table.items()}


def lever_slider(owner: t.HasTraits, name: str, description: str, tooltip: str = "", **kwargs: Any) -> w.DOMWidget:
    """The slider of ``owner``'s Lever trait ``name``, built from the trait's lever table entry and linked to it.

    Its range, step and scale are the lever's, so the slider always shows exactly the trait's
    value (times ``shown_as``, for a lever shown in percent). Extra keyword arguments (style,
    layout, readout_format, ...) go to the slider.
    """
    trait = owner.traits().get(name)
    if not isinstance(trait, Lever):
        raise TypeError(f"{type(owner).__name__}.{name} is not a Lever trait")
    spec = trait.spec
    value = getattr(owner, name)
    kwargs.setdefault("continuous_update", False)
    common = dict(description=description, tooltip=tooltip, **kwargs)
    if spec.scale == "log":
        slider = w.FloatLogSlider(value=value, base=10, min=math.log10(spec.low), max=math.log10(spec.high),
                                  step=spec.step, **common)
    else:
        k = spec.shown_as
        slider = w.FloatSlider(value=value * k, min=spec.low * k, max=spec.high * k, step=spec.step * k, **common)
    if spec.shown_as == 1:
        t.link((slider, "value"), (owner, name))
    else:
        k = spec.shown_as
        t.link((slider, "value"), (owner, name), transform=(lambda shown: shown / k, lambda value: value * k))
    return slider


# -- controls that cannot act say why ---------------------------------------------------------

#: What a disabled control's tooltip starts with, before its reason.
UNAVAILABLE = "Not available now: "


def set_available(control: w.DOMWidget, reason: str | None) -> None:
    """Enable ``control``, or disable it with ``reason`` in its tooltip (see :func:`unavailable_note`)."""
    usual = control.__dict__.setdefault("_gw_usual_tooltip", control.tooltip or "")
    control._gw_reason = reason
    with control.hold_sync():
        control.disabled = reason is not None
        control.tooltip = usual if reason is None else UNAVAILABLE + reason


def unavailable_reason(control: w.DOMWidget) -> str | None:
    """Why ``control`` is disabled (None if it is available)."""
    return control.__dict__.get("_gw_reason")


def unavailable_note(controls: list[w.DOMWidget]) -> str:
    """The visible note beside a dashboard's controls: each disabled one and why (empty if none)."""
    return unavailable_html([(str(getattr(c, "description", "") or "This control"), unavailable_reason(c))
                             for c in controls])


def unavailable_html(items: list[tuple[str, str | None]]) -> str:
    """The note of :func:`unavailable_note` from (label, reason or None) pairs (the page's twin is
    ``gwUnavailableNote`` in ``_esm/lib/page.js``)."""
    lines = "".join(f"<p><b>{html.escape(label)}</b> is greyed out: {html.escape(reason)}</p>"
                    for label, reason in items if reason)
    return f"<div class='gw-control-note' role='note'>{lines}</div>" if lines else ""


def summary_html(text: str) -> str:
    """The live sentence under a dashboard's controls (announced by screen readers)."""
    return f"<p class='gw-summary' role='status' aria-live='polite'>{html.escape(text)}</p>"
