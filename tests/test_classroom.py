"""The classroom layer without a browser: questions, glossary and lessons in data/, the Quiz widget."""

from __future__ import annotations

import textwrap

import nbformat
import pytest

from gutwidgets import data as gdata
from gutwidgets.pages import Page, glossary_script
from gutwidgets.views.quiz import Quiz, questions_for

from .conftest import NOTEBOOKS

CHAPTERS = sorted(p for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_chapter_has_three_to_five_questions_and_shows_them(path, catalogue):
    questions = questions_for(path.stem, catalogue)
    assert 3 <= len(questions) <= 5, f"{path.stem}: {len(questions)} questions (3-5 wanted)"
    assert any(q.task for q in questions), f"{path.stem}: at least one question is answered with the simulation"
    code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    assert f'page.quiz("{path.stem}")' in code, f"{path.stem}: add a cell page.quiz(\"{path.stem}\")"


def test_questions_name_existing_chapters(catalogue):
    stems = {p.stem for p in CHAPTERS}
    for q in catalogue.of_kind("questions").values():
        assert q.chapter in stems or not (NOTEBOOKS / f"{q.chapter}.ipynb").exists(), q.id


def test_every_answer_explains_itself(catalogue):
    for q in catalogue.of_kind("questions").values():
        texts = [c.feedback for c in q.choices]
        assert len(set(texts)) == len(texts), f"{q.id}: each choice needs its own feedback"


def test_quiz_widget_scores_and_resets(catalogue):
    quiz = Quiz("01_the_barrier", catalogue=catalogue)
    assert [q["id"] for q in quiz.questions] == [q.id for q in quiz.items]
    # answers hold shown positions: where the right text appears among the choices the page shows
    right = {q["id"]: [c["text"] for c in q["choices"]].index(next(c.text for c in item.choices if c.correct))
             for q, item in zip(quiz.questions, quiz.items, strict=True)}
    first = quiz.items[0].id
    quiz.answers = {first: right[first]}
    assert quiz.score() == 1
    quiz.answers = {first: (right[first] + 1) % len(quiz.items[0].choices)}
    assert quiz.score() == 0
    quiz.reset()
    assert quiz.answers == {}
    with pytest.raises(KeyError, match="no questions for chapter"):
        Quiz("99_nothing", catalogue=catalogue)


def test_page_quiz_cites_the_records_behind_the_answers(catalogue):
    page = Page(catalogue)
    quiz = page.quiz("01_the_barrier")
    assert set(quiz.records()) <= set(page.cited)
    assert "leaky_gut_not_a_diagnosis" in page.cited


def test_glossary_covers_the_issue_terms_and_reaches_every_page(catalogue):
    names = {n.lower() for t in catalogue.of_kind("terms").values() for n in (t.term, *t.aliases)}
    for needed in ("tight junction", "claudin", "occludin", "zonulin", "paracellular", "endotoxemia", "scfa", "teer"):
        assert needed in names, f"glossary lacks {needed!r}"
    assert len(names) == sum(1 + len(t.aliases) for t in catalogue.of_kind("terms").values()), "a name is defined twice"
    script = glossary_script(catalogue)
    assert "gw-glossary-data" in script and "</script>" not in script[:-9]
    assert "gw-glossary-data" in str(Page(catalogue).references())
    html = str(Page(catalogue).glossary())
    assert html.count("<dt") == len(catalogue.of_kind("terms"))


def _write(tmp_path, name, body):
    (tmp_path / name).write_text(textwrap.dedent(body), encoding="utf-8")


def _minimal_catalogue(tmp_path):
    _write(tmp_path, "sources.yaml", """
        kind: sources
        description: test
        records:
          - {id: s1, citation: "Someone A. A paper. 2020", doi: "10.1/x"}
        """)
    _write(tmp_path, "statements.yaml", """
        kind: statements
        description: test
        records:
          - {id: st1, label: "A claim", grade: strong, sources: [s1], note: "a long enough note",
             text: "A statement long enough to pass."}
        """)


def test_a_question_with_two_right_answers_is_refused_by_name(tmp_path):
    _minimal_catalogue(tmp_path)
    _write(tmp_path, "quizzes.yaml", """
        kind: questions
        description: test
        records:
          - id: q1
            chapter: 01_x
            prompt: Which one is it?
            about: [st1]
            choices:
              - {text: A, correct: true, feedback: "A is right because of reasons."}
              - {text: B, correct: true, feedback: "B is also right, which is wrong."}
        """)
    with pytest.raises(gdata.DataError, match=r"quizzes.yaml, record 'q1'.*exactly one choice"):
        gdata.load(tmp_path)


def test_unknown_about_and_lessons_that_do_not_fill_45_minutes_are_refused(tmp_path):
    _minimal_catalogue(tmp_path)
    _write(tmp_path, "glossary.yaml", """
        kind: terms
        description: test
        records:
          - {id: t1, term: thing, definition: "A thing defined at some length.", about: [nope]}
        """)
    with pytest.raises(gdata.DataError, match=r"glossary.yaml, record 't1', field 'about': names 'nope'"):
        gdata.load(tmp_path)
    (tmp_path / "glossary.yaml").unlink()
    _write(tmp_path, "lessons.yaml", """
        kind: lessons
        description: test
        records:
          - id: 01_x
            timing:
              - {minutes: 10, activity: "Introduction and objectives"}
              - {minutes: 10, activity: "Explore the dashboard"}
              - {minutes: 10, activity: "Quiz and discussion"}
            discussion: ["Why?", "How?"]
            misconceptions:
              - {belief: "A supplement fixes it", correction: "No trial shows that in people.", about: [st1]}
        """)
    with pytest.raises(gdata.DataError, match=r"lessons.yaml, record '01_x'.*45-minute lesson; it adds up to 30"):
        gdata.load(tmp_path)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_chapter_has_a_lesson_plan(path, catalogue):
    assert path.stem in catalogue.of_kind("lessons"), f"add a lesson record with id {path.stem!r} to data/lessons.yaml"


DASHBOARDS = [
    ("gutwidgets.views", "BarrierExplorer"), ("gutwidgets.views.junction", "JunctionExplorer"),
    ("gutwidgets.views.causes", "CauseExplorer"), ("gutwidgets.views.sugar_test", "SugarTestExplorer"),
    ("gutwidgets.views.systemic", "CascadeExplorer"), ("gutwidgets.views.systemic", "ConfoundingExplorer"),
    ("gutwidgets.views.support", "FibreExplorer"), ("gutwidgets.views.support", "ScenarioPlanner"),
]


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _walk(child)


@pytest.mark.parametrize("module, name", DASHBOARDS, ids=[d[1] for d in DASHBOARDS])
def test_every_dashboard_has_reset_a_live_summary_and_described_figures(module, name):
    import importlib

    import anywidget
    import ipywidgets as w

    from gutwidgets.views._page import PageController

    dashboard = getattr(importlib.import_module(module), name)()
    parts = list(_walk(dashboard))
    if dashboard.IN_PAGE:  # the page controller draws Reset and the live sentence (tests/test_page_models.py)
        assert isinstance(dashboard.summary, PageController) and dashboard.summary in parts, f"{name}: no controller"
        assert dashboard.sentence, f"{name}: no live summary"
        dashboard.show_in_kernel()  # the page writes the figures and their descriptions; here the kernel's twin
    else:
        assert any(isinstance(p, w.Button) and p.description == "Reset" for p in parts), f"{name}: no Reset button"
        assert any(isinstance(p, w.HTML) and "aria-live" in p.value for p in parts), f"{name}: no live summary"
    figures = [p for p in parts if isinstance(p, anywidget.AnyWidget) and not isinstance(p, PageController)]
    assert figures and all(len(getattr(f, "description", "")) > 20 for f in figures), f"{name}: describe every figure"
    assert dashboard.trait_metadata("theme", "sync"), "the page's projector switch must reach the theme"
