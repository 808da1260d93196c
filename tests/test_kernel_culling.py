"""The idle culler and Voila's hand-over of a preheated kernel (gutwidgets.serving.kernels).

Voila gives a page the kernel that waited in its pool, then the page's scripts connect to it a
few seconds later. A kernel that had waited longer than ``cull_idle_timeout`` had no connection
and a long idle time in that window, and the culler shut it down under the page ("Kernel does not
exist"). These tests drive the manager's own cull check on a stand-in kernel (no process)."""

from __future__ import annotations

import asyncio
import concurrent.futures
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from gutwidgets.serving import kernels as gk


def _cull(m, kernel_id: str) -> None:
    """Run the manager's cull check to the end, in a thread of its own: the browser tests' session
    keeps an event loop running in this one (Playwright), where asyncio.run() is refused."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, m.cull_kernel_if_idle(kernel_id)).result()


@pytest.fixture
def manager(monkeypatch):
    m = gk.CappedKernelManager(cull_idle_timeout=300)
    shut: list[str] = []

    async def shutdown_kernel(kernel_id, *args, **kwargs):
        shut.append(kernel_id)
        m._kernels.pop(kernel_id, None)

    monkeypatch.setattr(m, "shutdown_kernel", shutdown_kernel)
    m.shut = shut
    return m


def _idle_kernel(m, kid: str, idle_s: float) -> None:
    m._kernels[kid] = SimpleNamespace(execution_state="idle", kernel_name="python3",
                                      kernel_spec=SimpleNamespace(metadata={}),
                                      last_activity=datetime.now(timezone.utc) - timedelta(seconds=idle_s))
    m._kernel_connections[kid] = 0


def test_a_kernel_handed_to_a_page_is_not_culled_before_the_page_connects(manager):
    _idle_kernel(manager, "k1", idle_s=506)  # waited in the pool for over 8 minutes
    _cull(manager, "k1")
    assert manager.shut == []
    manager.notify_connect("k1")  # the page's scripts connect: now an ordinary kernel
    _cull(manager, "k1")
    assert manager.shut == []  # connected: never culled (cull_connected is off)


def test_a_page_left_after_connecting_is_culled_as_before(manager):
    _idle_kernel(manager, "k2", idle_s=506)
    manager.notify_connect("k2")
    manager.notify_disconnect("k2")
    _cull(manager, "k2")
    assert manager.shut == ["k2"]


def test_a_kernel_no_page_ever_connects_to_is_culled_after_the_timeout(manager, monkeypatch):
    _idle_kernel(manager, "k3", idle_s=506)
    clock = [1000.0]
    monkeypatch.setattr(gk.time, "monotonic", lambda: clock[0])
    _cull(manager, "k3")  # first seen out of the pool: the clock starts
    clock[0] += 299
    _cull(manager, "k3")
    assert manager.shut == []
    clock[0] += 2
    _cull(manager, "k3")
    assert manager.shut == ["k3"]
