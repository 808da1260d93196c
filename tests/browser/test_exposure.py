"""Safe exposure: localhost by default, a token in classroom-network mode, no code from the page,
no tracebacks or paths, and a friendly page when the server is full."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.error
import urllib.request

import psutil
import pytest

from gutwidgets.serving.serve import lan_addresses, voila_command
from gutwidgets.testtools.testing import VoilaServer
from gutwidgets.testtools.viewer import Viewer, kernel_id_of

from ..conftest import NOTEBOOKS
from .conftest import _shutdown

pytestmark = pytest.mark.browser  # real servers: run with the browser tests


def _run(coro):
    """Run a coroutine on its own event loop in a thread (Playwright's sync API owns this one)."""
    box: dict = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(coro)
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box.get("value")


def _get(url: str, timeout: float = 120) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def _listening(pid: int) -> set[str]:
    """Addresses the Voila web server listens on (its own process: kernels are its children and
    listen on 127.0.0.1 for ZeroMQ by design, and one caught between fork and exec still looks
    like Voila, so children are not counted)."""
    return {c.laddr.ip for c in psutil.Process(pid).net_connections(kind="inet")
            if c.status == psutil.CONN_LISTEN}


def test_default_serving_listens_on_localhost_only(voila):
    assert _listening(voila.proc.pid) == {"127.0.0.1"}
    for ip in lan_addresses():
        with pytest.raises((urllib.error.URLError, ConnectionError, OSError)):
            urllib.request.urlopen(f"http://{ip}:{voila.port}/voila/tree", timeout=5)


def test_classroom_network_mode_is_explicit_and_needs_the_token():
    cmd, token = voila_command(network=True, token="lesson-42-abc")
    assert "--Voila.ip=0.0.0.0" in cmd and token == "lesson-42-abc"
    with pytest.raises(ValueError, match="at least 8"):
        voila_command(network=True, token="short")
    with pytest.raises(ValueError, match="only makes sense with --network"):
        voila_command(token="lesson-42-abc")
    server = VoilaServer(extra_args=cmd[4:])
    server.ready_path = f"voila/tree?token={token}"
    with server:
        assert _listening(server.proc.pid) == {"0.0.0.0"}
        status, body = _get(server.url + "voila/render/index.ipynb")
        assert status in (401, 403) or "login" in body.lower(), status
        assert "Chapters" not in body
        status, body = _get(server.url + f"voila/render/index.ipynb?token={token}")
        assert status == 200 and "Chapters" in body
        for ip in lan_addresses()[:1]:  # reachable from the classroom network, with the token
            status, _ = _get(f"http://{ip}:{server.port}/voila/tree?token={token}", timeout=30)
            assert status == 200


def test_a_page_cannot_run_code_in_its_kernel(voila, tmp_path):
    marker = tmp_path / "pwned.txt"

    async def attempt() -> list[dict]:
        viewer = Viewer(voila.url, "01_the_barrier.ipynb")
        await viewer.open()
        msg_id = await viewer.send("execute_request", {
            "code": f"open({str(marker)!r}, 'w').write('code ran')", "silent": False, "store_history": False,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        replies = []
        try:
            replies = await viewer.until_idle(msg_id, timeout=8)
        except (TimeoutError, asyncio.TimeoutError):
            pass
        # The page still works: a slider moves and the kernel answers.
        slider_id, state = next(iter(viewer.sliders().items()))
        await viewer.move(slider_id, state["max"])
        await viewer.close()
        return replies

    replies = _run(attempt())
    time.sleep(1)
    assert not marker.exists(), "code sent from the page ran in the kernel"
    assert not any(r.get("msg_type") == "execute_reply" for r in replies)


def test_a_failing_cell_shows_no_traceback_and_no_paths(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    nb = json.loads((NOTEBOOKS / "01_the_barrier.ipynb").read_text())
    nb["cells"].insert(1, {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                           "source": "from gutwidgets.data import load\nload('/no/such/folder/data')"})
    (folder / "broken.ipynb").write_text(json.dumps(nb))
    with VoilaServer(folder) as server:
        status, body = _get(server.url + "voila/render/broken.ipynb")
    assert status == 200
    assert "There was an error when executing cell" in body
    for secret in ("Traceback", "DataError", "/no/such/folder", str(folder), "site-packages"):
        assert secret not in body, f"the page shows {secret!r}"


def test_past_the_kernel_cap_a_friendly_page_and_room_again_after_a_tab_closes():
    args = ["--VoilaConfiguration.preheat_kernel=False", "--CappedKernelManager.max_kernels=1"]
    with VoilaServer(extra_args=args) as server:
        status, first = _get(server.url + "voila/render/index.ipynb")
        assert status == 200
        status, full = _get(server.url + "voila/render/01_the_barrier.ipynb")
        assert status == 503
        assert "This server is full right now" in full and "Try again" in full
        assert "Traceback" not in full and "kernels in use" not in full
        assert _shutdown(server.url, kernel_id_of(first)) == 204
        status, _ = _get(server.url + "voila/render/01_the_barrier.ipynb")
        assert status == 200


def test_the_cap_holds_with_preheated_kernels_and_pools_refill(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "index.ipynb").write_text((NOTEBOOKS / "index.ipynb").read_text())
    cap = 3
    with VoilaServer(folder, extra_args=[f"--CappedKernelManager.max_kernels={cap}"]) as server:
        url = server.url + "voila/render/index.ipynb"
        served, refused = [], None
        for _visit in range(cap + 3):  # keep arriving until the server is full
            status, body = _get(url)
            time.sleep(1)
            assert len(server.kernel_processes()) <= cap, "more kernels than the cap"
            if status == 503:
                refused = body
                break
            assert status == 200, status
            served.append(kernel_id_of(body))
        assert refused is not None, "the server never said it was full"
        assert "This server is full right now" in refused and "Traceback" not in refused
        for kid in served:  # closing tabs always works, even at the cap
            assert _shutdown(server.url, kid) == 204
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:  # room again, and the preheated pool refills
            status, _ = _get(url)
            if status == 200:
                break
            time.sleep(2)
        assert status == 200
