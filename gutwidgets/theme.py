"""One place for colours, line styles and words shared by every widget and page.

Colours follow the Okabe-Ito palette, which stays distinguishable with the common forms of
colour-blindness. The projector theme is applied by passing ``theme="projector"`` to a widget.
"""

from __future__ import annotations

THEMES = ("default", "projector")

#: Route colours and labels (used by the sieving plot, legends and descriptions).
#: The total comes first so that it is drawn underneath the routes it adds up.
ROUTE_STYLES: dict[str, dict[str, str]] = {
    "total": {"label": "All routes together", "color": "#000000", "dash": "solid"},
    "pore": {"label": "Pore route (claudin-2)", "color": "#0072B2", "dash": "solid"},
    "leak": {"label": "Leak route (MLCK)", "color": "#E69F00", "dash": "dash"},
    "unrestricted": {"label": "Unrestricted route (erosion)", "color": "#D55E00", "dash": "dashdot"},
}

#: One colour per probe molecule, stable across chapters.
PROBE_COLORS: dict[str, str] = {
    "water": "#56B4E9",
    "glucose": "#F0E442",
    "mannitol": "#009E73",
    "rhamnose": "#7FC97F",
    "lactulose": "#CC79A7",
    "sucrose": "#E6AB02",
    "sucralose": "#A6761D",
    "peg400": "#66A61E",
    "cr_edta": "#1B9E77",
    "fd4": "#7570B3",
    "inulin": "#8C6BB1",
    "albumin": "#B15928",
    "lps_aggregate": "#666666",
}

DEFAULT_PROBE_COLOR = "#444444"

#: Probes labelled on plots (the others are marked and named on hover): one per size class.
FEATURED_PROBES = ("water", "mannitol", "lactulose", "fd4", "albumin", "lps_aggregate")

#: Grade -> (badge colour, text colour) with at least 7:1 contrast for the text.
GRADE_COLORS: dict[str, tuple[str, str]] = {
    "strong": ("#d9f0d3", "#0b3d0b"),
    "moderate": ("#e0ecf8", "#0b2e55"),
    "limited": ("#fdebd0", "#5a3200"),
    "animal-or-cell-only": ("#f2e0f5", "#4a1257"),
}


def probe_color(probe_id: str) -> str:
    """The colour of a probe molecule (a neutral grey for unknown ids)."""
    return PROBE_COLORS.get(probe_id, DEFAULT_PROBE_COLOR)


def check_theme(name: str) -> str:
    """Return ``name`` if it is a known theme, else raise ValueError listing them."""
    if name not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}; got {name!r}")
    return name
