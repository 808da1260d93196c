"""Benchmark every dashboard against a one-slider baseline, in one run, on one Voila server.

For each notebook in ``notebooks/`` and for ``benchmarks/baseline.ipynb`` (a FloatSlider and a
Label: the lightest page with a live widget) it measures, in headless Chromium:

- time to first widget: navigation start until the first widget is visible (a page without
  widgets, such as the landing page: until its content is visible);
- time until drawn: until the page's main views are drawn (chapter 1: sieving plot and
  animation canvas; elsewhere: same as first widget);
- slider to redraw: from the keydown on a slider to the first frame after the view it drives
  changed in the DOM (measured in the page, the same way for every page);
- websocket bytes per page load (both directions);
- kernel memory (RSS of the page's kernel after the load).

Loads are interleaved (baseline, chapter, baseline, ...) so drift hits all pages alike; the
first load of each page (empty browser cache) is reported on its own as "first visit" and not
counted in the medians. Medians are reported, with
ratios against the baseline measured in the same run.

Usage: python benchmarks/run.py [--loads 5] [--presses 20] [--pause 3] [--json out.json]
       python benchmarks/run.py --short --check    (CI: fewer samples; exit 1 if a bar is missed)

The bars (issue "a whole class on one laptop"), checked by ``--check``: every chapter's time to
first widget at most 1.3x the baseline's, slider to redraw at most 2x the baseline's and under
100 ms at p95, at most 300 KB of websocket traffic per page load and at most 120 MB of kernel
memory.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gutwidgets.testtools.testing import PageWatch, VoilaServer, launch_chromium  # noqa: E402

BASELINE = "baseline.ipynb"

#: How to find each page's "drawn" state and the slider whose effect is timed.
#: target: the element whose change marks the redraw; key: how to read its state.
PAGES = {
    BASELINE: {
        "drawn": ".widget-slider .noUi-handle",
        "slider": ".widget-slider",
        "target": "() => document.querySelector('.baseline-readout').textContent",
        "watch": ".baseline-readout",
    },
    "01_the_barrier.ipynb": {
        "drawn": ".gw-sieving-plot .main-svg, .gw-cross-section canvas",
        "slider": ".widget-slider >> nth=1",
        "target": "() => document.querySelector('.gw-sieving-plot').dataset.revision",
        "watch": ".gw-sieving-plot .scatterlayer",
    },
    "02_tight_junctions.ipynb": {
        "drawn": ".gw-teer-plot .main-svg, .gw-sieving-plot .main-svg, .gw-junction-zipper canvas",
        "slider": ".widget-slider >> nth=0",
        "target": "() => document.querySelector('.gw-teer-plot').dataset.revision",
        "watch": ".gw-teer-plot .main-svg",
    },
    "03_causes.ipynb": {
        "drawn": ".gw-cause-course .main-svg, .gw-cause-chain svg",
        # Switch the first cause (NSAIDs) on, then time its intensity slider.
        "setup": ".gw-cause-control >> nth=0 >> input[type=checkbox]",
        "slider": ".gw-cause-control >> nth=0 >> .widget-slider",
        "target": "() => document.querySelector('.gw-cause-course').dataset.revision",
        "watch": ".gw-cause-course .scatterlayer",
    },
    "04_systemic_effects.ipynb": {
        "drawn": (".gw-cascade-plot .main-svg, .gw-lps-flow canvas, .gw-evidence-map .main-svg,"
                  " .gw-confounding-plot .main-svg"),
        "slider": ".widget-slider >> nth=0",
        "target": "() => document.querySelector('.gw-cascade-plot').dataset.revision",
        "watch": ".gw-cascade-plot .scatterlayer",
    },
    "05_supporting_the_barrier.ipynb": {
        "drawn": ".gw-fibre-plot .main-svg, .gw-plan-plot .main-svg, .gw-evidence-ladder .gw-ladder-chip",
        "slider": ".gw-explorer:has(.gw-fibre-plot) .widget-slider >> nth=0",
        "target": "() => document.querySelector('.gw-fibre-plot').dataset.revision",
        "watch": ".gw-fibre-plot .scatterlayer",
    },
    "06_measuring_permeability.ipynb": {
        "drawn": ".gw-sugar-timeline .main-svg, .gw-ratio-plot .main-svg",
        "slider": ".widget-slider >> nth=0",
        "target": "() => document.querySelector('.gw-sugar-timeline').dataset.revision",
        "watch": ".gw-sugar-timeline .main-svg",
    },
}


def _drawn(page, spec: dict) -> None:
    for sel in spec["drawn"].split(", "):
        page.wait_for_selector(sel, state="visible", timeout=120_000)
    for plot in page.query_selector_all(".gw-plot"):
        plot.wait_for_element_state("stable")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.gw-plot')].every(p => Number(p.dataset.revision) >= 1)",
        timeout=60_000,
    )


def load_once(browser, server: VoilaServer, name: str) -> dict:
    spec = PAGES.get(name, {"first": "#rendered_cells", "drawn": "#rendered_cells", "slider": None, "target": None})
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = PageWatch(page)
    try:
        page.goto(server.url + f"voila/render/{name}", wait_until="commit")
        page.wait_for_selector(spec.get("first", ".jupyter-widgets"), state="visible", timeout=120_000)
        first = page.evaluate("performance.now()") / 1000
        _drawn(page, spec)
        drawn = page.evaluate("performance.now()") / 1000
        kernel_id = page.evaluate(
            "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        )
        rss = None
        for proc in server.kernel_processes():
            if kernel_id and any(kernel_id in part for part in proc.cmdline()):
                rss = proc.memory_info().rss / 2**20
        page.wait_for_timeout(500)
        return {
            "first": first, "drawn": drawn, "ws": watch.ws_received + watch.ws_sent, "rss": rss,
            "problems": watch.problems(), "page": page, "context": context, "spec": spec,
        }
    except Exception:
        context.close()
        raise


#: In-page timer: from the keydown event to the first animation frame after the watched
#: element's DOM changed (the frame that shows the change). Same method for every page.
_ARM_TIMER = """(selector) => {
  window.__gwLatency = new Promise((resolve) => {
    let t0 = null;
    const target = document.querySelector(selector);
    const obs = new MutationObserver(() => {
      if (t0 === null) return;
      obs.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - t0));
    });
    obs.observe(target, { subtree: true, childList: true, characterData: true, attributes: true });
    document.addEventListener("keydown", () => { t0 = performance.now(); }, { once: true, capture: true });
  });
}"""


def slider_latency(page, spec: dict, presses: int) -> list[float]:
    """Milliseconds from a key press on the slider to the frame showing the view it drives."""
    if not spec.get("slider"):
        return []
    if spec.get("setup"):  # a click that enables the slider (e.g. switching a cause on)
        before = page.evaluate(spec["target"])
        page.locator(spec["setup"]).click()
        page.wait_for_function(f"(old) => ({spec['target']})() !== old", arg=before, timeout=30_000)
        page.wait_for_timeout(300)
    handle = page.locator(spec["slider"]).locator(".noUi-handle")
    handle.scroll_into_view_if_needed()
    out = []
    for i in range(presses):
        before = page.evaluate(spec["target"])
        page.evaluate(_ARM_TIMER, spec["watch"])
        handle.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        page.wait_for_function(f"(old) => ({spec['target']})() !== old", arg=before, timeout=30_000)
        out.append(page.evaluate("window.__gwLatency"))
        page.wait_for_timeout(150)
    return out


def run(loads: int, presses: int, pause: float, only: list[str] | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    names = [BASELINE, *sorted(
        p.name for p in (ROOT / "notebooks").glob("*.ipynb") if not only or p.name in only
    )]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        for p in (ROOT / "notebooks").glob("*.ipynb"):
            shutil.copy(p, folder / p.name)
        shutil.copy(ROOT / "benchmarks" / BASELINE, folder / BASELINE)
        results: dict[str, dict[str, list]] = {
            n: {"first": [], "drawn": [], "ws": [], "rss": [], "slider": [], "problems": [], "cold": []}
            for n in names
        }
        with VoilaServer(folder) as server, sync_playwright() as pw:
            browser = launch_chromium(pw)
            time.sleep(pause * 2)  # let the preheated kernels finish their first run
            for round_ in range(loads + 1):
                for name in names:
                    r = load_once(browser, server, name)
                    try:
                        if round_ == 0:  # a first visit: empty browser cache
                            results[name]["cold"].append(r["drawn"])
                            results[name]["problems"].extend(r["problems"])
                        if round_ > 0:  # round 0 warms the browser cache
                            res = results[name]
                            res["first"].append(r["first"])
                            res["drawn"].append(r["drawn"])
                            res["ws"].append(r["ws"])
                            if r["rss"] is not None:
                                res["rss"].append(r["rss"])
                            res["problems"].extend(r["problems"])
                        if round_ == 1:
                            results[name]["slider"] = slider_latency(r["page"], r["spec"], presses)
                    finally:
                        r["context"].close()
                    time.sleep(pause)  # let Voila refill its pool of preheated kernels
                print(f"round {round_}/{loads} done", file=sys.stderr)
            browser.close()
    return results


def summarise(results: dict) -> list[dict]:
    def med(xs):
        return statistics.median(xs) if xs else None

    base = results[BASELINE]
    b_first, b_drawn, b_slider = med(base["first"]), med(base["drawn"]), med(base["slider"])
    rows = []
    for name, r in results.items():
        first, drawn, slider = med(r["first"]), med(r["drawn"]), med(r["slider"])
        p95 = sorted(r["slider"])[int(0.95 * (len(r["slider"]) - 1))] if r["slider"] else None
        rows.append({
            "page": name,
            "first_widget_s": first,
            "first_widget_ratio": first / b_first if first and b_first else None,
            "drawn_s": drawn,
            "drawn_ratio": drawn / b_drawn if drawn and b_drawn else None,
            "cold_drawn_s": med(r["cold"]),
            "slider_ms": slider,
            "slider_p95_ms": p95,
            "slider_ratio": slider / b_slider if slider and b_slider else None,
            "ws_kb_per_load": med(r["ws"]) / 1000 if r["ws"] else None,
            "kernel_mb": med(r["rss"]),
            "problems": sorted(set(r["problems"])),
        })
    return rows


#: The bars every chapter must keep (see the module docstring).
BARS = {
    "first_widget_ratio": 1.3,
    "slider_ratio": 2.0,
    "slider_p95_ms": 100.0,
    "ws_kb_per_load": 300.0,
    "kernel_mb": 120.0,
}


def missed_bars(rows: list[dict]) -> list[str]:
    """One line per bar a page misses (and per page that could not be measured or had problems)."""
    out = []
    for r in rows:
        if r["page"] == BASELINE:
            continue
        for key, limit in BARS.items():
            if key.startswith("slider") and not PAGES.get(r["page"], {}).get("slider"):
                continue  # a page without a slider (landing page, glossary)
            value = r.get(key)
            if value is None:
                out.append(f"{r['page']}: {key} was not measured")
            elif value > limit:
                out.append(f"{r['page']}: {key} = {value:.3g}, bar {limit:g}")
        out += [f"{r['page']}: {p}" for p in r["problems"]]
    return out


def table(rows: list[dict]) -> str:
    def f(x, fmt):
        return "-" if x is None else format(x, fmt)

    lines = [
        "| page | first widget s | x baseline | drawn s | x baseline | first visit drawn s"
        " | slider->redraw ms (p95) | x baseline | websocket KB/load | kernel MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['page']} | {f(r['first_widget_s'], '.2f')} | {f(r['first_widget_ratio'], '.2f')} |"
            f" {f(r['drawn_s'], '.2f')} | {f(r['drawn_ratio'], '.2f')} | {f(r['cold_drawn_s'], '.2f')} |"
            f" {f(r['slider_ms'], '.0f')} ({f(r['slider_p95_ms'], '.0f')}) | {f(r['slider_ratio'], '.2f')} |"
            f" {f(r['ws_kb_per_load'], '.0f')} | {f(r['kernel_mb'], '.0f')} |"
        )
    problems = [f"- {r['page']}: {p}" for r in rows for p in r["problems"]]
    if problems:
        lines += ["", "Problems seen:", *problems]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--loads", type=int, default=5, help="counted loads per page (default 5)")
    ap.add_argument("--presses", type=int, default=20, help="slider presses per page (default 20)")
    ap.add_argument("--pause", type=float, default=3.0, help="seconds between loads (default 3)")
    ap.add_argument("--json", type=Path, help="also write the rows as JSON here")
    ap.add_argument("--pages", nargs="*", help="only these notebooks (file names); the baseline always runs")
    ap.add_argument("--short", action="store_true", help="CI mode: 2 loads, 10 presses, 1.5 s pauses")
    ap.add_argument("--check", action="store_true", help="exit 1 when a page misses a bar (listed after the table)")
    ap.add_argument("--retries", type=int, default=None,
                    help="with --check: measure pages that miss a bar again, with a fresh baseline, up to N"
                         " times (default 0; 2 with --short); each table is printed")
    args = ap.parse_args()
    if args.short:
        args.loads, args.presses, args.pause = 2, 10, 1.5
    retries = args.retries if args.retries is not None else (2 if args.short else 0)
    if args.loads < 1 or args.presses < 1 or args.pause < 0:
        ap.error("--loads and --presses must be >= 1 and --pause >= 0")
    rows = summarise(run(args.loads, args.presses, args.pause, args.pages))
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    missed = missed_bars(rows)
    for attempt in range(retries if args.check else 0):
        if not missed:
            break
        # A busy moment on a shared machine can push one page over a bar: measure the pages that
        # missed again, against a baseline measured in that same run, and keep the new rows.
        again = sorted({r["page"] for r in rows if missed_bars([r])})
        print(f"\nMeasuring again ({attempt + 1}/{retries}) the pages that missed a bar: {', '.join(again)}")
        fresh = {r["page"]: r for r in summarise(run(args.loads, args.presses, args.pause, again))}
        print(table([fresh[BASELINE], *(fresh[p] for p in again)]))
        rows = [fresh.get(r["page"], r) if r["page"] != BASELINE else r for r in rows]
        missed = missed_bars(rows)
    if missed:
        print("\nBars missed:\n" + "\n".join(f"- {m}" for m in missed))
    elif args.check:
        print("\nEvery page keeps every bar.")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
