"""Figure factories: plotly figure specifications ({"data": [...], "layout": {...}}) as dicts.

One module per topic, named as the chapter's model is (``barrier``, ``junction``, ``causes``,
``systemic``, ``support``, ``sugar_test``), over one shared style in ``_common`` (fonts, colours,
line widths, projector theme). Every plot is drawn in the browser by
:class:`gutwidgets.views.PlotlyFigure`. These functions import no widget library and are tested
without a browser. Values are rounded to four significant figures (smaller messages) and
non-finite or non-positive values on log axes become gaps (None), so no NaN ever reaches a page.
The names are re-exported here, so ``from gutwidgets.figures import teer_figure`` works.
"""

from __future__ import annotations

from ._common import axis, base_layout, clean, figure_structure, line_trace
from .barrier import sieving_figure
from .causes import cause_course_figure
from .junction import teer_figure
from .sugar_test import ratio_figure, sugar_timeline_figure
from .support import band_trace, fibre_figure, plan_figure
from .systemic import CASCADE_SERIES, EVIDENCE_KINDS, TIME_TICKS, cascade_figure, confounding_figure, outcomes_figure

#: The topic modules, each defining its own figures.
MODULES = ("_common", "barrier", "junction", "causes", "systemic", "support", "sugar_test")

__all__ = [
    "CASCADE_SERIES", "EVIDENCE_KINDS", "MODULES", "TIME_TICKS", "axis", "band_trace", "base_layout",
    "cascade_figure", "cause_course_figure", "clean", "confounding_figure", "fibre_figure", "figure_structure",
    "line_trace", "outcomes_figure", "plan_figure", "ratio_figure", "sieving_figure", "sugar_timeline_figure",
    "teer_figure",
]
