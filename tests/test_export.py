"""The static export's command line and helpers, without a browser (the pages themselves are
tested in tests/browser/test_static_export.py)."""

from __future__ import annotations

import hashlib
import json

import nbformat
import pytest

from gutwidgets.publishing import export
from gutwidgets.publishing.export import ExportError, Page

from .conftest import NOTEBOOKS, ROOT


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = export.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_names_the_command_and_the_folder(capsys):
    with pytest.raises(SystemExit) as exc:
        export.main(["--help"])
    assert exc.value.code == 0
    assert "build" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        export.main(["build", "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    assert "out_dir" in text and "--pages" in text and "--jobs" in text


def test_output_folder_that_is_a_file_is_refused(tmp_path, capsys):
    target = tmp_path / "site"
    target.write_text("not a folder")
    code, _, err = _run(capsys, "build", str(target), "--pages", "index")
    assert code == 2
    assert f"output folder {target} is a file" in err
    assert target.read_text() == "not a folder"


def test_non_empty_folder_that_is_not_an_export_is_left_alone(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    code, _, err = _run(capsys, "build", str(tmp_path), "--pages", "index")
    assert code == 2
    assert "is not empty (notes.txt)" in err and "not a previous export" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_previous_export_may_be_overwritten(tmp_path):
    out = export.prepare_output(tmp_path / "site")
    (out / "index.html").write_text("old")
    assert export.prepare_output(out) == out
    assert (out / export.MARKER).is_file()


def test_unwritable_output_folder_is_named(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = _run(capsys, "build", str(blocker / "site"), "--pages", "index")
    assert code == 2 and f"cannot write to output folder {blocker / 'site'}" in err


def test_unknown_page_lists_the_available_ones(tmp_path, capsys):
    code, _, err = _run(capsys, "build", str(tmp_path / "site"), "--pages", "07_missing")
    assert code == 2
    assert "no notebook 07_missing.ipynb" in err
    assert "available: index, 01_the_barrier" in err and "glossary" in err
    assert not (tmp_path / "site").exists(), "nothing is written before the inputs are checked"


def test_missing_notebooks_are_named(tmp_path, capsys):
    (tmp_path / "01_intro.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()))
    code, _, err = _run(capsys, "build", str(tmp_path / "site"), "--notebooks", str(tmp_path))
    assert code == 2 and "missing index.ipynb, glossary.ipynb" in err
    (tmp_path / "01_intro.ipynb").unlink()
    with pytest.raises(ExportError, match=r"missing index\.ipynb, glossary\.ipynb, chapters \(NN_topic\.ipynb\)"):
        export.find_notebooks(tmp_path)
    with pytest.raises(ExportError, match="notebook folder not found"):
        export.find_notebooks(tmp_path / "nowhere")


def test_pages_come_in_reading_order():
    names = [p.stem for p in export.find_notebooks(NOTEBOOKS)]
    assert names[0] == "index" and names[-1] == "glossary"
    assert names[1:-1] == sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    assert [p.stem for p in export.find_notebooks(NOTEBOOKS, ["glossary.ipynb", "index"])] == ["glossary", "index"]


@pytest.mark.parametrize("flag,value,message", [("--jobs", "0", "--jobs must be 1 or more"),
                                                ("--timeout", "0", "--timeout must be 1 second or more")])
def test_bad_numbers_are_refused(tmp_path, capsys, flag, value, message):
    with pytest.raises(SystemExit) as exc:
        export.main(["build", str(tmp_path / "site"), flag, value])
    assert exc.value.code == 2 and message in capsys.readouterr().err


def test_a_failing_cell_names_the_notebook_and_the_error(tmp_path):
    for name in ("index", "01_intro", "glossary"):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}"),
                    nbformat.v4.new_code_cell("1 / 0" if name == "01_intro" else "1")]
        nbformat.write(nb, tmp_path / f"{name}.ipynb")
    with pytest.raises(ExportError) as exc:
        export.build(tmp_path / "site", notebooks=tmp_path, pages=["01_intro"], kernel="python3", timeout=60)
    assert "01_intro.ipynb: a cell failed" in str(exc.value) and "ZeroDivisionError" in str(exc.value)
    assert not list((tmp_path / "site").glob("*.html"))


def test_exported_quizzes_are_sealed_even_from_inside_a_live_kernel(tmp_path, monkeypatch):
    """Run from a Voila or JupyterLab kernel, the export's own kernels would inherit that kernel's
    environment and guess the live ("kernel") quiz mode: a static page has no kernel to ask."""
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    monkeypatch.setenv("GUTWIDGETS_QUIZ_MODE", "kernel")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "from gutwidgets.views.quiz import quiz_mode\nassert quiz_mode() == 'sealed', quiz_mode()")]
    nbformat.write(nb, tmp_path / "index.ipynb")
    export.build(tmp_path / "site", notebooks=tmp_path, pages=["index"], kernel="python3", timeout=60)
    assert (tmp_path / "site" / "index.html").is_file()


def test_unknown_kernel_is_named(tmp_path):
    with pytest.raises(ExportError, match="no kernel named 'no-such-kernel' is installed"):
        export.build(tmp_path / "site", pages=["index"], kernel="no-such-kernel")


def test_missing_tools_are_named(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "nbconvert" else real(name, *a))
    with pytest.raises(ExportError, match=r"needs nbconvert: pip install \"gutwidgets\[export\]\""):
        export.check_tools()


def _model(name: str, module: str = "@jupyter-widgets/controls", **state) -> dict:
    return {"model_name": name, "model_module": module, "state": state}


def test_kernel_controls_are_found_named_and_marked():
    state = {
        "a": _model("FloatSliderModel", description="Claudin-2 pores", disabled=False, tooltip="Pore route"),
        "b": _model("ButtonModel", description="Reset", disabled=False, _dom_classes=["gw-reset"]),
        "c": _model("ToggleButtonsModel", description="Show", disabled=False, _options_labels=["3 days", "90 days"]),
        "d": _model("HTMLModel", value="<p>text</p>"),
        "e": _model("SliderStyleModel", description_width="16em"),
        "f": _model("VBoxModel", children=[]),
        "g": _model("AnyModel", module="anywidget", _esm="export default {}"),
        "h": _model("LayoutModel", module="@jupyter-widgets/base"),
        "i": _model("CheckboxModel", description="", disabled=True, tooltip="Heavy alcohol use"),
    }
    found = export.kernel_controls(state, mark=True)
    assert [(c.kind, c.label) for c in found] == [
        ("slider", "Claudin-2 pores"), ("button", "Reset"), ("button group", "Show (3 days / 90 days)"),
        ("check box", "Heavy alcohol use")]
    for key in "abci":
        s = state[key]["state"]
        assert s["disabled"] is True and export.NEEDS_KERNEL_CLASS in s["_dom_classes"]
        assert s["tooltip"].startswith("Needs a live kernel")
    assert state["a"]["state"]["tooltip"].endswith("Pore route")
    assert state["b"]["state"]["_dom_classes"] == ["gw-reset", export.NEEDS_KERNEL_CLASS]
    assert "disabled" not in state["d"]["state"] and "_dom_classes" not in state["g"]["state"]


def test_controls_a_page_controller_reads_stay_live_and_the_rest_are_marked():
    state = {
        "s1": _model("FloatSliderModel", description="Leak route", disabled=False),
        "s2": _model("FloatSliderModel", description="Calcium", disabled=False),
        "k": _model("CheckboxModel", description="NSAIDs", disabled=False),
        "page": _model("AnyModel", module="anywidget", _anywidget_id="gutwidgets.views.explorer.BarrierPage",
                       controls={"leak_level": {"ref": "anywidget:s1", "attr": "value"},
                                 "tnf": {"ref": "anywidget:s2", "attr": "value"}}),
        "odd": _model("AnyModel", module="anywidget", controls={"x": "not a spec"}),
    }
    assert export.page_driven(state) == {"s1", "s2"}
    found = export.kernel_controls(state, mark=True)
    assert [c.label for c in found] == ["NSAIDs"]
    assert state["s1"]["state"]["disabled"] is False and "_dom_classes" not in state["s1"]["state"]
    assert state["k"]["state"]["disabled"] is True


def test_banner_of_a_page_whose_controls_all_run_in_the_page():
    page = Page("01_the_barrier", NOTEBOOKS / "01_the_barrier.ipynb", features=["plots: point at a line"], in_page=3)
    text = export.banner_html(page)
    assert "Every control on this page works here (3 of them)" in text and "Needs a live kernel" not in text
    assert "plots: point at a line" in text and "voila notebooks/" in text


def test_front_end_features_follow_the_widgets_on_the_page():
    def any_model(cls: str, esm: str = "") -> dict:
        return _model("AnyModel", module="anywidget", _anywidget_id=f"gutwidgets.views.x.{cls}", _esm=esm)

    state = {"q": any_model("Quiz"), "p": any_model("SievingPlot", "loadPlotly()"),
             "p2": any_model("PlotlyFigure", "loadPlotly()"), "c": any_model("CrossSection")}
    features = export.page_features(state)
    assert features[0].startswith("plots:") and features[-1].startswith("the questions")
    assert any("Speed" in f for f in features) and len(features) == 3
    assert export.page_features({"u": any_model("Unknown")}) == ["the drawings, as they were exported"]
    assert export.page_features({}) == []


def test_banner_says_what_works_and_what_needs_a_kernel():
    page = Page("03_causes", NOTEBOOKS / "03_causes.ipynb",
                controls=[export.Control("check box", "NSAIDs"), export.Control("check box", "Alcohol"),
                          export.Control("button", "Reset")],
                features=["plots: point at a line"])
    text = export.banner_html(page)
    assert "Static copy" in text and "Works here" in text and "plots: point at a line" in text
    assert "the 3 controls" in text and "2 check boxes, 1 button" in text
    assert "<li>NSAIDs <span" in text and "voila notebooks/" in text
    landing = export.banner_html(Page("index", NOTEBOOKS / "index.ipynb"))
    assert "Static copy" in landing and "need a live Python" in landing and "projector" in landing


def test_links_to_notebooks_point_at_pages():
    names = {"index", "01_the_barrier", "glossary"}
    html = ('<a href="01_the_barrier.ipynb">1</a> <a href="01_the_barrier.ipynb#slides">s</a> '
            '<a href="./glossary.ipynb#terms">g</a> <a href="other.ipynb">o</a> '
            '<a href="https://example.org/a.ipynb">x</a>')
    assert export.link_pages(html, names) == (
        '<a href="01_the_barrier.html">1</a> <a href="01_the_barrier.html">s</a> '
        '<a href="glossary.html#terms">g</a> <a href="other.ipynb">o</a> '
        '<a href="https://example.org/a.ipynb">x</a>')


def test_vendored_scripts_match_their_manifest_and_the_installed_widgets():
    manifest = export.check_vendored()
    for package, info in manifest.items():
        for rel, digest in info["files"].items():
            data = (export.VENDOR / rel).read_bytes()
            assert hashlib.sha256(data).hexdigest() == digest, \
                f"{package}: {rel} changed; run tools/refresh_export_js.py"
        assert (export.VENDOR / "licenses").is_dir()
    import anywidget
    import ipywidgets

    # The widget renderer bundles ipywidgets 8's classes; anywidget's front end matches the Python side.
    bundles = manifest[export.WIDGET_MANAGER]["bundles"]
    assert ipywidgets.__version__.startswith("8.")
    assert bundles["@jupyter-widgets/controls"].startswith("5.") and bundles["@jupyter-widgets/base"].startswith("6.")
    assert bundles["anywidget"].split(".")[:2] == anywidget.__version__.split(".")[:2]
    licences = {p.name for p in (export.VENDOR / "licenses").iterdir()}
    assert {"ipywidgets.LICENSE.txt", "lumino.LICENSE.txt", "anywidget.LICENSE.txt", "jquery.LICENSE.txt",
            "mathjax.LICENSE.txt", "font-awesome.LICENSE.txt"} <= licences
    size = sum(p.stat().st_size for p in export.VENDOR.rglob("*") if p.is_file())
    assert size < 4_000_000, f"vendored scripts grew to {size / 1e6:.1f} MB"
    assert json.loads((export.VENDOR / "VERSIONS.json").read_text()) == manifest


WIDGET_MANAGER = ROOT / "tools" / "widget_manager"


def test_the_committed_widget_renderer_is_built_from_the_repo(tmp_path):
    """tools/widget_manager/build.mjs (esbuild, at the lock file's versions) rebuilds
    export_assets/vendor/widgets/ byte for byte: the committed bundle is current."""
    import subprocess

    if not (WIDGET_MANAGER / "node_modules" / "esbuild").is_dir():
        pytest.fail(f"the widget renderer's build tools are not installed: run `npm ci --prefix {WIDGET_MANAGER}` "
                    "(done by tools/test.sh)")
    done = subprocess.run(["node", str(WIDGET_MANAGER / "build.mjs"), str(tmp_path / "widgets")],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    committed = export.VENDOR / "widgets"
    built = {p.name: p.read_bytes() for p in (tmp_path / "widgets").iterdir()}
    assert sorted(built) == sorted(p.name for p in committed.iterdir())
    stale = [name for name, data in built.items() if (committed / name).read_bytes() != data]
    assert not stale, f"{stale} differ from a fresh build: run python tools/refresh_export_js.py"
    lock = json.loads((WIDGET_MANAGER / "package-lock.json").read_text())["packages"]
    manifest = export.check_vendored()[export.WIDGET_MANAGER]["bundles"]
    assert {name: lock[f"node_modules/{name}"]["version"] for name in manifest} == manifest


def test_simple_formulas_are_set_as_html_and_others_left_to_mathjax():
    f = export.simple_formula_html
    assert f("H(\\lambda)") == '<span class="gw-formula"><i>H</i>(<i>\u03bb</i>)</span>'
    thin = "\u2009"
    assert f("\\lambda = a / r") == (f'<span class="gw-formula"><i>\u03bb</i>{thin}={thin}<i>a</i>{thin}/{thin}'
                                      '<i>r</i></span>')
    assert f("a - 2.5 < b") == (f'<span class="gw-formula"><i>a</i>{thin}\u2212{thin}2.5{thin}&lt;{thin}'
                                '<i>b</i></span>')
    for tex in ("x^2", "\\frac{a}{b}", "a_i", "\\sqrt{x}", "\\unknown", "{a}"):
        assert f(tex) is None, tex
    text = "Here $H$ and $x^2$; `$y$` is code, \\$5 is money, $$E$$ is display."
    out = export.inline_simple_formulas(text)
    assert out == text.replace("$H$", f("H")), out
    # Chapter 1's formulas are all simple: its static page needs no MathJax.
    nb = nbformat.read(ROOT / "notebooks" / "01_the_barrier.ipynb", as_version=4)
    assert export._has_maths(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = export.inline_simple_formulas(cell.source)
    assert not export._has_maths(nb)


INSIDE_A_LOOP = """\
import asyncio, json, sys
from pathlib import Path
from gutwidgets.publishing import export

async def main():
    out, notebooks = Path(sys.argv[1]), Path(sys.argv[2])
    # Called straight from a coroutine, on the thread that runs the event loop.
    written = export.build(out / "ok", notebooks=notebooks, pages=["index"], kernel="python3", timeout=60)
    try:
        export.build(out / "bad", notebooks=notebooks, pages=["01_broken"], kernel="python3", timeout=60)
    except export.ExportError as exc:
        error = str(exc)
    else:
        error = None
    await asyncio.sleep(0)  # the program's own loop still runs
    print(json.dumps({"written": [p.name for p in written], "error": error}))

asyncio.run(main())
"""


def test_build_works_inside_a_running_event_loop(tmp_path):
    """From a notebook (or any program that already runs an event loop) the export still runs,
    and a failing notebook still raises ExportError. A program of its own, so that nothing of
    this test process (other tests' loops or threads) is involved."""
    import subprocess
    import sys

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name, code in (("index", "print('computed', 6 * 7, 'in the kernel')"), ("01_broken", "1 / 0")):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}"), nbformat.v4.new_code_cell(code)]
        nbformat.write(nb, notebooks / f"{name}.ipynb")
    done = subprocess.run([sys.executable, "-c", INSIDE_A_LOOP, str(tmp_path / "site"), str(notebooks)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["written"] == ["index.html"]
    page = (tmp_path / "site" / "ok" / "index.html").read_text(encoding="utf-8")
    assert "computed 42 in the kernel" in page and "6 * 7" not in page  # executed, and written without code
    assert result["error"] and "01_broken.ipynb" in result["error"] and "ZeroDivisionError" in result["error"]
