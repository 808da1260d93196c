"""gutwidgets: interactive, cited models of the intestinal barrier for Jupyter and Voila.

- :mod:`gutwidgets.models`: pure numpy models (no widget imports);
- :mod:`gutwidgets.data`: the one validated reader of ``data/``;
- :mod:`gutwidgets.views`: thin widgets over the models (ipywidgets + anywidget);
- :mod:`gutwidgets.pages`: what chapter notebooks display (facts, graded claims, references).

Importing this package is cheap: it pulls in no widget library until ``views`` is used.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .serving._server import _jupyter_server_extension_points, _load_jupyter_server_extension

__all__ = ["__version__", "_jupyter_server_extension_points", "_load_jupyter_server_extension"]
