"""Teacher guides and worksheets: one command builds them (HTML and PDF) from the chapters and data/."""

from __future__ import annotations

import html
import re
import subprocess
import sys

import pytest

from gutwidgets.publishing import classroom

from .conftest import NOTEBOOKS, ROOT

CHAPTERS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def _build(out, *flags: str):
    result = subprocess.run([sys.executable, "-m", "gutwidgets.classroom", "build", str(out), *flags],
                            cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """HTML only (no Chromium needed): what every check of the contents reads."""
    return _build(tmp_path_factory.mktemp("classroom"), "--no-pdf")


@pytest.mark.browser  # the PDFs are printed by headless Chromium
def test_the_documented_command_also_prints_every_pdf(tmp_path):
    built = _build(tmp_path / "classroom")
    index = (built / "index.html").read_text(encoding="utf-8")
    for path in CHAPTERS:
        for kind in ("teacher-guide", "worksheet"):
            pdf = built / f"{path.stem}-{kind}.pdf"
            assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000
            assert pdf.name in index


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_guide_and_worksheet_are_built_for_every_chapter(built, path, catalogue):
    guide = (built / f"{path.stem}-teacher-guide.html").read_text(encoding="utf-8")
    sheet = (built / f"{path.stem}-worksheet.html").read_text(encoding="utf-8")
    outline = classroom.chapter_outline(path)
    assert outline.objectives and outline.sections, f"{path.name}: objectives and sections are read from the notebook"
    assert outline.activities and all(items for _, items in outline.activities), f"{path.name}: no activities found"
    for _, items in outline.activities:
        for item in items:
            assert classroom.inline(item) in guide and classroom.inline(item) in sheet
            for _text, state in classroom.STATE_LINK.findall(item):  # the dashboard set up for the activity
                assert html.escape(f"/voila/render/{path.stem}.ipynb{state}") in guide
                assert f"href='{html.escape(path.stem + '.html' + state)}'" in guide
    for objective in outline.objectives:
        assert classroom.inline(objective) in guide and classroom.inline(objective) in sheet
    lesson = catalogue.of_kind("lessons")[path.stem]
    assert sum(s.minutes for s in lesson.timing) == 45 and "45-minute" in guide
    for m in lesson.misconceptions:
        assert classroom.inline(m.belief) in guide
    questions = [q for q in catalogue.of_kind("questions").values() if q.chapter == path.stem]
    for q in questions:
        assert classroom.inline(q.prompt) in guide and classroom.inline(q.prompt) in sheet
        for c in q.choices:  # the key explains every answer; the worksheet gives none away
            assert classroom.inline(c.feedback) in guide
            assert classroom.inline(c.feedback) not in sheet
    assert "(correct)" not in sheet
    assert not re.search(r"src=|<link|@import", guide + sheet), \
        "self-contained: no scripts, images or stylesheets to fetch"


def test_index_links_everything(built):
    index = (built / "index.html").read_text(encoding="utf-8")
    for path in CHAPTERS:
        assert f"{path.stem}-teacher-guide.html" in index and f"{path.stem}-worksheet.html" in index


def test_a_chapter_without_a_lesson_is_named(tmp_path, catalogue):
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "09_new.ipynb").write_text((NOTEBOOKS / CHAPTERS[0].name).read_text(encoding="utf-8"))
    with pytest.raises(ValueError, match="09_new.ipynb: no lesson record"):
        classroom.build(tmp_path / "out", pdf=False, notebooks=tmp_path / "nb", catalogue=catalogue)
