"""Links that open a dashboard in a chosen state (``_esm/lib/page.js``: gwParseLink, gwLinkValues,
gwLinkHash; ``views/_page.py``: state_link), run under Node as the page runs them
(tests/page_harness.mjs). For every dashboard that computes in the page, every control is set to a
seeded value away from its default, "Copy link to this view" writes the address, and a fresh page
opened at that address shows the same controls and the same sentence; Python's ``state_link`` writes
the same address. Bad values (out of range, not a number, not a choice, not on/off, a key that names
no control) give a short visible message and the defaults, never a broken page."""

from __future__ import annotations

import importlib
import json
import math
import pkgutil
import random
import re

import ipywidgets as w
import pytest

import gutwidgets.views
from gutwidgets.testtools.fuzz import dashboards, widgets
from gutwidgets.views._dashboard import Dashboard
from gutwidgets.views._page import SELECTIONS, link_number, state_link

from .conftest import NOTEBOOKS
from .test_page_models import run_page

pytestmark = pytest.mark.browser  # runs Node


def in_page_dashboards() -> list[type[Dashboard]]:
    """Every dashboard class in gutwidgets.views that computes in the page."""
    for info in pkgutil.iter_modules(gutwidgets.views.__path__):
        importlib.import_module(f"gutwidgets.views.{info.name}")
    found, todo = [], list(Dashboard.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.IN_PAGE:
            found.append(cls)
    return sorted(found, key=lambda c: c.__name__)


DASHBOARDS = in_page_dashboards()


def away_from_default(control: w.Widget, spec: dict, rnd: random.Random):
    """A value the control can take that is not its default, in the control's own terms (spec's attr)."""
    if isinstance(control, SELECTIONS):
        return rnd.choice([i for i in range(len(control.options)) if i != spec.get("default")])
    if isinstance(control, w.Checkbox):
        return not spec.get("default", False)
    if isinstance(control, w.FloatLogSlider):
        return control.base ** rnd.uniform(control.min, control.max)
    while True:
        v = rnd.uniform(control.min, control.max)
        if v != spec.get("default"):
            return v


def seeded_state(explorer, seed: int) -> dict:
    rnd = random.Random(seed)
    return {name: away_from_default(explorer.control_widgets[name], spec, rnd)
            for name, spec in explorer.summary.controls.items() if not explorer.control_widgets[name].disabled}


def same_controls(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(
        a[k] == b[k] or (isinstance(a[k], float) and math.isclose(a[k], b[k], rel_tol=1e-11)) for k in a)


def test_every_dashboard_that_computes_in_the_page_is_covered():
    names = {c.__name__ for c in DASHBOARDS}
    assert {"BarrierExplorer", "JunctionExplorer", "CauseExplorer"} <= names, names


@pytest.mark.parametrize("cls", DASHBOARDS, ids=lambda c: c.__name__)
def test_every_control_round_trips_through_the_address(cls, catalogue, tmp_path):
    explorer = cls(catalogue=catalogue)
    for seed in (1641, 1642):
        state = seeded_state(explorer, seed)
        first = run_page(explorer, [{"set": state}, {"copy": True}], tmp_path)
        moved, copied = first["steps"][1], first["steps"][2]
        link = copied["hash"]
        assert link and copied["link_note"].startswith("Link copied: http://127.0.0.1/page.html#")
        assert copied["clipboard"] == [f"http://127.0.0.1/page.html{link}"]
        again = run_page(explorer, [], tmp_path, hash=link)["steps"][0]
        assert same_controls(again["controls"], moved["controls"]), (link, again["controls"], moved["controls"])
        assert again["sentence"] == moved["sentence"] and again["link_note"] == ""
        # Python writes the same address for the same controls.
        for name, value in moved["controls"].items():
            setattr(explorer.control_widgets[name], explorer.summary.controls[name]["attr"], value)
        assert state_link(explorer) == link
        explorer.reset()
    # At its start a dashboard's address says nothing, and an empty address changes nothing.
    start = run_page(explorer, [{"copy": True}], tmp_path)["steps"]
    assert start[1]["hash"] == "" and start[1]["controls"] == start[0]["controls"]


@pytest.mark.parametrize("cls", DASHBOARDS, ids=lambda c: c.__name__)
def test_bad_values_in_a_link_give_a_message_and_the_defaults(cls, catalogue, tmp_path):
    explorer = cls(catalogue=catalogue)
    start = run_page(explorer, [], tmp_path)["steps"][0]
    specs = explorer.summary.controls
    prefix = explorer.summary.link_prefix  # (a page's second dashboard: "planner.nsaid=...")
    slider = next(n for n, s in specs.items() if s["choices"] is None and isinstance(s.get("default"), float))
    high = explorer.control_widgets[slider]
    top = high.base ** high.max if isinstance(high, w.FloatLogSlider) else high.max
    good = next(iter(specs))
    bad_links = {
        f"#{prefix}{slider}={link_number(top * 10 + 1)}": "is outside",
        f"#{prefix}{slider}=lots": "is not a number",
        f"#{prefix}{slider}=": "is not a number",
        f"#{prefix}no_such_lever=1": "is not a control here",
    }
    menus = [n for n, s in specs.items() if s["choices"] is not None]
    boxes = [n for n, s in specs.items() if isinstance(s.get("default"), bool)]
    if menus:
        bad_links[f"#{prefix}{menus[0]}=purple"] = "is not one of"
    if boxes:
        bad_links[f"#{prefix}{boxes[0]}=maybe"] = "must be 1 (on) or 0 (off)"
    for link, words in bad_links.items():
        # one good value beside the bad one: nothing of the link is applied
        step = run_page(explorer, [], tmp_path,
                        hash=f"{link}&{prefix}{good}={explorer.summary.controls[good].get('default')}")["steps"][0]
        assert words in step["link_note"] and "shows its start" in step["link_note"], (link, step["link_note"])
        assert step["controls"] == start["controls"] and step["sentence"] == start["sentence"], link
        assert step["warnings"] == 0 and "NaN" not in step["sentence"]


def test_a_link_inside_the_page_sets_the_state_and_reset_clears_the_address(catalogue, tmp_path):
    from gutwidgets.views.causes import CauseExplorer

    explorer = CauseExplorer(catalogue=catalogue)
    steps = run_page(explorer, [{"hash": "#slides/3&nsaid_on=1&duration=14&span=First%203%20days"},
                                {"hash": "#nsaid=999"}, {"reset": True}, {"set": {"alcohol": 9.0}}, {"copy": True}],
                     tmp_path, hash="#slides/2")["steps"]
    opened, linked, bad, reset, _moved, copied = steps
    assert opened["link_note"] == "" and opened["sentence"].startswith("No cause")
    assert linked["controls"]["nsaid_on"] is True and linked["controls"]["duration"] == 7  # the index of 14 days
    assert "for 14 days" in linked["sentence"] and linked["link_note"] == ""
    assert "nsaid=999 is outside 0 to 200" in bad["link_note"] and "nothing was changed" in bad["link_note"]
    assert bad["controls"] == linked["controls"]
    assert reset["hash"] == "" and reset["sentence"] == opened["sentence"]
    assert copied["hash"] == "#alcohol=9&alcohol_on=1"  # the slides' token is kept; only what differs is written
    steps = run_page(explorer, [{"copy": True}], tmp_path, hash="#slides/4&alcohol=9")["steps"]
    assert steps[1]["hash"] == "#slides/4&alcohol=9"


#: A link in a chapter's text that sets its dashboards' state: [text](#name=value&...).
STATE_LINK = re.compile(r"\]\((#[^)\s]*=[^)\s]*)\)")


def chapter_state_links(notebook) -> list[str]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return [m.group(1) for c in nb["cells"] if c["cell_type"] == "markdown"
            for m in STATE_LINK.finditer("".join(c["source"]))]


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS.glob("0*.ipynb")), ids=lambda p: p.stem)
def test_every_state_link_in_a_chapter_sets_its_dashboards(notebook, tmp_path):
    """The 'set it up' links beside a chapter's 'Things to try' (and the teacher's guide, which repeats
    them) name only controls of the chapter's dashboards, with allowed values, and each moves a control."""
    links = chapter_state_links(notebook)
    twins = [x for x in widgets(dashboards(notebook)) if isinstance(x, Dashboard) and x.IN_PAGE]
    if not twins:
        assert not links, f"{notebook.name} links to a state, but no dashboard on it computes in the page"
        return
    for link in links:
        moved = 0
        keys = {k for k, _ in (p.split("=", 1) for p in link[1:].split("&"))}
        known = set()
        for twin in twins:
            steps = run_page(twin, [], tmp_path, hash=link)["steps"]
            start = run_page(twin, [], tmp_path)["steps"][0]
            assert steps[0]["link_note"] == "", (link, steps[0]["link_note"])
            moved += sum(steps[0]["controls"][n] != start["controls"][n] for n in start["controls"])
            known |= {twin.summary.link_prefix + n for n in twin.summary.controls}
        assert keys <= known and moved >= 1, (notebook.name, link)
