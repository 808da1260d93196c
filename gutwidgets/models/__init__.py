"""Pure quantitative models of the intestinal barrier (numpy only; no widget imports)."""

from .barrier import PARAMETER_RANGES, ROUTES, BarrierConstants, BarrierModel, BarrierState
from .hindrance import dechadilok_deen, hindrance, renkin, stokes_einstein

__all__ = [
    "PARAMETER_RANGES",
    "ROUTES",
    "BarrierConstants",
    "BarrierModel",
    "BarrierState",
    "dechadilok_deen",
    "hindrance",
    "renkin",
    "stokes_einstein",
]
