"""Fair quizzes without a browser: shuffled choices, one order everywhere, nothing given away early."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter

import pytest

from gutwidgets import data as gdata
from gutwidgets.publishing import classroom
from gutwidgets.views import quiz as quiz_module
from gutwidgets.views.quiz import Quiz, quiz_mode, seal, seal_key, unseal

from .conftest import NOTEBOOKS, ROOT

CHAPTERS = sorted({q.chapter for q in gdata.load().of_kind("questions").values()})
CODE_TRAITS = ("_esm", "_css")  # the front end's source (its own words "correct" and "wrong"), not data


def _shown_texts(quiz: Quiz) -> dict[str, list[str]]:
    return {q["id"]: [c["text"] for c in q["choices"]] for q in quiz.questions}


def _right_text(question) -> str:
    return next(c.text for c in question.choices if c.correct)


def _synced(quiz: Quiz) -> str:
    """What the widget sends to the page, as text: its synced state (without the front-end source)
    and its display bundle."""
    state = {k: v for k, v in quiz.get_state().items() if k not in CODE_TRAITS}
    return json.dumps(state, ensure_ascii=False) + json.dumps(quiz._repr_mimebundle_(), default=str)


def test_right_answers_are_spread_over_the_shown_positions(catalogue):
    positions = Counter()
    for chapter in CHAPTERS:
        quiz = Quiz(chapter, catalogue=catalogue)
        texts = _shown_texts(quiz)
        for q in quiz.items:
            positions[texts[q.id].index(_right_text(q))] += 1
    total = sum(positions.values())
    assert total == len(catalogue.of_kind("questions")) == 25
    assert max(positions.values()) <= total / 2, f"right answers by shown position: {dict(positions)}"
    assert len(positions) >= 3, f"right answers by shown position: {dict(positions)}"


def test_the_shown_order_is_a_shuffle_fixed_by_the_question(catalogue):
    orders = {}
    for chapter in CHAPTERS:
        first, second = Quiz(chapter, catalogue=catalogue), Quiz(chapter, catalogue=catalogue)
        assert first.questions == second.questions, f"{chapter}: two quizzes show different orders"
        orders.update(_shown_texts(first))
    data_order = {q.id: [c.text for c in q.choices] for q in catalogue.of_kind("questions").values()}
    moved = [qid for qid in orders if orders[qid] != data_order[qid]]
    assert len(moved) >= len(orders) / 3, f"only {len(moved)} of {len(orders)} questions are shuffled"
    # The same in a fresh process with another string-hash seed (no use of Python's hash()).
    script = ("import json; from gutwidgets.views.quiz import Quiz; "
              f"print(json.dumps({{c: Quiz(c).questions for c in {CHAPTERS!r}}}))")
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}, timeout=120).stdout
        fresh = {q["id"]: [c["text"] for c in q["choices"]] for qs in json.loads(out).values() for q in qs}
        assert fresh == orders, f"PYTHONHASHSEED={seed} gives another order"


def _guide_and_sheet(path, catalogue) -> tuple[str, str]:
    outline = classroom.chapter_outline(path)
    questions = [q for q in catalogue.of_kind("questions").values() if q.chapter == path.stem]
    lesson = catalogue.of_kind("lessons")[path.stem]
    return (classroom.render_guide(outline, lesson, questions, catalogue),
            classroom.render_worksheet(outline, questions, catalogue))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_answer_key_names_the_answer_by_its_text_in_the_shown_order(chapter, catalogue):
    guide, sheet = _guide_and_sheet(NOTEBOOKS / f"{chapter}.ipynb", catalogue)
    quiz = Quiz(chapter, catalogue=catalogue)
    for q in quiz.items:
        shown = _shown_texts(quiz)[q.id]
        right = _right_text(q)
        letter = classroom.LETTERS[shown.index(right)]
        assert f"<strong>Answer:</strong> {letter}. {classroom.inline(right)}</p>" in guide, (
            f"{q.id}: the key should say 'Answer: {letter}. {right}'")
        for k, text in enumerate(shown):  # the worksheet and the key letter the choices as the page shows them
            assert f"☐ {classroom.LETTERS[k]}. {classroom.inline(text)}</p>" in sheet, f"{q.id}: worksheet order"
            assert f"{classroom.LETTERS[k]}. {classroom.inline(text)}" in guide, f"{q.id}: answer key order"
    assert "Answer:" not in sheet


@pytest.mark.parametrize("mode", ["kernel", "sealed"])
def test_nothing_synced_before_a_choice_tells_which_is_right(mode, catalogue):
    quiz = Quiz("03_causes", catalogue=catalogue, mode=mode)
    assert quiz.mode == mode
    synced = _synced(quiz)
    assert not re.search("correct", synced, re.IGNORECASE), "the state names a choice as correct"
    for q in quiz.items:
        for c in q.choices:
            assert c.feedback not in synced and html.escape(c.feedback) not in synced, f"{q.id}: feedback is sent early"
    # A choice brings that choice's verdict, and only that one.
    q = quiz.items[1]
    wrong = next(k for k in range(len(q.choices)) if k != q.shown_answer)
    quiz.answers = {q.id: wrong}
    assert quiz.verdicts == {q.id: {"choice": wrong, "correct": False, "feedback": q.shown_choices[wrong].feedback}}
    assert q.shown_choices[q.shown_answer].feedback not in _synced(quiz)
    quiz.answers = {q.id: q.shown_answer}
    assert quiz.verdicts[q.id]["correct"] is True and quiz.score() == 1


def test_sealed_state_decodes_to_each_shown_choice_in_python_and_in_the_browser_code(catalogue):
    quiz = Quiz("06_measuring_permeability", catalogue=catalogue, mode="sealed")
    assert Quiz("06_measuring_permeability", catalogue=catalogue, mode="kernel").sealed == {}
    expected = {}
    for q in quiz.items:
        assert len(quiz.sealed[q.id]) == len(q.choices)
        for k, c in enumerate(q.shown_choices):
            got = unseal(quiz.sealed[q.id][k], seal_key(q.id, k))
            assert got == {"correct": c.correct, "feedback": c.feedback}
            expected[f"{q.id}/{k}"] = got
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: the quiz's decoder is checked with Node.js")
    blobs = {f"{qid}/{k}": b for qid, bs in quiz.sealed.items() for k, b in enumerate(bs)}
    blobs["unicode/0"] = seal({"correct": False, "feedback": "Not “quite”: 5 µm, naïve — ✓"}, seal_key("unicode", 0))
    expected["unicode/0"] = {"correct": False, "feedback": "Not “quite”: 5 µm, naïve — ✓"}
    module = (ROOT / "gutwidgets" / "views" / "_esm" / "quiz.js").as_uri()
    script = (f"import {{ unseal, sealKey }} from {json.dumps(module)};\n"
              f"const blobs = {json.dumps(blobs)};\n"
              "const out = {};\n"
              "for (const [id, blob] of Object.entries(blobs)) {\n"
              "  const [q, k] = id.split('/'); out[id] = unseal(blob, sealKey(q, Number(k)));\n"
              "}\n"
              "console.log(JSON.stringify(out));\n")
    result = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected


def test_score_reads_shown_positions_and_bad_answers_are_named(catalogue):
    quiz = Quiz("01_the_barrier", catalogue=catalogue)
    moved = next(q for q in quiz.items if q.shown_answer != 0)
    quiz.answers = {moved.id: moved.shown_answer}
    assert quiz.score() == 1
    quiz.answers = {moved.id: 0}  # the right answer's place in the data is not where it is shown
    assert quiz.score() == 0
    with pytest.raises(Exception, match=r"'nope' is not a question of 01_the_barrier; its questions are ch1_"):
        quiz.answers = {"nope": 0}
    with pytest.raises(Exception, match=rf"answers\['{moved.id}'\]: 3 is not a choice; .* 0 to 2"):
        quiz.answers = {moved.id: 3}
    with pytest.raises(Exception, match="not a choice"):
        quiz.answers = {moved.id: True}
    assert quiz.answers == {moved.id: 0}


def test_mode_follows_the_kernel_environment(monkeypatch):
    for name in (*quiz_module.LIVE_PAGE_ENV, quiz_module.MODE_ENV):
        monkeypatch.delenv(name, raising=False)
    assert quiz_mode() == "sealed"  # a notebook run by nbclient (the static export)
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    assert quiz_mode() == "kernel"
    monkeypatch.delenv("VOILA_BASE_URL")
    monkeypatch.setenv("JPY_SESSION_NAME", "/home/me/01_the_barrier.ipynb")
    assert quiz_mode() == "kernel"
    monkeypatch.setenv(quiz_module.MODE_ENV, "sealed")
    assert quiz_mode() == "sealed"
    assert quiz_mode("kernel") == "kernel"
    monkeypatch.setenv(quiz_module.MODE_ENV, "secret")
    with pytest.raises(ValueError, match=r"GUTWIDGETS_QUIZ_MODE must be one of 'kernel', 'sealed'; got 'secret'"):
        quiz_mode()
