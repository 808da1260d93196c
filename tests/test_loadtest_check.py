"""``python -m gutwidgets.loadtest --check`` names each bar a run misses (synthetic results: no server)."""

from __future__ import annotations

import threading

import pytest

from gutwidgets.testtools.loadtest import CHECK_P95_MS, LoadResult, misses


def _result(**kw) -> LoadResult:
    r = LoadResult(viewers=30, seconds=15)
    r.latencies_ms = [20.0] * 99 + [40.0]
    r.interactions = len(r.latencies_ms)
    r.kernels_before, r.kernels_after = 10, 10
    for k, v in kw.items():
        setattr(r, k, v)
    return r


def test_a_run_within_every_bar_passes():
    assert misses(_result()) == []


@pytest.mark.parametrize("change, words", [
    ({"errors": ["viewer 3: boom"]}, "1 errors"),
    ({"refused": 2}, "2 pages refused"),
    ({"latencies_ms": [CHECK_P95_MS + 10] * 10}, "p95 latency"),
    ({"kernels_after": 12}, "kernels after 12"),
])
def test_each_missed_bar_is_named(change, words):
    found = misses(_result(**change))
    assert len(found) == 1 and words in found[0], found


def test_check_flag_exits_non_zero_on_a_miss(monkeypatch, capsys):
    import gutwidgets.testtools.loadtest as lt

    async def fake_run(*args, **kwargs):
        return _result(latencies_ms=[CHECK_P95_MS * 2] * 5)

    def main(argv):  # the command line's own asyncio.run, in a thread with no loop running yet
        box = {}
        worker = threading.Thread(target=lambda: box.update(rc=lt.main(argv)))
        worker.start()
        worker.join()
        return box["rc"]

    monkeypatch.setattr(lt, "run_load", fake_run)
    assert main(["--url", "http://127.0.0.1:1/", "--check"]) == 1
    assert "p95 latency" in capsys.readouterr().err
    assert main(["--url", "http://127.0.0.1:1/"]) == 0  # without --check only errors fail
