"""Linters as tests: eslint (pinned in tests/browser/npm, config in eslint.config.mjs) over the project's
JavaScript, and ruff (pinned in the test extra) runs with the project's rules.

Each linter is run for real (node, ``python -m ruff``) on the tree and on a small bad file, so a config
that stopped catching problems would fail here too.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

NPM_DIR = ROOT / "tests" / "browser" / "npm"
ESLINT_JS = NPM_DIR / "node_modules" / "eslint" / "bin" / "eslint.js"
INSTALL_HINT = "run `npm install --prefix tests/browser/npm` from the repository root"
ESM = "gutwidgets/views/_esm"
TEMPLATE_STATIC = "share/jupyter/voila/templates/gutwidgets/static"
# Vendored files: linted by their own projects, never by ours.
VENDORED = ("gutwidgets/export_assets/vendor/", "gutwidgets/static/plotly")


#: eslint comes from the npm test tools (tests/browser/npm): like Chromium, not on the fast path.
NEEDS_NPM_TOOLS = pytest.mark.browser

def _eslint(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: the JavaScript lint needs Node.js (v18.18 or newer)")
    if not ESLINT_JS.is_file():
        pytest.fail(f"eslint is not installed ({ESLINT_JS} is missing): {INSTALL_HINT}")
    return subprocess.run(
        [node, str(ESLINT_JS), *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _eslint_json(*args: str, stdin: str | None = None) -> tuple[int, list[dict]]:
    proc = _eslint("--format", "json", *args, stdin=stdin)
    if proc.returncode not in (0, 1):  # 2: eslint itself failed (config, crash)
        pytest.fail(f"eslint failed to run (exit {proc.returncode}):\n{proc.stderr}{proc.stdout}")
    return proc.returncode, json.loads(proc.stdout)


def _lint_source(source: str, filename: str) -> list[dict]:
    """eslint's messages for ``source`` linted as if it were the file ``filename`` (repo-relative)."""
    _, results = _eslint_json("--stdin", "--stdin-filename", filename, stdin=source)
    (result,) = results
    return result["messages"]


def _rules(messages: list[dict]) -> set[str | None]:
    return {m["ruleId"] for m in messages}


def _describe(messages: list[dict]) -> str:
    return "\n".join(f"  {m['line']}:{m['column']} {m['message']} ({m['ruleId']})" for m in messages)


# -- eslint -----------------------------------------------------------------------------------------------


@NEEDS_NPM_TOOLS
def test_eslint_is_the_pinned_version():
    pinned = json.loads((NPM_DIR / "package.json").read_text())["dependencies"]["eslint"]
    proc = _eslint("--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"v{pinned}", (
        f"installed eslint {proc.stdout.strip()} is not the pinned {pinned}: {INSTALL_HINT}"
    )


@NEEDS_NPM_TOOLS
def test_project_javascript_passes_eslint():
    proc = _eslint("--max-warnings", "0", ".")
    assert proc.returncode == 0, (
        f"eslint found problems (fix them; config in eslint.config.mjs):\n{proc.stdout}{proc.stderr}"
    )


@NEEDS_NPM_TOOLS
def test_eslint_covers_every_project_script_and_no_vendored_file():
    tracked = subprocess.run(
        ["git", "ls-files", "*.js", "*.mjs", "*.cjs"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert tracked, "git lists no JavaScript files: is this a checkout of the repository?"
    expected = {p for p in tracked if not p.startswith(VENDORED)}
    _, results = _eslint_json(".")
    linted = {Path(r["filePath"]).relative_to(ROOT).as_posix() for r in results}
    assert expected - linted == set(), "project JavaScript that eslint skips"
    assert linted & (set(tracked) - expected) == set(), "vendored files that eslint lints"
    assert {f"{ESM}/cause_chain.js", f"{TEMPLATE_STATIC}/classroom.js", "eslint.config.mjs"} <= linted


@NEEDS_NPM_TOOLS
def test_eslint_reports_real_problems():
    source = (
        "const unused = 1;\n"
        "let neverReassigned = 2;\n"
        "var old = 3;\n"
        "export default {\n"
        "  render({ el }) {\n"
        "    if (old == neverReassigned) el.append(document.createElement('p'));\n"
        "    return missingHelper();\n"
        "  },\n"
        "};\n"
    )
    messages = _lint_source(source, f"{ESM}/lint_probe.js")
    assert _rules(messages) == {"no-unused-vars", "no-undef", "prefer-const", "no-var", "eqeqeq"}, _describe(messages)
    undefined = [m for m in messages if m["ruleId"] == "no-undef"]
    assert len(undefined) == 1 and "'missingHelper' is not defined" in undefined[0]["message"]
    assert all(m["severity"] == 2 for m in messages), "every rule is an error, not a warning"


@NEEDS_NPM_TOOLS
def test_front_ends_are_modules_and_template_files_are_scripts():
    module = "export default { render() {} };\n"
    assert _lint_source(module, f"{ESM}/lint_probe.js") == []
    for script in (f"{TEMPLATE_STATIC}/lint_probe.js", "gutwidgets/export_assets/static-export.js"):
        messages = _lint_source(module, script)
        assert [m.get("fatal") for m in messages] == [True], f"{script} should be a plain script:\n" + _describe(
            messages
        )
        assert "'import' and 'export' may appear only with 'sourceType: module'" in messages[0]["message"]


@NEEDS_NPM_TOOLS
def test_prepended_helpers_are_declared_only_where_they_are_prepended():
    source = "export default { async render(f) { return [await loadPlotly(), structureKey(f)]; } };\n"
    assert _lint_source(source, f"{ESM}/plotly_figure.js") == []
    messages = _lint_source(source, f"{ESM}/cause_chain.js")
    assert [m["message"] for m in messages if m["ruleId"] == "no-undef"] == [
        "'loadPlotly' is not defined.",
        "'structureKey' is not defined.",
    ], _describe(messages)


JOINING_RULES = {"no-undef", "no-redeclare"}


def _widget_front_ends() -> dict[str, str]:
    """Each anywidget front end as the browser receives it (files joined by ``asset(...)``)."""
    import anywidget

    import gutwidgets.views as views

    found: dict[str, str] = {}
    for info in pkgutil.iter_modules(views.__path__):
        module = importlib.import_module(f"gutwidgets.views.{info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, anywidget.AnyWidget) and "_esm" in cls.class_traits():
                source = cls.class_traits()["_esm"].default_value
                if source not in found.values():
                    found[name] = source
    return found


@NEEDS_NPM_TOOLS
def test_joined_front_ends_pass_eslint():
    # A joined module can break where its files pass alone: a top-level name declared in two of them,
    # or a helper used but not prepended.
    front_ends = _widget_front_ends()
    assert "PlotlyFigure" in front_ends and "CauseChain" in front_ends, sorted(front_ends)
    problems = {}
    for name, source in front_ends.items():
        messages = _lint_source(source, f"{ESM}/{name}.joined.js")
        # Other rules are checked file by file (test_project_javascript_passes_eslint).
        joining = [m for m in messages if m.get("fatal") or m["ruleId"] in JOINING_RULES]
        if joining:
            problems[name] = _describe(joining)
    assert problems == {}, "\n".join(f"{name}:\n{text}" for name, text in problems.items())


def test_missing_eslint_fails_with_the_install_command(monkeypatch, tmp_path):
    monkeypatch.setattr(sys.modules[__name__], "ESLINT_JS", tmp_path / "eslint.js")
    with pytest.raises(pytest.fail.Exception, match=r"npm install --prefix tests/browser/npm"):
        _eslint("--version")


# -- ruff -------------------------------------------------------------------------------------------------


def _ruff(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=120
    )


def test_ruff_runs_and_reports_real_problems():
    version = _ruff("--version")
    assert version.returncode == 0, f"ruff does not run ({version.stderr.strip()}): pip install -e '.[test]'"
    source = "import os\n\n\ndef f():\n    return undefined_name\n"
    proc = _ruff(
        "check",
        "--no-cache",
        "--output-format",
        "json",
        "--stdin-filename",
        "gutwidgets/lint_probe.py",
        "-",
        stdin=source,
    )
    assert proc.returncode == 1, proc.stderr
    codes = {d["code"] for d in json.loads(proc.stdout)}
    assert {"F401", "F821"} <= codes, codes
