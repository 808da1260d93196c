"""The kernel behind a chapter that computes in the page runs no model and imports no numpy.

Chapters 1, 2 and 3 compute in the page (``Dashboard.IN_PAGE``): the kernel only builds the widgets
from ``data/`` and hears the control values. Importing numpy would cost every such kernel about
10 MB (``benchmarks/page.py`` measures the kernel's memory), so the modules on that path name numpy
through ``gutwidgets/_np.py``. These tests run each chapter's notebook cells in a fresh interpreter
and check that numpy stays unimported until Python code reads the kernel's model or sentence, and
that what it then reads is right.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gutwidgets._np import _Numpy

from .conftest import ROOT

#: Each chapter's dashboard (module, class) and a lever move made in the probe.
CHAPTERS = {"01_the_barrier": ("explorer", "BarrierExplorer", {"leak_level": 5.0, "damaged_fraction": 0.01}),
            "02_tight_junctions": ("junction", "JunctionExplorer", {"tnf": 100.0, "ifn_gamma_primed": True}),
            "03_causes": ("causes", "CauseExplorer", {"active": {"nsaid": 150.0}, "duration": 14.0})}
PROBE = r"""
import json, sys
cells = json.loads(sys.argv[1])
names = {}
for code in cells:
    exec(compile(code, "<cell>", "exec"), names)
explorer = names[sys.argv[2]]
before = "numpy" in sys.modules
for lever, value in json.loads(sys.argv[3]).items():
    setattr(explorer, lever, value)
moved = "numpy" in sys.modules
sentence = explorer.sentence
after = "numpy" in sys.modules
print(json.dumps({"before": before, "moved": moved, "after": after, "sentence": sentence,
                  "inputs": sorted(explorer.summary.inputs), "constants": sorted(explorer.summary.constants)}))
"""


def _code_cells(name: str) -> list[str]:
    nb = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def _find_explorer_name(cells: list[str], cls: str) -> str:
    for code in cells:
        for line in code.splitlines():
            if f"= {cls}(" in line:
                return line.split("=")[0].strip()
    raise AssertionError(f"no {cls}(...) in the notebook")


@pytest.mark.parametrize("chapter", list(CHAPTERS))
def test_chapter_kernel_imports_no_numpy_until_python_reads_the_model(chapter):
    import importlib

    module, cls, levers = CHAPTERS[chapter]
    cells = _code_cells(chapter)
    name = _find_explorer_name(cells, cls)
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(cells), name, json.dumps(levers)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["before"] is False, f"{chapter}: building the page imported numpy"
    assert out["moved"] is False, f"{chapter}: a lever move imported numpy (the kernel computed)"
    assert out["after"] is True, f"{chapter}: reading the sentence must run the Python model"
    reference = getattr(importlib.import_module(f"gutwidgets.views.{module}"), cls)
    here = reference(**levers)  # the same dashboard in this process, numpy already loaded
    assert out["sentence"] == here.sentence and out["sentence"] != reference().sentence
    assert "error_text" in out["inputs"] and "barrier" in out["constants"]


def test_kernel_model_follows_the_levers_when_read():
    from gutwidgets.views import BarrierExplorer
    from gutwidgets.views.junction import JunctionExplorer

    explorer = BarrierExplorer()
    assert explorer._model is None and explorer.sieving.figure == {}  # nothing computed in the kernel
    explorer.leak_level = 5.0
    assert explorer.model.leak_level == 5.0 and "greatly raised" in explorer.sentence
    model = explorer.model
    explorer.pore_level = 2.0
    assert explorer.model is model and model.pore_level == 2.0  # one model, kept in step on read
    junction = JunctionExplorer()  # (chapter 3's: tests/test_views_causes.py)
    assert junction._model is None
    junction.tnf, junction.ifn_gamma_primed = 100.0, True
    assert junction.model.tnf == 100.0 and junction.model.ifn_gamma_primed is True
    assert "81% below healthy" in junction.sentence
    chosen = JunctionExplorer(tissue="jejunum", ifn_gamma_primed=True)  # constructor values survive the controls
    assert (chosen.tissue, chosen.tissue_pick.value, chosen.ifn_gamma_primed, chosen.primed_box.value) == \
        ("jejunum", "jejunum", True, True)


def test_numpy_stand_in_is_numpy_once_used():
    import numpy

    stand_in = _Numpy()
    assert repr(stand_in) == "<numpy, imported on first use>"
    assert stand_in.asarray is numpy.asarray and stand_in.float64 is numpy.float64
    assert "asarray" in vars(stand_in)  # cached: the next read is a plain attribute
    with pytest.raises(AttributeError, match="no_such_function"):
        stand_in.no_such_function  # noqa: B018
    with pytest.raises(AttributeError):
        stand_in.__array_interface__  # noqa: B018  (dunder probes are not forwarded)
