"""Tools to drive the real thing: a Voila server and headless Chromium (tests and benchmarks).

- :class:`VoilaServer` starts ``voila <folder>`` from the repository root, so ``voila.json``
  applies exactly as for a user, on a free localhost port, and stops it (and its kernels);
  :class:`JupyterServer` does the same for the server JupyterLab runs on.
- :func:`launch_chromium` starts Debian's Chromium through Playwright with the flags this
  sandboxed, offline machine needs.
- :class:`PageWatch` records what a page does: console errors, uncaught exceptions, requests
  that leave localhost (aborted, so an offline classroom is simulated), and websocket bytes.

Playwright and psutil are imported lazily; nothing here is used by the widgets.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("GUTWIDGETS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """A local server started as a subprocess; ready once ``ready_path`` answers 200."""

    ready_path = ""

    def __init__(self, args: list[str], cwd: Path = REPO_ROOT, timeout: float = 90.0) -> None:
        self.args = list(args)
        self.cwd = cwd
        self.timeout = timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"{type(self).__name__}-{self.port}.log"

    def command(self) -> list[str]:
        return [sys.executable, *self.args]

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        cmd = self.command()
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(cmd, cwd=self.cwd, stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{cmd[1:3]} exited early ({self.proc.returncode}):\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"{cmd[1:3]} did not answer within {self.timeout:.0f} s:\n{self.log()}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-6000:]
        except OSError:
            return ""

    def kernel_processes(self) -> list[Any]:
        """The ipykernel processes this server started (psutil.Process objects)."""
        import psutil

        if not self.proc:
            return []
        try:
            parent = psutil.Process(self.proc.pid)
            return [p for p in parent.children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]
        except psutil.Error:
            return []

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        if getattr(self, "_log", None):
            self._log.close()


class VoilaServer(ServerProcess):
    """``voila <folder>`` run from the repository root, so ``voila.json`` applies as for a user."""

    ready_path = "voila/tree"

    def __init__(self, folder: str | Path = "notebooks", extra_args: list[str] | None = None,
                 cwd: Path = REPO_ROOT, timeout: float = 90.0) -> None:
        super().__init__(["-m", "voila", str(folder)], cwd=cwd, timeout=timeout)
        self.args += [f"--port={self.port}", "--no-browser", *(extra_args or [])]


class JupyterServer(ServerProcess):
    """A plain Jupyter Server (what JupyterLab runs on), no token, on localhost."""

    ready_path = "api/status"

    module = "jupyter_server"

    def __init__(self, root_dir: Path, cwd: Path = REPO_ROOT, timeout: float = 90.0) -> None:
        super().__init__(["-m", self.module], cwd=cwd, timeout=timeout)
        self.args += [
            f"--port={self.port}", "--ip=127.0.0.1", "--no-browser", "--allow-root",
            "--IdentityProvider.token=", f"--ServerApp.root_dir={root_dir}",
        ]


class JupyterLabServer(JupyterServer):
    """JupyterLab itself, no token, on localhost, with a workspace of its own.

    JupyterLab saves the open tabs in a workspace and reopens them in the next session. In the
    user's workspace folder, a test's tabs (paths relative to the test's folder) would reopen
    in the user's next ``jupyter lab`` rooted elsewhere, as 404s for ``/api/contents/<name>``;
    so each server gets a temporary workspace folder, removed when it stops.
    """

    module = "jupyterlab"

    def __init__(self, root_dir: Path, cwd: Path = REPO_ROOT, timeout: float = 90.0) -> None:
        super().__init__(root_dir, cwd=cwd, timeout=timeout)
        self.workspaces_dir = Path(tempfile.mkdtemp(prefix="gutwidgets-lab-workspaces-"))
        self.args.append(f"--LabApp.workspaces_dir={self.workspaces_dir}")

    def stop(self) -> None:
        super().stop()
        shutil.rmtree(self.workspaces_dir, ignore_errors=True)


class JupyterHubServer(ServerProcess):
    """``jupyterhub -f <config>`` on a free localhost port (the proxy's), run in ``cwd``.

    Stopping it also stops what the hub started in sessions of their own (the proxy, services,
    user servers and their kernels), so nothing outlives a test.
    """

    ready_path = "hub/health"

    def __init__(self, config_file: str | Path, cwd: Path, timeout: float = 90.0) -> None:
        super().__init__(["-m", "jupyterhub", "-f", str(config_file)], cwd=cwd, timeout=timeout)
        self.args.append(f"--JupyterHub.bind_url=http://127.0.0.1:{self.port}")

    def processes(self) -> list[Any]:
        """Every process the hub started, recursively (psutil.Process objects)."""
        import psutil

        if not self.proc:
            return []
        try:
            return psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.Error:
            return []

    def stop(self) -> None:
        import psutil

        started = self.processes()
        for p in started:  # the hub would stop them one by one, waiting on each
            try:
                p.terminate()
            except psutil.Error:
                pass

        def running(p: Any) -> bool:  # an exited child the hub has not reaped yet is a zombie
            try:
                return p.status() != psutil.STATUS_ZOMBIE
            except psutil.Error:
                return False

        deadline = time.monotonic() + 10
        while any(running(p) for p in started) and time.monotonic() < deadline:
            time.sleep(0.2)
        for p in started:
            if running(p):
                try:
                    p.kill()
                except psutil.Error:
                    pass
        super().stop()


def launch_chromium(playwright: Any, **kwargs: Any) -> Any:
    """Debian's Chromium, headless, through Playwright (its own browser download is not used)."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium not found at {CHROMIUM}; install Debian's 'chromium' package")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, **kwargs)


@dataclass
class PageWatch:
    """Attach to a Playwright page; collect errors, outside requests and websocket traffic."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    ws_received: int = 0
    ws_sent: int = 0
    requests: int = 0

    def __post_init__(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        self.page.on("websocket", self._on_ws)
        self.page.route("**/*", self._on_route)

    def _on_console(self, msg: Any) -> None:
        if msg.type == "error":
            self.console_errors.append(msg.text)

    def _on_ws(self, ws: Any) -> None:
        if urlparse(ws.url).hostname not in LOCAL_HOSTS:
            self.external_requests.append(ws.url)
        ws.on("framereceived", self._count_in)
        ws.on("framesent", self._count_out)

    def _count_in(self, payload: Any) -> None:
        self.ws_received += len(payload.encode() if isinstance(payload, str) else payload)

    def _count_out(self, payload: Any) -> None:
        self.ws_sent += len(payload.encode() if isinstance(payload, str) else payload)

    def _on_route(self, route: Any) -> None:
        url = route.request.url
        self.requests += 1
        host = urlparse(url).hostname
        if url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.external_requests.append(url)
            route.abort()

    def reset_counts(self) -> None:
        self.ws_received = self.ws_sent = self.requests = 0

    def problems(self) -> list[str]:
        """Everything that should not happen on a page, as readable lines."""
        return (
            [f"console error: {e}" for e in self.console_errors]
            + [f"uncaught exception: {e}" for e in self.page_errors]
            + [f"request outside localhost: {u}" for u in self.external_requests]
        )
