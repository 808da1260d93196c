"""The shared front-end library (``gutwidgets/views/_esm/lib/``) under Node.

The parts are joined exactly as the widgets get them (``asset(*CANVAS_LIB)``) into one module; a
driver script imports its helpers, runs the cases Python sends (JSON on stdin) and answers with
what it saw (JSON on stdout). Checked here: the number and text helpers that sanitise traits, the
label-pill geometry, and the animation loop's logic with a fake clock (requestAnimationFrame run
by hand, a fake prefers-reduced-motion query): play, pause, hidden, reduced motion, dispose.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import pytest

from gutwidgets.views._assets import CANVAS_LIB, ESM_DIR, asset
from gutwidgets.views.cross_section import CrossSection
from gutwidgets.views.junction import JunctionZipper
from gutwidgets.views.systemic import LpsFlow

#: Node runs the library (on the CI machine it is always there): not on the fast path.
pytestmark = pytest.mark.browser

NAN, INF, UNDEFINED = {"$": "NaN"}, {"$": "Infinity"}, {"$": "undefined"}

DRIVER = r"""
import * as lib from "./lib.mjs";

// JSON cannot carry NaN, Infinity or undefined: tagged both ways.
const decode = (x) => {
  if (x && typeof x === "object" && !Array.isArray(x) && Object.keys(x).length === 1 && "$" in x)
    return { NaN: NaN, Infinity: Infinity, undefined: undefined }[x.$];
  return Array.isArray(x) ? x.map(decode) : x;
};
const encode = (x) => (x === undefined ? "undefined" : typeof x === "number" && !Number.isFinite(x) ? String(x) : x);

// --- a fake page for the animation loop
function fakeEnv(reduced) {
  let next = 1;
  const queue = new Map();
  const query = { matches: reduced, listeners: [] };
  query.addEventListener = (type, cb) => query.listeners.push(cb);
  query.removeEventListener = (type, cb) => (query.listeners = query.listeners.filter((f) => f !== cb));
  return {
    query,
    queue,
    requestAnimationFrame(cb) {
      queue.set(next, cb);
      return next++;
    },
    cancelAnimationFrame(id) {
      queue.delete(id);
    },
    matchMedia(q) {
      query.asked = q;
      return query;
    },
    // run the callbacks queued so far, at time t (ms)
    frame(t) {
      const due = [...queue.values()];
      queue.clear();
      for (const cb of due) cb(t);
    },
  };
}

function loopCase({ reduced, script }) {
  const env = fakeEnv(reduced);
  const root = { isConnected: true, dataset: {}, removed: false, remove() { this.removed = true; } };
  const seen = { dts: [], stills: 0, changes: [] };
  const loop = lib.gwAnimation({
    root,
    env,
    frame: (dt) => seen.dts.push(dt),
    still: () => (seen.stills += 1),
    onChange: (l) => seen.changes.push(l.playing),
  });
  let t = 1000;
  const log = [];
  const snap = (label) =>
    log.push({
      label,
      playing: loop.playing,
      running: loop.running,
      frames: loop.frames,
      dts: seen.dts.length,
      stills: seen.stills,
      pending: env.queue.size,
      status: lib.gwLoopStatus(loop),
      dataset: { ...root.dataset },
    });
  for (const [op, arg] of script) {
    if (op === "begin") loop.begin();
    else if (op === "frames") for (let i = 0; i < arg; i++) env.frame((t += 16));
    else if (op === "gap") env.frame((t += arg));
    else if (op === "toggle") loop.toggle();
    else if (op === "visible") loop.setVisible(arg);
    else if (op === "connected") root.isConnected = arg;
    else if (op === "reduce") {
      env.query.matches = arg;
      for (const cb of env.query.listeners) cb({ matches: arg });
    } else if (op === "dispose") loop.dispose();
    else if (op === "snap") snap(arg);
  }
  return { log, lastDt: seen.dts[seen.dts.length - 1], firstDt: seen.dts[0], changes: seen.changes,
           asked: env.query.asked, listeners: env.query.listeners.length, removed: root.removed };
}

// --- a fake 2D context that measures 7 px a character and records what is drawn
function fakeCtx() {
  const calls = [];
  return {
    calls,
    measureText: (s) => ({ width: 7 * s.length }),
    save: () => calls.push("save"),
    restore: () => calls.push("restore"),
    beginPath() {}, moveTo() {}, lineTo() {}, arcTo() {}, closePath() {}, setLineDash() {},
    fill() { calls.push(["fill", this.fillStyle]); },
    stroke() { calls.push(["stroke", this.strokeStyle, this.lineWidth]); },
    fillText(text, x, y) { calls.push(["text", text, this.fillStyle, this.font, x, y]); },
  };
}

const input = JSON.parse(await new Promise((done) => {
  let s = "";
  process.stdin.on("data", (c) => (s += c));
  process.stdin.on("end", () => done(s));
}));
const out = {
  num: input.num.map((args) => encode(lib.gwNum(...decode(args)))),
  clamp: input.clamp.map((args) => encode(lib.gwClamp(...decode(args)))),
  safeText: input.safeText.map((args) => encode(lib.gwSafeText(...decode(args)))),
  hash: input.hash.map((i) => lib.gwHash01(i)),
  overlaps: input.overlaps.map(([a, b, ...pads]) => lib.gwOverlaps(a, b, ...pads)),
  font: lib.gwFont(13, "700", "italic"),
  loops: input.loops.map(loopCase),
};
const look = { background: "white", border: "grey", borderWidth: 1, color: "black" };
out.pills = input.pills.map(([text, x, opts, proj]) => {
  const ctx = fakeCtx();
  const L = { W: 200, fs: 10, proj, pillLook: look };
  const box = lib.gwPill(ctx, L, text, x, 5, opts);
  return { box, calls: ctx.calls };
});
process.stdout.write(JSON.stringify(out));
"""


def _run(cases: dict, tmp_path: Path) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: the shared front-end library is checked with Node.js")
    (tmp_path / "lib.mjs").write_text(asset(*CANVAS_LIB), encoding="utf-8")
    driver = tmp_path / "driver.mjs"
    driver.write_text(DRIVER, encoding="utf-8")
    done = subprocess.run([node, str(driver)], input=json.dumps(cases), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


NUM = [  # (args, expected)
    ([5], 5), ([-2.5, 9], -2.5), (["5"], 5), ([" 2.5 ", 9], 2.5), (["1e3"], 1000), (["", 9], 9), (["  ", 9], 9),
    (["abc", 9], 9), ([None, 9], 9), ([True, 9], 9), ([[5], 9], 9), ([{}, 9], 9), ([NAN, 9], 9), ([INF, 9], 9),
    (["Infinity", 9], 9), ([UNDEFINED, 9], 9), ([UNDEFINED], 0),
]
CLAMP = [([5, 0, 1], 1), ([-1, 0, 1], 0), ([0.5, 0, 1], 0.5), ([0, 0, 1], 0), ([1, 0, 1], 1), ([NAN, 0, 1], "NaN")]
SAFE_TEXT = [
    ([" hi ", "f"], "hi"), (["", "f"], "f"), (["   ", "f"], "f"), ([3, "f"], "3"), ([0.5, "f"], "0.5"),
    ([NAN, "f"], "f"), ([INF, "f"], "f"), ([None, "f"], "f"), ([{}, "f"], "f"), ([True, "f"], "f"),
    ([UNDEFINED, "f"], "f"),
]
BOX = {"left": 0, "right": 10, "top": 0, "bottom": 10}
OVERLAPS = [  # boxes 3 px apart across, 3 px apart up and down
    ([BOX, {"left": 13, "right": 20, "top": 0, "bottom": 10}], False),  # default pad 3 both ways: 13 < 13 fails
    ([BOX, {"left": 12, "right": 20, "top": 0, "bottom": 10}], True),
    ([BOX, {"left": 13, "right": 20, "top": 0, "bottom": 10}, 4, 2], True),  # cross-section: 4 across
    ([BOX, {"left": 0, "right": 10, "top": 13, "bottom": 20}, 4, 2], False),  # ... 2 up and down
    ([BOX, {"left": 0, "right": 10, "top": 11, "bottom": 20}, 4, 2], True),
    ([BOX, {"left": 12, "right": 20, "top": 0, "bottom": 10}, 1], False),  # junction's blocked zones: 1 px
]


def test_number_and_text_helpers_sanitise_trait_values(tmp_path):
    out = _run({"num": [a for a, _ in NUM], "clamp": [a for a, _ in CLAMP], "safeText": [a for a, _ in SAFE_TEXT],
                "hash": [0, 1, 2, 1, 37], "overlaps": [a for a, _ in OVERLAPS], "loops": [], "pills": []}, tmp_path)
    assert out["num"] == [e for _, e in NUM]
    assert out["clamp"] == [e for _, e in CLAMP]
    assert out["safeText"] == [e for _, e in SAFE_TEXT]
    assert out["overlaps"] == [e for _, e in OVERLAPS]
    hashes = out["hash"]
    assert all(0 <= h < 1 for h in hashes) and hashes[1] == hashes[3] and len(set(hashes)) == 4
    assert math.isclose(hashes[0], (lambda s: s - math.floor(s))(math.sin(311.7) * 43758.5453), rel_tol=1e-9)
    assert out["font"] == 'italic 700 13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'


def test_label_pills_keep_the_widgets_look_and_stay_inside(tmp_path):
    pills = [
        ["Cell A", 20, {}, False],  # 6 chars: 42 px of text + 2 × 5 px padding
        ["Cell A", 20, {"align": "right"}, False],
        ["Cell A", 100, {"align": "center", "weight": "700"}, False],
        ["Cell A", 190, {}, False],  # would overflow the 200 px width: pulled back in
        ["Cell A", 20, {"measureOnly": True}, True],  # projector: 7 px padding
        ["Zonulin", 20, {"border": "black", "borderWidth": 2, "color": "navy", "size": 20}, False],
    ]
    out = _run({"num": [], "clamp": [], "safeText": [], "hash": [], "overlaps": [], "loops": [], "pills": pills},
               tmp_path)["pills"]
    boxes = [(p["box"]["left"], p["box"]["top"], p["box"]["w"], p["box"]["h"]) for p in out]
    # left aligned at x; right aligned (20 - 52 < 2: kept at 2); centred; pulled back to 200 - 52 - 2
    # height: round(size × 1.45), 10 px -> 15, 20 px -> 29
    assert boxes == [(20, 5, 52, 15), (2, 5, 52, 15), (74, 5, 52, 15), (146, 5, 52, 15), (20, 5, 56, 15),
                     (20, 5, 59, 29)]
    assert out[4]["calls"] == [], "measureOnly draws nothing"
    # the look comes from the layout (L.pillLook), and opts override it
    assert out[0]["calls"] == ["save", ["fill", "white"], ["stroke", "grey", 1],
                               ["text", "Cell A", "black", 'normal 600 10px system-ui, -apple-system, "Segoe UI", '
                                "Roboto, sans-serif", 25, 13], "restore"]
    assert out[5]["calls"][1:4] == [["fill", "white"], ["stroke", "black", 2], ["text", "Zonulin", "navy",
                                    'normal 600 20px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
                                    25, 20]]


def _loops(tmp_path: Path, *cases: tuple[bool, list]) -> list[dict]:
    loops = [{"reduced": reduced, "script": script} for reduced, script in cases]
    return _run({"num": [], "clamp": [], "safeText": [], "hash": [], "overlaps": [], "pills": [], "loops": loops},
                tmp_path)["loops"]


def test_animation_loop_plays_pauses_and_draws_a_still_frame(tmp_path):
    (run,) = _loops(tmp_path, (False, [
        ["begin", None], ["snap", "begun"], ["frames", 25], ["snap", "played"], ["gap", 1000], ["snap", "after gap"],
        ["toggle", None], ["snap", "pause pressed"], ["frames", 1], ["snap", "wound down"], ["frames", 1],
        ["snap", "still drawn"], ["frames", 10], ["snap", "paused"], ["toggle", None], ["frames", 5],
        ["snap", "playing again"],
    ]))
    log = {s["label"]: s for s in run["log"]}
    assert run["asked"] == "(prefers-reduced-motion: reduce)"
    assert (log["begun"]["playing"], log["begun"]["running"], log["begun"]["dataset"]) == (
        True, True, {"playing": "true"})
    assert (log["played"]["dts"], log["played"]["frames"], log["played"]["dataset"]["frames"]) == (25, 25, "20")
    assert math.isclose(run["firstDt"], 1 / 60), "the first frame has no previous one: 1/60 s"
    assert log["played"]["status"] == "Animation running"
    # a long gap (tab in the background) is one short step, not a jump
    assert log["after gap"]["dts"] == 26
    # pause: the frame already asked for finds the loop paused, stops it and asks for one still frame
    assert (log["pause pressed"]["playing"], log["pause pressed"]["status"]) == (False, "Animation paused")
    assert log["pause pressed"]["dataset"]["playing"] == "false"
    assert (log["wound down"]["running"], log["wound down"]["dts"], log["wound down"]["stills"]) == (False, 26, 0)
    assert (log["still drawn"]["stills"], log["still drawn"]["pending"]) == (1, 0)
    assert (log["paused"]["dts"], log["paused"]["stills"], log["paused"]["pending"]) == (26, 1, 0), "idle when paused"
    assert (log["playing again"]["dts"], log["playing again"]["frames"]) == (31, 31)
    assert run["changes"] == [True, False, True]


def test_animation_loop_honours_reduced_motion(tmp_path):
    started_reduced, switched_on = _loops(
        tmp_path,
        (True, [["begin", None], ["frames", 10], ["snap", "opened"], ["toggle", None], ["frames", 3],
                ["snap", "play pressed"]]),
        (False, [["begin", None], ["frames", 3], ["reduce", True], ["snap", "switched"], ["frames", 3],
                 ["snap", "after"]]),
    )
    opened, pressed = started_reduced["log"]
    assert (opened["playing"], opened["dts"], opened["stills"], opened["pending"]) == (False, 0, 1, 0), (
        "reduced motion: paused from the start, one still frame, no loop")
    assert opened["status"] == "Animation paused (reduced motion); press Play"
    assert (pressed["playing"], pressed["dts"]) == (True, 3), "the reader may still press Play"
    switched, after = switched_on["log"]
    assert (switched["playing"], switched["status"]) == (False, "Animation paused")
    assert (after["running"], after["dts"], after["stills"]) == (False, 3, 1)


def test_animation_loop_sleeps_while_hidden_or_off_the_page_and_disposes(tmp_path):
    hidden, detached = _loops(
        tmp_path,
        (False, [["begin", None], ["frames", 3], ["visible", False], ["frames", 5], ["snap", "hidden"],
                 ["visible", True], ["frames", 4], ["snap", "shown"], ["dispose", None], ["frames", 4],
                 ["snap", "disposed"]]),
        (False, [["connected", False], ["begin", None], ["frames", 5], ["snap", "detached"], ["connected", True],
                 ["visible", True], ["frames", 2], ["snap", "attached"]]),
    )
    hid, shown, gone = hidden["log"]
    assert (hid["playing"], hid["running"], hid["dts"], hid["pending"]) == (True, False, 3, 0)
    assert hid["stills"] == 1, "the last state still reaches the screen when the loop stops"
    assert (shown["running"], shown["dts"]) == (True, 7)
    assert (gone["running"], gone["dts"], gone["pending"]) == (False, 7, 0)
    assert hidden["removed"] and hidden["listeners"] == 0, "dispose takes the widget off the page and unlistens"
    off, on = detached["log"]
    # off the page: no loop, but the one still frame is drawn (anywidget may render before it attaches el)
    assert (off["playing"], off["running"], off["dts"], off["stills"]) == (True, False, 0, 1)
    assert (on["running"], on["dts"]) == (True, 2)


@pytest.mark.parametrize("widget", [CrossSection, JunctionZipper, LpsFlow])
def test_drawn_widgets_join_the_library_first(widget):
    assert widget.ESM_PARTS[: len(CANVAS_LIB)] == CANVAS_LIB
    assert widget._esm.default_value == asset(*widget.ESM_PARTS)
    assert {p.name for p in (ESM_DIR / "lib").glob("*.js")} >= {Path(p).name for p in CANVAS_LIB}
