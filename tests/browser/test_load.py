"""A whole class at once (short mode of python -m gutwidgets.loadtest): 30 viewers on the lesson
chapter, served as python -m gutwidgets.serve --lesson serves it.

What is checked is behaviour (no errors, no refused page, every viewer interacts, closed pages
give their kernels and memory back), never speed: latency is printed here and held to its bar by
``python -m gutwidgets.loadtest --check``, which a person runs."""

from __future__ import annotations

import asyncio
import threading

import pytest

from gutwidgets.serving.serve import voila_command
from gutwidgets.testtools.loadtest import _usage, run_load, wait_until_idle
from gutwidgets.testtools.testing import VoilaServer

from ..conftest import NOTEBOOKS

pytestmark = pytest.mark.browser

VIEWERS = 30
LESSON = "03_causes.ipynb"


def _in_thread(coro):
    box: dict = {}
    thread = threading.Thread(target=lambda: box.update(value=asyncio.run(coro)))
    thread.start()
    thread.join()
    return box["value"]


def test_thirty_viewers_on_the_lesson_chapter():
    args = voila_command(lesson=LESSON, class_size=VIEWERS)[0][4:]
    with VoilaServer(extra_args=args, timeout=300) as server:
        pages = len(list(NOTEBOOKS.glob("*.ipynb")))
        wait_until_idle(server.proc.pid, timeout=600, kernels=pages - 1 + VIEWERS)
        result = _in_thread(run_load(server.url, [LESSON], viewers=VIEWERS, seconds=15, ramp=5,
                                     server_pid=server.proc.pid, at_least=3, settle=300))
        kernels_now, _ = _usage(server.proc.pid)
    print("\n" + result.table())
    assert not result.errors, result.errors[:5]
    assert result.refused == 0
    assert result.interactions >= VIEWERS * 3  # every viewer moved a control at least 3 times
    assert len(result.latencies_ms) == result.interactions
    # Closed pages free their kernels and their memory.
    assert result.kernels_after <= result.kernels_before
    assert result.memory_after_mb <= result.memory_before_mb * 1.05
    assert kernels_now <= result.kernels_before
