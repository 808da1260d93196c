"""Load test of the static copy: many viewers opening chapters at once, with no kernels.

N simulated viewers (default 300) arrive over a ramp (default 10 s), round robin over the
chapters. Each does what a browser's first visit does: fetches the chapter's HTML, then every
asset the page references (its scripts and stylesheets, plotly.js, which the plots load when the
first one draws, MathJax on a page that loads it, and the woff2 fonts its stylesheets name), six
at a time like a browser, all with ``Accept-Encoding: gzip``. With a token, the first request
carries it in the address (``?token=``, the shared link) and the rest send the cookie the server
set, as a browser does. Loopback only; every request has a timeout and the run a deadline.

Reported: requests, p50/p95/max request latency, errors (any status but 200, a timeout, a body
that differs from the file in the site folder), bytes on the wire per viewer (status lines,
headers and bodies as sent, gzip where the server compressed), whether every decoded byte is
accounted for (the bodies equal the site's files), the server's memory (RSS) before / peak /
after, and CPU seconds of the server and of this client.

Usage::

    python -m gutwidgets.loadtest --static                       # 300 viewers, own server on site/
    python -m gutwidgets.loadtest --static --viewers 30 --ramp 3
    python -m gutwidgets.loadtest --static --url http://127.0.0.1:8866/ --site site/
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

from .loadtest import CHECK_P95_MS, ServerMonitor, _usage, percentile, report
from .testing import ServerProcess

__all__ = ["CountingProxy", "Fetcher", "StaticLoadResult", "StaticSiteServer", "fetch_assets", "page_assets",
           "run_static_load"]

#: A browser's connections per host (HTTP/1.1).
CONNECTIONS = 6
#: Where a load may be sent: this computer only.
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
#: What a page references that a first visit fetches: scripts, stylesheets, plotly.js (named in
#: a meta tag, loaded when the first plot draws) and MathJax (named in the page's loader script).
_REFS = [
    re.compile(r"<script\b[^>]*?\bsrc=[\"']([^\"']+)[\"']", re.I),
    re.compile(r"<link\b(?=[^>]*\brel=[\"']stylesheet[\"'])[^>]*?\bhref=[\"']([^\"']+)[\"']", re.I),
    re.compile(r"<meta\b(?=[^>]*\bname=[\"']gutwidgets-plotly[\"'])[^>]*?\bcontent=[\"']([^\"']+)[\"']", re.I),
    re.compile(r"[\"']([^\"'\s]*/mathjax/[^\"'\s]+\.js)[\"']"),
]
#: Fonts a stylesheet names, in the format a current browser picks.
_FONTS = re.compile(r"url\(\s*[\"']?([^\"')]+\.woff2)[\"']?\s*\)")


def page_assets(html: str) -> list[str]:
    """The assets a page references that a first visit fetches (as written, in order, once)."""
    found: list[str] = []
    for pattern in _REFS:
        for ref in pattern.findall(html):
            if ref not in found and not ref.startswith(("data:", "#")):
                found.append(ref)
    return found


@dataclass
class StaticLoadResult:
    viewers: int
    ramp: float
    pages: dict[str, int] = field(default_factory=dict)  # page -> viewers that opened it
    requests: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wire_bytes: int = 0  # status lines, headers and bodies as sent (gzip where compressed)
    page_wire_bytes: int = 0  # of which the chapters' HTML
    decoded_bytes: int = 0  # bodies after gzip decoding
    expected_bytes: int = 0  # the same files' sizes in the site folder (0: folder not given)
    seconds: float = 0.0  # from the first arrival to the last viewer done
    memory_before_mb: float = 0.0
    memory_peak_mb: float = 0.0
    memory_after_mb: float = 0.0
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # server / client

    def percentile(self, q: float) -> float | None:
        return percentile(self.latencies_ms, q)

    def bytes_accounted(self) -> bool:
        """Every decoded body byte equals the site's files (when the site folder was given)."""
        return self.expected_bytes == 0 or self.decoded_bytes == self.expected_bytes

    def table(self) -> str:
        def ms(q: float) -> str:
            v = self.percentile(q)
            return "-" if v is None else f"{v:.0f}"

        per = max(1, self.viewers)
        rows = [
            ("viewers (first visits)", f"{self.viewers} over {self.ramp:g} s"),
            ("pages opened", ", ".join(f"{k} x{v}" for k, v in sorted(self.pages.items()))),
            ("requests", str(self.requests)), ("seconds, first arrival to last viewer done", f"{self.seconds:.1f}"),
            ("latency p50 / p95 / max ms",
             f"{ms(50)} / {ms(95)} / {max(self.latencies_ms) if self.latencies_ms else 0:.0f}"),
            ("errors", str(len(self.errors))),
            ("KB on the wire per viewer (page / assets)",
             f"{self.wire_bytes / per / 1024:.0f} ({self.page_wire_bytes / per / 1024:.0f} / "
             f"{(self.wire_bytes - self.page_wire_bytes) / per / 1024:.0f})"),
            ("bytes decoded = bytes of the site's files",
             "not checked" if not self.expected_bytes else
             f"{'yes' if self.bytes_accounted() else 'NO'} ({self.decoded_bytes:,} / {self.expected_bytes:,})"),
            ("server memory MB before / peak / after",
             f"{self.memory_before_mb:.0f} / {self.memory_peak_mb:.0f} / {self.memory_after_mb:.0f}"),
            ("CPU s: server / load client",
             " / ".join(f"{self.cpu_seconds.get(k, 0):.1f}" for k in ("server", "client"))),
        ]
        return "\n".join(["| measure | value |", "|---|---|", *(f"| {a} | {b} |" for a, b in rows)])


@dataclass
class _Got:
    body: bytes  # decoded
    wire: int
    headers: object


class Fetcher:
    """GETs with gzip accepted, timed and counted into a result, checked against the site folder."""

    def __init__(self, client: object, result: StaticLoadResult, base: str, site: Path | None,
                 timeout: float) -> None:
        self.client, self.result, self.base, self.timeout = client, result, base, timeout
        self.site = site.resolve() if site else None
        self._files: dict[str, bytes] = {}

    def _expected(self, url: str) -> bytes | None:
        if self.site is None:
            return None
        rel = urlparse(url).path[len(urlparse(self.base).path):] or "index.html"
        if rel not in self._files:
            self._files[rel] = (self.site / rel).read_bytes()
        return self._files[rel]

    async def get(self, url: str, headers: dict[str, str]) -> _Got:
        t0 = time.perf_counter()
        resp = await self.client.fetch(url, headers={"Accept-Encoding": "gzip", **headers},  # type: ignore[attr-defined]
                                       decompress_response=False, raise_error=False,
                                       request_timeout=self.timeout, connect_timeout=self.timeout)
        self.result.latencies_ms.append((time.perf_counter() - t0) * 1000)
        self.result.requests += 1
        if resp.code != 200:
            raise RuntimeError(f"{url}: HTTP {resp.code} {resp.reason or ''} {resp.error or ''}".strip())
        raw = resp.body or b""
        body = gzip.decompress(raw) if resp.headers.get("Content-Encoding") == "gzip" else raw
        head = len(f"HTTP/1.1 {resp.code} {resp.reason}\r\n\r\n") + sum(
            len(k) + len(v) + 4 for k, v in resp.headers.get_all())
        self.result.wire_bytes += head + len(raw)
        self.result.decoded_bytes += len(body)
        expected = self._expected(url)
        if expected is not None:
            self.result.expected_bytes += len(expected)
            if body != expected:
                raise RuntimeError(f"{url}: {len(body)} bytes received, not the site's {len(expected)}")
        return _Got(body, head + len(raw), resp.headers)


async def fetch_assets(fetcher: Fetcher, page_url: str, html: str, headers: dict[str, str]) -> None:
    """Fetch every asset ``html`` references (same origin), ``CONNECTIONS`` at a time, and the
    fonts each stylesheet names: what a browser's first visit to the page fetches after it."""
    origin = urlparse(page_url).netloc
    gate = asyncio.Semaphore(CONNECTIONS)
    seen: set[str] = set()

    async def one(url: str) -> None:
        if url in seen or urlparse(url).netloc != origin:
            return
        seen.add(url)
        async with gate:
            got = await fetcher.get(url, headers)
        if "css" in str(got.headers.get("Content-Type", "")):  # type: ignore[attr-defined]
            text = got.body.decode("utf-8", "replace")
            await asyncio.gather(*(one(urljoin(url, font)) for font in _FONTS.findall(text)))

    await asyncio.gather(*(one(urljoin(page_url, ref)) for ref in page_assets(html)))


async def _viewer(i: int, fetcher: Fetcher, page: str, start: float, token: str) -> None:
    await asyncio.sleep(max(0.0, start - time.monotonic()))
    result = fetcher.result
    url = urljoin(fetcher.base, f"{page}.html")
    try:
        got = await fetcher.get(url + (f"?token={token}" if token else ""), {})
        result.page_wire_bytes += got.wire
        cookies = [c.split(";", 1)[0] for c in got.headers.get_list("Set-Cookie")]  # type: ignore[attr-defined]
        await fetch_assets(fetcher, url, got.body.decode("utf-8", "replace"),
                           {"Cookie": "; ".join(cookies)} if cookies else {})
    except Exception as exc:
        result.errors.append(f"viewer {i} ({page}): {type(exc).__name__}: {exc}")


async def run_static_load(url: str, pages: list[str], viewers: int = 300, ramp: float = 10.0, *,
                          site: Path | None = None, token: str = "", server_pid: int | None = None,
                          timeout: float = 60.0) -> StaticLoadResult:
    """``viewers`` first visits to ``pages`` (names without .html, round robin) of the static copy
    at ``url``, arriving over ``ramp`` seconds; with ``site`` (the folder served) every body is
    checked against its file. The run ends ``ramp + 2 * timeout`` seconds after it starts at the
    latest (viewers not done by then are errors)."""
    from tornado.httpclient import AsyncHTTPClient

    result = StaticLoadResult(viewers=viewers, ramp=ramp)
    for i in range(viewers):
        name = pages[i % len(pages)]
        result.pages[name] = result.pages.get(name, 0) + 1
    client = AsyncHTTPClient(force_instance=True, max_clients=min(512, CONNECTIONS * viewers))
    fetcher = Fetcher(client, result, url, site, timeout)
    monitor = ServerMonitor(server_pid)
    result.memory_before_mb = monitor.memory_peak_mb
    monitor.start()
    t0 = time.monotonic()
    tasks = [asyncio.ensure_future(_viewer(i, fetcher, pages[i % len(pages)],
                                           t0 + ramp * i / max(1, viewers - 1), token)) for i in range(viewers)]
    _, late = await asyncio.wait(tasks, timeout=ramp + 2 * timeout)
    for task in late:
        task.cancel()
    if late:
        result.errors.append(f"{len(late)} viewers not done within {ramp + 2 * timeout:.0f} s")
    result.seconds = time.monotonic() - t0
    await asyncio.sleep(1.0)
    await monitor.stop()
    client.close()
    result.memory_peak_mb = monitor.memory_peak_mb
    result.memory_after_mb = _usage(server_pid)[1]
    result.cpu_seconds = monitor.cpu_seconds()
    return result


class StaticSiteServer(ServerProcess):
    """``python -m gutwidgets.serve --static`` (the real command) on a free port; it builds the copy
    first if it is stale, so the wait for it allows for a build."""

    def __init__(self, site: Path, *, notebooks: Path | None = None, pages: list[str] | None = None,
                 network: bool = False, token: str | None = None, extra: list[str] | None = None,
                 timeout: float = 600.0) -> None:
        super().__init__(["-m", "gutwidgets.serve", "--static", "--site", str(site)], timeout=timeout)
        self.args += [f"--port={self.port}"]
        if notebooks is not None:
            self.args += ["--folder", str(notebooks)]
        if pages:
            self.args += ["--pages", *pages]
        if network:
            self.args.append("--network")
        if token:
            self.args += ["--token", token]
        self.args += extra or []
        first = "" if not pages or "index" in pages else f"{pages[0]}.html"
        self.ready_path = first + (f"?token={token}" if token else "")


class CountingProxy:
    """A TCP proxy on 127.0.0.1 in front of a local server, counting the bytes each way (HTTP and
    websockets alike): what a load test's viewers and the server send each other."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.to_client = 0
        self.to_server = 0
        self.port = 0
        self._server: asyncio.AbstractServer | None = None

    async def __aenter__(self) -> CountingProxy:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(self._pipe(reader, up_writer, "to_server"), self._pipe(up_reader, writer, "to_client"))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, counter: str) -> None:
        try:
            while data := await reader.read(65536):
                setattr(self, counter, getattr(self, counter) + len(data))
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()


def chapters(site: Path) -> list[str]:
    """The chapter pages of a built copy (NN_topic), or every page if it has no chapter."""
    names = sorted(p.stem for p in Path(site).glob("*.html"))
    return [n for n in names if re.match(r"\d\d_", n)] or names


def misses(result: StaticLoadResult, p95_ms: float = CHECK_P95_MS) -> list[str]:
    """Every bar a run misses: errors, bytes not accounted for, p95 request latency."""
    found = []
    if result.errors:
        found.append(f"{len(result.errors)} errors")
    if not result.bytes_accounted():
        found.append(f"decoded {result.decoded_bytes} bytes, the site's files hold {result.expected_bytes}")
    if result.latencies_ms and result.percentile(95) >= p95_ms:
        found.append(f"p95 latency {result.percentile(95):.0f} ms (bar: under {p95_ms:g} ms)")
    return found


def main(argv: list[str] | None = None) -> int:
    from ..serving.static_site import default_site, ensure_site

    ap = argparse.ArgumentParser(prog="python -m gutwidgets.loadtest --static",
                                 description="Load test of the static copy: N first visits to its chapters.")
    ap.add_argument("--viewers", type=int, default=300)
    ap.add_argument("--ramp", type=float, default=10.0, help="viewers arrive over this many seconds")
    ap.add_argument("--site", type=Path, help="the copy's folder (default: site/ in the checkout; built if stale)")
    ap.add_argument("--pages", nargs="+", metavar="NAME", help="pages to open (default: every chapter)")
    ap.add_argument("--url", help="an already running static server (default: start one on the site)")
    ap.add_argument("--token", default="", help="the server's token, if it has one")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds a request may take")
    ap.add_argument("--json", type=Path, help="also write the result as JSON here")
    ap.add_argument("--check", action="store_true",
                    help=f"exit 1 if a bar is missed: errors, bytes not accounted for, p95 >= {CHECK_P95_MS:g} ms")
    args = ap.parse_args(argv)
    if not 1 <= args.viewers <= 2000:
        ap.error(f"--viewers must be from 1 to 2000; got {args.viewers}")
    site = args.site or default_site()
    if args.url and urlparse(args.url).hostname not in LOOPBACK:
        ap.error(f"--url must be on this computer ({', '.join(sorted(LOOPBACK))}): a load test is loopback only")
    if args.url:
        result = asyncio.run(run_static_load(args.url, args.pages or chapters(site), args.viewers, args.ramp,
                                             site=site if site.is_dir() else None, token=args.token,
                                             timeout=args.timeout))
    else:
        if ensure_site(site):
            print(f"built the static copy in {site}", file=sys.stderr)
        with StaticSiteServer(site) as server:
            assert server.proc is not None
            result = asyncio.run(run_static_load(server.url, args.pages or chapters(site), args.viewers,
                                                 args.ramp, site=site, server_pid=server.proc.pid,
                                                 timeout=args.timeout))
    return report(result, args.json, misses(result) if args.check else None,
                  failed=bool(result.errors) or not result.bytes_accounted())


if __name__ == "__main__":
    raise SystemExit(main())
