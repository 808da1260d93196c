"""Chapters 3-6's models built from ``data/`` (chapters 1 and 2's are in :mod:`.constants`).

Each factory reads the records with the one loader (:func:`gutwidgets.data.load`, unless a
catalogue is given) and builds the model's constants from them, so the dashboards, the notebooks
and the tests get the same model from the same numbers. A separate module from
:mod:`.constants` because these models import numpy, which chapters 1 and 2's kernel path never
does. This module imports no widget library.
"""

from __future__ import annotations

import dataclasses

from .. import data as gdata
from .cascade import CascadeConstants, CascadeModel
from .causes import TEER_RECORD, CauseModel, specs_from_catalogue
from .constants import model_from_data
from .sugar_test import SugarTestModel
from .sugar_test_constants import IQR_RECORD, sugar_test_constants_from_data
from .support import FibreModel, StrategyModel, StrategySpec, strategy_specs_from_catalogue
from .support_constants import fibre_constants_from_data, fold_ranges_from_data, ratio_spread_from_data

__all__ = ["IQR_RECORD", "TEER_RECORD", "cascade_from_data", "cause_model_from_data", "causes_at",
           "fibre_model_from_data", "strategy_model_from_data", "strategy_specs", "sugar_test_from_data"]

def cause_model_from_data(catalogue: gdata.Catalogue | None = None) -> CauseModel:
    """Chapter 3: a CauseModel whose causes, sizes and time constants come from ``data/``."""
    cat = catalogue or gdata.load()
    return CauseModel(specs_from_catalogue(cat), barrier=model_from_data(cat),
                      teer_healthy=cat.fact(TEER_RECORD).value)


def causes_at(cat: gdata.Catalogue, end: int) -> CauseModel:
    """Chapter 3's cause model with every size at one end of its range (0: low, 1: high)."""
    ranges = fold_ranges_from_data(cat)
    specs = {cid: dataclasses.replace(s, fold=ranges[cid][end]) if s.modelled else s
             for cid, s in specs_from_catalogue(cat).items()}
    return CauseModel(specs, barrier=model_from_data(cat), teer_healthy=cat.fact(TEER_RECORD).value)


def cascade_from_data(catalogue: gdata.Catalogue | None = None) -> CascadeModel:
    """Chapter 4: a CascadeModel whose constants (and barrier) come from ``data/``."""
    cat = catalogue or gdata.load()
    values = {rid: cat.fact(rid).value for rid in CascadeConstants.FACT_IDS}
    return CascadeModel(CascadeConstants.from_values(values), barrier=model_from_data(cat))


def fibre_model_from_data(catalogue: gdata.Catalogue | None = None) -> FibreModel:
    """Chapter 5: a FibreModel whose numbers come from ``data/``."""
    return FibreModel(fibre_constants_from_data(catalogue))


def strategy_specs(cat: gdata.Catalogue) -> dict[str, StrategySpec]:
    """Chapter 5: a StrategySpec for every strategy record."""
    return strategy_specs_from_catalogue(cat)


def strategy_model_from_data(catalogue: gdata.Catalogue | None = None) -> StrategyModel:
    """Chapter 5: a StrategyModel on chapter 3's data-driven causes, with the ranges and chapter 6's spread."""
    cat = catalogue or gdata.load()
    return StrategyModel(cause_model_from_data(cat), strategy_specs(cat), causes_low=causes_at(cat, 0),
                         causes_high=causes_at(cat, 1), ratio_spread=ratio_spread_from_data(cat))


def sugar_test_from_data(catalogue: gdata.Catalogue | None = None) -> SugarTestModel:
    """Chapter 6: a healthy SugarTestModel whose constants come from ``data/``."""
    cat = catalogue or gdata.load()
    return SugarTestModel(model_from_data(cat), constants=sugar_test_constants_from_data(cat))
