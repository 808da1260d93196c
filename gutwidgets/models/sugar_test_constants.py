"""Chapter 6's constants: the sugar test's published numbers, levers and scenarios, and the same as
plain JSON for the page.

:class:`SugarTestConstants` (the numbers the simulator uses, by ``data/`` record id), the lever table
(:data:`SUGAR_TEST_LEVERS`), the published scenarios (:data:`SCENARIOS`, :data:`SCENARIO_RECORDS`)
live here so that the chapter's dashboard can build its widgets and the page's constants without
importing the model (:mod:`gutwidgets.models.sugar_test`, which needs numpy): the kernel behind a page
that computes in the browser imports no numpy (``gutwidgets/_np.py``). The model module re-exports
every name.

:func:`sugar_test_browser_constants` hands the page's browser model (``views/_esm/models/sugar_test.js``)
every number it needs, read from ``data/`` by :func:`sugar_test_constants_from_data` (the constants of
:func:`gutwidgets.models.from_data.sugar_test_from_data`'s model) and chapter 1's
:func:`~gutwidgets.models.constants.browser_constants` (the barrier model it drives).

This module imports neither numpy nor a widget library.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import ClassVar

from .. import data as gdata
from ._validate import LeverSpec
from .constants import BARRIER_PARTS, browser_constants

__all__ = ["IQR_RECORD", "SCENARIOS", "SCENARIO_RECORDS", "SUGARS", "SUGAR_TEST_LEVERS", "SUGAR_TEST_PARTS",
           "SURFACE_RANGE", "SugarTestConstants", "scenario_records_from_data", "sugar_test_browser_constants",
           "sugar_test_constants_from_data"]

#: The browser model's files in ``views/_esm/``, helpers first (``views/_assets.py: asset(*parts)``):
#: chapter 1's barrier model, the matrix exponential, the shared random generator and the sugar-test model.
SUGAR_TEST_PARTS: tuple[str, ...] = (*BARRIER_PARTS, "models/solve.js", "models/random.js", "models/sugar_test.js")

#: Sugars the test can use: data/ probe id -> whether colonic bacteria break it down.
SUGARS: dict[str, bool] = {"lactulose": True, "mannitol": True, "sucralose": False}

#: The test's levers: the model's range and the chapter 6 dashboard's control.
SUGAR_TEST_LEVERS: dict[str, LeverSpec] = {
    "window": LeverSpec(1.0, 24.0, 1.0, "h", "hours of urine collection"),
}

#: The absorptive surface relative to healthy that the model accepts: (low, high, what it means).
SURFACE_RANGE: tuple[float, float, str] = (0.05, 1.5, "absorptive surface relative to healthy")

#: The healthy ratio's spread between people (its published interquartile range). The same id as
#: ``gutwidgets.models.from_data.IQR_RECORD`` (chapter 5 reads it there).
IQR_RECORD = "healthy_lr_ratio_iqr"

#: Published scenarios: the data/ records each reproduces, relative to its own study's controls.
#: ratio: the ratio record; controls: the controls' ratio record (or value); lactulose and
#: lactulose_controls: the lactulose recovery records (coeliac), which together with the ratio
#: fix both the leak route and the absorptive surface. Folds are published value over published
#: controls, applied to the model's healthy person.
SCENARIOS: dict[str, dict[str, object]] = {
    "healthy": {"label": "Healthy adult"},
    "coeliac": {"label": "Untreated coeliac disease", "ratio": "coeliac_lm_ratio",
                "controls": "healthy_lm_ratio", "lactulose": "coeliac_lactulose_recovery",
                "lactulose_controls": "healthy_lactulose_recovery"},
    "crohn_quiescent": {"label": "Crohn's disease, quiescent", "ratio": "crohn_quiescent_lm_ratio",
                        "controls": 0.018},
    "nsaid": {"label": "NSAID (indomethacin) for 5 days", "damage": "nsaid_damaged_fraction"},
    "alcohol_liver": {"label": "Alcohol-related liver disease", "ratio": "alcohol_liver_lm_ratio",
                      "controls": 0.019},
}

#: Records that fix the scenarios (see SCENARIOS) and that the dashboard's sentence quotes.
SCENARIO_RECORDS = ("coeliac_lm_ratio", "healthy_lm_ratio", "coeliac_lactulose_recovery", "healthy_lactulose_recovery",
                    "crohn_quiescent_lm_ratio", "nsaid_damaged_fraction", "alcohol_liver_lm_ratio")


@dataclass(frozen=True)
class SugarTestConstants:
    """Published numbers the simulator uses; field names are ``data/`` record ids."""

    healthy_lactulose_recovery: float = 0.31  # % of dose in 0-5 h urine (adults)
    iv_lactulose_recovery_5h: float = 0.75  # fraction of an IV dose in urine by 5 h
    colon_arrival_2h: float = 49.6  # % of a liquid dose in the colon by 2 h
    sucralose_24h_recovery: float = 1.41  # % of dose in 0-24 h urine
    lactulose_24h_recovery: float = 0.52  # % of dose in 0-24 h urine, with a colon
    lactulose_24h_ileostomy: float = 0.25  # % of dose in 0-24 h urine, without a colon
    mannitol_24h_recovery: float = 30.0  # % of dose in 0-24 h urine
    urine_window: float = 5.0  # h
    lm_dose_lactulose: float = 5.0  # g
    lm_dose_mannitol: float = 2.0  # g
    healthy_lr_ratio_iqr_low: float = 0.022
    healthy_lr_ratio_iqr_high: float = 0.034
    sucralose: float = 4.75  # Å
    lactulose: float = 4.8  # Å
    mannitol: float = 3.6  # Å

    FACT_IDS: ClassVar[tuple[str, ...]] = (
        "healthy_lactulose_recovery", "iv_lactulose_recovery_5h", "colon_arrival_2h",
        "sucralose_24h_recovery", "lactulose_24h_recovery", "lactulose_24h_ileostomy",
        "mannitol_24h_recovery", "urine_window", "lm_dose_lactulose", "lm_dose_mannitol",
        "sucralose", "lactulose", "mannitol",
    )

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if not (isinstance(v, (int, float)) and math.isfinite(v) and v > 0):
                raise ValueError(f"constant {f.name} must be a finite number > 0; got {v!r}")
        if self.lactulose_24h_ileostomy >= self.lactulose_24h_recovery:
            raise ValueError("lactulose_24h_ileostomy must be below lactulose_24h_recovery (the colon adds)")

    @classmethod
    def from_values(cls, values: Mapping[str, float], iqr: tuple[float, float] | None = None) -> SugarTestConstants:
        """Build from record id -> value (and the healthy ratio's IQR, if given)."""
        missing = [k for k in cls.FACT_IDS if k not in values]
        if missing:
            raise ValueError(f"missing values for: {', '.join(missing)}")
        extra = {} if iqr is None else {"healthy_lr_ratio_iqr_low": iqr[0], "healthy_lr_ratio_iqr_high": iqr[1]}
        return cls(**{k: float(values[k]) for k in cls.FACT_IDS}, **extra)

    @property
    def transit_rate(self) -> float:
        """Small intestine -> colon, per hour."""
        return -math.log(1 - self.colon_arrival_2h / 100) / 2.0

    @property
    def renal_rate(self) -> float:
        """Blood -> urine, per hour."""
        return -math.log(1 - self.iv_lactulose_recovery_5h) / 5.0

    @property
    def ratio_spread(self) -> float:
        """Person-to-person spread of the ratio: sd of its logarithm, from the published IQR."""
        return math.log(self.healthy_lr_ratio_iqr_high / self.healthy_lr_ratio_iqr_low) / 1.349


def sugar_test_constants_from_data(catalogue: gdata.Catalogue | None = None) -> SugarTestConstants:
    """Chapter 6's constants, read from the ``data/`` records (with the healthy ratio's spread)."""
    cat = catalogue or gdata.load()
    values = {rid: cat.fact(rid).value for rid in SugarTestConstants.FACT_IDS}
    return SugarTestConstants.from_values(values, iqr=cat.fact(IQR_RECORD).range)


def scenario_records_from_data(catalogue: gdata.Catalogue | None = None) -> dict[str, float]:
    """The records the scenarios reproduce (:data:`SCENARIO_RECORDS`): record id -> value."""
    cat = catalogue or gdata.load()
    return {rid: float(cat.fact(rid).value) for rid in SCENARIO_RECORDS}


def sugar_test_browser_constants(catalogue: gdata.Catalogue | None = None) -> dict[str, object]:
    """Every number chapter 6's browser model needs, as JSON-able values.

    Chapter 1's :func:`~gutwidgets.models.constants.browser_constants` (the barrier model the test
    drives), and: ``sugar_test`` (:class:`SugarTestConstants`' fields by record id, built by
    :func:`sugar_test_constants_from_data`), ``sugar_test_levers`` (the lever table),
    ``surface_range``, ``sugars`` (id -> broken down in the colon), ``scenarios`` (:data:`SCENARIOS`)
    and ``scenario_records`` (the published values they reproduce). No model is built: the kernel
    runs no numpy.
    """
    cat = catalogue or gdata.load()
    sugar = sugar_test_constants_from_data(cat)
    plain = {f.name: float(getattr(sugar, f.name)) for f in dataclasses.fields(SugarTestConstants)}
    return {
        **browser_constants(cat),
        "sugar_test": plain,
        "sugar_test_levers": {name: dataclasses.asdict(spec) for name, spec in SUGAR_TEST_LEVERS.items()},
        "surface_range": list(SURFACE_RANGE),
        "sugars": dict(SUGARS),
        "scenarios": {name: dict(spec) for name, spec in SCENARIOS.items()},
        "scenario_records": scenario_records_from_data(cat),
    }
