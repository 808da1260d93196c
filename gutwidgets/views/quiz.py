"""Quiz: a chapter's "check your understanding" questions, with feedback for every answer.

The questions come from ``data/quizzes.yaml`` (kind ``questions``). The browser shows the
feedback the moment a choice is made (no kernel round trip) and reports the chosen answers back
in ``answers``, so code and tests can read them.
"""

from __future__ import annotations

import anywidget
import traitlets as t

from .. import data as gdata
from ._assets import asset
from ._traits import Theme

__all__ = ["Quiz", "questions_for"]


def questions_for(chapter: str, catalogue: gdata.Catalogue | None = None) -> list[gdata.Question]:
    """The questions of one chapter (its notebook's name), in data order; KeyError if none."""
    cat = catalogue or gdata.load()
    found = [q for q in cat.of_kind("questions").values() if q.chapter == chapter]  # type: ignore[attr-defined]
    if not found:
        chapters = sorted({q.chapter for q in cat.of_kind("questions").values()})  # type: ignore[attr-defined]
        raise KeyError(f"no questions for chapter {chapter!r} in data/; chapters with questions: {chapters}")
    return found  # type: ignore[return-value]


class Quiz(anywidget.AnyWidget):
    """Multiple-choice questions with instant, explanatory feedback and a Reset.

    Parameters
    ----------
    chapter
        The chapter notebook's name, e.g. ``"01_the_barrier"``.
    """

    _esm = t.Unicode(asset("quiz.js")).tag(sync=True)
    _css = t.Unicode(asset("quiz.css")).tag(sync=True)

    questions = t.List(t.Dict(), help="id, prompt, task and choices (text, correct, feedback)").tag(sync=True)
    answers = t.Dict(help="question id -> number of the choice made (from 0)").tag(sync=True)
    theme = Theme()

    def __init__(self, chapter: str, catalogue: gdata.Catalogue | None = None, **kwargs: object) -> None:
        self.chapter = chapter
        self.items = questions_for(chapter, catalogue)
        super().__init__(**kwargs)
        self.add_class("gw-quiz-widget")
        self.questions = [q.model_dump(include={"id", "prompt", "task", "choices"}) for q in self.items]

    def records(self) -> list[str]:
        """The graded records behind the right answers (for the page's references)."""
        return list(dict.fromkeys(rid for q in self.items for rid in q.about))

    def score(self) -> int:
        """How many questions have their right answer chosen."""
        right = {q.id: next(i for i, c in enumerate(q.choices) if c.correct) for q in self.items}
        return sum(1 for qid, choice in self.answers.items() if right.get(qid) == choice)

    def reset(self) -> None:
        """Clear every answer."""
        self.answers = {}
