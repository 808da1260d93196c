"""The benchmark runs on every page and prints its table (python benchmarks/run.py, as the README
documents), with a small sample. Its bars are a person's check (``--check``): timings depend on
how busy the machine is, so this test holds the run to what it measured, never to how fast."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from ..conftest import NOTEBOOKS, ROOT

pytestmark = pytest.mark.browser


def test_benchmark_measures_every_page_and_prints_its_table(tmp_path):
    out = tmp_path / "rows.json"
    proc = subprocess.run([sys.executable, "benchmarks/run.py", "--loads", "1", "--presses", "3",
                           "--pause", "1", "--json", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    print(proc.stdout)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    rows = {r["page"]: r for r in json.loads(out.read_text())}
    pages = {"baseline.ipynb", *(p.name for p in NOTEBOOKS.glob("*.ipynb"))}
    assert set(rows) == pages
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import PAGES  # the benchmark's own table of which pages have a timed slider

    for name, row in rows.items():
        assert f"| {name} |" in proc.stdout
        assert row["problems"] == [], f"{name}: {row['problems']}"  # console errors, missing views
        measured = ["first_widget_s", "drawn_s", "ws_kb_per_load", "kernel_mb"]
        if PAGES.get(name, {}).get("slider"):
            measured += ["slider_ms", "slider_p95_ms"]
        for key in measured:
            value = row[key]
            assert value is not None and math.isfinite(value) and value > 0, f"{name}: {key} = {value}"
