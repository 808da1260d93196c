"""A Jupyter Server extension that serves the package's static files (the plotting library).

Widgets load plotly.js over plain HTTP, so the browser caches it once instead of receiving it
over the kernel websocket on every page load. Under Voila the same file is served from the
``gutwidgets`` template's ``static/`` folder; under JupyterLab or Notebook this extension serves
it at ``<base_url>gutwidgets/static/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

STATIC_DIR = Path(__file__).resolve().parent / "static"


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "gutwidgets"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    from jupyter_server.utils import url_path_join
    from tornado.web import StaticFileHandler

    web_app = serverapp.web_app
    route = url_path_join(web_app.settings.get("base_url", "/"), "gutwidgets", "static", "(.*)")
    web_app.add_handlers(".*$", [(route, StaticFileHandler, {"path": str(STATIC_DIR)})])
    serverapp.log.info("gutwidgets: serving static files from %s", STATIC_DIR)
