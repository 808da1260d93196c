"""PageController: a dashboard's interactive path, run in the page.

A dashboard that computes in the page (``Dashboard.IN_PAGE``) puts one controller in its column,
where the Reset button and the live sentence go. In the browser the controller

- reads the dashboard's controls (sliders, check boxes, menus: widget references in ``controls``)
  while they move, a drag included, converting each shown value to the lever's value;
- runs the browser model (``_esm/models/*.js``) on the constants from ``data/`` (``constants``,
  built by :func:`gutwidgets.models.constants.browser_constants`);
- writes the live sentence, and writes each view's figure data into that view's model in the page
  (``views``: widget references). Nothing of that goes to the kernel: the kernel hears the control
  values (so ``explorer.leak_level`` and ``explorer.model`` follow the page) and sends no figure data;
- runs Reset in the page: every control back to its default (``defaults``, in the control's own
  units), told to the kernel like a move.

The page code is the controller skeleton ``_esm/lib/page.js`` and one ``_esm/pages/<topic>.js``
per dashboard (its ``compute``). See ``docs/architecture.md``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import quote

import anywidget
import ipywidgets as w
import traitlets as t

from ._assets import asset
from ._traits import Lever, Theme

__all__ = ["PageController", "control_spec", "link_number", "page_esm", "state_link", "widget_ref"]

#: Controls read by their index: the page's copies of these have no value.
SELECTIONS = (w.Dropdown, w.SelectionSlider, w.ToggleButtons)

#: anywidget's wire form of a widget reference (``host.getModel`` in the page resolves it).
REF_PREFIX = "anywidget:"


def widget_ref(widget: w.Widget) -> str:
    """The page's reference to ``widget``'s model."""
    return f"{REF_PREFIX}{widget.model_id}"


def page_esm(parts: tuple[str, ...], compute: str, options: str | None = None) -> str:
    """A controller's front end: its parts joined (helpers first), then the default export that runs
    ``compute`` (a function of the last part) with ``lib/page.js``'s skeleton, and its ``options``
    (the name of an object of the last part: onControl, buttons, onButton, resetState)."""
    extra = f", {options}" if options else ""
    return asset(*parts) + f"\nexport default gwPageController({compute}{extra});\n"


def control_spec(control: w.Widget, owner: t.HasTraits | None = None, lever: str | None = None) -> dict[str, Any]:
    """How the page reads one control and what Reset sets it to.

    A slider of a :class:`Lever` shows ``value * shown_as``: ``scale`` is that factor. A menu (a
    Dropdown, a SelectionSlider, ToggleButtons) is read by its ``index`` (the page's copy of a
    selection has no value), then mapped through ``choices``. A check box's value is its state.
    ``default`` is the control's reset value in its own units (``index`` for a menu).
    """
    spec: dict[str, Any] = {"ref": widget_ref(control), "attr": "value", "scale": 1.0, "choices": None}
    if isinstance(control, SELECTIONS):
        values = [v for _label, v in control.options] if control.options and isinstance(control.options[0], tuple) \
            else list(control.options)
        spec.update(attr="index", choices=values)
    if owner is not None and lever is not None:
        trait = owner.traits()[lever]
        default = trait.default()
        if isinstance(trait, Lever):
            spec["scale"] = float(trait.spec.shown_as)
            spec["default"] = float(default) * spec["scale"]
        elif spec["choices"] is not None:
            spec["default"] = spec["choices"].index(default)
        else:
            spec["default"] = default
    return spec


#: What encodeURIComponent leaves as it is besides letters, digits and "-_.~" (which quote keeps too).
URI_SAFE = "!*'()"


def link_number(value: float) -> str:
    """A number as the page address writes it (``gwLinkNumber``: 12 significant figures, JavaScript's
    ``String`` of the result: no exponent, no trailing ``.0``)."""
    text = format(Decimal(repr(float(f"{value:.12g}"))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _link_text(spec: dict[str, Any], value: Any) -> str:
    if spec["choices"] is not None:
        choice = spec["choices"][value]
        return link_number(choice) if isinstance(choice, (int, float)) and not isinstance(choice, bool) else str(choice)
    if isinstance(value, bool):
        return "1" if value else "0"
    return link_number(value)


def state_link(dashboard: Any, prefix: str | None = None) -> str:
    """The page address part (``#...``) that opens ``dashboard``'s page controller in its current state:
    each control whose value differs from its default, by its lever name (``gwLinkHash`` in
    ``_esm/lib/page.js`` writes the same for the same controls)."""
    page = dashboard.summary
    prefix = page.link_prefix if prefix is None else prefix
    pairs = []
    for name, spec in page.controls.items():
        value = getattr(dashboard.control_widgets[name], spec["attr"])
        if "default" in spec and value == spec["default"]:
            continue
        pairs.append(f"{quote(prefix + name, safe=URI_SAFE)}={quote(_link_text(spec, value), safe=URI_SAFE)}")
    return f"#{'&'.join(pairs)}" if pairs else ""


class PageController(anywidget.AnyWidget):
    """The Reset button and live sentence of a dashboard that computes in the page.

    A subclass sets ``_esm`` to its page parts (the browser model's files, ``lib/page.js``, then
    ``pages/<topic>.js``); the dashboard fills ``constants``, ``controls``, ``views`` and ``inputs``.
    """

    _css = t.Unicode(asset("page.css")).tag(sync=True)

    constants = t.Dict(help="the browser model's constants (browser_constants())").tag(sync=True)
    inputs = t.Dict(help="what no control changes: probes, grids, figure styles, error text").tag(sync=True)
    controls = t.Dict(help="lever -> how the page reads its control (control_spec)").tag(sync=True)
    views = t.Dict(help="view name -> widget reference of the view the page draws into").tag(sync=True)
    reset_tooltip = t.Unicode("Back to the start", help="the Reset button's tooltip").tag(sync=True)
    state = t.Dict(help="the dashboard's own state in the page (e.g. a pinned scenario), told to the kernel"
                   ).tag(sync=True)
    link_prefix = t.Unicode("", help="before each lever's name in the page address, where a page has two"
                            " dashboards (e.g. 'confounding.')").tag(sync=True)
    theme = Theme().tag(sync=True)
