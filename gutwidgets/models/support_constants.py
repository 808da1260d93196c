"""Chapter 5's constants: the fibre chain's records, the strategies and the band's ranges, as plain
JSON for the page.

:func:`support_browser_constants` hands the page's browser models (``views/_esm/models/support.js``:
``FibreModel``, and ``StrategyModel`` on chapter 3's ``CauseModel``) every number they need, read
from ``data/`` by the same code that builds the Python models of
:func:`gutwidgets.models.from_data.fibre_model_from_data` and
:func:`~gutwidgets.models.from_data.strategy_model_from_data`: the fibre records
(:func:`fibre_constants_from_data`), every strategy (:func:`~gutwidgets.models.support.strategy_specs_from_catalogue`),
each modelled cause's fold at the ends of its range (``from_data.causes_at``'s low and high ends),
and chapter 6's person-to-person spread of the sugar-test ratio, on top of chapter 3's constants
(:func:`~gutwidgets.models.constants.cause_browser_constants`).

No model is built: this module imports neither numpy nor a widget library, so the kernel behind
chapter 5's page runs no numpy (``gutwidgets/_np.py``).
"""

from __future__ import annotations

import dataclasses

from .. import data as gdata
from .causes import specs_from_catalogue
from .constants import CAUSE_PARTS, _plain, cause_browser_constants
from .sugar_test_constants import IQR_RECORD, SugarTestConstants
from .support import (
    ACTIONS,
    BUTYRATE_MAX,
    FIBRE_MAX,
    QUARTILE_Z,
    SUPPORT_LEVERS,
    FibreConstants,
    strategy_specs_from_catalogue,
)

__all__ = ["SUPPORT_PARTS", "fibre_constants_from_data", "fold_ranges_from_data", "ratio_spread_from_data",
           "support_browser_constants"]

#: The browser models' files in ``views/_esm/``, helpers first (``views/_assets.py: asset(*parts)``):
#: chapter 3's cause model (on chapter 1's barrier model), then chapter 5's fibre and strategy models.
SUPPORT_PARTS: tuple[str, ...] = (*CAUSE_PARTS, "models/support.js")


def fibre_constants_from_data(catalogue: gdata.Catalogue | None = None) -> FibreConstants:
    """The fibre chain's constants (values and ranges), read from the ``data/`` records."""
    cat = catalogue or gdata.load()
    return FibreConstants.from_facts({fid: (cat.fact(fid).value, cat.fact(fid).range)
                                      for fid in FibreConstants.FACT_IDS})


def ratio_spread_from_data(catalogue: gdata.Catalogue | None = None) -> float:
    """Chapter 6's person-to-person spread of the sugar-test ratio (sd of its log), from the healthy IQR."""
    cat = catalogue or gdata.load()
    low, high = cat.fact(IQR_RECORD).range
    return SugarTestConstants(healthy_lr_ratio_iqr_low=low, healthy_lr_ratio_iqr_high=high).ratio_spread


def fold_ranges_from_data(catalogue: gdata.Catalogue | None = None) -> dict[str, list[float]]:
    """Each modelled cause's fold at the low and the high end of its record's range: the sizes of
    ``from_data.causes_at(cat, 0)`` and ``causes_at(cat, 1)``."""
    cat = catalogue or gdata.load()
    return {cid: [_plain(v) for v in cat.fact(cat.causes[cid].fold).range]
            for cid, spec in specs_from_catalogue(cat).items() if spec.modelled}


def support_browser_constants(catalogue: gdata.Catalogue | None = None) -> dict[str, object]:
    """Every number chapter 5's browser models need, as JSON-able values.

    Chapter 3's :func:`~gutwidgets.models.constants.cause_browser_constants` (the causes the
    strategies act on, and the barrier model under them), and ``support``: ``fibre``
    (:class:`~gutwidgets.models.support.FibreConstants`' fields by record id, ranges included),
    ``fibre_max`` and ``butyrate_max`` (the model's limits), ``strategies`` (every strategy record as
    the model's :class:`~gutwidgets.models.support.StrategySpec`, in ``strategy_order``),
    ``actions``, ``fold_ranges`` (:func:`fold_ranges_from_data`), ``ratio_spread``
    (:func:`ratio_spread_from_data`), ``quartile_z`` and ``levers`` (the dashboards' lever table).
    """
    cat = catalogue or gdata.load()
    fibre = fibre_constants_from_data(cat)
    specs = strategy_specs_from_catalogue(cat)
    out = cause_browser_constants(cat)
    out["support"] = {
        "fibre": {f.name: _plain(getattr(fibre, f.name)) for f in dataclasses.fields(FibreConstants)},
        "fibre_max": FIBRE_MAX,
        "butyrate_max": BUTYRATE_MAX,
        "strategy_order": list(specs),
        "strategies": {sid: {**dataclasses.asdict(s), "acts_on": list(s.acts_on),
                             "effect_range": None if s.effect_range is None else [_plain(v) for v in s.effect_range]}
                       for sid, s in specs.items()},
        "actions": list(ACTIONS),
        "fold_ranges": fold_ranges_from_data(cat),
        "ratio_spread": _plain(ratio_spread_from_data(cat)),
        "quartile_z": QUARTILE_Z,
        "levers": {name: dataclasses.asdict(spec) for name, spec in SUPPORT_LEVERS.items()},
    }
    return out
