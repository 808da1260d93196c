"""Load test: a whole class opening the dashboards at once on one machine.

N simulated viewers (default 30) arrive over a short ramp, each opens a chapter (round robin
over every chapter), moves its sliders and ticks its checkboxes at a student's pace (a change
every 1-3 s: each slider sends one update when released) for a bounded time, then closes the
tab. Viewers speak Voila's protocol directly
(:class:`gutwidgets.testtools.viewer.Viewer`), so the machine's cores go to the server and its kernels, as
in a classroom where the browsers run on the students' own devices.

Reported: interactions, p50/p95/max latency (from a control's update to the kernel having sent
every resulting update), errors (failed loads, kernel errors, stderr, refused pages), peak
kernels and memory during the run, and kernels and memory before and after (closed pages must
free their kernels; memory must come back).

Usage::

    python -m gutwidgets.loadtest                      # 30 viewers, 60 s, own Voila server
    python -m gutwidgets.loadtest --viewers 30 --seconds 15 --json out.json
    python -m gutwidgets.loadtest --lesson 03_causes.ipynb        # the whole class on one chapter
    python -m gutwidgets.loadtest --url http://127.0.0.1:8866/   # an already running server
    python -m gutwidgets.loadtest --static             # the static copy: 300 first visits, no kernels
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .viewer import ServerFullError, Viewer

__all__ = ["LoadResult", "ServerMonitor", "percentile", "run_load"]

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class LoadResult:
    viewers: int
    seconds: float
    interactions: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    open_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refused: int = 0
    kernels_before: int = 0
    kernels_peak: int = 0
    kernels_after: int = 0
    memory_before_mb: float = 0.0
    memory_peak_mb: float = 0.0
    memory_after_mb: float = 0.0
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # server / kernels / this client

    def percentile(self, q: float) -> float | None:
        return percentile(self.latencies_ms, q)

    def table(self) -> str:
        def fmt(x: float | None) -> str:
            return "-" if x is None else f"{x:.0f}"
        rows = [
            ("viewers", str(self.viewers)), ("seconds of interaction", f"{self.seconds:g}"),
            ("interactions", str(self.interactions)),
            ("latency p50 ms", fmt(self.percentile(50))), ("latency p95 ms", fmt(self.percentile(95))),
            ("latency max ms", fmt(max(self.latencies_ms) if self.latencies_ms else None)),
            ("page open median s", f"{statistics.median(self.open_s):.1f}" if self.open_s else "-"),
            ("errors", str(len(self.errors))), ("kernel log warnings", str(len(self.warnings))),
            ("refused (server full)", str(self.refused)),
            ("kernels before / peak / after", f"{self.kernels_before} / {self.kernels_peak} / {self.kernels_after}"),
            ("CPU s: server / kernels / load client",
             " / ".join(f"{self.cpu_seconds.get(k, 0):.0f}" for k in ("server", "kernels", "client"))),
            ("memory MB before / peak / after",
             f"{self.memory_before_mb:.0f} / {self.memory_peak_mb:.0f} / {self.memory_after_mb:.0f}"),
        ]
        return "\n".join(["| measure | value |", "|---|---|", *(f"| {a} | {b} |" for a, b in rows)])


def percentile(values: list[float], q: float) -> float | None:
    """The ``q``-th percentile of ``values`` (nearest rank; None when empty)."""
    xs = sorted(values)
    if not xs:
        return None
    k = min(len(xs) - 1, max(0, round(q / 100 * (len(xs) - 1))))
    return xs[k]


def _usage(server_pid: int | None) -> tuple[int, float]:
    """(ipykernel processes, total RSS MB) of the server and its children."""
    import psutil

    if server_pid is None:
        return 0, 0.0
    try:
        parent = psutil.Process(server_pid)
        procs = [parent, *parent.children(recursive=True)]
    except psutil.Error:
        return 0, 0.0
    kernels, rss = 0, 0.0
    for p in procs:
        try:
            rss += p.memory_info().rss / 2**20
            if "ipykernel" in " ".join(p.cmdline()):
                kernels += 1
        except psutil.Error:
            continue
    return kernels, rss


async def _one_viewer(i: int, url: str, notebook: str, start: float, end: float, rng: random.Random,
                      think: tuple[float, float], token: str, result: LoadResult, at_least: int = 0) -> None:
    await asyncio.sleep(max(0.0, start - time.monotonic()))
    viewer = Viewer(url, notebook, token=token)
    try:
        try:
            result.open_s.append(await viewer.open())
        except ServerFullError:
            result.refused += 1
            return
        done = 0
        while time.monotonic() < end or done < at_least:
            sliders, boxes = viewer.sliders(), viewer.checkboxes()
            if boxes and (not sliders or rng.random() < 0.15):
                mid, state = rng.choice(sorted(boxes.items()))
                value: Any = not state.get("value", False)
            elif sliders:
                mid, state = rng.choice(sorted(sliders.items()))
                lo, hi = float(state["min"]), float(state["max"])
                value = lo + (hi - lo) * rng.random()
                if state.get("_model_name") == "IntSliderModel":
                    value = round(value)
            else:
                break  # a page without controls: just reading
            result.latencies_ms.append(await viewer.move(mid, value) * 1000)
            result.interactions += 1
            done += 1
            await asyncio.sleep(rng.uniform(*think))
    except Exception as exc:
        result.errors.append(f"viewer {i} ({notebook}): {type(exc).__name__}: {exc}")
    finally:
        await viewer.close()
        result.errors.extend(f"viewer {i}: {e}" for e in viewer.errors)
        result.warnings.extend(f"viewer {i}: {e}" for e in viewer.warnings)


async def run_load(url: str, notebooks: list[str], viewers: int = 30, seconds: float = 60.0,
                   ramp: float = 10.0, think: tuple[float, float] = (1.0, 3.0), seed: int = 1,
                   token: str = "", server_pid: int | None = None, settle: float = 60.0,
                   at_least: int = 0) -> LoadResult:
    """Run the load against ``url`` and return what was measured.

    Each viewer interacts for ``seconds`` and, however slow the machine, at least ``at_least``
    times (so a count of interactions says what was done, not how fast). After the viewers close
    their pages, waits up to ``settle`` seconds for the server to shut their kernels down."""
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=max(10, 2 * viewers))  # no client-side queueing
    rng = random.Random(seed)
    result = LoadResult(viewers=viewers, seconds=seconds)
    monitor = ServerMonitor(server_pid)
    result.kernels_before, result.memory_before_mb = monitor.kernels_peak, monitor.memory_peak_mb
    monitor.start()
    t0 = time.monotonic()
    tasks = []
    for i in range(viewers):
        start = t0 + ramp * i / max(1, viewers - 1)
        tasks.append(_one_viewer(i, url, notebooks[i % len(notebooks)], start, start + seconds,
                                 random.Random(rng.random()), think, token, result, at_least))
    await asyncio.gather(*tasks)
    # Closed tabs must free their kernels: wait for the server to shut them down.
    deadline = time.monotonic() + settle
    while time.monotonic() < deadline:
        k, _ = _usage(server_pid)
        if k <= result.kernels_before:
            break
        await asyncio.sleep(1.0)
    await asyncio.sleep(2.0)
    await monitor.stop()
    result.kernels_peak, result.memory_peak_mb = monitor.kernels_peak, monitor.memory_peak_mb
    result.kernels_after, result.memory_after_mb = _usage(server_pid)
    result.cpu_seconds = monitor.cpu_seconds()
    return result


class ServerMonitor:
    """Samples a server's memory (RSS, its children included), kernels and CPU time, every half
    second between :meth:`start` and :meth:`stop`; CPU time is counted for the roles ``server``,
    ``kernels`` (its children) and ``client`` (this process)."""

    def __init__(self, server_pid: int | None, every: float = 0.5) -> None:
        self.server_pid = server_pid
        self.every = every
        self.kernels_peak, self.memory_peak_mb = _usage(server_pid)
        self._cpu: dict[int, tuple[str, float]] = {}  # pid -> (role, cpu seconds)
        self._sample_cpu()
        self._cpu_start = dict(self._cpu)
        self._stop = asyncio.Event()
        self._task: asyncio.Future | None = None

    def _sample_cpu(self) -> None:
        import os

        import psutil

        procs: list[tuple[str, Any]] = [("client", psutil.Process(os.getpid()))]
        if self.server_pid is not None:
            try:
                parent = psutil.Process(self.server_pid)
                procs += [("server", parent)] + [("kernels", c) for c in parent.children(recursive=True)]
            except psutil.Error:
                pass
        for role, proc in procs:
            try:
                t = proc.cpu_times()
                self._cpu[proc.pid] = (role, t.user + t.system)
            except psutil.Error:
                continue

    async def _watch(self) -> None:
        while not self._stop.is_set():
            k, m = _usage(self.server_pid)
            self.kernels_peak = max(self.kernels_peak, k)
            self.memory_peak_mb = max(self.memory_peak_mb, m)
            self._sample_cpu()
            try:
                await asyncio.wait_for(self._stop.wait(), self.every)
            except asyncio.TimeoutError:
                pass

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._watch())

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task
        self._sample_cpu()

    def cpu_seconds(self) -> dict[str, float]:
        """CPU seconds used since this monitor was made, per role."""
        used: dict[str, float] = {}
        for pid, (role, seconds) in self._cpu.items():
            used[role] = used.get(role, 0.0) + seconds - self._cpu_start.get(pid, (role, 0.0))[1]
        return used


def wait_until_idle(server_pid: int, timeout: float = 300.0, quiet: float = 25.0, kernels: int = 0) -> float:
    """Wait until at least ``kernels`` kernels run (Voila's preheated pool) and the server and its
    kernels use less than ``quiet`` percent of one core for three seconds in a row; return the
    seconds waited."""
    import psutil

    t0 = time.monotonic()
    calm = 0
    while time.monotonic() - t0 < timeout and (calm < 3 or _usage(server_pid)[0] < kernels):
        try:
            parent = psutil.Process(server_pid)
            procs = [parent, *parent.children(recursive=True)]
            for p in procs:
                p.cpu_percent(None)
            time.sleep(1.0)
            busy = sum(p.cpu_percent(None) for p in procs if p.is_running())
        except psutil.Error:
            busy = 100.0
        calm = calm + 1 if busy < quiet else 0
    return time.monotonic() - t0


#: What ``--check`` holds a run to (a person's check, never a test's: timings vary with load).
CHECK_P95_MS = 250.0


def misses(result: LoadResult, p95_ms: float = CHECK_P95_MS) -> list[str]:
    """Every bar a run misses: errors, refused pages, p95 latency, kernels not returned."""
    found = []
    if result.errors:
        found.append(f"{len(result.errors)} errors")
    if result.refused:
        found.append(f"{result.refused} pages refused")
    if result.latencies_ms and result.percentile(95) >= p95_ms:
        found.append(f"p95 latency {result.percentile(95):.0f} ms (bar: under {p95_ms:g} ms)")
    if result.kernels_after > result.kernels_before:
        found.append(f"kernels after {result.kernels_after} > before {result.kernels_before}")
    return found


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if "--static" in argv:  # the static copy's load test: see gutwidgets.testtools.static_load
        from .static_load import main as static_main

        return static_main([a for a in argv if a != "--static"])
    ap = argparse.ArgumentParser(description="Load test: N viewers on the dashboards at once"
                                             " (--static: the static copy; see --static --help).")
    ap.add_argument("--viewers", type=int, default=30)
    ap.add_argument("--seconds", type=float, default=60.0, help="interaction time per viewer")
    ap.add_argument("--ramp", type=float, default=10.0, help="viewers arrive over this many seconds")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--url", help="an already running server (default: start one from this checkout)")
    ap.add_argument("--token", default="", help="the server's token, if it has one")
    ap.add_argument("--json", type=Path, help="also write the result as JSON here")
    ap.add_argument("--lesson", help="every viewer opens this chapter, kept warm for the class"
                                     " (as python -m gutwidgets.serve --lesson does)")
    ap.add_argument("--server-arg", action="append", default=[],
                    help="extra option for the Voila server this test starts (repeatable)")
    ap.add_argument("--check", action="store_true",
                    help=f"exit 1 if a bar is missed: errors, refused pages, p95 >= {CHECK_P95_MS:g} ms,"
                         " kernels not returned")
    args = ap.parse_args(argv)
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    server_args = list(args.server_arg)
    if args.lesson:
        from ..serving.serve import voila_command

        notebooks = [args.lesson]
        server_args = voila_command(lesson=args.lesson, class_size=args.viewers)[0][4:] + server_args
    if args.url:
        result = asyncio.run(run_load(args.url, notebooks, args.viewers, args.seconds, args.ramp,
                                      seed=args.seed, token=args.token))
    else:
        from .testing import VoilaServer

        with VoilaServer(extra_args=server_args, timeout=300) as server:
            assert server.proc is not None
            pages = len(list((ROOT / "notebooks").glob("*.ipynb")))
            warm = pages - 1 + args.viewers if args.lesson else pages
            waited = wait_until_idle(server.proc.pid, timeout=600, kernels=warm)
            print(f"server ready with {_usage(server.proc.pid)[0]} warm kernels after {waited:.0f} s",
                  file=sys.stderr)
            result = asyncio.run(run_load(server.url, notebooks, args.viewers, args.seconds, args.ramp,
                                          seed=args.seed, server_pid=server.proc.pid))
    return report(result, args.json, misses(result) if args.check else None, failed=bool(result.errors))


def report(result: Any, json_path: Path | None, missed: list[str] | None, failed: bool) -> int:
    """Print a run's table and first errors, write it as JSON if asked, and return the exit
    status: with ``missed`` (``--check``), 1 if a bar was missed; else 1 if the run ``failed``."""
    print(result.table())
    for e in result.errors[:20]:
        print("error:", e, file=sys.stderr)
    if json_path:
        json_path.write_text(json.dumps(asdict(result), indent=1))
    if missed is not None:
        for m in missed:
            print("missed:", m, file=sys.stderr)
        return 1 if missed else 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
