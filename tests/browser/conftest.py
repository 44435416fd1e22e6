"""One Chromium (Debian's package, driven by Playwright) over one real server of the
full-corpus build, for the whole browser test session.

Playwright's own browser downloads are never used (`playwright install` fetches from the
network): the browser is `chromium` from PATH, installed by `make chromium`. Without it
the tests are skipped, or fail under `CI=true`. One browser context per viewport width;
each context records the host of every request and aborts any that leaves 127.0.0.1.

Package scope, not session: Playwright's sync API keeps an asyncio loop running in the
main thread while it is open, and later tests that call `asyncio.run` would fail; the
server of the full corpus is stopped with it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.site import Recorder
from tests.helpers import missing
from tests.service.server import running_server

DESKTOP = 1280
PHONE = 390


@pytest.fixture(scope="package")
def site_url(corpus_build) -> Iterator[str]:
    # the published build directory (the one holding `current`) is two levels above a build
    with running_server(corpus_build.path.parent.parent, query_workers=2) as url:
        yield url


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        missing("no chromium here (`make chromium`: Debian's package)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as p:
        # --no-sandbox: Chromium's own sandbox needs user namespaces, absent in containers
        b = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    path = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        missing("axe-core is not installed (`make frontend`)")
    return path


def _context(browser: object, width: int) -> Iterator[Recorder]:
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": width, "height": 900}, locale="es-MX"
    )
    recorder = Recorder(context)
    yield recorder
    context.close()


@pytest.fixture(scope="package")
def desktop(browser: object) -> Iterator[Recorder]:
    yield from _context(browser, DESKTOP)


@pytest.fixture(scope="package")
def phone(browser: object) -> Iterator[Recorder]:
    yield from _context(browser, PHONE)
