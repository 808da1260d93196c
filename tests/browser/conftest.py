"""Browser fixtures: one real Voila server (repository configuration) and headless Chromium."""

from __future__ import annotations

import pytest

from gutwidgets.testing import VoilaServer, launch_chromium


@pytest.fixture(scope="session")
def voila():
    with VoilaServer("notebooks") as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()
