"""Static HTML pages of the chapters: no server, no kernel, no internet.

    python -m gutwidgets.export build site/        # then open site/index.html (file:// or any web host)

Each notebook (the landing page, every chapter, the glossary) is executed once on a fresh kernel
by nbclient with the widget state stored, then written by nbconvert's HTML exporter without code
(like the dashboards), one page per notebook, with links between them pointing at the exported
pages. The state of every widget is embedded in its page, and a widget renderer built from
ipywidgets' own model and view classes and anywidget's front end (``assets/widgets/``, built from
``tools/widget_manager/``) draws the widgets from it as soon as the page is parsed. Every script a
page loads is copied into ``site/assets/``: that renderer, plotly.js (basic bundle, loaded when the
first plot draws) and, on pages with formulas, MathJax (loaded once the widgets have drawn, so
neither holds up the controls). Nothing comes from a CDN.

Dashboards that compute in the page (``Dashboard.IN_PAGE``: chapters 1 and 2) work in full: their
page controller reads the controls and runs the browser model. Elsewhere, without a kernel
nothing can recompute a model. Every page says so in a banner at the top, names what works
(anything drawn and run in the browser: dashboards computing in the page, hovering plots,
animations, evidence panels, quiz feedback) and which controls need a live kernel; those controls
are shown greyed out with a dashed outline, at the values the page was exported with.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__

__all__ = [
    "ASSETS",
    "Control",
    "ExportError",
    "build",
    "find_notebooks",
    "kernel_controls",
    "main",
    "page_driven",
    "page_features",
]

PACKAGE = Path(__file__).resolve().parents[1]
REPO = PACKAGE.parent
NOTEBOOKS = REPO / "notebooks"
EXPORT_ASSETS = PACKAGE / "export_assets"
VENDOR = EXPORT_ASSETS / "vendor"
#: The widget renderer's entry in VERSIONS.json (its files are in VENDOR / "widgets").
WIDGET_MANAGER = "gutwidgets-widget-manager"
TEMPLATES = EXPORT_ASSETS / "templates"
TEMPLATE_NAME = "gutwidgets_static"
PLOTLY = PACKAGE / "static" / "plotly-basic.min.js"

#: The folder, beside the pages, that holds every script and stylesheet they load.
ASSETS = "assets"
#: Written into every export folder, so a rebuild may overwrite it (and nothing else is touched).
MARKER = ".gutwidgets-export"

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
NEEDS_KERNEL_CLASS = "gw-needs-kernel"
NEEDS_KERNEL_TIP = "Needs a live kernel: this copy shows the value it was exported with."

#: ipywidgets controls that only display or arrange (they work without a kernel).
_NOT_CONTROLS = {
    "HTMLModel", "HTMLMathModel", "LabelModel", "ImageModel", "AudioModel", "VideoModel",
    "BoxModel", "HBoxModel", "VBoxModel", "GridBoxModel", "AccordionModel", "TabModel", "StackModel",
    "IntProgressModel", "FloatProgressModel", "ValidModel", "LinkModel", "DirectionalLinkModel",
}
_KINDS = {
    "button": ("ButtonModel",),
    "check box": ("CheckboxModel", "ToggleButtonModel"),
    "slider": ("FloatSliderModel", "IntSliderModel", "FloatLogSliderModel", "SelectionSliderModel",
               "FloatRangeSliderModel", "IntRangeSliderModel", "SelectionRangeSliderModel"),
    "menu": ("DropdownModel", "SelectModel", "SelectMultipleModel"),
    "button group": ("RadioButtonsModel", "ToggleButtonsModel"),
}

#: What still works in the browser, per front-end widget (anywidget class name).
_FEATURES = {
    "plot": "plots: point at a line or marker to read its values, drag to zoom, double-click to zoom back out",
    "BarrierPage": "every control of the barrier explorer: its model runs in this page",
    "JunctionPage": "every control of the junction explorer: its model runs in this page",
    "CrossSection": "the cross-section animation: Play, Pause, Restart and its Speed menu",
    "JunctionZipper": "the tight-junction animation: Play and Pause",
    "LpsFlow": "the LPS animation: Play and Pause",
    "CauseChain": "the cause chains: point at (or tab to) a cause to read what kind of study shows it",
    "EvidenceLadder": "the evidence ladder: point at (or tab to) a strategy to read its evidence and open its sources",
    "EvidenceMap": "the evidence map: point at a condition to read what was found",
    "Quiz": "the questions: choose an answer to read at once why it is right or wrong",
}


class ExportError(Exception):
    """Something the user can fix: a bad folder, a missing notebook, a failing cell."""


@dataclass
class Control:
    """A widget control whose change needs the kernel (it recomputes a model)."""

    kind: str
    label: str


@dataclass
class Page:
    """One notebook to export."""

    name: str
    source: Path
    nb: object = None
    controls: list[Control] = field(default_factory=list)
    features: list[str] = field(default_factory=list)
    #: How many controls compute in the page (they work in the static copy).
    in_page: int = 0
    #: Whether the page has formulas that need MathJax (simple ones are set as HTML).
    maths: bool = False


# -- finding and checking -------------------------------------------------------------------
def find_notebooks(folder: Path = NOTEBOOKS, names: list[str] | None = None) -> list[Path]:
    """The notebooks to export, landing page first, chapters in order, glossary last.

    ``names`` (stems such as ``01_the_barrier``, or file names) picks some of them.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ExportError(f"notebook folder not found: {folder} (give the folder that holds index.ipynb)")
    found = {p.stem: p for p in folder.glob("*.ipynb")}
    order = ["index", *sorted(s for s in found if re.match(r"\d\d_", s)), "glossary"]
    available = [s for s in order if s in found]
    if not names:
        missing = [f"{s}.ipynb" for s in ("index", "glossary") if s not in found]
        if not any(re.match(r"\d\d_", s) for s in found):
            missing.append("chapters (NN_topic.ipynb)")
        if missing:
            raise ExportError(f"{folder} is missing {', '.join(missing)}; the export needs the landing page "
                              "index.ipynb, the chapters NN_topic.ipynb and glossary.ipynb")
        return [found[s] for s in available]
    picked = []
    for name in names:
        stem = Path(name).stem if name.endswith(".ipynb") else name
        if stem not in available:
            raise ExportError(f"no notebook {stem}.ipynb in {folder}; available: {', '.join(available)}")
        if found[stem] not in picked:
            picked.append(found[stem])
    return picked


def check_tools() -> None:
    """nbclient runs the notebooks and nbconvert writes the pages: both must be installed."""
    import importlib.util

    missing = [m for m in ("nbclient", "nbconvert", "nbformat") if importlib.util.find_spec(m) is None]
    if missing:
        raise ExportError(f"the export needs {', '.join(missing)}: pip install \"gutwidgets[export]\" "
                          "(in a checkout: pip install -e \".[export]\")")


def prepare_output(out_dir: Path) -> Path:
    """Create the output folder, or reuse one that holds a previous export; refuse anything else."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"output folder {out_dir} is a file; give a new or empty folder (or a previous export)")
    if out_dir.is_dir():
        entries = [p.name for p in out_dir.iterdir()]
        if entries and MARKER not in entries:
            shown = ", ".join(sorted(entries)[:5]) + (", ..." if len(entries) > 5 else "")
            raise ExportError(f"output folder {out_dir} is not empty ({shown}) and is not a previous export; "
                              "give a new or empty folder, so nothing of yours is overwritten")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / MARKER).write_text(f"written by python -m gutwidgets.export (gutwidgets {__version__})\n")
    except OSError as exc:
        raise ExportError(f"cannot write to output folder {out_dir}: {exc.strerror or exc}") from None
    return out_dir


def check_vendored() -> dict:
    """The vendored scripts' manifest; every file must be present and unchanged."""
    manifest_path = VENDOR / "VERSIONS.json"
    if not manifest_path.is_file():
        raise ExportError(f"the export's scripts are missing from the package ({VENDOR}); "
                          "reinstall gutwidgets, or run python tools/refresh_export_js.py in a checkout")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for package, info in manifest.items():
        for rel in info["files"]:
            if not (VENDOR / rel).is_file():
                raise ExportError(f"{package} {info['version']}: {rel} is missing from {VENDOR}; "
                                  "run python tools/refresh_export_js.py in a checkout")
    try:
        import anywidget

        installed = ".".join(anywidget.__version__.split(".")[:2])
        bundled = manifest[WIDGET_MANAGER]["bundles"]["anywidget"]
        vendored = ".".join(bundled.split(".")[:2])
        if installed != vendored:
            warnings.warn(f"anywidget {anywidget.__version__} is installed but the export ships its front end "
                          f"{bundled}; the pages' widgets may not draw. Pin anywidget "
                          f"{vendored}.x or refresh the scripts (tools/refresh_export_js.py).", stacklevel=2)
    except ImportError:
        pass
    return manifest


# -- execution ------------------------------------------------------------------------------
#: Kernel start-ups tried per notebook: a start can fail for reasons outside the notebook (for
#: example a port taken by another program in the instant between choosing and binding it).
KERNEL_STARTS = 3


def _kernel_env() -> dict[str, str]:
    """The exporting kernels' environment: this process's, with quizzes in ``sealed`` mode (a static
    page has no kernel to ask), even when the export itself runs inside a Voila or Jupyter kernel."""
    from ..views.quiz import LIVE_PAGE_ENV, MODE_ENV

    env = {k: v for k, v in os.environ.items() if k not in LIVE_PAGE_ENV}
    env[MODE_ENV] = "sealed"
    return env


async def _execute_one(page: Page, kernel: str | None, timeout: int, log_dir: Path, gate: asyncio.Semaphore) -> None:
    import atexit

    import nbformat
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    async with gate:
        for attempt in range(1, KERNEL_STARTS + 1):
            nb = nbformat.read(page.source, as_version=4)
            client = NotebookClient(
                nb, timeout=timeout, kernel_name=kernel or "", store_widget_state=True,
                resources={"metadata": {"path": str(page.source.parent)}},
            )
            log_path = log_dir / f"{page.name}-{attempt}.log"
            with open(log_path, "wb") as log:  # the kernel's own messages: shown only if it fails
                try:
                    await client.async_execute(stdout=log, stderr=log, env=_kernel_env())
                    break
                except CellExecutionError as exc:
                    failed = next((c.source for c in nb.cells if c.cell_type == "code" and any(
                        o.get("output_type") == "error" for o in c.get("outputs", []))), "")
                    raise ExportError(f"{page.source.name}: a cell failed while executing, so no page was "
                                      f"written.\n{exc.ename}: {exc.evalue}\nin the cell:\n{failed}") from None
                except CellTimeoutError:
                    raise ExportError(f"{page.source.name}: a cell ran longer than {timeout} s "
                                      "(raise --timeout if this machine is slow)") from None
                except NoSuchKernel as exc:
                    raise ExportError(f"{page.source.name}: no kernel named {exc.name!r} is installed "
                                      "(see jupyter kernelspec list, or pass --kernel NAME)") from None
                except Exception as exc:  # the kernel did not start, or died
                    atexit.unregister(client._cleanup_kernel)  # nbclient leaves it registered on a failed start
                    if client.code_cells_executed == 0 and attempt < KERNEL_STARTS:
                        continue
                    tail = log_path.read_text(errors="replace")[-2000:].partition("\n")[2]
                    raise ExportError(f"{page.source.name}: the kernel failed ({type(exc).__name__}: {exc})"
                                      + (f"\nkernel output:\n{tail}" if tail.strip() else "")) from None
        page.nb = nb


def execute(pages: list[Page], *, jobs: int = 2, kernel: str | None = None, timeout: int = 300) -> None:
    """Run every notebook on its own fresh kernel (``jobs`` at a time), storing widget state."""

    async def run_all() -> None:
        gate = asyncio.Semaphore(max(1, jobs))
        with tempfile.TemporaryDirectory(prefix="gutwidgets-export-") as tmp:
            tasks = [asyncio.ensure_future(_execute_one(p, kernel, timeout, Path(tmp), gate)) for p in pages]
            try:
                await asyncio.gather(*tasks)
            finally:
                for t in tasks:
                    t.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)

    _run_to_end(run_all)


def _run_to_end(factory) -> None:
    """asyncio.run(factory()), also from code that already runs an event loop (a notebook, or a
    program driving a browser): there the coroutine runs on its own loop in a helper thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(factory())
        return
    failure: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(factory())
        except BaseException as exc:  # handed back to the caller below
            failure.append(exc)

    worker = threading.Thread(target=target, name="gutwidgets-export")
    worker.start()
    worker.join()
    if failure:
        raise failure[0]


# -- what works without a kernel ------------------------------------------------------------
def widget_state(nb: object) -> dict:
    """The stored widget models of an executed notebook: model id -> model."""
    return nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})  # type: ignore[attr-defined]


def _kind(model_name: str) -> str:
    for kind, names in _KINDS.items():
        if model_name in names:
            return kind
    return "control"


def page_driven(state: dict) -> set[str]:
    """Model ids of the controls a page controller reads (views/_page.py): their dashboard computes
    in the page, so they work in a static copy."""
    found = set()
    for model in state.values():
        s = model.get("state", {})
        if model.get("model_name") != "AnyModel" or not isinstance(s.get("controls"), dict):
            continue
        for spec in s["controls"].values():
            ref = spec.get("ref", "") if isinstance(spec, dict) else ""
            if isinstance(ref, str) and ref.startswith("anywidget:"):
                found.add(ref.removeprefix("anywidget:"))
    return found


def kernel_controls(state: dict, mark: bool = False) -> list[Control]:
    """The ipywidgets controls of a page that recompute a model through the kernel (every control
    but those a page controller reads: see :func:`page_driven`).

    With ``mark``, each is also disabled in the stored state, given the class
    ``gw-needs-kernel`` (a dashed outline) and a tooltip saying it needs a live kernel.
    """
    found = []
    in_page = page_driven(state)
    for model_id, model in state.items():
        s = model.get("state", {})
        name = model.get("model_name", "")
        if (model.get("model_module") != "@jupyter-widgets/controls" or name in _NOT_CONTROLS
                or name.endswith("StyleModel") or "disabled" not in s or model_id in in_page):
            continue
        label = (s.get("description") or "").strip()
        options = s.get("_options_labels") or []
        if options and (not label or len(label) < 12):
            label = f"{label} ({' / '.join(options)})".strip() if label else " / ".join(options)
        found.append(Control(_kind(name), label or (s.get("tooltip") or "").strip() or name[:-5]))
        if mark:
            s["disabled"] = True
            s["_dom_classes"] = [*s.get("_dom_classes", []), NEEDS_KERNEL_CLASS]
            tip = (s.get("tooltip") or "").strip()
            s["tooltip"] = f"{NEEDS_KERNEL_TIP} {tip}".strip()
    return found


def page_features(state: dict) -> list[str]:
    """What still works on the page without a kernel, one line per kind of front-end widget."""
    out: list[str] = []
    for model in state.values():
        if model.get("model_name") != "AnyModel":
            continue
        s = model.get("state", {})
        cls = str(s.get("_anywidget_id", "")).rsplit(".", 1)[-1]
        key = cls if cls in _FEATURES else ("plot" if "loadPlotly(" in str(s.get("_esm", "")) else "")
        text = _FEATURES.get(key, "the drawings, as they were exported")
        if text not in out:
            out.append(text)
    plot = _FEATURES["plot"]
    return sorted(out, key=lambda t: (t != plot, t.startswith("the questions")))


# -- the page -------------------------------------------------------------------------------
def banner_html(page: Page) -> str:
    """The note at the top of every exported page: a static copy, what works, what needs a kernel."""
    serve = ("serve the chapters with <code>voila notebooks/</code> from a copy of the project "
             "(or open them in JupyterLab)")
    parts = ["<aside class='gw-static-banner' role='note' aria-label='About this static copy'>",
             "<p><strong>Static copy: no Python is running behind this page.</strong> "]
    if page.controls:
        kinds = {}
        for c in page.controls:
            kinds[c.kind] = kinds.get(c.kind, 0) + 1
        counted = ", ".join(f"{n} {k}{'es' if k.endswith('x') and n > 1 else 's' if n > 1 else ''}"
                            for k, n in kinds.items())
        parts.append("Figures, animations and everything else drawn in the page work; controls that "
                     "recompute the model need a live Python kernel.</p>")
        if page.features:
            parts.append("<p><strong>Works here:</strong></p><ul class='gw-static-works'>"
                         + "".join(f"<li>{html.escape(f)}</li>" for f in page.features) + "</ul>")
        parts.append(
            f"<p><strong>Needs a live kernel:</strong> the {len(page.controls)} controls shown greyed out "
            f"with a dashed outline, <span class='gw-needs-kernel-sample'>like this</span> ({counted}). "
            "They show the settings this page was exported with, and the figures show the result of "
            f"those settings. To change them, {serve}.</p>")
        parts.append(f"<details class='gw-static-controls'><summary>Which controls ({len(page.controls)})</summary><ul>"
                     + "".join(f"<li>{html.escape(c.label)} <span class='gw-static-kind'>({c.kind})</span></li>"
                               for c in page.controls)
                     + "</ul></details>")
    elif page.in_page:
        parts.append(f"Every control on this page works here ({page.in_page} of them): the model behind "
                     "the dashboard runs in the page itself.</p>")
        if page.features:
            parts.append("<p><strong>Works here:</strong></p><ul class='gw-static-works'>"
                         + "".join(f"<li>{html.escape(f)}</li>" for f in page.features) + "</ul>")
        parts.append(f"<p>For Python behind the page (to program the widgets), {serve}.</p>")
    else:
        parts.append(
            "The chapters open as pages like this one. Their figures, animations, evidence panels and "
            "questions work in the browser; each chapter names the controls that need a live Python "
            f"kernel to recompute its model (to use them, {serve}). The served dashboards' projector "
            "mode, slides and glossary underlines are not part of this copy.</p>")
    parts.append("</aside>")
    return "".join(parts)


_MATH = re.compile(r"\$[^$\n]+\$|\\\(|\\\[|\$\$")


#: TeX commands for Greek letters that a simple inline formula may use, and their characters.
_GREEK = {name: chr(code) for name, code in [
    ("alpha", 0x3B1), ("beta", 0x3B2), ("gamma", 0x3B3), ("delta", 0x3B4), ("epsilon", 0x3B5),
    ("eta", 0x3B7), ("theta", 0x3B8), ("kappa", 0x3BA), ("lambda", 0x3BB), ("mu", 0x3BC),
    ("nu", 0x3BD), ("pi", 0x3C0), ("rho", 0x3C1), ("sigma", 0x3C3), ("tau", 0x3C4), ("phi", 0x3C6),
    ("chi", 0x3C7), ("psi", 0x3C8), ("omega", 0x3C9), ("Delta", 0x394), ("Omega", 0x3A9)]}
_SIMPLE_TOKEN = re.compile(r"\\([A-Za-z]+)|([A-Za-z])|([0-9]+(?:\.[0-9]+)?)|([=+\-/<>])|([(),])|(\s+)")
_INLINE = re.compile(r"(?<![\\$])\$([^$\n]+)\$(?!\$)")


def simple_formula_html(tex: str) -> str | None:
    """HTML for a simple inline formula (letters, Greek letters, numbers, ``= + - / < >``,
    brackets): variables in italics, operators spaced, as MathJax would set them. ``None`` for
    anything else (fractions, powers, indices...), which is left to MathJax."""
    out, pos = [], 0
    while pos < len(tex):
        m = _SIMPLE_TOKEN.match(tex, pos)
        if not m:
            return None
        command, letter, number, operator, bracket, _space = m.groups()
        if command is not None:
            if command not in _GREEK:
                return None
            out.append(f"<i>{_GREEK[command]}</i>")
        elif letter is not None:
            out.append(f"<i>{letter}</i>")
        elif number is not None:
            out.append(number)
        elif operator is not None:
            symbol = {"-": "\u2212", "<": "&lt;", ">": "&gt;"}.get(operator, operator)
            out.append(f"\u2009{symbol}\u2009")
        elif bracket is not None:
            out.append(bracket + (" " if bracket == "," else ""))
        pos = m.end()
    return f'<span class="gw-formula">{"".join(out)}</span>'


def inline_simple_formulas(markdown: str) -> str:
    """Replace each simple ``$...$`` formula of a Markdown text by its HTML (simple_formula_html);
    other formulas stay for MathJax. The static copy then loads MathJax (2 MB) only for pages
    with formulas that need it."""

    def repl(m: re.Match) -> str:
        html_text = simple_formula_html(m.group(1))
        return m.group(0) if html_text is None else html_text

    # Not inside code: split at code spans and fenced blocks, which keep their dollar signs.
    parts = re.split(r"(```.*?```|`[^`\n]*`)", markdown, flags=re.S)
    return "".join(p if i % 2 else _INLINE.sub(repl, p) for i, p in enumerate(parts))


def _has_maths(nb: object) -> bool:
    return any(c.cell_type == "markdown" and _MATH.search(c.source) for c in nb.cells)  # type: ignore[attr-defined]


def _title(nb: object, fallback: str) -> str:
    for cell in nb.cells:  # type: ignore[attr-defined]
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
            if m:
                return re.sub(r"[*_`]", "", m.group(1)).strip()
    return fallback


def _exporter():
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name=TEMPLATE_NAME, extra_template_basedirs=[str(TEMPLATES)])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.theme = "light"
    return exporter


def link_pages(text: str, names: set[str]) -> str:
    """Point links to notebooks (``01_the_barrier.ipynb``) at their exported pages.

    A ``#slides`` address (the dashboards' presentation mode) opens the page itself.
    """

    def repl(m: re.Match) -> str:
        stem, frag = m.group(2), m.group(3) or ""
        if stem not in names:
            return m.group(0)
        if frag.startswith("#slides"):
            frag = ""
        return f'{m.group(1)}{stem}.html{frag}"'

    return re.sub(r'(href=")(?:\./)?([\w.-]+)\.ipynb(#[^"]*)?"', repl, text)


def render(page: Page, exporter: object, names: set[str]) -> str:
    """One page's HTML (the notebook must have been executed)."""
    nb = page.nb
    nb.metadata["title"] = _title(nb, page.name)  # type: ignore[attr-defined]
    for cell in nb.cells:  # type: ignore[attr-defined]
        if cell.cell_type == "markdown":
            cell.source = inline_simple_formulas(cell.source)
    state = widget_state(nb)
    page.controls = kernel_controls(state, mark=True)
    page.in_page = len(page_driven(state))
    page.features = page_features(state)
    page.maths = _has_maths(nb)
    resources = {
        "metadata": {"name": page.name, "path": str(page.source.parent)},
        "gutwidgets": {
            "assets": ASSETS,
            "banner": banner_html(page),
            "plots": any("loadPlotly" in str(m.get("state", {}).get("_esm", "")) for m in state.values()),
            "maths": page.maths,
        },
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)  # type: ignore[attr-defined]
    return link_pages(body, names)


def theme_css() -> Path:
    """The dashboards' stylesheet (the gutwidgets Voila template), from a checkout or an install."""
    rel = Path("voila", "templates", "gutwidgets", "static", "gutwidgets.css")
    candidates = [REPO / "share" / "jupyter" / rel]
    try:
        from jupyter_core.paths import jupyter_path

        candidates += [Path(p) / rel for p in jupyter_path()]
    except ImportError:
        pass
    for path in candidates:
        if path.is_file():
            return path
    raise ExportError("the dashboards' stylesheet gutwidgets.css was not found (looked in "
                      + ", ".join(str(c.parent) for c in candidates) + "); reinstall gutwidgets")


def copy_assets(out_dir: Path, maths: bool = True) -> Path:
    """Copy every script and stylesheet the pages load into ``out_dir/assets`` (MathJax only if
    a page needs it: ``maths``)."""
    dest = out_dir / ASSETS
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(VENDOR, dest, ignore=None if maths else shutil.ignore_patterns("mathjax", "mathjax.LICENSE.txt"))
    shutil.copy2(PLOTLY, dest / PLOTLY.name)
    shutil.copy2(PLOTLY.with_name("plotly-basic.LICENSE.txt"), dest / "licenses" / "plotly-basic.LICENSE.txt")
    shutil.copy2(theme_css(), dest / "gutwidgets.css")
    for name in ("static-export.css", "static-export.js"):
        shutil.copy2(EXPORT_ASSETS / name, dest / name)
    return dest


def build(out_dir: Path, notebooks: Path = NOTEBOOKS, pages: list[str] | None = None, *,
          jobs: int = 2, kernel: str | None = None, timeout: int = 300) -> list[Path]:
    """Export the notebooks to ``out_dir``: one HTML page each, plus ``assets/``. Returns the pages."""
    sources = find_notebooks(notebooks, pages)
    check_tools()
    check_vendored()
    out_dir = prepare_output(out_dir)
    todo = [Page(p.stem, p) for p in sources]
    execute(todo, jobs=jobs, kernel=kernel, timeout=timeout)
    exporter = _exporter()
    names = {p.stem for p in Path(notebooks).glob("*.ipynb")}
    written = []
    for page in todo:
        path = out_dir / f"{page.name}.html"
        path.write_text(render(page, exporter, names), encoding="utf-8")
        written.append(path)
    copy_assets(out_dir, maths=any(page.maths for page in todo))
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m gutwidgets.export build OUT_DIR``."""
    parser = argparse.ArgumentParser(
        prog="python -m gutwidgets.export",
        description="Static HTML pages of the chapters, with widget state embedded and every script "
                    "local: open OUT_DIR/index.html from disk or any web host, no server or internet needed.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="build")
    b = sub.add_parser("build", help="execute the notebooks and write one HTML page each, plus assets/",
                       description="Execute each notebook (index, chapters, glossary) on a fresh kernel and "
                                   "write OUT_DIR/<name>.html for each, plus OUT_DIR/assets/.")
    b.add_argument("out_dir", type=Path, help="a new or empty folder, or a previous export (overwritten)")
    b.add_argument("--notebooks", type=Path, default=NOTEBOOKS, help=f"folder of the notebooks (default: {NOTEBOOKS})")
    b.add_argument("--pages", nargs="+", metavar="NAME", help="export only these notebooks, e.g. 01_the_barrier")
    b.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                   help="notebooks executed at once (default: 2, or 1 on a one-core machine)")
    b.add_argument("--kernel", help="kernel to execute with (default: each notebook's own)")
    b.add_argument("--timeout", type=int, default=300, help="seconds a cell may run (default: 300)")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be 1 or more; got {args.jobs}")
    if args.timeout < 1:
        parser.error(f"--timeout must be 1 second or more; got {args.timeout}")
    try:
        written = build(args.out_dir, args.notebooks, args.pages, jobs=args.jobs, kernel=args.kernel,
                        timeout=args.timeout)
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    index = args.out_dir / "index.html"
    print(f"wrote {len(written)} pages and {ASSETS}/ to {args.out_dir}/"
          + (f"; open {index}" if index in written else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
