"""One definition of "same structure" for the plot's fast redraw path, in the browser and in Python.

The browser decides: PlotlyFigure's front end (``views/_esm/plot_structure.js`` joined with the
loader and ``plotly_figure.js``) animates a new figure whose traces differ from the drawn one
only in their x and y arrays, and rebuilds the plot (``Plotly.react``) otherwise. Python's
:func:`gutwidgets.figures.figure_structure` is what the widget tests use to claim that a lever
takes the fast path. Here the real front end runs under Node, with a minimal fake anywidget
model, a fake page and a fake Plotly that records which path each redraw takes, on pairs of
figures built from every figure factory's output; Python and the browser must agree on every pair.
"""

from __future__ import annotations

import copy
import itertools
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from gutwidgets.figures import figure_structure
from gutwidgets.views.plot import PlotlyFigure

from .test_figure_specs import THEMES, drawn, kind, public_functions

NODE = shutil.which("node")

#: Runs an anywidget front end's ``render`` under Node. Input (stdin, JSON): a list of sequences
#: of figures; each sequence is drawn by a fresh render, one figure after the other. Output: for
#: each sequence, what each step did: {"call": "react" | "animate" | "none", "traces": [...],
#: "data": [...]} ("traces" and "data": the indices and arrays given to Plotly.animate, or the data
#: given to Plotly.react).
HARNESS = r"""
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

class FakeElement {
  constructor(tag) {
    this.tag = tag;
    this.children = [];
    this.dataset = {};
    this.attributes = {};
    this.className = "";
    this.textContent = "";
  }
  setAttribute(name, value) { this.attributes[name] = String(value); }
  append(...els) { this.children.push(...els); }
  appendChild(el) { this.children.push(el); }
  remove() { this.removed = true; }
}
globalThis.document = {
  createElement: (tag) => new FakeElement(tag),
  getElementById: () => null,
  body: null,
};

let calls = [];
globalThis.__gutwidgetsPlotly = Promise.resolve({
  react(graph, data, layout) {
    graph.data = data;
    graph.layout = layout;
    calls.push({ call: "react", data: JSON.parse(JSON.stringify(data)) });
    return Promise.resolve(graph);
  },
  animate(graph, frame) {
    frame.traces.forEach((i, k) => Object.assign(graph.data[i], frame.data[k]));
    calls.push({ call: "animate", traces: frame.traces, data: JSON.parse(JSON.stringify(frame.data)) });
    return Promise.resolve();
  },
  purge() {},
});

class FakeModel {
  constructor(state) { this.state = state; this.handlers = {}; }
  get(name) { return this.state[name]; }
  set(name, value) {
    this.state[name] = value;
    for (const handler of this.handlers[`change:${name}`] || []) handler();
  }
  on(event, handler) { (this.handlers[event] ||= []).push(handler); }
  off(event, handler) { this.handlers[event] = (this.handlers[event] || []).filter((h) => h !== handler); }
}

async function settled(root, revision) {
  for (let i = 0; i < 10000 && root.dataset.revision !== String(revision); i += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (root.dataset.revision !== String(revision)) throw new Error(`redraw ${revision} never finished`);
}

const widget = (await import(pathToFileURL(process.argv[2]).href)).default;
const sequences = JSON.parse(readFileSync(0, "utf8"));
const results = [];
for (const figures of sequences) {
  const model = new FakeModel({ figure: figures[0], description: "plot", css_class: "" });
  const el = new FakeElement("div");
  const steps = [];
  calls = [];
  const cleanup = await widget.render({ model, el });
  const root = el.children[0];
  await settled(root, 1);
  steps.push(calls.length ? calls[calls.length - 1] : { call: "none" });
  for (let k = 1; k < figures.length; k += 1) {
    calls = [];
    model.set("figure", figures[k]);
    await settled(root, k + 1);
    if (calls.length > 1) throw new Error("one figure, more than one redraw");
    steps.push(calls.length ? calls[0] : { call: "none" });
  }
  cleanup();
  results.push(steps);
}
process.stdout.write(JSON.stringify(results));
"""


def run_front_end(esm: str, sequences: list[list[dict]], tmp_path: Path) -> list[list[dict]]:
    """Draw each sequence of figures with the front end ``esm`` under Node; what each step did."""
    if NODE is None:
        raise AssertionError("node is not on PATH (the tests need Node.js to run the plot's front end)")
    module = tmp_path / "widget.mjs"
    module.write_text(esm, encoding="utf-8")
    harness = tmp_path / "harness.mjs"
    harness.write_text(HARNESS, encoding="utf-8")
    done = subprocess.run([NODE, str(harness), str(module)], input=json.dumps(sequences), capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# -- pairs of figures -------------------------------------------------------------------------

def _data_only(fig: dict) -> dict:
    """Same figure, every trace's x and y arrays changed."""
    out = copy.deepcopy(fig)
    for trace in out["data"]:
        for axis_name in ("x", "y"):
            if axis_name in trace:
                trace[axis_name] = [*reversed(trace[axis_name]), None]
    return out


def _reordered(fig: dict) -> dict:
    """Same figure, every object's keys in reverse order, and whole numbers written as floats."""
    def walk(node):
        if isinstance(node, dict):
            return {k: walk(node[k]) for k in reversed(list(node))}
        if isinstance(node, list):
            return [walk(v) for v in node]
        if isinstance(node, int) and not isinstance(node, bool):
            return float(node)
        return node
    return walk(fig)


def _changed(fig: dict, edit) -> dict:
    out = copy.deepcopy(fig)
    edit(out)
    return out


def _shift(node: dict, key: str) -> None:
    node[key] = (node.get(key) or 0) + 0.25


#: name -> (how the second figure is made from the first, do they have the same structure)
VARIANTS = {
    "same figure": (lambda f: copy.deepcopy(f), True),
    "only data changed": (_data_only, True),
    "keys reordered, 1 written 1.0": (_reordered, True),
    "layout change (height)": (lambda f: _changed(f, lambda o: o["layout"].update(height=o["layout"]["height"] + 10)),
                               False),
    "trace attribute (name)": (lambda f: _changed(f, lambda o: o["data"][-1].update(name="renamed")), False),
    "nested x (layout.legend.x)": (lambda f: _changed(f, lambda o: _shift(o["layout"]["legend"], "x")), False),
    "nested y (layout.legend.y)": (lambda f: _changed(f, lambda o: _shift(o["layout"]["legend"], "y")), False),
    "nested x in a trace (marker.x)": (lambda f: _changed(f, lambda o: _shift(o["data"][0].setdefault("marker", {}),
                                                                               "x")), False),
    "a trace dropped": (lambda f: _changed(f, lambda o: o["data"].pop()), False),
    "data changed and layout too": (lambda f: _changed(_data_only(f), lambda o: o["layout"].update(height=1)), False),
}

FACTORIES = sorted(name for name in public_functions() if kind(name) == "figure")
#: Consecutive real outputs of each factory compared as well (whatever their answer).
REAL_PAIRS = 6


def _pairs() -> list[tuple[str, dict, dict, bool | None]]:
    pairs = []
    for name in FACTORIES:
        for theme in THEMES:
            outputs = drawn()["calls"][name][theme]
            first = outputs[0]
            for variant, (make, same) in VARIANTS.items():
                pairs.append((f"{name} [{theme}] {variant}", first, make(first), same))
            for k, (a, b) in enumerate(itertools.pairwise(outputs)):
                if k == REAL_PAIRS:
                    break
                pairs.append((f"{name} [{theme}] drawn {k} -> {k + 1}", a, b, None))
    return pairs


@pytest.fixture(scope="module")
def browser_answers(tmp_path_factory):
    pairs = _pairs()
    steps = run_front_end(PlotlyFigure._esm.default_value, [[a, b] for _, a, b, _ in pairs],
                          tmp_path_factory.mktemp("plot"))
    return [(label, a, b, same, result) for (label, a, b, same), result in zip(pairs, steps, strict=True)]


def test_every_figure_factory_is_compared():
    assert len(FACTORIES) >= 9, FACTORIES
    labels = {label.split(" [")[0] for label, *_ in _pairs()}
    assert labels == set(FACTORIES)


def test_browser_and_python_agree_on_same_structure(browser_answers):
    wrong = []
    for label, a, b, same, (first, second) in browser_answers:
        assert first["call"] == "react", f"{label}: the first draw must build the plot"
        browser_same = second["call"] in ("animate", "none")
        python_same = figure_structure(a) == figure_structure(b)
        if browser_same != python_same:
            wrong.append(f"{label}: browser {second['call']}, Python says same={python_same}")
        elif same is not None and python_same != same:
            wrong.append(f"{label}: both say same={python_same}, expected {same}")
    assert not wrong, "\n".join(wrong)


def test_fast_path_moves_exactly_the_changed_traces(browser_answers):
    for label, a, b, _, (_, second) in browser_answers:
        if not label.endswith("only data changed"):
            continue
        arrays = [[{k: t[k] for k in ("x", "y") if k in t} for t in fig["data"]] for fig in (a, b)]
        moved = [i for i, (old, new) in enumerate(zip(*arrays)) if old != new]
        assert moved, label
        assert second["call"] == "animate" and second["traces"] == moved, label
        assert second["data"] == [arrays[1][i] for i in moved], label
