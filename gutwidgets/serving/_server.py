"""A Jupyter Server extension that serves the package's static files (the plotting library).

Widgets load plotly.js over plain HTTP, so the browser caches it once instead of receiving it
over the kernel websocket on every page load. Under Voila the same file is served from the
``gutwidgets`` template's ``static/`` folder; under JupyterLab or Notebook this extension serves
it at ``<base_url>gutwidgets/static/``.

When Voila runs as an extension of this server (Binder, JupyterHub) rather than as ``voila``,
the extension also keeps its dashboards offline, as standalone ``voila`` does (see
:func:`_voila_pages_like_standalone`). Under both, :func:`voila_pages_set_xsrf_cookie` lets a
closed tab shut its kernel down with the XSRF check left on.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "gutwidgets"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    from jupyter_server.utils import url_path_join
    from tornado.web import StaticFileHandler

    web_app = serverapp.web_app
    _voila_pages_like_standalone(web_app.settings)
    route = url_path_join(web_app.settings.get("base_url", "/"), "gutwidgets", "static", "(.*)")
    web_app.add_handlers(".*$", [(route, StaticFileHandler, {"path": str(STATIC_DIR)})])
    serverapp.log.info("gutwidgets: serving static files from %s", STATIC_DIR)


def _voila_pages_like_standalone(settings: dict[str, Any]) -> None:
    """Make Voila pages served by a Jupyter Server behave as under standalone ``voila``.

    - MathJax: without these settings Voila's page config names a CDN copy; standalone Voila
      sets both to None, which keeps the maths on Voila's bundled MathJax.
    - Closing a tab shuts its kernel down: see :func:`voila_pages_set_xsrf_cookie`.
    """
    for key in ("mathjax_url", "mathjax_config"):
        settings.setdefault(key, None)
    voila_pages_set_xsrf_cookie()


def voila_pages_set_xsrf_cookie() -> None:
    """Make every Voila page set the ``_xsrf`` cookie, so its close beacon passes the XSRF check.

    A page's unload beacon posts the ``_xsrf`` cookie's value to ``voila/api/shutdown/<kernel>``
    (Voila's widget manager reads it from ``document.cookie``), but nothing on a Voila page sets
    that cookie: the server answers 403 and the kernel keeps running. Reading ``xsrf_token``
    while the page is requested sets the cookie; the XSRF check itself stays on, so a request
    from another site (which cannot read the cookie) is still refused.

    Called under a Jupyter Server by the server extension (Binder, JupyterHub) and under
    standalone ``voila`` by :class:`gutwidgets.serving.kernels.CappedKernelManager`, which ``voila.json``
    names as Voila's kernel manager. Idempotent; does nothing without Voila.
    """
    try:
        from voila.handler import VoilaHandler
    except ImportError:  # Voila not installed: nothing to adjust
        return
    if getattr(VoilaHandler, "_gutwidgets_xsrf_cookie", False):
        return
    original = VoilaHandler.prepare

    async def prepare(self: Any, *args: Any, **kwargs: Any) -> None:
        result = original(self, *args, **kwargs)
        if inspect.isawaitable(result):
            await result
        if self.request.method == "GET" and not self._finished:
            self.xsrf_token  # noqa: B018 (sets the _xsrf cookie the unload beacon sends back)

    VoilaHandler.prepare = prepare
    VoilaHandler._gutwidgets_xsrf_cookie = True
