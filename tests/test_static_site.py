"""The static site route: ``python -m gutwidgets.serve --static`` builds the copy when stale and
serves it with no kernels (localhost by default, a token with --network), gzip and cache headers.

Real builds (the export executes a small notebook on a real kernel), the real command line, real
HTTP: nothing is mocked. One page is built (a landing page with a slider, so the page loads the
widget renderer); the module takes about 20 s here.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import psutil
import pytest

from gutwidgets.publishing.export import MARKER, _run_to_end
from gutwidgets.serving.static_site import STAMP, ensure_site, inputs_digest, is_fresh, read_stamp
from gutwidgets.testtools.static_load import StaticSiteServer, page_assets, run_static_load
from gutwidgets.testtools.testing import free_port

PAGES = ["index"]
TOKEN = "lesson-42-abc"
LONG_TEXT = "The lining of the gut is one cell thick. " * 60  # over 1 KB: worth compressing


def _notebook(folder: Path, text: str, extra_code: str = "") -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(f"# Static test page\n\n{text}"),
                nbformat.v4.new_code_cell("import ipywidgets\nipywidgets.IntSlider(description='n')")]
    if extra_code:
        nb.cells.append(nbformat.v4.new_code_cell(extra_code))
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / "index.ipynb")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(notebook folder, site folder): one page built by the real export."""
    root = tmp_path_factory.mktemp("static-site")
    notebooks, site = root / "notebooks", root / "site"
    _notebook(notebooks, LONG_TEXT)
    assert ensure_site(site, notebooks, PAGES) is True
    return notebooks, site


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def _listening(pid: int) -> set[str]:
    return {c.laddr.ip for c in psutil.Process(pid).net_connections(kind="inet") if c.status == psutil.CONN_LISTEN}


def _load(url: str, **kwargs):
    """run_static_load on its own event loop (in a thread if the suite already runs one here)."""
    box: dict = {}

    async def go() -> None:
        box["result"] = await run_static_load(url, PAGES, **kwargs)

    _run_to_end(go)
    return box["result"]


@pytest.fixture(scope="module")
def local_server(built):
    notebooks, site = built
    with StaticSiteServer(site, notebooks=notebooks, pages=PAGES) as server:
        yield server


def test_the_built_copy_records_what_it_was_built_from(built):
    notebooks, site = built
    stamp = read_stamp(site)
    assert stamp["inputs"] == inputs_digest(notebooks, PAGES) and stamp["pages"] == PAGES
    assert (site / "index.html").is_file() and (site / "assets" / "widgets" / "widgets.js").is_file()
    assert (site / MARKER).is_file()
    assert not list(site.parent.glob(".site.*")), "no temporary folder left beside the site"


def test_serves_on_localhost_only_by_default_without_a_token(local_server, built):
    assert _listening(local_server.proc.pid) == {"127.0.0.1"}
    status, _, body = _get(local_server.url)
    assert status == 200 and body == (built[1] / "index.html").read_bytes()
    assert f"This computer only: http://127.0.0.1:{local_server.port}/" in local_server.log()
    assert "Built" not in local_server.log(), "a fresh copy must not be rebuilt"


def test_responses_are_gzip_compressed_when_asked_with_cache_headers(local_server, built):
    site = built[1]
    for path, cache in (("index.html", "no-cache"), ("assets/widgets/widgets.js", "max-age=86400"),
                        ("assets/gutwidgets.css", "no-cache")):
        status, head, body = _get(local_server.url + path, {"Accept-Encoding": "gzip"})
        assert status == 200 and head["Content-Encoding"] == "gzip", (path, head)
        assert gzip.decompress(body) == (site / path).read_bytes() and len(body) < (site / path).stat().st_size
        assert head["Cache-Control"] == cache and "Accept-Encoding" in head["Vary"]
        status, head, plain = _get(local_server.url + path)  # not asked: not compressed
        assert status == 200 and "Content-Encoding" not in head and plain == (site / path).read_bytes()
        status, head, _ = _get(local_server.url + path, {"If-None-Match": head["Etag"]})
        assert status == 304, path
    font = next((site / "assets" / "widgets").glob("*.woff2")).relative_to(site).as_posix()
    status, head, _ = _get(local_server.url + font, {"Accept-Encoding": "gzip"})
    assert status == 200 and "Content-Encoding" not in head, "fonts are compressed already"
    for hidden in (STAMP, MARKER, "assets/../../etc/passwd", "no-such-page.html"):
        assert _get(local_server.url + hidden)[0] == 404, hidden


def test_network_mode_refuses_without_the_token_and_keeps_it_in_a_cookie(built):
    notebooks, site = built
    with StaticSiteServer(site, notebooks=notebooks, pages=PAGES, network=True, token=TOKEN) as server:
        assert _listening(server.proc.pid) == {"0.0.0.0"}
        assert f":{server.port}/?token={TOKEN}" in server.log(), "the address to share names the token"
        url = server.url
        for bad in ("", "?token=wrong-token", "assets/widgets/widgets.js"):
            status, _, body = _get(url + bad)
            assert status == 403 and b"token" in body and b"slider" not in body, bad
        assert _get(url, {"Authorization": f"token {TOKEN}"})[0] == 200
        status, head, body = _get(url + f"?token={TOKEN}")
        assert status == 200 and body == (site / "index.html").read_bytes()
        cookie = head["Set-Cookie"].split(";", 1)[0]
        assert TOKEN not in cookie and "httponly" in head["Set-Cookie"].lower()
        assert _get(url + "assets/widgets/widgets.js", {"Cookie": cookie})[0] == 200  # the browser's next requests
        assert _get(url + "assets/widgets/widgets.js", {"Cookie": cookie[:-2] + "00"})[0] == 403
        # The load test's viewers do the same: the shared link, then the cookie for every asset.
        result = _load(url, viewers=3, ramp=0.5, site=site, token=TOKEN)
        assert result.errors == [] and result.bytes_accounted()


@pytest.mark.parametrize("args, message", [
    (["--network", "--token", "short"], "at least 8"),
    (["--token", TOKEN], "only makes sense with --network"),
    (["--lesson", "01_the_barrier.ipynb"], "for the Voila route"),
])
def test_bad_token_or_options_are_refused_before_anything_is_built(tmp_path, args, message):
    proc = subprocess.run([sys.executable, "-m", "gutwidgets.serve", "--static", "--site", str(tmp_path / "site"),
                           *args], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 2 and message in proc.stderr
    assert not (tmp_path / "site").exists()


def test_a_stale_copy_is_rebuilt_and_a_fresh_one_is_not(built, tmp_path):
    notebooks, site = tmp_path / "notebooks", tmp_path / "site"
    shutil.copytree(built[0], notebooks)
    shutil.copytree(built[1], site)  # the same inputs: this copy is fresh
    page = site / "index.html"
    before = page.stat().st_mtime_ns
    assert ensure_site(site, notebooks, PAGES) is False and page.stat().st_mtime_ns == before
    assert not is_fresh(site, inputs_digest(notebooks, ["index", "glossary"])), "other pages: another copy"
    _notebook(notebooks, "A changed paragraph.")
    assert not is_fresh(site, inputs_digest(notebooks, PAGES))
    assert ensure_site(site, notebooks, PAGES) is True
    assert "A changed paragraph." in page.read_text(encoding="utf-8")
    assert is_fresh(site, inputs_digest(notebooks, PAGES))
    assert not list(tmp_path.glob(".site.*")), "no temporary or old folder left beside the site"


def test_a_failed_build_serves_nothing_and_leaves_the_old_copy(built, tmp_path):
    notebooks, site = tmp_path / "notebooks", tmp_path / "site"
    shutil.copytree(built[0], notebooks)
    shutil.copytree(built[1], site)
    old = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    _notebook(notebooks, "This build fails.", extra_code="raise RuntimeError('broken on purpose')")
    port = free_port()
    proc = subprocess.run([sys.executable, "-m", "gutwidgets.serve", "--static", "--site", str(site),
                           "--folder", str(notebooks), "--pages", *PAGES, "--port", str(port)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "could not be built" in proc.stderr and "broken on purpose" in proc.stderr
    assert "left as it was" in proc.stderr and "127.0.0.1:" not in proc.stdout, "nothing served"
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == old
    assert not list(tmp_path.glob(".site.*")), "the half-built folder is removed"


def test_a_small_load_run_has_no_errors_and_every_byte_accounted_for(local_server, built):
    site = built[1]
    result = _load(local_server.url, viewers=30, ramp=1.0, site=site, server_pid=local_server.proc.pid)
    assert result.errors == []
    fonts = len(list((site / "assets" / "widgets").glob("*.woff2")))
    per_viewer = 1 + len(page_assets((site / "index.html").read_text(encoding="utf-8"))) + fonts
    assert result.requests == 30 * per_viewer == len(result.latencies_ms)
    assert result.expected_bytes > 0 and result.decoded_bytes == result.expected_bytes
    assert 0 < result.wire_bytes < result.decoded_bytes, "gzip: fewer bytes on the wire than decoded"
    assert result.memory_before_mb > 0 and result.memory_peak_mb >= result.memory_before_mb
    assert "| errors | 0 |" in result.table()
