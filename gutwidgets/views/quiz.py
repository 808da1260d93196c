"""Quiz: a chapter's "check your understanding" questions, with feedback for every answer.

The questions come from ``data/quizzes.yaml`` (kind ``questions``). Each question's choices are
shown in its ``shown_order`` (:class:`gutwidgets.data.Question`: a shuffle fixed by the question's
id), the same order as in the worksheet and the teacher's answer key.

Nothing in the page tells which choice is right before one is chosen: the synced ``questions``
carry per choice only its text. How the feedback reaches the page depends on ``mode``:

``"kernel"`` (a live page: Voila, JupyterLab)
    The page reports the choice in ``answers`` and the kernel replies in ``verdicts`` with that
    one choice's correctness and feedback, which the page shows and announces.
``"sealed"`` (a page that will have no kernel: the static export)
    ``sealed`` carries every choice's verdict, XOR-ed with a key stream derived from the question
    id and the choice's position, then base64-encoded; the browser decodes only the chosen one.
    This keeps the answers out of the page's text and out of a plain reading of its stored
    state. It is not a secret: the page's own script holds the method, so a determined reader of
    a static page can decode every answer.

The default mode is ``"kernel"`` when the kernel was started for a live page (Voila sets
``VOILA_BASE_URL`` for every kernel it starts, preheated ones included; Jupyter Server sets
``JPY_SESSION_NAME`` for a notebook's kernel) and ``"sealed"`` otherwise (a notebook run by
nbclient, as the static export does). ``GUTWIDGETS_QUIZ_MODE`` overrides the guess.

``answers`` holds question id -> **shown position** of the choice made (from 0: an index into that
question's ``choices`` in ``questions``), never the data index; :meth:`Quiz.score` maps it back.
"""

from __future__ import annotations

import base64
import json
import os

import anywidget
import traitlets as t

from .. import data as gdata
from ._assets import asset
from ._traits import Theme

__all__ = ["MODES", "MODE_ENV", "Quiz", "questions_for", "quiz_mode", "seal", "seal_key", "unseal"]

#: How the feedback reaches the page (see the module's description).
MODES = ("kernel", "sealed")
#: Environment variable that overrides the guessed mode.
MODE_ENV = "GUTWIDGETS_QUIZ_MODE"
#: Set in a kernel's environment by the servers that start kernels for live pages.
LIVE_PAGE_ENV = ("VOILA_BASE_URL", "JPY_SESSION_NAME")

_MASK32 = 0xFFFFFFFF


def questions_for(chapter: str, catalogue: gdata.Catalogue | None = None) -> list[gdata.Question]:
    """The questions of one chapter (its notebook's name), in data order; KeyError if none."""
    cat = catalogue or gdata.load()
    found = [q for q in cat.of_kind("questions").values() if q.chapter == chapter]  # type: ignore[attr-defined]
    if not found:
        chapters = sorted({q.chapter for q in cat.of_kind("questions").values()})  # type: ignore[attr-defined]
        raise KeyError(f"no questions for chapter {chapter!r} in data/; chapters with questions: {chapters}")
    return found  # type: ignore[return-value]


def quiz_mode(requested: str | None = None) -> str:
    """The feedback mode: ``requested``, else ``$GUTWIDGETS_QUIZ_MODE``, else guessed from the kernel's
    environment (``"kernel"`` under Voila or a Jupyter Server session, ``"sealed"`` otherwise)."""
    source, mode = "mode", requested
    if mode is None:
        source, mode = MODE_ENV, os.environ.get(MODE_ENV) or None
    if mode is None:
        return "kernel" if any(os.environ.get(name) for name in LIVE_PAGE_ENV) else "sealed"
    if mode not in MODES:
        raise ValueError(f"{source} must be one of {', '.join(repr(m) for m in MODES)}; got {mode!r}")
    return mode


def seal_key(question: str, position: int) -> str:
    """The key a choice's verdict is sealed with: the question id and the choice's shown position."""
    return f"gw-quiz\x00{question}\x00{position}"


def _keystream(key: str, n: int) -> bytes:
    # FNV-1a (32 bit) of the key seeds mulberry32; quiz.js computes the same bytes.
    state = 0x811C9DC5
    for byte in key.encode("utf-8"):
        state = ((state ^ byte) * 0x01000193) & _MASK32
    out = bytearray()
    while len(out) < n:
        state = (state + 0x6D2B79F5) & _MASK32
        x = ((state ^ (state >> 15)) * (state | 1)) & _MASK32
        x = ((x + (((x ^ (x >> 7)) * (x | 61)) & _MASK32)) & _MASK32) ^ x
        out += ((x ^ (x >> 14)) & _MASK32).to_bytes(4, "little")
    return bytes(out[:n])


def seal(verdict: dict, key: str) -> str:
    """Encode a verdict (``{"correct": ..., "feedback": ...}``) so it cannot be read at a glance."""
    raw = json.dumps(verdict, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(bytes(a ^ b for a, b in zip(raw, _keystream(key, len(raw)), strict=True))).decode("ascii")


def unseal(blob: str, key: str) -> dict:
    """Decode what :func:`seal` encoded with the same key."""
    raw = base64.b64decode(blob)
    return json.loads(bytes(a ^ b for a, b in zip(raw, _keystream(key, len(raw)), strict=True)).decode("utf-8"))


class Quiz(anywidget.AnyWidget):
    """Multiple-choice questions with explanatory feedback for the choice made, and a Reset.

    Parameters
    ----------
    chapter
        The chapter notebook's name, e.g. ``"01_the_barrier"``.
    mode
        ``"kernel"`` or ``"sealed"`` (see the module's description); by default guessed from the
        kernel's environment.
    """

    _esm = t.Unicode(asset("quiz.js")).tag(sync=True)
    _css = t.Unicode(asset("quiz.css")).tag(sync=True)

    questions = t.List(t.Dict(), help="id, prompt, task and choices (only their text), in shown order").tag(sync=True)
    answers = t.Dict(help="question id -> shown position of the choice made (from 0)").tag(sync=True)
    verdicts = t.Dict(help="question id -> {choice, correct, feedback} for the choice in answers").tag(sync=True)
    sealed = t.Dict(help="'sealed' mode only: question id -> every shown choice's verdict, encoded").tag(sync=True)
    theme = Theme()

    def __init__(self, chapter: str, catalogue: gdata.Catalogue | None = None, mode: str | None = None,
                 **kwargs: object) -> None:
        self.chapter = chapter
        self.items = questions_for(chapter, catalogue)
        self.mode = quiz_mode(mode)
        super().__init__(**kwargs)
        self.add_class("gw-quiz-widget")
        self.questions = [
            {"id": q.id, "prompt": q.prompt, "task": q.task, "choices": [{"text": c.text} for c in q.shown_choices]}
            for q in self.items
        ]
        if self.mode == "sealed":
            self.sealed = {q.id: [seal(_verdict(c), seal_key(q.id, k)) for k, c in enumerate(q.shown_choices)]
                           for q in self.items}

    @t.validate("answers")
    def _check_answers(self, proposal: t.Bunch) -> dict:
        shown = {q.id: len(q.choices) for q in self.items}
        for qid, position in proposal["value"].items():
            if qid not in shown:
                raise t.TraitError(f"answers: {qid!r} is not a question of {self.chapter}; its questions are "
                                   f"{', '.join(shown)}")
            if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position < shown[qid]:
                raise t.TraitError(f"answers[{qid!r}]: {position!r} is not a choice; give the shown position "
                                   f"of the choice made, 0 to {shown[qid] - 1}")
        return proposal["value"]

    @t.observe("answers")
    def _reply(self, change: t.Bunch) -> None:
        by_id = {q.id: q for q in self.items}
        self.verdicts = {qid: {"choice": k, **_verdict(by_id[qid].shown_choices[k])}
                         for qid, k in change["new"].items()}

    def records(self) -> list[str]:
        """The graded records behind the right answers (for the page's references)."""
        return list(dict.fromkeys(rid for q in self.items for rid in q.about))

    def score(self) -> int:
        """How many questions have their right answer chosen."""
        return sum(1 for q in self.items if self.answers.get(q.id) == q.shown_answer)

    def reset(self) -> None:
        """Clear every answer."""
        self.answers = {}


def _verdict(choice: gdata.Choice) -> dict:
    return {"correct": choice.correct, "feedback": choice.feedback}
