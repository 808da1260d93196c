"""A headless dashboard viewer that speaks Voila's protocol directly (for load tests and checks).

A browser is far too heavy to simulate thirty students on the teacher's two-core machine, so
:class:`Viewer` does what a page does, over HTTP and the kernel websocket, and nothing more:

1. ``GET /voila/render/<notebook>``: Voila runs the notebook and returns the page, which
   names the page's kernel;
2. opens the kernel's websocket and asks the widget control channel
   (``jupyter.widget.control``) for every widget's state, as the page's widget manager does;
3. moves a slider by sending the same ``comm_msg`` update a slider view sends, and times how
   long the kernel takes to answer with every resulting update (until it reports idle);
4. closes like a tab: the websocket closes and the page's shutdown beacon is posted, with the
   ``_xsrf`` cookie the page set and its value in the form, as Voila's beacon sends them.

Only tornado (already required by Jupyter Server) is used. Nothing here is imported by widgets.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

__all__ = ["ServerFullError", "Viewer", "kernel_id_of"]

CONTROL_PROTOCOL = "1.0.0"  # ipywidgets' widget control protocol
SLIDERS = {"FloatSliderModel", "IntSliderModel", "FloatLogSliderModel"}
CONFIG = re.compile(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', re.S)


class ServerFullError(RuntimeError):
    """The server answered 503: no room for another kernel."""


def kernel_id_of(page_html: str) -> str:
    """The kernel id a Voila page names in its config data ('' when it has none)."""
    m = CONFIG.search(page_html)
    if not m:
        return ""
    return str(json.loads(m.group(1)).get("kernelId") or "")


@dataclass
class Viewer:
    """One simulated viewer of one notebook on a Voila server at ``base_url``."""

    base_url: str
    notebook: str
    token: str = ""
    timeout: float = 120.0
    kernel_id: str = ""
    html: str = ""
    states: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _ws: WebSocketClientConnection | None = None
    _session: str = field(default_factory=lambda: uuid.uuid4().hex)
    _xsrf: str = ""  # the page's _xsrf cookie, sent back by the shutdown beacon
    _inbox: asyncio.Queue | None = None
    _reader: asyncio.Task | None = None

    def _url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return self.base_url + path + (f"{sep}token={self.token}" if self.token else "")

    async def open(self) -> float:
        """Load the page and connect to its kernel; return the seconds it took."""
        t0 = time.perf_counter()
        client = AsyncHTTPClient()
        try:
            resp = await client.fetch(self._url(f"voila/render/{self.notebook}"), request_timeout=self.timeout)
        except HTTPClientError as exc:
            if exc.code == 503:
                raise ServerFullError(f"{self.notebook}: server full (503)") from None
            raise
        self.html = resp.body.decode("utf-8", "replace")
        for cookie in resp.headers.get_list("Set-Cookie"):
            if cookie.startswith("_xsrf="):
                self._xsrf = cookie.split(";", 1)[0][len("_xsrf="):]
        if "There was an error when executing cell" in self.html:
            self.errors.append(f"{self.notebook}: a cell failed on the server")
        self.kernel_id = kernel_id_of(self.html)
        if not self.kernel_id:
            raise RuntimeError(f"{self.notebook}: the page names no kernel")
        ws_url = self._url(f"api/kernels/{self.kernel_id}/channels?session_id={self._session}").replace("http", "ws", 1)
        self._ws = await websocket_connect(HTTPRequest(ws_url, request_timeout=self.timeout),
                                           max_message_size=64 * 2**20)
        self._inbox = asyncio.Queue()
        self._reader = asyncio.ensure_future(self._read())
        await self._load_states()
        return time.perf_counter() - t0

    async def _read(self) -> None:
        assert self._ws is not None and self._inbox is not None
        while True:
            raw = await self._ws.read_message()
            if raw is None:
                await self._inbox.put(None)
                return
            if isinstance(raw, bytes):  # binary frames carry buffers; this viewer needs none
                continue
            msg = json.loads(raw)
            data = msg.get("content", {}).get("data") if msg.get("msg_type") == "comm_msg" else None
            if isinstance(data, dict) and data.get("method") in ("update", "echo_update"):
                self.states.setdefault(msg["content"].get("comm_id", ""), {}).update(data.get("state", {}))
            elif msg.get("msg_type") == "comm_close":  # a widget the page no longer shows
                self.states.pop(msg.get("content", {}).get("comm_id", ""), None)
            elif msg.get("msg_type") == "comm_open" and msg["content"].get("target_name") == "jupyter.widget":
                state = msg["content"].get("data", {}).get("state", {})
                self.states[msg["content"].get("comm_id", "")] = dict(state)
            kind = msg.get("msg_type")
            if kind == "error" or (kind == "stream" and msg.get("content", {}).get("name") == "stderr"):
                parent = msg.get("parent_header", {}).get("msg_type", "")
                text = f"{self.notebook}: kernel {kind} ({'to ' + parent if parent else 'unprompted'}): " \
                       f"{str(msg.get('content'))[:2000]}"
                # Output prompted by a viewer's action is an error; a kernel's unprompted log line
                # (no request it answers) is kept as a warning.
                (self.errors if parent or kind == "error" else self.warnings).append(text)
            await self._inbox.put(msg)

    def _message(self, msg_type: str, content: dict, metadata: dict | None = None) -> dict:
        return {
            "header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": self._session,
                       "username": "viewer", "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": metadata or {}, "content": content, "channel": "shell",
            "buffers": [],
        }

    async def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> str:
        """Send a shell message; return its id."""
        assert self._ws is not None, "open() first"
        msg = self._message(msg_type, content, metadata)
        await self._ws.write_message(json.dumps(msg))
        return msg["header"]["msg_id"]

    async def until_idle(self, msg_id: str, timeout: float | None = None) -> list[dict]:
        """Messages that answer ``msg_id`` until the kernel reports idle for it."""
        assert self._inbox is not None
        got: list[dict] = []
        deadline = time.perf_counter() + (timeout or self.timeout)
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"{self.notebook}: no idle for {msg_id} in time")
            msg = await asyncio.wait_for(self._inbox.get(), left)
            if msg is None:
                raise ConnectionError(f"{self.notebook}: the kernel websocket closed")
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            got.append(msg)
            if msg.get("msg_type") == "status" and msg["content"].get("execution_state") == "idle":
                return got

    async def _load_states(self) -> None:
        comm_id = uuid.uuid4().hex
        await self.send("comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
                        metadata={"version": CONTROL_PROTOCOL})
        msg_id = await self.send("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}})
        for msg in await self.until_idle(msg_id):
            data = msg.get("content", {}).get("data", {})
            if msg.get("msg_type") == "comm_msg" and data.get("method") == "update_states":
                self.states = {k: v.get("state", {}) for k, v in data.get("states", {}).items()}

    def sliders(self) -> dict[str, dict[str, Any]]:
        """Enabled sliders on the page: model id -> state."""
        return {k: s for k, s in self.states.items()
                if s.get("_model_name") in SLIDERS and not s.get("disabled")}

    def checkboxes(self) -> dict[str, dict[str, Any]]:
        """Enabled checkboxes on the page: model id -> state."""
        return {k: s for k, s in self.states.items()
                if s.get("_model_name") == "CheckboxModel" and not s.get("disabled")}

    async def move(self, model_id: str, value: float) -> float:
        """Set a widget's value as its view would; return seconds until the kernel is done."""
        t0 = time.perf_counter()
        msg_id = await self.send("comm_msg", {"comm_id": model_id, "data": {
            "method": "update", "state": {"value": value}, "buffer_paths": []}})
        await self.until_idle(msg_id)
        return time.perf_counter() - t0

    async def close(self) -> None:
        """Close like a tab: drop the websocket and post the page's shutdown beacon."""
        if self._ws is not None:
            self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
        if self.kernel_id:
            try:
                await AsyncHTTPClient().fetch(self._url(f"voila/api/shutdown/{self.kernel_id}"),
                                              method="POST", body=urlencode({"_xsrf": self._xsrf}),
                                              headers={"Cookie": f"_xsrf={self._xsrf}"}, request_timeout=30)
            except Exception as exc:
                self.errors.append(f"{self.notebook}: shutdown beacon failed: {exc}")
