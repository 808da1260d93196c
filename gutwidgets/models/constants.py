"""Models built from ``data/``, and the same constants as plain JSON for the browser models.

The one path from the curated records to a model: :func:`model_from_data` (chapter 1's
:class:`~gutwidgets.models.BarrierModel`) and :func:`junction_from_data` (chapter 2's
:class:`~gutwidgets.models.junction.JunctionModel`) read the records with the one loader
(:func:`gutwidgets.data.load`) and build the constants classes from them. :func:`browser_constants`
goes through the same two factories and hands the page what its ES modules
(``views/_esm/models/*.js``) need, as plain numbers, strings and lists: the browser never types a
number that lives in ``data/`` or in a lever table.

This module imports no widget library.
"""

from __future__ import annotations

import dataclasses
import math

from .. import data as gdata
from ._validate import LeverSpec
from .barrier import LEVERS, MAX_RADIUS_ANGSTROM, PARAMETER_RANGES, ROUTES, BarrierConstants, BarrierModel
from .causes import LEAK_CAP, MAX_DAYS, TEER_RECORD, specs_from_catalogue
from .hindrance import HINDRANCE_METHODS
from .junction import (
    ION_RATIO_RECORD,
    JUNCTION_LEVERS,
    LEAK_LIMIT,
    PORE_LIMIT,
    TISSUES,
    JunctionConstants,
    JunctionModel,
)

__all__ = ["BARRIER_PARTS", "CAUSE_PARTS", "JUNCTION_PARTS", "barrier_constants_from_data", "browser_constants",
           "cause_browser_constants",
           "junction_constants_from_data", "junction_from_data", "model_from_data"]

#: The browser models' files in ``views/_esm/``, helpers first, as a widget joins them
#: (``views/_assets.py: asset(*parts)``): chapter 1's barrier model, and chapter 2's junction model on it.
BARRIER_PARTS: tuple[str, ...] = ("lib/pyformat.js", "models/validate.js", "models/hindrance.js", "models/barrier.js")
JUNCTION_PARTS: tuple[str, ...] = (*BARRIER_PARTS, "models/junction.js")
#: Chapter 3's cause model, on the barrier model.
CAUSE_PARTS: tuple[str, ...] = (*BARRIER_PARTS, "models/causes.js")


def barrier_constants_from_data(catalogue: gdata.Catalogue | None = None) -> BarrierConstants:
    """Chapter 1's constants, read from the ``data/`` records."""
    cat = catalogue or gdata.load()
    return BarrierConstants.from_values({rid: cat.fact(rid).value for rid in BarrierConstants.FACT_IDS})


def junction_constants_from_data(catalogue: gdata.Catalogue | None = None) -> JunctionConstants:
    """Chapter 2's own constants (on top of chapter 1's), read from the ``data/`` records."""
    cat = catalogue or gdata.load()
    return JunctionConstants.from_values({rid: cat.fact(rid).value for rid in JunctionConstants.FACT_IDS})


def model_from_data(catalogue: gdata.Catalogue | None = None) -> BarrierModel:
    """A healthy BarrierModel whose constants come from the ``data/`` records."""
    return BarrierModel(constants=barrier_constants_from_data(catalogue))


def junction_from_data(catalogue: gdata.Catalogue | None = None) -> JunctionModel:
    """A healthy JunctionModel whose constants come from ``data/``."""
    cat = catalogue or gdata.load()
    return JunctionModel(constants=junction_constants_from_data(cat), barrier=model_from_data(cat))


def _lever(spec: LeverSpec) -> dict[str, object]:
    return dataclasses.asdict(spec)


def _plain(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError(f"a browser constant must be finite; got {value!r}")
    return float(value)


def browser_constants(catalogue: gdata.Catalogue | None = None) -> dict[str, object]:
    """Every number the browser models of chapters 1 and 2 need, as JSON-able values.

    Keys: ``barrier`` and ``junction`` (the constants classes' fields, by record id, built by the same
    :func:`barrier_constants_from_data` and :func:`junction_constants_from_data` as the Python models;
    no model is built, so the kernel of a page that computes in the browser runs no numpy), ``ranges`` (the records'
    plausible ranges the pages show, e.g. ``small_ion_mannitol_ratio``), ``barrier_levers`` and
    ``junction_levers`` (the dashboards' lever tables), ``barrier_ranges`` (the barrier model's
    full validity ranges), ``barrier_healthy`` and ``junction_defaults`` (the levers' defaults),
    ``route_limits`` (where the junction's route levels stop), ``tissues`` (id -> record and label),
    ``max_radius_angstrom``, ``routes`` and ``hindrance_methods``.
    """
    cat = catalogue or gdata.load()
    barrier, junction = barrier_constants_from_data(cat), junction_constants_from_data(cat)
    ranges = {rid: [_plain(v) for v in cat.fact(rid).range] for rid in (ION_RATIO_RECORD,)}
    return {
        "barrier": {f.name: _plain(getattr(barrier, f.name)) for f in dataclasses.fields(BarrierConstants)},
        "junction": {f.name: _plain(getattr(junction, f.name)) for f in dataclasses.fields(JunctionConstants)},
        "ranges": ranges,
        "ion_ratio_record": ION_RATIO_RECORD,
        "barrier_levers": {name: _lever(spec) for name, spec in LEVERS.items()},
        "junction_levers": {name: _lever(spec) for name, spec in JUNCTION_LEVERS.items()},
        "barrier_ranges": {name: [low, high, meaning] for name, (low, high, meaning) in PARAMETER_RANGES.items()},
        "barrier_healthy": dict(BarrierModel.HEALTHY),
        "junction_defaults": dict(JunctionModel.DEFAULTS),
        "route_limits": {"pore": PORE_LIMIT, "leak": LEAK_LIMIT},
        "tissues": {name: {"record": record, "label": label} for name, (record, label) in TISSUES.items()},
        "max_radius_angstrom": MAX_RADIUS_ANGSTROM,
        "routes": list(ROUTES),
        "hindrance_methods": list(HINDRANCE_METHODS),
    }


def cause_browser_constants(catalogue: gdata.Catalogue | None = None) -> dict[str, object]:
    """Chapter 3's constants: :func:`browser_constants` (the barrier model the causes act on) and
    ``causes``: every cause record as the model's :class:`~gutwidgets.models.causes.CauseSpec`
    (``specs``, in the catalogue's ``order``), the healthy TEER of the reference tissue, and the
    model's limits (``max_days``, ``leak_cap``). Built by the same :func:`specs_from_catalogue` as
    :func:`gutwidgets.models.from_data.cause_model_from_data`."""
    cat = catalogue or gdata.load()
    specs = specs_from_catalogue(cat)
    out = browser_constants(cat)
    out["causes"] = {
        "order": list(specs),
        "specs": {cid: dataclasses.asdict(spec) for cid, spec in specs.items()},
        "teer_healthy": _plain(cat.fact(TEER_RECORD).value),
        "max_days": MAX_DAYS,
        "leak_cap": LEAK_CAP,
    }
    return out
