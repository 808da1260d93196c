"""The benchmark's bar check (benchmarks/run.py --check) flags every kind of miss."""

from __future__ import annotations

import importlib.util

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("gw_benchmark", ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _row(page, **kw):
    row = {"page": page, "first_widget_ratio": 1.1, "slider_ratio": 1.5, "slider_p95_ms": 50.0,
           "ws_kb_per_load": 120.0, "kernel_mb": 100.0, "problems": []}
    row.update(kw)
    return row


def test_a_page_within_every_bar_passes(bench):
    assert bench.missed_bars([_row("baseline.ipynb", first_widget_ratio=1.0), _row("03_causes.ipynb")]) == []


@pytest.mark.parametrize("key, value", [("first_widget_ratio", 1.31), ("slider_ratio", 2.05),
                                        ("slider_p95_ms", 101.0), ("ws_kb_per_load", 301.0),
                                        ("kernel_mb", 121.0), ("kernel_mb", None)])
def test_each_missed_bar_is_named(bench, key, value):
    missed = bench.missed_bars([_row("04_systemic_effects.ipynb", **{key: value})])
    assert len(missed) == 1 and key in missed[0] and "04_systemic_effects" in missed[0]


def test_pages_without_a_slider_are_not_held_to_the_slider_bars(bench):
    assert bench.missed_bars([_row("index.ipynb", slider_ratio=None, slider_p95_ms=None)]) == []


def test_console_problems_count_as_misses(bench):
    assert bench.missed_bars([_row("01_the_barrier.ipynb", problems=["console error: boom"])])
