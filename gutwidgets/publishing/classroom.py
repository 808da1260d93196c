"""Teacher guides and student worksheets, built from the chapters and ``data/`` by one command.

    python -m gutwidgets.classroom build docs/classroom            # HTML and PDF
    python -m gutwidgets.classroom build docs/classroom --no-pdf   # HTML only

Nothing in them is written twice: the title, learning objectives, sections (the slides) and
"Things to try" come from each chapter notebook; the 45-minute plan, discussion prompts and
misconceptions from ``data/lessons.yaml``; the questions and answer keys from
``data/quizzes.yaml``; the words to know from ``data/glossary.yaml``; the evidence behind each
correction from the graded records it names. PDFs are printed by headless Chromium.
"""

from __future__ import annotations

import argparse
import html
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import data as gdata
from ..pages import grade_badge, source_links

__all__ = ["Outline", "build", "chapter_outline", "main", "render_guide", "render_worksheet"]

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
LETTERS = "ABCDEF"


@dataclass
class Outline:
    """What a chapter notebook says about itself."""

    stem: str
    title: str
    objectives: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    activities: list[tuple[str, list[str]]] = field(default_factory=list)  # (section, items)
    summary: list[str] = field(default_factory=list)
    text: str = ""


def _list_items(lines: list[str], start: int, marker: str) -> list[str]:
    items = []
    for line in lines[start:]:
        m = re.match(marker, line)
        if m:
            items.append(line[m.end():].strip())
        elif items and line.strip():
            if line.startswith("  "):
                items[-1] += " " + line.strip()
            else:
                break
    return items


def chapter_outline(path: Path) -> Outline:
    """Read a chapter's title, objectives, sections, activities and summary from its notebook."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    md = [c.source for c in nb.cells if c.cell_type == "markdown"]
    text = "\n\n".join(md)
    title = next((ln[2:].strip() for ln in text.splitlines() if ln.startswith("# ")), path.stem)
    out = Outline(stem=path.stem, title=title, text=text)
    section = title
    for cell in md:
        lines = cell.splitlines()
        for i, line in enumerate(lines):
            numbered = r"^\s*\d+\.\s+"
            if line.startswith(("## ", "### ")):  # each starts a slide in presentation mode
                section = line.lstrip("#").strip()
                out.sections.append(section)
                if "Try it" in line and "Things to try" not in cell:
                    out.activities.append((section, _list_items(lines, i + 1, numbered)))
            elif "In this chapter you will" in line:
                out.objectives = _list_items(lines, i + 1, r"^\s*[-*]\s+")
            elif line.rstrip().endswith("Things to try:"):
                out.activities.append((section, _list_items(lines, i + 1, numbered)))
        if section == "Summary" and not out.summary:
            out.summary = _list_items(lines, 0, r"^\s*[-*]\s+")
    return out


def inline(md: str) -> str:
    """Markdown inline marks (bold, italics, links, maths) as safe HTML; links keep their text."""
    text = html.escape(md, quote=False)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"(?<![*\w])\*([^*]+)\*(?!\w)", r"<em>\1</em>", text)
    return text.replace("$", "")


def terms_in(text: str, catalogue: gdata.Catalogue) -> list[gdata.Term]:
    """Glossary terms that a text uses (by name or alias), alphabetically."""
    found = []
    for term in catalogue.of_kind("terms").values():
        names = [term.term, *term.aliases]  # type: ignore[attr-defined]
        if any(re.search(rf"\b{re.escape(n)}\b", text, re.IGNORECASE) for n in names):
            found.append(term)
    return sorted(found, key=lambda t: t.term.lower())  # type: ignore[attr-defined]


CSS = """
@page { size: A4; margin: 16mm 15mm; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; line-height: 1.45;
       max-width: 46em; margin: 1.5em auto; padding: 0 1em; font-size: 15px; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; border-bottom: 2px solid #111;
       margin-top: 1.6em; padding-bottom: 0.1em; break-after: avoid; }
.kind { text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.8em; color: #333; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #555; padding: 0.3em 0.5em;
       text-align: left; vertical-align: top; }
td:first-child { white-space: nowrap; }
.question { break-inside: avoid; margin: 0.8em 0; } .task { font-style: italic; }
.lines { border-bottom: 1px solid #555; height: 1.8em; } .choice { margin: 0.15em 0 0.15em 1em; }
.gw-badge { display: inline-block; padding: 0 0.5em; border-radius: 0.7em; font-size: 0.85em; font-weight: 600; }
.right { font-weight: 700; } .meta { color: #333; font-size: 0.9em; } a { color: #0b3d91; }
dt { font-weight: 700; margin-top: 0.4em; } dd { margin-left: 1.2em; }
"""


def _page(title: str, kind: str, body: str) -> str:
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(kind)}: {html.escape(title)}</title><style>{CSS}</style></head><body><main>"
        f"<p class='kind'>Gut permeability explainer · {html.escape(kind)}</p><h1>{inline(title)}</h1>"
        f"{body}</main></body></html>"
    )


def _activity_title(section: str) -> str:
    return inline(section if "Try it" in section else f"Try it: {section}")


#: A link in a chapter's text that opens its dashboards in a state: [text](#name=value&...).
STATE_LINK = re.compile(r"\[([^\]]+)\]\((#[^)\s]*=[^)\s]*)\)")
#: Where ``voila notebooks/`` serves a chapter (voila.json's port).
VOILA_PAGE = "http://127.0.0.1:8866/voila/render/{stem}.ipynb"


def _activity(stem: str, item: str) -> str:
    """One 'Things to try' item, with each of its state links as links that open the dashboard in that
    state: through ``voila notebooks/``, and in the static copy (``{stem}.html``)."""
    links = [f"{html.escape(text)}: <a href='{html.escape(VOILA_PAGE.format(stem=stem) + state)}'>Voila</a> · "
             f"<a href='{html.escape(stem + '.html' + state)}'>static copy</a>"
             for text, state in STATE_LINK.findall(item)]
    opened = f"<br><small class='links'>The dashboard set up for it ({'; '.join(links)})</small>" if links else ""
    return f"<li>{inline(item)}{opened}</li>"


def _ul(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{inline(i)}</li>" for i in items) + "</ul>"


def render_guide(outline: Outline, lesson: gdata.Lesson, questions: list[gdata.Question],
                 catalogue: gdata.Catalogue) -> str:
    """The teacher's guide: objectives, 45-minute plan, slides, prompts, misconceptions, answer key."""
    present = (f"<p class='meta'>Present it: <code>voila notebooks/</code>, then open "
               f"<code>{outline.stem}.ipynb#slides</code> (or <em>Present as slides</em> on the page).</p>")
    parts = [present]
    parts.append("<h2>Learning objectives</h2><p>Students will</p>" + _ul(outline.objectives))
    rows, clock = [], 0
    for seg in lesson.timing:
        rows.append(f"<tr><td>{clock}–{clock + seg.minutes} min</td><td>{inline(seg.activity)}</td></tr>")
        clock += seg.minutes
    parts.append("<h2>A 45-minute lesson</h2><table><thead><tr><th>Time</th><th>Activity</th></tr></thead>"
                 f"<tbody>{''.join(rows)}</tbody></table>")
    parts.append("<h2>Slides (one per section of the chapter)</h2><ol>"
                 + "".join(f"<li>{inline(s)}</li>" for s in [outline.title, *outline.sections]) + "</ol>")
    for section, items in outline.activities:
        parts.append(f"<h2>{_activity_title(section)}</h2><ol>"
                     + "".join(_activity(outline.stem, i) for i in items) + "</ol>")
    parts.append("<h2>Discussion prompts</h2>" + _ul(lesson.discussion))
    cited: list[str] = []
    rows = []
    for m in lesson.misconceptions:
        evidence = "<br>".join(
            f"{grade_badge(catalogue.record(rid).grade)} "
            f"<small>{source_links(catalogue, catalogue.record(rid).sources)}</small>" for rid in m.about
        )
        cited += m.about
        rows.append(f"<tr><td>{inline(m.belief)}</td><td>{inline(m.correction)}</td><td>{evidence}</td></tr>")
    parts.append("<h2>Common misconceptions</h2><table><thead><tr><th>Students may think</th>"
                 "<th>What the evidence says</th><th>Evidence</th></tr></thead>"
                 f"<tbody>{''.join(rows)}</tbody></table>")
    keys = []
    for n, q in enumerate(questions, 1):
        cited += q.about
        task = f"<p class='task'>Try it first: {inline(q.task)}</p>" if q.task else ""
        shown = q.shown_choices  # the order of the worksheet and the page
        choices = "".join(
            f"<li class='{'right' if c.correct else ''}'>{LETTERS[k]}. {inline(c.text)}"
            f"{' (correct)' if c.correct else ''}<br><small>{inline(c.feedback)}</small></li>"
            for k, c in enumerate(shown)
        )
        answer = (f"<p class='answer'><strong>Answer:</strong> {LETTERS[q.shown_answer]}. "
                  f"{inline(shown[q.shown_answer].text)}</p>")
        keys.append(f"<div class='question'><p><strong>{n}. {inline(q.prompt)}</strong></p>{task}"
                    f"{answer}<ul>{choices}</ul></div>")
    parts.append("<h2>Answer key: check your understanding</h2>" + "".join(keys))
    parts.append("<h2>Summary (as in the chapter)</h2>" + _ul(outline.summary))
    sources = catalogue.cited(list(dict.fromkeys(cited)))
    parts.append("<h2>Sources for the corrections and answers</h2><ol>" + "".join(
        f"<li>{html.escape(s.citation)} <a href='{html.escape(s.link)}'>{html.escape(s.link)}</a></li>"
        for s in sources) + "</ol>")
    return _page(outline.title, "Teacher's guide", "".join(parts))


def render_worksheet(outline: Outline, questions: list[gdata.Question], catalogue: gdata.Catalogue) -> str:
    """The student worksheet: objectives, words to know, activities and questions, no answers."""
    lines = "<div class='lines'></div>" * 2
    parts = ["<p>Name: ______________________ &nbsp; Date: ____________</p>",
             "<h2>In this lesson you will</h2>" + _ul(outline.objectives)]
    terms = terms_in(outline.text, catalogue)
    parts.append("<h2>Words to know</h2><dl>" + "".join(
        f"<dt>{html.escape(t.term)}</dt><dd>{html.escape(t.definition)}</dd>" for t in terms) + "</dl>")
    for section, items in outline.activities:
        parts.append(f"<h2>{_activity_title(section)}</h2><p>Use the dashboard; write what you see and why.</p>"
                     + "".join(f"<div class='question'><p>{k}. {inline(i)}</p>{lines}</div>"
                               for k, i in enumerate(items, 1)))
    qs = []
    for n, q in enumerate(questions, 1):
        task = f"<p class='task'>Try it first: {inline(q.task)}</p>" if q.task else ""
        choices = "".join(f"<p class='choice'>☐ {LETTERS[k]}. {inline(c.text)}</p>"
                          for k, c in enumerate(q.shown_choices))
        qs.append(f"<div class='question'><p><strong>{n}. {inline(q.prompt)}</strong></p>{task}{choices}"
                  f"<p>Why?</p>{lines}</div>")
    parts.append("<h2>Check your understanding</h2>" + "".join(qs))
    parts.append("<h2>To finish</h2><p>One thing I learned:</p>" + lines + "<p>One question I still have:</p>" + lines)
    return _page(outline.title, "Student worksheet", "".join(parts))


def print_pdf(html_path: Path, pdf_path: Path) -> None:
    """Print an HTML file to PDF with headless Chromium (no header or footer)."""
    from ..testtools.testing import CHROMIUM, CHROMIUM_ARGS

    cmd = [CHROMIUM, "--headless", *CHROMIUM_ARGS, "--no-pdf-header-footer",
           f"--print-to-pdf={pdf_path}", html_path.resolve().as_uri()]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0 or not pdf_path.is_file():
        raise RuntimeError(f"Chromium could not print {html_path.name}: {result.stderr[-800:]}")


def build(out_dir: Path, pdf: bool = True, notebooks: Path = NOTEBOOKS,
          catalogue: gdata.Catalogue | None = None) -> list[Path]:
    """Write a teacher's guide and a worksheet (HTML, and PDF unless ``pdf=False``) per chapter.

    Raises ValueError naming a chapter that lacks a lesson record or questions.
    """
    cat = catalogue or gdata.load()
    out_dir.mkdir(parents=True, exist_ok=True)
    lessons = cat.of_kind("lessons")
    written: list[Path] = []
    links, to_print = [], []
    for path in sorted(notebooks.glob("[0-9][0-9]_*.ipynb")):
        outline = chapter_outline(path)
        if path.stem not in lessons:
            raise ValueError(f"{path.name}: no lesson record with id {path.stem!r} in data/lessons.yaml")
        questions = [q for q in cat.of_kind("questions").values() if q.chapter == path.stem]  # type: ignore[attr-defined]
        if not questions:
            raise ValueError(f"{path.name}: no questions with chapter {path.stem!r} in data/quizzes.yaml")
        pages = {
            "teacher-guide": render_guide(outline, lessons[path.stem], questions, cat),  # type: ignore[arg-type]
            "worksheet": render_worksheet(outline, questions, cat),
        }
        row = []
        for kind, text in pages.items():
            target = out_dir / f"{path.stem}-{kind}.html"
            target.write_text(text, encoding="utf-8")
            written.append(target)
            row.append(f"<a href='{target.name}'>{kind.replace('-', ' ')} (HTML)</a>")
            if pdf:
                to_print.append(target)
                written.append(target.with_suffix(".pdf"))
                row.append(f"<a href='{target.with_suffix('.pdf').name}'>PDF</a>")
        links.append(f"<li>{inline(outline.title)}: {' · '.join(row)}</li>")
    with ThreadPoolExecutor(max_workers=3) as pool:  # a few Chromiums at once: most time is start-up
        list(pool.map(lambda p: print_pdf(p, p.with_suffix(".pdf")), to_print))
    index = out_dir / "index.html"
    index.write_text(_page("Teacher's guides and worksheets", "Classroom", f"<ul>{''.join(links)}</ul>"),
                     encoding="utf-8")
    return [index, *written]


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m gutwidgets.classroom build OUT_DIR [--no-pdf]``."""
    parser = argparse.ArgumentParser(prog="python -m gutwidgets.classroom", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="write teacher's guides and worksheets (HTML and PDF)")
    b.add_argument("out_dir", type=Path, nargs="?", default=Path("docs/classroom"))
    b.add_argument("--no-pdf", action="store_true", help="HTML only (no Chromium needed)")
    args = parser.parse_args(argv)
    files = build(args.out_dir, pdf=not args.no_pdf)
    print(f"wrote {len(files)} files to {args.out_dir}/ (open index.html)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
