"""Chapter 4's page helpers: the outcomes table (one row per condition, graded and sourced)."""

from __future__ import annotations

import html
from collections.abc import Iterable

from . import data as gdata
from .figures.systemic import EVIDENCE_KINDS
from .pages import _HTML, Page, _short, grade_badge

__all__ = ["SystemicPage", "outcome_ids", "short_sources"]


def outcome_ids(catalogue: gdata.Catalogue) -> list[str]:
    """Every outcome record, in file order."""
    return list(catalogue.of_kind("outcomes"))


def short_sources(catalogue: gdata.Catalogue, record_ids: Iterable[str]) -> dict[str, str]:
    """Record id -> its sources as short 'Author year' text (for hover labels)."""
    return {rid: "; ".join(_short(catalogue.sources[s].citation) for s in catalogue.record(rid).sources)
            for rid in record_ids}


class SystemicPage(Page):
    """A :class:`~gutwidgets.pages.Page` that can also show outcome records."""

    def outcomes(self, record_ids: Iterable[str] | None = None, caption: str = "") -> _HTML:
        """A table of conditions: what is found, the kind of evidence, its grade, causation, sources."""
        table = self.catalogue.of_kind("outcomes")
        ids = list(record_ids) if record_ids is not None else list(table)
        self.cite(ids)
        rows = []
        for rid in ids:
            o = table[rid]
            assert isinstance(o, gdata.Outcome)
            rows.append(
                f"<tr data-record='{html.escape(o.id)}'>"
                f"<td><strong>{html.escape(o.condition)}</strong></td>"
                f"<td>{html.escape(o.finding)}</td>"
                f"<td>{html.escape(EVIDENCE_KINDS[o.evidence_kind])}<br>{grade_badge(o.grade)}</td>"
                f"<td>{html.escape(o.causation)}<br><small>{html.escape(o.note)}</small>"
                f"<br><small>Sources: {self._source_marks(o.sources)}</small></td>"
                "</tr>"
            )
        cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
        return _HTML(
            f"<table class='gw-facts gw-outcomes'>{cap}<thead><tr><th>Condition</th><th>What studies found</th>"
            "<th>Kind of evidence</th><th>Does a leaky gut cause it?</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>"
        )
