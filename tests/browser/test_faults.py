"""Faults a classroom meets: a kernel that dies mid-lesson, and bad data on the server."""

from __future__ import annotations

import os
import shutil

import pytest
import yaml

from gutwidgets.testtools.testing import PageWatch, VoilaServer

from ..conftest import DATA
from .test_voila_pages import _open, _wait_revision

pytestmark = pytest.mark.browser


def test_a_killed_kernel_is_reported_and_one_click_restarts_the_dashboard(page, voila):
    _open(page, voila, "01_the_barrier.ipynb")
    _wait_revision(page, ".gw-sieving-plot")
    kernel_id = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    victim = [p for p in voila.kernel_processes() if kernel_id in " ".join(p.cmdline())]
    assert victim, "the page's kernel was not found"
    victim[0].kill()
    alert = page.locator("#gw-kernel-lost[role=alert]")
    alert.wait_for(state="visible", timeout=30_000)
    assert "stopped" in alert.inner_text() and "Traceback" not in page.inner_text("body")
    # One click: a fresh page with a fresh kernel whose slider works again.
    watch = PageWatch(page)
    page.locator("#gw-kernel-lost button").click()
    page.wait_for_selector("#rendered_cells", state="visible", timeout=90_000)
    rev = _wait_revision(page, ".gw-sieving-plot")
    new_kernel = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    assert new_kernel != kernel_id
    assert page.locator("#gw-kernel-lost").count() == 0
    handle = page.locator(".widget-slider >> nth=1").locator(".noUi-handle")
    handle.focus()
    handle.press("End")
    _wait_revision(page, ".gw-sieving-plot", rev)
    assert not watch.problems(), watch.problems()


def test_corrupted_data_names_file_record_and_field_and_serves_nothing_half_loaded(tmp_path, browser):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    doc = yaml.safe_load((data / "probes.yaml").read_text())
    next(r for r in doc["records"] if r["id"] == "mannitol")["unit"] = "nm"  # radii must be in Å
    (data / "probes.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
    server = VoilaServer()
    old = os.environ.get("GUTWIDGETS_DATA")
    os.environ["GUTWIDGETS_DATA"] = str(data)  # inherited by the server and its kernels
    try:
        with server:
            context = browser.new_context()
            page = context.new_page()
            page.goto(server.url + "voila/render/01_the_barrier.ipynb", wait_until="domcontentloaded")
            page.wait_for_function("() => document.body.innerText.includes('There was an error')",
                                   timeout=90_000)
            page.wait_for_timeout(1000)
            body = page.inner_text("body")
            drawn = page.locator(".gw-sieving-plot, .gw-cross-section").count()
            context.close()
            log = server.log()
    finally:
        if old is None:
            os.environ.pop("GUTWIDGETS_DATA", None)
        else:
            os.environ["GUTWIDGETS_DATA"] = old
    # Nothing half loaded: no dashboard is drawn, and the viewer sees no traceback or path.
    assert "There was an error when executing cell" in body
    assert "Traceback" not in body and str(data) not in body
    assert drawn == 0, "a dashboard was drawn from half-loaded data"
    # The teacher's console names the file, the record and the field.
    assert "probes.yaml, record 'mannitol', field 'unit'" in log, log[-2000:]
