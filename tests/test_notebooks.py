"""Every notebook: clean in git, thin cells, runs top to bottom on a fresh kernel, linked."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import NOTEBOOKS, ROOT

ALL = [*sorted(NOTEBOOKS.glob("*.ipynb")), ROOT / "benchmarks" / "baseline.ipynb"]
CHAPTERS = sorted(p for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def test_there_is_a_landing_page_and_a_first_chapter():
    assert (NOTEBOOKS / "index.ipynb").exists()
    assert (NOTEBOOKS / "01_the_barrier.ipynb") in CHAPTERS


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_committed_without_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{path.name}: strip outputs"
    assert "widgets" not in nb.metadata, f"{path.name}: strip widget state"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_cells_only_import_build_and_display(path: Path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        src = cell.source
        assert not re.search(r"^\s*(def|class|for|while|with|try|lambda)\b", src, re.M) or "baseline" in path.name, src
        assert not re.search(r"\b(open|read_text|yaml|json\.load)\b", src), f"{path.name} reads files: {src}"
        assert len(src.splitlines()) <= 8, f"{path.name}: move logic into the package:\n{src}"


@pytest.mark.notebooks
@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_executes_top_to_bottom(path: Path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"{path.name}: {out.get('ename')}: {out.get('evalue')}"
            if out.output_type == "stream":
                assert out.name != "stderr", f"{path.name} wrote to stderr: {out.text[:300]}"
    displayed = [o for c in nb.cells for o in c.get("outputs", [])]
    assert displayed, f"{path.name} displayed nothing"
    if path.name.startswith("01_"):
        views = [o for o in displayed if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
        assert views, "chapter 1 must display its dashboard"


def _links(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return re.findall(r"\]\(([^)]+\.ipynb)\)", text)


def test_landing_page_links_every_chapter():
    links = set(_links(NOTEBOOKS / "index.ipynb"))
    assert {p.name for p in CHAPTERS} <= links


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_every_notebook_link_resolves(path: Path):
    for link in _links(path):
        assert (path.parent / link).exists(), f"{path.name} links to missing {link}"
        assert not link.startswith(("/", "http")), "links must be relative to work in Voila and JupyterLab"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_follows_the_template(path: Path):
    nb = nbformat.read(path, as_version=4)
    md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert md.lstrip().startswith("# Chapter")
    for heading in ("In this chapter you will", "## Summary", "## References"):
        assert heading in md, f"{path.name} lacks '{heading}'"
    assert "page.references()" in code and "leaky_gut_not_a_diagnosis" in code
    assert "medical advice" in md
    # Numbers reach the page from data/ records, not from narrative text.
    assert not re.search(r"\d+(\.\d+)?\s*(Å|%|mM|kDa|µm|nm)", md), "put numbers in data/ and show them with page.facts"
