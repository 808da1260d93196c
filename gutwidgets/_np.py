"""numpy, imported when a numpy function is first used.

The kernel behind a dashboard that computes in the page (chapters 1 and 2, ``Dashboard.IN_PAGE``)
builds its widgets from ``data/`` and the lever tables and never runs a numpy function: the page
computes. Importing numpy would still cost each such kernel about 10 MB. The modules on that path
(the barrier and hindrance models, the figure helpers, the chapter 1 views) therefore name numpy
through :data:`np`, which imports it on the first attribute read (``np.asarray``, ``np.float64``)
and then behaves as the module itself. Type checkers see the real numpy::

    if TYPE_CHECKING:
        import numpy as np
    else:
        from .._np import np

``tests/test_kernel_path.py`` checks that building chapters 1 and 2 imports no numpy, and that the
first model computation does.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["np"]


class _Numpy:
    """Stands in for the numpy module until first use; then every attribute is numpy's own."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):  # copy/pickle probes: not numpy's business
            raise AttributeError(name)
        value = getattr(importlib.import_module("numpy"), name)
        self.__dict__[name] = value  # the next read is a plain attribute
        return value

    def __repr__(self) -> str:
        return "<numpy, imported on first use>"


np = _Numpy()
