"""The static site against Voila, per viewer, in one run: one markdown table.

1. **Static site**: the copy in ``site/`` (built first if stale), served by the real command
   ``python -m gutwidgets.serve --static`` on a free localhost port; 300 viewers arrive over 10 s,
   each a browser's first visit to a chapter: its HTML and every asset the page references
   (:mod:`gutwidgets.testtools.static_load`).
2. **Voila**: ``voila notebooks/`` (``voila.json`` applies) at the class size it holds, 30 viewers
   over 10 s, each opening a chapter (round robin) and moving its controls for 15 s
   (:func:`gutwidgets.testtools.loadtest.run_load`), through a byte-counting proxy on loopback
   (HTTP and websocket bytes alike; these viewers fetch no scripts).
3. On each route, one real first visit to the first chapter in headless Chromium (empty cache),
   until its first plot is drawn: the KB it fetched over HTTP (every script included, Voila's
   chunks loaded on demand too; not the websocket).

Per viewer: memory is (peak - before) / viewers of the server and its kernels; CPU is the
server's and its kernels' CPU seconds over the run / viewers; bytes are those the server sent.

Usage::

    python benchmarks/static_site.py                       # 300 static viewers, 30 Voila viewers
    python benchmarks/static_site.py --static-viewers 100 --voila-seconds 5 --json out.json
    python benchmarks/static_site.py --check               # exit 1 if a bar is missed (people only)

The bars (``--check``): no errors on either route; every byte of the static copy accounted for;
the static server's memory flat (peak at most 50 MB above before); static p95 under 250 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gutwidgets.serving.static_site import default_site, ensure_site  # noqa: E402
from gutwidgets.testtools.loadtest import LoadResult, run_load, wait_until_idle  # noqa: E402
from gutwidgets.testtools.static_load import (  # noqa: E402
    CountingProxy,
    StaticLoadResult,
    StaticSiteServer,
    chapters,
    misses,
    run_static_load,
)
from gutwidgets.testtools.testing import VoilaServer, launch_chromium  # noqa: E402

FLAT_MB = 50.0
#: A chapter's first plot drawn (the same on both routes).
DRAWN = ".gw-plot .main-svg"


def first_visit_kb(url: str, ready: str) -> float | None:
    """KB over HTTP (headers and bodies as received) of one first visit in headless Chromium with an
    empty cache, until ``ready`` is drawn and the network is idle; None without Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    total = 0

    def finished(request) -> None:
        nonlocal total
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page()
            page.on("requestfinished", finished)
            page.goto(url, wait_until="load")
            page.wait_for_selector(ready, timeout=60_000)
            page.wait_for_load_state("networkidle", timeout=30_000)
            page.close()  # a Voila page's close beacon shuts its kernel down
            browser.close()
    except RuntimeError as exc:  # no Chromium here
        print(f"no first visit in Chromium: {exc}", file=sys.stderr)
        return None
    return total / 1024


def static_run(site: Path, viewers: int, ramp: float) -> tuple[StaticLoadResult, float | None]:
    with StaticSiteServer(site) as server:
        assert server.proc is not None
        pages = chapters(site)
        result = asyncio.run(run_static_load(server.url, pages, viewers, ramp, site=site, server_pid=server.proc.pid))
        return result, first_visit_kb(f"{server.url}{pages[0]}.html", DRAWN)


async def _voila_load(server: VoilaServer, notebooks: list[str], viewers: int, seconds: float,
                      ramp: float) -> tuple[LoadResult, int]:
    """The load through the counting proxy; (result, bytes the server sent)."""
    assert server.proc is not None
    async with CountingProxy(server.port) as proxy:
        result = await run_load(proxy.url, notebooks, viewers, seconds, ramp, server_pid=server.proc.pid)
        return result, proxy.to_client


def voila_run(viewers: int, seconds: float, ramp: float) -> tuple[LoadResult, int, float | None]:
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    with VoilaServer(timeout=300) as server:
        assert server.proc is not None
        pages = len(list((ROOT / "notebooks").glob("*.ipynb")))
        waited = wait_until_idle(server.proc.pid, timeout=600, kernels=pages)
        print(f"Voila ready after {waited:.0f} s", file=sys.stderr)
        result, sent = asyncio.run(_voila_load(server, notebooks, viewers, seconds, ramp))
        return result, sent, first_visit_kb(f"{server.url}voila/render/{notebooks[0]}", DRAWN)


def table(s: StaticLoadResult, v: LoadResult, v_sent: int, voila_ramp: float,
          s_visit: float | None, v_visit: float | None) -> str:
    def mem(before: float, peak: float, after: float) -> str:
        return f"{before:.0f} / {peak:.0f} / {after:.0f}"

    s_cpu = s.cpu_seconds.get("server", 0.0)
    v_cpu = v.cpu_seconds.get("server", 0.0) + v.cpu_seconds.get("kernels", 0.0)
    kb = 1024
    p50, p95 = s.percentile(50), s.percentile(95)
    rows = [
        ("viewers", f"{s.viewers}, arriving over {s.ramp:g} s", f"{v.viewers}, arriving over {voila_ramp:g} s"),
        ("what each viewer does", "opens a chapter: its HTML and every asset the page references (first visit)",
         f"opens a chapter and moves its controls for {v.seconds:g} s"),
        ("errors", str(len(s.errors)), str(len(v.errors) + v.refused)),
        ("server memory MB before / peak / after (kernels included)",
         mem(s.memory_before_mb, s.memory_peak_mb, s.memory_after_mb),
         mem(v.memory_before_mb, v.memory_peak_mb, v.memory_after_mb)),
        ("**memory per viewer MB** (peak - before) / viewers",
         f"{(s.memory_peak_mb - s.memory_before_mb) / s.viewers:.2f}",
         f"{(v.memory_peak_mb - v.memory_before_mb) / v.viewers:.0f}"),
        ("CPU s, server (+ kernels): whole run", f"{s_cpu:.1f}", f"{v_cpu:.0f}"),
        ("**CPU s per viewer**", f"{s_cpu / s.viewers:.3f}", f"{v_cpu / v.viewers:.2f}"),
        ("**KB per viewer** on the wire in the load run",
         f"{s.wire_bytes / s.viewers / kb:.0f}: the page {s.page_wire_bytes / s.viewers / kb:.0f},"
         f" its assets {(s.wire_bytes - s.page_wire_bytes) / s.viewers / kb:.0f}",
         f"{v_sent / v.viewers / kb:.0f}: the page and its websocket (the load's viewers fetch no scripts)"),
        ("KB of one real first visit in Chromium (HTTP, empty cache; scripts are cached after)",
         "-" if s_visit is None else f"{s_visit:.0f}",
         "-" if v_visit is None else f"{v_visit:.0f} + the websocket"),
        ("latency p50 / p95 ms", f"{p50:.0f} / {p95:.0f} (a request)" if p50 is not None else "-",
         f"{v.percentile(50):.0f} / {v.percentile(95):.0f} (a control's update)" if v.latencies_ms else "-"),
        ("bytes decoded = the site's files", "yes" if s.bytes_accounted() else "NO", "-"),
    ]
    return "\n".join(["| per viewer | static site | Voila |", "|---|---|---|",
                      *(f"| {a} | {b} | {c} |" for a, b, c in rows)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="The static site against Voila, per viewer: one markdown table.")
    ap.add_argument("--site", type=Path, help="the static copy (default: site/ in the checkout; built if stale)")
    ap.add_argument("--static-viewers", type=int, default=300)
    ap.add_argument("--static-ramp", type=float, default=10.0)
    ap.add_argument("--voila-viewers", type=int, default=30)
    ap.add_argument("--voila-seconds", type=float, default=15.0, help="seconds each Voila viewer moves controls")
    ap.add_argument("--voila-ramp", type=float, default=10.0)
    ap.add_argument("--json", type=Path, help="also write both results here")
    ap.add_argument("--check", action="store_true", help="exit 1 if a bar is missed (see the module's doc)")
    args = ap.parse_args(argv)
    command = "python " + " ".join(["benchmarks/static_site.py", *(sys.argv[1:] if argv is None else argv)])
    site = args.site or default_site()
    started = time.monotonic()
    if ensure_site(site):
        print(f"built the static copy in {site} ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    s, s_visit = static_run(site, args.static_viewers, args.static_ramp)
    v, v_sent, v_visit = voila_run(args.voila_viewers, args.voila_seconds, args.voila_ramp)
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, `{command}`\n")
    print(table(s, v, v_sent, args.voila_ramp, s_visit, v_visit))
    for e in (s.errors + v.errors)[:20]:
        print("error:", e, file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({"static": asdict(s), "voila": asdict(v), "voila_bytes_sent": v_sent,
                                         "first_visit_kb": {"static": s_visit, "voila": v_visit}}, indent=1))
    if args.check:
        missed = misses(s) + [f"Voila: {len(v.errors)} errors, {v.refused} refused"] * bool(v.errors or v.refused)
        if s.memory_peak_mb - s.memory_before_mb > FLAT_MB:
            missed.append(f"static server memory grew {s.memory_peak_mb - s.memory_before_mb:.0f} MB")
        for m in missed:
            print("missed:", m, file=sys.stderr)
        return 1 if missed else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
