"""Random-input fuzzing of a chapter's dashboards, as a classroom would drive them.

:func:`dashboards` builds a chapter's widgets by running its code cells (which only import,
build and display) and keeping what each cell displays. :func:`fuzz` then drives the controls
it finds (sliders to random and edge values, dropdowns and toggles to random options,
checkboxes, buttons; never one that is disabled at the time) for a given number of events,
seeded and reproducible (it records each event and the resulting widget states), and after every
event checks what a viewer would see: no exception, no logged error, every widget's state
plain JSON without NaN or infinity, and no text showing "Traceback", "NaN" or an error message.

:func:`fuzz_page` drives the same chapter in a real browser page instead (Voila, or the static
copy with no kernel at all): for a dashboard that computes in the page (``Dashboard.IN_PAGE``) it
operates the page's own controls as a viewer does (keys and clicks on a slider, its track, the
check boxes, the menus, Reset), and after every event checks what the page shows: no NaN,
infinity or error text in the sentence or in any plotted number, no console or page error, and
the sentence exactly the kernel's Python twin's for the levers the page drew (``data-levers``).

Used by ``tests/test_fuzz.py`` and ``tests/browser/test_page_compute.py``; also runnable by hand::

    python -m gutwidgets.fuzz notebooks/03_causes.ipynb --events 5000 --seed 7
    python -m gutwidgets.export build site/ && \
        python -m gutwidgets.fuzz notebooks/02_tight_junctions.ipynb --page site/02_tight_junctions.html
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import logging
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..views._dashboard import Dashboard

__all__ = ["FuzzReport", "controls", "dashboards", "fuzz", "fuzz_page", "state_digest", "widgets"]

#: Text a viewer must never see.
BAD_TEXT = re.compile(r"Traceback|\bNaN\b|\bnan\b|\binf\b|Infinity|Something went wrong|Error:")


def dashboards(notebook: str | Path) -> list[w.Widget]:
    """Run a notebook's code cells in a fresh namespace; return every widget a cell displays."""
    import nbformat

    path = Path(notebook)
    nb = nbformat.read(path, as_version=4)
    namespace: dict[str, Any] = {"__name__": "__fuzz__"}
    shown: list[w.Widget] = []
    for cell in nb.cells:
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        tree = ast.parse(cell.source)
        last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        body = tree.body[:-1] if last is not None else tree.body
        exec(compile(ast.Module(body=body, type_ignores=[]), str(path), "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), str(path), "eval"), namespace)
            if isinstance(value, w.Widget):
                shown.append(value)
    return shown


def _walk(widget: w.Widget, seen: set[int]) -> Iterator[w.Widget]:
    if id(widget) in seen:
        return
    seen.add(id(widget))
    yield widget
    for child in getattr(widget, "children", ()) or ():
        if isinstance(child, w.Widget):
            yield from _walk(child, seen)


def widgets(roots: list[w.Widget]) -> list[w.Widget]:
    """Every widget under these roots, each once."""
    seen: set[int] = set()
    return [x for r in roots for x in _walk(r, seen)]


def controls(roots: list[w.Widget]) -> list[w.Widget]:
    """The controls a viewer can operate: sliders, selections, checkboxes, buttons."""
    kinds = (w.FloatSlider, w.IntSlider, w.FloatLogSlider, w.SelectionSlider, w.Dropdown,
             w.ToggleButtons, w.RadioButtons, w.Checkbox, w.ToggleButton, w.Button)
    return [x for x in widgets(roots) if isinstance(x, kinds)]


@dataclass
class FuzzReport:
    """What happened, event by event.

    ``sequence`` is every event sent, in order, as (control, value): the control is named by its
    kind, its position among the page's controls and its description; the value is what the
    control holds afterwards ("click" for a button, "raised ..." when the event failed).
    ``states`` has one digest per event of every widget's state after it (model ids replaced by
    positions, so two builds of the same page compare equal). A control that is disabled when it
    is picked is not driven (a viewer cannot move it): it is counted in ``skipped``, by kind.
    """

    events: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    sequence: list[tuple[str, Any]] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(f"{record.name}: {record.getMessage()}")


def _event(ctrl: w.Widget, rng: random.Random) -> str:
    """Operate one control as a viewer could; return a short description."""
    if isinstance(ctrl, w.Button):
        ctrl.click()
        return f"click {ctrl.description!r}"
    if isinstance(ctrl, (w.Checkbox, w.ToggleButton)):
        ctrl.value = not ctrl.value
        return f"toggle {ctrl.description!r} -> {ctrl.value}"
    if isinstance(ctrl, (w.SelectionSlider, w.Dropdown, w.ToggleButtons, w.RadioButtons)):
        n = len(ctrl.options)
        ctrl.index = rng.choice([0, n - 1, rng.randrange(n)])
        return f"select {ctrl.description!r} -> {ctrl.value!r}"
    lo, hi = ctrl.min, ctrl.max
    r = rng.random()
    value = lo if r < 0.15 else hi if r < 0.3 else lo + (hi - lo) * rng.random()
    if isinstance(ctrl, w.IntSlider):
        value = round(value)
    ctrl.value = value
    return f"slide {ctrl.description!r} -> {ctrl.value!r}"


def _value(ctrl: w.Widget) -> Any:
    """What a control holds after an event, as plain JSON."""
    if isinstance(ctrl, w.Button):
        return "click"
    value = ctrl.value
    return value if isinstance(value, (bool, int, float, str)) or value is None else repr(value)


MODEL_ID = re.compile(r"(?:IPY_MODEL_|anywidget:)([0-9a-f]+)")  # ipywidgets' and anywidget's references


def state_digest(roots: list[w.Widget]) -> str:
    """A digest of every widget's state under ``roots`` (model ids replaced by positions)."""
    return _check(roots)[1]


def _check(roots: list[w.Widget]) -> tuple[list[str], str]:
    """Problems a viewer would see, and the digest of every widget's state."""
    problems = []
    everything = widgets(roots)
    position = {x.model_id: str(i) for i, x in enumerate(everything)}
    digest = hashlib.sha256()
    for x in everything:
        try:
            state = x.get_state()
        except Exception as exc:
            problems.append(f"{type(x).__name__}: state cannot be read: {exc}")
            continue
        state = {k: v for k, v in state.items() if not isinstance(v, (bytes, memoryview))}
        try:
            text = json.dumps(state, allow_nan=False, default=str, sort_keys=True)
        except ValueError as exc:
            problems.append(f"{type(x).__name__}: NaN or infinity in its state ({exc})")
            text = json.dumps(state, default=str, sort_keys=True)
        digest.update(MODEL_ID.sub(lambda m: "IPY_MODEL_" + position.get(m.group(1), "?"), text).encode())
        texts = {"description": state.get("description")}
        if isinstance(x, (w.HTML, w.HTMLMath, w.Label)):
            texts["value"] = state.get("value")
        for key, text in texts.items():
            if not isinstance(text, str):
                continue
            bad = BAD_TEXT.search(re.sub(r"<[^>]+>", " ", text))
            if bad:
                problems.append(f"{type(x).__name__}.{key} shows {bad.group(0)!r}: {text.strip()[:160]}")
    # A dashboard that draws in the page: what the page shows is its Python twin's (tests/test_page_models.py).
    for x in everything:
        page = x.page_state() if isinstance(x, Dashboard) else {}
        if not page:
            continue
        digest.update(json.dumps(page, default=str, sort_keys=True).encode())
        bad = BAD_TEXT.search(page.get("sentence", ""))
        if bad:
            problems.append(f"{type(x).__name__}.sentence shows {bad.group(0)!r}: {page['sentence'][:160]}")
    return problems, digest.hexdigest()


def fuzz(roots: list[w.Widget], events: int = 1000, seed: int = 0) -> FuzzReport:
    """Send ``events`` random events to the controls under ``roots`` (reproducible for a seed).

    Each event picks one of the page's controls at random; one that is disabled at that moment
    is skipped (counted in ``report.skipped``) and another is picked.
    """
    rng = random.Random(seed)
    report = FuzzReport()
    errors = _Errors()
    root_logger = logging.getLogger()
    root_logger.addHandler(errors)
    try:
        i = 0
        while i < events:
            every = controls(roots)
            if not any(not getattr(c, "disabled", False) for c in every):
                report.problems.append("no enabled control to drive")
                break
            index = rng.randrange(len(every))
            ctrl = every[index]
            kind = type(ctrl).__name__
            if getattr(ctrl, "disabled", False):
                report.skipped[kind] = report.skipped.get(kind, 0) + 1
                continue
            name = f"{kind}#{index} {getattr(ctrl, 'description', '')!r}"
            try:
                what = _event(ctrl, rng)
            except Exception as exc:
                report.problems.append(f"event {i} ({name}): {type(exc).__name__}: {exc}")
                what, value = name, f"raised {type(exc).__name__}"
            else:
                report.events += 1
                report.by_kind[kind] = report.by_kind.get(kind, 0) + 1
                value = _value(ctrl)
            i += 1
            report.sequence.append((name, value))
            found, digest = _check(roots)
            report.states.append(digest)
            found += errors.records
            errors.records = []
            if found:
                report.problems.extend(f"event {i - 1} ({what}): {p}" for p in found)
                if len(report.problems) > 20:
                    break
    finally:
        root_logger.removeHandler(errors)
    return report


# -- in a browser page ----------------------------------------------------------------------------

#: The page's controls of each dashboard that computes in the page, in DOM order; and what it shows.
_PAGE_CONTROLS = """() => {
  const out = [];
  document.querySelectorAll('.gw-page').forEach((p, d) => {
    const box = p.closest('.gw-explorer') || document;
    const add = (el, kind) => { el.dataset.gwFuzz = String(out.length); out.push({dashboard: d, kind,
      label: (el.closest('.widget-inline-hbox, .widget-checkbox') || el).innerText.split('\\n')[0].slice(0, 60)}); };
    box.querySelectorAll('.widget-slider .noUi-handle').forEach((el) => add(el, 'slider'));
    box.querySelectorAll('.widget-checkbox input').forEach((el) => add(el, 'checkbox'));
    box.querySelectorAll('.widget-dropdown select').forEach((el) => add(el, 'menu'));
    box.querySelectorAll('.widget-toggle-buttons button').forEach((el) => add(el, 'toggle'));
    p.querySelectorAll('.gw-page-reset').forEach((el) => add(el, 'reset'));
    p.querySelectorAll('.gw-page-button').forEach((el) => add(el, 'button'));
  });
  return out;
}"""

_PAGE_SHOWS = """async () => {
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const bad = [];
  const walk = (node, path) => {
    if (typeof node === 'number') { if (!Number.isFinite(node)) bad.push(path); return; }
    if (Array.isArray(node)) { node.forEach((v, i) => walk(v, path + '[' + i + ']')); return; }
    if (node && typeof node === 'object') for (const k of ['x', 'y']) if (k in node) walk(node[k], path + '.' + k);
  };
  document.querySelectorAll('.gw-page').forEach((p) => {
    const box = p.closest('.gw-explorer') || document;
    box.querySelectorAll('.js-plotly-plot').forEach((gd, i) => (gd.data || []).forEach((t, k) =>
      walk(t, 'plot ' + i + ' trace ' + k)));
  });
  return {bad, pages: [...document.querySelectorAll('.gw-page')].map((p) => ({
    sentence: p.querySelector('.gw-summary').textContent, levers: p.dataset.levers || '{}',
    error: p.dataset.error || ''}))};
}"""

_KEYS = ("ArrowRight", "ArrowLeft", "PageUp", "PageDown", "Home", "End")


def _page_event(page: Any, ctrl: dict, index: int, rng: random.Random) -> str:
    """Operate one of the page's controls as a viewer does; return a short description."""
    el = page.locator(f"[data-gw-fuzz='{index}']")
    el.scroll_into_view_if_needed()
    kind = ctrl["kind"]
    if kind == "slider":
        if rng.random() < 0.3:  # a click on the track, the ends often
            track = page.locator(f"[data-gw-fuzz='{index}']").locator("xpath=ancestor::div[contains(@class,"
                                                                        "'noUi-base')]")
            box = track.bounding_box()
            r = rng.random()
            f = 0.0 if r < 0.15 else 1.0 if r < 0.3 else rng.random()
            page.mouse.click(box["x"] + f * box["width"], box["y"] + box["height"] / 2)
            return f"click {ctrl['label']!r} track at {f:.2f}"
        key, times = rng.choice(_KEYS), rng.randint(1, 4)
        el.focus()
        for _ in range(times):
            el.press(key)
        return f"press {key} x{times} on {ctrl['label']!r}"
    if kind == "menu":
        n = el.evaluate("(s) => s.options.length")
        i = rng.randrange(n)
        el.select_option(index=i)
        return f"select {ctrl['label']!r} -> {i}"
    el.click(force=True)  # a greyed-out button is clicked too, as a viewer may: it must do nothing
    return f"click {ctrl['label']!r}"


def fuzz_page(page: Any, roots: list[w.Widget], events: int = 1000, seed: int = 0) -> FuzzReport:
    """Send ``events`` random events to the page's controls of its in-page dashboards (an opened
    Playwright page whose widgets have rendered), reproducible for a seed; ``roots`` are the same
    chapter's widgets built in Python (:func:`dashboards`), whose ``IN_PAGE`` dashboards, in display
    order, are the page's twins. ``report.states`` holds the page's levers after each event."""
    rng = random.Random(seed)
    report = FuzzReport()
    twins = [x for x in widgets(roots) if isinstance(x, Dashboard) and x.IN_PAGE]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    found = page.evaluate(_PAGE_CONTROLS)
    if not found or len({c["dashboard"] for c in found}) != len(twins):
        report.problems.append(f"the page has {len({c['dashboard'] for c in found})} in-page dashboards with "
                               f"controls; the notebook {len(twins)}")
        return report
    for i in range(events):
        if i:  # tag the controls again: a view may draw its elements anew (toggle buttons after a Reset)
            found = page.evaluate(_PAGE_CONTROLS)
        index = rng.randrange(len(found))
        ctrl = found[index]
        try:
            what = _page_event(page, ctrl, index, rng)
        except Exception as exc:
            report.problems.append(f"event {i} ({ctrl['kind']} {ctrl['label']!r}): {type(exc).__name__}: {exc}")
            break
        report.events += 1
        report.by_kind[ctrl["kind"]] = report.by_kind.get(ctrl["kind"], 0) + 1
        shows = page.evaluate(_PAGE_SHOWS)
        problems = [f"a plotted number is not finite at {p}" for p in shows["bad"][:3]] + errors
        errors.clear()
        levers_now = []
        for twin, shown in zip(twins, shows["pages"]):
            levers = json.loads(shown["levers"])
            levers_now.append(levers)
            bad = BAD_TEXT.search(shown["sentence"])
            if bad or shown["error"]:
                problems.append(f"the sentence shows {bad.group(0) if bad else shown['error']!r}: "
                                f"{shown['sentence'][:160]}")
            twin.set_page_levers(levers)
            if twin.sentence != shown["sentence"]:
                problems.append(f"the page says {shown['sentence']!r}; its Python twin, for {levers}, says "
                                f"{twin.sentence!r}")
        report.sequence.append((what, levers_now))
        report.states.append(json.dumps(levers_now, sort_keys=True))
        if problems:
            report.problems.extend(f"event {i} ({what}): {p}" for p in problems)
            if len(report.problems) > 20:
                break
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("notebook", type=Path)
    ap.add_argument("--events", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--page", metavar="URL_OR_FILE",
                    help="drive this page of the chapter in Chromium instead (a static copy's .html, or a URL)")
    args = ap.parse_args(argv)
    if args.page:
        return _main_page(args)
    report = fuzz(dashboards(args.notebook), args.events, args.seed)
    print(f"{args.notebook.name}: {report.events} events {report.by_kind}; skipped (disabled) {report.skipped}; "
          f"{len(report.problems)} problems")
    for p in report.problems:
        print("  " + p)
    return 1 if report.problems else 0


def _main_page(args: argparse.Namespace) -> int:
    from playwright.sync_api import sync_playwright

    from .testing import launch_chromium

    url = args.page if "://" in args.page else Path(args.page).resolve().as_uri()
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url)
            page.wait_for_selector(".gw-page[data-levers]", timeout=120_000)
            report = fuzz_page(page, dashboards(args.notebook), args.events, args.seed)
        finally:
            browser.close()
    print(f"{args.page}: {report.events} events in the page {report.by_kind}; {len(report.problems)} problems")
    for p in report.problems:
        print("  " + p)
    return 1 if report.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
