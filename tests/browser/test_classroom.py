"""The classroom layer in a real browser, offline: access audit, Tab order, projector, slides, quiz.

axe-core comes from npm (``tests/browser/npm``, installed by ``.ci/run``), never from a CDN; the
audit fails, rather than skips, when it is missing.
"""

from __future__ import annotations

import json
import re

import pytest

from gutwidgets.publishing.classroom import chapter_outline
from gutwidgets.testtools.testing import PageWatch

from ..conftest import NOTEBOOKS, ROOT

pytestmark = pytest.mark.browser

NOTEBOOK_NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
CHAPTER_NAMES = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
AXE_JS = ROOT / "tests" / "browser" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
CONTROLS = (
    "button:not([disabled]), a[href], input:not([type=hidden]):not([disabled]), select:not([disabled]),"
    " textarea, [role=slider], [tabindex]:not([tabindex='-1'])"
)


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is not installed: run `npm install --prefix {AXE_JS.parents[2]}` (done by .ci/run)")
    return AXE_JS.read_text(encoding="utf-8")


def _open(page, voila, name: str, fragment: str = "") -> PageWatch:
    watch = PageWatch(page)
    page.goto(voila.url + f"voila/render/{name}{fragment}", wait_until="domcontentloaded")
    page.wait_for_selector("body[data-gw-classroom=ready]", timeout=90_000)
    page.wait_for_timeout(2500)  # widgets render after the cells
    return watch


def _axe(page, axe_source: str, options: dict | None = None) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source)
    return page.evaluate(
        """async (options) => (await axe.run(document, options)).violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary)}))""",
        options or {"resultTypes": ["violations"]},
    )


def _serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


# Focus is visible if the focused element has an outline or shadow, or if it (or what it
# contains: an SVG row that thickens its own border, say) looks different from before it had focus.
LOOK = """(el) => [el, ...el.querySelectorAll('*')].slice(0, 30).map(k => { const c = getComputedStyle(k);
    return [c.stroke, c.strokeWidth, c.outlineStyle, c.boxShadow, c.backgroundColor, c.borderColor].join();
    }).join('|')"""
VISIBLE_FOCUS = f"""(el) => {{
    const cs = getComputedStyle(el);
    if ((cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none') return true;
    return ({LOOK})(el) !== el.gwLook;
}}"""


def _tab_through(page, limit: int = 400) -> tuple[int, list[str], list[str]]:
    """Press Tab until focus comes back round: the number of stops, controls never reached, and
    stops whose focus cannot be seen."""
    page.evaluate(f"""() => document.querySelectorAll("{CONTROLS}").forEach((el, i) => {{
        const box = el.getBoundingClientRect();
        const shown = box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
        if (shown) el.dataset.gwControl = String(i);
        el.gwLook = ({LOOK})(el);
    }})""")
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    stops, invisible = 0, []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops += 1
        tag = page.evaluate(f"""() => {{ const el = document.activeElement;
            if (!el || el === document.body) return 'body';
            if (el.dataset.gwTabbed) return 'again';
            el.dataset.gwTabbed = '1';
            return ({VISIBLE_FOCUS})(el) ? 'new' : 'invisible: ' + el.outerHTML.slice(0, 160); }}""")
        if tag in ("again", "body") and stops > 1:
            break
        if tag.startswith("invisible"):
            invisible.append(tag)
    missed = page.evaluate("""() => [...document.querySelectorAll('[data-gw-control]:not([data-gw-tabbed])')]
        .map(el => el.outerHTML.slice(0, 160))""")
    return stops, missed, invisible


@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_access_audit_tab_order_and_projector(page, voila, name, axe_source):
    watch = _open(page, voila, name)
    # 1. axe-core, WCAG 2.x A/AA rules and best practices: nothing serious or critical.
    serious = _serious(_axe(page, axe_source))
    assert not serious, json.dumps(serious, indent=1)
    # 2. Every visible control is reached by Tab, and focus is visible on each.
    stops, missed, invisible = _tab_through(page)
    assert not missed, f"{len(missed)} controls not reached by Tab in {stops} presses:\n" + "\n".join(missed)
    assert not invisible, "focus not visible on:\n" + "\n".join(invisible)
    # 3. The projector switch changes fonts and colours, on the page and in the widgets.
    plot_fonts = ("() => JSON.stringify([...document.querySelectorAll('.js-plotly-plot')]"
                  ".map(g => [g.layout.font && g.layout.font.size, (g.data[0] || {}).line]))")
    fonts_before = page.evaluate(plot_fonts)
    text_style = ("() => { const c = getComputedStyle(document.querySelector('.jp-RenderedMarkdown p'));"
                  " return [c.fontSize, c.color]; }")
    before, colour_before = page.evaluate(text_style)
    toggle = page.locator(".gw-projector-toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("body.gw-theme-projector")
    assert toggle.get_attribute("aria-pressed") == "true"
    after, colour_after = page.evaluate(text_style)
    assert float(after.rstrip("px")) >= 1.3 * float(before.rstrip("px")), (before, after)
    assert colour_after == "rgb(0, 0, 0)" and colour_after != colour_before, (colour_before, colour_after)
    page.wait_for_function("() => document.body.dataset.gwThemedWidgets !== undefined", timeout=10_000)
    if page.locator(".js-plotly-plot").count():
        assert int(page.get_attribute("body", "data-gw-themed-widgets")) > 0, "no widget took the projector theme"
        # The kernel redraws every plot with the projector's larger fonts and thicker lines.
        page.wait_for_function(f"() => ({plot_fonts})() !== {json.dumps(fonts_before)}", timeout=20_000)
    page.wait_for_timeout(1500)
    # 4. In projector mode, text contrast is at least 7:1 (WCAG AAA 'enhanced' contrast rule).
    enhanced = _axe(page, axe_source, {"runOnly": {"type": "rule", "values": ["color-contrast-enhanced"]}})
    assert not enhanced, json.dumps(enhanced, indent=1)
    # The choice is remembered for the next page, and the switch turns it off again.
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector("body.gw-theme-projector[data-gw-classroom=ready]", timeout=90_000)
    page.click(".gw-projector-toggle")
    page.wait_for_function("() => !document.body.classList.contains('gw-theme-projector')")
    assert not watch.problems(), watch.problems()


@pytest.mark.parametrize("name", CHAPTER_NAMES)
def test_presentation_mode_steps_through_every_slide_offline(page, voila, name):
    watch = _open(page, voila, name, "#slides")
    page.wait_for_selector("body.gw-slides[data-gw-slide='1']")
    total = int(page.get_attribute("body", "data-gw-slides"))
    assert total >= 5, f"{name}: only {total} slides"
    # The deck is the chapter itself: a title slide, then one slide per ## or ### section,
    # exactly the slide list printed in the teacher's guide.
    assert total == 1 + len(chapter_outline(NOTEBOOKS / name).sections)
    code_visible = page.evaluate(
        "() => [...document.querySelectorAll('.jp-InputArea-editor')].some(e => e.offsetParent)")
    assert not code_visible, "slides must not show code"
    seen_widgets = 0
    for number in range(1, total + 1):
        page.wait_for_selector(f"body[data-gw-slide='{number}']")
        visible = page.evaluate("""() => [...document.querySelectorAll('[cell-index]')]
            .filter(c => !c.classList.contains('gw-slide-hidden')).length""")
        assert visible >= 1
        seen_widgets += page.evaluate(
            "() => [...document.querySelectorAll('.jupyter-widgets')].filter(e => e.offsetParent).length")
        assert f"Slide {number} of {total}" in page.inner_text(".gw-slide-counter")
        page.keyboard.press("PageDown" if number % 2 else "ArrowRight")
    assert page.get_attribute("body", "data-gw-slide") == str(total), "stepping past the end stays on the last slide"
    assert seen_widgets > 0, "the slides show live widgets"
    page.keyboard.press("Home")
    page.wait_for_selector("body[data-gw-slide='1']")
    page.keyboard.press("End")
    page.wait_for_selector(f"body[data-gw-slide='{total}']")
    page.keyboard.press("PageUp")
    page.wait_for_selector(f"body[data-gw-slide='{total - 1}']")
    assert not watch.external_requests, watch.external_requests
    assert not watch.problems(), watch.problems()


def feedback_snippets(catalogue, chapter: str) -> list[str]:
    """A long plain stretch (no quotes, slashes or other characters a page or JSON might escape) of
    the feedback of every choice of a chapter's questions."""
    return [max(re.split(r"[^A-Za-z0-9 ,.;:()-]+", c.feedback), key=len)
            for q in catalogue.of_kind("questions").values() if q.chapter == chapter for c in q.choices]


def quiz_leaks(text: str, catalogue, chapter: str) -> list[str]:
    """What ``text`` (a page, its stored widget state, websocket frames) gives away before a choice:
    any choice's feedback, or a choice's correctness as a JSON key."""
    found = [s for s in feedback_snippets(catalogue, chapter) if s in text]
    return found + re.findall(r'"correct"\s*:\s*\w+', text)


def quiz_doms(page) -> list[str]:
    """The quizzes as drawn: every element and attribute."""
    return page.locator(".gw-quiz").evaluate_all("els => els.map(e => e.outerHTML)")


def shown_choice(question_box, catalogue, right: bool) -> tuple[int, str]:
    """Where a question's right (or a wrong) choice is shown, found by its text, and its feedback."""
    record = catalogue.of_kind("questions")[question_box.get_attribute("data-question")]
    texts = question_box.locator(".gw-choice").all_inner_texts()
    choice = next(c for c in record.choices if c.correct is right)
    return texts.index(choice.text), choice.feedback


def test_quiz_gives_nothing_away_until_a_choice_and_the_kernel_answers(page, voila, catalogue):
    frames: list[str] = []  # everything the kernel sends to the page
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: frames.append(
        p if isinstance(p, str) else p.decode("utf-8", "replace"))))
    watch = _open(page, voila, "01_the_barrier.ipynb")
    page.wait_for_selector(".gw-quiz .gw-choice")
    synced = "".join(frames)
    assert re.search(r'"questions"\s*:\s*\[\{"id"', synced), "the quiz state was not seen on the websocket"
    assert re.search(r'"sealed"\s*:\s*\{\}', synced), "a live page should get choice texts only"
    assert quiz_leaks(synced + page.content(), catalogue, "01_the_barrier") == []
    assert all("correct" not in dom.lower() for dom in quiz_doms(page))
    question = page.locator(".gw-question").first
    question.scroll_into_view_if_needed()
    choices = question.locator(".gw-choice")
    feedback = question.locator(".gw-feedback")
    assert feedback.get_attribute("aria-live") == "polite" and feedback.get_attribute("role") == "status"
    wrong, wrong_text = shown_choice(question, catalogue, right=False)
    right, right_text = shown_choice(question, catalogue, right=True)
    sent_before = len(frames)
    choices.nth(wrong).click()  # a wrong answer: the kernel says why it is wrong
    page.wait_for_function("(el) => el.textContent.includes('Not quite')", arg=feedback.element_handle(),
                           timeout=15_000)
    assert wrong_text in " ".join(feedback.inner_text().split())
    assert choices.nth(wrong).get_attribute("aria-pressed") == "true"
    assert question.get_attribute("data-state") == "wrong"
    reply = "".join(frames[sent_before:])
    assert wrong_text[:60] in reply and right_text[:60] not in reply, "the reply carries the chosen choice only"
    choices.nth(right).focus()  # the right one, by keyboard
    page.keyboard.press("Enter")
    page.wait_for_function("(el) => el.textContent.startsWith('✓ Correct')", arg=feedback.element_handle(),
                           timeout=15_000)
    assert right_text in " ".join(feedback.inner_text().split())
    assert question.get_attribute("data-state") == "correct"
    assert choices.nth(wrong).get_attribute("aria-pressed") == "false"
    page.click(".gw-quiz-reset")
    assert feedback.inner_text() == "" and question.get_attribute("data-state") is None
    assert not watch.problems(), watch.problems()


def test_glossary_definitions(page, voila):
    watch = _open(page, voila, "01_the_barrier.ipynb")
    # Glossary: terms in the text are marked, and keyboard focus shows the definition.
    page.wait_for_selector("body[data-gw-terms]", timeout=25_000)
    assert int(page.get_attribute("body", "data-gw-terms")) >= 10
    term = page.locator(".jp-MarkdownCell dfn.gw-term[data-term='term_tight_junction']").first
    tip = page.locator(f"#{term.get_attribute('aria-describedby')}")
    assert not tip.is_visible()
    term.focus()
    assert tip.is_visible() and "tight junction:" in tip.inner_text()
    assert not watch.problems(), watch.problems()


def test_landing_page_links_every_chapter_as_slides():
    import nbformat

    text = "\n".join(c.source for c in nbformat.read(NOTEBOOKS / "index.ipynb", as_version=4).cells)
    for name in CHAPTER_NAMES:
        assert f"({name}#slides)" in text, f"the landing page lacks a slides link for {name}"
    assert "(glossary.ipynb)" in text
