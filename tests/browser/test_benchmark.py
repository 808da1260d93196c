"""The benchmark's short mode in CI: every chapter keeps the performance bars against the baseline
measured in the same run (python benchmarks/run.py --short --check, as the README documents)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ..conftest import ROOT

pytestmark = pytest.mark.browser


def test_every_chapter_keeps_the_performance_bars():
    proc = subprocess.run([sys.executable, "benchmarks/run.py", "--short", "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    print(proc.stdout)
    assert "| baseline.ipynb |" in proc.stdout, proc.stderr[-3000:]
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
