"""Read the widgets' front-end files (ES modules and CSS) shipped in ``views/_esm/``."""

from __future__ import annotations

import functools
from pathlib import Path

ESM_DIR = Path(__file__).resolve().parent / "_esm"

#: The shared front-end library (``_esm/lib/``) that the canvas widgets join before their own file,
#: helpers first: numbers, theme traits, canvas drawing, page elements, the animation loop, and the
#: skeleton of a drawn widget that puts them together.
CANVAS_LIB = ("lib/numbers.js", "lib/theme.js", "lib/draw.js", "lib/dom.js", "lib/anim.js", "lib/widget.js")


@functools.cache
def asset(*names: str) -> str:
    """Concatenate the named files from ``_esm/`` (a module may be prefixed by its helpers)."""
    parts = []
    for name in names:
        path = ESM_DIR / name
        if not path.is_file():
            raise FileNotFoundError(f"front-end file missing from the package: {path}")
        parts.append(path.read_text(encoding="utf-8"))
    return "\n".join(parts)
