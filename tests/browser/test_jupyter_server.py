"""Under JupyterLab's server the package's extension serves the plotting library, cacheably."""

from __future__ import annotations

import urllib.request

import pytest

from gutwidgets.testing import JupyterServer

from ..conftest import NOTEBOOKS, ROOT

pytestmark = pytest.mark.browser


def test_server_extension_serves_plotly_for_jupyterlab():
    with JupyterServer(NOTEBOOKS) as server:
        url = server.url + "gutwidgets/static/plotly-basic.min.js?v=4.1.1"
        with urllib.request.urlopen(url, timeout=20) as r:
            body = r.read()
            assert r.status == 200
            assert "max-age" in (r.headers.get("Cache-Control") or "")
        assert body == (ROOT / "gutwidgets/static/plotly-basic.min.js").read_bytes()
