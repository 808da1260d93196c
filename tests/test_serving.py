"""Serving configuration: voila.json, the installed template, the cached plotting library."""

from __future__ import annotations

import json
from pathlib import Path

from jupyter_core.paths import jupyter_path

from .conftest import ROOT


def test_voila_json_serves_offline_template_on_localhost():
    cfg = json.loads((ROOT / "voila.json").read_text())
    vc = cfg["VoilaConfiguration"]
    assert vc["template"] == "gutwidgets"
    assert vc["show_tracebacks"] is False and vc["strip_sources"] is True
    assert vc["preheat_kernel"] is True
    assert cfg["Voila"]["ip"] == "127.0.0.1"


def _installed_template() -> Path:
    for base in jupyter_path("voila", "templates", "gutwidgets"):
        if (Path(base) / "index.html.j2").exists():
            return Path(base)
    raise AssertionError("the gutwidgets Voila template is not installed (pip install -e .)")


def test_template_is_installed_with_the_plotting_library():
    tpl = _installed_template()
    lib = tpl / "static" / "plotly-basic.min.js"
    assert lib.stat().st_size > 500_000
    assert lib.read_bytes() == (ROOT / "gutwidgets" / "static" / "plotly-basic.min.js").read_bytes()
    assert (tpl / "static" / "gutwidgets.css").exists()


def test_template_drops_cdn_links():
    text = (ROOT / "share/jupyter/voila/templates/gutwidgets/index.html.j2").read_text()
    assert "replace(fa_all" in text and "replace(fa_shims" in text
    page = (ROOT / "share/jupyter/voila/templates/gutwidgets/page.html").read_text()
    assert "cdn." not in page


def test_front_end_versions_agree():
    loader = (ROOT / "gutwidgets/views/_esm/plotly_loader.js").read_text()
    head = (ROOT / "gutwidgets/static/plotly-basic.min.js").read_text()[:200]
    version = loader.split('PLOTLY_VERSION = "')[1].split('"')[0]
    assert f"v{version}" in head, "bump PLOTLY_VERSION when replacing the bundled plotly.js"


def test_server_extension_is_declared():
    cfg = json.loads((ROOT / "jupyter-config/jupyter_server_config.d/gutwidgets.json").read_text())
    assert cfg["ServerApp"]["jpserver_extensions"]["gutwidgets"] is True
    import gutwidgets

    assert gutwidgets._jupyter_server_extension_points() == [{"module": "gutwidgets"}]
