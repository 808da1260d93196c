"""Chapter 4's constants as plain JSON for the browser models, and its model factory's constants.

The two dashboards of chapter 4 compute in the page: the LPS cascade (``views/_esm/models/cascade.js``
on ``models/solve.js`` and chapter 1's barrier model) and the hidden-common-cause demo
(``models/confounding.js`` on ``models/random.js``). The page never types a number that lives in
``data/`` or in a model's lever table or solver settings: :func:`cascade_browser_constants` and
:func:`confounding_browser_constants` hand them over, read from the same records and tables as the
Python models (:func:`gutwidgets.models.from_data.cascade_from_data`,
:class:`~gutwidgets.models.confounding.ConfoundingDemo`). No model is built here, and nothing here
imports numpy: the kernel of chapter 4's page stays small.

This module imports no widget library.
"""

from __future__ import annotations

import dataclasses

from .. import data as gdata
from . import cascade
from .cascade import CASCADE_LEVERS, STATE_NAMES, UNCERTAIN_IDS, CascadeConstants
from .confounding import CONFOUNDING_LEVERS, GROUPS, MAX_PEOPLE, MIN_PEOPLE, PEOPLE, SEED
from .constants import BARRIER_PARTS, _lever, _plain, browser_constants

__all__ = ["CASCADE_PARTS", "CONFOUNDING_PARTS", "SYSTEMIC_PAGE_PARTS", "cascade_browser_constants",
           "cascade_constants_from_data", "confounding_browser_constants"]

#: The browser models' files in ``views/_esm/``, helpers first: the cascade on chapter 1's barrier
#: model and the matrix exponential; the confounding demo on the shared random generator.
CASCADE_PARTS: tuple[str, ...] = (*BARRIER_PARTS, "models/solve.js", "models/cascade.js")
CONFOUNDING_PARTS: tuple[str, ...] = ("lib/pyformat.js", "models/validate.js", "models/random.js",
                                      "models/confounding.js")
#: Chapter 4's page parts (both controllers join the same: ``pages/systemic.js`` holds both computes).
SYSTEMIC_PAGE_PARTS: tuple[str, ...] = (*CASCADE_PARTS, "models/random.js", "models/confounding.js",
                                        "figures/common.js", "figures/systemic.js", "lib/dom.js", "lib/page.js",
                                        "pages/systemic.js")


def cascade_constants_from_data(catalogue: gdata.Catalogue | None = None) -> CascadeConstants:
    """Chapter 4's cascade constants, read from the ``data/`` records."""
    cat = catalogue or gdata.load()
    return CascadeConstants.from_values({rid: cat.fact(rid).value for rid in CascadeConstants.FACT_IDS})


def cascade_browser_constants(catalogue: gdata.Catalogue | None = None) -> dict[str, object]:
    """Chapter 4's cascade: :func:`~gutwidgets.models.constants.browser_constants` (the barrier model
    that sets LPS entry) and ``cascade``: the constants (by record id, checked by
    :class:`~gutwidgets.models.cascade.CascadeConstants`), the ranges of the unmeasured numbers the
    sentence varies (``uncertain``: record id -> [low, high], in :data:`UNCERTAIN_IDS`' order), the
    dashboard's lever table, the state names, and the solver's settings and limits (``solver``)."""
    cat = catalogue or gdata.load()
    constants = cascade_constants_from_data(cat)
    out = browser_constants(cat)
    out["cascade"] = {
        "constants": {f.name: _plain(getattr(constants, f.name)) for f in dataclasses.fields(CascadeConstants)},
        "uncertain": {rid: [_plain(v) for v in cat.fact(rid).range] for rid in UNCERTAIN_IDS},
        "levers": {name: _lever(spec) for name, spec in CASCADE_LEVERS.items()},
        "state_names": list(STATE_NAMES),
        "solver": {"first_step_h": cascade.FIRST_STEP_H, "step_growth": cascade.STEP_GROWTH,
                   "max_multiplier": cascade.MAX_MULTIPLIER, "max_hours": cascade.MAX_HOURS},
    }
    return out


def confounding_browser_constants(people: int = PEOPLE, seed: int = SEED) -> dict[str, object]:
    """Chapter 4's hidden-common-cause demo: its lever table, its population (``people``, ``seed``: the
    draws of :mod:`gutwidgets.models._random`) and the groups of the hidden factor."""
    return {"confounding": {
        "levers": {name: _lever(spec) for name, spec in CONFOUNDING_LEVERS.items()},
        "people": people, "seed": seed, "people_range": [MIN_PEOPLE, MAX_PEOPLE], "groups": list(GROUPS),
    }}
