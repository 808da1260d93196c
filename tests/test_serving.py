"""Serving configuration: voila.json, the installed template, the cached plotting library."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from jupyter_core.paths import jupyter_path

from .conftest import ROOT

PLOTLY_FILE = "plotly-basic.min.js"


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


def test_installed_template_is_the_checkouts():
    """An editable install copies the template at install time: after editing it, the browser
    tests (and `voila notebooks/`) would serve the old copy. Fail loudly, with the fix."""
    tpl = _installed_template()
    source = ROOT / "share" / "jupyter" / "voila" / "templates" / "gutwidgets"
    stale = [str(p.relative_to(source)) for p in source.rglob("*") if p.is_file()
             and (not (tpl / p.relative_to(source)).is_file()
                  or (tpl / p.relative_to(source)).read_bytes() != p.read_bytes())]
    assert not stale, f"installed template at {tpl} differs from the checkout in {stale}: run pip install -e ."


def test_front_end_versions_agree():
    loader = (ROOT / "gutwidgets/views/_esm/plotly_loader.js").read_text()
    head = (ROOT / "gutwidgets/static/plotly-basic.min.js").read_text()[:200]
    version = loader.split('PLOTLY_VERSION = "')[1].split('"')[0]
    assert f"v{version}" in head, "bump PLOTLY_VERSION when replacing the bundled plotly.js"


# -- the server extension, in a real Jupyter Server -----------------------------------------

#: A Jupyter Server whose only configuration is what the test gives it: the environment's and the
#: system's config folders (where an installed gutwidgets puts its server config) are left out.
_BARE_SERVER = """\
import sys
import jupyter_core.paths as paths
paths.ENV_CONFIG_PATH[:] = []
paths.SYSTEM_CONFIG_PATH[:] = []
from jupyter_server.serverapp import main
sys.exit(main())
"""


def test_server_extension_serves_the_plotting_library(tmp_path, monkeypatch):
    """A plain Jupyter Server (what JupyterLab runs on) whose only configuration is this checkout's
    jupyter-config/ (the file the wheel installs) loads the extension, which serves plotly.js under
    the server's base URL, cacheable."""
    import sys
    import urllib.error
    import urllib.request

    from gutwidgets.testtools.testing import JupyterServer

    class BareServer(JupyterServer):
        def command(self) -> list[str]:
            assert self.args[:2] == ["-m", "jupyter_server"]
            return [sys.executable, "-c", _BARE_SERVER, *self.args[2:]]

    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "config"))  # no personal configuration
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(ROOT / "jupyter-config"))
    server = BareServer(root_dir=tmp_path)
    server.args.append("--ServerApp.base_url=/class/")
    server.url += "class/"
    with server:
        with urllib.request.urlopen(server.url + f"gutwidgets/static/{PLOTLY_FILE}?v=4", timeout=30) as r:
            body, headers = r.read(), r.headers
        with pytest.raises(urllib.error.HTTPError) as outside:
            urllib.request.urlopen(server.url.replace("class/", "") + f"gutwidgets/static/{PLOTLY_FILE}", timeout=30)
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(server.url + "gutwidgets/static/no-such-file.js", timeout=30)
    assert body == (ROOT / "gutwidgets" / "static" / PLOTLY_FILE).read_bytes()
    assert "javascript" in headers["Content-Type"]
    max_age = re.search(r"max-age=(\d+)", headers.get("Cache-Control", ""))
    assert max_age and int(max_age.group(1)) >= 365 * 86400, headers.get("Cache-Control")  # the ?v= query
    assert outside.value.code == 404 and missing.value.code == 404
    assert "gutwidgets: serving static files" in server.log()


# -- the dashboard template, in a real Voila --------------------------------------------------

#: Where a page can name something the browser fetches: attributes, CSS, module imports, and
#: absolute URLs in quotes inside scripts.
_REFERENCES = [
    re.compile(r"""\b(?:src|href|action|poster|data)\s*=\s*["']([^"']+)["']""", re.I),
    re.compile(r"""url\(\s*["']?([^"')\s]+)""", re.I),
    re.compile(r"""@import\s+["']([^"']+)["']""", re.I),
    re.compile(r"""import\(\s*["']([^"']+)["']"""),
]
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.I | re.S)
_QUOTED_URL = re.compile(r"""["'`]((?:https?:)?//[^"'`\s]+)""")


def outside_references(html: str) -> list[str]:
    """Every URL the page names on a host other than its own (absolute, or protocol-relative)."""
    found = [m.group(1) for pattern in _REFERENCES for m in pattern.finditer(html)]
    found += [m.group(1) for script in _SCRIPT.finditer(html) for m in _QUOTED_URL.finditer(script.group(1))]
    outside = []
    for url in found:
        parsed = urlparse(url.strip())
        if parsed.scheme in ("", "data", "blob") and not url.strip().startswith("//"):
            continue
        if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
            outside.append(url)
    return sorted(set(outside))


def _local_assets(html: str) -> list[str]:
    tags = re.findall(r"<(?:script|link)\b[^>]*>", html, re.I)
    urls = [m.group(1) for tag in tags for m in re.finditer(r"""\b(?:src|href)\s*=\s*["']([^"']+)["']""", tag)]
    return [u for u in urls if u.startswith("/")]


@pytest.fixture(scope="module")
def probe_folder(tmp_path_factory):
    import nbformat

    folder = tmp_path_factory.mktemp("voila-probe")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A probe page\n\nSome $x^2$ maths."),
                nbformat.v4.new_code_cell("print('the probe page ran')")]
    nbformat.write(nb, folder / "probe.ipynb")
    return folder


def _render(folder: Path, monkeypatch, *extra: str) -> tuple[str, list[int]]:
    """The probe page as ``voila`` (run as for a user, voila.json applying) renders it, and the
    HTTP status of every local script and stylesheet it links."""
    import urllib.request

    from gutwidgets.testtools.testing import VoilaServer

    monkeypatch.setenv("JUPYTER_PATH", str(ROOT / "share" / "jupyter"))  # this checkout's template first
    with VoilaServer(folder, extra_args=list(extra)) as voila:
        with urllib.request.urlopen(voila.url + "voila/render/probe.ipynb", timeout=120) as r:
            html = r.read().decode("utf-8")
        statuses = []
        for path in _local_assets(html):
            with urllib.request.urlopen(voila.url.rstrip("/") + path, timeout=30) as r:
                statuses.append(r.status)
    return html, statuses


def test_dashboard_pages_reference_no_outside_host(probe_folder, monkeypatch):
    html, statuses = _render(probe_folder, monkeypatch)
    assert "the probe page ran" in html and "print(" not in html  # rendered by Voila, without code
    assert "voila/templates/gutwidgets/static/classroom.js" in html  # with the project's template
    assert outside_references(html) == []
    assert statuses and set(statuses) == {200}


def test_the_stock_template_would_reach_outside(probe_folder, monkeypatch):
    """The same page with Voila's stock template names a CDN: the check above can see one."""
    html, _ = _render(probe_folder, monkeypatch, "--template=lab")
    assert "the probe page ran" in html
    assert any("fontawesome" in url for url in outside_references(html)), outside_references(html)
