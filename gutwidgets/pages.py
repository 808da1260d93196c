"""What a chapter notebook displays besides widgets: graded claims, fact tables, references.

A chapter creates one :class:`Page`; every claim, fact table or widget shown through it records
which ``data/`` records it used, and :meth:`Page.references` lists exactly their sources at the
end. So a page's numbers, grades and references all come from ``data/`` and stay in step.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable

from . import data as gdata
from .theme import GRADE_COLORS as _GRADE_COLORS

#: What each evidence grade means, in plain words.
GRADE_MEANINGS = {
    "strong": "replicated measurements or trials in people, widely cited.",
    "moderate": "a single study in people, or a value that depends on how it is measured.",
    "limited": "small, uncontrolled or conflicting human studies, or a value that is calculated or assumed.",
    "animal-or-cell-only": "shown in animals or in cells grown in a dish, not yet in people.",
}

__all__ = ["GRADE_MEANINGS", "Page", "format_value", "glossary_script", "grade_badge", "source_links"]



class _HTML:
    """A tiny displayable: Jupyter and Voila render it through ``_repr_html_``."""

    def __init__(self, body: str) -> None:
        self.body = body

    def _repr_html_(self) -> str:
        return self.body

    def __str__(self) -> str:
        return self.body


def grade_badge(grade: str) -> str:
    """An HTML badge naming the evidence grade in words (colour is never the only cue)."""
    if grade not in _GRADE_COLORS:
        raise ValueError(f"grade must be one of {', '.join(gdata.GRADES)}; got {grade!r}")
    bg, fg = _GRADE_COLORS[grade]
    return (
        f"<span class='gw-badge' style='background:{bg};color:{fg}'>"
        f"{html.escape(gdata.GRADE_LABELS[grade])}</span>"
    )


def format_value(fact: gdata.Fact) -> str:
    """``value unit (range low-high)`` with sensible significant figures."""

    def num(x: float) -> str:
        return f"{x:,.4g}" if abs(x) >= 1e-3 or x == 0 else f"{x:.2g}"

    unit = "" if fact.unit in ("dimensionless", "ratio") else f" {fact.unit}"
    text = f"{num(fact.value)}{unit}"
    low, high = fact.range
    if low != high:
        text += f" (range {num(low)}–{num(high)}{unit})"
    return text


class Page:
    """Collects the records a chapter shows, to list their sources at the end."""

    def __init__(self, catalogue: gdata.Catalogue | None = None) -> None:
        self.catalogue = catalogue or gdata.load()
        self.cited: list[str] = []

    def cite(self, record_ids: Iterable[str]) -> None:
        """Note records shown by a widget (checked: unknown ids raise KeyError)."""
        for rid in record_ids:
            self.catalogue.record(rid)
            if rid not in self.cited:
                self.cited.append(rid)

    def _source_marks(self, source_ids: list[str]) -> str:
        return source_links(self.catalogue, source_ids)

    def claim(self, record_id: str) -> _HTML:
        """A statement from ``data/statements.yaml`` with its grade and sources."""
        st = self.catalogue.statement(record_id)
        self.cite([record_id])
        return _HTML(
            f"<div class='gw-claim' data-record='{html.escape(st.id)}'>"
            f"<p>{html.escape(st.text)}</p>"
            f"<p>{grade_badge(st.grade)} <small>Sources: {self._source_marks(st.sources)}</small></p>"
            "</div>"
        )

    def facts(self, record_ids: Iterable[str], caption: str = "") -> _HTML:
        """A table of facts or probes: value, range, grade, basis and sources."""
        ids = list(record_ids)
        self.cite(ids)
        rows = []
        for rid in ids:
            f = self.catalogue.fact(rid)
            rows.append(
                "<tr>"
                f"<td>{html.escape(f.label)}</td>"
                f"<td>{html.escape(format_value(f))}</td>"
                f"<td>{grade_badge(f.grade)}<br><small>{html.escape(gdata.BASIS_LABELS[f.basis])}</small></td>"
                f"<td><small>{html.escape(f.note)}</small><br>"
                f"<small>Sources: {self._source_marks(f.sources)}</small></td>"
                "</tr>"
            )
        cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
        return _HTML(
            f"<table class='gw-facts'>{cap}<thead><tr><th>What</th><th>Value</th>"
            "<th>Evidence</th><th>Notes</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        )

    def quiz(self, chapter: str):  # a Quiz widget (imported lazily: pages need no widget library)
        """The chapter's "check your understanding" questions (``data/quizzes.yaml``) as a widget."""
        from .views.quiz import Quiz

        quiz = Quiz(chapter, catalogue=self.catalogue)
        self.cite(quiz.records())
        return quiz

    def grade_legend(self) -> _HTML:
        """What each evidence grade means."""
        items = "".join(
            f"<li>{grade_badge(g)} {html.escape(GRADE_MEANINGS[g])}</li>" for g in gdata.GRADES
        )
        return _HTML(f"<ul class='gw-grades'>{items}</ul>")

    def references(self) -> _HTML:
        """Every source cited on this page so far, numbered, with links."""
        sources = self.catalogue.cited(self.cited)
        items = "".join(
            f"<li>{html.escape(s.citation)} <a href='{html.escape(s.link)}' target='_blank'"
            f" rel='noopener'>{html.escape(s.link)}</a></li>"
            for s in sources
        )
        return _HTML(f"<ol class='gw-refs'>{items}</ol>" + glossary_script(self.catalogue))

    def glossary(self) -> _HTML:
        """Every glossary term (``data/glossary.yaml``) with its definition, alphabetically."""
        terms = sorted(self.catalogue.of_kind("terms").values(), key=lambda t: t.term.lower())  # type: ignore[attr-defined]
        items = []
        for term in terms:
            self.cite(term.about)
            also = f" <small>(also: {html.escape(', '.join(term.aliases))})</small>" if term.aliases else ""
            items.append(f"<dt id='{html.escape(term.id)}'>{html.escape(term.term)}{also}</dt>"
                         f"<dd>{html.escape(term.definition)}</dd>")
        return _HTML(f"<dl class='gw-glossary'>{''.join(items)}</dl>")


def glossary_script(catalogue: gdata.Catalogue) -> str:
    """The glossary as inert JSON on the page; the template's classroom.js marks the terms in
    the text and shows their definitions on hover and focus."""
    terms = [
        {"id": t.id, "term": t.term, "aliases": t.aliases, "definition": t.definition}  # type: ignore[attr-defined]
        for t in catalogue.of_kind("terms").values()
    ]
    payload = json.dumps(terms, ensure_ascii=False).replace("</", "<\\/")
    return f"<script type='application/json' class='gw-glossary-data'>{payload}</script>"


def source_links(catalogue: gdata.Catalogue, source_ids: Iterable[str]) -> str:
    """In-text citations ('Surname et al. year'), each a link with the full citation as its title."""
    marks = []
    for sid in source_ids:
        src = catalogue.sources[sid]
        marks.append(
            f"<a href='{html.escape(src.link)}' target='_blank' rel='noopener'"
            f" title='{html.escape(src.citation)}'>{html.escape(_short(src.citation))}</a>"
        )
    return "; ".join(marks)


def _short(citation: str) -> str:
    """'Surname year' for an in-text citation (the full text is in the link's title)."""
    head = re.match(r"\s*((?:[A-Z][a-z']*\s)?[A-Z][\w'\-]+)\s+[A-Z]{1,3}\b", citation) or re.match(
        r"\s*([^\s,.(]+)", citation
    )
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", citation)
    name = head.group(1) if head else citation[:20]
    several = bool(re.search(r"et al|,.*,|&| and ", citation.split("(")[0].split(".")[0]))
    return f"{name}{' et al.' if several else ''} {year.group(1) if year else ''}".strip()
