"""Every link in the notebooks leads somewhere, and the chapters' previous/next lines follow the order.

The notebooks' Markdown is rendered to HTML with mistune (what nbconvert, and so Voila and the
static export, use) and every link is read from it. A relative link must name a notebook in
``notebooks/`` (the same address works in Voila's ``/voila/render/``, in JupyterLab and, rewritten
to ``.html``, in the static copy) and, after ``#``, a heading of that notebook, an id the notebook's
generated HTML carries, or the dashboards' ``#slides`` mode. Links the package generates
(sources and references) must be absolute: a relative one would resolve differently in each place.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import mistune
import pytest

from gutwidgets import data as gdata
from gutwidgets.pages import Page, source_links

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
ALL = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
CHAPTERS = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
# The template's classroom.js opens presentation mode at #slides, or #slides/N for slide N.
#: Fragments that are not places but the page's own: presentation mode, a dashboard's state (name=value,
#: tests/test_state_links.py applies each), or both.
DASHBOARD_FRAGMENTS = re.compile(r"(slides(/\d+)?|[^&=]+=[^&]*)(&[^&=]+=[^&]*)*")
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


@dataclass
class Link:
    href: str
    text: str
    label: str  # the text just before the link in its paragraph ("Next:", "Previous:", ...)
    block: int  # paragraph number in the notebook
    cell: int


class _Reader(HTMLParser):
    """Links (with the text before each in its block) and heading texts of rendered Markdown."""

    BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "blockquote"})

    def __init__(self, cell: int, block: int) -> None:
        super().__init__()
        self.cell, self.block = cell, block
        self.links: list[Link] = []
        self.headings: list[str] = []
        self.ids: list[str] = []
        self._href: str | None = None
        self._text = self._before = self._heading = ""
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag in self.BLOCKS:
            self.block += 1
            self._before = ""
            if tag[0] == "h" and tag[1:].isdigit():
                self._in_heading, self._heading = True, ""
        if tag == "a" and a.get("href") is not None:
            self._href, self._text = str(a["href"]), ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append(Link(self._href, self._text.strip(), self._before.strip(), self.block, self.cell))
            self._before = ""
            self._href = None
        if self._in_heading and tag[0] == "h" and tag[1:].isdigit():
            self.headings.append(self._heading.strip())
            self._in_heading = False

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text += data
        else:
            self._before += data
        if self._in_heading:
            self._heading += data


@dataclass
class Notebook:
    name: str
    links: list[Link]
    anchors: set[str]
    title: str  # the first heading
    summary_cell: int  # the cell holding "## Summary" (-1 if none)


def heading_id(text: str) -> str:
    """The id nbconvert (Voila, the static copy) and JupyterLab give a heading: spaces become '-'."""
    return re.sub(r"\s", "-", text.strip())


def read(name: str, folder: Path = NOTEBOOKS) -> Notebook:
    nb = json.loads((folder / name).read_text(encoding="utf-8"))
    links: list[Link] = []
    anchors: set[str] = set()
    title, summary, block = "", -1, 0
    for i, cell in enumerate(nb["cells"]):
        src = "".join(cell["source"])
        if cell["cell_type"] == "code":
            if "page.glossary()" in src:  # the glossary's terms carry ids (glossary.ipynb#term)
                anchors |= set(re.findall(r"id='([^']+)'", Page().glossary().body))
            continue
        if cell["cell_type"] != "markdown":
            continue
        reader = _Reader(i, block)
        reader.feed(mistune.html(src))
        block = reader.block
        links += reader.links
        anchors |= {heading_id(h) for h in reader.headings} | set(reader.ids)
        title = title or (reader.headings[0] if reader.headings else "")
        if re.search(r"^## Summary\s*$", src, re.M):
            summary = i
    return Notebook(name, links, anchors, title, summary)


def chapter_name(nb: Notebook) -> str:
    """'Chapter 2 · Tight junctions up close' from '# Chapter 2 · Tight junctions up close: the zipper ...'."""
    return nb.title.split(":")[0].strip()


@pytest.fixture(scope="module")
def notebooks() -> dict[str, Notebook]:
    return {name: read(name) for name in ALL}


def test_there_are_chapters_and_a_landing_page():
    assert len(CHAPTERS) >= 2 and "index.ipynb" in ALL


@pytest.mark.parametrize("name", ALL)
def test_every_relative_link_points_at_an_existing_notebook_and_anchor(notebooks, name):
    problems = []
    for link in notebooks[name].links:
        if SCHEME.match(link.href):
            continue
        path, _, frag = link.href.partition("#")
        where = f"cell {link.cell}, link {link.text!r} -> {link.href!r}"
        if path.startswith("/"):
            problems.append(f"{where}: starts at the server root; give it relative to notebooks/")
            continue
        target = path.removeprefix("./") or name
        if target not in notebooks:
            problems.append(f"{where}: no notebook {target} in notebooks/ (there are {', '.join(ALL)})")
            continue
        if frag and frag not in notebooks[target].anchors and not DASHBOARD_FRAGMENTS.fullmatch(frag):
            problems.append(f"{where}: {target} has no heading or id {frag!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", ALL)
def test_a_link_that_names_a_chapter_opens_that_chapter(notebooks, name):
    names = {chapter_name(notebooks[c]): c for c in CHAPTERS}
    for link in notebooks[name].links:
        m = re.match(r"Chapter (\d+)\b", link.text)
        if m:
            wanted = next((c for c in CHAPTERS if int(c[:2]) == int(m.group(1))), None)
            assert wanted is not None, f"{link.text!r}: there is no chapter {m.group(1)}"
            assert link.href.partition("#")[0] == wanted, f"{link.text!r} points at {link.href!r}, not {wanted}"
            assert link.text in names, f"{link.text!r} is not a chapter's title (titles: {sorted(names)})"


@pytest.mark.parametrize("name", CHAPTERS)
def test_previous_and_next_lines_top_and_bottom_follow_the_chapter_order(notebooks, name):
    k = CHAPTERS.index(name)
    nb = notebooks[name]
    previous = CHAPTERS[k - 1] if k > 0 else None
    following = CHAPTERS[k + 1] if k + 1 < len(CHAPTERS) else None
    blocks: dict[int, list[Link]] = {}
    for link in nb.links:
        blocks.setdefault(link.block, []).append(link)
    nav = {b: ls for b, ls in blocks.items()
           if any(ls_.label.endswith(("Previous:", "Next:")) or ls_.href.startswith("index.ipynb") for ls_ in ls)
           and ls[0].cell in (0, nb.summary_cell)}
    top = [ls for ls in nav.values() if ls[0].cell == 0]
    bottom = [ls for ls in nav.values() if ls[0].cell == nb.summary_cell]
    assert top, f"{name}: no navigation line at the top (first cell)"
    assert nb.summary_cell >= 0 and bottom, f"{name}: no navigation line at the end of the Summary"
    for where, line in (("top", top[0]), ("bottom", bottom[-1])):
        by_label = {}
        for link in line:
            for label in ("Previous:", "Next:"):
                if link.label.endswith(label):
                    by_label[label] = link
        for label, neighbour in (("Previous:", previous), ("Next:", following)):
            link = by_label.get(label)
            if neighbour is None:
                assert link is None, f"{name} {where}: {label} {link.text!r}, but {name} has no such neighbour"
                continue
            assert link is not None, f"{name} {where}: no {label} link (expected {neighbour})"
            expected = chapter_name(notebooks[neighbour])
            assert (link.href, link.text) == (neighbour, expected), (
                f"{name} {where}: {label} [{link.text}]({link.href}); expected [{expected}]({neighbour})")
        assert any(link.href == "index.ipynb" for link in line), f"{name} {where}: no link to the contents"
    # Any other previous/next line in the chapter must agree too.
    for line in blocks.values():
        for link in line:
            for label, neighbour in (("Previous:", previous), ("Next:", following)):
                if link.label.endswith(label):
                    assert link.href == neighbour, (
                        f"{name} cell {link.cell}: {label} {link.href!r}; expected {neighbour}")


def test_the_landing_page_lists_every_chapter_in_order(notebooks):
    chapters = [link.href for link in notebooks["index.ipynb"].links if link.href in CHAPTERS]
    firsts = list(dict.fromkeys(chapters))
    assert firsts == CHAPTERS, f"the landing page lists {firsts}; the chapters are {CHAPTERS}"


def test_links_the_package_generates_are_absolute():
    catalogue = gdata.load()
    page = Page(catalogue)
    for kind in gdata.KINDS:
        for rid in catalogue.of_kind(kind):
            try:
                page.cite([rid])
            except KeyError:  # not a graded record (sources, terms, questions, ...)
                continue
    html = source_links(catalogue, catalogue.sources) + page.references().body + page.glossary().body
    hrefs = re.findall(r"href=['\"]([^'\"]*)['\"]", html)
    assert len(hrefs) > len(catalogue.sources), "the sources' links were not all generated"
    relative = sorted({h for h in hrefs if not re.match(r"https?://", h)})
    assert not relative, f"generated links must be absolute http(s) addresses: {relative}"
