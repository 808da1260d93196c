"""Dashboard: the one skeleton every chapter dashboard is built on.

A dashboard is a column of controls, a live sentence (``summary``) and views over one model. What
they all share lives here:

- the catalogue (``data/``), loaded once unless one is given;
- the guarded update: :meth:`_update` calls the subclass's :meth:`_render`, which draws and returns
  the live sentence; an exception is logged (with the class name) and the viewer sees
  :data:`ERROR_TEXT` instead of a traceback;
- :meth:`reset`: every :class:`~gutwidgets.views._traits.Lever` trait back to its default, with the
  traits named in ``RESET`` and the values from :meth:`_data_defaults` (numbers read from ``data/``);
- the ``theme`` trait, handed to every child widget that has one, and (where ``PROJECTOR_CLASS``) the
  ``gw-projector`` class on the dashboard's box;
- the contract: a subclass defines :meth:`records` and :meth:`_render`, or it cannot be defined;
- for a dashboard that computes in the page (``IN_PAGE``), a kernel that computes nothing: a lever
  change only marks the kernel's state stale and runs :meth:`_sync_page` (what the page must be told);
  :attr:`model` is built (:meth:`_new_model`) and :attr:`sentence` computed (:meth:`_render`) when
  Python code first reads them. Such a kernel imports no numpy until then (``gutwidgets/_np.py``).

Construction runs in this order: catalogue, :meth:`_setup` (models, state), the box,
:meth:`_data_defaults`, :meth:`_build` (controls and ``children``), theme, observers, first update.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

import ipywidgets as w
import traitlets as t

from .. import data as gdata
from ._traits import Lever, Theme, summary_html

__all__ = ["ERROR_TEXT", "Dashboard"]

log = logging.getLogger(__name__)

#: What a viewer sees instead of a traceback when an update fails.
ERROR_TEXT = "Something went wrong while updating; press Reset to start again."

#: Methods a dashboard must define itself.
_REQUIRED = ("records", "_render")


class Dashboard(w.VBox):
    """The base of every chapter dashboard (see the module's docstring for the contract)."""

    #: Traits whose change redraws the dashboard (``theme`` only if the drawing depends on it).
    UPDATE_ON: ClassVar[tuple[str, ...]] = ()
    #: Traits besides the levers that Reset restores to their declared default.
    RESET: ClassVar[tuple[str, ...]] = ()
    #: False for a dashboard that shows no number from ``data/`` (it gets no catalogue).
    USES_CATALOGUE: ClassVar[bool] = True
    #: Whether the dashboard's box itself carries the ``gw-projector`` class in projector theme (chapter 1's
    #: does, for its larger summary; the others take the projector style from their widgets and the page).
    PROJECTOR_CLASS: ClassVar[bool] = False
    #: True for a dashboard whose interactive path runs in the page (``views/_page.py``): its
    #: ``summary`` is then the page controller, which writes the live sentence and the views' figure
    #: data in the page; the kernel's update only keeps the model in step (and ``sentence``, the
    #: Python twin of the page's sentence) and sends nothing back.
    IN_PAGE: ClassVar[bool] = False

    theme = Theme()

    _model: Any = None
    _sentence: str = ""
    #: IN_PAGE: the levers changed since the kernel's model and sentence were last brought up to date.
    _stale: bool = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        missing = [name for name in _REQUIRED if getattr(cls, name) is getattr(Dashboard, name)]
        if missing:
            raise TypeError(f"{cls.__name__} must define {' and '.join(f'{m}()' for m in missing)}: "
                            "every Dashboard names its data/ records and draws itself")
        # (runs before traitlets sets the class up, so look for the trait descriptors themselves)
        declared = {k for klass in cls.__mro__ for k, v in vars(klass).items() if isinstance(v, t.TraitType)}
        unknown = [name for name in (*cls.UPDATE_ON, *cls.RESET) if name not in declared]
        if unknown:
            raise TypeError(f"{cls.__name__}: UPDATE_ON or RESET names {unknown}, which are not traits")

    def __init__(self, theme: str = "default", catalogue: gdata.Catalogue | None = None, **kwargs: Any) -> None:
        self._catalogue = catalogue or (gdata.load() if self.USES_CATALOGUE else None)
        self._setup()
        super().__init__(**kwargs)
        self.add_class("gw-explorer")
        self.summary = self._page_controller() if self.IN_PAGE else w.HTML(layout=w.Layout(width="100%"))
        for name, value in self._data_defaults().items():
            if name not in kwargs:  # a value given to the constructor wins over the data's start value
                setattr(self, name, value)
        self._build()
        self.theme = theme
        self.observe(self._apply_theme, names=["theme"])  # children first, so a redraw sees the theme
        if self.UPDATE_ON:
            self.observe(self._update, names=list(self.UPDATE_ON))
        self._apply_theme()
        self._update()

    # -- what a subclass provides ---------------------------------------------------------------
    def _setup(self) -> None:
        """Models and state that need no trait yet (runs before the box is built)."""

    def _build(self) -> None:
        """Controls and ``self.children`` (runs once the traits and ``self.summary`` exist)."""

    def _page_controller(self) -> w.DOMWidget:
        """An ``IN_PAGE`` dashboard's controller (a :class:`~gutwidgets.views._page.PageController`)."""
        raise NotImplementedError(f"{type(self).__name__} is IN_PAGE and must define _page_controller()")

    def show_in_kernel(self) -> None:
        """An ``IN_PAGE`` dashboard: draw its views from the kernel's model (what the page draws for the
        same levers), for Python code that reads the figure data. A dashboard the kernel draws is
        always drawn, so this does nothing there."""
        if self.IN_PAGE:
            raise NotImplementedError(f"{type(self).__name__} is IN_PAGE and must define show_in_kernel()")

    def _new_model(self) -> Any:
        """An ``IN_PAGE`` dashboard's Python model, built from ``data/`` on the first read of :attr:`model`."""
        raise NotImplementedError(f"{type(self).__name__} is IN_PAGE and must define _new_model()")

    def _sync_page(self) -> None:
        """An ``IN_PAGE`` dashboard: after a trait change, what the page must be told that it does not
        compute (inputs, notes); no model runs here."""

    def _data_defaults(self) -> dict[str, Any]:
        """Start values read from ``data/`` (or the model), applied at start and by Reset."""
        return {}

    def records(self) -> list[str]:
        """The ``data/`` record ids behind every number this dashboard shows."""
        raise NotImplementedError

    def _render(self) -> str:
        """Draw the current state; return the live sentence. An ``IN_PAGE`` dashboard: bring the
        kernel's model to the levers' state (the page draws) and return the Python sentence."""
        raise NotImplementedError

    # -- the kernel's model and sentence --------------------------------------------------------
    @property
    def model(self) -> Any:
        """The dashboard's Python model, at the levers' state. An ``IN_PAGE`` dashboard builds it on
        the first read (its kernel computes nothing while the page does)."""
        if self.IN_PAGE:
            self._catch_up()
            if self._model is None:  # could not be built: build again, so the reader sees why
                self._model = self._new_model()
        return self._model

    @model.setter
    def model(self, value: Any) -> None:
        self._model = value

    @property
    def sentence(self) -> str:
        """The live sentence for the current levers, as Python has it (the page writes its own twin)."""
        if self.IN_PAGE:
            self._catch_up()
        return self._sentence

    def _catch_up(self) -> None:
        """``IN_PAGE``: build the model if needed and bring it and the sentence to the levers' state."""
        if not self._stale:
            return
        self._stale = False
        try:
            if self._model is None:
                self._model = self._new_model()
            text = self._render()
        except Exception:
            log.exception("gutwidgets: could not update the %s", type(self).__name__)
            text = ERROR_TEXT
        self._sentence = text

    # -- what every dashboard does the same way -------------------------------------------------
    def defaults(self) -> dict[str, Any]:
        """What Reset restores: every Lever and every ``RESET`` trait at its default, then the data's values."""
        out = {name: trait.default() for name, trait in self.traits().items()
               if isinstance(trait, Lever) or name in self.RESET}
        out.update(self._data_defaults())
        return out

    def page_state(self) -> dict[str, Any]:
        """What an ``IN_PAGE`` dashboard's page draws for the current levers, as the kernel's Python twin
        has it: the live sentence and every lever (``tests/test_page_models.py`` checks the page draws the
        same). Empty for a dashboard the kernel draws (its views' state says it all)."""
        if not self.IN_PAGE:
            return {}
        levers = {name: getattr(self, name) for name in self.defaults()}
        return {"sentence": self.sentence, "levers": levers}

    def set_page_levers(self, levers: dict[str, Any]) -> None:
        """Bring this dashboard to the levers a page drew (its controller's ``data-levers``: each control
        by its name in ``summary.controls``, in the lever's units), in one notification. A dashboard
        whose controls are not its traits one to one (chapter 3's switches) overrides this."""
        with self.hold_trait_notifications():
            for name, value in levers.items():
                setattr(self, name, value)

    def reset(self) -> None:
        """Back to the start: every lever (and declared default) restored, in one notification."""
        with self.hold_trait_notifications():
            for name, value in self.defaults().items():
                setattr(self, name, value)

    def _update(self, change: dict | None = None) -> None:
        """Redraw (``IN_PAGE``: tell the page what it needs; the kernel's model waits until it is read);
        never show a traceback to a viewer (it is logged instead)."""
        try:
            if self.IN_PAGE:
                self._stale = True
                self._sync_page()
                return
            text = self._render()
        except Exception:
            log.exception("gutwidgets: could not update the %s", type(self).__name__)
            text = ERROR_TEXT
        self._sentence = text
        if not self.IN_PAGE:
            self.summary.value = summary_html(text)

    def themed_children(self) -> list[t.HasTraits]:
        """Every widget under this dashboard that has a theme trait (nested boxes included)."""
        found, stack, seen = [], list(self.children), set()
        while stack:
            child = stack.pop(0)
            if id(child) in seen:
                continue
            seen.add(id(child))
            if child.has_trait("theme"):
                found.append(child)
            stack.extend(getattr(child, "children", ()))
        return found

    def _apply_theme(self, change: dict | None = None) -> None:
        for child in self.themed_children():
            child.theme = self.theme
        if not self.PROJECTOR_CLASS:
            return
        if self.theme == "projector":
            self.add_class("gw-projector")
        else:
            self.remove_class("gw-projector")
