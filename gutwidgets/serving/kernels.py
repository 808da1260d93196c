"""A kernel manager with a cap on live kernels, for a whole class on one machine.

Every Voila page gets its own kernel (about 100 MB and some CPU each). Past the cap a new page
is refused *before* anything is streamed, with HTTP 503 and the template's friendly
``503.html`` ("this server is full, try again in a minute") instead of a half-drawn page or an
exhausted machine. The cap counts every kernel, including Voila's preheated pool and kernels
still starting.

Configured in ``voila.json``::

    "VoilaConfiguration": {"multi_kernel_manager_class": "gutwidgets.serving.kernels.CappedKernelManager"},
    "CappedKernelManager": {"max_kernels": 45}

Preheated-pool refills past the cap wait for room (a closed tab or a culled kernel) rather than
fail, so later visitors get a warm kernel again.

The idle culler (``MappingKernelManager.cull_idle_timeout``) leaves alone a kernel that no page has
connected to yet: Voila hands a page its preheated kernel before the page's scripts connect to it,
and a kernel that had waited in the pool longer than the timeout was otherwise culled in that
window (seen in the test suite: a chapter opened after 8 minutes got "Kernel does not exist").
Such a kernel's idle time counts from when it is first seen out of the pool.

Being the kernel manager ``voila.json`` names, this class is also what standalone ``voila`` (and
``python -m gutwidgets.serve``, every mode) loads of the package before it serves a page, so it
installs the package's adjustments to Voila's page handler: the cap's 503 page, and the
``_xsrf`` cookie that lets a closed tab's beacon shut its kernel down with the XSRF check on
(:func:`gutwidgets.serving._server.voila_pages_set_xsrf_cookie`, shared with the Jupyter Server route).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Float, Int

from ._server import voila_pages_set_xsrf_cookie

__all__ = ["CappedKernelManager", "ServerFull"]


class ServerFull(web.HTTPError):
    """Raised instead of starting a kernel past the cap (HTTP 503)."""

    def __init__(self, live: int, cap: int) -> None:
        super().__init__(503, "server full: %d of %d kernels in use", live, cap, reason="Server full")


class CappedKernelManager(AsyncMappingKernelManager):
    """AsyncMappingKernelManager that keeps at most ``max_kernels`` kernels alive.

    - A page request past the cap is refused before anything is streamed: HTTP 503 and the
      template's friendly ``503.html``. (Voila asks the kernel manager nothing before it takes a
      preheated kernel, so the check is installed on Voila's page handler, see
      :func:`_refuse_pages_when_full`.)
    - A preheated-pool refill past the cap waits for room instead of failing: Voila's pool code
      cannot cope with a failed refill (its shutdown would then fail too).
    """

    max_kernels = Int(45, min=1, config=True,
                      help="Most kernels alive at once, preheated ones included; pages past it get a 503 page.")
    pages_at_once = Int(2, min=1, config=True,
                        help="Kernels started at the same time for pages that found no warm kernel."
                             " Starting them a few at a time (first come, first served) opens the first"
                             " pages sooner than starting thirty at once, and leaves the open pages"
                             " some CPU.")
    page_spacing = Float(1.5, min=0.0, config=True,
                         help="Seconds a page's kernel start holds its slot (its notebook then runs).")
    refill_spacing = Float(2.0, min=0.0, config=True,
                           help="Seconds between the starts of two preheated-pool refills.")
    refills_at_once = Int(1, min=1, config=True,
                          help="Preheated-pool refills started at the same time. Starting a kernel costs"
                               " a core for a second or two; refilling one at a time leaves the other"
                               " core to the students' interactions while a class arrives.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._starting = 0
        self._waiting = 0  # pool refills waiting for room
        self._refill_gate: asyncio.Semaphore | None = None
        self._page_gate: asyncio.Semaphore | None = None
        self._connected_once: set[str] = set()  # kernels a page has connected to
        self._unconnected_since: dict[str, float] = {}  # kernel -> first seen out of the pool, unconnected
        _refuse_pages_when_full()
        voila_pages_set_xsrf_cookie()

    def live_kernels(self) -> int:
        """Kernels running or starting."""
        return len(self.list_kernel_ids()) + self._starting

    def has_room(self) -> bool:
        """Whether one more kernel may start."""
        return self.live_kernels() < self.max_kernels

    def warm_kernel_ready(self, notebook: str) -> bool:
        """Whether Voila's pool holds a kernel for this notebook that is started or starting
        (a visit then needs no new one); a refill still waiting for room does not count."""
        for name, pool in (getattr(self, "_pools", None) or {}).items():
            if not (name == notebook or str(name).endswith("/" + notebook.lstrip("/"))):
                continue
            for task in pool:
                if task.done():
                    if not task.cancelled() and task.exception() is None:
                        return True
                elif self._waiting == 0:
                    return True
        return False

    def can_serve(self, notebook: str) -> bool:
        """Whether a visit to this notebook can be served within the cap."""
        return self.has_room() or self.warm_kernel_ready(notebook)

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        refill = (kwargs.get("env") or {}).get("VOILA_PREHEAT") == "True"
        if not self.has_room() and not refill:
            live = self.live_kernels()
            self.log.warning("gutwidgets: refusing a kernel: %d of %d in use", live, self.max_kernels)
            raise ServerFull(live, self.max_kernels)
        if not self.has_room():  # a pool refill: wait until a tab closes or a kernel is culled
            self._waiting += 1
            try:
                while not self.has_room():
                    await asyncio.sleep(1.0)
            finally:
                self._waiting -= 1
        if not refill:
            if self._page_gate is None:
                self._page_gate = asyncio.Semaphore(self.pages_at_once)
            gate, spacing = self._page_gate, self.page_spacing
        else:
            if self._refill_gate is None:
                self._refill_gate = asyncio.Semaphore(self.refills_at_once)
            gate, spacing = self._refill_gate, self.refill_spacing
        await gate.acquire()
        try:
            while not self.has_room():  # room may have gone while this refill queued
                await asyncio.sleep(1.0)
            kernel_id = await self._start(*args, **kwargs)
        except BaseException:
            gate.release()
            raise
        # The new kernel now runs its notebook (the costly part): let the next start wait.
        asyncio.get_running_loop().call_later(spacing, gate.release)
        return kernel_id

    def notify_connect(self, kernel_id: str) -> None:
        super().notify_connect(kernel_id)
        self._connected_once.add(kernel_id)
        self._unconnected_since.pop(kernel_id, None)

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        """Cull as Jupyter Server does, except a kernel no page has connected to yet, until it has
        been out of Voila's pool that long (Voila itself skips the kernels still in its pool)."""
        for gone in [k for k in self._unconnected_since if k not in self._kernels]:
            del self._unconnected_since[gone]
        self._connected_once &= set(self._kernels)
        kernel = self._kernels.get(kernel_id)
        if (kernel is not None and kernel_id not in self._connected_once
                and getattr(kernel, "execution_state", None) != "dead"):
            first = self._unconnected_since.setdefault(kernel_id, time.monotonic())
            if time.monotonic() - first < self.cull_idle_timeout:
                return
        await super().cull_kernel_if_idle(kernel_id)

    async def _start(self, *args: Any, **kwargs: Any) -> str:
        self._starting += 1
        try:
            return await super().start_kernel(*args, **kwargs)
        finally:
            self._starting -= 1


def _refuse_pages_when_full() -> None:
    """Make Voila's page handler answer 503 when the kernel manager has no room (once)."""
    try:
        from voila.handler import VoilaHandler
    except ImportError:  # not running under Voila
        return
    if getattr(VoilaHandler, "_gutwidgets_capped", False):
        return
    original = VoilaHandler.prepare

    async def prepare(self: Any, *args: Any, **kwargs: Any) -> None:
        result = original(self, *args, **kwargs)
        if asyncio.iscoroutine(result) or isinstance(result, asyncio.Future):
            await result
        manager = getattr(self, "kernel_manager", None)
        notebook = next((str(a) for a in (self.path_args or []) if a), "")
        if (isinstance(manager, CappedKernelManager) and self.request.method == "GET"
                and not manager.can_serve(notebook)):
            manager.log.warning("gutwidgets: server full, refusing %s", self.request.path)
            raise ServerFull(manager.live_kernels(), manager.max_kernels)

    VoilaHandler.prepare = prepare
    VoilaHandler._gutwidgets_capped = True
